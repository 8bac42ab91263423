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
