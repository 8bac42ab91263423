package library_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/follow"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/store"
)

const seedID = "福田区/2021-2022/plan-execution"

// seedAndCorrected returns the seed document and a corrected copy
// (新增学位 9510座 → 9800座).
func seedAndCorrected(t *testing.T) (seed, corrected []byte) {
	t.Helper()
	seed, err := os.ReadFile("../seeds/futian-2021-execution-2022-plan.txt")
	if err != nil {
		t.Fatal(err)
	}
	return seed, bytes.Replace(seed, []byte("新增9510座学位"), []byte("新增9800座学位"), 1)
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// open opens the index in dir as planbot does, logging to logs; with seed
// set an empty index is filled with the embedded seed. Close its DB to
// open it again, as a restarted process would.
func open(t *testing.T, dir string, seed bool, logs *syncBuf) *library.Library {
	t.Helper()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	words, err := db.DomainTerms()
	if err != nil {
		t.Fatal(err)
	}
	an, err := nlp.New(words)
	if err != nil {
		t.Fatal(err)
	}
	f := &follow.Service{DB: db, Synonyms: an.Synonyms, IsUser: bot.IsUserID}
	lib := library.New(db, ingest.New(db, parse.New(), nlp.New, an, words), answer.New(db, an), f)
	lib.Log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if seed && db.Empty() {
		if err := lib.LoadSeeds(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return lib
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
				var logs syncBuf
				lib := open(t, dir, false, &logs)
				res, err := lib.Add(context.Background(), file, corrected, parse.Options{})
				lib.DB.Close()
				if err != nil || !res.Unchanged {
					t.Fatalf("ingest again: %+v %v", res, err)
				}
			}
		}},
		{"serve start", func(t *testing.T, dir, file string) {
			for range 2 {
				var logs syncBuf
				lib := open(t, dir, false, &logs)
				_, err := lib.RecordPending(context.Background())
				lib.DB.Close()
				if err != nil {
					t.Fatal(err)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(t.TempDir(), "corrected.txt")
			os.WriteFile(file, corrected, 0o644)
			var logs syncBuf
			lib := open(t, dir, true, &logs)
			if _, err := lib.DB.Subscribe(store.Subscription{User: "U1", Target: "task:福田区:提升教育事业发展质效", Kind: "task", Label: "任务20 提升教育事业发展质效"}); err != nil {
				t.Fatal(err)
			}
			// Stored, but stopped before its changes were recorded.
			if rep, err := lib.Ingester.Ingest(context.Background(), file, corrected, parse.Options{}); err != nil || rep.Version != 2 {
				t.Fatalf("ingest: %+v %v", rep, err)
			}
			lib.DB.Close()

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

// watchUntil watches folder until done reports true.
func watchUntil(t *testing.T, lib *library.Library, folder string, done func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- lib.Watch(ctx, folder, 10*time.Millisecond) }()
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
	watchedAll := func(lib *library.Library, folder string) func() bool {
		return func() bool {
			for _, f := range files {
				abs, _ := filepath.Abs(filepath.Join(folder, f.name))
				if _, ok, _ := lib.DB.WatchedFile(abs); !ok {
					return false
				}
			}
			return true
		}
	}
	current := func(lib *library.Library) {
		t.Helper()
		meta, _ := lib.DB.Meta(seedID)
		if meta.Current().Hash != hashOf(corrected) || len(meta.Versions) != 2 {
			t.Errorf("current v%d of %d versions is not the corrected file", meta.Version, len(meta.Versions))
		}
	}

	var logs syncBuf
	lib := open(t, dir, false, &logs)
	watchUntil(t, lib, watch, watchedAll(lib, watch))
	current(lib)
	lib.DB.Close()

	// Restart: nothing is ingested again.
	logs = syncBuf{}
	lib = open(t, dir, false, &logs)
	start := time.Now()
	watchUntil(t, lib, watch, func() bool { return time.Since(start) > 300*time.Millisecond })
	if strings.Contains(logs.String(), "watched folder") {
		t.Errorf("files ingested again after a restart:\n%s", logs.String())
	}
	current(lib)

	// The same files in a folder the watcher has not seen: the original
	// is an earlier version of the document, not stored again.
	other := filepath.Join(t.TempDir(), "other")
	os.MkdirAll(other, 0o755)
	for _, f := range files {
		p := filepath.Join(other, f.name)
		os.WriteFile(p, f.data, 0o644)
		os.Chtimes(p, f.mtime, f.mtime)
	}
	watchUntil(t, lib, other, watchedAll(lib, other))
	current(lib)
	if !strings.Contains(logs.String(), "identical to "+seedID+" v1") {
		t.Errorf("no note that the original is an earlier version:\n%s", logs.String())
	}
	lib.DB.Close()
}

// The watched folder takes PDF, Word and web pages as it takes text: a
// corrected edition as a PDF becomes the next version, its change is
// recorded and the subscriber of its task has a notice queued; an old
// Word file is refused with advice in the log; other files are left alone.
func TestWatchFolderTakesDocumentFormats(t *testing.T) {
	var logs syncBuf
	lib := open(t, t.TempDir(), true, &logs)
	defer lib.DB.Close()
	ctx := context.Background()
	ts, err := lib.Follow.Resolve(ctx, "20")
	if err != nil || len(ts) != 1 {
		t.Fatalf("resolve task 20: %v %v", ts, err)
	}
	if _, err := lib.Follow.Subscribe("U1", ts[0]); err != nil {
		t.Fatal(err)
	}
	watch := filepath.Join(t.TempDir(), "watch")
	os.MkdirAll(watch, 0o755)
	for name, src := range map[string]string{"corrected.pdf": "seed-v2.pdf", "old.doc": "seed.doc", "notes.md": "seed.html"} {
		data, err := os.ReadFile(filepath.Join("../extract/testdata", src))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(watch, name), data, 0o644)
	}
	handled := func(name string) bool {
		abs, _ := filepath.Abs(filepath.Join(watch, name))
		_, ok, _ := lib.DB.WatchedFile(abs)
		return ok
	}
	watchUntil(t, lib, watch, func() bool { return handled("corrected.pdf") && handled("old.doc") })
	if meta, _ := lib.DB.Meta(seedID); meta.Version != 2 || meta.Current().Source != "corrected.pdf" {
		t.Errorf("current version v%d from %q; want v2 from corrected.pdf", meta.Version, meta.Current().Source)
	}
	items, err := lib.DB.Outbox()
	if err != nil || len(items) != 1 || items[0].User != "U1" || !strings.Contains(string(items[0].Payload), "9800") {
		t.Errorf("outbox %+v %v; want one notice to U1 of 9800座", items, err)
	}
	if !strings.Contains(logs.String(), "save it as .docx") {
		t.Errorf("no advice for the .doc in the log:\n%s", logs.String())
	}
	if handled("notes.md") {
		t.Error("a .md file was taken")
	}
}
