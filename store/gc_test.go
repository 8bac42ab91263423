package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// versionKeys counts the keys of one version, by key prefix: those
// ending in the version (blob, postings, summary, marks) and sentences
// (version, then sentence number). The tests using it hold one document.
func versionKeys(t *testing.T, db *DB, ver int) map[string]int {
	t.Helper()
	out := map[string]int{}
	err := db.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			kind, _, _ := strings.Cut(string(k), "\x00")
			if kind == "s" && len(k) > 5 {
				k = k[:len(k)-5]
			}
			if _, v, ok := splitIDVersion(k); ok && v == ver {
				out[kind]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A write that fails half-way leaves the previous version answering, and
// the next start removes what it staged.
func TestFailedPutLeavesIndexAsItWas(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	if _, err := db.Put(context.Background(), testDoc("a", "福田区", "h1", 2021, "100座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.Put(ctx, testDoc("a", "福田区", "h2", 2021, "999座", "888座"), time.Now()); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled put = %v", err)
	}
	check := func(db *DB) {
		t.Helper()
		refs, _ := db.Postings(context.Background(), nil, nil, "学位")
		recs, _ := db.Sentences(context.Background(), refs)
		if len(recs) != 1 || recs[0].Facts[0].Figure != "100座" {
			t.Errorf("index changed by a failed put: %+v", recs)
		}
		if m, _ := db.Meta("a"); m.Version != 1 {
			t.Errorf("version = %d; want 1", m.Version)
		}
	}
	check(db)
	db.Close()
	db = openTest(t, dir)
	defer db.Close()
	check(db)
	// Nothing of the staged version is left.
	n := len(versionKeys(t, db, 2)) // kinds of key left
	if n != 0 {
		t.Errorf("%d keys of the failed version remain", n)
	}
}

// A process that dies after staging a version but before switching to it
// leaves staged keys; the next start removes them and the old version
// keeps answering.
func TestCrashAfterStaging(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t, dir)
	if _, err := db.Put(ctx, testDoc("a", "福田区", "h1", 2021, "100座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	m, _ := db.Meta("a")
	if ver, _, err := db.stage(ctx, testDoc("a", "福田区", "h2", 2021, "999座", "888座"), m); err != nil || ver != 2 {
		t.Fatalf("stage = v%d, %v", ver, err)
	}
	refs, _ := db.Postings(ctx, nil, nil, "学位")
	if len(refs) != 1 || refs[0].Version != 1 {
		t.Errorf("staged version visible before the switch: %v", refs)
	}
	db.Close() // the "crash": no switch happened
	db = openTest(t, dir)
	defer db.Close()
	n := len(versionKeys(t, db, 2)) // kinds of key left
	if n != 0 {
		t.Errorf("%d staged keys survived the restart", n)
	}
	// The number of the unfinished version is not used again.
	res, err := db.Put(ctx, testDoc("a", "福田区", "h2", 2021, "999座", "888座"), time.Now())
	if err != nil || res.Version != 3 || res.Previous != 1 {
		t.Fatalf("put after crash = %+v, %v", res, err)
	}
	if refs, _ := db.Postings(ctx, nil, nil, "学位"); len(refs) != 2 {
		t.Errorf("postings after re-put = %v", refs)
	}
}

func TestReclaimSpaceStopsWithContext(t *testing.T) {
	db := openTest(t, t.TempDir())
	if _, err := db.ReclaimSpace(context.Background()); err != nil {
		t.Fatalf("reclaim on a fresh index: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.ReclaimSpace(ctx); err == nil {
		t.Fatal("reclaim with a cancelled context reported success")
	}
}
