package store

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// Concurrent writers of the outbox and of feedback all succeed: before,
// they shared one counter key and about half of 50 concurrent Enqueue
// calls failed with a badger conflict.
func TestConcurrentEnqueueAndFeedback(t *testing.T) {
	db := openTest(t, t.TempDir())
	defer db.Close()
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, 3*n)
	added := make(chan int, 3*n)
	at := time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		wg.Add(3)
		go func() {
			defer wg.Done()
			k, err := db.Enqueue(OutboxItem{Key: fmt.Sprintf("notify:U%d:doc@v2", i), User: fmt.Sprintf("U%d", i), Kind: "notice"})
			errs <- err
			added <- k
		}()
		go func() {
			defer wg.Done()
			// The same message queued by many at once goes in once.
			k, err := db.Enqueue(OutboxItem{Key: "digest:C1:2022-03-01T01:00:00Z", Channel: "C1", Kind: "digest"})
			errs <- err
			added <- k
		}()
		go func() {
			defer wg.Done()
			errs <- db.AddFeedback(Feedback{Time: at, User: fmt.Sprintf("U%d", i), Question: "q"})
		}()
	}
	wg.Wait()
	close(errs)
	close(added)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent write failed: %v", err)
		}
	}
	total := 0
	for k := range added {
		total += k
	}
	items, err := db.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[uint64]bool{}
	for _, it := range items {
		seqs[it.Seq] = true
	}
	if total != n+1 || len(items) != n+1 || len(seqs) != n+1 {
		t.Errorf("added %d, outbox %d items, %d distinct numbers; want %d each", total, len(items), len(seqs), n+1)
	}
	fb := 0
	db.EachFeedback(func(Feedback) error { fb++; return nil })
	if fb != n {
		t.Errorf("%d feedback records of the same instant; want %d", fb, n)
	}
	// Sent and Drop address items by their number.
	if err := db.Sent(items[0], at); err != nil {
		t.Fatal(err)
	}
	if err := db.Drop(items[1]); err != nil {
		t.Fatal(err)
	}
	if left, _ := db.Outbox(); len(left) != n-1 {
		t.Errorf("outbox after sent and drop: %d; want %d", len(left), n-1)
	}
	if k, _ := db.Enqueue(items[0], items[1]); k != 0 {
		t.Errorf("sent or dropped messages queued again: %d", k)
	}
}
