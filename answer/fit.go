package answer

import (
	"cmp"
	_ "embed"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/internal/wordlist"
	"github.com/planbot/planbot/plan"
)

// mismatch is a reason a well-matched fact still does not answer.
type mismatch int

const (
	fits           mismatch = iota
	wrongUnit               // 多少人 answered in 元, or 多少人 by 力争正增长
	wrongKind               // a target asked, only a result found, or the reverse
	rateForAmount           // 是多少 answered by a growth rate
	amountForRate           // 增长多少 answered by a level (增至2.79万亿元)
	headIsModifier          // GDP asked, 万元GDP水耗 found
	wrongDirection          // a decline asked, a growth found, or the reverse
	wrongPeriod             // a year asked, a five-year figure found, or the reverse
	otherIndicator          // 地区生产总值 asked, 人均地区生产总值 or 武汉都市圈经济总量 found
	noFigure                // 是多少 asked, only words found (实现正增长, 保持合理水平)
)

// fit is how well a fact's figure fits what the question asks, whatever
// its words: a factor on the coverage and, when the fact cannot answer
// however well its words match, why.
type fit struct {
	factor   float64
	mismatch mismatch
}

// scale multiplies the factor: the fact answers, less well.
func (ft *fit) scale(x float64) { ft.factor *= x }

// fail multiplies the factor and says why the fact cannot answer; a later
// reason replaces an earlier one.
func (ft *fit) fail(x float64, why mismatch) {
	ft.factor *= x
	ft.mismatch = why
}

// fit judges a fact against each thing the question asks besides its
// words, in turn.
func (m *matcher) fit(f *plan.Fact, ff *foldedFact, levels []float64) fit {
	ft := fit{factor: 1}
	switch {
	case m.q.Unit != "":
		m.unitAskedFit(&ft, f)
	case m.q.Rate:
		m.rateAskedFit(&ft, f, ff)
	default:
		m.amountAskedFit(&ft, f, ff)
	}
	m.moneyFit(&ft, f)
	m.areaFit(&ft, ff)
	m.directionFit(&ft, f)
	m.kindFit(&ft, f, ff)
	m.periodFit(&ft, f)
	m.baselineFit(&ft, f)
	m.wordsForFigureFit(&ft, f)
	m.headMeasuredFit(&ft, levels)
	m.headModifierFit(&ft, ff)
	m.otherIndicatorFit(&ft, levels, ff)
	if ft.mismatch == fits && m.an != nil && m.narrowerMemo(ff) {
		// 出口总额 for 进出口总额, 进出口总额 for 出口总额: a word inside or
		// around the one asked is another indicator. (Asked last: only of
		// a fact nothing else rules out.)
		ft.fail(0.7, otherIndicator)
	}
	return ft
}

// subjectFacts are what fit finds in a subject, the same for every fact
// with that subject: found at most once a question (subjects repeat
// across a sentence's facts and a document's sentences).
type subjectFacts struct {
	text                                       string
	known                                      uint8 // which of the below are found
	intent, headModifies, namesOther, modified bool
	modifiedAbsent, narrower                   bool
}

const (
	knowIntent uint8 = 1 << iota
	knowHeadModifies
	knowNamesOther
	knowModified
	knowModifiedAbsent
	knowNarrower
)

// subject returns what is known of a fact's subject, to be added to. The
// checks of one fact ask for its subject in turn: the last is kept at
// hand.
func (m *matcher) subject(ff *foldedFact) *subjectFacts {
	if sf := m.lastSubject; sf != nil && sf.text == ff.subject {
		return sf
	}
	sf := m.subjects[ff.subjectHash]
	switch {
	case sf == nil:
		sf = m.newSubject(ff.subject)
		m.subjects[ff.subjectHash] = sf
	case sf.text != ff.subject:
		sf = m.newSubject(ff.subject) // another of the same hash keeps its place
	}
	m.lastSubject = sf
	return sf
}

// newSubject returns a new subjectFacts, cut from a buffer: one a
// subject, found anew for many of a question's facts.
func (m *matcher) newSubject(text string) *subjectFacts {
	if len(m.subjectBuf) == cap(m.subjectBuf) {
		m.subjectBuf = make([]subjectFacts, 0, 64) // earlier ones stay where they are
	}
	m.subjectBuf = append(m.subjectBuf, subjectFacts{text: text})
	return &m.subjectBuf[len(m.subjectBuf)-1]
}

