package answer

import "testing"

func TestComparedIndicators(t *testing.T) {
	tests := []struct{ q, a, b string }{
		{"2022年城镇居民人均可支配收入比农村居民高多少", "2022年城镇居民人均可支配收入", "农村居民人均可支配收入"},
		{"对非洲市场出口增速比拉美市场高几个百分点", "对非洲市场出口增速", "拉美市场出口增速"},
		{"货物出口比进口多多少", "货物出口", "进口"},
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
