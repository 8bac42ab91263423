package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"github.com/planbot/planbot/internal/testlong"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// sealedIndex builds an index of a few documents, large enough that
// their blobs and summaries sit in the value log, and closes it, so that
// everything is in tables and logs on disk. It returns the directory and
// what the index answers.
func sealedIndex(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	db := openTest(t, dir)
	for i, region := range []string{"甲区", "乙区", "丙区"} {
		ix := bigDoc("doc"+region, region, 48<<10, uint64(i))
		if _, err := db.Put(context.Background(), ix, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	want := dumpIndex(t, db)
	db.Close()
	return dir, want
}

func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "LOCK" {
			continue
		}
		in, err := os.Open(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(to, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			t.Fatal(err)
		}
		in.Close()
		out.Close()
	}
	return to
}

func filesWithSuffix(t *testing.T, dir, suffix string) []string {
	t.Helper()
	var out []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), suffix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s files in %s", suffix, dir)
	}
	return out
}

// isCorruptErr checks an error is the damage report: its code, the
// index named, what to do.
func isCorruptErr(t *testing.T, err error, dir string) bool {
	t.Helper()
	if plan.ErrorCode(err) != plan.ECORRUPT || !errors.Is(err, ErrCorrupt) {
		return false
	}
	msg := plan.ErrorMessage(err)
	if !strings.Contains(msg, dir) || !strings.Contains(msg, "backup") || !strings.Contains(msg, "planbot reindex") {
		t.Errorf("damage report does not name the index and what to do: %s", msg)
	}
	return true
}