// unitAskedFit judges the figure's unit against the measure word asked:
// 多少人 is not answered in 元, nor by 力争正增长.
func (m *matcher) unitAskedFit(ft *fit, f *plan.Fact) {
	switch u := unitFit(m.q.Unit, f.Unit); {
	case f.Qualitative:
		ft.fail(0.5, wrongUnit)
	case u == 1:
	case u > 0:
		ft.scale(u)
	default:
		ft.fail(0.35, wrongUnit)
	}
}

// rateAskedFit prefers shares and growth rates when a rate is asked.
func (m *matcher) rateAskedFit(ft *fit, f *plan.Fact, ff *foldedFact) {
	switch {
	case (m.up || m.down) && ff.share && f.Change == "" && strings.Contains(f.Subject, "占") && !strings.Contains(m.q.Text, "占") && !strings.Contains(m.q.Text, "比重"):
		// 进出口增长目标 is not 服务贸易占对外贸易总额比重21%: a share of
		// something else, not how fast it grows.
		ft.fail(0.5, otherIndicator)
	case m.amountChangeAsked && !ff.share && f.Change != "":
		// 粮食产量比上年增加多少: 增加20.55万吨 is the answer itself.
	case f.Qualitative:
		ft.scale(0.95) // 基本持平, 力争正增长 answer a growth question
	case !ff.share && f.Change == "":
		// A level reached (社会消费品零售总额增至2.79万亿元) says nothing
		// of how fast it grew.
		ft.fail(0.5, amountForRate)
	case !ff.share:
		ft.scale(0.5)
	}
}

// amountAskedFit prefers amounts when neither a unit nor a rate is asked:
// a growth rate is second best, and no answer to 是多少.
func (m *matcher) amountAskedFit(ft *fit, f *plan.Fact, ff *foldedFact) {
	switch {
	case ff.share && (f.Change != "" || figure.NamesRate(f.Subject)):
		// 增长8.6%, or 全年增速达到2% (a rate named, no change word).
		ft.scale(0.8)
		if m.q.Asks && !m.q.Target && !m.up && !m.down {
			// 2022年地区生产总值是多少, when 2022 has only a growth target.
			ft.mismatch = rateForAmount
		}
	case f.Qualitative:
		ft.scale(0.85)
	case f.Change != "" && !ff.share && !m.up && !m.down:
		// 粮食产量是多少: 1205.74万吨, before the 增加20.55万吨 beside it.
		ft.scale(0.85)
	case ff.share && m.q.Asks && !m.q.Target && ff.shareWord != "" && !strings.Contains(m.q.Text, ff.shareWord):
		// 全社会研发投入多少 asks for the money, not 研发投入占比 6%.
		ft.fail(0.7, rateForAmount)
	}
}

// shareOf is the word that makes a subject a share of something else:
// 占比 in 研发投入占比, or "".
func shareOf(subject string) string {
	for _, w := range []string{"占比", "比重", "比例", "强度"} {
		if strings.HasSuffix(subject, w) {
			return w
		}
	}
	return ""
}

// isShare reports a figure that is a share or a rate: 8.6%, 三成, 近四分之一.
func isShare(f *plan.Fact) bool {
	return isPercent(f.Unit) || f.Unit == "成" || strings.Contains(f.Figure, "分之")
}

// moneyFit wants a sum of money (元) when money is asked (多少钱).
func (m *matcher) moneyFit(ft *fit, f *plan.Fact) {
	if !m.q.Money || strings.HasSuffix(f.Unit, "元") {
		return
	}
	if f.Qualitative {
		ft.fail(0.6, wrongUnit)
	} else {
		ft.scale(0.6)
	}
}

// areaFit wants a unit of area (平方米, 公顷) when an area (面积) is asked.
func (m *matcher) areaFit(ft *fit, ff *foldedFact) {
	if m.q.Area && !ff.area {
		ft.scale(0.6)
	}
}

// directionFit judges the change reported against the change asked: GDP
// 下降多少, when GDP grew, is another question.
func (m *matcher) directionFit(ft *fit, f *plan.Fact) {
	switch {
	case m.growthAsked && !m.down && f.Change == "下降" && m.headNamed(f.Subject):
		// 工业投资增长多少, when it fell 7.3%: the decline is its growth
		// (of the indicator named whole: 单位增加值能耗 falling is not
		// 增加值).
		ft.scale(0.9)
	case (m.down && !m.up && f.Change == "增长") || (m.up && !m.down && f.Change == "下降"):
		ft.fail(0.8, wrongDirection)
	case (m.up || m.down) && f.Change == "" && !f.Qualitative && m.q.Unit == "":
		ft.scale(0.9) // a growth rate was asked; a share (比重) or a level is second best
	}
}

