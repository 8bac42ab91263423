package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/internal/bench"
	"github.com/planbot/planbot/internal/fakeslack"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/seeds"
	"github.com/planbot/planbot/store"
)

func seedDoc() seeds.Doc { return seeds.All()[0] }

// benchSeed measures the seed: ingest, warm ask, cold start, serve RSS
// and Slack event-to-reply latency.
func (m *Main) benchSeed(ctx context.Context, dir string) error {
	if err := m.benchIngestSeed(ctx, filepath.Join(dir, "ingest")); err != nil {
		return err
	}
	askDir := filepath.Join(dir, "ask")
	if err := m.benchWarmAsk(ctx, askDir); err != nil {
		return err
	}
	exe, err := m.planbotBinary(ctx, dir)
	if err != nil {
		return err
	}
	if err := m.benchColdStart(ctx, exe, askDir); err != nil {
		return err
	}
	return m.benchServe(ctx, exe, askDir)
}

// benchIngestSeed ingests the seed into a fresh index (the first ingest
// also builds the dictionary), then again and again under new IDs: the
// steady state of a warm process.
func (m *Main) benchIngestSeed(ctx context.Context, dir string) error {
	seed := seedDoc()
	db, in, err := m.freshIndex(dir)
	if err != nil {
		return err
	}
	defer db.Close()
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
	return nil
}

// benchWarmAsk builds an index of the seed in dir and times the
// benchmark questions in this process: three runs of the rounds, of which
// the median run's percentiles are reported.
func (m *Main) benchWarmAsk(ctx context.Context, dir string) error {
	seed := seedDoc()
	db, in, err := m.freshIndex(dir)
	if err != nil {
		return err
	}
	if _, err := in.Ingest(ctx, seed.Name, seed.Data, parse.Options{}); err != nil {
		db.Close()
		return err
	}
	// Reopen, as a serving process would find the index: nothing left
	// of the ingest (compactions, caches) competes with the asks.
	an := in.Analyzer()
	db.Close()
	if db, err = store.Open(dir, store.Options{Logger: m.log}); err != nil {
		return err
	}
	defer db.Close()
	engine := answer.New(db, an)
	qs := bench.Questions()
	var runs []bench.Stats
	profile := m.CPUProfile
	for i := 0; i < 3; i++ {
		lat, _, _, err := askRounds(ctx, engine, qs, m.Rounds, profile)
		if err != nil {
			return err
		}
		runs = append(runs, lat)
		profile = ""
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].P99 < runs[j].P99 })
	fmt.Fprintf(m.Stdout, "ask, warm process, %d questions × %d rounds, median of 3 runs (by p99)\n  %s\n  (runs' p99: %s, %s, %s)\n\n",
		len(qs), m.Rounds, runs[1], runs[0].P99.Round(time.Microsecond), runs[1].P99.Round(time.Microsecond), runs[2].P99.Round(time.Microsecond))
	return nil
}

// benchColdStart times the planbot binary answering one question from
// the index in dbDir, process start to answer.
func (m *Main) benchColdStart(ctx context.Context, exe, dbDir string) error {
	q := bench.Questions()[0]
	var answered, exited []time.Duration
	for i := 0; i < 11; i++ {
		a, e, err := coldAsk(ctx, exe, dbDir, q)
		if err != nil {
			return err
		}
		answered, exited = append(answered, a), append(exited, e)
	}
	as, es := bench.Summarise(answered), bench.Summarise(exited)
	fmt.Fprintf(m.Stdout, "cold start: `planbot ask` process on the index, 11 runs\n  to the printed answer: median %s  min %s  max %s\n  to exit (index closed): median %s  max %s\n\n",
		as.P50.Round(time.Millisecond), as.Min.Round(time.Millisecond), as.Max.Round(time.Millisecond), es.P50.Round(time.Millisecond), es.Max.Round(time.Millisecond))
	return nil
}

// coldAsk runs `planbot ask` once and returns the time from starting the
// process to the first line of its answer on stdout, and to its exit.
func coldAsk(ctx context.Context, exe, dbDir, q string) (answered, exited time.Duration, err error) {
	cmd := exec.CommandContext(ctx, exe, "ask", "--db", dbDir, q)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	r := bufio.NewReader(out)
	first, err := r.ReadString('\n')
	answered = time.Since(start)
	if err != nil && first == "" {
		cmd.Wait()
		return 0, 0, fmt.Errorf("cold ask: no answer: %v: %s", err, stderr.Bytes())
	}
	io.Copy(io.Discard, r)
	if err := cmd.Wait(); err != nil {
		return 0, 0, fmt.Errorf("cold ask: %v: %s", err, stderr.Bytes())
	}
	return answered, time.Since(start), nil
}

// benchServe runs `planbot serve` against an in-process fake Slack and
// measures its peak RSS and the time from an event to its reply.
func (m *Main) benchServe(ctx context.Context, exe, dbDir string) error {
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
	first, lat, err := mentions(srv, m.Events, bench.Questions())
	if err != nil {
		return err
	}
	rss, err := bench.ReadRSS(cmd.Process.Pid)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "planbot serve (Socket Mode, fake Slack on loopback)\n  first event after start to its reply: %s\n  event to reply, the %d after it, one after another: %s\n  RSS after them: %s\n",
		first.Round(time.Millisecond), m.Events-1, bench.Summarise(lat), rss)
	return nil
}

// mentions sends n mentions of qs in turn, one after another, each once
// the previous one was answered, and returns the time from each event to
// its reply, the first apart: it may wait on what a process reads once
// (a large index's pages not yet in memory), so it gets longer to come. Each goes to a channel of its own: Slack's pace within one
// channel (about a post a second, which planbot keeps to) is not
// planbot's latency.
func mentions(srv *fakeslack.Server, n int, qs []string) (first time.Duration, lat []time.Duration, err error) {
	// Timestamps of this run's own: planbot remembers the events it
	// answered, and ignores one it answered in an earlier run on the
	// same index as a redelivery.
	base := time.Now().Unix()
	for i := 0; i < n; i++ {
		before := len(srv.CallsTo("chat.postMessage"))
		ts := fmt.Sprintf("%d.%06d", base+int64(i), i)
		start := time.Now()
		if _, err := srv.SendEventsAPI(map[string]any{"type": "app_mention", "user": fmt.Sprintf("U%d", i%50), "channel": fmt.Sprintf("C%d", i), "ts": ts, "text": "<@UBOT> " + qs[i%len(qs)]}); err != nil {
			return 0, nil, err
		}
		wait := 10 * time.Second
		if i == 0 {
			wait = 5 * time.Minute
		}
		calls, err := srv.WaitFor(wait, "chat.postMessage", before+1)
		if err != nil {
			return 0, nil, fmt.Errorf("event %d not answered: %w", i, err)
		}
		d := calls[len(calls)-1].Time.Sub(start)
		if i == 0 {
			first = d
			continue
		}
		lat = append(lat, d)
	}
	return first, lat, nil
}
