package store

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A reopened index maps its tables advised as read at random (VmFlags
// rr), so a question's read maps the block it reads, not the file.
func TestTablesMappedForRandomReads(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	if _, err := db.Put(context.Background(), testDoc("d1", "福田区", "h1", 2021, "9510座", "240座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close() // flushes the memtable into a table
	db = openTest(t, dir)
	defer db.Close()
	tables, random := 0, 0
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inTable := false
	for sc.Scan() {
		l := sc.Text()
		if fs := strings.Fields(l); len(fs) >= 6 && strings.Contains(fs[0], "-") {
			inTable = filepath.Dir(fs[5]) == filepath.Clean(dir) && strings.HasSuffix(fs[5], ".sst")
			if inTable {
				tables++
			}
			continue
		}
		if inTable && strings.HasPrefix(l, "VmFlags:") && strings.Contains(l+" ", " rr ") {
			random++
		}
	}
	if tables == 0 || random != tables {
		t.Errorf("%d of %d table maps advised for random reads", random, tables)
	}
}

// Verifying a table leaves none of it in the page cache.
func TestVerifiedTableNotCached(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	if _, err := db.Put(context.Background(), testDoc("d1", "福田区", "h1", 2021, "9510座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := verifyTables(dir, badgerOptions(dir, Options{}), true); err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(paths) == 0 {
		t.Fatal("no table written")
	}
	for _, p := range paths {
		if n := cachedPages(t, p); n > 0 {
			t.Errorf("%s: %d pages cached after verifying", filepath.Base(p), n)
		}
	}
}

// cachedPages counts the pages of the file at path in the page cache.
func cachedPages(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	data, err := unix.Mmap(int(f.Fd()), 0, int(fi.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(data)
	vec := make([]byte, (len(data)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&data[0])), uintptr(len(data)), uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatal(errno)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}