// headNamed reports a subject that holds one of the head's forms whole.
func (m *matcher) headNamed(subject string) bool {
	h := m.headTerm()
	return h >= 0 && slices.ContainsFunc(m.terms[h].alts, func(a string) bool { return strings.Contains(subject, a) })
}

// kindFit judges the fact's kind (target, result, task) against the kind
// asked.
func (m *matcher) kindFit(ft *fit, f *plan.Fact, ff *foldedFact) {
	switch {
	case m.intentInSubject(ff):
		// 计划 in 计划拆除用地 names the thing, not the kind asked.
	case m.q.Target && !m.q.Result:
		if f.Kind == plan.KindResult {
			ft.fail(0.7, wrongKind)
		}
	case m.q.Result && !m.q.Target:
		if f.Kind != plan.KindResult {
			ft.fail(0.85, wrongKind)
		}
	case f.Kind == plan.KindTarget:
		// Asked about a year without saying "target": what happened
		// comes before what was aimed at, where both exist.
		ft.scale(0.88)
	}
}

// periodFit judges the years a figure covers against the years asked: a
// five-year total (十四五期间新增就业522万人) does not answer for 2025, nor
// the 2025 figure for the five years, and a yearly mean (年均) answers
// only a question asking for one.
func (m *matcher) periodFit(ft *fit, f *plan.Fact) {
	asked := m.q.Period
	switch {
	case !asked.IsZero():
		switch {
		case f.Period == asked:
		case m.q.PeriodEnd && f.Year == asked.To && f.Aggregate == plan.Annual && f.Period.IsZero():
			// 十四五末地区生产总值目标: the level set for 2025 (到“十四五”末，
			// …达到1250亿元以上).
		case f.Period.IsZero() && f.Aggregate != plan.Annual && asked.Contains(f.Year):
			ft.scale(0.9) // 年均 or 累计 in a sentence that named no period
		default:
			ft.fail(0.6, wrongPeriod)
		}
	case len(m.q.Years) > 0:
		// A level to reach by the period's last year (到2030年…达到3.2%左右)
		// is that year's figure; a mean or a sum over the period is not.
		// So is a level its own clause dates (由2016年的532亿元跃升至…).
		endLevel := f.Aggregate == plan.Annual && slices.Contains(m.q.Years, f.Year) &&
			(f.Year == f.Period.To && (strings.Contains(f.Clause, strconv.Itoa(f.Year)+"年") || reachedLevel(f)) ||
				strings.Contains(f.Clause, strconv.Itoa(f.Year)+"年的") && !yearSpanRe.MatchString(f.Clause))
		if !f.Period.IsZero() && !endLevel || f.Aggregate == plan.YearlyMean {
			ft.fail(0.6, wrongPeriod)
		}
	case !f.Period.IsZero():
		ft.scale(0.9) // no time asked: a year's figure before a period's
	}
	if m.q.Aggregate == plan.YearlyMean && f.Aggregate != plan.YearlyMean && !f.Qualitative {
		ft.fail(0.7, wrongPeriod)
	}
	// Half a year's figure is not the year's (2023年地区生产总值 is not
	// 上半年…1520.3亿元), nor the year's the half's.
	if f.Within != m.q.Within {
		ft.fail(0.6, wrongPeriod)
	}
}

// yearSpanRe is a span of years written out (2016—2020年).
var yearSpanRe = regexp.MustCompile(`\d{4}\s*年?\s*[-—–~～至到]\s*\d{4}`)

// reachedLevel reports a figure that a change reached from another (收入
// 从3826.5亿元增长到4398.6亿元): the level at the period's end.
func reachedLevel(f *plan.Fact) bool {
	for _, w := range []string{"到", "至"} {
		if strings.Contains(f.Clause, w+f.Figure) {
			return true
		}
	}
	return false
}

// baselineFit puts the starting value of a change (7家 in 由7家增至16家)
// after the value reached, unless the question asks where it started.
func (m *matcher) baselineFit(ft *fit, f *plan.Fact) {
	if f.Baseline && !m.asksStart {
		ft.scale(0.7)
	}
	if strings.Contains(f.Approx, "突破") && !strings.Contains(m.q.Text, "突破") {
		// 生产总值62164亿元、突破1万亿美元: a milestone passed on the way,
		// after the value itself.
		ft.scale(0.95)
	}
}

