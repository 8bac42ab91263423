package ingest_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/internal/testindex"

	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

const seedPath = "../seeds/futian-2021-execution-2022-plan.txt"

func newIngester(t testing.TB) (*ingest.Ingester, *store.DB) {
	t.Helper()
	db, in := testindex.Open(t)
	return in, db
}

func TestIngestSeed(t *testing.T) {
	in, db := newIngester(t)
	data, _ := os.ReadFile(seedPath)
	rep, err := in.Ingest(context.Background(), "seed.txt", data, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ID != "福田区/2021-2022/plan-execution" || rep.Version != 1 || rep.Tasks != 27 || rep.Facts < 200 {
		t.Errorf("report = %+v", rep)
	}
	words, _ := db.DomainTerms()
	have := map[string]bool{}
	for _, w := range words {
		have[w] = true
	}
	for _, w := range []string{"福田区", "城镇居民登记失业率", "秒批办"} {
		if !have[w] {
			t.Errorf("dictionary lacks %q (has %d words)", w, len(words))
		}
	}
	// The same bytes again: nothing changes.
	rep, err = in.Ingest(context.Background(), "seed.txt", data, parse.Options{})
	if err != nil || !rep.Unchanged {
		t.Errorf("re-ingest = %+v, %v", rep, err)
	}
	// An explicit ID and region override what the title says.
	rep, err = in.Ingest(context.Background(), "x.txt", data, parse.Options{ID: "custom", Region: "测试区"})
	if err != nil || rep.ID != "custom" {
		t.Fatalf("override: %+v %v", rep, err)
	}
	if m, _ := db.Meta("custom"); m.Region != "测试区" {
		t.Errorf("region override = %q", m.Region)
	}
}

// A document in traditional characters is read, indexed and quoted in
// simplified ones, and says so; a simplified one is left as it is.
func TestTraditionalDocument(t *testing.T) {
	in, _ := newIngester(t)
	data, err := os.ReadFile("testdata/traditional.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := in.Ingest(context.Background(), "traditional.txt", data, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.ID != "东乡区/2024-2025/plan-execution" || !strings.HasPrefix(rep.Title, "关于某市东乡区2024年国民经济") {
		t.Errorf("read as %q %q", rep.ID, rep.Title)
	}
	if !slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, "traditional") }) {
		t.Errorf("warnings %q do not say it was converted", rep.Warnings)
	}
	if !slices.ContainsFunc(rep.Doc.Facts, func(f plan.Fact) bool { return f.Figure == "15.89亿元" && f.Subject == "一般公共预算收入" }) {
		t.Errorf("no fact 一般公共预算收入 15.89亿元 among %d", len(rep.Doc.Facts))
	}
	seed, _ := os.ReadFile(seedPath)
	rep, err = in.Ingest(context.Background(), "seed.txt", seed, parse.Options{})
	if err != nil || slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, "traditional") }) {
		t.Errorf("seed: %v, warnings %q", err, rep.Warnings)
	}
}

func TestIngestRejectsBadInputUnchanged(t *testing.T) {
	in, db := newIngester(t)
	for _, bad := range [][]byte{nil, []byte("%PDF-1.4"), []byte("没有结构的一段话。")} {
		if _, err := in.Ingest(context.Background(), "bad", bad, parse.Options{}); plan.ErrorCode(err) != plan.EINVALID {
			t.Errorf("bad input %q: %v", bad, err)
		}
	}
	if !db.Empty() {
		t.Error("a rejected file left something in the index")
	}
}

// BenchmarkIngestSeed measures parsing, indexing and storing the seed
// (41 KB) into a warm process; MB/s is of plan text.
func BenchmarkIngestSeed(b *testing.B) {
	in, _ := newIngester(b)
	data, _ := os.ReadFile(seedPath)
	in.Ingest(context.Background(), "warm.txt", data, parse.Options{ID: "warm"})
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		i++
		// A new ID each time: every iteration writes a whole new document.
		if _, err := in.Ingest(context.Background(), "seed.txt", data, parse.Options{ID: "doc" + time.Now().String()}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSeed measures the parser alone.
func BenchmarkParseSeed(b *testing.B) {
	p := parse.New()
	data, _ := os.ReadFile(seedPath)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := p.Parse("seed.txt", data, parse.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
