package plan

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Period is a span of years a figure covers: a five-year plan's period
// (十四五: 2021–2025) or a run such as 过去五年. The zero Period stands for
// a single year, the fact's Year.
type Period struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// IsZero reports the zero Period: a single year.
func (p Period) IsZero() bool { return p.From == 0 && p.To == 0 }

// Contains reports whether year y lies in the period.
func (p Period) Contains(y int) bool { return !p.IsZero() && y >= p.From && y <= p.To }

// FiveYearPlan returns the period of the nth five-year plan, n ≥ 3
// (the third ran 1966–1970, each after it five years): 14 → 2021–2025.
func FiveYearPlan(n int) Period {
	from := 1966 + 5*(n-3)
	return Period{from, from + 4}
}

// FiveYearPlan returns which five-year plan the period is, or 0 when it
// is not one.
func (p Period) FiveYearPlan() int {
	if p.IsZero() || p.From < 1966 || (p.From-1966)%5 != 0 || p.To != p.From+4 {
		return 0
	}
	return (p.From-1966)/5 + 3
}

// Label names the period the way documents do: 十四五时期, or 2019—2023年.
func (p Period) Label() string {
	if n := p.FiveYearPlan(); n > 10 && n < 20 {
		return "十" + ChineseNumber(n-10) + "五时期"
	}
	if p.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d—%d年", p.From, p.To)
}

// fypRe finds a five-year plan named by its number: 十四五, “十五五”.
var fypRe = regexp.MustCompile(`第十([一二三四五六七八九])个五年|十([一二三四五六七八九])五`)

// FiveYearPlanIn returns the first five-year plan s names (“十四五” → 14),
// and the byte range of its name, or 0.
func FiveYearPlanIn(s string) (n, start, end int) {
	if !strings.Contains(s, "十") { // both spellings hold it
		return 0, 0, 0
	}
	m := fypRe.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, 0, 0
	}
	g := m[2:4] // 第十四个五年规划
	if g[0] < 0 {
		g = m[4:6] // “十四五”
	}
	d := strings.Index("一二三四五六七八九", s[g[0]:g[1]])/len("一") + 1
	return 10 + d, m[0], m[1]
}

// Aggregate says that a figure sums or averages over years: 累计新增就业
// 239万人, 年均增长5.9%.
type Aggregate string

// The aggregates a figure can state.
const (
	Annual     Aggregate = ""   // a figure of one year
	YearlyMean Aggregate = "年均" // 年均增长5.9%
	Cumulative Aggregate = "累计" // 累计新增就业239万人
)

// yearLevels are the words after 年均 that make it a level averaged over
// one year (细颗粒物年均浓度), not a yearly mean over years (年均增长, 年均
// 超过70万人).
var yearLevels = []string{"浓度", "气温", "温度", "降水", "降雨", "日照", "湿度", "值"}

// YearlyMeanIn reports whether s speaks of a yearly mean over years:
// 年均增长5.9%, 年均分别增长…, 年均超过70万人, but not 细颗粒物年均浓度.
func YearlyMeanIn(s string) bool {
	for i := strings.Index(s, "年均"); i >= 0; {
		rest := s[i+len("年均"):]
		if rest != "" && !slices.ContainsFunc(yearLevels, func(w string) bool { return strings.HasPrefix(rest, w) }) {
			return true
		}
		j := strings.Index(rest, "年均")
		if j < 0 {
			return false
		}
		i += len("年均") + j
	}
	return false
}

// withinRe is a part of a year a figure or a question speaks of: 上半年,
// 一季度, 前三季度, 1-6月, 一至九月.
var withinRe = regexp.MustCompile(`(上半年|下半年|前三季度|(?:第)?[一二三四]季度|1\s*[-—–~～至]\s*(\d{1,2})\s*月(?:份)?|一至([一二三四五六七八九十]{1,2})月(?:份)?)`)

// monthNumerals are the months' numbers in words, 一 to 十二.
var monthNumerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"}

// WithinIn returns the part of a year s names, in one spelling for each
// span (1-6月 and 一至六月 are 上半年; 1-3月 一季度; 1-9月 前三季度), and
// where it stands in s; "" when s names none.
func WithinIn(s string) (within string, start, end int) {
	// Every spelling holds one of these: most texts, holding none, skip
	// the expression.
	if !strings.Contains(s, "半年") && !strings.Contains(s, "季度") && !strings.Contains(s, "月") {
		return "", 0, 0
	}
	m := withinRe.FindStringSubmatchIndex(s)
	if m == nil {
		return "", 0, 0
	}
	w := s[m[2]:m[3]]
	months := ""
	switch {
	case m[4] >= 0:
		months = s[m[4]:m[5]]
	case m[6] >= 0:
		months = fmt.Sprint(slices.Index(monthNumerals, s[m[6]:m[7]]) + 1)
	}
	switch months {
	case "":
		w = strings.TrimPrefix(w, "第")
	case "3":
		w = "一季度"
	case "6":
		w = "上半年"
	case "9":
		w = "前三季度"
	case "12":
		w = "" // 1-12月: the whole year
	default:
		w = "1-" + months + "月"
	}
	return w, m[0], m[1]
}

// ComparedWith returns the comparison word (比, 较, 相比 …) that before ends
// with, past any opening quotation mark, or "": what follows it is what a
// change is measured against (比上年, 较“十三五”时期), not a time spoken of.
func ComparedWith(before string) string {
	before = strings.TrimRight(before, "“\"‘ ")
	for _, w := range []string{"相比", "相较", "比", "较", "与", "同"} {
		if strings.HasSuffix(before, w) {
			return w
		}
	}
	return ""
}

// aheadTerm are the words for the five years a report looks ahead to,
// from the year it plans: 今后五年, 未来五年.
var aheadTerm = [...]string{"今后五年", "未来五年", "今后5年", "未来5年"}

// AheadTermIn returns the word in s naming the five years ahead
// (今后五年的主要目标), or "".
func AheadTermIn(s string) string {
	for _, w := range aheadTerm {
		if strings.Contains(s, w) {
			return w
		}
	}
	return ""
}
