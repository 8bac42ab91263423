package nlp

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp/segment"
	"github.com/planbot/planbot/plan"
)

// MaxQuestion is the longest question, in characters, worth analysing.
const MaxQuestion = 200

// Question is what a question asks, as far as words can tell.
type Question struct {
	Raw     string   // as received
	Text    string   // normalised
	Years   []int    // years asked about (2022年, 二〇二二年, 今年)
	Regions []string // regions named: a document's in full (福田区 for 福田), other places as written
	Unit    string   // measure word asked for: 人, 所, 套, 元; "" when none
	Rate    bool     // asks for a rate or share (增速, 增长多少, 比重)
	Target  bool     // asks for a target or plan (目标, 计划)
	Result  bool     // asks what was achieved (完成, 实现, 了)
	Money   bool     // asks for an amount of money
	Area    bool     // asks for an area (面积): answers in 平方米, 公顷 … preferred
	Asks    bool     // has a question word (多少, 几, 是什么): asks for a figure
	// Relative is set when a year came from 今年/去年…, resolved against
	// the now Analyze was given.
	Relative bool
	// Period is the five-year plan's period asked about (十四五期间 →
	// 2021–2025); FiveYears is set for 过去五年/五年来, the five years up to
	// the documents' year, and AheadYears for 今后五年/未来五年, the five
	// from it, which only the documents can date. Aggregate is
	// set when the question asks for a yearly mean (年均) or a sum (累计).
	Period     plan.Period
	FiveYears  bool
	AheadYears bool
	PeriodEnd  bool // the period's end is asked (十四五末): its last year's level
	Aggregate  plan.Aggregate
	// Within is the part of a year asked about (上半年, 一季度: plan.WithinIn).
	Within string
	// Kind is what the question asks for beyond one figure (kinds.go):
	// a verdict, a task (TaskNumber, or by topic), a difference, a list
	// (Topic: what the plan says of a subject), a trend over RecentYears
	// or across regions (EachRegion).
	Kind        Kind
	TaskNumber  int
	Topic       bool   // a list of what the plan says of a subject (教育方面有什么计划)
	ListOf      string // what a topic question lists: 计划, 任务, 措施 …
	RecentYears int
	EachRegion  bool
	// AgainstTarget is set for a difference between a result and its
	// target (GDP增速比目标高多少, 超出目标多少).
	AgainstTarget bool
	// English is set for a question asked in English and read through
	// the glossary (english.go) as Text; Unread are the English words it
	// could not read.
	English bool
	Unread  []string
	Content string   // what is left once years, regions, the unit asked and stopwords go
	Terms   []Term   // content words to match
	Pieces  []string // runs of content between removed words, for bigrams
}

// Term is one content word of a question with the words that may stand
// for it in a document.
type Term struct {
	Word     string     // as in the question (merged when gse split it into single characters)
	Alts     []string   // Word and its synonyms
	Parts    []string   // index tokens to look up: those of every alternative
	AltParts [][]string // the index tokens of each alternative
	Soft     bool       // an intent word (增长, 目标): helps but is not required
	// Intent is the kind of intent word: rate, target, result, money,
	// area, or change (增长, 下降 and their synonyms); "" for content.
	Intent string
	Head   bool // the word the question word points at: 拆除用地 in …计划拆除用地多少
	Verb   bool // a verb (获得, 建设): documents vary these more than nouns
	// Domain marks a word the documents added to the dictionary: documents
	// indexed before it was added hold its parts, which retrieval reads too.
	Domain bool
}

var (
	// yearRe is a full year (Substitute); yearSpans finds it in a
	// question without the regexp machinery.
	yearRe      = regexp.MustCompile(`(\d{4})\s*(?:年度|年)?`)
	shortYearRe = regexp.MustCompile(`^(\d{2})年`)
	// askWords are the question words: 多少, 几 and 若干 ask for a count
	// or amount (unitAsk).
	askWords = []string{"多少", "几", "若干", "是什么", "哪些"}
)

