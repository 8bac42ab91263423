//go:build unix

package library_test

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
)

// readPromptly runs library.ReadFile, failing the test if it blocks.
func readPromptly(t *testing.T, path string, maxBytes int) ([]byte, error) {
	t.Helper()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := library.ReadFile(path, maxBytes)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-time.After(20 * time.Second):
		unblockFIFO(path)
		t.Fatalf("ReadFile(%s) blocked", path)
		return nil, nil
	}
}

// unblockFIFO opens a named pipe for writing, so that a reader blocked
// opening it goes on (and the test's goroutine ends).
func unblockFIFO(path string) {
	if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}

// What is not a regular file is refused before it is opened, saying what
// it is: a named pipe would block the open forever, a device never end.
func TestReadFileRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "folder.txt")
	os.Mkdir(sub, 0o755)
	sock := filepath.Join(dir, "s.txt")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	link := filepath.Join(dir, "link-to-pipe.txt")
	os.Symlink(fifo, link)
	tests := []struct{ path, kind string }{
		{fifo, "is a named pipe (FIFO)"},
		{link, "is a named pipe (FIFO)"},
		{sub, "is a directory"},
		{sock, "is a socket"},
		{"/dev/zero", "is a character device"},
	}
	for _, tt := range tests {
		_, err := readPromptly(t, tt.path, 0)
		if plan.ErrorCode(err) != plan.EINVALID || !strings.Contains(err.Error(), tt.path+" "+tt.kind) || !strings.Contains(err.Error(), "save it to one") {
			t.Errorf("%s: %v; want an EINVALID error saying it %s", tt.path, err, tt.kind)
		}
	}
}

// A file over the limit is refused from its metadata, not read: a 3 GB
// sparse file allocates nothing like its size.
func TestReadFileChecksSizeBeforeReading(t *testing.T) {
	huge := filepath.Join(t.TempDir(), "huge.txt")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 3<<30); err != nil {
		t.Skipf("no sparse file here: %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := readPromptly(t, huge, 0)
	runtime.ReadMemStats(&after)
	if plan.ErrorCode(err) != plan.EINVALID {
		t.Fatalf("3 GB file: %v; want it refused", err)
	}
	for _, want := range []string{"is 3 GB", "16 MB", "--max-size", "not read"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<20 {
		t.Errorf("refusing a 3 GB file allocated %d MB: it was read", n>>20)
	}
}

// A regular file within the limit is read, through a symbolic link too;
// the limit is inclusive.
func TestReadFileReadsRegularFiles(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "doc.txt")
	data := bytes.Repeat([]byte("规划"), 1000)
	os.WriteFile(doc, data, 0o644)
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(doc, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{doc, link} {
		got, err := library.ReadFile(p, len(data))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: %d bytes, %v; want the file", p, len(got), err)
		}
	}
	if _, err := library.ReadFile(doc, len(data)-1); plan.ErrorCode(err) != plan.EINVALID || !strings.Contains(err.Error(), "--max-size") {
		t.Errorf("one byte over the limit: %v", err)
	}
	if _, err := library.ReadFile(filepath.Join(dir, "missing.txt"), 0); !os.IsNotExist(err) {
		t.Errorf("missing file: %v; want not-exist", err)
	}
	if parse.DefaultMaxBytes < len(data) {
		t.Fatal("default limit below the test file")
	}
}

// The watched folder skips a named pipe, saying why, and goes on with the
// documents after it.
func TestWatchSkipsNamedPipe(t *testing.T) {
	seed, _ := seedAndCorrected(t)
	watch := filepath.Join(t.TempDir(), "watch")
	os.MkdirAll(watch, 0o755)
	fifo := filepath.Join(watch, "a-pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(watch, "b-seed.txt")
	os.WriteFile(doc, seed, 0o644)
	// The pipe is older, so it is taken first.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(fifo, old, old)
	var logs syncBuf
	lib := open(t, t.TempDir(), false, &logs)
	defer lib.DB.Close()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- lib.Watch(ctx, watch, 10*time.Millisecond) }()
	done := func() bool {
		s := logs.String()
		return strings.Contains(s, "ingested from the watched folder") && strings.Contains(s, "not read")
	}
	deadline := time.Now().Add(30 * time.Second)
	for !done() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(20 * time.Second):
		unblockFIFO(fifo)
		t.Fatalf("watcher blocked:\n%s", logs.String())
	}
	if !done() {
		t.Fatalf("pipe not skipped or document not ingested:\n%s", logs.String())
	}
	if s := logs.String(); !strings.Contains(s, "named pipe") {
		t.Errorf("the log does not say why the pipe was skipped:\n%s", s)
	}
	if _, ok := lib.DB.Meta(seedID); !ok {
		t.Errorf("the document after the pipe was not ingested")
	}
}
