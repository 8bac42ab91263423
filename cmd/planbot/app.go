package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

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

// usage is the top-level help.
const usage = `planbot answers questions about government development plans.

Usage:
  planbot ask [--json] [QUESTION | -]   answer a question (no question: interactive; -: one per stdin line)
  planbot ingest [--id ID] [--region R] FILE...   add or replace documents
  planbot docs [--json]                 list the documents in the index
  planbot tasks [DOC]                   list the numbered tasks of a document
  planbot diff OLD NEW                  show what changed between two documents or versions
  planbot digest --print                render the daily indicator digest
  planbot feedback                      export answer feedback as JSON lines
  planbot serve [--http ADDR]           run the Slack bot (Socket Mode unless --http)
  planbot healthcheck [URL]             exit 0 when a running planbot's /healthz answers (Docker)

Global flags (any command):
  --db DIR      the index directory (default $PLANBOT_DB, else ~/.local/share/planbot)
  -v            log more

An empty index is filled with the embedded seed document on first use.
`

// commands are planbot's subcommands, each in the file of its name.
var commands = map[string]func(m *Main, ctx context.Context, args []string) error{
	"ask":         (*Main).runAsk,
	"ingest":      (*Main).runIngest,
	"docs":        (*Main).runDocs,
	"tasks":       (*Main).runTasks,
	"diff":        (*Main).runDiff,
	"digest":      (*Main).runDigest,
	"feedback":    (*Main).runFeedback,
	"serve":       (*Main).runServe,
	"healthcheck": (*Main).runHealthcheck,
}

// Main holds the process's streams and, once opened, its index and the
// parts built around it.
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

// Run runs the command args name and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return 2
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "--help" {
		fmt.Fprint(m.Stdout, usage)
		return 0
	}
	run, ok := commands[name]
	if !ok {
		fmt.Fprintf(m.Stderr, "planbot: unknown command %q\n\n%s", name, usage)
		return 2
	}
	return m.exitCode(run(m, ctx, rest))
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

// parseArgs parses flags that may stand anywhere among the arguments
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

// open opens the index and builds the engine, the subscriptions and the
// library around it; an index an older planbot wrote is indexed again.
// With seed set, an empty index is filled with the embedded seed
// documents.
func (m *Main) open(ctx context.Context, seed bool) error {
	if m.db != nil {
		return nil
	}
	go nlp.Preload() // the analyser's word lists, built while the index opens
	db, err := store.Open(m.DBDir, store.Options{Logger: m.logger()})
	if err != nil {
		return err
	}
	m.db = db
	if err := m.build(); err != nil {
		return err
	}
	if db.NeedsReindex() {
		if err := m.reindex(ctx); err != nil {
			return err
		}
	}
	if seed && db.Empty() {
		return m.lib.LoadSeeds(ctx)
	}
	return nil
}

// build makes the parts that work on the open index: an analyser whose
// dictionary holds the words the documents added, the engine answering
// with it, the subscriptions, and the library adding documents.
func (m *Main) build() error {
	words, err := m.db.DomainTerms()
	if err != nil {
		return err
	}
	an, err := nlp.New(words)
	if err != nil {
		return err
	}
	m.engine = answer.New(m.db, an)
	m.engine.DefaultRegion = os.Getenv("PLANBOT_REGION")
	m.follow = &follow.Service{DB: m.db, Synonyms: an.Synonyms, Region: m.engine.DefaultRegion, IsUser: bot.IsUserID}
	in := ingest.New(m.db, parse.New(), nlp.New, an, words)
	m.lib = library.New(m.db, in, m.engine, m.follow)
	m.lib.Log = m.logger()
	return nil
}

// reindex indexes an older planbot's index again, saying so: it takes a
// while.
func (m *Main) reindex(ctx context.Context) error {
	m.logger().Warn("the index was written by an older planbot; indexing its documents again", "dir", m.DBDir)
	n, err := m.lib.Reindex(ctx)
	if err != nil {
		return err
	}
	m.logger().Warn("index upgraded", "documents", n)
	return nil
}
