package peerbench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"github.com/planbot/planbot/internal/bench"
)

// Result is one interleaved comparison of planbot and the peer on a
// stream of questions.
type Result struct {
	Name      string // what was asked about: "the seed", an index
	Questions []Question
	Rounds    int
	Planbot   Side
	Peer      Side
	Found     int // questions planbot answered (not "not found")
	Hits      int // questions the peer returned a sentence for

	pb   *Planbot
	peer *Peer
}

// Side is what one engine measured: each question's times, one a round,
// and its allocations per question.
type Side struct {
	Times  [][]time.Duration // by question, then round
	Allocs float64           // heap allocations per question
	Bytes  float64           // bytes allocated per question
}

// Stats summarises the times of the questions whose set is set, or of
// every question when set is "".
func (s Side) Stats(qs []Question, set string) bench.Stats {
	var all []time.Duration
	for i, q := range qs {
		if set == "" || q.Set == set {
			all = append(all, s.Times[i]...)
		}
	}
	return bench.Summarise(all)
}

// allocPasses is how many passes over the stream the allocation count
// averages: allocations barely vary, so a few suffice.
const allocPasses = 3

// Compare asks every question of qs of both engines once to warm them,
// counts their allocations, then asks rounds times more, alternating
// between the engines question by question, so that the machine's load
// falls on both alike.
func Compare(ctx context.Context, pb *Planbot, peer *Peer, name string, qs []Question, rounds int) (*Result, error) {
	r, err := Warm(ctx, pb, peer, name, qs)
	if err != nil {
		return nil, err
	}
	for range rounds {
		if err := r.Round(ctx); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Warm asks every question of qs of both engines once, counting what
// they answer, then counts their allocations per question; the result
// has no times until Round.
func Warm(ctx context.Context, pb *Planbot, peer *Peer, name string, qs []Question) (*Result, error) {
	r := &Result{Name: name, Questions: qs, pb: pb, peer: peer}
	for _, q := range qs {
		a, err := pb.Ask(ctx, q.Text)
		if err != nil {
			return nil, fmt.Errorf("planbot ask %q: %w", q.Text, err)
		}
		if a.Found {
			r.Found++
		}
		s, err := peer.Ask(q.Text)
		if err != nil {
			return nil, err
		}
		if s != "" {
			r.Hits++
		}
	}
	var err error
	if r.Planbot.Allocs, r.Planbot.Bytes, err = allocsPerQuestion(qs, r.askPlanbot(ctx)); err != nil {
		return nil, err
	}
	if r.Peer.Allocs, r.Peer.Bytes, err = allocsPerQuestion(qs, r.askPeer); err != nil {
		return nil, err
	}
	r.Planbot.Times = make([][]time.Duration, len(qs))
	r.Peer.Times = make([][]time.Duration, len(qs))
	return r, nil
}

// Round asks every question once more of each engine, alternating
// between them and, from one question and round to the next, which goes
// first, and adds the times.
func (r *Result) Round(ctx context.Context) error {
	askPlanbot := r.askPlanbot(ctx)
	for i, q := range r.Questions {
		if err := ctx.Err(); err != nil {
			return err
		}
		first, second := timed(askPlanbot, &r.Planbot.Times[i]), timed(r.askPeer, &r.Peer.Times[i])
		if (r.Rounds+i)%2 == 1 {
			first, second = second, first
		}
		if err := first(q.Text); err != nil {
			return err
		}
		if err := second(q.Text); err != nil {
			return err
		}
	}
	r.Rounds++
	return nil
}

func (r *Result) askPeer(q string) error {
	_, err := r.peer.Ask(q)
	return err
}

func (r *Result) askPlanbot(ctx context.Context) func(string) error {
	return func(q string) error {
		if _, err := r.pb.Ask(ctx, q); err != nil {
			return fmt.Errorf("planbot ask %q: %w", q, err)
		}
		return nil
	}
}

// timed wraps ask so that each call's time is appended to ds.
func timed(ask func(string) error, ds *[]time.Duration) func(string) error {
	return func(q string) error {
		start := time.Now()
		err := ask(q)
		*ds = append(*ds, time.Since(start))
		return err
	}
}

// allocsPerQuestion counts the heap allocations and bytes of asking
// every question of qs, averaged over a few passes. Background work of
// the process (badger's goroutines) is counted too; it is small beside
// hundreds of questions.
func allocsPerQuestion(qs []Question, ask func(string) error) (allocs, bytes float64, err error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range allocPasses {
		for _, q := range qs {
			if err := ask(q.Text); err != nil {
				return 0, 0, err
			}
		}
	}
	runtime.ReadMemStats(&after)
	n := float64(allocPasses * len(qs))
	return float64(after.Mallocs-before.Mallocs) / n, float64(after.TotalAlloc-before.TotalAlloc) / n, nil
}

// WriteTable writes the comparison as Markdown, ready for BENCHMARKS.md:
// both engines' times per question (mean, median, p99, max) and
// allocations, the peer's over planbot's for each, and the same by
// question set when the stream has several.
func (r *Result) WriteTable(w io.Writer) {
	pb, peer := r.Planbot.Stats(r.Questions, ""), r.Peer.Stats(r.Questions, "")
	fmt.Fprintf(w, "%s: %d questions × %d rounds, interleaved; planbot answered %d, the peer returned a sentence for %d\n\n",
		r.Name, len(r.Questions), r.Rounds, r.Found, r.Hits)
	fmt.Fprintln(w, "| µs a question | mean | p50 | p99 | max | allocs | KB |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|")
	row := func(name string, s bench.Stats, side Side) {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.0f | %.1f |\n", name, µs(s.Mean), µs(s.P50), µs(s.P99), µs(s.Max), side.Allocs, side.Bytes/1024)
	}
	row("planbot", pb, r.Planbot)
	row(r.peer.Name(), peer, r.Peer)
	fmt.Fprintf(w, "| **bleve ÷ planbot** | **%s** | %s | **%s** | %s | %s | %s |\n",
		ratio(peer.Mean, pb.Mean), ratio(peer.P50, pb.P50), ratio(peer.P99, pb.P99), ratio(peer.Max, pb.Max),
		ratioF(r.Peer.Allocs, r.Planbot.Allocs), ratioF(r.Peer.Bytes, r.Planbot.Bytes))

	sets := r.sets()
	if len(sets) < 2 {
		return
	}
	fmt.Fprintln(w, "\nBy question set (µs a question):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| set | questions | planbot mean | planbot p99 | bleve mean | bleve p99 | bleve ÷ planbot, mean | p99 |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, set := range sets {
		pb, peer := r.Planbot.Stats(r.Questions, set), r.Peer.Stats(r.Questions, set)
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", set, pb.N/max(r.Rounds, 1),
			µs(pb.Mean), µs(pb.P99), µs(peer.Mean), µs(peer.P99), ratio(peer.Mean, pb.Mean), ratio(peer.P99, pb.P99))
	}
}

// WriteSlowest lists the n questions on which planbot took longest
// (median of the rounds), with the peer's median on each: where to look
// first when speeding planbot up.
func (r *Result) WriteSlowest(w io.Writer, n int) {
	type slow struct {
		q           Question
		planbot, pe time.Duration
	}
	var all []slow
	for i, q := range r.Questions {
		all = append(all, slow{q, bench.Summarise(r.Planbot.Times[i]).P50, bench.Summarise(r.Peer.Times[i]).P50})
	}
	slices.SortStableFunc(all, func(a, b slow) int { return cmp.Compare(b.planbot, a.planbot) })
	fmt.Fprintf(w, "\nplanbot's %d slowest questions (median µs):\n\n", min(n, len(all)))
	fmt.Fprintln(w, "| question | set | planbot | bleve |")
	fmt.Fprintln(w, "|---|---|--:|--:|")
	for _, s := range all[:min(n, len(all))] {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", s.q.Text, s.q.Set, µs(s.planbot), µs(s.pe))
	}
}

// sets lists the stream's question sets in order of first appearance.
func (r *Result) sets() []string {
	var out []string
	seen := map[string]bool{}
	for _, q := range r.Questions {
		if !seen[q.Set] {
			seen[q.Set] = true
			out = append(out, q.Set)
		}
	}
	return out
}

func µs(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Microsecond)) }

func ratio(a, b time.Duration) string { return ratioF(float64(a), float64(b)) }

func ratioF(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}