// Analyze reads a question. now resolves relative years (今年); regions
// are the regions of the ingested documents, so 福田 finds 福田区.
// isUnit says whether a word is a measure word (from the figure extractor).
func (a *Analyzer) Analyze(raw string, now time.Time, regions *RegionIndex, isUnit func(string) bool) Question {
	asked, english, unread := raw, false, []string(nil)
	if isEnglish(raw) {
		asked, unread = a.english.fromEnglish(raw)
		english = true
	}
	text := strings.TrimSpace(a.Normalize(asked))
	r := &reading{Question: Question{Raw: raw, Text: text, English: english, Unread: unread}}
	// Each step takes out of the text what it recognises, and the content
	// terms are what is left: a new kind of question or period (目标完成了吗,
	// 十四五) is one more step before contentTerms.
	absoluteYears(r)              // 2022年, 2022
	shortYear(r)                  // 22年, when no full year is named
	a.relativeYears(r, now)       // 今年, 去年
	periods(r)                    // 十四五期间, 过去五年, 年均, 累计
	wholeRegion(r)                // 全市 in 全市固定资产投资, not in 占全市比重
	a.questionKind(r)             // 目标完成了吗, 第20项任务, 比…多多少, 有哪些, 近三年
	documentRegions(r, regions)   // 福田区, or 福田 for it
	a.gazetteerPlaces(r, regions) // any other place: 南山区, 新疆
	a.unitAsked(r, isUnit)        // 多少人, 几所, 多少万平方米
	a.intentWords(r)              // 增速, 目标, 完成, 多少钱, 面积
	a.contentTerms(r)             // what is left, with synonyms
	wholeBefore(r)                // 市场主体里企业: 企业 asked, 市场主体 its whole
	a.changeAsksRate(r)           // 增长 with no measure word
	a.markHead(&r.Question)       // 学位 in 新增学位多少
	return r.Question
}

// reading is a question under analysis: the Question found so far and
// the spans of its text taken out (years, regions, the unit asked).
type reading struct {
	Question
	taken []string
}

func (r *reading) take(span string) { r.taken = append(r.taken, span) }

func (r *reading) addYear(y int) {
	if !slices.Contains(r.Years, y) {
		r.Years = append(r.Years, y)
	}
}

func (r *reading) addRegion(region string) {
	if !slices.Contains(r.Regions, region) {
		r.Regions = append(r.Regions, region)
	}
}

// absoluteYears takes out years written in full: 2022年, 2022年度, 2022.
func absoluteYears(r *reading) {
	text := r.Text
	if !hasDigits(text, 4) {
		return // every match of yearRe holds four digits
	}
	var buf [4][4]int
	for _, m := range yearSpans(text, buf[:0]) {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		// A year no plan covers still counts when written as one (3000年),
		// so the answer says the documents do not reach it; a bare
		// four-digit number outside the range is a figure.
		bare := m[1]-m[0] == m[3]-m[2]
		if bare && (y < 1949 || y > 2199 || followedByMeasure(text[m[1]:])) {
			continue
		}
		r.addYear(y)
		r.take(text[m[0]:m[1]])
	}
}

