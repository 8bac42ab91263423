package figure

import (
	"cmp"
	_ "embed"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/internal/wordlist"
)

//go:embed data/subject.txt
var subjectData string

type subjectWords struct{ lead, tail, listTail, owned, claims, areas []string }

func loadSubjectWords() subjectWords {
	var w subjectWords
	lists := map[string]*[]string{"lead": &w.lead, "tail": &w.tail, "list-tail": &w.listTail, "owned": &w.owned, "claims": &w.claims, "areas": &w.areas}
	for _, e := range wordlist.Sections(subjectData) {
		if l, ok := lists[e.Section]; ok {
			*l = append(*l, e.Word)
		}
	}
	sortLongestFirst(w.lead)
	sortLongestFirst(w.tail)
	sortLongestFirst(w.listTail)
	sortLongestFirst(w.owned)
	return w
}

// maxSubject caps a subject's length in runes; longer left contexts keep
// the part nearest the figure, which is what it measures.
const maxSubject = 24

// IsClauseBreak reports whether r ends a clause.
func IsClauseBreak(r rune) bool {
	switch r {
	case '，', ',', '；', ';', '。', '！', '!', '？', '?', '：', ':', '\n':
		return true
	}
	return false
}

// Clause returns the rune bounds of the clause around figure k.
// A break inside brackets (固定资产投资（不含农户，下同）比上年增长13.1%)
// does not end the clause.
func Clause(rs []rune, f Figure) (start, end int) {
	start, depth := f.Start, 0
	for ; start > 0; start-- {
		r := rs[start-1]
		if IsClauseBreak(r) && depth <= 0 {
			break
		}
		depth += bracketDepth(r, -1)
	}
	end, depth = f.End, 0
	for ; end < len(rs); end++ {
		r := rs[end]
		if IsClauseBreak(r) && depth <= 0 {
			break
		}
		depth += bracketDepth(r, 1)
	}
	return start, end
}

// bracketDepth is how r changes the depth of brackets read in direction
// dir (1 forwards, -1 backwards): an opening bracket read forwards, or a
// closing one read backwards, goes one deeper.
func bracketDepth(r rune, dir int) int {
	switch r {
	case '（', '(':
		return dir
	case '）', ')':
		return -dir
	}
	return 0
}

// Own returns the bounds of the text that belongs to figure k alone. Between
// two figures of a clause, a 、 marks the border (完成13个老旧小区改造、5个小区
// 加装电梯); without one, the border is the next figure. Before the first
// figure and after the last, the clause bounds hold, so 新增幼儿园、小学、初中
// 学位共9270座 keeps its whole list.
func Own(rs []rune, figs []Figure, k int) (start, end int) {
	start, end = Clause(rs, figs[k])
	if k > 0 && figs[k-1].End > start && figs[k-1].End <= figs[k].Start {
		start = figs[k-1].End
		if i := lastIndex(rs, start, figs[k].Start, '、'); i >= 0 {
			start = i + 1
		}
	}
	if k+1 < len(figs) && figs[k+1].Start < end && figs[k+1].Start >= figs[k].End {
		end = figs[k+1].Start
		if i := firstIndex(rs, figs[k].End, end, '、'); i >= 0 {
			end = i
		}
	}
	return start, end
}

