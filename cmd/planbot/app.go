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
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/follow"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// Main holds the process's streams and, once opened, its index.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer

	DBDir   string
	Verbose bool
	Log     *slog.Logger

	db     *store.DB
	engine *answer.Engine
	follow *follow.Service
	lib    *library.Library
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
		def = store.DefaultDir()
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
	in := ingest.New(db, parse.New(), nlp.New, an, words)
	m.follow = &follow.Service{DB: db, Synonyms: an.Synonyms, Region: m.engine.DefaultRegion, IsUser: bot.IsUserID}
	m.lib = library.New(db, in, m.engine, m.follow)
	m.lib.Log = m.logger()
	if db.NeedsReindex() {
		m.logger().Warn("the index was written by an older planbot; indexing its documents again", "dir", m.DBDir)
		n, err := m.lib.Reindex(ctx)
		if err != nil {
			return err
		}
		m.logger().Warn("index upgraded", "documents", n)
	}
	if seed && db.Empty() {
		if err := m.lib.LoadSeeds(ctx); err != nil {
			return err
		}
	}
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