// yearSpans finds four ASCII digits, then any ASCII spaces and 年度 or
// 年, as the regexp (\d{4})\s*(?:年度|年)? finds them (all matches, left
// to right): each span as [start, end, digits start, digits end],
// appended to out.
func yearSpans(text string, out [][4]int) [][4]int {
	for i := 0; i+4 <= len(text); {
		if !isDigit(text[i]) || !isDigit(text[i+1]) || !isDigit(text[i+2]) || !isDigit(text[i+3]) {
			i++
			continue
		}
		end := i + 4
		for end < len(text) && isSpace(text[end]) {
			end++
		}
		switch {
		case strings.HasPrefix(text[end:], "年度"):
			end += len("年度")
		case strings.HasPrefix(text[end:], "年"):
			end += len("年")
		}
		out = append(out, [4]int{i, end, i, i + 4})
		i = end
	}
	return out
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isSpace reports the ASCII spaces of \s: \t \n \f \r and space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// shortYear takes out a question's leading two-digit year (22年) when
// it names no full year.
func shortYear(r *reading) {
	if len(r.Years) > 0 {
		return
	}
	if m := shortYearRe.FindStringSubmatch(r.Text); m != nil {
		y, _ := strconv.Atoi(m[1])
		r.Years = append(r.Years, 2000+y)
		r.take(m[0])
	}
}

// relativeYears takes out 今年, 去年 … and resolves them against now.
func (a *Analyzer) relativeYears(r *reading, now time.Time) {
	type found struct {
		at, year int
		word     string
	}
	var years []found
	for _, w := range a.relYears {
		if i := strings.Index(r.Text, w.Word); i >= 0 {
			if c := plan.ComparedWith(r.Text[:i]); c != "" && !yearsComparedRe.MatchString(r.Text[i+len(w.Word):]) && !(targetAgainst(r.Text[:i]) && priorPeriod(r.Text[i-len(c):][len(c):])) {
				// 比上年增长多少: the year a change is measured from, not
				// a year asked about; the figure is the named year's.
				r.take(c + w.Word)
				continue
			}
			years = append(years, found{i, now.Year() + w.Offset, w.Word})
			r.Relative = true
		}
	}
	// In the order asked: 去年…比今年目标多多少 compares 去年 with 今年.
	slices.SortFunc(years, func(x, y found) int { return x.at - y.at })
	for _, y := range years {
		r.addYear(y.year)
		r.take(y.word)
	}
}

// yearsComparedRe is what follows 比去年 when two years' figures are
// compared (今年新增托位比去年多多少, 比去年实际增速低几个百分点), not a change
// from the year before asked (比去年增长多少).
var yearsComparedRe = regexp.MustCompile(`^[^比，,]{0,12}?(?:多|少|高|低|差)\p{Han}{0,2}?(?:了)?(?:多少|几)`)

// wholeWords name the whole of the region a document covers.
var wholeWords = []string{"全市", "全省", "全区", "全县", "全州"}

// wholeAskedRe opens what a question asks of the whole region (全市比重,
// 全省第一, 全市平均): the whole is part of it.
var wholeAskedRe = regexp.MustCompile(`^(?:的)?(?:比重|占比|第|排名|排位|平均|前|首位|领先|各)`)

// wholeRegion takes out a word for the whole region that opens what is
// asked (2024年全市固定资产投资增长多少): reports mostly leave it out.
// Elsewhere it is part of what is asked (占全市比重, 领跑全市), and stays.
func wholeRegion(r *reading) {
	for _, w := range wholeWords {
		i := strings.Index(r.Text, w)
		if i < 0 {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(r.Text[:i])
		after := r.Text[i+len(w):]
		// 浙江全省生产总值: the province's whole, after its name, opening
		// what is asked. 占全市比重, 居全市第一: what is asked of the whole.
		if i == 0 || before == '年' || !strings.ContainsRune("占于居跑超比在为较", before) && after != "" && !wholeAskedRe.MatchString(after) {
			r.take(w)
		}
	}
}

// periodWords follow a five-year plan's name in a question: 十四五期间.
var periodWords = []string{"规划期末", "规划期间", "规划期", "时期末", "时期", "期间", "期末", "以来", "末", "这五年", "五年"}

// recentYears are the words for the five years up to the documents' year.
var recentYears = []string{"过去五年", "五年来", "近五年", "这五年", "五年间"}

// periods takes out a five-year plan's period (“十四五”期间), the recent
// five years (过去五年) and what is asked of them: a yearly mean (年均) or
// a sum (累计), which stay content words too.
func periods(r *reading) {
	if n, start, end := plan.FiveYearPlanIn(r.Text); n != 0 {
		rest := strings.TrimLeft(r.Text[end:], "”\"’")
		span := r.Text[start:end]
		for _, w := range periodWords {
			if strings.HasPrefix(rest, w) {
				span = r.Text[start : len(r.Text)-len(rest)+len(w)]
				break
			}
		}
		r.Period = plan.FiveYearPlan(n)
		r.PeriodEnd = strings.HasSuffix(span, "末")
		r.take(span)
	}
	for _, w := range recentYears {
		if strings.Contains(r.Text, w) {
			r.FiveYears = true
			r.take(w)
			break
		}
	}
	if w := plan.AheadTermIn(r.Text); w != "" {
		r.AheadYears = true
		r.take(w)
	}
	switch {
	case plan.YearlyMeanIn(r.Text) || strings.HasSuffix(r.Text, "年均") || strings.Contains(r.Text, "年均多少"):
		r.Aggregate = plan.YearlyMean
	case strings.Contains(r.Text, "累计"):
		r.Aggregate = plan.Cumulative
	}
	if w, start, end := plan.WithinIn(r.Text); w != "" {
		r.Within = w
		r.take(r.Text[start:end])
	}
}

// followedByMeasure reports text starting with a scale or measure word
// (2000亿元, 1949人): the number before it is a figure, not a year.
func followedByMeasure(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return r == '%' || isHanRune(r) && !strings.ContainsRune("的至到和与及、", r)
}

// documentRegions takes out the regions of the ingested documents,
// named in full or short (福田 for 福田区), and records them in full.
func documentRegions(r *reading, regions *RegionIndex) {
	for _, m := range regions.Find(r.Text) {
		r.addRegion(m.Region)
		r.take(m.Alias)
	}
}

// gazetteerPlaces takes out the other places the gazetteer knows, in
// full (南山区) or short (新疆), unless they overlap something taken out
// already. A name counts only where it is a word of the question (not
// 新建县 in 新建县域), and a place inside a document's region (宁波 in a
// province's report) is what the question is about, not whose document
// to read: it stays a content word.
func (a *Analyzer) gazetteerPlaces(r *reading, regions *RegionIndex) {
	var bounds map[int]bool
	for _, m := range a.places.FindAll(r.Text) {
		overlaps := func(t string) bool { return strings.Contains(t, m.Text) || strings.Contains(m.Text, t) }
		if slices.ContainsFunc(r.taken, overlaps) {
			continue
		}
		if bounds == nil {
			bounds = a.wordBounds(r.Text)
		}
		if !bounds[m.Start] || !bounds[m.End] {
			continue
		}
		if slices.ContainsFunc(regions.Regions(), func(dr string) bool { return a.places.Within(m.Name, dr) }) {
			continue
		}
		r.addRegion(m.Name)
		r.take(m.Text)
	}
	a.abbreviatedRegion(r, regions)
}

// abbreviatedRegion reads a provincial abbreviation opening a question
// (沪2025年GDP, 京今年…): one character is a region only there, before a
// year, and only for a region of the documents.
func (a *Analyzer) abbreviatedRegion(r *reading, regions *RegionIndex) {
	first, size := utf8.DecodeRuneInString(r.Text)
	if size == 0 || len(r.Regions) > 0 {
		return
	}
	rest := r.Text[size:]
	next, _ := utf8.DecodeRuneInString(rest)
	yearNext := unicode.IsDigit(next) || slices.ContainsFunc(a.relYears, func(y plan.RelativeYear) bool { return strings.HasPrefix(rest, y.Word) })
	if !yearNext {
		return
	}
	for _, name := range a.places.Abbreviated(string(first)) {
		if slices.Contains(regions.Regions(), name) {
			r.addRegion(name)
			r.take(string(first))
			return
		}
	}
}

// wordBounds returns the byte offsets in text where the segmenter puts a
// word boundary (and both ends).
func (a *Analyzer) wordBounds(text string) map[int]bool {
	b := map[int]bool{0: true, len(text): true}
	at := 0
	for _, w := range a.dict.Cut(text) {
		at += len(w)
		b[at] = true
	}
	return b
}

// unitAsked takes out the question word and the measure word it asks for:
// 多少人, 几所, 多少万平方米. 多少个百分点 and 百分之几 ask for a rate instead.
func (a *Analyzer) unitAsked(r *reading, isUnit func(string) bool) {
	m := unitAsk(r.Text)
	if m == nil {
		return
	}
	u := m[2] // one to six characters, valid UTF-8
	first, size := utf8.DecodeRuneInString(u)
	switch {
	// 多少钱 asks for money (see intents), not the weight unit 钱; 多少亿
	// with no unit asks for a scale, said of money or people alike.
	case strings.HasPrefix(u, "钱"), m[1] == "" && strings.ContainsRune("万亿千", first):
		r.take(strings.TrimSuffix(m[0], u[size:]))
	default:
		if n := a.unitLen(u, isUnit); n > 0 {
			r.Unit = u[:n]
			r.take(strings.TrimSuffix(m[0], u[n:]))
		}
	}
	// 多少个百分点 and 百分之几 ask for a rate whatever the figure's sign.
	if r.Unit == "%" || strings.HasSuffix(r.Unit, "百分点") {
		r.Unit = ""
		r.Rate = true
	}
}

// unitLen returns how many bytes of the characters u after a question
// word are the measure word it asks for, the longest that is one; 0 if
// none is.
func (a *Analyzer) unitLen(u string, isUnit func(string) bool) int {
	// off[k] is where the k-th character of u starts; off[chars] is len(u).
	var offBuf [8]int
	off := segment.AppendOffsets(offBuf[:0], u)
	chars := len(off) - 1
	for n := chars; n >= 1; n-- {
		// 多少支持 asks about 支持, not a count in 支.
		if pair := u[off[n-1]:off[min(n+1, chars)]]; n < chars && a.IsWord(pair) && !isUnit(pair) {
			continue
		}
		if isUnit(u[:off[n]]) {
			return off[n]
		}
	}
	return 0
}

// intentWords sets what kind of figure the question asks for from the
// words of data/intents.txt, the unit asked and the question words.
func (a *Analyzer) intentWords(r *reading) {
	var buf [16]int
	found := a.intentIndex.in(r.Text, buf[:0])
	// hasWhere reports a word of section in the text for which ok holds.
	hasWhere := func(section string, ok func(w string) bool) bool {
		return slices.ContainsFunc(found, func(k int) bool {
			e := a.intentEntries[k]
			return e.Section == section && (ok == nil || ok(e.Word))
		})
	}
	has := func(section string) bool { return hasWhere(section, nil) }
	r.Rate = r.Rate || has("rate")
	r.Target = has("target")
	r.Result = hasWhere("result", func(w string) bool {
		// 多了多少 compares two figures; it does not ask for a result.
		return asksResult(r.Text, w) && !(r.Kind == AskDifference && (w == "了多少" || w == "已经"))
	})
	r.Money = has("money") || strings.HasSuffix(r.Unit, "元")
	r.Area = has("area")
	r.Asks = containsAny(r.Text, askWords)
}

// Side is the question as one side (0 or 1) of a comparison reads it: an
// intent word on one side of 比 only asks of that side. 2023年进出口总额
// 目标比2022年多多少 compares the 2023 target with 2022's figure of any
// kind; 今年目标比去年实际高多少, a target with a result.
func (a *Analyzer) Side(q Question, side int) Question {
	at := strings.Index(q.Text, "比")
	if q.Kind != AskDifference || at < 0 || side < 0 || side > 1 {
		return q
	}
	segs := [2]string{q.Text[:at], q.Text[at+len("比"):]}
	var buf [16]int
	words := func(seg, section string) bool {
		return slices.ContainsFunc(a.intentIndex.in(seg, buf[:0]), func(k int) bool {
			e := a.intentEntries[k]
			return e.Section == section && (section != "result" || asksResult(seg, e.Word) && e.Word != "了多少" && e.Word != "已经")
		})
	}
	for _, section := range []string{"target", "result"} {
		if words(segs[side], section) || !words(segs[1-side], section) {
			continue // on this side, or on neither: as asked
		}
		switch section {
		case "target":
			q.Target = false
		case "result":
			q.Result = false
		}
		q.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(t Term) bool { return t.Intent == section })
	}
	return q
}

// asksResult reports a result word w in text that asks what was achieved,
// not one naming a quantity: 完成了吗, but not 完成投资 (the investment
// made) or 完成额.
func asksResult(text, w string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return false
		}
		if w == "了多少" && slices.ContainsFunc(planVerbs, func(v string) bool { return strings.HasSuffix(text[:from+i], v) }) {
			// 今年专项债安排了多少: what was planned, not done.
			from += i + len(w)
			continue
		}
		rest := text[from+i+len(w):]
		if w != "完成" || !strings.HasPrefix(rest, "投资") && !strings.HasPrefix(rest, "额") && !strings.HasPrefix(rest, "值") && !strings.HasPrefix(rest, "量") {
			return true
		}
		from += i + len(w)
	}
}

