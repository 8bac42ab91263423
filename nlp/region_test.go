package nlp

import (
	"slices"
	"strings"
	"testing"

	"github.com/planbot/planbot/nlp/segment"
)

// TestRegionIndexFind checks Find, which tries aliases only where one
// of their first characters stands, against trying them everywhere.
func TestRegionIndexFind(t *testing.T) {
	a := analyzer(t)
	everywhere := func(ri *RegionIndex, text string) []RegionMatch {
		off := segment.AppendOffsets(nil, text)
		n := len(off) - 1
		var out []RegionMatch
		for i := 0; i < n; i++ {
			for k := min(ri.maxLen, n-i); k >= ri.minLen; k-- {
				if r, ok := ri.alias[text[off[i]:off[i+k]]]; ok {
					out = append(out, RegionMatch{r, text[off[i]:off[i+k]]})
					i += k - 1
					break
				}
			}
		}
		return out
	}
	texts := append(segmentTexts(t), "福田区福田", "\xff福田区", "福\xff田区", "新疆维吾尔自治区和新疆", "上海浙江福田")
	for _, regions := range [][]string{{"福田区"}, {"新疆维吾尔自治区", "浙江省", "上海市", "福田区"}, {"深圳市", "南山区"}} {
		ri := NewRegionIndex(regions, a.Gazetteer())
		for _, text := range texts {
			if got, want := ri.Find(text), everywhere(ri, text); !slices.Equal(got, want) {
				t.Errorf("Find(%q) with %q = %v; want %v", text, regions, got, want)
			}
		}
	}
}

func TestAliases(t *testing.T) {
	a := analyzer(t)
	tests := []struct{ region, aliases string }{
		{"福田区", "福田区 福田"},
		{"大鹏新区", "大鹏新区 大鹏 大鹏新"},
		{"新疆维吾尔自治区", "新疆维吾尔自治区 新疆"},
	}
	for _, tt := range tests {
		got := a.Gazetteer().Aliases(tt.region)
		for _, want := range strings.Fields(tt.aliases) {
			if !slices.Contains(got, want) {
				t.Errorf("Aliases(%s) = %q, lacks %s", tt.region, got, want)
			}
		}
	}
}
