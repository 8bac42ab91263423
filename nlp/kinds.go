package nlp

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp/numeral"
)

// Kind is what a question asks for beyond "how much is X".
type Kind string

// The kinds of question planbot answers.
const (
	AskFigure     Kind = ""           // 2022年新增学位多少: one figure
	AskVerdict    Kind = "verdict"    // 2021年GDP目标完成了吗: was a target met
	AskTask       Kind = "task"       // 第20项任务是什么, 住房方面是哪项任务
	AskDifference Kind = "difference" // 2022年比2021年新增学位多了多少
	AskRatio      Kind = "ratio"      // 新增学位完成了目标的百分之几
	AskList       Kind = "list"       // 2022年的主要预期性指标有哪些, 教育方面有什么计划
	AskTrend      Kind = "trend"      // 近三年GDP增速, 各区2026年GDP增长目标
)

var (
	verdictRe = regexp.MustCompile(`(?:目标|任务|计划|指标)?(?:是否|有没有|有无)?(?:全部|全面|都|均)?(?:完成|实现|达到|达成|达标)(?:了)?(?:(?:国家|省|市|区|县|上级)?下达的?)?(?:目标|任务|计划)?(?:了)?(?:吗|没有|没|与否|了没|情况如何|得怎么样|得如何)|是否(?:完成|实现|达到|达成)(?:了)?(?:目标|任务|计划)?`)
	// 任务二十 too, but not 任务一览 or 任务十分繁重: a numeral after 任务
	// ends the question or comes before 是/讲/说/的.
	taskNumRe = regexp.MustCompile(`第\s*([0-9]+|[一二三四五六七八九十百两]+)\s*(?:项|条|个)?\s*(?:重点)?(?:任务|工作)|任务\s*([0-9]+)|任务\s*([一二三四五六七八九十百两]+)(?:$|[是讲说的？?。，,\s])|([0-9]+)\s*号任务`)
	taskAsk   = regexp.MustCompile(`(?:是什么|是啥|讲什么|讲的是什么|说什么|内容是什么|有哪些内容|是哪些|的内容|讲了什么)`)
	// 住房方面是哪项任务, 哪项任务讲教育
	taskTopicRe = regexp.MustCompile(`(?:是|属于|在)?哪(?:一)?(?:项|个|条)(?:重点)?任务`)
	// 有哪几个方面, 做哪几方面工作, 重点做好哪几个方面的工作, 抓哪几大行动, 打好哪六大攻坚战,
	// 从哪几个方面推进: which
	// sections the work has.
	aspectsRe = regexp.MustCompile(`(?:(?:有|做好|做|抓好|抓|干好|办好|打好|打赢|推进|部署|开展|包括|包含|分为|分|是|提出了?)?哪(?:几|些|[一二三四五六七八九十两]{1,2})|分(?:为|成)?几)(?:个|大|项|场)?(?:方面|大行动|具体行动|大工程|大任务|攻坚战|战役|块|大块|部分|板块|工作重点|重点工作|工作)(?:的)?(?:工作|任务)?|哪几项$`)
	// 教育方面有什么计划: what the plan says of a topic.
	planTopicRe = regexp.MustCompile(`(?:方面|领域)?(?:有|做)?(?:什么|哪些|些什么)(?:计划|安排|任务|举措|工作|打算|措施|部署|规划)`)
	listRe      = regexp.MustCompile(`有哪些|有哪几项|有什么|都有啥|包括哪些|包括哪几项|包含哪些|是哪些|列出|列举`)
	// 比去年多安排多少项, 少建几所: a verb between the comparison and the
	// question word.
	moreDoneRe = regexp.MustCompile(`(?:多|少)\p{Han}{1,2}?(?:了)?(?:多少|几)`)
	moreLessRe = regexp.MustCompile(`(多|少|高|低|增加|减少|提高|下降|降低|增长|上升|相差|差距|差)(?:了)?(?:多少|几|多大)`)
	ratioRe    = regexp.MustCompile(`(?:完成|达到|实现)(?:了)?(?:目标|计划)(?:的)?(?:百分之几|多少|几成|比例|比重|进度)|占(?:目标|计划)(?:的)?(?:百分之几|多少|比例)`)
	recentRe   = regexp.MustCompile(`(?:近|最近|过去)([0-9]+|[一二三四五六七八九十两]+)年`)
	// 比目标高多少, 超出目标多少: a result against its target.
	againstTargetRe = regexp.MustCompile(`比(?:预期|年初|年度)?(?:目标|计划)|(?:超|超过|超出|高于|低于|少于|多于|落后于?)(?:了)?(?:预期|年初|年度)?(?:目标|计划)`)
	// 多降了多少: by how much more a decline fell.
	moreFallRe   = regexp.MustCompile(`(多|少)(下降|减少|降|减)(?:了)?`)
	trendWordsRe = regexp.MustCompile(`(?:历年|逐年|每年|这几年|近几年)(?:来)?(?:的)?(?:变化|趋势|走势)?(?:情况)?|变化趋势|变化情况|走势|怎么变|如何变化`)
	// 的变化 after 近三年…: words of the trend, not of the indicator.
	trendTailRe  = regexp.MustCompile(`(?:的)?(?:变化|趋势|走势)(?:情况)?(?:如何|怎样|怎么样)?[？?。]*$`)
	eachRegionRe = regexp.MustCompile(`各(?:区|县|市|省|地|地区|区县|省份|城市|辖区)(?:的)?`)
)

