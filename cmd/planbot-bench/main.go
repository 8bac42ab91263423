// Command planbot-bench measures planbot on this machine, for
// BENCHMARKS.md. Without --docs it measures the embedded seed: ingest
// speed, warm ask latency, the cold start of a `planbot ask` process, and
// a `planbot serve` process against a fake Slack on loopback (its RSS and
// the time from an event to its reply). With --docs N it generates N
// documents from the seed and measures ingest, index size and ask latency
// at that scale; --index DIR measures ask latency again on an index a
// --docs run kept.
//
//	go run ./cmd/planbot-bench
//	go run ./cmd/planbot-bench --docs 1000 --keep DIR
//	go run ./cmd/planbot-bench --index DIR/scale
//
// It is a command of its own so that the planbot binary ships without
// the benchmark procedure, the corpus generator and the fake Slack.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
	err := m.Run(ctx, os.Args[1:])
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintf(os.Stderr, "planbot-bench: %v\n", err)
		os.Exit(1)
	}
}

// Main holds the benchmark's settings and output streams.
type Main struct {
	Stdout, Stderr io.Writer

	Docs       int    // generated documents; 0 measures the seed
	Rounds     int    // times each question is asked
	Keep       string // directory the indexes are built in and kept
	Events     int    // Slack events for the event-to-reply latency
	CPUProfile string // file for a CPU profile of the ask rounds
	Index      string // an index a --docs run kept, to measure asks on
	Planbot    string // the planbot binary the process measurements run
	Verbose    bool

	log *slog.Logger
}

// Run parses the flags and runs the measurement they ask for.
func (m *Main) Run(ctx context.Context, args []string) error {
	if err := m.parseFlags(args); err != nil {
		return err
	}
	m.log = m.logger()
	if m.Index != "" {
		return m.benchAsk(ctx, m.Index)
	}
	dir, cleanup, err := m.workDir()
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Fprintf(m.Stdout, "planbot bench on %s/%s, %d CPUs, %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	if m.Docs > 0 {
		return m.benchScale(ctx, dir)
	}
	return m.benchSeed(ctx, dir)
}

func (m *Main) parseFlags(args []string) error {
	fs := flag.NewFlagSet("planbot-bench", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.IntVar(&m.Docs, "docs", 0, "generate N documents from the seed and measure ingest, index size and ask latency at that scale")
	fs.IntVar(&m.Rounds, "rounds", 20, "times each question is asked for the latency percentiles")
	fs.StringVar(&m.Keep, "keep", "", "build the index in DIR and keep it (default: a temporary directory)")
	fs.IntVar(&m.Events, "events", 300, "Slack events sent for the event-to-reply latency")
	fs.StringVar(&m.CPUProfile, "cpuprofile", "", "write a CPU profile of the ask rounds to FILE")
	fs.StringVar(&m.Index, "index", "", "measure ask latency on an index that --docs N --keep DIR built (DIR/scale), without building it again")
	fs.StringVar(&m.Planbot, "planbot", "", "the planbot binary for the cold-start and serve measurements (default: built from ./cmd/planbot as scripts/build does)")
	fs.BoolVar(&m.Verbose, "v", false, "log more")
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: planbot-bench [--docs N | --index DIR] [--rounds R] [--keep DIR] [--cpuprofile FILE] [--planbot BINARY]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	return fs.Parse(args)
}

func (m *Main) logger() *slog.Logger {
	lvl := slog.LevelWarn
	if m.Verbose {
		lvl = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: lvl}))
}

// workDir is where the indexes are built: --keep's directory, or a
// temporary one removed by cleanup.
func (m *Main) workDir() (dir string, cleanup func(), err error) {
	if m.Keep != "" {
		return m.Keep, func() {}, nil
	}
	dir, err = os.MkdirTemp("", "planbot-bench-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// planbotBinary returns the planbot binary to run: --planbot's, or one
// built into dir with the flags scripts/build uses, so the cold start
// measured is that of the binary that ships.
func (m *Main) planbotBinary(ctx context.Context, dir string) (string, error) {
	if m.Planbot != "" {
		return m.Planbot, nil
	}
	exe := filepath.Join(dir, "planbot")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", exe, "github.com/planbot/planbot/cmd/planbot")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build planbot (or name one with --planbot): %v: %s", err, out)
	}
	return exe, nil
}
