package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/store"
)

const seedID = "福田区/2021-2022/plan-execution"

// seedAndCorrected returns the seed document and a corrected copy
// (新增学位 9510座 → 9800座).
func seedAndCorrected(t *testing.T) (seed, corrected []byte) {
	t.Helper()
	seed, err := os.ReadFile("../../seeds/futian-2021-execution-2022-plan.txt")
	if err != nil {
		t.Fatal(err)
	}
	return seed, bytes.Replace(seed, []byte("新增9510座学位"), []byte("新增9800座学位"), 1)
}

// openMain opens the index in dir as a command would, logging to logs.
func openMain(t *testing.T, dir string, seed bool, logs *syncBuf) *Main {
	t.Helper()
	var out bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &out)
	m.DBDir = dir
	m.Log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if err := m.open(context.Background(), seed); err != nil {
		t.Fatal(err)
	}
	return m
}

// Changes whose recording did not happen after their version was stored
// (the process died, or OnIngest failed) are recorded later — at the next
// ingest, even of the same, now "unchanged", file, or when planbot serve
// starts — and their notices queued once.
func TestChangeRecordingIsRetried(t *testing.T) {
	_, corrected := seedAndCorrected(t)
	tests := []struct {
		name  string
		retry func(t *testing.T, dir, file string)
	}{
		{"next ingest", func(t *testing.T, dir, file string) {
			for range 2 {
				code, out, errs := run(t, dir, "", "ingest", file)
				if code != 0 || !strings.Contains(out, "unchanged") {
					t.Fatalf("ingest again: exit %d\n%s%s", code, out, errs)
				}
			}
		}},
		{"serve start", func(t *testing.T, dir, file string) {
			for range 2 {
				var logs syncBuf
				m := openMain(t, dir, false, &logs)
				if _, err := m.recordPending(context.Background(), m.services(nil).follow); err != nil {
					t.Fatal(err)
				}
				m.Close()
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(t.TempDir(), "corrected.txt")
			os.WriteFile(file, corrected, 0o644)
			var logs syncBuf
			m := openMain(t, dir, true, &logs)
			if _, err := m.db.Subscribe(store.Subscription{User: "U1", Target: "task:福田区:提升教育事业发展质效", Kind: "task", Label: "任务20 提升教育事业发展质效"}); err != nil {
				t.Fatal(err)
			}
			// Stored, but stopped before its changes were recorded.
			if rep, err := m.ingester.Ingest(context.Background(), file, corrected, parse.Options{}); err != nil || rep.Version != 2 {
				t.Fatalf("ingest: %+v %v", rep, err)
			}
			m.Close()

			tt.retry(t, dir, file)

			db, err := store.Open(dir, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			items, _ := db.Outbox()
			if len(items) != 1 || items[0].User != "U1" || !strings.Contains(string(items[0].Payload), "9800座") {
				t.Errorf("outbox = %+v; want one notice to U1", items)
			}
			if ps, _ := db.PendingChanges(); len(ps) != 0 {
				t.Errorf("still pending: %+v", ps)
			}
			sets, _ := db.ChangesSince(time.Time{})
			if len(sets) != 2 { // the seed (new) and the correction
				t.Errorf("%d change sets; want 2", len(sets))
			}
		})
	}
}

func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// watchUntil runs the folder watcher on folder until done reports true.
func watchUntil(t *testing.T, m *Main, folder string, done func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- m.services(nil).watch(ctx, folder, 10*time.Millisecond) }()
	deadline := time.Now().Add(30 * time.Second)
	for !done() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-stopped
	if !done() {
		t.Fatal("watcher did not finish in time")
	}
}

// The watched folder is read oldest file first, and what was handled is
// kept across restarts, so neither a restart nor a second copy of the
// folder makes an older file the current version again.
func TestWatchFolderNeverRollsBack(t *testing.T) {
	seed, corrected := seedAndCorrected(t)
	dir := t.TempDir()
	watch := filepath.Join(t.TempDir(), "watch")
	os.MkdirAll(watch, 0o755)
	now := time.Now()
	// Name order is the reverse of age order.
	files := []struct {
		name  string
		data  []byte
		mtime time.Time
	}{
		{"a-corrected.txt", corrected, now.Add(-time.Minute)},
		{"b-original.txt", seed, now.Add(-time.Hour)},
	}
	for _, f := range files {
		p := filepath.Join(watch, f.name)
		os.WriteFile(p, f.data, 0o644)
		os.Chtimes(p, f.mtime, f.mtime)
	}
	watchedAll := func(m *Main, folder string) func() bool {
		return func() bool {
			for _, f := range files {
				abs, _ := filepath.Abs(filepath.Join(folder, f.name))
				if _, ok, _ := m.db.WatchedFile(abs); !ok {
					return false
				}
			}
			return true
		}
	}
	current := func(m *Main) {
		t.Helper()
		meta, _ := m.db.Meta(seedID)
		if meta.Current().Hash != hashOf(corrected) || len(meta.Versions) != 2 {
			t.Errorf("current v%d of %d versions is not the corrected file", meta.Version, len(meta.Versions))
		}
	}

	var logs syncBuf
	m := openMain(t, dir, false, &logs)
	watchUntil(t, m, watch, watchedAll(m, watch))
	current(m)
	m.Close()

	// Restart: nothing is ingested again.
	logs = syncBuf{}
	m = openMain(t, dir, false, &logs)
	start := time.Now()
	watchUntil(t, m, watch, func() bool { return time.Since(start) > 300*time.Millisecond })
	if strings.Contains(logs.String(), "watched folder") {
		t.Errorf("files ingested again after a restart:\n%s", logs.String())
	}
	current(m)

	// The same files in a folder the watcher has not seen: the original
	// is an earlier version of the document, not stored again.
	other := filepath.Join(t.TempDir(), "other")
	os.MkdirAll(other, 0o755)
	for _, f := range files {
		p := filepath.Join(other, f.name)
		os.WriteFile(p, f.data, 0o644)
		os.Chtimes(p, f.mtime, f.mtime)
	}
	watchUntil(t, m, other, watchedAll(m, other))
	current(m)
	if !strings.Contains(logs.String(), "identical to "+seedID+" v1") {
		t.Errorf("no note that the original is an earlier version:\n%s", logs.String())
	}
	m.Close()
}

// planbot tasks lists the newest plan (the document /plan subscribe 20
// means), and planbot diff ID@vN compares version N with the one before.
func TestTasksAndDiffOfVersions(t *testing.T) {
	t.Setenv("PLANBOT_REGION", "")
	seed, corrected := seedAndCorrected(t)
	dir := t.TempDir()
	tmp := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(tmp, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	again := bytes.Replace(corrected, []byte("新增9800座学位"), []byte("新增9900座学位"), 1)
	for _, f := range []string{write("v1.txt", seed), write("v2.txt", corrected), write("v3.txt", again), "../../parse/testdata/nanshan-plan/input.txt"} {
		if code, out, errs := run(t, dir, "", "ingest", f); code != 0 {
			t.Fatalf("ingest %s: %d\n%s%s", f, code, out, errs)
		}
	}
	// A copy of the seed under an ID that sorts after it: same region and plan year.
	if code, out, errs := run(t, dir, "", "ingest", "--id", "福田区/zz-copy", write("copy.txt", seed)); code != 0 {
		t.Fatalf("ingest copy: %d\n%s%s", code, out, errs)
	}
	tests := []struct {
		args       []string
		region     string
		code       int
		want, miss string
	}{
		{[]string{"tasks"}, "", 0, "南山区", "福田区"}, // the newest plan year of all regions
		{[]string{"tasks"}, "福田区", 0, "(" + seedID + ")", "zz-copy"},
		{[]string{"diff", seedID + "@v2"}, "", 0, "新增学位 9510座 → 9800座", "9900座"},
		{[]string{"diff", seedID + "@v3"}, "", 0, "新增学位 9800座 → 9900座", "9510座"},
		{[]string{"diff", seedID}, "", 0, "新增学位 9800座 → 9900座", "9510座"},
		{[]string{"diff", seedID + "@v1"}, "", 2, "", "9900座"},
		{[]string{"diff", seedID + "@v1", seedID + "@v3"}, "", 0, "新增学位 9510座 → 9900座", "9800座"},
	}
	for _, tt := range tests {
		t.Setenv("PLANBOT_REGION", tt.region)
		code, out, errs := run(t, dir, "", tt.args...)
		if code != tt.code || !strings.Contains(out, tt.want) || (tt.miss != "" && strings.Contains(out, tt.miss)) {
			t.Errorf("%v (region %q): exit %d\n%s%s\nwant exit %d, %q, not %q", tt.args, tt.region, code, out, errs, tt.code, tt.want, tt.miss)
		}
	}
}
