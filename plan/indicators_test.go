package plan

import (
	"fmt"
	"testing"
)

func TestIndicatorWalk(t *testing.T) {
	d := &Document{
		Parts: []Part{
			{Number: 1, Kind: KindResult, Indicators: []Indicator{{Name: "地区生产总值"}}, Sections: []Section{{Indicators: []Indicator{{Name: "失业率"}, {Name: ""}}}}},
			{Number: 2, Kind: KindTarget, Indicators: []Indicator{{Name: "地区生产总值"}}},
		},
		Tables: []Table{{Rows: []Row{{Name: "失业率"}, {Name: "能耗"}}}},
	}
	var got []string
	for p, i := range d.ListedIndicators() {
		got = append(got, fmt.Sprintf("%d:%s", p.Number, i.Name))
	}
	if fmt.Sprint(got) != "[1:地区生产总值 1:失业率 1: 2:地区生产总值]" {
		t.Errorf("ListedIndicators = %v", got)
	}
	if names := d.IndicatorNames(); fmt.Sprint(names) != "[地区生产总值 失业率 能耗]" {
		t.Errorf("IndicatorNames = %v", names)
	}
	// Stopping early is honoured.
	n := 0
	for range d.ListedIndicators() {
		n++
		break
	}
	if n != 1 {
		t.Errorf("iteration did not stop: %d", n)
	}
}
