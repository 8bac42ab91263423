package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/seeds"
	"github.com/planbot/planbot/store"
)

// Main holds the process's streams and, once opened, its index.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer

	DBDir   string
	Verbose bool
	Log     *slog.Logger

	db       *store.DB
	engine   *answer.Engine
	ingester *ingest.Ingester
}

// NewMain returns a Main on the given streams.
func NewMain(stdin io.Reader, stdout, stderr io.Writer) *Main {
	return &Main{Stdin: stdin, Stdout: stdout, Stderr: stderr}
}

// Run dispatches a command and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "ask":
		err = m.runAsk(ctx, rest)
	case "ingest":
		err = m.runIngest(ctx, rest)
	case "docs":
		err = m.runDocs(ctx, rest)
	case "tasks":
		err = m.runTasks(ctx, rest)
	case "serve":
		err = m.runServe(ctx, rest)
	case "diff":
		err = m.runDiff(ctx, rest)
	case "digest":
		err = m.runDigest(ctx, rest)
	case "feedback":
		err = m.runFeedback(ctx, rest)
	case "healthcheck":
		err = m.runHealthcheck(ctx, rest)
	case "bench":
		err = m.runBench(ctx, rest)
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
		return 0
	default:
		fmt.Fprintf(m.Stderr, "planbot: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	m.Close()
	return m.exitCode(err)
}

// exitCode reports err in the one place errors become exit codes: 2 for
// bad input, 1 for everything else.
func (m *Main) exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(m.Stderr, "planbot: interrupted")
		return 130
	}
	switch plan.ErrorCode(err) {
	case plan.EINVALID, plan.ENOTFOUND, plan.ECONFLICT:
		fmt.Fprintf(m.Stderr, "planbot: %v\n", err)
		return 2
	}
	fmt.Fprintf(m.Stderr, "planbot: %v\n", err)
	return 1
}

// Close releases the index.
func (m *Main) Close() {
	if m.db != nil {
		if err := m.db.Close(); err != nil {
			fmt.Fprintf(m.Stderr, "planbot: %v\n", err)
		}
		m.db = nil
	}
}

// flags returns a FlagSet with the global flags registered.
func (m *Main) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	def := os.Getenv("PLANBOT_DB")
	if def == "" {
		def, _ = store.DefaultDir() // "" without $HOME: store.Open then says to choose --db or PLANBOT_DB
	}
	fs.StringVar(&m.DBDir, "db", def, "index directory ($PLANBOT_DB)")
	fs.BoolVar(&m.Verbose, "v", false, "log more")
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: planbot %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may stand anywhere among the arguments
// (`planbot ask "问题" --json`), returning the positional arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (m *Main) logger() *slog.Logger {
	if m.Log != nil {
		return m.Log
	}
	lvl := slog.LevelWarn
	if m.Verbose {
		lvl = slog.LevelDebug
	}
	m.Log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: lvl}))
	return m.Log
}

// open opens the index and builds the engine and ingester. With seed set,
// an empty index is filled with the embedded seed documents.
func (m *Main) open(ctx context.Context, seed bool) error {
	if m.db != nil {
		return nil
	}
	db, err := store.Open(m.DBDir, store.Options{Logger: m.logger()})
	if err != nil {
		return err
	}
	m.db = db
	an, words, err := domainAnalyzer(db)
	if err != nil {
		return err
	}
	m.engine = answer.New(db, an)
	if r := os.Getenv("PLANBOT_REGION"); r != "" {
		m.engine.DefaultRegion = r
	}
	m.ingester = ingest.New(db, parse.New(), nlp.New, an, words)
	if db.NeedsReindex() {
		m.logger().Warn("the index was written by an older planbot; indexing its documents again", "dir", m.DBDir)
		n, err := m.ingester.Reindex(ctx)
		if err != nil {
			return fmt.Errorf("upgrade index: %w", err)
		}
		m.logger().Warn("index upgraded", "documents", n)
		m.engine.SetAnalyzer(m.ingester.Analyzer())
	}
	if seed && db.Empty() {
		if err := m.loadSeeds(ctx); err != nil {
			return err
		}
	}
	return nil
}

// loadSeeds ingests the embedded documents into an empty index.
func (m *Main) loadSeeds(ctx context.Context) error {
	for _, d := range seeds.All() {
		rep, err := m.ingester.Ingest(ctx, d.Name, d.Data, parse.Options{})
		if err != nil {
			return fmt.Errorf("load embedded seed: %w", err)
		}
		m.logger().Info("index was empty; loaded the embedded seed document", "doc", rep.ID)
	}
	m.engine.SetAnalyzer(m.ingester.Analyzer())
	return nil
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func trimQuestion(s string) string { return strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")) }

// domainAnalyzer is an analyser whose dictionary holds the words the
// indexed documents added; it returns those words too, for an ingester.
func domainAnalyzer(db *store.DB) (*nlp.Analyzer, []string, error) {
	words, err := db.DomainTerms()
	if err != nil {
		return nil, nil, err
	}
	an, err := nlp.New(words)
	if err != nil {
		return nil, nil, err
	}
	return an, words, nil
}
