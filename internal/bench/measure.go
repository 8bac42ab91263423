package bench

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Stats summarises a set of durations.
type Stats struct {
	N                  int
	Min, P50, P99, Max time.Duration
	Mean               time.Duration
}

// Summarise computes percentiles (nearest rank).
func Summarise(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.5) - 1
		i = max(0, min(i, len(s)-1))
		return s[i]
	}
	return Stats{N: len(s), Min: s[0], P50: rank(0.50), P99: rank(0.99), Max: s[len(s)-1], Mean: sum / time.Duration(len(s))}
}

func (s Stats) String() string {
	return fmt.Sprintf("p50 %s  p99 %s  max %s  (n=%d)", ms(s.P50), ms(s.P99), ms(s.Max), s.N)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d.Microseconds())/1000) }

// DirSize is the bytes of regular files under dir.
func DirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// RSS is a process's resident memory (Linux /proc): peak and current,
// and the current split into anonymous memory (heap, stacks) and
// file-backed pages (badger's memory-mapped tables and value log, which
// the kernel drops under pressure and shares with the page cache).
type RSS struct {
	Peak, Cur, Anon, File int64
}

// ReadRSS reads a process's resident memory.
func ReadRSS(pid int) (RSS, error) {
	var r RSS
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return r, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmHWM:":
			r.Peak = v << 10
		case "VmRSS:":
			r.Cur = v << 10
		case "RssAnon:":
			r.Anon = v << 10
		case "RssFile:", "RssShmem:":
			r.File += v << 10
		}
	}
	return r, nil
}

func (r RSS) String() string {
	return fmt.Sprintf("%s now (%s anonymous, %s file-backed), %s peak", MB(r.Cur), MB(r.Anon), MB(r.File), MB(r.Peak))
}

// MB formats bytes as megabytes (kilobytes when small).
func MB(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
