package store

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// A backup restores to an index that holds exactly what the original
// held; a backup cut short, damaged or padded is refused and leaves
// nothing; a directory holding an index is not restored over.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	for i, ix := range []Indexed{
		testDoc("a", "甲区", "h1", 2021, "100座", "8.6%"),
		testDoc("b", "乙区", "h2", 2022, "9510座"),
		testDoc("a", "甲区", "h3", 2021, "120座"), // a second version
	} {
		if _, err := db.Put(ctx, ix, time.Unix(int64(i), 0)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Subscribe(Subscription{User: "U1", Target: "task:20", Kind: "task"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := db.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	want := dumpIndex(t, db)
	db.Close()
	backup := buf.Bytes()

	dir := filepath.Join(t.TempDir(), "restored")
	rep, err := Restore(ctx, dir, bytes.NewReader(backup), int64(len(backup)), Options{})
	if err != nil || rep.Documents != 2 || rep.Versions != 3 {
		t.Fatalf("Restore = %+v, %v", rep, err)
	}
	got := openTest(t, dir)
	if d := dumpIndex(t, got); d != want {
		t.Errorf("restored index differs:\n%.2000s", lineDiff(want, d))
	}
	if subs, _ := got.Subscribers("task:20"); len(subs) != 1 {
		t.Errorf("subscribers after restore: %v", subs)
	}
	if got.NeverUsed() {
		t.Error("a restored index passes for a new one")
	}
	got.Close()
	if _, err := Restore(ctx, dir, bytes.NewReader(backup), int64(len(backup)), Options{}); plan.ErrorCode(err) != plan.ECONFLICT {
		t.Errorf("restore over an index: %v", err)
	}

	flipped := bytes.Clone(backup)
	flipped[len(flipped)/2] ^= 1
	for name, b := range map[string][]byte{
		"cut in the middle":      backup[:len(backup)/2],
		"cut before the trailer": backup[:len(backup)-trailerSize],
		"one bit flipped":        flipped,
		"bytes added":            append(bytes.Clone(backup), 0),
		"not a backup":           []byte("hello"),
	} {
		dir := filepath.Join(t.TempDir(), "x")
		if _, err := Restore(ctx, dir, bytes.NewReader(b), int64(len(b)), Options{}); plan.ErrorCode(err) != plan.EINVALID {
			t.Errorf("%s: %v; want a refusal", name, err)
		}
		if m, _ := filepath.Glob(dir + "*"); len(m) > 0 {
			t.Errorf("%s: left %v", name, m)
		}
	}
}
