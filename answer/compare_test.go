package answer

import "testing"

func TestComparedIndicators(t *testing.T) {
	tests := []struct{ q, a, b string }{
		{"2022年城镇居民人均可支配收入比农村居民高多少", "2022年城镇居民人均可支配收入", "农村居民人均可支配收入"},
		{"对非洲市场出口增速比拉美市场高几个百分点", "对非洲市场出口增速", "拉美市场出口增速"},
		{"货物出口比进口多多少", "货物出口", "进口"},
		{"2014年城镇和农村居民人均可支配收入相差多少", "2014年城镇居民人均可支配收入", "农村居民人均可支配收入"},
		{"新增学位比去年多吗", "", ""},
		{"同比增长多少", "", ""},
	}
	for _, tt := range tests {
		a, b, ok := comparedIndicators(tt.q)
		if a != tt.a || b != tt.b || ok != (tt.a != "") {
			t.Errorf("comparedIndicators(%q) = %q, %q, %v; want %q, %q", tt.q, a, b, ok, tt.a, tt.b)
		}
	}
}

// A difference is said in the unit its two figures share, as a document
// would write it, with the base unit beside it when that differs.
func TestDifferenceUnits(t *testing.T) {
	tests := []struct {
		x, y      Item
		fig, calc string
	}{
		{Item{Figure: "2.2万个", Value: 2.2, Unit: "万个"}, Item{Figure: "1.6万个", Value: 1.6, Unit: "万个"}, "0.6万个（6000个）", "2.2万个 − 1.6万个 = 0.6万个"},
		{Item{Figure: "4.93万亿元", Value: 4.93, Unit: "万亿元"}, Item{Figure: "3.68万亿元", Value: 3.68, Unit: "万亿元"}, "1.25万亿元", "4.93万亿元 − 3.68万亿元 = 1.25万亿元"},
		{Item{Figure: "9510座", Value: 9510, Unit: "座"}, Item{Figure: "9270座", Value: 9270, Unit: "座"}, "240座", "9510座 − 9270座 = 240座"},
		{Item{Figure: "1.2万座", Value: 1.2, Unit: "万座"}, Item{Figure: "5190座", Value: 5190, Unit: "座"}, "6810座", "1.2万座 − 5190座 = 6810座"},
		{Item{Figure: "2万个", Value: 2, Unit: "万个"}, Item{Figure: "9939个", Value: 9939, Unit: "个"}, "1.0061万个（10061个）", "2万个 − 9939个 = 1.0061万个"},
		{Item{Figure: "1.6万个", Value: 1.6, Unit: "万个"}, Item{Figure: "2.2万个", Value: 2.2, Unit: "万个"}, "少0.6万个（6000个）", "1.6万个 − 2.2万个 = −0.6万个"},
	}
	for _, tt := range tests {
		calc, _, ok := difference(tt.x, tt.y, "甲", "乙")
		if !ok || calc.Figure != tt.fig || calc.Calc != tt.calc {
			t.Errorf("%s − %s = %q (%q), %v; want %q (%q)", tt.x.Figure, tt.y.Figure, calc.Figure, calc.Calc, ok, tt.fig, tt.calc)
		}
	}
}

