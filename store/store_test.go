package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/planbot/planbot/plan"
)

func openTest(t *testing.T, dir string) *DB {
	t.Helper()
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// testDoc builds a small document: sentence i holds fact i with the
// given figure, indexed under its words.
func testDoc(id, region, hash string, year int, figures ...string) Indexed {
	doc := &plan.Document{ID: id, Title: id + " title", Region: region, Hash: hash, ReportYear: year, PlanYear: year + 1}
	ix := Indexed{Doc: doc, Terms: map[int][]string{}, Domain: []string{"词" + id}}
	var para plan.Paragraph
	for i, f := range figures {
		para.Sentences = append(para.Sentences, plan.Sentence{ID: i, Text: "新增学位" + f, Page: i + 1})
		doc.Facts = append(doc.Facts, plan.Fact{ID: i, Figure: f, Sentence: i, Year: year, Kind: plan.KindResult, Subject: "新增学位"})
		ix.Terms[i] = []string{"新增", "学位", "s" + strconv.Itoa(i)}
	}
	doc.Parts = []plan.Part{{Number: 1, Title: "一", Paragraphs: []plan.Paragraph{para}}}
	return ix
}

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

func TestSchemaAndLock(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	if _, err := Open(dir, Options{}); plan.ErrorCode(err) != plan.ECONFLICT {
		t.Errorf("second open = %v; want a conflict", err)
	}
	db.db.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte(kSchema), []byte(strconv.Itoa(SchemaVersion+1)))
	})
	db.Close()
	if _, err := Open(dir, Options{}); plan.ErrorCode(err) != plan.EINVALID {
		t.Errorf("open newer schema = %v; want refusal", err)
	}
}

func TestIDEncoding(t *testing.T) {
	ids := []int{0, 1, 2, 130, 5000, 70000}
	if got := decodeIDs(encodeIDs(append([]int(nil), ids...))); fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Errorf("round trip = %v", got)
	}
	// Versions whose bytes hold NULs still split.
	for _, v := range []int{1, 256, 65536, 1 << 24} {
		id, ver, ok := splitIDVersion(postingKey("r", "t", 2021, "doc/1", v)[len(postingYearPrefix("r", "t", 2021)):])
		if !ok || id != "doc/1" || ver != v {
			t.Errorf("split v%d = %q %d %v", v, id, ver, ok)
		}
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
	if ver, _, _, err := db.stage(ctx, testDoc("a", "福田区", "h2", 2021, "999座", "888座"), m); err != nil || ver != 2 {
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

func TestOlderSchemaNeedsReindex(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	db.Put(context.Background(), testDoc("a", "福田区", "h1", 2021, "100座"), time.Now())
	db.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte(kSchema), []byte("1")) })
	db.Close()
	db = openTest(t, dir)
	defer db.Close()
	if !db.NeedsReindex() {
		t.Fatal("an index of schema 1 does not ask to be re-indexed")
	}
	ix := testDoc("a", "福田区", "h1", 2021, "100座")
	ix.Force = true
	res, err := db.Put(context.Background(), ix, time.Now())
	if err != nil || res.Unchanged || res.Version != 2 {
		t.Fatalf("forced put = %+v, %v", res, err)
	}
	if err := db.Reindexed(); err != nil || db.NeedsReindex() {
		t.Errorf("after Reindexed: %v %v", db.NeedsReindex(), err)
	}
}

// A limited read takes the newest years first and stops at the limit.
func TestDocPostingsNewestFirst(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	for i, y := range []int{2019, 2021, 2020} {
		if _, err := db.Put(ctx, testDoc(fmt.Sprint("d", y), "福田区", fmt.Sprint("h", i), y, "100座", "200座"), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	docs := func(dps []DocPostings, err error) string {
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, dp := range dps {
			ids = append(ids, fmt.Sprintf("%s:%d", dp.DocID, len(dp.Sentences)))
		}
		return strings.Join(ids, " ")
	}
	err := db.Read(func(r *Reader) error {
		for _, c := range []struct {
			years []int
			limit int
			want  string
		}{
			{nil, 0, "d2019:2 d2020:2 d2021:2"},
			{nil, 2, "d2021:2"},
			{nil, 3, "d2021:2 d2020:2"},
			{[]int{2020}, 1, "d2020:2"},
		} {
			if got := docs(r.DocPostings(ctx, nil, c.years, "学位", c.limit)); got != c.want {
				t.Errorf("DocPostings(years %v, limit %d) = %s; want %s", c.years, c.limit, got, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
