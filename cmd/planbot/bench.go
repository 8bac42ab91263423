package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"syscall"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bench"
	"github.com/planbot/planbot/internal/fakeslack"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/seeds"
	"github.com/planbot/planbot/store"
)

// runBench measures planbot on this machine.
func (m *Main) runBench(ctx context.Context, args []string) error {
	fs := m.flags("bench", "[--docs N | --index DIR] [--rounds R] [--keep DIR] [--cpuprofile FILE]")
	docs := fs.Int("docs", 0, "generate N documents from the seed and measure ingest, index size and ask latency at that scale")
	rounds := fs.Int("rounds", 20, "times each question is asked for the latency percentiles")
	keep := fs.String("keep", "", "build the index in DIR and keep it (default: a temporary directory)")
	events := fs.Int("events", 300, "Slack events sent for the event-to-reply latency")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the ask rounds to FILE")
	index := fs.String("index", "", "measure ask latency on an index that --docs N --keep DIR built (DIR/scale), without building it again")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	dir := *keep
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "planbot-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	if *index != "" {
		return m.benchAsk(ctx, *index, *rounds, *cpuprofile)
	}
	fmt.Fprintf(m.Stdout, "planbot bench on %s/%s, %d CPUs, %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	if *docs > 0 {
		return m.benchScale(ctx, dir, *docs, *rounds)
	}
	return m.benchSeed(ctx, dir, *rounds, *events, *cpuprofile)
}

func seedDoc() seeds.Doc { return seeds.All()[0] }

// benchSeed measures the seed: ingest, warm ask, cold start, serve RSS
// and Slack event-to-reply latency.
func (m *Main) benchSeed(ctx context.Context, dir string, rounds, events int, cpuprofile string) error {
	seed := seedDoc()
	// Ingest: into a fresh index (the first ingest also builds the
	// dictionary), then the steady state of a warm process.
	db, in, err := m.freshIndex(filepath.Join(dir, "ingest"))
	if err != nil {
		return err
	}
	start := time.Now()
	if _, err := in.Ingest(ctx, seed.Name, seed.Data, parse.Options{}); err != nil {
		return err
	}
	first := time.Since(start)
	var ds []time.Duration
	for i := 0; i < 15; i++ {
		start := time.Now()
		if _, err := in.Ingest(ctx, seed.Name, seed.Data, parse.Options{ID: fmt.Sprintf("copy-%d", i)}); err != nil {
			return err
		}
		ds = append(ds, time.Since(start))
	}
	st := bench.Summarise(ds)
	fmt.Fprintf(m.Stdout, "ingest seed (%s)\n  first, into an empty index: %s\n  warm process:               p50 %s (%.2f MB/s)  p99 %s\n\n",
		bench.MB(int64(len(seed.Data))), first.Round(time.Millisecond), st.P50.Round(time.Microsecond),
		float64(len(seed.Data))/(1<<20)/st.P50.Seconds(), st.P99.Round(time.Microsecond))
	db.Close()

	// Warm asks over the benchmark questions.
	askDir := filepath.Join(dir, "ask")
	if db, in, err = m.freshIndex(askDir); err != nil {
		return err
	}
	if _, err := in.Ingest(ctx, seed.Name, seed.Data, parse.Options{}); err != nil {
		return err
	}
	// Reopen, as a serving process would find the index: nothing left
	// of the ingest (compactions, caches) competes with the asks.
	an2 := in.Analyzer()
	db.Close()
	if db, err = store.Open(askDir, store.Options{Logger: m.logger()}); err != nil {
		return err
	}
	engine := answer.New(db, an2)
	qs := bench.Questions()
	// Three runs of the rounds; the median run's percentiles are reported.
	var runs []bench.Stats
	for i := 0; i < 3; i++ {
		lat, _, err := askRounds(ctx, engine, qs, rounds, cpuprofile)
		if err != nil {
			return err
		}
		runs = append(runs, lat)
		cpuprofile = ""
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].P99 < runs[j].P99 })
	fmt.Fprintf(m.Stdout, "ask, warm process, %d questions × %d rounds, median of 3 runs (by p99)\n  %s\n  (runs' p99: %s, %s, %s)\n\n",
		len(qs), rounds, runs[1], runs[0].P99.Round(time.Microsecond), runs[1].P99.Round(time.Microsecond), runs[2].P99.Round(time.Microsecond))
	db.Close()

	// Cold start: the planbot binary answering one question, index built.
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	var cold []time.Duration
	for i := 0; i < 11; i++ {
		start := time.Now()
		out, err := exec.CommandContext(ctx, exe, "ask", "--db", askDir, qs[0]).CombinedOutput()
		if err != nil {
			return fmt.Errorf("cold ask: %v: %s", err, out)
		}
		cold = append(cold, time.Since(start))
	}
	cs := bench.Summarise(cold)
	fmt.Fprintf(m.Stdout, "cold start: `planbot ask` process, start to answer (11 runs)\n  median %s  max %s\n\n", cs.P50.Round(time.Millisecond), cs.Max.Round(time.Millisecond))

	return m.benchServe(ctx, exe, askDir, events)
}

