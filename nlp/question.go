package nlp

import (
	_ "embed"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxQuestion is the longest question, in characters, worth analysing.
const MaxQuestion = 200

// Question is what a question asks, as far as words can tell.
type Question struct {
	Raw     string   // as received
	Text    string   // normalised
	Years   []int    // years asked about (2022年, 二〇二二年, 今年)
	Regions []string // regions named, as written in the question
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
	Content  string   // what is left once years, region, question words go
	Terms    []Term   // content words to match
	Pieces   []string // runs of content between removed words, for bigrams
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
	yearRe      = regexp.MustCompile(`(\d{4})\s*(?:年度|年)?`)
	shortYearRe = regexp.MustCompile(`^(\d{2})年`)
	unitAskRe   = regexp.MustCompile(`(?:多少|几|若干)(万|亿|千)?([\p{Han}%/]{1,6})`)
	punctRe     = regexp.MustCompile(`[\p{P}\p{S}\s]+`)
	askWordRe   = regexp.MustCompile(`多少|几|若干|是什么|哪些`)
)

// Analyze reads a question. now resolves relative years (今年); regions
// are the regions of the ingested documents, so 福田 finds 福田区.
// isUnit says whether a word is a measure word (from the figure extractor).
func (a *Analyzer) Analyze(raw string, now time.Time, regions *RegionIndex, isUnit func(string) bool) Question {
	q := Question{Raw: raw}
	text := a.Normalize(raw)
	text = strings.TrimSpace(text)
	q.Text = text
	var removed []string // spans taken out, replaced by a separator

	// Years.
	for _, m := range yearRe.FindAllStringSubmatchIndex(text, -1) {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		// A year no plan covers still counts when written as one (3000年),
		// so the answer says the documents do not reach it; a bare
		// four-digit number outside the range is a figure.
		bare := m[1]-m[0] == m[3]-m[2]
		if bare && (y < 1949 || y > 2199 || followedByMeasure(text[m[1]:])) {
			continue
		}
		q.Years = appendUnique(q.Years, y)
		removed = append(removed, text[m[0]:m[1]])
	}
	if m := shortYearRe.FindStringSubmatch(text); m != nil && len(q.Years) == 0 {
		y, _ := strconv.Atoi(m[1])
		q.Years = append(q.Years, 2000+y)
		removed = append(removed, m[0])
	}
	for _, r := range a.relYears {
		if strings.Contains(text, r.Word) {
			q.Years = appendUnique(q.Years, now.Year()+r.Offset)
			q.Relative = true
			removed = append(removed, r.Word)
		}
	}

	// Regions: the documents' own (with the short form 福田 for 福田区), then
	// any other place the gazetteer knows.
	for _, m := range regions.Find(text) {
		q.Regions = appendUniqueS(q.Regions, m.Region)
		removed = append(removed, m.Alias)
	}
	for _, p := range a.Places(text) {
		if !containsAny(removed, p) {
			q.Regions = appendUniqueS(q.Regions, p)
			removed = append(removed, p)
		}
	}

	// The measure word asked for: 多少人, 几所, 多少万平方米.
	if m := unitAskRe.FindStringSubmatch(text); m != nil {
		rs := []rune(m[2])
		switch {
		case strings.HasPrefix(m[2], "钱"):
			// 多少钱 asks for money (see intents), not the weight unit 钱.
			removed = append(removed, strings.TrimSuffix(m[0], string(rs[1:])))
		case m[1] == "" && strings.ContainsRune("万亿千", rs[0]):
			// 多少亿 with no unit: a scale, said of money or people alike.
			removed = append(removed, strings.TrimSuffix(m[0], string(rs[1:])))
		default:
			for n := len(rs); n >= 1; n-- {
				// 多少支持 asks about 支持, not a count in 支.
				if n < len(rs) && a.IsWord(string(rs[n-1:n+1])) && !isUnit(string(rs[n-1:n+1])) {
					continue
				}
				if isUnit(string(rs[:n])) {
					q.Unit = string(rs[:n])
					removed = append(removed, strings.TrimSuffix(m[0], string(rs[n:])))
					break
				}
			}
		}
		// 多少个百分点 and 百分之几 ask for a rate whatever the figure's sign.
		if q.Unit == "%" || strings.HasSuffix(q.Unit, "百分点") {
			q.Unit = ""
			q.Rate = true
		}
	}
	hasAny := func(section string) bool {
		for _, w := range a.intents[section] {
			if strings.Contains(text, w) {
				return true
			}
		}
		return false
	}
	q.Rate = q.Rate || hasAny("rate")
	q.Target = hasAny("target")
	q.Result = hasAny("result")
	q.Money = hasAny("money") || strings.HasSuffix(q.Unit, "元")
	q.Area = hasAny("area")
	q.Asks = askWordRe.MatchString(text)

	// Content: what remains, cut into pieces where something was removed.
	content := text
	for _, r := range removed {
		content = strings.Replace(content, r, "|", 1)
	}
	// Filler phrases gse would cut apart (咱们区 → 咱们|区) go as phrases.
	for _, f := range a.phrases {
		content = strings.ReplaceAll(content, f, "|")
	}
	content = punctRe.ReplaceAllString(content, "|")
	var words []string
	for _, piece := range strings.Split(content, "|") {
		ws := a.seg.Cut(piece, false)
		var kept []string
		var run []string // consecutive single characters gse could not place
		flush := func() {
			if j := strings.Join(run, ""); len(run) > 1 && !a.stop[j] {
				kept = append(kept, j)
			} else if len(run) == 1 && !a.stop[run[0]] {
				kept = append(kept, run[0])
			}
			run = nil
		}
		var pieceText strings.Builder
		lastWord := false // the previous token was a word kept whole
		for _, w := range ws {
			w = strings.TrimSpace(w)
			if w == "" || !keepToken(w) {
				flush()
				lastWord = false
				continue
			}
			if a.stop[w] {
				flush()
				pieceText.WriteString("|")
				lastWord = false
				continue
			}
			pieceText.WriteString(w)
			if utf8.RuneCountInString(w) == 1 && isHan(w) {
				// 拆除|率, 用水|量: a noun suffix the segmenter split off
				// belongs to the word before it.
				if lastWord && strings.Contains(nounSuffixes, w) {
					kept[len(kept)-1] += w
					lastWord = false
					continue
				}
				run = append(run, w)
				lastWord = false
				continue
			}
			flush()
			kept = append(kept, w)
			lastWord = true
		}
		flush()
		words = append(words, kept...)
		for _, p := range strings.Split(pieceText.String(), "|") {
			if p != "" {
				q.Pieces = append(q.Pieces, p)
			}
		}
	}
	q.Content = strings.Join(q.Pieces, "")
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		intent := a.intentOf(w)
		t := Term{Word: w, Alts: a.Synonyms(w), Soft: intent != "", Intent: intent, Verb: a.isVerb(w), Domain: a.domain[w]}
		for _, alt := range t.Alts {
			t.AltParts = append(t.AltParts, a.wordTerms(alt))
			t.Parts = append(t.Parts, t.AltParts[len(t.AltParts)-1]...)
		}
		q.Terms = append(q.Terms, t)
	}
	a.markHead(&q, text)
	// 增长 or 下降 with no measure word asks for a rate: GDP增长目标.
	for _, t := range q.Terms {
		if q.Unit == "" && (a.inGroup(t.Word, "增长") || a.inGroup(t.Word, "下降")) {
			q.Rate = true
		}
	}
	return q
}

