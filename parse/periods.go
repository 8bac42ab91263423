package parse

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/planbot/planbot/nlp/numeral"
	"github.com/planbot/planbot/plan"
)

// timeContext is the time a part's figures belong to, carried from
// sentence to sentence: a report reviews "过去一年" in one paragraph and
// "五年来" (a five-year plan's period) in the next, and a figure is of
// whichever the text last said.
type timeContext struct {
	year   int         // a single year; 0 for the part's own
	period plan.Period // a span of years; zero for a single year
	within string      // a part of the year (上半年, 1-8月): plan.WithinIn
	// ahead marks the term ahead named by a heading (未来五年工作): a year
	// a sentence opens on is that sentence's alone.
	ahead bool
}

// yearCueRe opens a clause about one year: 2025年…, 刚刚过去的2025年…,
// 到2025年… (a plan's target year).
var yearCueRe = regexp.MustCompile(`^(?:刚刚过去的|过去的|回顾|到|至|预计到|力争到|计划到)?\s*(\d{4})\s*年`)

// eventDateRe opens a clause on a month of a year (2019年9月, 去年9月,
// 今年三月): an event's date.
var eventDateRe = regexp.MustCompile(`^(?:\d{4}\s*年|今年|去年|明年)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月(?:份)?(?:\d{1,2}日|[^\d\-—至到~～、])`)

// fiveYears are the words for the five years a report looks back on.
var fiveYears = []string{"五年来", "5年来", "过去五年", "过去5年", "过去的五年", "这五年", "近五年", "近5年", "五年间", "五年里", "五年中", "五年时间", "五年时光", "经过五年", "经过5年"}

// partContext is the time a part's heading names: one year (2026年重点工
// 工作), one five-year plan's period (“十五五”时期主要目标任务), or, for a
// heading naming both (“十四五”时期和2025年工作回顾), the first it names.
func partContext(doc *plan.Document, pt *plan.Part) timeContext {
	title := numeral.NormalizeYears(pt.Title)
	n, fypAt, _ := plan.FiveYearPlanIn(title)
	yearAt := -1
	if m := regexp.MustCompile(`\d{4}\s*年`).FindStringIndex(title); m != nil {
		yearAt = m[0]
	}
	// Only a heading that opens on the plan is of it: 一、坚持以城市管理治理为
	// 核心，…为“十三五”发展奠定坚实基础 is the year's work.
	opens := strings.TrimSpace(strings.TrimRight(title[:fypAt], "“\"‘")) == ""
	if n != 0 && opens && (yearAt < 0 || fypAt < yearAt) {
		return timeContext{period: plan.FiveYearPlan(n)}
	}
	if yearAt < 0 && doc.PlanYear != 0 && plan.AheadTermIn(title) != "" {
		// 二、未来五年工作目标和任务 beside 三、2017年工作安排: the
		// term's five years from the one planned, not that year's targets.
		return timeContext{period: plan.Period{From: doc.PlanYear, To: doc.PlanYear + 4}, ahead: true}
	}
	if yearAt < 0 && doc.ReportYear != 0 && containsAny(title, fiveYears...) {
		// 一、过去五年工作回顾 in a report opening a term: the five years
		// up to the one reported on.
		return timeContext{period: plan.Period{From: doc.ReportYear - 4, To: doc.ReportYear}}
	}
	if g := groupOf(doc, pt); g != nil && yearAt < 0 && n == 0 && !containsAny(title, "今年", "本年", "明年") {
		// 未来五年工作, then 一、深入落实创新驱动… 九、…: the numbered
		// themes under a heading of the term ahead are of its years.
		if gc := partContext(doc, g); gc.ahead {
			return gc
		}
	}
	return timeContext{}
}

// groupOf is the unnumbered heading a numbered part stands under, nil for
// none.
func groupOf(doc *plan.Document, pt *plan.Part) *plan.Part {
	if pt.Number == 0 || pt.Annex != "" {
		return nil
	}
	for i := range doc.Parts {
		if &doc.Parts[i] == pt {
			for j := i - 1; j >= 0; j-- {
				if g := &doc.Parts[j]; g.Number == 0 {
					if g.Annex != "" {
						return nil
					}
					return g
				}
			}
			return nil
		}
	}
	return nil
}