// planVerbs say what a plan sets aside or intends.
var planVerbs = []string{"安排", "计划", "部署", "预算", "拟定", "定"}

// contentTerms cuts what is left of the question into words, each with
// its synonyms and index tokens, and the runs of content between removed
// words (Pieces).
func (a *Analyzer) contentTerms(r *reading) {
	var wordsBuf [16]string
	words := wordsBuf[:0]
	for _, piece := range a.contentPieces(r) {
		words, r.Pieces = a.pieceWords(piece, words, r.Pieces)
	}
	r.Content = strings.Join(r.Pieces, "")
	if len(words) > 0 {
		r.Terms = make([]Term, 0, len(words))
	}
	for _, w := range words {
		// A question has a handful of words: a scan of those kept beats
		// a map.
		if !slices.ContainsFunc(r.Terms, func(t Term) bool { return t.Word == w }) {
			r.Terms = append(r.Terms, a.term(w))
		}
	}
}

// contentPieces cuts the text where something was taken out, at filler
// phrases and at punctuation.
func (a *Analyzer) contentPieces(r *reading) []string {
	content := r.Text
	for _, t := range r.taken {
		content = strings.Replace(content, t, "|", 1)
	}
	// Filler phrases gse would cut apart (咱们区 → 咱们|区) go as phrases,
	// longest first. Only those the content holds need replacing: a
	// replacement puts in only |, which is in no phrase, so it makes no
	// phrase stand where none stood.
	var buf [8]int
	for _, k := range a.phraseIndex.in(content, buf[:0]) {
		content = strings.ReplaceAll(content, a.phrases[k], "|")
	}
	if strings.Contains(content, ".") {
		content = codeDotRe.ReplaceAllString(content, "${1}\x01${2}")
	}
	pieces := strings.Split(barPunctuation(content), "|")
	for i, p := range pieces {
		pieces[i] = strings.ReplaceAll(p, "\x01", ".")
	}
	return pieces
}

