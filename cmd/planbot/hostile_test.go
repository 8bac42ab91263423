//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runPromptly is run, failing the test if planbot blocks; unblock is
// called then, to let the blocked command end.
func runPromptly(t *testing.T, unblock func(), dir string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code     int
		out, err string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errs := run(t, dir, "", args...)
		done <- result{code, out, errs}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(30 * time.Second):
		unblock()
		t.Fatalf("planbot %s blocked", strings.Join(args, " "))
		return 0, "", ""
	}
}

// openForWriting lets a reader blocked opening the named pipe go on.
func openForWriting(path string) func() {
	return func() {
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	}
}

// A named pipe is refused at once, with the index unchanged and free for
// the next command; before, ingest blocked forever holding the index.
func TestIngestRefusesNamedPipe(t *testing.T) {
	db := t.TempDir()
	fifo := filepath.Join(t.TempDir(), "plan.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, before, _ := run(t, db, "", "docs")
	code, _, errs := runPromptly(t, openForWriting(fifo), db, "ingest", fifo)
	if code != 2 || !strings.Contains(errs, fifo+" is a named pipe (FIFO), not a regular file") || !strings.Contains(errs, "unchanged") {
		t.Errorf("ingest of a named pipe: exit %d, stderr %s", code, errs)
	}
	code, after, errs := runPromptly(t, func() {}, db, "docs")
	if code != 0 || after != before {
		t.Errorf("docs after the refused pipe: exit %d %s\n%s; want as before:\n%s", code, errs, after, before)
	}
	// diff reads a file as ingest does.
	code, _, errs = runPromptly(t, openForWriting(fifo), db, "diff", "福田区/2021-2022/plan-execution", fifo)
	if code != 2 || !strings.Contains(errs, "named pipe") {
		t.Errorf("diff with a named pipe: exit %d, stderr %s", code, errs)
	}
}

// A file over the limit is refused from its size, before it is read: a
// 3 GB sparse file cost 3.2 GB of memory and 40 s.
func TestIngestChecksSizeBeforeReading(t *testing.T) {
	db := t.TempDir()
	huge := filepath.Join(t.TempDir(), "huge.txt")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 3<<30); err != nil {
		t.Skipf("no sparse file here: %v", err)
	}
	code, _, errs := runPromptly(t, func() {}, db, "ingest", huge)
	if code != 2 || !strings.Contains(errs, huge+" is 3 GB, more than the 16 MB") || !strings.Contains(errs, "--max-size") {
		t.Errorf("ingest of 3 GB: exit %d, stderr %s", code, errs)
	}
	// --max-size is the limit.
	doc, _ := os.ReadFile("../../parse/testdata/nanshan-plan/input.txt")
	big := filepath.Join(t.TempDir(), "big.txt")
	os.WriteFile(big, append(doc, make([]byte, 1<<20)...), 0o644)
	code, _, errs = run(t, db, "", "ingest", "--max-size", "1", big)
	if code != 2 || !strings.Contains(errs, "more than the 1 MB") {
		t.Errorf("ingest over --max-size 1: exit %d, stderr %s", code, errs)
	}
}

// A symbolic link to a document is ingested as the document.
func TestIngestFollowsSymlink(t *testing.T) {
	db := t.TempDir()
	abs, _ := filepath.Abs("../../parse/testdata/nanshan-plan/input.txt")
	link := filepath.Join(t.TempDir(), "nanshan.txt")
	if err := os.Symlink(abs, link); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, db, "", "ingest", link)
	if code != 0 || !strings.Contains(out, "南山区/2022-2023/plan-execution v1") {
		t.Errorf("ingest through a link: exit %d\n%s%s", code, out, errs)
	}
}
