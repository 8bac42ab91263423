package store

import (
	"testing"
	"time"
)

// SetDigestLastDue changes only LastDue, only forward, and never brings
// back a removed schedule.
func TestSetDigestLastDue(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	t0 := time.Date(2022, 3, 1, 1, 0, 0, 0, time.UTC)
	db.PutDigest(DigestSchedule{Channel: "C1", Hour: 18, TZ: "Asia/Shanghai"})
	tests := []struct {
		channel   string
		due       time.Time
		wantFound bool
		wantLast  time.Time
	}{
		{"C1", t0, true, t0},
		{"C1", t0.Add(-time.Hour), true, t0}, // never backwards
		{"C2", t0, false, time.Time{}},       // removed: stays removed
	}
	for _, tt := range tests {
		found, err := db.SetDigestLastDue(tt.channel, tt.due)
		if err != nil || found != tt.wantFound {
			t.Errorf("SetDigestLastDue(%s) = %v, %v", tt.channel, found, err)
		}
		d, ok, err := db.Digest(tt.channel)
		if err != nil || ok != tt.wantFound || !d.LastDue.Equal(tt.wantLast) || (ok && d.Hour != 18) {
			t.Errorf("%s after SetDigestLastDue: %+v %v %v", tt.channel, d, ok, err)
		}
	}
}