// unitAsk finds the first question word asking for a count or amount
// with what follows it: an optional scale (万, 亿, 千), then one to six
// Chinese characters, % or /, as many as there are: the match of
// (?:多少|几|若干)(万|亿|千)?([\p{Han}%/]{1,6}) and its two groups, or
// nil.
func unitAsk(t string) []string {
	for i := 0; i < len(t); {
		k, w := firstOf(t[i:], askWords[:3])
		if k < 0 {
			return nil
		}
		i += k
		j := i + len(w)
		if w == "几" && strings.HasPrefix(t[j:], "年") && (strings.HasSuffix(t[:i], "这") || strings.HasSuffix(t[:i], "近") || strings.HasSuffix(t[:i], "前")) {
			i = j // 这几年怎么变化: the years of a trend, not a count of years
			continue
		}
		if r, size := utf8.DecodeRuneInString(t[j:]); r == '万' || r == '亿' || r == '千' {
			if n := unitRun(t[j+size:]); n > 0 {
				return []string{t[i : j+size+n], t[j : j+size], t[j+size : j+size+n]}
			}
		}
		if n := unitRun(t[j:]); n > 0 {
			return []string{t[i : j+n], "", t[j : j+n]}
		}
		_, size := utf8.DecodeRuneInString(t[i:])
		i += size
	}
	return nil
}

