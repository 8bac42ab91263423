package peerbench_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/internal/bench"
	"github.com/planbot/planbot/internal/peerbench"
	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/seeds"
	"github.com/planbot/planbot/store"
)

// root is planbot's repository, which holds this module.
const root = "../.."

// seeded returns planbot over the seed, the peer over the same
// sentences, and the seed's question stream.
func seeded(tb testing.TB) (*peerbench.Planbot, *peerbench.Peer, []peerbench.Question) {
	tb.Helper()
	pb, err := peerbench.OpenSeed(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { pb.Close() })
	sentences, err := pb.Sentences(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	peer, err := peerbench.NewPeer(sentences, peerbench.Scorch)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { peer.Close() })
	qs, err := peerbench.SeedStream(root, "")
	if err != nil {
		tb.Fatal(err)
	}
	return pb, peer, qs
}

// The peer answers with the sentence sharing most bigrams with the
// question, folding full-width letters and case as planbot's users type
// them, and with nothing when no sentence shares a term; on either
// index type.
func TestPeerAsk(t *testing.T) {
	for _, engine := range []string{peerbench.Scorch, peerbench.Upsidedown} {
		peer, err := peerbench.NewPeer([]string{
			"全年地区生产总值增长8.6%。",
			"新增学位9510座，新改扩建学校16所。",
			"GDP增长目标6.0%以上。",
		}, engine)
		if err != nil {
			t.Fatal(err)
		}
		defer peer.Close()
		for _, c := range []struct{ q, want string }{
			{"新增学位多少", "新增学位9510座，新改扩建学校16所。"},
			{"地区生产总值增长了多少", "全年地区生产总值增长8.6%。"},
			{"ｇｄｐ目标", "GDP增长目标6.0%以上。"},
			{"天气如何", ""},
		} {
			got, err := peer.Ask(c.q)
			if err != nil || got != c.want {
				t.Errorf("%s: Ask(%q) = %q, %v; want %q", engine, c.q, got, err, c.want)
			}
		}
		if peer.Len() != 3 || !strings.Contains(peer.Name(), engine) {
			t.Errorf("%s: Len = %d, Name = %q", engine, peer.Len(), peer.Name())
		}
	}
	if _, err := peerbench.NewPeer(nil, "lucene"); err == nil {
		t.Error("an unknown index type was accepted")
	}
}

// The stream holds each question once, from the repository's question
// files, and the gold set's first when one is given.
func TestSeedStream(t *testing.T) {
	gold := filepath.Join(t.TempDir(), "questions.jsonl")
	os.WriteFile(gold, []byte("{\"q\": \"金的问题\", \"figure\": \"1\"}\n\n{\"q\": \"2021年GDP增长多少\"}\n"), 0o644)
	os.WriteFile(filepath.Join(filepath.Dir(gold), "kinds.jsonl"), []byte(`{"q": "金的问题"}`+"\n"+`{"q": "另一类问题"}`+"\n"), 0o644)
	qs, err := peerbench.SeedStream(root, gold)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 300 {
		t.Fatalf("%d questions", len(qs))
	}
	want := []peerbench.Question{{Set: "gold", Text: "金的问题"}, {Set: "gold", Text: "2021年GDP增长多少"}, {Set: "gold-kinds", Text: "另一类问题"}}
	if !slices.Equal(qs[:3], want) {
		t.Errorf("stream starts %v, want %v", qs[:3], want)
	}
	seen := map[string]bool{}
	sets := map[string]int{}
	for _, q := range qs {
		if seen[q.Text] {
			t.Errorf("%q twice", q.Text)
		}
		seen[q.Text] = true
		sets[q.Set]++
	}
	for _, set := range []string{"kinds", "paraphrases", "review", "unanswerable"} {
		if sets[set] == 0 {
			t.Errorf("no questions from answer/testdata/%s.jsonl: %v", set, sets)
		}
	}
	for _, q := range bench.Questions() {
		if !seen[q] {
			t.Errorf("benchmark question %q missing", q)
		}
	}
	if _, err := peerbench.SeedStream(t.TempDir(), ""); err == nil {
		t.Error("a folder without answer/testdata gave a stream")
	}
	if _, err := peerbench.SeedStream(root, filepath.Join(t.TempDir(), "none.jsonl")); err == nil {
		t.Error("a missing gold file was ignored")
	}
}

// planbot's side is the engine the answer tests use: over the index
// testindex.Seeded builds, it answers every question of the stream alike.
func TestSeedAsTestindex(t *testing.T) {
	pb, _, qs := seeded(t)
	db, in := testindex.Seeded(t)
	ref := answer.New(db, in.Analyzer())
	ref.Now = pb.Engine.Now
	ctx := context.Background()
	for _, q := range qs {
		got, err := pb.Ask(ctx, q.Text)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ref.Ask(ctx, q.Text)
		if err != nil {
			t.Fatal(err)
		}
		got.Elapsed, want.Elapsed = 0, 0
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("%s %q:\n got %s\nwant %s", q.Set, q.Text, g, w)
		}
	}
	sentences, err := pb.Sentences(ctx)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parse.New().Parse(seeds.All()[0].Name, seeds.All()[0].Data, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(doc.Sentences()); len(seeds.All()) == 1 && len(sentences) != n {
		t.Errorf("%d sentences for the peer, the seed has %d", len(sentences), n)
	}
}

