// Command peer measures planbot against its peer, a plain full-text
// engine (bleve with CJK bigrams, in memory, top sentence), on the same
// questions in one run, and prints Markdown tables for BENCHMARKS.md.
//
//	cd internal/peerbench && go run ./cmd/peer
//	go run ./cmd/peer --index DIR/scale   # an index planbot-bench --docs N --keep DIR built
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/planbot/planbot/internal/peerbench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
	err := m.Run(ctx, os.Args[1:])
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(os.Stderr, "peer: %v\n", err)
		os.Exit(1)
	}
}

// Main holds the command's settings and output streams.
type Main struct {
	Stdout, Stderr io.Writer

	Rounds  int    // times each question is asked of each engine
	Index   string // an index to measure instead of the seed
	Root    string // planbot's repository, for the question files
	Gold    string // the seed gold set; found beside the repository when ""
	Engine  string // bleve's index type for the peer
	Slowest int    // planbot's slowest questions to list
}

// Run parses the flags and runs the comparison they ask for.
func (m *Main) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("peer", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.IntVar(&m.Rounds, "rounds", 30, "times each question is asked of each engine")
	fs.StringVar(&m.Index, "index", "", "compare on the index `DIR` (planbot-bench --docs N --keep D builds D/scale) and its generated questions instead of the seed")
	fs.StringVar(&m.Root, "root", "", "planbot's repository `DIR`, for answer/testdata (default: the one holding the working directory)")
	fs.StringVar(&m.Gold, "gold", "", "the seed gold set `FILE` (default: shared/eval/questions.jsonl beside the repository or an ancestor, when there)")
	fs.StringVar(&m.Engine, "engine", peerbench.Scorch, "bleve's index type for the peer, both in memory: "+peerbench.Scorch+" (its default) or "+peerbench.Upsidedown+" (bleve.NewMemOnly)")
	fs.IntVar(&m.Slowest, "slowest", 0, "also list planbot's `N` slowest questions")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if m.Rounds < 1 {
		return fmt.Errorf("--rounds %d: need at least 1", m.Rounds)
	}
	fmt.Fprintf(m.Stdout, "planbot against bleve on %s/%s, %d CPUs, %s%s, %s\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), m.commit(), time.Now().Format("2006-01-02"))
	if m.Index != "" {
		return m.compareIndex(ctx)
	}
	return m.compareSeed(ctx)
}

// compareSeed compares the engines on the seed and its question sets.
func (m *Main) compareSeed(ctx context.Context) error {
	root, err := m.root()
	if err != nil {
		return err
	}
	qs, err := peerbench.SeedStream(root, m.Gold)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "planbot-peer-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	pb, err := peerbench.OpenSeed(ctx, dir)
	if err != nil {
		return err
	}
	defer pb.Close()
	return m.compare(ctx, pb, "The seed", qs)
}

// compareIndex compares the engines on a generated index, on questions
// naming a region and on the same naming none (no default region).
func (m *Main) compareIndex(ctx context.Context) error {
	pb, err := peerbench.OpenIndex(m.Index)
	if err != nil {
		return err
	}
	defer pb.Close()
	named, bare := peerbench.IndexStreams(pb)
	return m.compare(ctx, pb, fmt.Sprintf("%d documents", len(pb.DB.Catalog().Docs)), append(named, bare...))
}

// compare builds the peer over the index's sentences and prints the
// interleaved comparison.
func (m *Main) compare(ctx context.Context, pb *peerbench.Planbot, name string, qs []peerbench.Question) error {
	sentences, err := pb.Sentences(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	peer, err := peerbench.NewPeer(sentences, m.Engine)
	if err != nil {
		return err
	}
	defer peer.Close()
	fmt.Fprintf(m.Stderr, "peer indexed %d sentences in %s; asking %d questions × %d rounds of each engine\n",
		peer.Len(), time.Since(start).Round(time.Millisecond), len(qs), m.Rounds)
	r, err := peerbench.Compare(ctx, pb, peer, name, qs, m.Rounds)
	if err != nil {
		return err
	}
	r.WriteTable(m.Stdout)
	if m.Slowest > 0 {
		r.WriteSlowest(m.Stdout, m.Slowest)
	}
	return nil
}

// root is planbot's repository: --root, or the one holding the working
// directory.
func (m *Main) root() (string, error) {
	if m.Root != "" {
		return m.Root, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	return peerbench.FindRoot(wd)
}

// commit names the repository's commit, when git can say, so that a
// pasted table says what it measured.
func (m *Main) commit() string {
	root, err := m.root()
	if err != nil {
		return ""
	}
	out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return ""
	}
	return ", planbot " + strings.TrimSpace(string(out))
}