// askRounds asks every question once to warm the process, then rounds
// times timed; found counts the questions answered (not "not found").
func askRounds(ctx context.Context, e *answer.Engine, qs []string, rounds int, cpuprofile string) (lat bench.Stats, found int, err error) {
	for _, q := range qs {
		if a, _ := e.Ask(ctx, q); a.Found {
			found++
		}
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return bench.Stats{}, 0, err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var ds []time.Duration
	perQ := map[string][]time.Duration{}
	for r := 0; r < rounds; r++ {
		for _, q := range qs {
			start := time.Now()
			if _, err := e.Ask(ctx, q); err != nil {
				return bench.Stats{}, 0, err
			}
			d := time.Since(start)
			ds = append(ds, d)
			perQ[q] = append(perQ[q], d)
		}
	}
	if os.Getenv("PLANBOT_BENCH_SLOWEST") != "" {
		type qd struct {
			q string
			d time.Duration
		}
		var all []qd
		for q, d := range perQ {
			all = append(all, qd{q, bench.Summarise(d).P50})
		}
		sort.Slice(all, func(i, j int) bool { return all[i].d > all[j].d })
		for _, x := range all[:min(8, len(all))] {
			fmt.Fprintf(os.Stderr, "  slowest: %s  %s\n", x.d, x.q)
		}
	}
	return bench.Summarise(ds), found, nil
}

// benchServe runs `planbot serve` against an in-process fake Slack and
// measures its peak RSS and the time from an event to its reply.
func (m *Main) benchServe(ctx context.Context, exe, dbDir string, events int) error {
	srv := fakeslack.New()
	defer srv.Close()
	cmd := exec.CommandContext(ctx, exe, "serve", "--db", dbDir, "--api-url", srv.APIURL(), "--rate", "100000")
	cmd.Env = append(os.Environ(), "SLACK_BOT_TOKEN="+srv.BotToken(), "SLACK_APP_TOKEN="+srv.AppToken())
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	if err := srv.WaitConnections(30*time.Second, 1); err != nil {
		return fmt.Errorf("serve did not connect: %w", err)
	}
	qs := bench.Questions()
	var lat []time.Duration
	for i := 0; i < events; i++ {
		before := len(srv.CallsTo("chat.postMessage"))
		ts := fmt.Sprintf("%d.%06d", 1700000000+i, i)
		start := time.Now()
		if _, err := srv.SendEventsAPI(map[string]any{"type": "app_mention", "user": fmt.Sprintf("U%d", i%50), "channel": "C1", "ts": ts, "text": "<@UBOT> " + qs[i%len(qs)]}); err != nil {
			return err
		}
		calls, err := srv.WaitFor(10*time.Second, "chat.postMessage", before+1)
		if err != nil {
			return fmt.Errorf("event %d not answered: %w", i, err)
		}
		lat = append(lat, calls[len(calls)-1].Time.Sub(start))
	}
	rss, err := bench.ReadRSS(cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "planbot serve (Socket Mode, fake Slack on loopback)\n  event to reply, %d events one after another: %s\n  RSS after them: %s\n",
		events, bench.Summarise(lat), rss)
	return nil
}

// benchScale generates n documents, ingests them and measures ask latency
// at that scale.
func (m *Main) benchScale(ctx context.Context, dir string, n, rounds int) error {
	seed := seedDoc()
	sd, err := parse.New().Parse(seed.Name, seed.Data, parse.Options{})
	if err != nil {
		return err
	}
	g := &bench.Generator{Seed: string(seed.Data), SeedRegion: sd.Region, SeedYear: sd.ReportYear, Regions: bench.Regions()}
	db, in, err := m.freshIndex(filepath.Join(dir, "scale"))
	if err != nil {
		return err
	}
	var bytes int64
	var per []time.Duration
	start := time.Now()
	var docs []bench.Doc
	for i := 0; i < n; i++ {
		d := g.Doc(i)
		t0 := time.Now()
		if _, err := in.Ingest(ctx, d.Name, d.Data, parse.Options{}); err != nil {
			return fmt.Errorf("doc %d: %w", i, err)
		}
		per = append(per, time.Since(t0))
		bytes += int64(len(d.Data))
		if i%97 == 0 {
			docs = append(docs, bench.Doc{Region: d.Region, ReportYear: d.ReportYear})
		}
		if (i+1)%500 == 0 || i+1 == n {
			fmt.Fprintf(m.Stderr, "\r  ingested %d/%d (%s)", i+1, n, time.Since(start).Round(time.Second))
		}
	}
	fmt.Fprintln(m.Stderr)
	total := time.Since(start)
	rss, err := bench.ReadRSS(os.Getpid())
	if err != nil {
		return err
	}
	is := bench.Summarise(per)
	// Measure the index as it rests on disk: closed, memtables flushed.
	if err := db.Close(); err != nil {
		return err
	}
	size := bench.DirSize(filepath.Join(dir, "scale"))
	fmt.Fprintf(m.Stdout, "%d generated documents (%s of text, %d regions)\n  ingest: %s total, %.1f docs/s, %.2f MB/s; per document %s\n  RSS of this process after ingesting: %s\n  index on disk: %s (%.1f KB per document)\n\n",
		n, bench.MB(bytes), min(n, len(g.Regions)), total.Round(time.Second), float64(n)/total.Seconds(), float64(bytes)/(1<<20)/total.Seconds(),
		is, rss, bench.MB(size), float64(size)/1024/float64(n))
	// Asks run in a process of their own, as a bot serving the index
	// would, not in one whose heap and caches the ingest filled.
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, exe, "bench", "--index", filepath.Join(dir, "scale"), "--rounds", fmt.Sprint(rounds))
	cmd.Stdout, cmd.Stderr = m.Stdout, m.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ask phase: %w", err)
	}
	return nil
}