// unitRun is the length in bytes of the run of up to six Chinese
// characters, % or / that s starts with.
func unitRun(s string) int {
	n := 0
	for k, r := range s {
		if n == 6 || !(r == '%' || r == '/' || isHanRune(r)) {
			return k
		}
		n++
	}
	return len(s)
}

// askWordAt is where the first question word stands in t, from start
// to end; ok is false if none does.
func askWordAt(t string) (start, end int, ok bool) {
	if i, w := firstOf(t, askWords); i >= 0 {
		return i, i + len(w), true
	}
	return 0, 0, false
}

// firstOf returns where the first of words to stand in t stands, and
// which (the earliest in words of those starting there); -1 if none
// does.
func firstOf(t string, words []string) (int, string) {
	at, first := -1, ""
	for _, w := range words {
		if i := strings.Index(t, w); i >= 0 && (at < 0 || i < at) {
			at, first = i, w
		}
	}
	return at, first
}

// barPunctuation replaces each run of punctuation, symbols and ASCII
// spaces in s by "|", as a regexp [\p{P}\p{S}\s]+ replaced would.
func barPunctuation(s string) string {
	var b strings.Builder
	in := false
	for i, r := range s {
		if isBar(r) {
			if !in {
				if b.Len() == 0 {
					b.Grow(len(s))
					b.WriteString(s[:i])
				}
				b.WriteByte('|')
				in = true
			}
			continue
		}
		if b.Len() > 0 || in {
			b.WriteRune(r)
		}
		in = false
	}
	if b.Len() == 0 && !in {
		return s
	}
	return b.String()
}