// A result that says how it stands against its target is judged by its
// own words.
func TestStatedAgainstTarget(t *testing.T) {
	tests := []struct {
		figure, excerpt string
		want            string // outcome, note and figure answered, "" for none
	}{
		{"增长4.0%", "规模以上工业增加值增长4.0%，高于年初目标任务3.5个百分点；旅游业总收入…", "met 高于年初目标任务3.5个百分点 增长4.0%"},
		{"增长5.1%", "全区地区生产总值增长5.1%，增速高于预期目标、高于上年同期。", "met 增速高于预期目标 增长5.1%"},
		{"增长2.1%", "固定资产投资增长2.1%，低于年度目标。", "missed 低于年度目标 增长2.1%"},
		{"78万平方米", "保持违建“零增量”，实现“减存量”78万平方米，超过市下达任务量46%。", "met 超过市下达任务量46% 78万平方米"},
		{"超过5万个", "新增学位超过5万个，超过全国平均水平。", ""},
		{"438家", "全年淘汰和转型438家落后产能企业，完成市里下达计划的101.8%，释放产业空间近60万平方米。", "met 完成市里下达计划的101.8% 438家"},
		{"438家", "全年淘汰438家落后产能企业，释放产业空间近60万平方米，完成年度计划。", ""},
		{"43.6万平方米", "整备连片土地43.6万平方米，为年度任务1.5倍。", "met 为年度任务1.5倍 43.6万平方米"},
		{"30万平方米", "整备土地30万平方米，为年度任务的80%。", "missed 为年度任务的80% 30万平方米"},
		{"180公顷", "完成土地整备180公顷，提前2个月超额完成市下达任务。", "met 提前2个月超额完成市下达任务 180公顷"},
		{"增长5.1%", "全区地区生产总值增长5.1%，高于全国平均水平。", ""},
		{"增长5.1%", "目标高于去年，全区地区生产总值增长5.1%。", ""},
		{"超过5万个", "新增公办学位超过5万个、完成年度计划的160%。", "met 完成年度计划的160% 超过5万个"},
		{"近1.7万套", "供应公共住房近1.7万套，双倍完成市下达任务。", "met 双倍完成市下达任务 近1.7万套"},
		{"2.1万套", "供应公共住房2.1万套，完成年度计划的92%。", "missed 完成年度计划的92% 2.1万套"},
		{"30%", "新增公办幼儿园12所，完成公办幼儿园占比30%的阶段性目标。", "met 完成公办幼儿园占比30%的阶段性目标 30%"},
		{"30%", "公办幼儿园占比30%，完成率高。", ""},
		{"132万人", "城镇新增就业132万人、超额完成国家下达的110万人就业任务，城镇调查失业率…", "met 超额完成国家下达的110万人就业任务 132万人"},
		{"94.9亿元", "重点片区投资完成94.9亿元，完成率119.5%。", "met 完成率119.5% 94.9亿元"},
		{"2.2万亩", "全面完成上级下达的7000亩高标准农田改造提升、2.2万亩粮食种植任务，建成西部粮库。", "met 全面完成上级下达的7000亩高标准农田改造提升、2.2万亩粮食种植任务 2.2万亩"},
		{"2.2万亩", "完成粮食种植2.2万亩，建成西部粮库。", ""},
		{"8.1亿元", "重点片区投资完成8.1亿元，完成率81%。", "missed 完成率81% 8.1亿元"},
		{"100万人", "实现高职院校扩招100万人目标。", "met 实现高职院校扩招100万人目标 100万人"},
		{"十件", "着力解决群众急难愁盼问题，全面完成省十件民生实事，居民人均可支配收入达4.5万元。", "met 全面完成省十件民生实事 十件"},
		{"118项", "最低生活保障标准由800元/月提高至900元/月；119项年度民生实事完成118项。", "missed 119项年度民生实事完成118项 118项"},
		{"40项", "40项民生实事完成40项。", "met 40项民生实事完成40项 40项"},
		{"348.86亿元", "地区生产总值2390.26亿元，固定资产投资规模348.86亿元，财政总收入263.3亿元，均好于预期。", "met 均好于预期。 348.86亿元"},
		{"超过6500万吨", "全年退出钢铁产能超过6500万吨、煤炭产能超过2.9亿吨，超额完成年度目标任务，分流职工得到较好安置。", "met 超额完成年度目标任务 超过6500万吨"},
		{"2.2万亩", "完成粮食种植2.2万亩，完成投资5亿元。", ""},
		{"118项", "119个项目完成118项。", ""},                                 // another unit: not of the same things
		{"119项", "119项年度民生实事完成118项。", "missed 119项年度民生实事完成118项 118项"}, // read at what was planned
	}
	for _, tt := range tests {
		it, ok := statedAgainstTarget(Item{Figure: tt.figure, Excerpt: tt.excerpt})
		got := ""
		if ok {
			got = it.Verdict + " " + it.VerdictNote + " " + it.Figure
		}
		if got != tt.want {
			t.Errorf("statedAgainstTarget(%q) = %q; want %q", tt.excerpt, got, tt.want)
		}
	}
}
