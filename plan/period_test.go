package plan

import "testing"

func TestFiveYearPlans(t *testing.T) {
	tests := []struct {
		n          int
		from, to   int
		label, nth string
	}{
		{13, 2016, 2020, "十三五时期", "十三五"},
		{14, 2021, 2025, "十四五时期", "“十四五”时期"},
		{15, 2026, 2030, "十五五时期", "十五五规划"},
		{14, 2021, 2025, "十四五时期", "国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"},
	}
	for _, tt := range tests {
		p := FiveYearPlan(tt.n)
		if p.From != tt.from || p.To != tt.to || p.FiveYearPlan() != tt.n || p.Label() != tt.label {
			t.Errorf("FiveYearPlan(%d) = %+v (%d, %q)", tt.n, p, p.FiveYearPlan(), p.Label())
		}
		if n, _, _ := FiveYearPlanIn(tt.nth); n != tt.n {
			t.Errorf("FiveYearPlanIn(%q) = %d; want %d", tt.nth, n, tt.n)
		}
	}
	if n, _, _ := FiveYearPlanIn("第十五届人民代表大会"); n != 0 {
		t.Errorf("十五届 read as five-year plan %d", n)
	}
	if p := (Period{2019, 2023}); p.FiveYearPlan() != 0 || p.Label() != "2019—2023年" {
		t.Errorf("a run of five years that is no plan: %d %q", p.FiveYearPlan(), p.Label())
	}
}

func TestYearlyMeanIn(t *testing.T) {
	for s, want := range map[string]bool{
		"地区生产总值年均增长5.9%":             true,
		"城乡居民人均可支配收入年均分别增长5.3%、7.1%": true,
		"细颗粒物年均浓度27微克/立方米":           false,
		"年均浓度下降，年均增速6%":              true,
		"新增就业累计106万人":                false,
	} {
		if got := YearlyMeanIn(s); got != want {
			t.Errorf("YearlyMeanIn(%q) = %v", s, got)
		}
	}
}

func TestWithinIn(t *testing.T) {
	for in, want := range map[string]string{
		"上半年，全区实现地区生产总值": "上半年",
		"1-6月，规模以上工业增加值": "上半年",
		"1—3月":           "一季度", "一至九月": "前三季度", "第二季度": "二季度", "前三季度": "前三季度",
		"1-12月": "", "1-8月份": "1-8月", "一至十一月": "1-11月", "一至十二月": "", "2023年上半年GDP增长多少": "上半年",
		"全年地区生产总值": "", "四季度以来": "四季度",
	} {
		if got, _, _ := WithinIn(in); got != want {
			t.Errorf("WithinIn(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestComparedWith(t *testing.T) {
	for before, want := range map[string]string{
		"累计使用外资比“": "比", "2024年GDP比": "比", "与上年相比": "相比", "较": "较", "“十四五”时期": "", "": "",
	} {
		if got := ComparedWith(before); got != want {
			t.Errorf("ComparedWith(%q) = %q; want %q", before, got, want)
		}
	}
}
