package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/internal/bench"
	"github.com/planbot/planbot/internal/fakeslack"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// benchScale generates m.Docs documents, ingests them and measures ask
// latency at that scale.
func (m *Main) benchScale(ctx context.Context, dir string) error {
	scale := filepath.Join(dir, "scale")
	if err := m.benchIngestGenerated(ctx, scale); err != nil {
		return err
	}
	// Asks run in a process of their own, as a bot serving the index
	// would, not in one whose heap and caches the ingest filled.
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, exe, "--index", scale, "--rounds", fmt.Sprint(m.Rounds))
	cmd.Stdout, cmd.Stderr = m.Stdout, m.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ask phase: %w", err)
	}
	return nil
}

// benchIngestGenerated ingests m.Docs generated documents into a fresh
// index in dir and reports the time taken, this process's RSS and the
// index's size on disk.
func (m *Main) benchIngestGenerated(ctx context.Context, dir string) error {
	g, err := generator()
	if err != nil {
		return err
	}
	db, in, err := m.freshIndex(dir)
	if err != nil {
		return err
	}
	n := m.Docs
	var bytes int64
	var per []time.Duration
	start := time.Now()
	for i := 0; i < n; i++ {
		d := g.Doc(i)
		t0 := time.Now()
		if _, err := in.Ingest(ctx, d.Name, d.Data, parse.Options{}); err != nil {
			db.Close()
			return fmt.Errorf("doc %d: %w", i, err)
		}
		per = append(per, time.Since(t0))
		bytes += int64(len(d.Data))
		if (i+1)%500 == 0 || i+1 == n {
			fmt.Fprintf(m.Stderr, "\r  ingested %d/%d (%s)", i+1, n, time.Since(start).Round(time.Second))
		}
	}
	fmt.Fprintln(m.Stderr)
	total := time.Since(start)
	rss, err := bench.ReadRSS(os.Getpid())
	if err != nil {
		db.Close()
		return err
	}
	// Measure the index as it rests on disk: closed, memtables flushed.
	if err := db.Close(); err != nil {
		return err
	}
	size := bench.DirSize(dir)
	fmt.Fprintf(m.Stdout, "%d generated documents (%s of text, %d regions)\n  ingest: %s total, %.1f docs/s, %.2f MB/s; per document %s\n  RSS of this process after ingesting: %s\n  index on disk: %s (%.1f KB per document)\n\n",
		n, bench.MB(bytes), min(n, len(g.Regions)), total.Round(time.Second), float64(n)/total.Seconds(), float64(bytes)/(1<<20)/total.Seconds(),
		bench.Summarise(per), rss, bench.MB(size), float64(size)/1024/float64(n))
	return nil
}

// generator makes documents from the embedded seed.
func generator() (*bench.Generator, error) {
	seed := seedDoc()
	sd, err := parse.New().Parse(seed.Name, seed.Data, parse.Options{})
	if err != nil {
		return nil, err
	}
	return &bench.Generator{Seed: string(seed.Data), SeedRegion: sd.Region, SeedYear: sd.ReportYear, Regions: bench.Regions()}, nil
}

// benchAsk measures ask latency on a generated index: questions naming a
// region and year, naming neither with a default region, and naming
// neither with every region searched.
func (m *Main) benchAsk(ctx context.Context, dir string) error {
	docs, err := m.benchAskIn(ctx, dir)
	if err != nil {
		return err
	}
	exe, err := m.planbotBinary(ctx, os.TempDir())
	if err != nil {
		return err
	}
	qs := append(namedQuestions(docs), bareQuestions(docs)...)
	return m.benchServeOn(ctx, exe, dir, qs)
}

