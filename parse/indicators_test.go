package parse

import (
	"fmt"
	"strings"
	"testing"
)

// A target list written as one sentence gives one indicator a clause,
// targets stated in words included: a name before its value, or named
// inside a target handed down (完成国家下达的…目标).
func TestRunningTargets(t *testing.T) {
	text := "某省2026年政府工作报告\n一、2025年工作回顾\n地区生产总值增长5.5%。\n二、2026年主要工作\n" +
		"今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；全员劳动生产率增速高于地区生产总值增速，制造业投资和民间投资占比稳步提升，" +
		"居民收入增长与经济增长同步；粮食产量513万吨以上；完成国家下达的单位地区生产总值二氧化碳排放降低目标。\n"
	doc, err := New().Parse("report.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ind := range doc.ListedIndicators() {
		got = append(got, fmt.Sprintf("%s=%s", ind.Name, ind.Value))
	}
	want := []string{
		"地区生产总值=增长5%左右",
		"全员劳动生产率增速=高于地区生产总值增速",
		"制造业投资和民间投资占比=稳步提升",
		"居民收入=增长与经济增长同步",
		"粮食产量=513万吨以上",
		"单位地区生产总值二氧化碳排放降低=完成国家下达的目标",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("indicators:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
