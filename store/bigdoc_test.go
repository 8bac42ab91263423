package store

import (
	"context"
	"errors"
	"fmt"
	"github.com/planbot/planbot/internal/testlong"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// bigDoc generates a document of about size bytes of text shaped like a
// long plan: sentences of a hundred characters, thirty words and a
// figure, each a fact; three words in four drawn from eight thousand
// common ones (Zipf-distributed), the rest from a tail of 150,000 rare
// ones. That is many more distinct terms than real plans have (four
// joined work reports, 245 KB, index ~3,000): 27,000 at 1 MB, 150,000 at
// 16 MB.
func bigDoc(id, region string, size int, seed uint64) Indexed {
	rng := rand.New(rand.NewPCG(seed, 7))
	zipf := rand.NewZipf(rng, 1.1, 1, 7999)
	word := func(n uint64) string {
		// Two or three CJK characters from the number.
		r := []rune{rune(0x4e00 + n%2000), rune(0x4e00 + 2000 + n/2000%2000)}
		if n >= 4000000 {
			r = append(r, rune(0x4e00+4000+n/4000000%2000))
		}
		return string(r)
	}
	doc := &plan.Document{ID: id, Title: id, Region: region, Hash: fmt.Sprintf("%s-%d-%d", id, size, seed), ReportYear: 2024, PlanYear: 2025}
	ix := Indexed{Doc: doc, Terms: map[int][]string{}}
	var para plan.Paragraph
	n := 0
	for i := 0; n < size; i++ {
		var terms []string
		seen := map[string]bool{}
		for range 30 {
			var w string
			if rng.IntN(100) < 75 {
				w = word(zipf.Uint64())
			} else {
				w = word(8000 + rng.Uint64N(150_000))
			}
			if !seen[w] {
				seen[w] = true
				terms = append(terms, w)
			}
		}
		fig := strconv.Itoa(rng.IntN(100000)) + "亿元"
		text := strings.Join(terms, "的") + "，达到" + fig + "。"
		n += len(text)
		para.Sentences = append(para.Sentences, plan.Sentence{ID: i, Text: text, Page: i/40 + 1})
		doc.Facts = append(doc.Facts, plan.Fact{ID: i, Figure: fig, Sentence: i, Year: 2023 + i%3, Kind: plan.KindTarget, Subject: terms[0]})
		ix.Terms[i] = terms
		if i%100 == 0 {
			ix.Domain = append(ix.Domain, terms[0]+terms[1])
		}
	}
	doc.Parts = []plan.Part{{Number: 1, Title: "一", Paragraphs: []plan.Paragraph{para}}}
	return ix
}

func distinctTerms(ix Indexed) int {
	seen := map[string]bool{}
	for _, ts := range ix.Terms {
		for _, t := range ts {
			seen[t] = true
		}
	}
	return len(seen)
}

// memStatus returns a field of /proc/self/status in bytes (Linux; 0
// elsewhere): VmRSS, the resident set, or VmHWM, its peak.
func memStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// measure runs fn and returns its time, the resident set before it and
// its peak during it (Linux resets the peak on writing 5 to clear_refs).
func measure(fn func() error) (time.Duration, int64, int64, error) {
	runtime.GC()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	before := memStatus("VmRSS")
	start := time.Now()
	err := fn()
	return time.Since(start), before, memStatus("VmHWM"), err
}

// Documents up to the documented 16 MB ingest, replacing each other,
// with the statistics a fresh index of the current version has.
func TestBigDocuments(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	// Over the 200 KB that once broke badger's transaction limit; 16 MB,
	// the documented limit, is BenchmarkPutBigDocument's.
	size := testlong.Pick(512<<10, 512<<10, 1<<20)
	v1 := bigDoc("big", "甲区", size, 1)
	if n := distinctTerms(v1); n < 10000 {
		t.Fatalf("fixture has %d distinct terms; want 10,000+", n)
	}
	if _, err := db.Put(ctx, v1, time.Now()); err != nil {
		t.Fatal(err)
	}
	v2 := bigDoc("big", "乙区", size, 2) // another region: every counter moves
	res, err := db.Put(ctx, v2, time.Now())
	if err != nil || res.Version != 2 {
		t.Fatalf("replace = %+v, %v", res, err)
	}
	if l := leftovers(t, db); len(l) > 0 {
		t.Errorf("%d leftover keys, first %s", len(l), l[0])
	}
	checkOK(t, db) // statistics are the sums over the current version
	if testing.Short() {
		return // the comparison below holds two such indexes
	}
	ref := openTest(t, t.TempDir())
	defer ref.Close()
	if _, err := ref.Put(ctx, v2, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got, want := dumpIndex(t, db), dumpIndex(t, ref); got != want {
		t.Errorf("replaced index differs from a fresh one:\n%.2000s", lineDiff(want, got))
	}
}

// BenchmarkPutBigDocument ingests and then replaces (in another region,
// so every counter moves) documents up to the documented 16 MB limit and
// reports the resident memory at peak. A benchmark, not a test: the 16 MB
// case takes about a minute and a gigabyte.
//
//	go test -run '^$' -bench PutBigDocument -benchtime 1x ./store/
func BenchmarkPutBigDocument(b *testing.B) {
	for _, size := range []int{1 << 20, 4 << 20, 16 << 20} {
		b.Run(fmt.Sprintf("%dMB", size>>20), func(b *testing.B) {
			ctx := context.Background()
			v1 := bigDoc("big", "甲区", size, 1)
			v2 := bigDoc("big", "乙区", size, 2)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := openTest(b, b.TempDir())
				b.StartTimer()
				put, _, peakPut, err := measure(func() error {
					_, err := db.Put(ctx, v1, time.Now())
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				replace, _, peakReplace, err := measure(func() error {
					_, err := db.Put(ctx, v2, time.Now())
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
				b.ReportMetric(put.Seconds(), "put-s")
				b.ReportMetric(replace.Seconds(), "replace-s")
				b.ReportMetric(float64(max(peakPut, peakReplace)>>20), "peak-RSS-MB")
				b.ReportMetric(float64(distinctTerms(v1)), "terms")
			}
		})
	}
}

// A switch interrupted at any step leaves the index answering as before
// it (when the version was not yet current) or as after it (when it
// was), statistics included, in the same process, read-only from
// another, and after the next Open, which finishes or removes it.
func TestInterruptedSwitch(t *testing.T) {
	ctx := context.Background()
	// A reference: the index before the put and after it.
	// 256 KB: 6,000 distinct terms, 50 transactions to fold in; the
	// default's 96 KB still folds in several.
	size := testlong.Pick(32<<10, 96<<10, 256<<10)
	v1, v2 := bigDoc("big", "甲区", size, 1), bigDoc("big", "甲区", size, 2)
	other := testDoc("small", "乙区", "s1", 2021, "100座")
	build := func(dir string, docs ...Indexed) *DB {
		db := openTest(t, dir)
		db.foldBatch = 500
		for _, ix := range docs {
			if _, err := db.Put(ctx, ix, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		return db
	}
	ref := build(t.TempDir(), other, v1)
	before := dumpIndex(t, ref)
	ref.Close()
	ref = build(t.TempDir(), other, v2)
	after := dumpIndex(t, ref)
	ref.Close()

	for _, tt := range []struct {
		step string
		want *string
	}{
		{"staged", &before},
		{"switched", &after},
		{"fold", &after},
	} {
		t.Run(tt.step, func(t *testing.T) {
			dir := t.TempDir()
			db := build(dir, other, v1)
			db.failAt = func(step string) error {
				if step == tt.step {
					return errors.New("killed")
				}
				return nil
			}
			if _, err := db.Put(ctx, v2, time.Now()); !errors.Is(err, errFailpoint) {
				t.Fatalf("put = %v; want the injected failure", err)
			}
			if got := dumpIndex(t, db); got != *tt.want {
				t.Errorf("after the failure, in the same process:\n%.2000s", lineDiff(*tt.want, got))
			}
			db.Close()
			ro, err := Open(dir, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := dumpIndex(t, ro); got != *tt.want {
				t.Errorf("read-only, before any repair:\n%.2000s", lineDiff(*tt.want, got))
			}
			ro.Close()
			db = openTest(t, dir)
			defer db.Close()
			if got := dumpIndex(t, db); got != *tt.want {
				t.Errorf("after the next open:\n%.2000s", lineDiff(*tt.want, got))
			}
			if l := leftovers(t, db); len(l) > 0 {
				t.Errorf("%d leftover keys after the next open, first %s", len(l), l[0])
			}
			checkOK(t, db)
		})
	}
}
