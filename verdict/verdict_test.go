package verdict

import "testing"

func TestJudge(t *testing.T) {
	j := New()
	tests := []struct {
		target, result string
		want           Outcome
		note           string
	}{
		{"6.8%", "8.6%", Met, "高于目标1.8个百分点"},
		{"增长6.0%以上", "增长4.5%", Missed, "低于目标1.5个百分点"},
		{"3.0%", "基本持平", Missed, "目标3.0%，实际基本持平"},
		{"力争正增长", "增长2.1%", Met, "目标力争正增长，实际增长2.1%"},
		{"力争正增长", "下降1.3%", Missed, "目标力争正增长，实际下降1.3%"},
		{"力争正增长", "基本持平", Unclear, ""},
		{"3.0%以内", "2.0%以内", Met, "控制在目标内"},
		{"5.5%左右", "5.8%", Met, "高于目标0.3个百分点"},
		{"4.5%以内", "4.9%", Missed, "超出目标0.4个百分点"},
		{"下降5.0%", "下降7.7%", Met, "多降2.7个百分点"},
		{"下降5.0%", "下降3.2%", Missed, "少降1.8个百分点"},
		{"以市下达目标为准", "完成市下达目标", Met, "完成市下达目标"},
		{"以市下达目标为准", "持续推进", Unclear, ""},
		{"增长6%左右", "增长5.7%", Met, "略低于目标0.3个百分点，在“左右”之内"},
		{"增长5%—5.5%", "增长5.2%", Met, "在目标区间内"},
		{"增长5%—5.5%", "增长5.9%", Met, "高于目标0.9个百分点"},
		{"9510座", "9680座", Met, "高于目标170座"},
		{"9510座", "9000座", Missed, "低于目标510座"},
		{"6.0%", "5318.2亿元", Unclear, "目标6.0%与完成5318.2亿元单位不同"},
		{"", "8.6%", Unclear, "缺少目标或完成情况"},
	}
	for _, tt := range tests {
		v := j.Judge(tt.target, tt.result)
		if v.Outcome != tt.want || tt.note != "" && v.Note != tt.note {
			t.Errorf("Judge(%q, %q) = %s %q; want %s %q", tt.target, tt.result, v.Outcome, v.Note, tt.want, tt.note)
		}
	}
}
