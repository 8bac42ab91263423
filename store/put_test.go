package store

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestPutAndRead(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	if !db.Empty() {
		t.Fatal("new index not empty")
	}
	res, err := db.Put(ctx, testDoc("a", "福田区", "h1", 2021, "100座", "200座"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 1 || res.Previous != 0 || res.Unchanged {
		t.Errorf("put = %+v", res)
	}
	refs, err := db.Postings(ctx, nil, nil, "学位")
	if err != nil || len(refs) != 2 {
		t.Fatalf("postings = %v, %v; want 2", refs, err)
	}
	refs, _ = db.Postings(ctx, []string{"福田区"}, []int{2021}, "s1")
	if len(refs) != 1 || refs[0].Sentence != 1 {
		t.Errorf("postings s1 in 福田区 2021 = %v", refs)
	}
	if refs, _ := db.Postings(ctx, []string{"南山区"}, nil, "学位"); len(refs) != 0 {
		t.Errorf("another region's postings = %v", refs)
	}
	if refs, _ := db.Postings(ctx, nil, []int{2020}, "学位"); len(refs) != 0 {
		t.Errorf("another year's postings = %v", refs)
	}
	recs, err := db.Sentences(ctx, refs)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := db.Postings(ctx, nil, nil, "学位")
	recs, _ = db.Sentences(ctx, all)
	if len(recs) != 2 || recs[0].Facts[0].Figure != "100座" || recs[1].Page != 2 {
		t.Errorf("sentences = %+v", recs)
	}
	df, total, err := db.DocFreq([]string{"学位", "s0", "nothing"}, nil)
	if err != nil || df["学位"] != 2 || df["s0"] != 1 || df["nothing"] != 0 || total != 2 {
		t.Errorf("docfreq = %v %d %v", df, total, err)
	}
	words, _ := db.DomainTerms()
	if fmt.Sprint(words) != "[词a]" {
		t.Errorf("domain terms = %v", words)
	}
	doc, err := db.Document(ctx, "a", 0)
	if err != nil || doc.Title != "a title" {
		t.Errorf("document = %v, %v", doc, err)
	}
	if _, err := db.Document(ctx, "missing", 0); plan.ErrorCode(err) != plan.ENOTFOUND {
		t.Errorf("missing document error = %v", err)
	}
}

func TestReplaceKeepsVersions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTest(t, dir)
	if _, err := db.Put(ctx, testDoc("a", "福田区", "h1", 2021, "100座", "200座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	// The same bytes again change nothing.
	res, err := db.Put(ctx, testDoc("a", "福田区", "h1", 2021, "100座", "200座"), time.Now())
	if err != nil || !res.Unchanged || res.Version != 1 {
		t.Fatalf("re-put = %+v, %v", res, err)
	}
	res, err = db.Put(ctx, testDoc("a", "福田区", "h2", 2021, "150座"), time.Now())
	if err != nil || res.Version != 2 || res.Previous != 1 {
		t.Fatalf("replace = %+v, %v", res, err)
	}
	refs, _ := db.Postings(ctx, nil, nil, "学位")
	recs, _ := db.Sentences(ctx, refs)
	if len(recs) != 1 || recs[0].Facts[0].Figure != "150座" || recs[0].Version != 2 {
		t.Errorf("after replace = %+v", recs)
	}
	df, total, _ := db.DocFreq([]string{"学位", "s1"}, nil)
	if df["学位"] != 1 || df["s1"] != 0 || total != 1 {
		t.Errorf("statistics after replace = %v %d", df, total)
	}
	old, err := db.Document(ctx, "a", 1)
	if err != nil || len(old.Facts) != 2 {
		t.Errorf("version 1 = %v, %v", old, err)
	}
	db.Close()

	// Everything survives a restart.
	db = openTest(t, dir)
	defer db.Close()
	m, ok := db.Meta("a")
	if !ok || m.Version != 2 || len(m.Versions) != 2 {
		t.Errorf("meta after restart = %+v", m)
	}
	if refs, _ := db.Postings(ctx, nil, nil, "学位"); len(refs) != 1 {
		t.Errorf("postings after restart = %v", refs)
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
