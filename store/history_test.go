package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/planbot/planbot/internal/testlong"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store/storetest"
)

// variantDoc is variant v of test document d: each variant a small edit
// of the one before (a figure changed, a sentence added, words and years
// shifted, now and then the region), sharing words with the other
// documents so that their statistics overlap.
func variantDoc(d, v int) Indexed {
	vocab := strings.Fields("新增 学位 增长 投资 产业 服务业 比重 收入 消费 就业 绿色 创新")
	regions := []string{"甲区", "乙区", ""}
	doc := &plan.Document{
		ID: fmt.Sprintf("doc%d", d), Title: fmt.Sprintf("文件%d", d), Region: regions[(d+v/3)%len(regions)],
		Hash: fmt.Sprintf("h%d-%d", d, v), ReportYear: 2021, PlanYear: 2022 + v%2, Genre: "report",
	}
	ix := Indexed{Doc: doc, Terms: map[int][]string{}, Domain: []string{"词" + doc.ID, fmt.Sprintf("版%d", v%3), vocab[(d+v)%len(vocab)]}}
	var para plan.Paragraph
	n := 3 + d%3 + v%2
	for i := range n {
		fig := fmt.Sprintf("%d亿元", 100*d+i+boolInt(i == v%n)*v)
		para.Sentences = append(para.Sentences, plan.Sentence{ID: i, Text: fmt.Sprintf("第%d句%s", i, fig), Page: 1})
		doc.Facts = append(doc.Facts, plan.Fact{ID: i, Figure: fig, Sentence: i, Year: 2020 + (i+v)%3, Kind: plan.KindResult, Subject: vocab[i%len(vocab)]})
		ix.Terms[i] = []string{vocab[(d+i)%len(vocab)], vocab[(i*v+1)%len(vocab)], fmt.Sprintf("s%d", i)}
	}
	doc.Parts = []plan.Part{{Number: 1, Title: "一", Paragraphs: []plan.Paragraph{para}}}
	return ix
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// crashSteps are the failpoints storetest's crash points stand for.
var crashSteps = [storetest.CrashPoints]string{
	storetest.BeforeSwitch: "staged",
	storetest.AfterSwitch:  "switched",
	storetest.WhileFolding: "fold",
}

// replay runs a history against the index in dir, closing and reopening
// it at each crash, and returns it open.
func replay(t *testing.T, dir string, steps []storetest.Step, doc func(d, v int) Indexed) *DB {
	t.Helper()
	ctx := context.Background()
	db := openTest(t, dir)
	db.foldBatch = 3 // several transactions per switch, so a crash can fall between them
	for i, st := range steps {
		ix := doc(st.Doc, st.Variant)
		switch st.Op {
		case storetest.Put:
			if _, err := db.Put(ctx, ix, time.Now()); err != nil {
				t.Fatalf("step %d %v: %v", i, st, err)
			}
		case storetest.Fail:
			// Fails while staging: the context is checked once per
			// sentence, and every variant has at least three.
			cctx := &cancelAfter{Context: ctx, n: int64(i % 3)}
			if res, err := db.Put(cctx, ix, time.Now()); err == nil && !res.Unchanged {
				t.Fatalf("step %d %v: the failing put succeeded: %+v", i, st, res)
			}
		case storetest.Crash:
			at := crashSteps[st.At]
			db.failAt = func(step string) error {
				if step == at {
					return errors.New("killed")
				}
				return nil
			}
			res, err := db.Put(ctx, ix, time.Now())
			if err != nil && !errors.Is(err, errFailpoint) {
				t.Fatalf("step %d %v: %v", i, st, err)
			}
			_ = res
			db.Close() // the process dies: nothing after the failpoint runs
			db = openTest(t, dir)
			db.foldBatch = 3
		}
	}
	return db
}

// fresh builds an index from the current variants alone.
func fresh(t *testing.T, dir string, current map[int]int, doc func(d, v int) Indexed) *DB {
	t.Helper()
	db := openTest(t, dir)
	for _, d := range slices.Sorted(mapsKeys(current)) {
		if _, err := db.Put(context.Background(), doc(d, current[d]), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func mapsKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// dumpIndex writes out what answers read, in one snapshot, without
// version numbers or ingest times: every document's description, every
// statistic as readers see it, every dictionary word, and the postings
// and sentences of the current versions.
func dumpIndex(t *testing.T, db *DB) string {
	t.Helper()
	var lines []string
	cat := db.Catalog()
	for _, m := range cat.Docs {
		cur := m.Current()
		lines = append(lines, fmt.Sprintf("doc %s %q %s %s %d %d %v %d/%d %s", m.ID, m.Title, m.Region, m.Genre, m.ReportYear, m.PlanYear, m.Years, cur.Sentences, cur.Facts, cur.Hash))
	}
	err := db.Read(func(r *Reader) error {
		if err := r.open(); err != nil {
			return err
		}
		for _, prefix := range []string{pDocFreq, kSentTotal + "\x00", pDomain} {
			counts, err := countersUnder(r.txn, []byte(prefix), r.stats)
			if err != nil {
				return err
			}
			for _, k := range slices.Sorted(mapsKeys(counts)) {
				lines = append(lines, fmt.Sprintf("counter %q %d", k, counts[k]))
			}
		}
		it := r.txn.NewIterator(badger.IteratorOptions{Prefix: []byte(pPosting)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			region, rest, _ := bytes.Cut(k[len(pPosting):], []byte{0})
			term, rest, _ := bytes.Cut(rest, []byte{0})
			year := binary.BigEndian.Uint16(rest)
			id, ver, ok := splitIDVersion(rest[yearLen:])
			if !ok || ver != cat.Version[id] {
				continue
			}
			v, _ := it.Item().ValueCopy(nil)
			ids, err := decodeIDs(v)
			if err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("posting %s %s %d %s %v", region, term, year, id, ids))
		}
		it2 := r.txn.NewIterator(badger.IteratorOptions{Prefix: []byte(pSentence)})
		defer it2.Close()
		for it2.Rewind(); it2.Valid(); it2.Next() {
			k := it2.Item().KeyCopy(nil)
			id, ver, ok := splitIDVersion(k[len(pSentence) : len(k)-5])
			if !ok || ver != cat.Version[id] {
				continue
			}
			var rec SentenceRecord
			if err := it2.Item().Value(func(v []byte) error { return decodeValue(v, &rec) }); err != nil {
				return err
			}
			rec.Version = 0
			b, _ := json.Marshal(rec)
			lines = append(lines, "sentence "+string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	words, err := db.DomainTerms()
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, "words "+strings.Join(words, " "))
	return strings.Join(lines, "\n")
}

// leftovers lists keys of versions that are not current and not being
// made current (postings, sentences, summaries, staged statistics, garbage
// marks), and changes left active: all gone once a put, or the start after
// a crash, is done. Replaced versions' blobs stay, by design.
func leftovers(t *testing.T, db *DB) []string {
	t.Helper()
	var out []string
	cat := db.Catalog()
	err := db.Read(func(r *Reader) error {
		if err := r.open(); err != nil {
			return err
		}
		if len(r.stats.Active) > 0 {
			out = append(out, fmt.Sprintf("active changes %v", r.stats.Active))
		}
		it := r.txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			kind, id, ver, ok := keyOfVersion(k)
			if ok && (kind == "gc" || kind == "sd" || ver != cat.Version[id]) {
				out = append(out, fmt.Sprintf("%q", k))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Whatever the history of ingests, failures and crashes, the index
// answers exactly as a fresh one built from the current versions: the
// same statistics, dictionary words, postings and sentences.
func TestHistoriesAnswerAsFresh(t *testing.T) {
	runs := testlong.Pick(10, 12, 40)
	for seed := range runs {
		rng := rand.New(rand.NewPCG(uint64(seed), 11))
		steps := storetest.Generate(rng, storetest.Config{Docs: 4, Variants: 5, Steps: 24, Crashes: true})
		db := replay(t, t.TempDir(), steps, variantDoc)
		got := dumpIndex(t, db)
		if l := leftovers(t, db); len(l) > 0 {
			t.Errorf("seed %d: leftovers after %v:\n%s", seed, steps, strings.Join(l, "\n"))
		}
		if len(storetest.Current(steps)) > 0 {
			checkOK(t, db)
		}
		db.Close()
		ref := fresh(t, t.TempDir(), storetest.Current(steps), variantDoc)
		want := dumpIndex(t, ref)
		ref.Close()
		if got != want {
			t.Fatalf("seed %d: after %v the index differs from a fresh one:\n%s", seed, steps, lineDiff(want, got))
		}
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for _, l := range w {
		if !slices.Contains(g, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range g {
		if !slices.Contains(w, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
