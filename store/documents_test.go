package store

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// cancelAfter is a context that reports cancellation from its n+1th Err
// call on: Put checks it once per sentence, so it fails a Put part-way
// through staging, after badger has committed part of the batch.
type cancelAfter struct {
	context.Context
	calls, n int64
}

func (c *cancelAfter) Err() error {
	if atomic.AddInt64(&c.calls, 1) > c.n {
		return context.Canceled
	}
	return nil
}

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

// A Put that fails part-way through staging leaves no keys behind, and
// its version number is never used again: before, the next Put reused
// it and the failed Put's leftovers became part of the current version.
func TestFailedStagingNeverReusesItsVersion(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	if _, err := db.Put(context.Background(), testDoc("a", "福田区", "h1", 2021, "100座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	// Enough sentences for badger to commit part of the batch before
	// the failure.
	figures := make([]string, 12000)
	for i := range figures {
		figures[i] = fmt.Sprintf("%d座", i+1)
	}
	ctx := &cancelAfter{Context: context.Background(), n: 11000}
	if _, err := db.Put(ctx, testDoc("a", "福田区", "h2", 2021, figures...), time.Now()); err == nil {
		t.Fatal("put with a failing context succeeded")
	}
	if n := versionKeys(t, db, 2); len(n) != 0 {
		t.Errorf("keys of the failed version left behind: %v", n)
	}
	res, err := db.Put(context.Background(), testDoc("a", "福田区", "h3", 2021, "300座", "400座"), time.Now())
	if err != nil || res.Version != 3 || res.Previous != 1 {
		t.Fatalf("put after the failure = %+v, %v; want v3 replacing v1", res, err)
	}
	check := func(db *DB) {
		t.Helper()
		if n := versionKeys(t, db, 3); n["s"] != 2 {
			t.Errorf("current version has %d sentence keys; want its own 2 (%v)", n["s"], n)
		}
		refs, _ := db.Postings(context.Background(), nil, nil, "学位")
		recs, _ := db.Sentences(context.Background(), refs)
		if len(recs) != 2 || recs[0].Facts[0].Figure != "300座" {
			t.Errorf("current sentences = %d %+v", len(recs), recs)
		}
		if _, total, _ := db.DocFreq(nil, nil); total != 2 {
			t.Errorf("sentence count = %d; want 2", total)
		}
	}
	check(db)
	db.Close()
	db = openTest(t, dir)
	defer db.Close()
	check(db)
	if n := versionKeys(t, db, 2); len(n) != 0 {
		t.Errorf("keys of the failed version after restart: %v", n)
	}
	if res, err := db.Put(context.Background(), testDoc("a", "福田区", "h4", 2021, "500座"), time.Now()); err != nil || res.Version != 4 {
		t.Errorf("next put after restart = %+v, %v; want v4", res, err)
	}
}

// Bytes identical to an earlier, replaced version store nothing: the
// current version stays, and the result says why.
func TestPutOfAnEarlierVersionIsANoOp(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	for _, h := range []string{"h1", "h2"} {
		if _, err := db.Put(ctx, testDoc("a", "福田区", h, 2021, h+"座"), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, hash       string
		force            bool
		unchanged        bool
		version, earlier int
	}{
		{"current bytes", "h2", false, true, 2, 0},
		{"earlier bytes", "h1", false, true, 2, 1},
		{"new bytes", "h3", false, false, 3, 0},
		{"earlier bytes again", "h2", false, true, 3, 2},
		{"forced (re-index)", "h1", true, false, 4, 0},
	}
	for _, tt := range tests {
		ix := testDoc("a", "福田区", tt.hash, 2021, tt.hash+"座")
		ix.Force = tt.force
		res, err := db.Put(ctx, ix, time.Now())
		if err != nil || res.Unchanged != tt.unchanged || res.Version != tt.version || res.Earlier != tt.earlier {
			t.Errorf("%s: put = %+v, %v; want unchanged %v v%d earlier %d", tt.name, res, err, tt.unchanged, tt.version, tt.earlier)
		}
		if tt.earlier != 0 && !strings.Contains(res.Note, fmt.Sprintf("v%d", tt.earlier)) {
			t.Errorf("%s: note %q does not name the earlier version", tt.name, res.Note)
		}
		if m, _ := db.Meta("a"); m.Version != tt.version {
			t.Errorf("%s: current version %d; want %d", tt.name, m.Version, tt.version)
		}
	}
}

// Every place that means "the newest plan" gets the same document.
func TestNewestPlan(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	for _, d := range []struct {
		id, region string
		year       int
	}{
		{"futian/b", "福田区", 2021},
		{"futian/a", "福田区", 2021},
		{"futian/old", "福田区", 2020},
		{"nanshan/z", "南山区", 2021},
		{"luohu/new", "罗湖区", 2022},
	} {
		if _, err := db.Put(ctx, testDoc(d.id, d.region, d.id, d.year, "1座"), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ region, want string }{
		{"福田区", "futian/a"}, // same plan year: the smaller ID
		{"南山区", "nanshan/z"},
		{"", "luohu/new"},
		{"龙岗区", ""},
	}
	for _, tt := range tests {
		m, ok := db.Catalog().NewestPlan(tt.region)
		if m.ID != tt.want || ok != (tt.want != "") {
			t.Errorf("NewestPlan(%q) = %q %v; want %q", tt.region, m.ID, ok, tt.want)
		}
	}
}

// The switch to a version marks its changes as pending, in the same
// transaction, until ChangesRecorded; re-indexing marks nothing.
func TestPendingChanges(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t, dir)
	pending := func() string {
		t.Helper()
		ps, err := db.PendingChanges()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s@v%d<v%d", p.DocID, p.Version, p.Previous))
		}
		return strings.Join(out, " ")
	}
	db.Put(ctx, testDoc("a", "福田区", "h1", 2021, "1座"), time.Now())
	db.Put(ctx, testDoc("a", "福田区", "h1", 2021, "1座"), time.Now()) // unchanged
	db.Put(ctx, testDoc("a", "福田区", "h2", 2021, "2座"), time.Now())
	if got := pending(); got != "a@v1<v0 a@v2<v1" {
		t.Errorf("pending = %q", got)
	}
	if err := db.ChangesRecorded("a", 1); err != nil {
		t.Fatal(err)
	}
	ix := testDoc("a", "福田区", "h2", 2021, "2座")
	ix.Force = true
	db.Put(ctx, ix, time.Now())
	db.Close()
	db = openTest(t, dir)
	defer db.Close()
	if got := pending(); got != "a@v2<v1" {
		t.Errorf("pending after restart = %q", got)
	}
}

// Version numbers may have gaps (a failed staging keeps its number), so
// "the version before" is looked up, not computed.
func TestPreviousVersion(t *testing.T) {
	m := DocMeta{Version: 5, Versions: []VersionInfo{{Version: 1}, {Version: 3}, {Version: 5}}}
	for ver, want := range map[int]int{5: 3, 3: 1, 1: 0, 4: 3, 9: 5} {
		if got := m.Previous(ver); got != want {
			t.Errorf("Previous(%d) = %d; want %d", ver, got, want)
		}
	}
}
