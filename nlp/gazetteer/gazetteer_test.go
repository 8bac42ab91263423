package gazetteer

import (
	"strings"
	"testing"
)

func TestFindAndLeading(t *testing.T) {
	g := New()
	tests := []struct {
		in            string
		find, leading string
	}{
		{"深圳市南山区2023年政府工作报告", "深圳市,南山区", "深圳市,南山区"},
		{"福田区2021年国民经济", "福田区", "福田区"},
		{"创建全国文明城市示范区", "", ""},
		{"政府工作报告南山区", "南山区", ""},
		{"上海市2021年GDP", "上海市", "上海市"},
	}
	for _, tt := range tests {
		if got := strings.Join(g.Find(tt.in), ","); got != tt.find {
			t.Errorf("Find(%q) = %q; want %q", tt.in, got, tt.find)
		}
		if got := strings.Join(g.Leading(tt.in), ","); got != tt.leading {
			t.Errorf("Leading(%q) = %q; want %q", tt.in, got, tt.leading)
		}
	}
}

func TestHeaderIsNoPlace(t *testing.T) {
	for _, n := range New().Names() {
		if strings.HasPrefix(n, "#") {
			t.Fatalf("places.txt's header became a place: %q", n)
		}
	}
}
