package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tableRSS sums the resident kilobytes of this process's mappings of
// table files in dir, from /proc/self/smaps.
func tableRSS(t *testing.T, dir string) (kb int, tables int) {
	t.Helper()
	dir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if fs := strings.Fields(line); len(fs) > 0 && strings.Contains(fs[0], "-") && !strings.HasSuffix(fs[0], ":") {
			in = len(fs) >= 6 && strings.HasSuffix(fs[5], ".sst") && filepath.Dir(fs[5]) == dir
			if in {
				tables++
			}
			continue
		}
		if rest, ok := strings.CutPrefix(line, "Rss:"); ok && in {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatalf("smaps line %q: %v", line, err)
			}
			kb += n
		}
	}
	return kb, tables
}

// Opening an index leaves none of its tables' pages resident, though
// badger read every table's index to verify it, and reading afterwards
// finds everything.
func TestOpenReleasesTablePages(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t, dir)
	var figures []string
	for i := range 400 {
		figures = append(figures, fmt.Sprintf("%d座", 100+i))
	}
	for i := range 20 {
		id := fmt.Sprintf("d%02d", i)
		if _, err := db.Put(ctx, testDoc(id, "福田区", "h"+id, 2021, figures...), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = openTest(t, dir)
	defer db.Close()
	opened, tables := tableRSS(t, dir)
	if tables == 0 {
		t.Fatal("no table file is mapped: the test's index is too small to test anything")
	}
	refs, err := db.Postings(ctx, []string{"福田区"}, nil, "学位")
	if err != nil || len(refs) != 20*400 {
		t.Fatalf("postings after release: %d, %v; want %d", len(refs), err, 20*400)
	}
	read, _ := tableRSS(t, dir)
	if read == 0 {
		t.Fatal("reading mapped no table page back: is the test reading the tables at all?")
	}
	// Badger's own goroutines may touch a page or two between the calls
	// (a compaction, a flush): what is measured is that the tables' pages
	// are released, not that nothing ever reads one again.
	if opened*4 > read {
		t.Errorf("after Open, %d kB of %d table mappings are resident; reading them all made %d kB: Open released too little", opened, tables, read)
	}
	// A compaction running under the race detector may read a table back
	// right away: a few tries, each releasing again, tell a release that
	// works from one that does nothing.
	released := read
	for try := 0; try < 5 && released*4 > read; try++ {
		if try > 0 {
			time.Sleep(100 * time.Millisecond)
		}
		if n := db.ReleaseTablePages(); n == 0 {
			t.Fatal("ReleaseTablePages went over no mapping")
		}
		released, _ = tableRSS(t, dir)
	}
	if released*4 > read {
		t.Errorf("after ReleaseTablePages, %d kB resident of the %d kB read", released, read)
	}
}

func TestTableMapping(t *testing.T) {
	const dir = "/data/index"
	cases := []struct {
		line       string
		start, end uintptr
		ok         bool
	}{
		{"7f1c2a000000-7f1c2a400000 r--s 00000000 08:01 1234 /data/index/000012.sst", 0x7f1c2a000000, 0x7f1c2a400000, true},
		{"7f1c2a000000-7f1c2a400000 rw-s 00000000 08:01 1234 /data/index/00003.mem", 0, 0, false},
		{"7f1c2a000000-7f1c2a400000 r--s 00000000 08:01 1234 /data/index/000001.vlog", 0, 0, false},
		{"7f1c2a000000-7f1c2a400000 r--s 00000000 08:01 1234 /data/other/000012.sst", 0, 0, false},
		{"7f1c2a000000-7f1c2a400000 r--s 00000000 08:01 1234 /data/index/sub/000012.sst", 0, 0, false},
		{"7f1c2a000000-7f1c2a400000 rw-p 00000000 00:00 0", 0, 0, false},
		{"zz-7f1c2a400000 r--s 00000000 08:01 1234 /data/index/000012.sst", 0, 0, false},
		{"7f1c2a400000-7f1c2a000000 r--s 00000000 08:01 1234 /data/index/000012.sst", 0, 0, false},
	}
	for _, c := range cases {
		start, end, ok := tableMapping(c.line, dir)
		if start != c.start || end != c.end || ok != c.ok {
			t.Errorf("tableMapping(%q) = %#x, %#x, %v; want %#x, %#x, %v", c.line, start, end, ok, c.start, c.end, c.ok)
		}
	}
}
