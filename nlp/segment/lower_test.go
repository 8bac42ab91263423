package segment

import (
	"strings"
	"testing"
	"unicode"
)

// TestLower checks Lower against strings.ToLower, and that the range it
// skips has no character unicode.ToLower changes.
func TestLower(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if caseless(r) && unicode.ToLower(r) != r {
			t.Fatalf("%U is taken for caseless, but lowers to %U", r, unicode.ToLower(r))
		}
	}
	for _, s := range []string{"", "abc", "ABC", "2022年新增学位多少", "GDP增长", "ÄÖ学位", "ＧＤＰ增长", "学\xff位", "\xe5\xad", "ǅ", "İstanbul", "\ufffd", "Σ学"} {
		if got, want := Lower(s), strings.ToLower(s); got != want {
			t.Errorf("Lower(%q) = %q, want %q", s, got, want)
		}
	}
}
