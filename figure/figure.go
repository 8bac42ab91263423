// Package figure finds the figures in a sentence of Chinese government prose
// (5318.2亿元, 近9000套, 6.0%以上, 下降5.7%, 四分之一, 十所) and the subject each
// one measures. It knows units and qualifiers only through the word lists in
// data/, so new units are a data change, and any single measure word after
// an Arabic number is accepted as written.
package figure

import (
	"cmp"
	_ "embed"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/internal/wordlist"
	"github.com/planbot/planbot/nlp/numeral"
)

// Change is the direction a figure reports: a growth rate or a decline.
type Change string

// The directions a figure can report.
const (
	Up   Change = "增长"
	Down Change = "下降"
)

// Figure is one number in a text with what qualifies it.
type Figure struct {
	Start, End int     // rune offsets of the figure as written, qualifiers included
	Text       string  // the figure as written: 近9000套, 6.0%以上, 下降5.7%
	Value      float64 // the number as written, before the unit's scale
	High       float64 // upper end of a range (5%-6%); equal to Value otherwise
	Unit       string  // 亿元, %, 万平方米, 座; empty for a bare fraction
	Approx     string  // 约, 近, 超, 以上, 以内, 左右 …; several joined by "|"
	Change     Change  // set when the figure follows 增长/下降 and the like
	Chinese    bool    // written in Chinese numerals

	version  bool // written like a version number (3.0)
	negative bool // written with a minus sign (-9.9%)
	year     bool // a number that could be a year (2022)
}

// Percent reports whether the figure is a rate in percent or points.
func (f Figure) Percent() bool {
	return f.Unit == "%" || f.Unit == "‰" || strings.HasSuffix(f.Unit, "百分点")
}

var scales = []struct {
	text string
	mult float64
}{
	{"万亿", 1e12}, {"千万", 1e7}, {"百万", 1e6}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3},
}

var (
	//go:embed data/units.txt
	unitsData string
	//go:embed data/nonunits.txt
	nonUnitsData string
	//go:embed data/qualifiers.txt
	qualifiersData string
)

// Extractor finds figures. Its word lists are read once; it is safe for
// concurrent use.
type Extractor struct {
	units    map[string]bool
	maxUnit  int
	nonUnits map[rune]bool
	prefix   []string
	suffix   []string
	inner    []string
	up, down []string
	changes  []string // up and down, for trimming change words off a subject
	subject  subjectWords
}

// New returns an Extractor loaded with the built-in word lists.
func New() *Extractor {
	e := &Extractor{units: map[string]bool{}, nonUnits: map[rune]bool{}}
	for _, u := range wordlist.Lines(unitsData) {
		e.units[u] = true
		if n := len([]rune(u)); n > e.maxUnit {
			e.maxUnit = n
		}
	}
	for _, u := range wordlist.Lines(nonUnitsData) {
		e.nonUnits[[]rune(u)[0]] = true
	}
	for _, w := range wordlist.Sections(qualifiersData) {
		switch w.Section {
		case "prefix":
			e.prefix = append(e.prefix, w.Word)
		case "suffix":
			e.suffix = append(e.suffix, w.Word)
		case "inner":
			e.inner = append(e.inner, w.Word)
		case "up":
			e.up = append(e.up, w.Word)
		case "down":
			e.down = append(e.down, w.Word)
		}
	}
	for _, l := range [][]string{e.prefix, e.suffix, e.inner, e.up, e.down} {
		sortLongestFirst(l)
	}
	e.changes = slices.Concat(e.up, e.down)
	e.subject = loadSubjectWords()
	return e
}

// sortLongestFirst orders words longest first, so the longest match
// wins; words of one length keep their order in the data file.
func sortLongestFirst(l []string) {
	slices.SortStableFunc(l, func(a, b string) int {
		return cmp.Compare(utf8.RuneCountInString(b), utf8.RuneCountInString(a))
	})
}

func isASCIIDigit(r rune) bool  { return r >= '0' && r <= '9' }
func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isHan(r rune) bool         { return unicode.Is(unicode.Han, r) }

// IsUnit reports whether u is a unit or measure word the extractor knows.
func (e *Extractor) IsUnit(u string) bool { return e.units[u] }