// questionKind reads what kind of answer the question wants and takes
// out the words that say so, leaving the indicator or topic asked about.
// Each pattern is tried only when the text holds a word every match of
// it holds (kindWords): most questions ask for a figure, and trying every
// pattern on them cost a fifth of reading a question.
func (a *Analyzer) questionKind(r *reading) {
	t := r.Text
	task := strings.Contains(t, "任务") || strings.Contains(t, "工作")
	switch {
	case task && taskNumRe.MatchString(t):
		m := taskNumRe.FindStringSubmatch(t)
		r.Kind, r.TaskNumber = AskTask, taskNumber(m[1]+m[2]+m[3]+m[4])
		r.take(m[0])
		if loc := taskAsk.FindString(t); loc != "" {
			r.take(loc)
		}
	case task && strings.Contains(t, "哪") && taskTopicRe.MatchString(t):
		r.Kind = AskTask
		r.take(taskTopicRe.FindString(t))
		r.take("方面")
	case (strings.Contains(t, "哪") || strings.Contains(t, "分")) && aspectsRe.MatchString(t) && (task || !strings.Contains(aspectsRe.FindString(t), "方面") && aspectsRe.FindString(t) != "哪几项" || strings.Contains(t, "从哪几")):
		// 今年重点工作有哪几个方面, 重点做哪几方面工作: the sections of the
		// year's work, listed as its tasks.
		r.Kind, r.Topic, r.ListOf = AskList, true, "任务"
		r.take(aspectsRe.FindString(t))
		for _, w := range []string{"政府工作报告", "政府工作任务", "政府工作", "工作安排", "国务院", "政府", "报告", "安排", "重点工作", "主要工作", "重点任务", "主要任务", "工作任务", "工作", "任务", "重点", "主要"} {
			if strings.Contains(t, w) {
				r.take(w)
			}
		}
	case containsAny(t, ratioWords) && ratioRe.MatchString(t):
		r.Kind = AskRatio
		r.take(ratioRe.FindString(t))
	case !strings.Contains(t, "多少") && !strings.Contains(t, "几") && containsAny(t, verdictWords) && verdictRe.MatchString(t):
		r.Kind = AskVerdict
		r.take(verdictRe.FindString(t))
	case containsAny(t, ratioWords) && againstTargetRe.MatchString(t) && (moreLessRe.MatchString(t) || strings.Contains(t, "多少") || strings.Contains(t, "几个百分点")):
		r.Kind, r.AgainstTarget = AskDifference, true
		r.take(againstTargetRe.FindString(t))
		// 多/高 … 多少 are the question's words; 下降 in 多下降几个百分点
		// is also the indicator's (万元GDP能耗下降), so it stays.
		if m := moreLessRe.FindStringSubmatch(t); m != nil {
			if strings.Contains("多少高低差", m[1]) {
				r.take(m[0])
			} else {
				r.take(strings.TrimPrefix(strings.TrimPrefix(m[0], m[1]), "了"))
			}
		}
		if m := moreFallRe.FindStringSubmatch(t); m != nil {
			if m[2] == "降" || m[2] == "减" {
				r.take(m[0])
			} else {
				r.take(m[1])
			}
		}
	case comparesTwo(t) && containsAny(t, askWords[:2]) && (moreLessRe.MatchString(t) || moreDoneRe.MatchString(t)):
		r.Kind = AskDifference
		if m := moreLessRe.FindString(t); m != "" {
			r.take(m)
		} else {
			r.take(moreDoneRe.FindString(t))
		}
		r.take("比")
	case containsAny(t, planTopicWords) && planTopicRe.MatchString(t):
		m := planTopicRe.FindString(t)
		r.Kind, r.Topic, r.ListOf = AskList, true, listedKind(m)
		r.take(m)
	case (containsAny(t, recentWords) && recentRe.MatchString(t) && !r.FiveYears) || containsAny(t, trendWords) && trendWordsRe.MatchString(t) || strings.Contains(t, "各") && eachRegionRe.MatchString(t):
		r.Kind = AskTrend
		if m := recentRe.FindStringSubmatch(t); m != nil {
			r.RecentYears = taskNumber(m[1])
			r.take(m[0])
		}
		if m := eachRegionRe.FindString(t); m != "" {
			r.EachRegion = true
			r.take(m)
		}
		if m := trendWordsRe.FindString(t); m != "" {
			r.take(m)
		}
		if m := trendTailRe.FindString(r.Text); m != "" {
			r.take(m)
		}
	case containsAny(t, listWords) && listRe.MatchString(t):
		r.Kind = AskList
		r.take(listRe.FindString(t))
	}
}

