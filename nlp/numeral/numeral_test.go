package numeral

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"二〇二二", 2022, true},
		{"二○二二", 2022, true},
		{"二零二一", 2021, true},
		{"一九九八", 1998, true},
		{"五", 5, true},
		{"十", 10, true},
		{"十五", 15, true},
		{"三十", 30, true},
		{"三十五", 35, true},
		{"一百零五", 105, true},
		{"一百五", 150, true},
		{"两千", 2000, true},
		{"三千五百万", 35000000, true},
		{"两万五", 25000, true},
		{"三亿五千万", 350000000, true},
		{"一万亿", 1e12, true},
		{"九千五百一十", 9510, true},
		{"三点五", 3.5, true},
		{"壹佰贰拾", 120, true},
		{"", 0, false},
		{"百十", 0, false},
		{"十四五", 0, false},
		{"万", 0, false},
		{"abc", 0, false},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSpan(t *testing.T) {
	tests := []struct {
		in    string
		end   int
		value float64
	}{
		{"十所学校", 1, 10},
		{"三十五万人", 4, 350000},
		{"九千五百一十座", 6, 9510},
		{"学校", 0, 0},
	}
	for _, tt := range tests {
		end, v := Span([]rune(tt.in), 0)
		if end != tt.end || v != tt.value {
			t.Errorf("Span(%q) = %d, %v; want %d, %v", tt.in, end, v, tt.end, tt.value)
		}
	}
}

func TestFraction(t *testing.T) {
	tests := []struct {
		in      string
		value   float64
		percent bool
		ok      bool
	}{
		{"四分之一", 0.25, false, true},
		{"百分之五", 5, true, true},
		{"百分之12.5", 12.5, true, true},
		{"三分之", 0, false, false},
		{"四个", 0, false, false},
	}
	for _, tt := range tests {
		_, v, pct, ok := Fraction([]rune(tt.in), 0)
		if ok != tt.ok || v != tt.value || pct != tt.percent {
			t.Errorf("Fraction(%q) = %v, %v, %v; want %v, %v, %v", tt.in, v, pct, ok, tt.value, tt.percent, tt.ok)
		}
	}
}

func TestNormalizeYears(t *testing.T) {
	tests := []struct{ in, want string }{
		{"二〇二二年新增学位多少", "2022年新增学位多少"},
		{"二○二二年一月", "2022年一月"},
		{"二零二一年GDP", "2021年GDP"},
		{"十四五规划", "十四五规划"},
		{"三年行动", "三年行动"},
		{"二二年", "二二年"},
	}
	for _, tt := range tests {
		if got := NormalizeYears(tt.in); got != tt.want {
			t.Errorf("NormalizeYears(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestNormalizeYearsSkip checks that NormalizeYears, which returns a
// text as it is when mayHoldYear says it cannot change it, gives what
// rewriting every text gives.
func TestNormalizeYearsSkip(t *testing.T) {
	rewrite := rewriteYears
	alphabet := []string{"二", "〇", "○", "Ｏ", "零", "两", "九", "年", "2", "a", "学", "十", "\ufffd", "\xff", "\xe5\xad", " "}
	rnd := rand.New(rand.NewPCG(14, 3))
	for range 50000 {
		var b strings.Builder
		for range rnd.IntN(12) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := NormalizeYears(s), rewrite(s); got != want {
			t.Fatalf("NormalizeYears(%q) = %q; want %q", s, got, want)
		}
	}
}