// headMeasuredFit wants the word asked about to be what the figure
// measures, not merely stand in its sentence: 计划拆除用地多少 is 62万平方米,
// not the 4个 units of the same sentence.
func (m *matcher) headMeasuredFit(ft *fit, levels []float64) {
	for ti, tw := range m.terms {
		if tw.t.Head && levels[ti] < levelOwn {
			ft.scale(0.9)
		}
	}
}

// headModifierFit rejects a fact whose subject holds the head word only as
// a modifier: GDP in 万元GDP水耗.
func (m *matcher) headModifierFit(ft *fit, ff *foldedFact) {
	sf := m.subject(ff)
	if sf.known&knowHeadModifies == 0 {
		sf.headModifies, sf.known = m.headModifies(ff.subject), sf.known|knowHeadModifies
	}
	if sf.headModifies {
		ft.fail(0.6, headIsModifier)
	}
}

// otherIndicatorFit rejects a fact that measures another indicator than
// the one asked: one that names the word asked under a modifier the
// question lacks (人均地区生产总值, 武汉都市圈经济总量 for 地区生产总值), or
// never names it whole and holds such a modifier (规上装备工业增加值,
// 高技术制造业增加值 for 规上工业增加值): a part or a ratio is not the whole.
func (m *matcher) otherIndicatorFit(ft *fit, levels []float64, ff *foldedFact) {
	clause := ff.clause
	head := m.headTerm()
	if head >= 0 && m.otherMeasure(ff.measure) {
		// 一般公共预算支出 for 一般公共预算收入, 规模以上工业销售产值 for
		// 规模以上工业增加值: the same field, another quantity. It stays
		// high among the nearest statements: the nearest thing said.
		ft.fail(0.95, otherIndicator)
		return
	}
	if head < 0 || m.terms[head].oov || m.terms[head].t.Verb || m.an == nil {
		return
	}
	switch absent := levels[head] == 0; {
	case absent && !m.headPartsIn(clause, &ff.clauseSet):
		// 规上工业增加值 asked, only 一产增加值增幅 near the figure.
		ft.fail(0.7, otherIndicator)
	case !absent && levels[head] < levelClause && m.namesOtherMemo(ff):
		// Named elsewhere in the sentence, but this figure measures
		// something else: 规上工业增加值增幅居全国第7位 beside 一产增加值增幅
		// 高于全国0.7个百分点.
		ft.fail(0.75, otherIndicator)
	case m.modifiedHead(ff, absent):
		ft.fail(0.7, otherIndicator)
	}
}

// narrowerMemo is namesNarrower of a fact's subject, found once a
// question.
func (m *matcher) narrowerMemo(ff *foldedFact) bool {
	sf := m.subject(ff)
	if sf.known&knowNarrower == 0 {
		sf.narrower, sf.known = m.namesNarrower(ff.subject), sf.known|knowNarrower
	}
	return sf.narrower
}

// namesNarrower reports a subject that holds a content word of the
// question only as the tail of a longer dictionary word (出口 in 进出口总额
// for 出口总额是多少), or holds the tail of the question's head without
// the head (出口总额 for 进出口总额): either names another indicator.
func (m *matcher) namesNarrower(subject string) bool {
	if subject == "" {
		return false
	}
	for _, tw := range m.terms {
		if tw.t.Intent != "" || tw.t.Verb || tw.t.Soft {
			continue
		}
		whole, inside := false, false
		for _, a := range tw.alts {
			if i := strings.Index(subject, a); i >= 0 {
				if m.holds(subject, a) {
					whole = true
				} else {
					inside = true
				}
			}
		}
		if inside && !whole {
			return true // 出口 only in 进出口
		}
		if !tw.t.Head {
			continue
		}
		for _, a := range tw.alts {
			r, size := utf8.DecodeRuneInString(a)
			tail := a[size:]
			if utf8.RuneCountInString(tail) < 2 || !unicode.Is(unicode.Han, r) || strings.Contains(subject, a) || !m.an.IsWord(a) {
				continue
			}
			if !whole && strings.HasPrefix(subject, tail) {
				return true // 出口总额 for 进出口总额
			}
			if whole && strings.Contains(subject, tail) && strings.HasPrefix(a, "进出口") {
				// 外贸出口总额 for 外贸进出口总额: 外贸 is 进出口's other
				// name, and exports alone are named beside it.
				return true
			}
		}
	}
	return false
}

