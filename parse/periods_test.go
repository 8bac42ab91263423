package parse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

// TestPeriods: a work report reviews its year and its five-year plan in
// turn, and plans its year and the next five; each figure carries the
// years it covers, and the year's target list is targets.
func TestPeriods(t *testing.T) {
	text := "2026年甲省政府工作报告\n各位代表：\n现在，我代表省人民政府向大会报告工作。\n" +
		"一、2025年工作回顾和“十四五”发展成就\n" +
		"2025年，全省地区生产总值增长5.6%，城镇新增就业107万人。\n" +
		"五年来，我们接续奋斗，城镇新增就业累计522万人，地区生产总值年均增长5.9%，细颗粒物年均浓度降至30微克/立方米。\n" +
		"这是极不平凡的五年。营业收入五年增长97.3%。\n" +
		"累计使用外资比“十三五”时期增长71%。常住人口城镇化率达到67.4%。\n" +
		"过去一年，我们新建学校20所。\n" +
		"二、“十五五”时期的主要目标任务\n" +
		"到2030年，地区生产总值年均增长5%左右，研发投入强度达到3%。\n" +
		"三、2026年重点工作\n" +
		"今年经济社会发展主要预期目标是：地区生产总值增长5%左右，城镇新增就业100万人以上。\n" +
		"新建学校10所。\n"
	doc, err := New().Parse("doc.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range doc.Facts {
		got[f.Figure] = fmt.Sprintf("%d %s %s %s", f.Year, f.Period.Label(), f.Aggregate, f.Kind)
	}
	want := map[string]string{
		"增长5.6%":   "2025   result",
		"107万人":    "2025   result",
		"522万人":    "2025 十四五时期 累计 result",
		"增长5.9%":   "2025 十四五时期 年均 result",
		"30微克/立方米": "2025 十四五时期  result", // 年均浓度 is a year's level, in a five-year sentence
		"增长97.3%":  "2025 十四五时期  result",
		"67.4%":    "2025 十四五时期  result", // 比“十三五”时期 compares, it does not date what follows
		"20所":      "2025   result",
		"增长5%左右":   "2026   target", // the first 增长5%左右: 2030's comes under the period
		"3%":       "2030 十五五时期  target",
		"100万人以上":  "2026   target",
		"10所":      "2026   task",
	}
	for fig, w := range want {
		if got[fig] != w {
			t.Errorf("%s: %q; want %q", fig, got[fig], w)
		}
	}
	var periodMean *plan.Fact
	for i, f := range doc.Facts {
		if f.Figure == "增长5%左右" && !f.Period.IsZero() {
			periodMean = &doc.Facts[i]
		}
	}
	if periodMean == nil || periodMean.Period != plan.FiveYearPlan(15) || periodMean.Aggregate != plan.YearlyMean {
		t.Errorf("the 十五五 yearly-mean target: %+v", periodMean)
	}
	if strings.Contains(got["增长5.6%"], "十四五") {
		t.Error("a 2025 figure took the five-year period")
	}
}

// parseFacts parses text and describes each fact by its figure: what the
// tests of dating below compare.
func parseFacts(t *testing.T, text string, describe func(plan.Fact) string) (*plan.Document, map[string]string) {
	t.Helper()
	doc, err := New().Parse("doc.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range doc.Facts {
		got[f.Figure] = describe(f)
	}
	return doc, got
}

// checkFacts reports each figure of want described otherwise in got.
func checkFacts(t *testing.T, got, want map[string]string) {
	t.Helper()
	for fig, w := range want {
		if got[fig] != w {
			t.Errorf("%s: %q; want %q", fig, got[fig], w)
		}
	}
}

func yearKind(f plan.Fact) string { return fmt.Sprintf("%d %s", f.Year, f.Kind) }

// An unnumbered heading of the year's overall requirements opens a part of
// targets, and a sentence dating an event by its month (去年9月召开的…) does
// not make the figures after it that year's.
func TestRequirementsPartAndEventDates(t *testing.T) {
	text := "各位代表：\n现在，我代表甲区人民政府，向大会报告政府工作，请予审议。\n" +
		"2019年工作回顾\n过去一年，本区生产总值同比（下同）增长8.2%。\n" +
		"2020年发展形势和总体要求\n2020年是关键之年。\n去年9月召开的区委全会，明确了今后一个时期的发展方向。\n" +
		"根据这一总体思路，今年主要预期目标：本区生产总值增长6.5%左右，城镇登记失业率控制在3%以内。\n" +
		"2020年主要工作任务\n新建学校10所。\n"
	doc, got := parseFacts(t, text, func(f plan.Fact) string { return yearKind(f) + " " + f.Subject })
	var parts []string
	for _, pt := range doc.Parts {
		parts = append(parts, fmt.Sprintf("%s %s %d", pt.Title, pt.Kind, pt.Year))
	}
	if w := "2019年工作回顾 result 2019|2020年发展形势和总体要求 target 2020|2020年主要工作任务 task 2020"; strings.Join(parts, "|") != w {
		t.Errorf("parts = %q; want %q", strings.Join(parts, "|"), w)
	}
	checkFacts(t, got, map[string]string{
		"增长8.2%":   "2019 result 本区生产总值增长",
		"增长6.5%左右": "2020 target 本区生产总值增长",
		"3%以内":     "2020 target 城镇登记失业率",
		"10所":      "2020 task 新建学校",
	})
}

