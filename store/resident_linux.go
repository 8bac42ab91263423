package store

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// releaseTablePages unmaps from this process the resident pages of the
// table files in dir that it maps, and returns how many bytes of mappings
// it advised. Badger verifies each table's whole index through its map
// when it opens the table, which leaves every index resident (about 90 MB
// at 10,000 documents) although a question reads a few pages of one. The
// pages stay in the kernel's page cache: a later read maps them back
// without going to disk.
func releaseTablePages(dir string) (int64, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return 0, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var advised int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		start, end, ok := tableMapping(sc.Text(), abs)
		if !ok {
			continue
		}
		// Plain addresses, no unsafe.Pointer: the range is the kernel's
		// own report of a mapping badger holds open.
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, syscall.MADV_DONTNEED); e != 0 {
			return advised, fmt.Errorf("release table pages: %w", e)
		}
		advised += int64(end - start)
	}
	return advised, sc.Err()
}

// tableMapping reads one line of /proc/self/maps and reports the address
// range of a mapping of a table file (*.sst) directly in dir.
func tableMapping(line, dir string) (start, end uintptr, ok bool) {
	f := strings.Fields(line)
	if len(f) < 6 || !strings.HasSuffix(f[5], ".sst") || filepath.Dir(f[5]) != dir {
		return 0, 0, false
	}
	lo, hi, ok := strings.Cut(f[0], "-")
	if !ok {
		return 0, 0, false
	}
	a, err1 := strconv.ParseUint(lo, 16, 64)
	b, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || b <= a {
		return 0, 0, false
	}
	return uintptr(a), uintptr(b), true
}