// Extract returns the figures in text in order of appearance. The text
// should already have full-width digits folded to ASCII.
func (e *Extractor) Extract(text string) []Figure {
	rs := []rune(text)
	var out []Figure
	for i := 0; i < len(rs); {
		f, next, ok := e.at(rs, i)
		if ok && f.Unit == "周年" {
			ok = false // an anniversary (改革开放40周年) is a date, not a quantity
		}
		if ok {
			out = append(out, f)
			i = next
			continue
		}
		if next > i {
			i = next
		} else {
			i++
		}
	}
	inheritChanges(rs, out)
	return out
}

// inheritChanges gives a rate listed after a growth rate its direction:
// in 分别增长6.8%、12.3%, 12.3% is a growth too.
func inheritChanges(rs []rune, figs []Figure) {
	for k := 1; k < len(figs); k++ {
		prev, f := &figs[k-1], &figs[k]
		if f.Change == "" && prev.Change != "" && f.Percent() && prev.Percent() &&
			strings.Trim(string(rs[prev.End:f.Start]), listJoins) == "" {
			f.Change = prev.Change
		}
	}
}

// at tries to read a figure whose number starts at rs[i]. When it fails it
// returns the position to resume from (past a whole code like PM2.5).
func (e *Extractor) at(rs []rune, i int) (Figure, int, bool) {
	r := rs[i]
	switch {
	case isASCIIDigit(r):
		if f, end, ok := ratioAt(rs, i); ok {
			return f, end, true
		}
		return e.arabic(rs, i)
	case numeral.IsNumeralRune(r):
		return e.chinese(rs, i)
	}
	return Figure{}, i + 1, false
}

// isRatioColon reports the colons a ratio is written with.
func isRatioColon(r rune) bool { return r == ':' || r == '：' || r == '∶' }

// ratioAt reads a ratio at rs[i]: three or more parts (三次产业结构
// 7.5:48.1:44.4), or two with 1 last (城乡居民收入比2.25∶1) — not a time
// of day (10:30). Its value is its first part; it has no unit.
func ratioAt(rs []rune, i int) (Figure, int, bool) {
	if codeBefore(rs, i) || i > 0 && isASCIIDigit(rs[i-1]) {
		return Figure{}, i, false
	}
	end, v, ok := readArabic(rs, i)
	if !ok {
		return Figure{}, i, false
	}
	parts, last := 1, 0.0
	for end+1 < len(rs) && isRatioColon(rs[end]) && isASCIIDigit(rs[end+1]) {
		next, w, ok := readArabic(rs, end+1)
		if !ok {
			break
		}
		end, last, parts = next, w, parts+1
	}
	if parts < 2 || parts == 2 && last != 1 || end < len(rs) && (isASCIIDigit(rs[end]) || isASCIILetter(rs[end])) {
		return Figure{}, i, false
	}
	return Figure{Start: i, End: end, Text: string(rs[i:end]), Value: v, High: v}, end, true
}

// readArabic reads 1,234.5 at rs[i].
func readArabic(rs []rune, i int) (end int, v float64, ok bool) {
	j := i
	var b strings.Builder
scan:
	for ; j < len(rs); j++ {
		c := rs[j]
		switch {
		case isASCIIDigit(c):
			b.WriteRune(c)
		case c == ',' && allDigits(rs, j+1, 3) && (j+4 >= len(rs) || !isASCIIDigit(rs[j+4])):
			// thousands separator
		case c == '.' && j+1 < len(rs) && isASCIIDigit(rs[j+1]) && !strings.Contains(b.String(), "."):
			b.WriteRune(c)
		default:
			break scan
		}
	}
	val, err := strconv.ParseFloat(b.String(), 64)
	return j, val, err == nil && j > i
}

func allDigits(rs []rune, i, n int) bool {
	if i+n > len(rs) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !isASCIIDigit(rs[k]) {
			return false
		}
	}
	return true
}

func isYear(v float64, text []rune) bool {
	return len(text) == 4 && v >= 1900 && v <= 2199 && v == float64(int(v))
}