// isBar reports a character barPunctuation replaces: an ASCII space,
// punctuation or a symbol. The Chinese characters, most of a question,
// are none of these, known without a look at Unicode's tables.
func isBar(r rune) bool {
	if isCJKIdeograph(r) {
		return false
	}
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' || unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// isCJKIdeograph reports a character of the CJK Unified Ideographs block.
func isCJKIdeograph(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

// hasDigits reports a run of n ASCII digits in s.
func hasDigits(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if run++; run == n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// codeDotRe finds the point of a code or decimal (pm2.5), which is not
// punctuation between words.
var codeDotRe = regexp.MustCompile(`([a-z0-9])\.([0-9])`)

// nounSuffixes turn the word before them into the name of a measure.
const nounSuffixes = "率量额数"

// pieceWords segments one piece of content into the words to match and
// the runs of text between its stopwords. Single characters gse could not
// place become one word (华富北), and a noun suffix split off the word
// before it goes back on it (拆除|率, 用水|量). It appends them to words
// and runs.
func (a *Analyzer) pieceWords(piece string, words, runs []string) ([]string, []string) {
	var charsBuf [8]string
	chars := charsBuf[:0] // consecutive single characters gse could not place
	flush := func() {
		if j := strings.Join(chars, ""); j != "" && !a.stop[j] {
			words = append(words, j)
		}
		chars = chars[:0]
	}
	var text strings.Builder // the piece without stopwords, | where they were
	lastWord := false        // the previous token was a word kept whole
	var cut [16]string
	for _, w := range a.dict.AppendCut(cut[:0], piece) {
		w = trimSpace(w)
		switch {
		case w == "" || !keepToken(w):
			flush()
			lastWord = false
		case a.stop[w]:
			flush()
			text.WriteString("|")
			lastWord = false
		case utf8.RuneCountInString(w) == 1 && isHan(w):
			text.WriteString(w)
			if lastWord && strings.Contains(nounSuffixes, w) {
				words[len(words)-1] += w
			} else {
				chars = append(chars, w)
			}
			lastWord = false
		default:
			text.WriteString(w)
			flush()
			words = append(words, w)
			lastWord = true
		}
	}
	flush()
	for p := range strings.SplitSeq(text.String(), "|") {
		if p != "" {
			runs = append(runs, p)
		}
	}
	return words, runs
}

// trimSpace is strings.TrimSpace for the segmenter's words, which hardly
// ever have a space: TrimSpace looks at every character of a word that
// does not start with ASCII; this, at the first and the last.
func trimSpace(w string) string {
	first, _ := utf8.DecodeRuneInString(w)
	last, _ := utf8.DecodeLastRuneInString(w)
	if w == "" || !unicode.IsSpace(first) && !unicode.IsSpace(last) {
		return w
	}
	return strings.TrimSpace(w)
}

// term makes a content word a Term: its synonyms, their index tokens and
// what kind of word it is.
func (a *Analyzer) term(w string) Term {
	intent := a.intentOf[w]
	t := Term{Word: w, Alts: a.Synonyms(w), Soft: intent != "", Intent: intent, Verb: a.isVerb(w), Domain: a.domain[w]}
	t.AltParts = make([][]string, len(t.Alts))
	n := 0
	for i, alt := range t.Alts {
		t.AltParts[i] = a.wordTerms(alt)
		n += len(t.AltParts[i])
	}
	switch {
	case n == 0:
	case len(t.AltParts) == 1:
		// The remembered parts themselves, clipped so that an append
		// copies them.
		t.Parts = slices.Clip(t.AltParts[0])
	default:
		t.Parts = make([]string, 0, n)
		for _, parts := range t.AltParts {
			t.Parts = append(t.Parts, parts...)
		}
	}
	return t
}

// wholeBefore makes the words before 里/当中/其中 soft (市场主体里企业有多少户:
// the enterprises among market entities): they name the whole a document
// breaks down (市场主体总量…，其中企业超过700万户), which the part's own
// figure need not repeat.
func wholeBefore(r *reading) {
	if !containsAny(r.Text, amongWords) {
		return // most questions: no regexp
	}
	at := -1
	for _, m := range amongRe.FindAllStringSubmatchIndex(r.Text, -1) {
		at = m[2]
	}
	if at <= 0 {
		return
	}
	for i, t := range r.Terms {
		if p := strings.Index(r.Text, t.Word); p >= 0 && p < at && t.Intent == "" {
			r.Terms[i].Soft = true
		}
	}
}

// amongWords are the words amongRe finds.
var amongWords = []string{"里", "当中", "其中"}

// amongRe is the word between a whole and the part asked of it; 里 not in
// 公里, 里程.
var amongRe = regexp.MustCompile(`[^公千英海](里面|里|当中|其中)[^程约]`)

// changeAsksRate: 增长 or 下降 with no measure word asks for a rate
// (GDP增长目标).
func (a *Analyzer) changeAsksRate(r *reading) {
	if strings.ContainsAny(r.Text, "到至") && reachedRe.MatchString(r.Text) { // the regexp only where it can match: every question comes here
		// 户籍人口涨到多少了: the level reached, not the change; the change
		// word says nothing the figure must.
		r.Terms = slices.DeleteFunc(r.Terms, func(t Term) bool { return a.isChange(t.Word) })
		return
	}
	if r.Unit == "" && slices.ContainsFunc(r.Terms, func(t Term) bool { return a.isChange(t.Word) }) && !countedChangeRe.MatchString(r.Text) {
		r.Rate = true
	}
}

// countedChangeRe asks how many of a thing were added or taken away, the
// thing named after the question word: 减少多少存量违建.
var countedChangeRe = regexp.MustCompile(`(?:增加|减少)了?(?:多少|几)\p{Han}`)

// reachedRe asks the level a change reached: 涨到多少, 增加至多少万人.
var reachedRe = regexp.MustCompile(`(?:涨|增长|增加|提高|提升|上升|下降|降低|减少|降|升)(?:到|至)(?:了)?(?:多少|几)`)

// isChange reports 增长, 下降 and their synonyms.
func (a *Analyzer) isChange(w string) bool { return a.change[w] }

func isHan(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isHanRune(r)
}

// isHanRune is unicode.Is(unicode.Han, r), answered for the CJK
// Unified Ideographs without a search of the table.
func isHanRune(r rune) bool { return isCJKIdeograph(r) || unicode.Is(unicode.Han, r) }