// namesTerm reports words naming a term of five years back or ahead.
func namesTerm(s string) bool { return containsAny(s, fiveYears...) || plan.AheadTermIn(s) != "" }

// update reads the first clause of a sentence for the time it speaks of,
// and makes it the context when it names one.
func (tc *timeContext) update(sentence string, doc *plan.Document, words *words) {
	first := firstClause(sentence)
	if first == "" {
		return
	}
	if rest, ok := strings.CutPrefix(strings.TrimSpace(sentence), first); ok && (strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, ":")) {
		// 主要目标是：到2025年，…: the time is named after the colon.
		if next := firstClause(strings.TrimLeft(rest, "：:")); yearCueRe.MatchString(numeral.NormalizeYears(next)) {
			first = next
		}
	}
	// A clause opening on a part of the year (上半年，…, 2023年1-6月，…)
	// speaks of it until one opens on another time or on 全年.
	w, at, _ := plan.WithinIn(first)
	opens := w != "" && (at == 0 || yearCueRe.MatchString(first[:at]) && len(strings.TrimSpace(yearCueRe.ReplaceAllString(first[:at], ""))) == 0 ||
		slices.Contains([]string{"今年", "本年", "去年"}, strings.TrimSpace(first[:at]))) // 今年一季度，…
	defer func() {
		switch {
		case opens:
			tc.within = w
		case strings.HasPrefix(first, "全年") || strings.HasPrefix(first, "全区全年") || strings.HasPrefix(first, "全市全年"):
			tc.within = ""
		}
	}()
	if lead := strings.TrimPrefix(strings.TrimPrefix(first, "初步"), "预计"); (lead == "" || strings.HasPrefix(lead, "全年")) && !tc.period.IsZero() && tc.period.To == doc.ReportYear && doc.ReportYear != 0 {
		// 过去四年，… then 初步预计，全年地区生产总值增长6.5%左右: the
		// year reported on again.
		next := firstClause(strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(sentence), first), "，,"))
		if strings.HasPrefix(lead, "全年") || lead == "" && strings.HasPrefix(next, "全年") {
			*tc = timeContext{year: doc.ReportYear}
			return
		}
	}
	if n, _, end := plan.FiveYearPlanIn(first); n != 0 && strings.HasPrefix(strings.TrimLeft(first[end:], "”\"’"), "末") {
		*tc = timeContext{year: plan.FiveYearPlan(n).To} // 到“十四五”末: its last year
		return
	}
	if p, ok := periodCue(first, doc); ok {
		*tc = timeContext{period: p}
		return
	}
	if eventDateRe.MatchString(numeral.NormalizeYears(first)) {
		return // 去年9月召开的全会…: the date of an event, not the time of what follows
	}
	if m := yearCueRe.FindStringSubmatch(numeral.NormalizeYears(first)); m != nil {
		y, _ := strconv.Atoi(m[1])
		if y == tc.period.To && !tc.period.IsZero() && !tc.ahead && strings.ContainsAny(m[0][:min(len(m[0]), len("至"))], "到至") {
			return // 到2030年 under “十五五”时期: the period's end, still the period
		}
		*tc = timeContext{year: y}
		return
	}
	if strings.HasPrefix(first, "今年") || strings.HasPrefix(first, "过去一年") || strings.HasPrefix(first, "一年来") || strings.HasPrefix(first, "这一年") || strings.HasPrefix(first, "去年") {
		if y := words.relativeYearIn(first, doc.ReportYear, doc.PlanYear); y != 0 {
			*tc = timeContext{year: y}
		} else if strings.HasPrefix(first, "一年来") || strings.HasPrefix(first, "这一年") {
			*tc = timeContext{year: doc.ReportYear}
		}
	}
}

// periodCue reads a clause opening a span of years: “十四五”时期, “十四五”
// 以来, 五年来 (the five years up to the year reported on).
func periodCue(first string, doc *plan.Document) (plan.Period, bool) {
	if n, start, end := plan.FiveYearPlanIn(first); n != 0 && plan.ComparedWith(first[:start]) == "" {
		rest := strings.TrimLeft(first[end:], "”\"’")
		for _, w := range []string{"时期", "期间", "以来", "这五年", "的五年", "五年"} {
			if strings.HasPrefix(rest, w) {
				return plan.FiveYearPlan(n), true
			}
		}
	}
	for _, w := range fiveYears {
		if strings.Contains(first, w) && doc.ReportYear != 0 {
			return plan.Period{From: doc.ReportYear - 4, To: doc.ReportYear}, true
		}
	}
	if m := yearsBackRe.FindStringSubmatch(first); m != nil && doc.ReportYear != 0 {
		// 过去四年，… in a term of four: the years up to the one reported on.
		n := strings.Index("一二三四五六七八九十", m[1]+m[2])/len("一") + 1
		return plan.Period{From: doc.ReportYear - n + 1, To: doc.ReportYear}, true
	}
	return plan.Period{}, false
}