// benchAskIn measures ask latency in this process on the index in dir
// and returns the documents the questions are about.
func (m *Main) benchAskIn(ctx context.Context, dir string) ([]bench.Doc, error) {
	db, err := store.Open(dir, store.Options{Logger: m.log})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	docs := sampleDocs(db)
	if len(docs) == 0 {
		return nil, plan.Errorf(plan.EINVALID, "%s holds no documents; build one with planbot-bench --docs N --keep DIR", dir)
	}
	engine, err := openEngine(db)
	if err != nil {
		return nil, err
	}
	report := func(what string, qs []string, profile string) error {
		lat, first, found, err := askRounds(ctx, engine, qs, m.Rounds, profile)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "ask %s, %d questions × %d rounds (%d answered)\n  %s\n  first ask of each, before any cache held its reads: %s\n", what, len(qs), m.Rounds, found, lat, first)
		return nil
	}
	if err := report("naming a region and year", namedQuestions(docs), m.CPUProfile); err != nil {
		return nil, err
	}
	// Questions naming no region: with a default region (as a district's
	// deployment has), and across every region.
	bare := bareQuestions(docs)
	engine.DefaultRegion = docs[0].Region
	if err := report("naming no region, default region set", bare, ""); err != nil {
		return nil, err
	}
	engine.DefaultRegion = ""
	if err := report("naming no region, no default: every region searched", bare, ""); err != nil {
		return nil, err
	}
	rss, err := bench.ReadRSS(os.Getpid())
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(m.Stdout, "RSS of the asking process: %s\n", rss)
	return docs, nil
}

// benchServeOn runs `planbot serve` on the index in dir against an
// in-process fake Slack, mentions it with qs in turn (m.Events of them)
// and reports the event-to-reply latency and the process's RSS.
func (m *Main) benchServeOn(ctx context.Context, exe, dir string, qs []string) error {
	srv := fakeslack.New()
	defer srv.Close()
	cmd := exec.CommandContext(ctx, exe, "serve", "--db", dir, "--api-url", srv.APIURL(), "--rate", "100000")
	cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN="+srv.BotToken(), "SLACK_APP_TOKEN="+srv.AppToken(), "PLANBOT_REGION=")
	if m.Verbose {
		cmd.Stderr = m.Stderr // serve's log
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	if err := srv.WaitConnections(5*time.Minute, 1); err != nil {
		return fmt.Errorf("serve did not connect: %w", err)
	}
	first, lat, err := mentions(srv, m.Events, qs)
	if err != nil {
		return err
	}
	rss, err := bench.ReadRSS(cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "planbot serve on the index (Socket Mode, fake Slack on loopback)\n  first event after start to its reply: %s\n  event to reply, the %d after it, one after another: %s\n  RSS after them: %s\n", first.Round(time.Millisecond), m.Events-1, bench.Summarise(lat), rss)
	return nil
}

// sampleDocs picks every 97th document of the index to ask about.
func sampleDocs(db *store.DB) []bench.Doc {
	var docs []bench.Doc
	for i, d := range db.Catalog().Docs {
		if i%97 == 0 {
			docs = append(docs, bench.Doc{Region: d.Region, ReportYear: d.ReportYear})
		}
	}
	return docs
}

// namedQuestions are the questions about docs, naming region and year,
// shuffled (always the same way) and at most 240.
func namedQuestions(docs []bench.Doc) []string {
	var qs []string
	for _, d := range docs {
		qs = append(qs, bench.QuestionsFor(d)...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	if len(qs) > 240 {
		qs = qs[:240]
	}
	return qs
}

// bareQuestions are the same questions without their region, for the
// years generated: distinct and sorted.
func bareQuestions(docs []bench.Doc) []string {
	var bare []string
	for _, d := range docs {
		for _, q := range bench.QuestionsFor(bench.Doc{ReportYear: d.ReportYear}) {
			if !slices.Contains(bare, q) {
				bare = append(bare, q)
			}
		}
	}
	slices.Sort(bare)
	return bare
}

// openEngine is an answer engine over db whose analyser's dictionary
// holds the index's words, as planbot builds it.
func openEngine(db *store.DB) (*answer.Engine, error) {
	words, err := db.DomainTerms()
	if err != nil {
		return nil, err
	}
	an, err := nlp.New(words)
	if err != nil {
		return nil, err
	}
	return answer.New(db, an), nil
}
