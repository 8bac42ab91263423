package library

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
)

// ReadFile reads the document file at path, of at most maxBytes
// (parse.DefaultMaxBytes when 0), for ingest. It refuses what is not a
// regular file (a named pipe would block the open forever; a device may
// never end) and a file over the limit before reading it, with a
// *plan.Error (EINVALID) saying what to do. A symbolic link is followed.
func ReadFile(path string, maxBytes int) ([]byte, error) {
	if maxBytes <= 0 {
		maxBytes = parse.DefaultMaxBytes
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := readable(path, st, maxBytes); err != nil {
		return nil, err
	}
	// O_NONBLOCK: a file swapped for a named pipe since the Stat must not
	// block the open; regular files ignore it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := readable(path, st, maxBytes); err != nil {
		return nil, err
	}
	return readAtMost(path, f, st.Size(), maxBytes)
}

// readable refuses a file ReadFile must not read: not a regular file, or
// larger than maxBytes.
func readable(path string, st fs.FileInfo, maxBytes int) error {
	if kind := fileKind(st.Mode()); kind != "" {
		return plan.Errorf(plan.EINVALID, "%s is %s, not a regular file: planbot reads a document from a file; save it to one and give that%s",
			path, kind, dirHint(path, st))
	}
	if st.Size() > int64(maxBytes) {
		return tooBig(path, st.Size(), maxBytes)
	}
	return nil
}

// readAtMost reads r, a file of size bytes by its metadata, refusing it
// once it passes maxBytes: a file that grows while it is read is still
// read only to one byte past the limit.
func readAtMost(path string, r io.Reader, size int64, maxBytes int) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(min(size, int64(maxBytes))) + bytes.MinRead)
	if _, err := b.ReadFrom(io.LimitReader(r, int64(maxBytes)+1)); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if b.Len() > maxBytes {
		return nil, plan.Errorf(plan.EINVALID, "%s grew past %s while it was read, more than a plan document can be: ingest it once it is written, split into one file per document, or raise the limit with --max-size",
			path, sizeText(int64(maxBytes)))
	}
	return b.Bytes(), nil
}

// tooBig refuses a file whose metadata says it is over the limit.
func tooBig(path string, size int64, maxBytes int) error {
	return plan.Errorf(plan.EINVALID, "%s is %s, more than the %s a plan document can be, and was not read: split it into one file per document, or raise the limit with --max-size",
		path, sizeText(size), sizeText(int64(maxBytes)))
}

// fileKind names what a file that is not a regular one is; "" for a
// regular file.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return ""
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file (" + mode.Type().String() + ")"
}

// dirHint says how to ingest the files of a directory.
func dirHint(path string, st fs.FileInfo) string {
	if !st.IsDir() {
		return ""
	}
	return fmt.Sprintf(" (to ingest the files in it, name them: planbot ingest %s/*)", path)
}

// sizeText renders a file size for a message: 3.0 GB, 16 MB, 12.5 KB.
func sizeText(n int64) string {
	units := []string{"bytes", "KB", "MB", "GB", "TB"}
	f, u := float64(n), 0
	for f >= 1024 && u < len(units)-1 {
		f, u = f/1024, u+1
	}
	switch {
	case u == 0:
		return fmt.Sprintf("%d bytes", n)
	case f == float64(int64(f)):
		return fmt.Sprintf("%d %s", int64(f), units[u])
	}
	return fmt.Sprintf("%.1f %s", f, units[u])
}