// In a year's review, the level a change started from (GDP从3847亿元跃升到
// 4422亿元) is the year before's; in a review of years, the year before
// the period's.
func TestStartingLevels(t *testing.T) {
	text := "甲区2022年政府工作报告\n各位代表：\n一、2021年工作回顾\n经济总量实现跃升：GDP从3847亿元跃升到4422亿元，增加575亿元。\n" +
		"五年来，地区生产总值由2000亿元增长到3000亿元。\n二、2022年工作安排\n今年地区生产总值增长6%左右。\n"
	_, got := parseFacts(t, text, func(f plan.Fact) string { return fmt.Sprintf("%d %s %s", f.Year, f.Period.Label(), f.Kind) })
	checkFacts(t, got, map[string]string{
		"3847亿元": "2020  result",
		"4422亿元": "2021  result",
		"2000亿元": "2016  result",
		"3000亿元": "2021 2017—2021年 result",
	})
}

// A sentence opening on an earlier year than its part's (2018年… in a
// review of 2019) is that year's; the sentences after it are the part's.
func TestEarlierYearCueIsOneSentence(t *testing.T) {
	text := "甲区2020年政府工作报告\n各位代表：\n一、2019年工作回顾\n2018年全市体育节在我区举办，参赛1.2万人。新增养老床位451张。\n二、2020年工作安排\n今年地区生产总值增长6%左右。\n"
	_, got := parseFacts(t, text, yearKind)
	checkFacts(t, got, map[string]string{"1.2万人": "2018 result", "451张": "2019 result"})
}

// In a review, a figure a project is expected to bring (预计新增学位3.1万个，
// 将根本缓解…) is a forecast, not the year's result; 预计全年… is the year's
// estimate, a result.
func TestProjectedFigures(t *testing.T) {
	text := "甲区2020年政府工作报告\n各位代表：\n一、2019年工作回顾\n新增基础教育学位9939个。启动建设十所学校，预计新增学位3.1万个，将根本缓解学位供给压力。预计全年地区生产总值增长7%。\n二、2020年工作安排\n今年新增学位2万个。\n"
	_, got := parseFacts(t, text, yearKind)
	checkFacts(t, got, map[string]string{"9939个": "2019 result", "3.1万个": "2019 target", "增长7%": "2019 result"})
}

// A time named after a list's colon (主要目标是：到2025年，…) or as a plan's
// end (到“十四五”末，…) dates the figures after it; a glossary annex
// gives none.
func TestPlanEndYears(t *testing.T) {
	text := "甲区2021年政府工作报告\n各位代表：\n一、2020年工作回顾\n地区生产总值2375亿元。\n二、2021年工作安排\n" +
		"未来五年政府工作的主要目标是：到2025年，地区生产总值突破3300亿元；社会消费品零售总额达到1600亿元。\n" +
		"到“十四五”末，国家高新技术企业达到800家。\n附件：名词、术语注释\n1.双十工程：2019年推出，新增学位15300个。\n"
	_, got := parseFacts(t, text, yearKind)
	checkFacts(t, got, map[string]string{"突破3300亿元": "2025 target", "1600亿元": "2025 target", "800家": "2025 task"})
	if _, ok := got["15300个"]; ok {
		t.Errorf("a glossary's figure was read: %v", got)
	}
}

// A part looking ahead over the congress's term (二、未来五年工作目标和任务)
// beside the year's own (三、2017年工作安排) holds the term's targets: dated
// by the term's last year, so the year's question finds the year's figure.
func TestTermAheadPart(t *testing.T) {
	text := "甲区2017年政府工作报告\n各位代表：\n现在，我代表甲区人民政府向大会报告工作。\n" +
		"一、过去一年工作回顾\n2016年，全区新增床位200张。\n" +
		"二、未来五年工作目标和任务\n未来五年的主要目标是：到2021年，地区生产总值突破1000亿元。\n五年内，新增床位3000张以上、千人床位数达5张以上。\n" +
		"三、2017年工作安排\n新增床位600张。\n"
	_, got := parseFacts(t, text, func(f plan.Fact) string {
		return fmt.Sprintf("%d %s %s", f.Year, f.Period.Label(), f.Kind)
	})
	checkFacts(t, got, map[string]string{
		"200张":     "2016  result",
		"3000张以上":  "2021 2017—2021年 target",
		"5张以上":     "2021 2017—2021年 target",
		"600张":     "2017  task",
		"突破1000亿元": "2021  target", // the year it names, the term's last
	})
}