func lastIndex(rs []rune, from, to int, r rune) int {
	for i := to - 1; i >= from; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

func firstIndex(rs []rune, from, to int, r rune) int {
	for i := from; i < to; i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// Subjects returns the subject of each figure found in text: the words it
// measures, such as 地区生产总值, 新增学位 or 地区生产总值增长.
func (e *Extractor) Subjects(text string, figs []Figure) []string {
	rs := []rune(text)
	out := make([]string, len(figs))
	base := make([]string, len(figs))  // subject without its change word
	lefts := make([]string, len(figs)) // the words before each figure
	chainLeft, chainClause := "", -1   // the last non-empty left context in a clause
	bounds := Thresholds(text, figs)
	for k, f := range figs {
		start, end := Own(rs, figs, k)
		rawLeft := string(rs[start:f.Start])
		left := e.cleanLeft(rawLeft)
		right := cleanRight(string(rs[f.End:end]))
		if toLevelRe.MatchString(left) || toLevelRe.MatchString(trimPunct(rawLeft)) {
			left = "" // …增长到2025年的4.93万亿元: the noun before 从 measures it
		}
		if k > 0 && bounds[k-1] && left != "" {
			left = figs[k-1].Text + left // 30亿元以上项目6个: a class of projects
		}
		if m := namedStartRe.FindStringSubmatch(right); m != nil {
			left, right = left+m[1], "" // 现行16%的税率降至13%: the start of 税率
		} else if toLevelRe.MatchString(right) || toLevelStartRe.MatchString(right) {
			right = "" // 3.68万亿元增长到…: what follows is the next level
			if i := max(strings.LastIndex(left, "从"), strings.LastIndex(left, "由")); i > 0 && utf8.RuneCountInString(left[i:]) <= maxStartWords {
				// 起征点从月销售额10万元提高到…: what is measured stands
				// before 从 (or 由); after it, only how (月销售额, 每人每月).
				left = left[:i]
			}
		}
		cs, _ := Clause(rs, f)
		if k > 0 && slices.Contains(stageVerbs, strings.TrimPrefix(left, "新增")) && sameSentence(rs, figs[k-1], f) {
			// 新开工保障性住房1.76万套、竣工2.13万套 (or ，供应1357套,
			// ，新增供应3289套): the stages of the same things, named once.
			things := chainLeft
			for cut := true; cut; {
				cut = false
				for _, v := range stageVerbs {
					if rest, ok := strings.CutPrefix(things, v); ok && rest != "" {
						things, cut = rest, true
						break
					}
				}
			}
			if things != chainLeft {
				left += things
			}
		}
		if left != "" {
			chainLeft, chainClause = left, cs
		} else if right != "" && chainClause == cs {
			// A list sharing its noun: 政务服务事项314项“容缺办”、110项“秒批办”.
			left = chainLeft
		}
		if k > 0 && slices.Contains(e.subject.owned, left) && sameSentence(rs, figs[k-1], f) {
			owner := e.owner(cmp.Or(lefts[k-1], base[k-1]))
			switch left {
			case "增加值":
				// Value added is an industry's, and statistics name it so:
				// 规模以上工业企业…增加值 is 规模以上工业增加值.
				owner = strings.TrimSuffix(owner, "企业")
			case "总量", "总数", "总额":
				// 新增国家高新技术企业164家，总量达2734家: the stock is of
				// the things, not of those added; GDP同比增长8.5%、比全市高
				// 2.5个百分点…；总量跃升到5202.01亿元: of the thing whose
				// change the sentence gave, not of the comparison.
				for j := k - 1; j >= 0 && sameSentence(rs, figs[j], f); j-- {
					if l := cmp.Or(lefts[j], base[j]); l != "" && figs[j].Change != "" && !strings.HasPrefix(l, "比") {
						owner = e.owner(l)
					}
				}
				for _, w := range flowVerbs {
					owner = strings.TrimPrefix(owner, w)
				}
				for _, w := range e.changes {
					owner = strings.TrimSuffix(owner, w)
				}
				owner = strings.TrimSuffix(owner, "同比")
			}
			left = owner + left
		}
		if strings.HasPrefix(left, "占") && k > 0 && lefts[k-1] != "" && figs[k-1].End <= start && trimPunct(string(rs[figs[k-1].End:start])) == "" {
			// 研发经费支出超过3800亿元、占地区生产总值比重3.14%: the share is
			// of the figure right before's subject.
			left = lefts[k-1] + left
		}
		if slices.Contains(bareRates, left) && right == "" {
			// GDP增速一季度-9.9%，上半年-6.2%，…全年增速达到2%: the rate of
			// what the sentence named it of first.
			for j := k - 1; j >= 0 && sameSentence(rs, figs[j], f); j-- {
				if i := strings.Index(lefts[j], left); i > 0 {
					left = lefts[j][:i] + left
					break
				}
			}
		}
		s := left + right
		if s == "" {
			s = e.clauseBefore(rs, figs, k)
		} else if area := e.areaBefore(rs, figs, k); area != "" && !strings.HasPrefix(s, area) {
			s = area + s
		}
		if (s == "" || s == left && right == "" && aggregateOnlyRe.MatchString(left)) && k > 0 {
			s = yearSpanRe.ReplaceAllString(s, "") // 五年年均: the span is the period's, not the name's
			cs, _ := Clause(rs, figs[k-1])
			_, ce := Clause(rs, f)
			// Inherit within the sentence: 地区生产总值5318.2亿元，增长8.6%;
			// the noun before the figure, not what follows it (地区生产总值
			// 迈上6万亿元台阶，达到62661亿元 measures 地区生产总值). 年均 alone
			// says how, not what: 地区生产总值…，年均增长5.7% is 地区生产总值's.
			if !strings.ContainsAny(string(rs[cs:ce]), "。！？") {
				if prev := cmp.Or(lefts[k-1], base[k-1]); prev != "" || s == "" {
					s = prev + s
				}
			}
		}
		s = capSubject(s, left != "")
		base[k], lefts[k] = s, capSubject(left, true)
		if f.Change != "" && f.Percent() && !strings.HasSuffix(s, string(f.Change)) {
			s += string(f.Change)
		}
		out[k] = s
	}
	return out
}

// maxStartWords bounds the words between 从 and a starting level, in runes.
const maxStartWords = 8

// rightVerbs close a clause after its figure without naming anything.
var rightVerbs = []string{"安排", "执行", "实施", "落实", "部署", "掌握"}

// stageVerbs are the stages of building and handing over, longest first:
// a list of them names its things once (新开工保障性住房1.76万套、竣工2.13万套、
// 供应2.14万套).
var stageVerbs = []string{"新开工", "基本建成", "开工", "竣工", "建成", "供应", "筹集", "分配", "交付", "新建", "改造", "完工", "建设"}

// emptyLeads say when or on what basis a figure is counted (全年, 同口径);
// alone they name nothing.
var emptyLeads = []string{"全年", "当年", "年内", "预计全年", "同口径", "可比口径", "按可比口径"}

// bareRates name a rate without what it is of.
var bareRates = []string{"增速", "增幅", "增长率"}

// NamesRate reports a subject that names a rate of growth (GDP增速,
// 全年增速): its figure is a rate whatever its words around it say.
func NamesRate(subject string) bool {
	return slices.ContainsFunc(bareRates, func(w string) bool { return strings.HasSuffix(subject, w) })
}

// flowVerbs open a count of things added in the year (新增…164家).
var flowVerbs = []string{"累计新增", "新增", "净增", "新认定", "新引进", "新培育"}

// aggregateOnlyRe is a left context that says how a figure is reckoned
// over time and nothing of what it measures (年均增长5.7%, 五年年均增长
// 5.2%, 十年累计).
var aggregateOnlyRe = regexp.MustCompile(`^(?:[一二三四五六七八九十两\d]+年)?(?:年均|年平均|平均|累计)$`)

// yearSpanRe is a number of years opening a subject (五年年均).
var yearSpanRe = regexp.MustCompile(`^[一二三四五六七八九十两\d]+年`)

// clauseBefore is the subject a figure without one takes from the clause
// before its own when that clause holds no figure and says something of
// a noun: 全省进出口总值创历史新高，达到5379亿元 measures 进出口总值. Only a
// clause cut at one of the claim words counts, so a clause that merely
// leads in (经济运行稳中向好，…) names nothing.
func (e *Extractor) clauseBefore(rs []rune, figs []Figure, k int) string {
	prev, ok := figurelessBefore(rs, figs, k)
	if !ok {
		return ""
	}
	i := -1
	for _, w := range e.subject.claims {
		if j := strings.Index(prev, w); j > 0 && (i < 0 || j < i) {
			i = j
		}
	}
	if i < 0 {
		return ""
	}
	s := e.cleanLeft(prev[:i])
	if utf8.RuneCountInString(s) > maxSubject {
		return ""
	}
	return s
}

// figurelessBefore returns the clause before figure k's own, when a comma
// parts the two within a sentence and that clause holds no figure.
func figurelessBefore(rs []rune, figs []Figure, k int) (string, bool) {
	cs, _ := Clause(rs, figs[k])
	if cs == 0 || rs[cs-1] != '，' && rs[cs-1] != ',' {
		return "", false
	}
	ps := cs - 1
	for ps > 0 && !IsClauseBreak(rs[ps-1]) {
		ps--
	}
	if k > 0 && figs[k-1].End > ps {
		return "", false
	}
	return string(rs[ps : cs-1]), true
}

// maxArea bounds where a part of a region's name may end, in runes.
const maxArea = 10

// areaBefore returns the part of a region that the figureless clause
// before figure k's opens with (海口经济圈…完成编制，经济总量年均增长5.8%:
// 海口经济圈), or "".
func (e *Extractor) areaBefore(rs []rune, figs []Figure, k int) string {
	text, ok := figurelessBefore(rs, figs, k)
	if !ok {
		return ""
	}
	prev := []rune(e.cleanLeft(text))
	head := string(prev[:min(len(prev), maxArea)])
	for _, w := range e.subject.areas {
		// A place's name before the word (海口, 长株潭), not a phrase
		// (支持社会资本参与园区…).
		if i := strings.Index(head, w); i > 0 && utf8.RuneCountInString(head[:i]) <= maxAreaName {
			return head[:i+len(w)]
		}
	}
	return ""
}

// maxAreaName is the longest place name before an area word, in runes.
const maxAreaName = 5

// owner is what a subject counts or measures, without its measure:
// 规模以上工业企业 whole, 工业 of 工业总产值.
func (e *Extractor) owner(subject string) string {
	for _, w := range e.subject.owned {
		if t, ok := strings.CutSuffix(subject, w); ok {
			return t
		}
	}
	return subject
}

// sameSentence reports whether no sentence ends between figures a and b.
func sameSentence(rs []rune, a, b Figure) bool {
	return !strings.ContainsAny(string(rs[a.End:b.Start]), "。！？")
}

// capSubject cuts a subject to maxSubject runes, keeping the end nearest
// the figure: the end of one read from the left of its figure, else the
// start.
func capSubject(s string, fromLeft bool) string {
	r := []rune(s)
	if len(r) <= maxSubject {
		return s
	}
	if !fromLeft {
		return string(r[:maxSubject])
	}
	s = string(r[len(r)-maxSubject:])
	// Not from inside a quotation: “1+8”大型… cut as +8”大型….
	if c, o := strings.Index(s, "”"), strings.Index(s, "“"); c >= 0 && (o < 0 || c < o) {
		s = s[c+len("”"):]
	}
	// Not from inside a name either (清华大学经管学院… cut as 学院…): from
	// the next item of a series when one starts in the first half.
	if i := strings.IndexAny(s, "、，,；"); i >= 0 && utf8.RuneCountInString(s[:i]) < maxSubject/2 {
		if rest := s[i+len(string([]rune(s[i:])[0])):]; rest != "" {
			s = rest
		}
	}
	return s
}

// cleanLeft trims from the words before a figure what is not its subject:
// punctuation, lead words (预计, 累计 …), tail words and change words.
func (e *Extractor) cleanLeft(s string) string {
	s = trimPunct(s)
	for changed := true; changed; {
		changed = false
		if t := listNumberRe.ReplaceAllString(s, ""); t != s && t != "" {
			s, changed = trimPunct(t), true
		}
		// 比上年 alone (比上年增长7.2% after 社会消费品零售总额1288.9亿元)
		// leaves nothing: the figure measures the subject before it.
		if t := comparedRe.ReplaceAllString(s, ""); t != s {
			s, changed = trimPunct(t), true
		}
		if t := fromLevelRe.ReplaceAllString(s, ""); t != s && t != "" {
			s, changed = trimPunct(t), true
		}
		if t := sameBelowRe.ReplaceAllString(s, ""); t != s && t != "" {
			s, changed = trimPunct(t), true
		}
		for _, w := range e.subject.lead {
			if strings.HasPrefix(s, w) && len(s) > len(w) {
				s = trimPunct(strings.TrimPrefix(s, w))
				changed = true
			}
		}
		if slices.Contains(emptyLeads, s) {
			// GDP增速逐季攀升，全年增长9.3%: the year says when, not what;
			// …收入55亿元，同口径增长5.2%: the basis says how.
			s, changed = "", true
		}
		for _, w := range e.subject.tail {
			if strings.HasSuffix(s, w) {
				// A tail word alone (、达到4211亿元) leaves no subject.
				s = trimPunct(strings.TrimSuffix(s, w))
				changed = true
				break // the longest tail of what is left next (提升至 of 提升至每月), not a shorter one's
			}
		}
		for _, w := range e.changes {
			if strings.HasSuffix(s, w) {
				s = trimPunct(strings.TrimSuffix(s, w))
				changed = true
			}
		}
	}
	return s
}

// sameBelowRe is an editor's note closing a subject, (下同): the figures
// after are reckoned alike, which says nothing of what they measure. A
// note that also says how (（不含农户，下同）) stays.
var sameBelowRe = regexp.MustCompile(`[（(]下同[）)]$`)

// fromLevelRe closes the subject of a change's starting level: 生产总值
// 从2020年的 (3.68万亿元), 由 (5.2万元).
var fromLevelRe = regexp.MustCompile(`(?:从|由)(?:\d{4}年(?:底|末)?的?|上半年的?|年初的?|(?:上|去)年(?:底|末)?的?)?$`)

// toLevelRe is all there is between a change's two levels, or before the
// level reached: 增长到2025年的, 提高到, 增至.
var toLevelRe = regexp.MustCompile(`^(?:的\p{Han}{1,8}?)?(?:增长|提高|提升|增加|扩大|上升|跃升|降低|下降|减少|缩小|增|降)?(?:到|至)(?:\d{4}年(?:底|末)?的?)?$`)

// namedStartRe is what a starting level is of, named after it: 16%的税率
// 降至13%.
var namedStartRe = regexp.MustCompile(`^的(\p{Han}{1,8}?)(?:增长|提高|提升|增加|扩大|上升|跃升|降低|下降|减少|缩小|下调|上调|增|降)(?:到|至)$`)

// toLevelStartRe opens the words after a starting level that lead to the
// level reached.
var toLevelStartRe = regexp.MustCompile(`^(?:增长|提高|提升|增加|扩大|上升|跃升|降低|下降|减少|缩小|增|降)(?:到|至)`)

// listNumberRe is the number of a list item opening a subject: 2.实现…,
// （3）…, ③….
var listNumberRe = regexp.MustCompile(`^(?:\d{1,2}\s*[.．、]|[（(]\s*[\d一二三四五六七八九十]{1,2}\s*[)）]|[①-⑳])\s*`)

// comparedRe is what a change is measured against, closing a subject:
// 实有企业较“十三五”期末 (增长36.2%), 比上年, 较2020年.
var comparedRe = regexp.MustCompile(`(?:较|比|相比|同比)\s*(?:上年(?:末|底|同期)?|去年(?:末|底|同期)?|同期|年初|上月|[“"]?十[一二三四五六七八九]五[”"]?期末|\d{4}年(?:底|末)?)$`)

// maxRightSubject caps a subject that follows its figure, in runes.
const maxRightSubject = 20

// cleanRight keeps of the words after a figure those up to the next list
// mark or bracket: the subject of a figure written first (9510座学位).
func cleanRight(s string) string {
	if i := strings.IndexAny(s, "、（(，"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, "等")
	if slices.Contains(rightVerbs, trimPunct(s)) {
		return "" // 赤字率拟按3.2%左右安排: how it is done, not what
	}
	// A subject after its figure runs to the clause's end: whole words
	// matter more than brevity (…教育模式发展的实验学校, not …教育模式发).
	if r := []rune(s); len(r) > maxRightSubject {
		s = string(r[:maxRightSubject])
	}
	return trimPunct(s)
}

func trimPunct(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == '、' || r == ' ' || r == '—' || r == '-' || r == '＋' || IsClauseBreak(r)
	})
}
