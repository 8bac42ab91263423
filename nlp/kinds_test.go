package nlp

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/figure"
)

// TestQuestionKind reads what each kind of question asks for, and that
// the words saying so are not left among the words searched for.
func TestQuestionKind(t *testing.T) {
	a := analyzer(t)
	now := time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		q     string
		want  string // kind|task|against|recent|each
		terms string // content words that must be there (space-separated)
		not   string // words that must not be
	}{
		{"2021年GDP目标完成了吗", "verdict|0|false|0|false", "gdp", "完成"},
		{"2017年民生实事全部完成了吗", "verdict|0|false|0|false", "实事", "全部"},
		{"2023年土地整备完成市下达任务了吗", "verdict|0|false|0|false", "土地", "市 下达"},
		{"第20项任务是什么", "task|20|false|0|false", "", "任务"},
		{"第十三项任务是什么", "task|13|false|0|false", "", ""},
		{"任务22讲什么", "task|22|false|0|false", "", ""},
		{"任务二十", "task|20|false|0|false", "", ""},
		{"第三项重点工作是什么", "task|3|false|0|false", "", ""},
		{"今年工作目标完成了吗", "verdict|0|false|0|false", "", ""},
		{"任务20中的学位", "task|20|false|0|false", "", ""},
		{"任务二十是什么？", "task|20|false|0|false", "", ""},
		{"今年任务十分繁重吗", "|0|false|0|false", "", ""},
		{"住房方面是哪项任务", "task|0|false|0|false", "住房", "任务"},
		{"2022年比2021年新增学位多了多少", "difference|0|false|0|false", "学位", "多"},
		{"2024年GDP比上年增长多少", "|0|false|0|false", "gdp", ""},
		{"2024年社零总额比上年下降了多少", "|0|false|0|false", "社零", ""},
		{"2021年GDP比上年增加了多少亿元", "difference|0|false|0|false", "gdp", ""},
		{"2021年GDP增速比目标高多少", "difference|0|true|0|false", "gdp", "高"},
		{"2021年地区生产总值增长超出目标几个百分点", "difference|0|true|0|false", "地区生产总值", "超出"},
		{"2021年万元GDP建设用地下降比目标多降了多少", "difference|0|true|0|false", "用地", "降了"},
		{"2021年万元GDP建设用地比目标多下降几个百分点", "difference|0|true|0|false", "用地 下降", ""},
		{"2021年新增学位完成了目标的百分之几", "ratio|0|false|0|false", "学位", ""},
		{"2022年的主要预期性指标有哪些", "list|0|false|0|false", "", ""},
		{"教育方面有什么计划", "list|0|false|0|false", "教育", "计划"},
		{"交通方面未来五年有什么规划", "list|0|false|0|false", "交通", "规划"},
		{"近三年GDP增速", "trend|0|false|3|false", "gdp", "近"},
		{"各区2026年GDP增长目标", "trend|0|false|0|true", "gdp", ""},
		{"新增学位历年变化", "trend|0|false|0|false", "学位", "变化"},
		{"近两年新增学位的变化情况", "trend|0|false|2|false", "学位", "变化"},
		{"GDP增速逐年走势如何", "trend|0|false|0|false", "gdp", "走势"},
		{"2022年新增学位多少", "|0|false|0|false", "学位", ""},
		{"GDP比重是多少", "|0|false|0|false", "gdp", ""}, // 比重 is not a comparison
		{"今年民生微实事比去年多安排多少项", "difference|0|false|0|false", "实事", "安排"},
		{"今年固废利用率目标比去年提高多少", "difference|0|false|0|false", "利用率", ""},
		{"2023年比2022年少建几所学校", "difference|0|false|0|false", "学校", ""},
		{"城镇和农村居民人均可支配收入相差多少", "difference|0|false|0|false", "收入", ""},
		{"今年重点工作有哪几个方面", "list|0|false|0|false", "", "重点 工作 个"},
		{"2024年重点做哪几方面工作", "list|0|false|0|false", "", "重点 工作"},
		{"今年重点抓哪些方面的工作", "list|0|false|0|false", "", "抓 工作"},
		{"今年政府工作任务有哪些方面", "list|0|false|0|false", "", "政府 工作 任务"},
		{"今年重点抓哪几大行动", "list|0|false|0|false", "", "行动 重点"},
		{"今年重点做好哪几个方面的工作", "list|0|false|0|false", "", "做好 工作 个"},
		{"今年重点抓好哪些工作", "list|0|false|0|false", "", "抓好 工作"},
		{"今年政府工作任务有哪几项", "list|0|false|0|false", "", "政府 工作 任务"},
		{"2019年重点推进哪几项具体行动", "list|0|false|0|false", "", "推进 行动"},
		{"罗湖2018年要打好哪六大攻坚战", "list|0|false|0|false", "", "攻坚战 打好"},
		{"罗湖区政府从哪几个方面推进振兴发展", "list|0|false|0|false", "", ""},
		{"主要预期目标有哪几项", "list|0|false|0|false", "目标", ""},
		{"今年主要工作分哪几块", "list|0|false|0|false", "", "块 工作"},
		{"2023年广东省政府重点工作分哪几块", "list|0|false|0|false", "", "政府 广东 块"},
		{"今年的工作安排分几个方面", "list|0|false|0|false", "", "安排 工作 个"},
		{"今年国务院报告提出了哪几项工作重点", "list|0|false|0|false", "", "国务院 报告 重点"},
		{"2022年有哪些重点项目", "list|0|false|0|false", "项目", ""},
		{"今年有哪些民生工程", "list|0|false|0|false", "工程", ""},
		{"教育方面有哪些行动", "list|0|false|0|false", "教育 行动", ""},
		{"教育方面有哪些工作", "list|0|false|0|false", "教育", ""},
	}
	for _, tt := range tests {
		q := a.Analyze(tt.q, now, NewRegionIndex([]string{"福田区"}, a.Gazetteer()), figure.New().IsUnit)
		got := fmt.Sprintf("%s|%d|%v|%d|%v", q.Kind, q.TaskNumber, q.AgainstTarget, q.RecentYears, q.EachRegion)
		if got != tt.want {
			t.Errorf("%s: kind %s, want %s", tt.q, got, tt.want)
		}
		var words []string
		for _, term := range q.Terms {
			words = append(words, term.Word)
		}
		all := strings.Join(words, " ")
		for _, w := range strings.Fields(tt.terms) {
			if !strings.Contains(all, w) {
				t.Errorf("%s: terms %q lack %s", tt.q, all, w)
			}
		}
		for _, w := range strings.Fields(tt.not) {
			if strings.Contains(all, w) {
				t.Errorf("%s: terms %q keep %s, a word of the question's kind", tt.q, all, w)
			}
		}
	}
}