// A heading dates its part by a five-year plan only when it opens on it:
// 一、坚持以城市管理为核心，为“十三五”发展奠定坚实基础 is the year's work;
// one looking over the term ahead is of the five years from the year
// planned.
func TestPartContext(t *testing.T) {
	doc := &plan.Document{ReportYear: 2016, PlanYear: 2017}
	tests := []struct {
		title string
		want  string // period, "" for none
	}{
		{"“十三五”时期主要目标任务", "十三五时期"},
		{"“十四五”时期和2025年工作回顾", "十四五时期"},
		{"2025年工作回顾和“十四五”发展成就", ""},
		{"坚持以城市管理治理为核心，为“十三五”发展奠定坚实基础", ""},
		{"一鼓作气勇争先，全力推动“十五五”开好局、起好步", ""},
		{"未来五年工作目标和任务", "2017—2021年"},
		{"过去五年工作回顾", "2012—2016年"},
		{"2017年工作安排", ""},
	}
	for _, tt := range tests {
		tc := partContext(doc, &plan.Part{Title: tt.title})
		if got := tc.period.Label(); got != tt.want {
			t.Errorf("%s: %q; want %q", tt.title, got, tt.want)
		}
	}
}

// A change measured against a year some way back (与2009年新区成立时相比)
// is over the years since, not the fact's own year's; against the year
// before it is the year's.
func TestChangeSinceBaseYear(t *testing.T) {
	text := "甲区2014年政府工作报告\n各位代表：\n现在，我代表甲区人民政府向大会报告工作。\n" +
		"一、2013年工作回顾\n2013年，全区地区生产总值372亿元，同比增长（下同）13%。" +
		"与2009年新区成立时相比，地区生产总值增长108.3%、公共财政预算收入增长204.8%。" +
		"固定资产投资比2012年增长16.6%。\n" +
		"二、2014年工作安排\n地区生产总值增长13%左右。\n"
	_, got := parseFacts(t, text, func(f plan.Fact) string {
		return fmt.Sprintf("%d %s %s %s", f.Year, f.Period.Label(), f.Aggregate, f.Kind)
	})
	checkFacts(t, got, map[string]string{
		"同比增长（下同）13%": "2013   result",
		"增长108.3%":    "2013 2010—2013年 累计 result",
		"增长204.8%":    "2013 2010—2013年 累计 result",
		"增长16.6%":     "2013   result",
		"增长13%左右":     "2014   task",
	})
}

// A quarter gone, told among the year's plans (今年一季度，…增长9.6%), is
// that quarter's result, not the year's target beside it.
func TestQuarterAmongPlans(t *testing.T) {
	text := "甲区2022年政府工作报告\n一、2021年工作回顾\n　　地区生产总值增长11.7%。\n　　城镇新增就业1万人。\n二、2022年工作安排\n" +
		"　　今年经济社会发展的主要预期目标是：地区生产总值增长7%左右，社会消费品零售总额增长6%左右。\n" +
		"　　今年一季度，我们克服疫情带来的不利影响，经济运行逆势上扬，地区生产总值增长9.6%、社会消费品零售总额增长13.3%，展现出了强劲的发展势头。\n　　新建学校3所。\n"
	_, got := parseFacts(t, text, func(f plan.Fact) string { return fmt.Sprintf("%d %s %s", f.Year, f.Within, f.Kind) })
	checkFacts(t, got, map[string]string{
		"增长7%左右":  "2022  target",
		"增长9.6%":  "2022 一季度 result",
		"增长13.3%": "2022 一季度 result",
		"3所":      "2022  task",
	})
}

// A sentence opening the term's targets (未来五年主要目标是：) in a part
// that names no term dates its own figures by the term, not those after.
func TestTermTargetsSentence(t *testing.T) {
	text := "甲区2021年政府工作报告\n一、本届政府工作回顾\n　　地区生产总值2493亿元。\n　　城镇新增就业1万人。\n" +
		"二、新一届政府工作的总体思路和奋斗目标\n　　综合各方面因素，未来五年主要目标是：经济总量达4500亿元左右，一般公共预算收入累计达800亿元左右。\n　　建设一批重大项目，新建学校30所。\n"
	_, got := parseFacts(t, text, func(f plan.Fact) string { return fmt.Sprintf("%d %s", f.Year, f.Period.Label()) })
	checkFacts(t, got, map[string]string{
		"4500亿元左右": "2025 十四五时期",
		"800亿元左右":  "2025 十四五时期",
		"30所":      "2021 ",
	})
}

// A term of four years (过去四年，…) is its own period, and the year
// reported on comes back with 初步预计，全年….
func TestYearsBackAndTheYear(t *testing.T) {
	text := "甲区2023年政府工作报告\n各位代表：\n　　现在，我代表区人民政府向大会报告工作，请予审议。\n本届政府工作回顾\n　　过去四年，我们勇担使命，PCT国际专利申请量共达3549件。\n　　三年来，新建学校30所。\n" +
		"　　初步预计，全年地区生产总值增长6.5%左右。\n　　城镇新增就业1万人。\n新一届政府工作思路和目标任务\n一、加快建设科学城\n　　新增学位5000个。\n"
	_, got := parseFacts(t, text, func(f plan.Fact) string { return fmt.Sprintf("%d %s", f.Year, f.Period.Label()) })
	checkFacts(t, got, map[string]string{
		"3549件":    "2022 2019—2022年",
		"30所":      "2022 2020—2022年",
		"增长6.5%左右": "2022 ",
	})
}
