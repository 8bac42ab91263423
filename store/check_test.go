package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

func checkOK(t *testing.T, db *DB) {
	t.Helper()
	rep, err := db.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Errorf("check found problems in a sound index:\n%s", strings.Join(rep.Problems, "\n"))
	}
	if rep.Keys == 0 || rep.Documents == 0 {
		t.Errorf("check read nothing: %+v", rep)
	}
}

func checkFinds(t *testing.T, db *DB, want string) {
	t.Helper()
	rep, err := db.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		if strings.Contains(p, want) {
			return
		}
	}
	t.Errorf("check did not report %q; it reported:\n%s", want, strings.Join(rep.Problems, "\n"))
}

// Check reports statistics that drifted from the current versions,
// records missing, and leftovers of versions no longer current; Repair
// mends the statistics and leftovers, readers seeing the index as a
// fresh one again.
func TestCheckAndRepair(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t, dir)
	for d := range 3 {
		for v := range 2 {
			if _, err := db.Put(ctx, variantDoc(d, v), time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkOK(t, db)
	want := dumpIndex(t, db)

	// A counter off by one, a dictionary word gone, a version's
	// postings left behind without the marks that find them.
	err := db.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(dfKey(AllRegions, "学位"), []byte{0x7e}); err != nil {
			return err
		}
		if err := txn.Delete(domainKey("词doc1")); err != nil {
			return err
		}
		return txn.Set(postingKey("甲区", "孤儿", 2021, "doc0", 1), encodeIDs([]int{1}))
	})
	if err != nil {
		t.Fatal(err)
	}
	checkFinds(t, db, `statistic "df\x00\x01all\x00学位"`)
	checkFinds(t, db, `statistic "dt\x00词doc1"`)
	checkFinds(t, db, "doc0 v1: postings or sentences of a version that is not current are left over")
	rep, err := db.Repair(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Leftovers != 1 || rep.Counters != 2 {
		t.Errorf("repair = %+v; want 1 leftover, 2 counters", rep)
	}
	checkOK(t, db)
	if got := dumpIndex(t, db); got != want {
		t.Errorf("repaired index differs:\n%s", lineDiff(want, got))
	}

	// A sentence record lost: reported, for reindex to mend.
	m, _ := db.Meta("doc2")
	if err := db.db.Update(func(txn *badger.Txn) error { return txn.Delete(sentenceKey("doc2", m.Version, 0)) }); err != nil {
		t.Fatal(err)
	}
	checkFinds(t, db, "sentence 0 is posted but its record is missing")
	db.Close()
}

// An index whose statistics an older planbot kept (no statistics record;
// re-ingests could leave counters off) has them recomputed at the next
// open.
func TestOlderStatisticsRecomputedAtOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t, dir)
	for d := range 3 {
		if _, err := db.Put(ctx, variantDoc(d, 0), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	want := dumpIndex(t, db)
	err := db.db.Update(func(txn *badger.Txn) error {
		if err := txn.Delete([]byte(kStats)); err != nil {
			return err
		}
		return txn.Delete(domainKey("词doc1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openTest(t, dir)
	defer db.Close()
	checkOK(t, db)
	if got := dumpIndex(t, db); got != want {
		t.Errorf("statistics not recomputed:\n%s", lineDiff(want, got))
	}
}

// Re-indexing an index whose summary of a current version is damaged:
// the forced put stores the new version whole and removes the old one's
// postings by looking for them; Repair then recomputes the statistics.
func TestReindexOverDamagedSummary(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	for d := range 3 {
		if _, err := db.Put(ctx, variantDoc(d, 0), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	want := dumpIndex(t, db)
	if err := db.db.Update(func(txn *badger.Txn) error {
		return txn.Set(termCountKey("doc1", 1), []byte{compressedMark, 0xff, 0xff})
	}); err != nil {
		t.Fatal(err)
	}
	checkFinds(t, db, `record "tc\x00doc1\x00\x00\x00\x00\x01": decompress`)
	ix := variantDoc(1, 0)
	ix.Force = true
	if _, err := db.Put(ctx, ix, time.Now()); err != nil {
		t.Fatalf("forced put over a damaged summary: %v", err)
	}
	if l := leftovers(t, db); len(l) > 0 {
		t.Errorf("leftovers: %v", l)
	}
	if _, err := db.Repair(ctx); err != nil {
		t.Fatal(err)
	}
	checkOK(t, db)
	if got := dumpIndex(t, db); got != want {
		t.Errorf("re-indexed index differs:\n%s", lineDiff(want, got))
	}
}
