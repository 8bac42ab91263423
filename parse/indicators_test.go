package parse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

// A target list written as one sentence gives one indicator a clause,
// targets stated in words included: a name before its value, or named
// inside a target handed down (完成国家下达的…目标).
func TestRunningTargets(t *testing.T) {
	text := "某省2026年政府工作报告\n一、2025年工作回顾\n地区生产总值增长5.5%。\n二、2026年主要工作\n" +
		"今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；全员劳动生产率增速高于地区生产总值增速，制造业投资和民间投资占比稳步提升，" +
		"居民收入增长与经济增长同步；粮食产量513万吨以上；完成国家下达的单位地区生产总值二氧化碳排放降低目标；居民人均可支配收入稳步增长。\n"
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
		"居民人均可支配收入=稳步增长",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("indicators:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A target in words is a target, though it stands in a part of tasks.
	for _, f := range doc.Facts {
		if f.Figure == "稳步增长" && (f.Kind != plan.KindTarget || f.Year != 2026) {
			t.Errorf("稳步增长: %s %d; want a 2026 target", f.Kind, f.Year)
		}
	}
}

// A target list runs on over the sentences after 目标是： that are nothing
// but indicators, and ends at the first other sentence; their figures are
// targets.
func TestRunningTargetsOverSentences(t *testing.T) {
	text := "某区2024年政府工作报告\n一、2023年工作回顾\n本地生产总值增长5.1%。\n二、2024年主要工作\n" +
		"今年经济社会发展主要预期目标是：本地生产总值增长5.5%左右，努力争取更好结果。规模以上工业增加值增长5%，固定资产投资额增长10%，社会消费品零售总额增长7%。单位生产总值能耗下降3.4%以上，主要污染物排放继续减少。我们将新建学校10所，新增学位1万座。\n"
	doc, err := New().Parse("report.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ind := range doc.ListedIndicators() {
		got = append(got, ind.Name)
	}
	if want := "本地生产总值|规模以上工业增加值|固定资产投资额|社会消费品零售总额|单位生产总值能耗|主要污染物排放"; strings.Join(got, "|") != want {
		t.Errorf("indicators %q; want %q", strings.Join(got, "|"), want)
	}
	for _, f := range doc.Facts {
		wantKind := plan.KindTarget
		if f.Figure == "10所" || f.Figure == "1万座" || f.Year == 2023 {
			continue // the sentence after the list, and the review
		}
		if f.Kind != wantKind || f.Year != 2024 {
			t.Errorf("%s %s: %s %d; want a 2024 target", f.Subject, f.Figure, f.Kind, f.Year)
		}
	}
	for _, f := range doc.Facts {
		if (f.Figure == "10所" || f.Figure == "1万座") && f.Kind == plan.KindTarget {
			t.Errorf("%s after the list read as a target", f.Figure)
		}
	}
}

// Targets stated without a figure are items of the list like the others:
// a value of several short words (稳规模、稳份额、稳增长), a pace set by the
// economy's (与经济同步增长), a task to fulfil (完成节能减排任务), a
// direction (持续改善).
func TestRunningTargetsInWords(t *testing.T) {
	cases := []struct {
		list string
		want []string
	}{
		{"地区生产总值增长5.5%，外贸进出口稳规模、稳份额、稳增长，居民收入与经济同步增长。",
			[]string{"地区生产总值=增长5.5%", "外贸进出口=稳规模、稳份额、稳增长", "居民收入=与经济同步增长"}},
		{"地区生产总值增长6.3%左右，一般公共预算收入增长7.1%左右，完成节能减排任务。",
			[]string{"地区生产总值=增长6.3%左右", "一般公共预算收入=增长7.1%左右", "节能减排=完成任务"}},
		{"规上工业增加值增长5.0%左右，居民人均可支配收入增速与GDP增速基本同步",
			[]string{"规上工业增加值=增长5.0%左右", "居民人均可支配收入增速=与GDP增速基本同步"}},
		{"地区生产总值增长6.5%以上，地方一般公共预算收入正增长。",
			[]string{"地区生产总值=增长6.5%以上", "地方一般公共预算收入=正增长"}},
		{"粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右，生态环境质量持续改善。",
			[]string{"粮食产量=1.3万亿斤以上", "单位国内生产总值能耗=降低2.5%左右", "生态环境质量=持续改善"}},
		// A balance, a fall with no figure, and a verb before what it
		// bounds (重点控制化石能源消费).
		{"进出口促稳提质，国际收支基本平衡；能耗和主要污染物排放量继续下降，重点控制化石能源消费，生态环境质量稳定改善。",
			[]string{"进出口=促稳提质", "国际收支=基本平衡", "能耗和主要污染物排放量=继续下降", "化石能源消费=重点控制", "生态环境质量=稳定改善"}},
		{"单位国内生产总值能耗下降3.4%以上，主要污染物排放继续减少。",
			[]string{"单位国内生产总值能耗=下降3.4%以上", "主要污染物排放=继续减少"}},
		{"进出口量稳质升；居民收入稳步增长；生态环境质量进一步改善，万元GDP水耗、能耗全面达标。",
			[]string{"进出口=量稳质升", "居民收入=稳步增长", "生态环境质量=进一步改善", "能耗=全面达标"}},
		// A 分别 list inside the list: each name with its own figure.
		{"地区生产总值增长10%左右，万元GDP能耗、水耗分别下降4%、1%。",
			[]string{"地区生产总值=增长10%左右", "万元GDP能耗=下降4%", "水耗=下降1%"}},
		{"宏观杠杆率基本稳定，各类风险有序有效防控，供给侧结构性改革取得实质性进展，进出口回稳向好。",
			[]string{"宏观杠杆率=基本稳定", "各类风险=有序有效防控", "供给侧结构性改革=取得实质性进展", "进出口=回稳向好"}},
		// A second sentence of nothing but targets goes on with the list.
		{"地区生产总值增长6.5%，居民收入与经济增长保持同步。PM2.5年均值控制在14.2微克/立方米以内，空气质量综合指数保持全市最优，河流水质总体达到Ⅳ类以上。",
			[]string{"地区生产总值=增长6.5%", "居民收入=与经济增长保持同步", "PM2.5年均值=控制在14.2微克/立方米以内", "空气质量综合指数=保持全市最优", "河流水质总体=达到Ⅳ类以上"}},
	}
	for _, c := range cases {
		text := "某区2024年政府工作报告\n一、2023年工作回顾\n地区生产总值增长5.1%。\n二、2024年主要工作\n今年经济社会发展主要预期目标是：" + c.list + "\n"
		doc, err := New().Parse("report.txt", []byte(text), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, ind := range doc.ListedIndicators() {
			got = append(got, ind.Name+"="+ind.Value)
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s\ngot:\n%s\nwant:\n%s", c.list, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
