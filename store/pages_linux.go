package store

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Badger reads its tables and value log through memory maps, and every
// page a read touches counts in the process's resident memory until the
// kernel reclaims it. Two things made a process that reads a large index
// hold most of it: verifying the tables at open left them in the page
// cache in large folios, which a read then maps whole, and read-around
// on a fault maps far more than the block asked for. So verified tables
// are dropped from the cache, and the maps are advised as read at random:
// a question's read then maps the pages it reads.

// dropCached tells the kernel f's cached pages are not needed now.
func dropCached(f *os.File) {
	_ = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
}

// AdviseRandomReads advises this process's maps of the index's tables
// and value log as read at random, so reading a block maps that block,
// not the file around it. Tables badger writes later are new maps: call
// it again from time to time (serve does, every minute). The advice
// changes no memory's contents, so a map that went away meanwhile and
// whose addresses were reused comes to no harm.
func (s *DB) AdviseRandomReads() error {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return err
	}
	dir := filepath.Clean(s.dir)
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		// 7f0c…-7f0d… rw-s 00000000 fd:01 1234 /path/000012.sst
		f := strings.Fields(sc.Text())
		if len(f) < 6 || filepath.Dir(f[5]) != dir || !(strings.HasSuffix(f[5], ".sst") || strings.HasSuffix(f[5], ".vlog")) {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, uintptr(start), uintptr(end-start), unix.MADV_RANDOM)
	}
	return sc.Err()
}