// nounSuffixes turn the word before them into the name of a measure.
const nounSuffixes = "率量额数"

// followedByMeasure reports text starting with a scale or measure word
// (2000亿元, 1949人): the number before it is a figure, not a year.
func followedByMeasure(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return r == '%' || unicode.Is(unicode.Han, r) && !strings.ContainsRune("的至到和与及、", r)
}

func (a *Analyzer) inGroup(w, of string) bool {
	for _, x := range a.Synonyms(of) {
		if x == w {
			return true
		}
	}
	return false
}

// markHead finds the word a question asks about. Chinese puts the head of
// a phrase last, so it is the content word just before the question word
// (…计划拆除用地多少); when a measure word follows the question word, the
// counted noun after it is the head (为多少家企业提供融资); with no question
// word, the last content word.
func (a *Analyzer) markHead(q *Question, text string) {
	pos := make([]int, len(q.Terms))
	nouns := 0
	for i, t := range q.Terms {
		pos[i] = strings.Index(text, t.Word)
		if a.isNoun(t.Word) {
			nouns++
		}
	}
	// The head is a noun when the question has one: in 公厕升级改造了多少座
	// it is 公厕, not 改造.
	eligible := func(i int) bool { return !q.Terms[i].Soft && (nouns == 0 || a.isNoun(q.Terms[i].Word)) }
	head := -1
	if loc := askWordRe.FindStringIndex(text); loc != nil {
		p := loc[0]
		// after takes the noun phrase after the question word, whose head
		// is its last noun: 多少所教育模式实验学校 → 学校, 多少家企业提供融资
		// → 企业 (the phrase ends at the verb).
		after := func() int {
			order := make([]int, 0, len(q.Terms))
			for i := range q.Terms {
				if pos[i] > p {
					order = append(order, i)
				}
			}
			sort.Slice(order, func(x, y int) bool { return pos[order[x]] < pos[order[y]] })
			for _, i := range order {
				if head >= 0 && a.isVerb(q.Terms[i].Word) {
					break
				}
				if eligible(i) {
					head = i
				}
			}
			return head
		}
		before := func() int {
			for i := range q.Terms {
				if eligible(i) && pos[i] >= 0 && pos[i] < p && (head < 0 || pos[i] > pos[head]) {
					head = i
				}
			}
			return head
		}
		// 多少土地: a noun right after the question word is its head, as
		// is the counted noun after a measure word (多少家企业).
		if q.Unit != "" {
			if after() < 0 {
				before()
			}
		} else if i := a.termAt(q, pos, loc[1]); i >= 0 && !q.Terms[i].Soft {
			head = i
		} else if before() < 0 {
			after()
		}
	} else {
		for i := range q.Terms {
			if eligible(i) && (head < 0 || pos[i] > pos[head]) {
				head = i
			}
		}
	}
	if head >= 0 {
		q.Terms[head].Head = true
	}
}

