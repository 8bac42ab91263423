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