// TestIntentKinds checks the maps of intent words against reading the
// word lists in order: the first section of data/intents.txt to list a
// word names its kind, else change for 增长, 下降 and their synonyms.
func TestIntentKinds(t *testing.T) {
	a := analyzer(t)
	kindOf := func(w string) string {
		for _, s := range intentSections {
			if slices.Contains(a.intents[s], w) {
				return s
			}
		}
		if slices.Contains(a.Synonyms("增长"), w) || slices.Contains(a.Synonyms("下降"), w) {
			return "change"
		}
		return ""
	}
	words := []string{"学位", "增长", "下降", "", "GDP"}
	for _, ws := range a.intents {
		words = append(words, ws...)
	}
	for _, g := range a.groups {
		words = append(words, g...)
	}
	for _, w := range words {
		if got, want := a.intentOf[w], kindOf(w); got != want {
			t.Errorf("intentOf[%q] = %q, want %q", w, got, want)
		}
		if got, want := a.isChange(w), slices.Contains(a.Synonyms("增长"), w) || slices.Contains(a.Synonyms("下降"), w); got != want {
			t.Errorf("isChange(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestUnitLen checks unitLen, which measures in bytes, against reading
// the characters as runes, for what follows every question word of the
// test texts and for made-up units.
func TestUnitLen(t *testing.T) {
	a := analyzer(t)
	isUnit := figure.New().IsUnit
	runes := func(rs []rune) int { // unitLen as it was, in characters
		for n := len(rs); n >= 1; n-- {
			if n < len(rs) && a.IsWord(string(rs[n-1:n+1])) && !isUnit(string(rs[n-1:n+1])) {
				continue
			}
			if isUnit(string(rs[:n])) {
				return n
			}
		}
		return 0
	}
	var us []string
	for _, text := range segmentTexts(t) {
		if m := unitAsk(strings.ToLower(text)); m != nil {
			us = append(us, m[2])
		}
	}
	us = append(us, "人", "支持", "所学校", "万平方米", "个百分点", "%", "元/吨", "亿元人民币", "套房子多", "平方公里")
	for _, u := range us {
		rs := []rune(u)
		if got, want := a.unitLen(u, isUnit), len(string(rs[:runes(rs)])); got != want {
			t.Errorf("unitLen(%q) = %d bytes; want %d", u, got, want)
		}
	}
}

// 今年…比去年多多少 compares two years: both are asked about. 比去年增长多少
// asks the change from the year before: only this year is.
func TestRelativeYearsCompared(t *testing.T) {
	a := analyzer(t)
	now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ q, years string }{
		{"今年新增托位比去年多多少", "[2024 2023]"},
		{"今年民生微实事比去年多安排多少项", "[2024 2023]"},
		{"今年GDP增长目标比去年实际增速低几个百分点", "[2024 2023]"},
		{"今年新增托位比去年增长多少", "[2024]"},
		{"今年工业固废综合利用率目标比去年提高多少", "[2024 2023]"},
		{"今年GDP比去年同期下降了几个百分点", "[2024]"},
	}
	for _, tt := range tests {
		q := a.Analyze(tt.q, now, NewRegionIndex(nil, a.Gazetteer()), figure.New().IsUnit)
		if got := fmt.Sprint(q.Years); got != tt.years {
			t.Errorf("%s: years %s, want %s", tt.q, got, tt.years)
		}
	}
}

// An intent word on one side of 比 asks of that side alone.
func TestSide(t *testing.T) {
	a := analyzer(t)
	now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		q            string
		first, other string // target|result of each side
	}{
		{"2023年进出口总额目标比2022年多多少", "true|false", "false|false"},
		{"2023年进出口总额目标比2022年目标多多少", "true|false", "true|false"},
		{"今年GDP增长目标比去年实际增速低几个百分点", "true|false", "false|true"},
		{"2023年新增学位比2022年多多少", "false|false", "false|false"},
	}
	for _, tt := range tests {
		q := a.Analyze(tt.q, now, NewRegionIndex(nil, a.Gazetteer()), figure.New().IsUnit)
		for i, want := range []string{tt.first, tt.other} {
			s := a.Side(q, i)
			got := fmt.Sprintf("%v|%v", s.Target, s.Result)
			if got != want {
				t.Errorf("%s side %d: %s, want %s", tt.q, i, got, want)
			}
			for _, term := range s.Terms {
				if term.Intent == "target" && !s.Target || term.Intent == "result" && !s.Result {
					t.Errorf("%s side %d keeps the intent word %s", tt.q, i, term.Word)
				}
			}
		}
	}
}

// The words before 里/当中/其中 name the whole a part is asked of: soft.
func TestWholeBefore(t *testing.T) {
	a := analyzer(t)
	now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ q, soft string }{
		{"市场主体里企业有多少户", "市场 主体"},
		{"新增公路里程多少公里", ""},
		{"规上工业企业当中高新技术企业多少家", "规上 工业 企业"},
	}
	for _, tt := range tests {
		q := a.Analyze(tt.q, now, NewRegionIndex(nil, a.Gazetteer()), figure.New().IsUnit)
		var soft []string
		for _, term := range q.Terms {
			if term.Soft && term.Intent == "" {
				soft = append(soft, term.Word)
			}
		}
		if got := strings.Join(soft, " "); got != tt.soft {
			t.Errorf("%s: soft %q, want %q", tt.q, got, tt.soft)
		}
	}
}