// kindWords: a text that matches a pattern holds one of its words.
var (
	ratioWords     = []string{"目标", "计划"}                                // ratioRe, againstTargetRe
	verdictWords   = []string{"完成", "实现", "达到", "达成", "达标"}              // verdictRe
	planTopicWords = []string{"什么", "哪些"}                                // planTopicRe
	recentWords    = []string{"近", "过去"}                                 // recentRe
	trendWords     = []string{"历年", "逐年", "每年", "几年", "变化", "走势", "怎么变"} // trendWordsRe
	listWords      = []string{"哪些", "哪几项", "什么", "啥", "列出", "列举"}        // listRe
)

// containsAny reports whether s holds one of words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// listedKind is the kind of thing a plan-topic question asks for: 任务 in
// 有哪些任务, else 计划.
func listedKind(m string) string {
	for _, k := range []string{"任务", "安排", "举措", "措施", "工作", "部署"} {
		if strings.HasSuffix(m, k) {
			return k
		}
	}
	return "计划"
}

// comparesTwo reports a 比 that compares two things (2022年比2021年),
// not one of 同比, 环比, 对比, 占比, 比重, 比例.
func comparesTwo(t string) bool {
	if spreadRe.MatchString(t) {
		return true // 城镇和农村居民人均可支配收入相差多少
	}
	for i := strings.Index(t, "比"); i >= 0; {
		before, _ := utf8.DecodeLastRuneInString(t[:i])
		after, _ := utf8.DecodeRuneInString(t[i+len("比"):])
		if !strings.ContainsRune("同环对占相", before) && !strings.ContainsRune("重例率较", after) && (!priorPeriod(t[i+len("比"):]) || targetAgainst(t[:i])) {
			return true
		}
		j := strings.Index(t[i+len("比"):], "比")
		if j < 0 {
			return false
		}
		i += len("比") + j
	}
	return false
}

// spreadRe asks how far apart two things named with 和 or 与 are: A和B
// 相差多少, A与B差距多大.
var spreadRe = regexp.MustCompile(`\p{Han}[和与]\p{Han}.*(?:相差|差距|差)(?:了)?(?:多少|几|多大)`)

// priorPeriodRe is the rest of a question asking a change against the
// period before, as reports state it (比上年增长多少, 比去年同期下降了几个
// 百分点): a rate asked, not two things compared. An amount asked (比上年
// 增加了多少亿元) is a difference the report rarely states.
var priorPeriodRe = regexp.MustCompile(`^(?:上年|去年|上一年|前一年|同期|年初|上月|上季度)(?:末|底|同期)?(?:增长|下降|上涨|下跌|提高|降低|增加|减少)(?:了)?(?:多少|几)(?:个百分点|%|％)?[？?]?$`)

// priorPeriod reports text after a 比 that asks a change against the
// period before.
func priorPeriod(t string) bool { return priorPeriodRe.MatchString(t) }

// targetAgainst reports a target named before 比 (今年…目标比去年提高多少):
// a target is compared with last year's figure, which no report states
// as a change, so 比去年提高多少 compares two years there.
func targetAgainst(before string) bool {
	return strings.Contains(before, "目标") || strings.Contains(before, "计划")
}

// taskNumber reads a task's number written 20 or 二十; 0 when it is
// neither.
func taskNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if v, ok := numeral.Parse(s); ok && v == float64(int(v)) {
		return int(v)
	}
	return 0
}

// followUpRe is how a question that continues the one before opens or
// ends: 那2021年呢, 南山区呢, 那么目标呢, 2021年的呢.
var followUpRe = regexp.MustCompile(`^(?:那|那么|那你说|还有)|呢[？?]?$|的呢|怎么样[？?]?$|又是多少`)

// FollowUpWords reports a question worded as a follow-up of the one
// before it.
func FollowUpWords(q string) bool {
	return followUpRe.MatchString(strings.TrimSpace(q))
}

// Substitute asks the previous question p again of what the follow-up f
// names: f's years, regions and period replace p's, and f's target or
// result words are added: 2022年新增学位多少 and 那2021年呢 give
// 2021年新增学位多少.
func (a *Analyzer) Substitute(p, f Question) string {
	text := p.Text
	if len(f.Years) > 0 {
		text = yearRe.ReplaceAllString(text, "")
		text = shortYearRe.ReplaceAllString(text, "")
		for _, r := range a.relYears {
			text = strings.ReplaceAll(text, r.Word, "")
		}
		for _, y := range slices.Backward(f.Years) {
			text = strconv.Itoa(y) + "年" + text
		}
	}
	if len(f.Regions) > 0 {
		for _, r := range p.Regions {
			for _, alias := range a.places.Aliases(r) {
				text = strings.ReplaceAll(text, alias, "")
			}
		}
		text = strings.Join(f.Regions, "") + text
	}
	switch {
	case f.Target && !p.Target:
		text = strings.TrimRight(text, "？?") + "目标"
	case f.Result && !p.Result:
		text = "实际" + text
	}
	return text
}