func (e *Extractor) arabic(rs []rune, i int) (Figure, int, bool) {
	end, v, ok := readArabic(rs, i)
	if !ok {
		return Figure{}, i + 1, false
	}
	if codeBefore(rs, i) {
		return Figure{}, skipCode(rs, end), false
	}
	if i > 0 && (rs[i-1] == '第' || opensName(rs[i-1])) {
		return Figure{}, end, false
	}
	if codeAfter(rs, end) && !e.latinUnitAt(rs, end) {
		return Figure{}, skipCode(rs, end), false
	}
	f := Figure{Value: v, High: v}
	if minusAt(rs, i-1) {
		// 增速一季度-9.9%: a fall written with a sign.
		f.Value, f.High, f.negative = -v, -v, true
	}
	numText := rs[i:end]
	f.version = strings.HasSuffix(string(numText), ".0")
	f.year = isYear(v, numText)
	pos := end
	// Ranges: 5%-6%, 5—6%, 5至6个.
	if hi, next, ok := e.rangeEnd(rs, pos); ok && !f.negative {
		f.High = hi
		pos = next
	}
	// A year or a date is not a figure: 2021年, 2017—2035年, 1-9月, 21日.
	if pos < len(rs) && (rs[pos] == '年' && f.year || rs[pos] == '月' || rs[pos] == '日' || rs[pos] == '号') {
		return Figure{}, pos + 1, false
	}
	return e.finish(rs, i, pos, f, false)
}

// perCubicMetre reports 每立方米 before rs[start] in its clause (由每立方
// 米159微克降至141微克): a mass per cubic metre, said once for both.
func perCubicMetre(rs []rune, start int) bool {
	from := max(0, start-24)
	for i := start - 1; i >= from; i-- {
		if IsClauseBreak(rs[i]) {
			from = i + 1
			break
		}
	}
	return strings.Contains(string(rs[from:start]), "每立方米")
}

// minusAt reports a minus sign at rs[i] that makes the number after it
// negative: not a range's dash (5-6%) nor a code's (5G-A).
func minusAt(rs []rune, i int) bool {
	if i < 0 || rs[i] != '-' && rs[i] != '－' && rs[i] != '−' {
		return false
	}
	return i == 0 || !isASCIIDigit(rs[i-1]) && !isASCIILetter(rs[i-1]) && rs[i-1] != '%' && rs[i-1] != '％'
}

// codeBefore and codeAfter report a number that is part of a code, not a
// quantity, by the character before rs[i] or at rs[end]: PM2.5, 5G, RCEP2,
// 1+8, 7×24, v3.0.
func codeBefore(rs []rune, i int) bool {
	if i == 0 {
		return false
	}
	p := rs[i-1]
	return isASCIILetter(p) || p == '_' || p == '+' || p == '＋' || p == '×' || p == '.' || p == '/' || (p == '-' || isRatioColon(p)) && i > 1 && isASCIIDigit(rs[i-2])
}

func codeAfter(rs []rune, end int) bool {
	if end >= len(rs) {
		return false
	}
	n := rs[end]
	return isASCIILetter(n) || n == '+' || n == '＋' || n == '×' || n == '*' || n == '.' && end+1 < len(rs) && isASCIIDigit(rs[end+1])
}

// latinUnitAt reports a unit in Latin letters at rs[pos] that ends a
// word (190Eflops, 32μg/m3), which makes the number before it a quantity
// rather than part of a code (5G, C919).
func (e *Extractor) latinUnitAt(rs []rune, pos int) bool {
	u, n := e.unitAt(rs, pos, true)
	return u != "" && isASCIILetter(rs[pos]) && (pos+n == len(rs) || !isASCIILetter(rs[pos+n]))
}

// rangeEnd reads the upper end of a range after a number: -6, —6, 至6, 到6.
func (e *Extractor) rangeEnd(rs []rune, pos int) (float64, int, bool) {
	if pos >= len(rs) {
		return 0, pos, false
	}
	sep := pos
	// 5%-6%: the first unit may repeat before the dash.
	if rs[sep] == '%' && sep+1 < len(rs) {
		sep++
	}
	switch rs[sep] {
	case '-', '—', '–', '~', '～', '至', '到', '－':
	default:
		return 0, pos, false
	}
	start := sep + 1
	if start < len(rs) && rs[start] == '—' { // ——
		start++
	}
	end, v, ok := readArabic(rs, start)
	if !ok {
		return 0, pos, false
	}
	if end < len(rs) && rs[end] == '年' && end-start == 4 {
		return 0, pos, false // 2017—2035年 is handled as a year range by the caller
	}
	return v, end, true
}