// Compare times every question of both engines once a round and writes
// a table with the ratios.
func TestCompare(t *testing.T) {
	pb, peer, qs := seeded(t)
	qs = qs[:6]
	r, err := peerbench.Compare(context.Background(), pb, peer, "The seed", qs, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := range qs {
		if len(r.Planbot.Times[i]) != 3 || len(r.Peer.Times[i]) != 3 {
			t.Fatalf("question %d timed %d and %d times", i, len(r.Planbot.Times[i]), len(r.Peer.Times[i]))
		}
	}
	if r.Found == 0 || r.Hits == 0 || r.Planbot.Allocs == 0 || r.Peer.Allocs == 0 {
		t.Errorf("found %d, hits %d, allocations %.0f and %.0f", r.Found, r.Hits, r.Planbot.Allocs, r.Peer.Allocs)
	}
	var sb strings.Builder
	r.WriteTable(&sb)
	r.WriteSlowest(&sb, 2)
	for _, want := range []string{"The seed: 6 questions × 3 rounds", "| planbot |", "| **bleve ÷ planbot** |", "planbot's 2 slowest", "| " + qs[0].Text + " | "} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, sb.String())
		}
	}
}

// An index that planbot-bench --docs built is opened with its own
// words; its questions name a region, or none, as planbot-bench's do.
func TestOpenIndex(t *testing.T) {
	seed := seeds.All()[0]
	sd, err := parse.New().Parse(seed.Name, seed.Data, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := &bench.Generator{Seed: string(seed.Data), SeedRegion: sd.Region, SeedYear: sd.ReportYear, Regions: bench.Regions()}
	dir := t.TempDir()
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	an, err := nlp.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	in := ingest.New(db, parse.New(), nlp.New, an, nil)
	var regions []string
	for i := range 2 {
		d := g.Doc(i)
		testindex.Ingest(t, in, d.Name, d.Data)
		regions = append(regions, d.Region)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := peerbench.OpenIndex(t.TempDir()); err == nil {
		t.Error("an empty index opened")
	}

	pb, err := peerbench.OpenIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pb.Close()
	named, bare := peerbench.IndexStreams(pb)
	if len(named) == 0 || len(bare) == 0 {
		t.Fatalf("%d named and %d bare questions", len(named), len(bare))
	}
	for _, q := range named {
		if !strings.Contains(q.Text, regions[0]) {
			t.Errorf("named question %q does not name %s", q.Text, regions[0])
		}
	}
	for _, q := range bare {
		for _, r := range regions {
			if strings.Contains(q.Text, r) {
				t.Errorf("bare question %q names %s", q.Text, r)
			}
		}
	}
	sentences, err := pb.Sentences(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	peer, err := peerbench.NewPeer(sentences, peerbench.Scorch)
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	r, err := peerbench.Compare(context.Background(), pb, peer, "2 documents", append(named[:3], bare[:3]...), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Found == 0 || r.Hits == 0 {
		t.Errorf("found %d, peer hits %d", r.Found, r.Hits)
	}
}

// benchStream asks every question of qs once an op and reports the time
// and allocations a question.
func benchStream(b *testing.B, qs []peerbench.Question, ask func(string) error) {
	for _, q := range qs {
		if err := ask(q.Text); err != nil { // warm
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		for _, q := range qs {
			ask(q.Text)
		}
		n += len(qs)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed())/float64(time.Microsecond)/float64(n), "µs/question")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(n), "allocs/question")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n), "B/question")
}

// BenchmarkPlanbot asks planbot the seed's question stream, warm.
func BenchmarkPlanbot(b *testing.B) {
	pb, _, qs := seeded(b)
	ctx := context.Background()
	benchStream(b, qs, func(q string) error {
		_, err := pb.Ask(ctx, q)
		return err
	})
}

// BenchmarkBleve asks the peer the same stream, on scorch (the peer of
// the command and BenchmarkInterleaved) and on bleve.NewMemOnly's index.
func BenchmarkBleve(b *testing.B) {
	pb, _, qs := seeded(b)
	sentences, err := pb.Sentences(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for _, engine := range []string{peerbench.Scorch, peerbench.Upsidedown} {
		b.Run(engine, func(b *testing.B) {
			peer, err := peerbench.NewPeer(sentences, engine)
			if err != nil {
				b.Fatal(err)
			}
			defer peer.Close()
			benchStream(b, qs, func(q string) error {
				_, err := peer.Ask(q)
				return err
			})
		})
	}
}

// BenchmarkInterleaved asks both, alternating question by question, an
// op a round over the stream, and reports each one's mean and p99 a
// question and the peer's over planbot's.
func BenchmarkInterleaved(b *testing.B) {
	pb, peer, qs := seeded(b)
	r, err := peerbench.Warm(context.Background(), pb, peer, "The seed", qs)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := r.Round(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	p, q := r.Planbot.Stats(qs, ""), r.Peer.Stats(qs, "")
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	b.ReportMetric(us(p.Mean), "planbot-µs/question")
	b.ReportMetric(us(p.P99), "planbot-p99-µs")
	b.ReportMetric(us(q.Mean), "bleve-µs/question")
	b.ReportMetric(us(q.P99), "bleve-p99-µs")
	b.ReportMetric(float64(q.Mean)/float64(p.Mean), "bleve/planbot-mean")
	b.ReportMetric(float64(q.P99)/float64(p.P99), "bleve/planbot-p99")
}