// benchAsk measures ask latency on a generated index: questions naming a
// region and year, naming neither with a default region, and naming
// neither with every region searched.
func (m *Main) benchAsk(ctx context.Context, dir string, rounds int, cpuprofile string) error {
	db, err := store.Open(dir, store.Options{Logger: m.logger()})
	if err != nil {
		return err
	}
	defer db.Close()
	cat := db.Catalog()
	var docs []bench.Doc
	for i, d := range cat.Docs {
		if i%97 == 0 {
			docs = append(docs, bench.Doc{Region: d.Region, ReportYear: d.ReportYear})
		}
	}
	if len(docs) == 0 {
		return plan.Errorf(plan.EINVALID, "%s holds no documents; build one with planbot bench --docs N --keep DIR", dir)
	}
	qan, _, err := domainAnalyzer(db)
	if err != nil {
		return err
	}
	engine := answer.New(db, qan)
	rng := rand.New(rand.NewPCG(1, 2))
	var qs []string
	for _, d := range docs {
		qs = append(qs, bench.QuestionsFor(d)...)
	}
	rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	if len(qs) > 240 {
		qs = qs[:240]
	}
	lat, found, err := askRounds(ctx, engine, qs, rounds, cpuprofile)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "ask naming a region and year, %d questions × %d rounds (%d answered)\n  %s\n", len(qs), rounds, found, lat)
	// Questions naming no region: with a default region (as a district's
	// deployment has), and across every region.
	// The same questions without their region, for the years generated.
	var bare []string
	seenQ := map[string]bool{}
	for _, d := range docs {
		for _, q := range bench.QuestionsFor(bench.Doc{ReportYear: d.ReportYear}) {
			if !seenQ[q] {
				seenQ[q] = true
				bare = append(bare, q)
			}
		}
	}
	sort.Strings(bare)
	engine.DefaultRegion = docs[0].Region
	lat, found, err = askRounds(ctx, engine, bare, rounds, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "ask naming no region, default region set, %d questions × %d rounds (%d answered)\n  %s\n", len(bare), rounds, found, lat)
	engine.DefaultRegion = ""
	lat, found, err = askRounds(ctx, engine, bare, rounds, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "ask naming no region, no default: every region searched, %d questions × %d rounds (%d answered)\n  %s\n", len(bare), rounds, found, lat)
	rss, err := bench.ReadRSS(os.Getpid())
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "RSS of the asking process: %s\n", rss)
	return nil
}

// freshIndex opens a new index in dir with an ingester for it.
func (m *Main) freshIndex(dir string) (*store.DB, *ingest.Ingester, error) {
	db, err := store.Open(dir, store.Options{Logger: m.logger()})
	if err != nil {
		return nil, nil, err
	}
	an, err := nlp.New(nil)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, ingest.New(db, parse.New(), nlp.New, an, nil), nil
}
