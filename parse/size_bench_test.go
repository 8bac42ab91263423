package parse

import (
	"fmt"
	"strings"
	"testing"
)

// indicatorDoc is a document of n bytes or so, most of it headline
// indicator lines (——…): the shape that made parsing quadratic.
func indicatorDoc(n int) []byte {
	var b strings.Builder
	b.WriteString("甲区2022年国民经济和社会发展计划\n一、2022年主要目标\n")
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "——第%d项指标增长%d.%d%%以上；\n", i, i%10, i%7)
	}
	return []byte(b.String())
}

// BenchmarkParseSize parses documents of growing size; time per byte must
// stay flat (BENCHMARKS.md has the table).
func BenchmarkParseSize(b *testing.B) {
	for _, mb := range []float64{0.25, 1, 4, 16} {
		data := indicatorDoc(int(mb * (1 << 20)))
		b.Run(fmt.Sprintf("%gMB", mb), func(b *testing.B) {
			p := New()
			p.MaxBytes = 32 << 20
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := p.Parse("big.txt", data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLargeIndicatorDocument parses a megabyte of indicator lines (which
// took 9 s when linking was quadratic) and checks every indicator is
// linked to its sentence; BenchmarkParseSize measures the time.
func TestLargeIndicatorDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 1 MB")
	}
	p := New()
	doc, err := p.Parse("big.txt", indicatorDoc(1<<20), Options{})
	if err != nil {
		t.Fatal(err)
	}
	inds := doc.Parts[0].Indicators
	if len(inds) < 10000 || inds[len(inds)-1].Sentence == 0 {
		t.Fatalf("%d indicators, the last linked to sentence %d", len(inds), inds[len(inds)-1].Sentence)
	}
}