// termAt returns the term starting at byte offset at of the question, or -1.
func (a *Analyzer) termAt(q *Question, pos []int, at int) int {
	for i := range q.Terms {
		if pos[i] == at {
			return i
		}
	}
	return -1
}

// isNoun reports a word the dictionary tags as a noun (n, nz, ns, vn …),
// or one it does not know (domain words merged from single characters).
func (a *Analyzer) isNoun(w string) bool {
	_, pos, ok := a.seg.Dict.Find([]byte(w))
	if !ok || pos == "" {
		return utf8.RuneCountInString(w) > 1
	}
	return pos[0] == 'n' || pos == "an"
}

// isVerb reports a word the dictionary tags only as a verb.
func (a *Analyzer) isVerb(w string) bool {
	_, pos, ok := a.seg.Dict.Find([]byte(w))
	return ok && pos == "v"
}

// IsWord reports a word of the segmenter's dictionary (not merely the
// start of one, which gse's Find also accepts).
func (a *Analyzer) IsWord(w string) bool {
	freq, _, ok := a.seg.Dict.Find([]byte(w))
	return ok && freq > 0
}

func (a *Analyzer) intentOf(w string) string {
	for _, s := range []string{"rate", "target", "result", "money", "area"} {
		for _, x := range a.intents[s] {
			if x == w {
				return s
			}
		}
	}
	if a.inGroup(w, "增长") || a.inGroup(w, "下降") {
		return "change"
	}
	return ""
}

func isHan(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Han, r)
}

// RegionIndex finds the indexed documents' regions in a question, by any
// of their aliases, in one pass over the question whatever the number of
// regions.
type RegionIndex struct {
	alias          map[string]string // alias -> region
	minLen, maxLen int               // alias lengths in runes
}

// RegionMatch is a region named in a text, and how it was named.
type RegionMatch struct{ Region, Alias string }

// NewRegionIndex indexes regions by their aliases.
func NewRegionIndex(regions []string) *RegionIndex {
	ri := &RegionIndex{alias: map[string]string{}, minLen: 1 << 30}
	for _, r := range regions {
		for _, a := range RegionAliases(r) {
			if a == "" {
				continue
			}
			if _, taken := ri.alias[a]; !taken {
				ri.alias[a] = r
			}
			n := utf8.RuneCountInString(a)
			ri.minLen, ri.maxLen = min(ri.minLen, n), max(ri.maxLen, n)
		}
	}
	return ri
}

// Find returns the regions named in text, the longest alias at each
// position first.
func (ri *RegionIndex) Find(text string) []RegionMatch {
	if ri == nil || len(ri.alias) == 0 {
		return nil
	}
	rs := []rune(text)
	var out []RegionMatch
	for i := 0; i < len(rs); i++ {
		for n := min(ri.maxLen, len(rs)-i); n >= ri.minLen; n-- {
			a := string(rs[i : i+n])
			if r, ok := ri.alias[a]; ok {
				out = append(out, RegionMatch{r, a})
				i += n - 1
				break
			}
		}
	}
	return out
}

// RegionAliases are the ways a region may be named: 福田区 and 福田.
func RegionAliases(region string) []string {
	out := []string{region}
	rs := []rune(region)
	if len(rs) >= 3 {
		switch rs[len(rs)-1] {
		case '区', '县', '市', '省', '旗':
			out = append(out, string(rs[:len(rs)-1]))
		}
	}
	return out
}

func appendUnique(s []int, v int) []int {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func appendUniqueS(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func containsAny(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) || strings.Contains(s, x) {
			return true
		}
	}
	return false
}
