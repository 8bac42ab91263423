package wordlist

import (
	"reflect"
	"testing"
)

func TestLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"# only a comment\n\n", nil},
		{"增长 增速\r\n  # indented comment\n  下降  \n", []string{"增长 增速", "下降"}},
		{"a\nb", []string{"a", "b"}},
	}
	for _, tt := range tests {
		if got := Lines(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Lines(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSections(t *testing.T) {
	got := Sections("before\n[up]\n增长\n# note\n提高\n[down]\n下降\n")
	want := []Entry{{"", "before"}, {"up", "增长"}, {"up", "提高"}, {"down", "下降"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sections = %q; want %q", got, want)
	}
}