func skipCode(rs []rune, i int) int {
	for i < len(rs) && (isASCIIDigit(rs[i]) || isASCIILetter(rs[i]) || rs[i] == '.' || rs[i] == '+' || rs[i] == '×') {
		i++
	}
	return i
}

// opensName reports an opening quote or title mark: a number right after
// one starts a name or slogan (“98音乐节”, “五个一百”, “5.21”), not a figure.
func opensName(r rune) bool { return r == '“' || r == '《' || r == '「' || r == '"' || r == '‘' }

func (e *Extractor) chinese(rs []rune, i int) (Figure, int, bool) {
	if i > 0 && (numeral.IsNumeralRune(rs[i-1]) || rs[i-1] == '第' || rs[i-1] == '星' || rs[i-1] == '周' || opensName(rs[i-1])) {
		return Figure{}, i + 1, false
	}
	// 四分之一, 百分之五
	if end, v, pct, ok := numeral.Fraction(rs, i); ok {
		f := Figure{Value: v, High: v, Chinese: true}
		if pct {
			f.Unit = "%"
		}
		f.Start, f.End = i, end
		e.qualify(rs, &f)
		return f, end, true
	}
	end, v := numeral.Span(rs, i)
	if end == i {
		return Figure{}, i + 1, false
	}
	// 一 alone is too often a word (一是, 一批, 一网统管) to be a count, 零
	// alone is none (零部件, 零售), and a capital numeral alone (陆 of 陆家嘴,
	// 叁 of a name) is a name.
	if end-i == 1 && (rs[i] == '一' || rs[i] == '零' || rs[i] == '〇' || rs[i] == '万' || rs[i] == '亿' || rs[i] == '千' || rs[i] == '百' || strings.ContainsRune(capitalNumerals, rs[i])) {
		return Figure{}, end, false
	}
	f := Figure{Value: v, High: v, Chinese: true}
	return e.finish(rs, i, end, f, true)
}

// capitalNumerals are the numerals of cheques and contracts (大写数字),
// which names also use.
const capitalNumerals = "壹贰叁肆伍陆柒捌玖拾佰仟"

// finish reads scale, unit and qualifiers after the number that spans
// rs[start:pos], and fills in the figure.
func (e *Extractor) finish(rs []rune, start, pos int, f Figure, chinese bool) (Figure, int, bool) {
	scale := ""
	if !chinese {
		scale = scaleAt(rs, pos)
		pos += utf8.RuneCountInString(scale)
	}
	inner := e.innerAt(rs, pos, chinese)
	pos += utf8.RuneCountInString(inner)
	unit, n := e.unitAt(rs, pos, chinese)
	if unit == "" && scale == "" {
		return Figure{}, pos, false
	}
	if unit == "" && pos < len(rs) && (rs[pos] == '级' || rs[pos] == '强') {
		// 1000亿级企业, 500亿级: a class of things, not a quantity.
		return Figure{}, pos + 1, false
	}
	if chinese && (unit == "年" || unit == "次") {
		// 三年行动, 二次供水, 三次产业: names, not quantities.
		return Figure{}, pos, false
	}
	if scale == "" && n == 1 && !e.units[unit] {
		// The single-character fallback is only for plain counts: not after
		// a year-like number (2021深圳国际时尚电玩节) nor a version (3.0项目).
		if f.year || f.version {
			return Figure{}, pos, false
		}
	}
	if scale == "" && f.version && n == 1 && isHan(rs[pos]) && pos+1 < len(rs) && isHan(rs[pos+1]) {
		return Figure{}, pos, false
	}
	pos += n
	f.Unit = scale + unit
	if (unit == "微克" || unit == "毫克") && perCubicMetre(rs, start) {
		f.Unit += "/立方米" // 每立方米141微克 is 141微克/立方米
	} else if (unit == "微克" || unit == "毫克") && hasAt(rs, pos, "每立方米") {
		f.Unit += "/立方米" // 37微克每立方米
		pos += len([]rune("每立方米"))
	}
	if inner != "" {
		f.Approx = inner
	}
	f.Start, f.End = start, pos
	if f.negative {
		f.Start--
	}
	e.qualify(rs, &f)
	return f, f.End, true
}

