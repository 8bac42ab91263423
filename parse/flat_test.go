package parse

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// A page flattened onto one line is cut back into its elements; a long
// line that is one paragraph among others keeps its spaces (a PDF
// extraction may space words), and so does a short line.
func TestFlatPieces(t *testing.T) {
	data, err := os.ReadFile("testdata/flat-page.txt")
	if err != nil {
		t.Fatal(err)
	}
	page := strings.TrimSpace(string(data))
	pieces := flatPieces(page, utf8.RuneCountInString(page))
	if len(pieces) < 10 || !slices.Contains(pieces, "一、综合") || !slices.Contains(pieces, "(中国)某市2024年国民经济和社会发展统计公报-某某公报库") {
		t.Errorf("page cut into %d pieces: %q", len(pieces), pieces)
	}
	for _, p := range pieces {
		if captionRe.MatchString(p) && utf8.RuneCountInString(p) <= maxCaption {
			t.Errorf("caption %q kept", p)
		}
	}
	// The same line as one paragraph of a longer text: whole.
	if got := flatPieces(page, 3*utf8.RuneCountInString(page)); len(got) != 1 {
		t.Errorf("a paragraph among others cut into %d pieces", len(got))
	}
	if got := flatPieces("全区 地区生产总值 增长 6.7%。", 20); len(got) != 1 {
		t.Errorf("a short line cut into %d pieces", len(got))
	}
}