// yearsBackRe opens on a run of years up to the one reported on other than
// five: 过去四年, 三年来.
var yearsBackRe = regexp.MustCompile(`^(?:过去的?|近)([三四六七八九十])年|^([三四六七八九十])年来`)

// firstClause is a sentence up to its first comma or colon, without an
// address to the audience (各位代表！).
func firstClause(s string) string {
	s = strings.TrimSpace(s)
	for _, a := range []string{"各位代表！", "各位代表，", "各位代表:", "各位代表："} {
		s = strings.TrimPrefix(s, a)
	}
	if i := strings.IndexAny(s, "，,：:；;。！？"); i >= 0 {
		s = s[:i]
	}
	return s
}

// aggregateOf reads whether a figure's clause sums or averages over years:
// 年均增长 is a yearly mean, 年均浓度 a year's level.
func aggregateOf(clause string) plan.Aggregate {
	switch {
	case plan.YearlyMeanIn(clause):
		return plan.YearlyMean
	case strings.Contains(clause, "累计"):
		return plan.Cumulative
	}
	return plan.Annual
}

// timeOf sets a fact's year, period and aggregate from the context and
// its clause: a figure of a period is dated by the period's last year, and
// one that averages or sums over five years (…五年分别增长) covers them.
func (tc timeContext) timeOf(f *plan.Fact, pt *plan.Part, doc *plan.Document) {
	f.Year = pt.Year
	if tc.year != 0 {
		f.Year = tc.year
	}
	f.Aggregate = aggregateOf(f.Clause)
	if f.Aggregate == plan.YearlyMean && f.Change == "" && !plan.YearlyMeanIn(f.Own) && f.Unit != "%" {
		// 收入从9367亿元增加到12922亿元、年均增长6.6%: the mean is the
		// rate's; the level is the period's last year's.
		f.Aggregate = plan.Annual
	}
	f.Period = tc.period
	f.Within = tc.within
	if !f.Period.IsZero() && doc.PlanYear != 0 && f.Period.From >= doc.PlanYear && containsAny(f.Clause, "今年", "年内", "当年", "本年") {
		// 年内新增…3000个停车位 among the term's targets: the year's.
		f.Period, f.Year = plan.Period{}, doc.PlanYear
	}
	if f.Period.IsZero() && strings.Contains(f.Clause, "五年") && doc.ReportYear != 0 && pt.Kind == plan.KindResult {
		f.Period = plan.Period{From: doc.ReportYear - 4, To: doc.ReportYear}
	}
	if !f.Period.IsZero() {
		f.Year = f.Period.To
	}
	// A review that turns to what comes (“十五五”时期…达到6%以上, 今年…)
	// states targets, not results.
	if f.Kind == plan.KindResult && doc.ReportYear != 0 && f.Year > doc.ReportYear {
		f.Kind = plan.KindTarget
	}
	// 今年一季度，…地区生产总值增长9.6% among the year's plans: what the
	// quarter gone brought, not what is planned.
	if f.Within != "" && (f.Kind == plan.KindTask || f.Kind == plan.KindTarget) && f.Year == doc.PlanYear && !containsAny(f.Clause, "力争", "确保", "要", "将", "计划", "目标", "预计", "争取") {
		f.Kind = plan.KindResult
	}
	// A part headed by a theme (一、一年接着一年干，新福建建设持续取得新成效)
	// says by its years what it holds: the year reported on, results; the
	// years planned, tasks.
	if f.Kind == plan.KindOther && f.Year != 0 && doc.ReportYear != 0 && doc.PlanYear > doc.ReportYear {
		switch {
		case f.Year <= doc.ReportYear:
			f.Kind = plan.KindResult
		case !f.Period.IsZero():
			f.Kind = plan.KindTarget
		default:
			f.Kind = plan.KindTask
		}
	}
}