// scaleAt returns the scale word at rs[pos] (亿, 万 …), or "".
func scaleAt(rs []rune, pos int) string {
	for _, s := range scales {
		if hasAt(rs, pos, s.text) {
			return s.text
		}
	}
	return ""
}

// innerAt returns the qualifier at rs[pos] between a number and its unit
// (2万余人), or "": only when a unit follows, as 100多 alone is not a
// figure.
func (e *Extractor) innerAt(rs []rune, pos int, chinese bool) string {
	w := e.matchAny(rs, pos, e.inner)
	if w == "" || pos+utf8.RuneCountInString(w) >= len(rs) {
		return ""
	}
	if u, _ := e.unitAt(rs, pos+utf8.RuneCountInString(w), chinese); u == "" {
		return ""
	}
	return w
}

// unitAt returns the unit at rs[pos] and its length in runes.
func (e *Extractor) unitAt(rs []rune, pos int, chinese bool) (string, int) {
	if pos >= len(rs) {
		return "", 0
	}
	for n := e.maxUnit; n >= 1; n-- {
		if pos+n > len(rs) {
			continue
		}
		u := string(rs[pos : pos+n])
		if e.units[u] {
			if u == "%" || u == "％" {
				return "%", n
			}
			return u, n
		}
	}
	if chinese {
		return "", 0
	}
	r := rs[pos]
	if isHan(r) && !e.nonUnits[r] {
		return string(r), 1
	}
	return "", 0
}

// qualify attaches the words before and after the figure that qualify it,
// widening Start and End over the ones that belong to the figure as written.
func (e *Extractor) qualify(rs []rune, f *Figure) {
	// A space may stand before the qualifier: 增长5% 左右.
	at := f.End
	for at < len(rs) && (rs[at] == ' ' || rs[at] == '\u3000') {
		at++
	}
	if w := e.matchAny(rs, at, e.suffix); w != "" {
		f.Approx = joinQual(f.Approx, w)
		f.End = at + len([]rune(w))
	}
	if w := e.matchBefore(rs, f.Start, e.prefix); w != "" {
		f.Approx = joinQual(w, f.Approx)
		f.Start -= len([]rune(w))
	}
	// A short note may stand between the change and its figure: 同比增长
	// （下同）13%.
	at = f.Start - noteBefore(rs, f.Start)
	if w := e.matchBefore(rs, at, e.up); w != "" && !followsNew(rs, at-len([]rune(w))) {
		f.Change = Up
		if f.Percent() || f.Unit == "倍" {
			f.Start = at - len([]rune(w))
		}
	} else if w := e.matchBefore(rs, at, e.down); w != "" {
		f.Change = Down
		if f.Percent() || f.Unit == "倍" {
			f.Start = at - len([]rune(w))
		}
	}
	// 增至/提高到 report a level, not a change.
	f.Text = string(rs[f.Start:f.End])
}

// noteBefore is the length in runes of a bracketed note of a few
// characters, without figures, that ends right before pos: （下同）.
func noteBefore(rs []rune, pos int) int {
	if pos == 0 || rs[pos-1] != '）' && rs[pos-1] != ')' {
		return 0
	}
	for i := pos - 2; i >= 0 && i >= pos-8; i-- {
		switch r := rs[i]; {
		case r == '（' || r == '(':
			return pos - i
		case r >= '0' && r <= '9' || r == '）' || r == ')' || IsClauseBreak(r):
			return 0
		}
	}
	return 0
}

// followsNew reports whether the change word at i is part of 新增 / 新增加.
func followsNew(rs []rune, i int) bool { return i > 0 && rs[i-1] == '新' }

func joinQual(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "|" + b
}

func hasAt(rs []rune, pos int, w string) bool {
	for _, r := range w {
		if pos >= len(rs) || rs[pos] != r {
			return false
		}
		pos++
	}
	return true
}

func (e *Extractor) matchAny(rs []rune, pos int, words []string) string {
	for _, w := range words {
		if hasAt(rs, pos, w) {
			return w
		}
	}
	return ""
}

func (e *Extractor) matchBefore(rs []rune, pos int, words []string) string {
	for _, w := range words {
		n := len([]rune(w))
		if pos-n >= 0 && hasAt(rs, pos-n, w) {
			return w
		}
	}
	return ""
}