// readAll reads every document version and every answer-bearing record
// through the store's read paths, returning the dump or the first error.
func readAll(t *testing.T, db *DB) (string, error) {
	t.Helper()
	for _, m := range db.Documents() {
		for _, v := range m.Versions {
			if _, err := db.Document(context.Background(), m.ID, v.Version); err != nil {
				return "", err
			}
		}
	}
	if _, err := db.DomainTerms(); err != nil {
		return "", err
	}
	var dump string
	err := db.Read(func(r *Reader) error {
		for _, term := range []string{"一个", "丁丁"} {
			dps, err := r.DocPostings(context.Background(), nil, nil, term, 0)
			if err != nil {
				return err
			}
			var refs []SentRef
			for _, dp := range dps {
				for _, id := range dp.Sentences {
					refs = append(refs, SentRef{DocID: dp.DocID, Version: dp.Version, Sentence: id})
				}
			}
			if _, err := r.Sentences(context.Background(), refs); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	dump = dumpIndex(t, db)
	return dump, nil
}

// A single flipped bit anywhere in a table makes opening the index fail
// with the damage report; it never answers differently.
func TestBitFlipInTable(t *testing.T) {
	dir, want := sealedIndex(t)
	rng := rand.New(rand.NewPCG(3, 3))
	trials := testlong.Pick(10, 15, 40)
	refused, salvaged := 0, 0
	for range trials {
		d := copyDir(t, dir)
		tables := filesWithSuffix(t, d, ".sst")
		f := tables[rng.IntN(len(tables))]
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		off := rng.IntN(len(b))
		b[off] ^= 1 << rng.IntN(8)
		if err := os.WriteFile(f, b, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(d, Options{})
		if err != nil {
			if !isCorruptErr(t, err, d) {
				t.Errorf("bit %d of %s: open = %v; want the damage report", off, filepath.Base(f), err)
			}
			refused++
			// Opened to salvage it, the index opens, unless the
			// damage is in what opening a table reads, and Check says
			// what is wrong.
			db, err := Open(d, Options{Salvage: true})
			if err != nil {
				if !isCorruptErr(t, err, d) {
					t.Errorf("bit %d of %s: salvage open = %v", off, filepath.Base(f), err)
				}
				continue
			}
			salvaged++
			if rep, err := db.Check(context.Background()); err != nil || rep.OK() {
				t.Errorf("bit %d of %s: check = %+v, %v; want problems", off, filepath.Base(f), rep, err)
			}
			db.Close()
			continue
		}
		got, err := readAll(t, db)
		db.Close()
		if err != nil {
			if !isCorruptErr(t, err, d) {
				t.Errorf("bit %d of %s: read = %v; want the damage report", off, filepath.Base(f), err)
			}
			continue
		}
		if got != want {
			t.Errorf("bit %d of %s flipped: the index answers differently:\n%.1000s", off, filepath.Base(f), lineDiff(want, got))
		}
	}
	t.Logf("%d of %d flips refused at open; %d of those opened for salvage", refused, trials, salvaged)
}

// A value log cut short (1%) is reported when a cut value is read, and
// by Check; no read returns other data.
func TestCutValueLog(t *testing.T) {
	dir, want := sealedIndex(t)
	logs := filesWithSuffix(t, dir, ".vlog")
	cut := false
	for _, f := range logs {
		st, _ := os.Stat(f)
		if st.Size() > 1<<10 {
			if err := os.Truncate(f, st.Size()-st.Size()/100); err != nil {
				t.Fatal(err)
			}
			cut = true
		}
	}
	if !cut {
		t.Fatal("no value log holds anything")
	}
	db, err := Open(dir, Options{})
	if err != nil {
		if !isCorruptErr(t, err, dir) {
			t.Fatalf("open = %v; want the damage report or success", err)
		}
		return
	}
	defer db.Close()
	got, err := readAll(t, db)
	switch {
	case err != nil && !isCorruptErr(t, err, dir):
		t.Errorf("read = %v; want the damage report", err)
	case err == nil && got != want:
		t.Errorf("a cut value log answers differently, silently:\n%.1000s", lineDiff(want, got))
	case err == nil:
		t.Error("nothing read hit the cut")
	}
	rep, err := db.Check(context.Background())
	if err != nil || rep.OK() {
		t.Errorf("check of a cut value log = %+v, %v; want problems", rep, err)
	}
}

// An index whose MANIFEST is gone is reported as damaged, and left as it
// is, so that putting the file back (from a backup) restores it.
func TestLostManifest(t *testing.T) {
	dir, want := sealedIndex(t)
	manifest := filepath.Join(dir, "MANIFEST")
	saved, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(manifest)
	before, _ := os.ReadDir(dir)
	if _, err := Open(dir, Options{}); !isCorruptErr(t, err, dir) {
		t.Fatalf("open without MANIFEST = %v; want the damage report", err)
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		t.Errorf("opening changed the damaged directory: %d files, then %d", len(before), len(after))
	}
	if err := os.WriteFile(manifest, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	db := openTest(t, dir)
	defer db.Close()
	if db.NeverUsed() {
		t.Error("restored index says it was never used")
	}
	if got := dumpIndex(t, db); got != want {
		t.Errorf("restored index differs:\n%s", lineDiff(want, got))
	}
}

// An index that lost all its badger files but its marker is reported as
// damaged, never taken for a new one; one that lost only the marker gets
// it back; a new index says it was never used until a document is
// stored.
func TestNeverUsed(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	if !db.NeverUsed() {
		t.Error("a new index says it was used")
	}
	db.Close()
	db = openTest(t, dir)
	if !db.NeverUsed() {
		t.Error("a new index reopened says it was used")
	}
	if _, err := db.Put(context.Background(), testDoc("a", "福田区", "h1", 2021, "100座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	if db.NeverUsed() {
		t.Error("an index with a document says it was never used")
	}
	db.Close()
	if st, err := os.Stat(filepath.Join(dir, markerFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("marker file: %v %v", st, err)
	}

	// The marker lost: put back at open.
	os.Remove(filepath.Join(dir, markerFile))
	db = openTest(t, dir)
	if db.NeverUsed() {
		t.Error("an index that lost its marker says it was never used")
	}
	db.Close()
	if _, err := os.Stat(filepath.Join(dir, markerFile)); err != nil {
		t.Errorf("marker not restored: %v", err)
	}

	// Everything lost but the marker.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != markerFile {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	if _, err := Open(dir, Options{}); !isCorruptErr(t, err, dir) {
		t.Errorf("open of an index that lost its files = %v; want the damage report", err)
	}
}

// A disk too full to write to: writes fail with a distinct error
// (plan.ENOSPACE, syscall.ENOSPC) before badger maps anything, reading
// keeps working, and an index opened on such a disk opens read-only.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	dir, want := sealedIndex(t)
	full := func(string) (uint64, error) { return 10 << 20, nil }
	isFull := func(err error) bool {
		return plan.ErrorCode(err) == plan.ENOSPACE && errors.Is(err, syscall.ENOSPC) &&
			strings.Contains(plan.ErrorMessage(err), dir)
	}
	checkReads := func(db *DB) {
		t.Helper()
		got, err := readAll(t, db)
		if err != nil || got != want {
			t.Errorf("reads on a full disk: %v\n%.1000s", err, lineDiff(want, got))
		}
		if rep, err := db.Check(ctx); err != nil || !rep.OK() {
			t.Errorf("check on a full disk: %v %v", rep.Problems, err)
		}
	}
	checkWrites := func(db *DB) {
		t.Helper()
		if _, err := db.Put(ctx, testDoc("new", "甲区", "n1", 2021, "1座"), time.Now()); !isFull(err) {
			t.Errorf("put on a full disk = %v; want a full-disk error", err)
		}
		if err := db.SetWatchedFile("/x", WatchedFile{Size: 1}); !isFull(err) {
			t.Errorf("state write on a full disk = %v; want a full-disk error", err)
		}
	}

	// The disk fills while the index is open.
	db := openTest(t, dir)
	db.freeSpace = full
	checkWrites(db)
	checkReads(db)
	db.freeSpace = diskFree
	if _, err := db.Put(ctx, testDoc("new", "甲区", "n1", 2021, "1座"), time.Now()); err != nil {
		t.Fatalf("put once space is free: %v", err)
	}
	db.Close()

	// The index is opened on a full disk.
	dir, want = sealedIndex(t)
	db, err := Open(dir, Options{freeSpace: full})
	if err != nil {
		t.Fatalf("open on a full disk: %v", err)
	}
	checkWrites(db)
	checkReads(db)
	db.Close()

	// A new index cannot be made there.
	dir = t.TempDir()
	if _, err := Open(dir, Options{freeSpace: full}); !isFull(err) {
		t.Errorf("new index on a full disk = %v; want a full-disk error", err)
	}
}

// A kill -9 between badger creating a memtable file and sizing it leaves
// an empty file. A read-only open cannot size it and says the index needs
// one open for writing; an open on a full disk does that open, with
// writes still refused; the next open succeeds and the index is intact.
func TestEmptyMemtableFileAfterKill(t *testing.T) {
	dir, want := sealedIndex(t)
	if err := os.WriteFile(filepath.Join(dir, "00007.mem"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if ro, err := Open(dir, Options{ReadOnly: true}); err == nil {
		ro.Close()
	} else if !errors.Is(err, errUnclean) || plan.ErrorCode(err) != plan.EINVALID {
		t.Fatalf("read-only open = %v; want the not-closed-cleanly error", err)
	}
	full, err := Open(dir, Options{freeSpace: func(string) (uint64, error) { return 64 << 20, nil }})
	if err != nil {
		t.Fatalf("open on a full disk: %v", err)
	}
	if got := dumpIndex(t, full); got != want {
		t.Errorf("index differs on a full disk:\n%s", lineDiff(want, got))
	}
	full.Close()
	db := openTest(t, dir)
	defer db.Close()
	if got := dumpIndex(t, db); got != want {
		t.Errorf("index differs after the open:\n%s", lineDiff(want, got))
	}
	if _, err := db.Put(context.Background(), testDoc("new", "甲区", "n1", 2021, "1座"), time.Now()); err != nil {
		t.Errorf("put after the open: %v", err)
	}
}

// The index directory is private, and without $HOME or $XDG_DATA_HOME
// there is no default: the error names --db and PLANBOT_DB.
func TestPrivateDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	db := openTest(t, dir)
	db.Close()
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("index directory mode = %v, %v; want 0700", st.Mode().Perm(), err)
	}
	t.Setenv("HOME", "")
	t.Setenv("XDG_DATA_HOME", "")
	d, err := DefaultDir()
	if err == nil || !strings.Contains(err.Error(), "--db") || !strings.Contains(err.Error(), "PLANBOT_DB") {
		t.Errorf("DefaultDir without $HOME = %q, %v; want an error naming --db and PLANBOT_DB", d, err)
	}
	if _, err := Open("", Options{}); plan.ErrorCode(err) != plan.EINVALID || !strings.Contains(err.Error(), "PLANBOT_DB") {
		t.Errorf("Open(\"\") = %v", err)
	}
	t.Setenv("HOME", "/home/someone")
	if d, err := DefaultDir(); err != nil || d != "/home/someone/.local/share/planbot" {
		t.Errorf("DefaultDir = %q, %v", d, err)
	}
}

// killDirEnv names the index a child process of TestKillDuringIngest
// writes to until it is killed.
const killDirEnv = "PLANBOT_STORE_KILL_DIR"

// A process killed (SIGKILL) at any moment of a stream of ingests leaves
// an index that the next Open opens, finishing or removing what the kill
// interrupted, and that Check finds sound.
func TestKillDuringIngest(t *testing.T) {
	if dir := os.Getenv(killDirEnv); dir != "" {
		killChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("kills child processes; skipped in -short")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(5, 5))
	interrupted := map[string]int{}
	defer func() { t.Logf("kills interrupted: %v", interrupted) }()
	for k := range testlong.Pick(0, 3, 8) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringIngest$")
		cmd.Env = append(os.Environ(), killDirEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the child to open the index, then let it write a while.
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			t.Fatalf("kill %d: child did not start: %v", k, err)
		}
		time.Sleep(time.Duration(100+rng.IntN(1500)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		// What the kill interrupted, seen read-only before any repair.
		ro, err := Open(dir, Options{ReadOnly: true})
		if errors.Is(err, errUnclean) && plan.ErrorCode(err) == plan.EINVALID {
			interrupted["logs to recover (no read-only open)"]++
		} else if err != nil {
			t.Fatalf("read-only open after kill %d: %v", k, err)
		} else {
			ro.Close()
		}
		// Opened for writing with a full disk: writes are refused, but
		// badger recovers its logs and reading works.
		full, err := Open(dir, Options{freeSpace: func(string) (uint64, error) { return 64 << 20, nil }})
		if err != nil {
			t.Fatalf("open on a full disk after kill %d: %v", k, err)
		}
		if _, err := readAll(t, full); err != nil {
			t.Errorf("read on a full disk after kill %d: %v", k, err)
		}
		inspectKilled(full, interrupted)
		full.Close()
		db, err := Open(dir, Options{})

		if err != nil {
			t.Fatalf("open after kill %d: %v", k, err)
		}
		checkOK(t, db)
		db.Close()
	}
}

// inspectKilled counts what a kill left for the next open to finish
// (which an open with writes refused leaves as it is).
func inspectKilled(ro *DB, interrupted map[string]int) {
	ro.Read(func(r *Reader) error {
		if err := r.open(); err != nil {
			return err
		}
		if len(r.stats.Active) > 0 {
			interrupted["statistics being folded in"]++
		}
		return nil
	})
	if keys, _ := ro.keysWithPrefix([]byte(pGC)); len(keys) > 0 {
		interrupted["versions to remove"]++
	}
}

// killChild ingests versions of three documents, large enough to take a
// while, until it is killed.
func killChild(dir string) {
	db, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	for i := 0; ; i++ {
		ix := bigDoc(fmt.Sprintf("doc%d", i%3), []string{"甲区", "乙区"}[i%2], 64<<10, uint64(i))
		if _, err := db.Put(context.Background(), ix, time.Now()); err != nil {
			fmt.Println("put:", err)
			os.Exit(1)
		}
	}
}

// A directory holding other files but no index yet makes a new index,
// as before; it is not taken for a damaged one.
func TestIndexInDirectoryWithOtherFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := openTest(t, dir)
	defer db.Close()
	if !db.NeverUsed() {
		t.Error("new index says it was used")
	}
}
