package store

import "testing"

func TestIDVersionSplit(t *testing.T) {
	// Versions whose bytes hold NULs still split.
	for _, v := range []int{1, 256, 65536, 1 << 24} {
		id, ver, ok := splitIDVersion(postingKey("r", "t", 2021, "doc/1", v)[len(postingYearPrefix("r", "t", 2021)):])
		if !ok || id != "doc/1" || ver != v {
			t.Errorf("split v%d = %q %d %v", v, id, ver, ok)
		}
	}
}