// measureWords are the quantities an indicator's name ends in; two names
// that end in different ones measure different things, however much
// else they share. Longest first, so 营业收入 is read before 收入.
var measureWords = []string{"主营业务收入", "营业收入", "利润总额", "销售产值", "进出口额", "能源消耗", "增加值", "总产值", "销售额", "交易额", "成交额", "出口额", "进口额", "用水量", "排放量",
	"产值", "收入", "支出", "利润", "税收", "产量", "存款", "贷款", "出口", "进口", "能耗", "水耗", "排放"}

// otherMeasure reports a subject whose last measure word (last, its
// lastMeasure, found once per fact when prepared) is none of the asked
// head's: 一般公共预算支出 for 一般公共预算收入, 规上工业单位增加值能耗 for
// 规上工业增加值. A head that ends in no measure word decides nothing.
func (m *matcher) otherMeasure(last string) bool {
	if last == "" {
		return false
	}
	for _, i := range m.headMeasures {
		if i < 0 || strings.HasSuffix(last, measureWords[i]) {
			return false
		}
	}
	return true
}

// headMeasuresOf is, for each of the head's forms, the index in
// measureWords of the measure word it ends in, -1 for none.
func headMeasuresOf(alts []string) []int {
	out := make([]int, 0, len(alts))
	for _, alt := range alts {
		out = append(out, slices.IndexFunc(measureWords, func(w string) bool { return strings.HasSuffix(alt, w) }))
	}
	return out
}

// lastMeasure is the measure word that ends latest in subject, the
// longest of those ending there; "" when it holds none.
func lastMeasure(subject string) string {
	best, end := "", -1
	for _, w := range measureWords {
		if i := strings.LastIndex(subject, w); i >= 0 && (i+len(w) > end || i+len(w) == end && len(w) > len(best)) {
			best, end = w, i+len(w)
		}
	}
	return best
}

func (m *matcher) namesOtherMemo(ff *foldedFact) bool {
	sf := m.subject(ff)
	if sf.known&knowNamesOther == 0 {
		sf.namesOther, sf.known = m.namesOther(ff.subject), sf.known|knowNamesOther
	}
	return sf.namesOther
}

// timeWords say when or where, not what: 年均增长 leaves the sentence's
// topic to say what grew.
var timeWords = []string{"年均", "累计", "全年", "同比", "全省", "全市", "全区"}

// timeList is timeWords for stripAll.
var timeList = newWordList(timeWords)

// wordList is a list of words with the first and last character of each:
// a text lacking either cannot hold the word.
type wordList []wordEnds

type wordEnds struct {
	w           string
	first, last rune
}

func newWordList(words []string) wordList {
	l := make(wordList, 0, len(words))
	for _, w := range words {
		l = append(l, wordEndsOf(w))
	}
	return l
}

func wordEndsOf(w string) wordEnds {
	e := endsOf(w)
	return wordEnds{w, e[0], e[1]}
}

// mayBeIn reports whether the text whose characters have holds may hold
// the word: "" it always holds.
func (e *wordEnds) mayBeIn(have *runeSet) bool {
	return e.w == "" || have.has(e.first) && have.has(e.last)
}

// endsOf is w's first and last character.
func endsOf(w string) [2]rune {
	first, _ := utf8.DecodeRuneInString(w)
	last, _ := utf8.DecodeLastRuneInString(w)
	return [2]rune{first, last}
}

// stripAll removes each of words from s in turn, as a strings.ReplaceAll
// for each would, skipping the words whose ends s does not hold: removing
// words only takes characters out, so those never appear.
func stripAll(s string, words wordList) string {
	have := runeSetOf(s)
	for i := range words {
		if e := &words[i]; e.w != "" && e.mayBeIn(&have) {
			s = strings.ReplaceAll(s, e.w, "")
		}
	}
	return s
}

