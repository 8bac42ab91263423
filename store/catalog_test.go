package store

import (
	"context"
	"testing"
	"time"
)

// Every place that means "the newest plan" gets the same document.
func TestNewestPlan(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	for _, d := range []struct {
		id, region string
		year       int
	}{
		{"futian/b", "福田区", 2021},
		{"futian/a", "福田区", 2021},
		{"futian/old", "福田区", 2020},
		{"nanshan/z", "南山区", 2021},
		{"luohu/new", "罗湖区", 2022},
	} {
		if _, err := db.Put(ctx, testDoc(d.id, d.region, d.id, d.year, "1座"), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ region, want string }{
		{"福田区", "futian/a"}, // same plan year: the smaller ID
		{"南山区", "nanshan/z"},
		{"", "luohu/new"},
		{"龙岗区", ""},
	}
	for _, tt := range tests {
		m, ok := db.Catalog().NewestPlan(tt.region)
		if m.ID != tt.want || ok != (tt.want != "") {
			t.Errorf("NewestPlan(%q) = %q %v; want %q", tt.region, m.ID, ok, tt.want)
		}
	}
}

// Version numbers may have gaps (a failed staging keeps its number), so
// "the version before" is looked up, not computed.
func TestPreviousVersion(t *testing.T) {
	m := DocMeta{Version: 5, Versions: []VersionInfo{{Version: 1}, {Version: 3}, {Version: 5}}}
	for ver, want := range map[int]int{5: 3, 3: 1, 1: 0, 4: 3, 9: 5} {
		if got := m.Previous(ver); got != want {
			t.Errorf("Previous(%d) = %d; want %d", ver, got, want)
		}
	}
}
