package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/planbot/planbot/plan"
)

func openTest(t testing.TB, dir string) *DB {
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

// Postings flattens DocPostings over the whole of a term's postings in
// one snapshot: what the tests check the index layout with. Answering
// reads DocPostings, grouped and bounded.
func (s *DB) Postings(ctx context.Context, regions []string, years []int, term string) (refs []SentRef, err error) {
	err = s.Read(func(r *Reader) error {
		dps, err := r.DocPostings(ctx, regions, years, term, 0)
		for _, dp := range dps {
			for _, sid := range dp.Sentences {
				refs = append(refs, SentRef{DocID: dp.DocID, Version: dp.Version, Sentence: sid})
			}
		}
		return err
	})
	return refs, err
}

// Sentences is Reader.Sentences in a snapshot of its own, for tests.
func (s *DB) Sentences(ctx context.Context, refs []SentRef) (recs []SentenceRecord, err error) {
	err = s.Read(func(r *Reader) error {
		recs, err = r.Sentences(ctx, refs)
		return err
	})
	return recs, err
}

// DocFreq is Reader.DocFreq in a snapshot of its own, for tests.
func (s *DB) DocFreq(terms []string, regions []string) (df map[string]int, total int, err error) {
	err = s.Read(func(r *Reader) error {
		df, total, err = r.DocFreq(terms, regions)
		return err
	})
	return df, total, err
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