// stripWords are the measure words and the question's words (with their
// synonyms), longest first, so 下降 goes whole before the question's 降
// leaves 下 behind.
//
// Readings of one question (as a target, as a result) ask for the same
// list: it is kept for a question with the same alternatives.
func (m *matcher) stripWords() wordList {
	if m.stripMade {
		return m.strip
	}
	m.stripMade = true
	if len(m.strip) > 0 && m.sameAlts(m.stripFor) {
		return m.strip
	}
	words := append(m.strip[:0], stripStatic...)
	m.stripFor = m.stripFor[:0]
	for _, tw := range m.terms {
		for _, alt := range tw.alts {
			words = append(words, wordEndsOf(alt))
		}
		m.stripFor = append(m.stripFor, tw.alts...)
	}
	// The same order as sort.Slice's of the words (the same pdqsort, which
	// only compares their lengths), without its reflection: equal lengths
	// stay as it left them.
	slices.SortFunc(words, func(a, b wordEnds) int { return cmp.Compare(len(b.w), len(a.w)) })
	m.strip = words
	return m.strip
}

// stripStatic are the words stripWords always takes out, with their ends.
var stripStatic = newWordList(append(slices.Clip(measureTails), fillerWords...))

// sameAlts reports whether alts are the alternatives of the question's
// words, in order.
func (m *matcher) sameAlts(alts []string) bool {
	i := 0
	for _, tw := range m.terms {
		if !slices.Equal(tw.alts, alts[i:min(len(alts), i+len(tw.alts))]) {
			return false
		}
		i += len(tw.alts)
	}
	return i == len(alts)
}

