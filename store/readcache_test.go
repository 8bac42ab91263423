package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// readView is what a question reads of a term: its statistics and its
// postings, limited and not.
func readView(t *testing.T, db *DB, term string) string {
	t.Helper()
	var b strings.Builder
	err := db.Read(func(r *Reader) error {
		df, total, err := r.DocFreq([]string{term}, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "df %d/%d", df[term], total)
		for _, limit := range []int{0, 1} {
			dps, err := r.DocPostings(context.Background(), nil, nil, term, limit)
			if err != nil {
				return err
			}
			for _, dp := range dps {
				fmt.Fprintf(&b, " %s@%d%v", dp.DocID, dp.Version, dp.Sentences)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A catalog's cache never answers for another: after each put, what a
// reader sees is what an index opened afresh sees.
func TestReadCacheFollowsPuts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t, dir)
	steps := []Indexed{
		testDoc("a", "福田区", "h1", 2021, "1座"),
		testDoc("b", "南山区", "h2", 2021, "2座", "3座"),
		testDoc("a", "福田区", "h3", 2021, "4座", "5座", "6座"), // replaces a
	}
	for i, ix := range steps {
		before := readView(t, db, "学位") // fills the cache of the catalog before the put
		if _, err := db.Put(ctx, ix, time.Now()); err != nil {
			t.Fatal(err)
		}
		got := readView(t, db, "学位")
		if got == before {
			t.Errorf("step %d: a put changed nothing a reader sees: %s", i, got)
		}
		if again := readView(t, db, "学位"); again != got {
			t.Errorf("step %d: from the cache %s; read %s", i, again, got)
		}
		db.Close()
		db = openTest(t, dir)
		if fresh := readView(t, db, "学位"); fresh != got {
			t.Errorf("step %d: after the put %s; opened afresh %s", i, got, fresh)
		}
	}
	db.Close()
}

// Readers racing with puts see each catalog whole: a reader's statistics
// agree with its postings (go test -race also checks the cache's locking).
func TestReadCacheConcurrentPuts(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	if _, err := db.Put(ctx, testDoc("a", "福田区", "h0", 2021, "1座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				err := db.Read(func(r *Reader) error {
					df, _, err := r.DocFreq([]string{"学位"}, nil)
					if err != nil {
						return err
					}
					dps, err := r.DocPostings(ctx, nil, nil, "学位", 0)
					if err != nil {
						return err
					}
					n := 0
					for _, dp := range dps {
						n += len(dp.Sentences)
					}
					if (r.txn == nil || r.fill) && n != df["学位"] {
						return fmt.Errorf("statistics say %d sentences hold 学位, postings %d", df["学位"], n)
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	for i := 1; i <= 8; i++ {
		figures := make([]string, i%4+1)
		for k := range figures {
			figures[k] = fmt.Sprint(k, "座")
		}
		if _, err := db.Put(ctx, testDoc("a", "福田区", fmt.Sprint("h", i), 2021, figures...), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
}

// The cache stays within its bound, keeping what was used last.
func TestReadCacheBound(t *testing.T) {
	c := newReadCache(10 * (entryBytes + 8))
	key := func(i int) statKey { return statKey{region: "r", term: fmt.Sprintf("t%06d", i)} }
	for i := range 100 {
		c.putStatistic(key(i), i)
	}
	if n := len(c.cur.stats) + len(c.prev.stats); n > 10 {
		t.Errorf("%d statistics kept; want at most 10", n)
	}
	if n, ok := c.statistic(key(99)); !ok || n != 99 {
		t.Errorf("the last statistic put: %d, %v", n, ok)
	}
	if _, ok := c.statistic(key(0)); ok {
		t.Error("the first statistic put is still kept")
	}
}