// namesOther reports a subject that names something besides the question's
// words, measure words and time words (一产增加值增幅高于全国, not 年均增长,
// which leaves the sentence's topic to say what grew).
func (m *matcher) namesOther(subject string) bool {
	if slices.ContainsFunc(m.terms[m.headTerm()].alts, func(a string) bool { return strings.Contains(subject, a) }) {
		return false
	}
	rest := stripAll(subject, m.stripWords())
	rest = stripAll(rest, timeList)
	han := 0
	for _, r := range rest {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	return han >= 2
}

// headPartsIn reports whether every word of one of the head's forms
// stands in text: a head the document breaks apart (规模以上工业企业…、
// 增加值增长3%) is still named near the figure. A form's parts of one
// character do not count; a form with no parts is not looked for.
func (m *matcher) headPartsIn(text string, set *smallRuneSet) bool {
	in := func(p string) bool {
		if utf8.RuneCountInString(p) < 2 {
			return true
		}
		first, _ := utf8.DecodeRuneInString(p)
		last, _ := utf8.DecodeLastRuneInString(p)
		return set.has(first) && set.has(last) && strings.Contains(text, p)
	}
	head := m.terms[m.headTerm()].t
	for i := range min(len(head.Alts), len(head.AltParts)) {
		if parts := head.AltParts[i]; len(parts) > 0 && !slices.ContainsFunc(parts, func(p string) bool { return !in(p) }) {
			return true
		}
	}
	return false
}

// wordsForFigureFit rejects a target in words (实现正增长, 保持合理水平)
// for a question asking how much (是多少): it names no figure. A result
// in words (基本持平) does say how much, and a question asking for the
// target without 多少 (固定资产投资目标) is answered by its words.
func (m *matcher) wordsForFigureFit(ft *fit, f *plan.Fact) {
	if f.Qualitative && f.Kind != plan.KindResult && m.asksHowMuch {
		ft.fail(0.8, noFigure)
	}
}

// headTerm is the index of the question's head word, -1 for none.
func (m *matcher) headTerm() int { return m.head }

func headTermOf(terms []termWeight) int {
	for i, tw := range terms {
		if tw.t.Head {
			return i
		}
	}
	return -1
}

// modifiers are the words that make an indicator another (data/modifiers.txt).
//
//go:embed data/modifiers.txt
var modifiersData string

var modifierList = newWordList(wordlist.Lines(modifiersData))

// modifiedHead reports a subject that names the head word after a
// modifier the question does not hold: 人均 in 人均地区生产总值, the place
// in 武汉都市圈经济总量. A list before the head (幼儿园、小学、初中学位)
// names the parts of the whole.
// When the subject does not name the head whole (absent), a modifier
// anywhere in it counts.
func (m *matcher) modifiedHead(ff *foldedFact, absent bool) bool {
	sf := m.subject(ff)
	if absent {
		if sf.known&knowModifiedAbsent == 0 {
			sf.modifiedAbsent, sf.known = m.modifierIn(ff.subject, true), sf.known|knowModifiedAbsent
		}
		return sf.modifiedAbsent
	}
	if sf.known&knowModified == 0 {
		sf.modified, sf.known = m.modifierIn(ff.subject, false), sf.known|knowModified
	}
	return sf.modified
}

func (m *matcher) modifierIn(subject string, absent bool) bool {
	before := subject
	if !absent {
		head := m.headTerm()
		at := -1
		for _, alt := range m.terms[head].alts {
			if i := strings.Index(subject, alt); i >= 0 && (at < 0 || i < at) {
				at = i
			}
		}
		if at <= 0 {
			return false
		}
		before = subject[:at]
	}
	if strings.ContainsAny(before, listSeparators) {
		return false
	}
	// What the question's own words account for is no modifier: 社会消费品
	// 零售 of 社零's 社会消费品零售总额. (Taking words out only takes
	// characters out: a word whose ends before lacked is not there.)
	have := runeSetOf(before)
	for _, tw := range m.terms {
		for _, alt := range tw.alts {
			if e := wordEndsOf(alt); len(alt) > 0 && e.mayBeIn(&have) {
				before = strings.ReplaceAll(before, alt, "")
			}
		}
	}
	// The region asked, by any of its names (光明新区完成地区生产总值 when
	// 光明区 is asked), is no modifier; another place is (武汉都市圈经济
	// 总量), and neither is its name's 新区 (滨海新区经济总量).
	g := m.an.Gazetteer()
	for _, r := range m.q.Regions {
		for _, a := range g.Aliases(r) {
			// 光明凤凰城全年完成固定资产投资: an area of 光明, not all of it.
			if _, rest, ok := strings.Cut(before, a); ok && subAreaRe.MatchString(rest) && !strings.Contains(m.q.Text, subAreaRe.FindString(rest)) {
				return true
			}
		}
	}
	for _, p := range g.FindAll(before) {
		if slices.ContainsFunc(m.q.Regions, func(r string) bool { return g.SameRegion(r, p.Name) }) {
			before = strings.ReplaceAll(before, p.Text, "")
		} else if !strings.Contains(m.q.Text, p.Text) {
			return true
		}
	}
	if strings.Contains(before, "新区") {
		for _, r := range m.q.Regions {
			for _, a := range g.Aliases(r) {
				before = strings.ReplaceAll(before, a+"新区", "")
			}
		}
	}
	for i := range modifierList {
		if e := &modifierList[i]; e.mayBeIn(&have) && strings.Contains(before, e.w) && !strings.Contains(m.q.Text, e.w) {
			return true
		}
	}
	return false
}

// subAreaRe opens on an area's name right after its region's
// (凤凰城 of 光明凤凰城, 科学城, 高新区 片区): a part of the region.
var subAreaRe = regexp.MustCompile(`^\p{Han}{1,4}?(?:科学城|新城|城(?:[^市镇乡际区]|$)|片区|园区|高新区|开发区|港区|湾区)`)

// Measure words that count the same things: 多少名院士 is answered by
// 14人, and the generic 个 by any counter (23家, 9510座).
var (
	personUnits = []string{"人", "名", "位", "人次"}
	// physical holds the units that measure rather than count.
	physical = []string{"%", "％", "‰", "百分点", "倍", "成", "元", "米", "公里", "公顷", "亩", "吨", "升", "瓦", "克", "斤", "度", "天", "小时", "分钟", "年", "月", "周", "岁"}
)

// unitFit says how well a fact's unit answers the measure word asked:
// 1 the same, a little less a kindred one, 0 none.
func unitFit(asked, unit string) float64 {
	switch {
	case unit == asked || strings.HasSuffix(unit, asked):
		return 1
	case unit == "":
		return 0
	case slices.Contains(personUnits, asked) && slices.Contains(personUnits, lastUnit(unit)):
		return 0.95
	case asked == "个" && isCounter(unit):
		return 0.95
	}
	return 0
}

// lastUnit drops a scale before a measure word: 万名 → 名.
func lastUnit(u string) string {
	return strings.TrimLeft(u, "十百千万亿")
}

func isCounter(u string) bool {
	u = lastUnit(u)
	if u == "" {
		return false
	}
	for _, p := range physical {
		if strings.Contains(u, p) {
			return false
		}
	}
	return true
}

// isPercent reports a unit of percent, per mille or percentage points.
func isPercent(u string) bool {
	return u == "%" || u == "％" || u == "‰" || strings.HasSuffix(u, "百分点")
}

// isArea reports a unit of area (平方米, 万平方米, 平方公里, 公顷, 亩).
func isArea(u string) bool {
	for _, a := range []string{"平方米", "平方公里", "平方千米", "公顷", "亩"} {
		if strings.HasSuffix(u, a) {
			return true
		}
	}
	return false
}

// Words after a noun that name a measure of that same thing: 现代服务业
// 增加值增长 and 区级总部企业数量 are about 现代服务业 and 总部企业.
// Generic words that close a clause (…学校项目, …创建工作) count neither.
var measureTails = []string{"增加值", "总量", "总额", "规模", "数量", "人数", "人次", "户数", "数", "量", "额", "率", "位", "增速", "增幅", "涨幅", "增长率", "增长", "下降", "比重", "占比", "完成", "情况", "水平", "达到", "突破", "均值", "平均值", "平均", "年平均浓度", "年均浓度", "年平均值", "年均值", "浓度值", "浓度", "值",
	"工作", "项目", "作用", "任务", "目标", "工程", "行动", "创建", "治理", "改造", "更新", "建设", "活动"}

// intensityRe is what an intensity is: a share of the economy.
var intensityRe = regexp.MustCompile(`^(?:支出|投入|经费)*占(?:GDP|gdp|地区生产总值|生产总值|国内生产总值)(?:的)?(?:比重|比例)`)

// bracketRe is a bracketed aside within a name.
var bracketRe = regexp.MustCompile(`[（(][^（()）]*[)）]`)

// fillerWords say nothing of what a figure measures: hedges and manners a
// subject keeps inside it (研发经费投入预计年均增长, 出口逆势增长, 收入同
// 口径增长) and the particle 的 (相当于全市生产总值的比例).
var fillerWords = []string{"预计", "预期", "力争", "确保", "争取", "初步", "逆势", "同口径", "可比口径", "阶段性", "的"}

const listSeparators = "、，,；;和及与"

// headModifies reports a fact whose subject holds the question's head
// word only as a modifier of another noun: GDP in 万元GDP水耗, which
// measures water, not GDP. The question's own words after it (水耗 in a
// question about 万元GDP水耗) and measure words (增加值, 数量) do not count.
func (m *matcher) headModifies(subject string) bool {
	head := -1
	for i, tw := range m.terms {
		if tw.t.Head {
			head = i
		}
	}
	if head < 0 {
		return false
	}
	sawHead := false
	for _, alt := range m.terms[head].alts {
		for from := 0; from < len(subject); {
			i := strings.Index(subject[from:], alt)
			if i < 0 {
				break
			}
			sawHead = true
			// X占GDP比重: GDP is what X is measured against.
			before := subject[:from+i]
			if j := strings.LastIndexAny(before, listSeparators); j >= 0 {
				before = before[j:]
			}
			if strings.Contains(before, "占") && !strings.Contains(m.q.Text, "占") {
				from += i + len(alt)
				continue
			}
			rest := subject[from+i+len(alt):]
			if !m.contentAfter(rest) {
				return false
			}
			from += i + len(alt)
		}
	}
	return sawHead
}

// contentAfter reports Han words left in rest, up to the next list
// separator, once the question's words and measure words are taken out.
func (m *matcher) contentAfter(rest string) bool {
	// A bracket qualifies the name before it (固定资产投资（不含农户，下
	// 同）): it is still that indicator.
	if strings.ContainsAny(rest, "（(") {
		rest = bracketRe.ReplaceAllString(rest, "")
	}
	if i := strings.IndexAny(rest, listSeparators); i >= 0 {
		rest = rest[:i]
	}
	if strings.Contains(m.q.Text, "强度") {
		// 研发投入强度 is 研发投入占GDP比重 by definition.
		rest = intensityRe.ReplaceAllString(rest, "")
	}
	rest = stripAll(rest, m.stripWords())
	for _, r := range rest {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return utf8.RuneCountInString(rest) > 0 && strings.IndexFunc(rest, unicode.IsLetter) >= 0
}

// intentInSubject reports a target or result word of the question that
// the fact's subject itself holds.
func (m *matcher) intentInSubject(ff *foldedFact) bool {
	sf := m.subject(ff)
	if sf.known&knowIntent == 0 {
		sf.intent, sf.known = m.intentIn(ff.subject), sf.known|knowIntent
	}
	return sf.intent
}

func (m *matcher) intentIn(subject string) bool {
	for _, tw := range m.terms {
		if isIntent(tw.t) && strings.Contains(subject, tw.t.Word) {
			return true
		}
	}
	return false
}
