package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/follow"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/internal/lang"
	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// Main holds the process's streams and, once opened, its index and the
// parts built around it.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment; os.Getenv when nil. A command run for
	// another planbot process reads that process's environment.
	Getenv func(string) string
	// Dir is the directory relative file names are read from; the
	// process's working directory when empty.
	Dir string

	DBDir   string
	Verbose bool
	Log     *slog.Logger

	lang lang.Lang // of the terminal's text

	db     *store.DB
	engine *answer.Engine
	follow *follow.Service
	lib    *library.Library

	control *controlServer // serves other planbot processes while this one holds the index
	// remote: this Main runs a command for another process, on the index
	// its holder opened (which it must not close).
	remote bool
	// terminal overrides whether Stdin is a terminal (the other process's).
	terminal *bool

	probing   bool          // running a command only to read its flags
	lastFlags *flag.FlagSet // the flags the last command registered
}

// NewMain returns a Main on the given streams.
func NewMain(stdin io.Reader, stdout, stderr io.Writer) *Main {
	return &Main{Stdin: stdin, Stdout: stdout, Stderr: stderr}
}

// Close stops serving other processes and releases the index.
func (m *Main) Close() {
	if m.remote {
		return // the holder closes it
	}
	if m.control != nil {
		m.control.close()
		m.control = nil
	}
	if m.db != nil {
		if err := m.db.Close(); err != nil {
			fmt.Fprintf(m.Stderr, "planbot: %v\n", err)
		}
		m.db = nil
	}
}

// path resolves a file name given on the command line against Dir.
func (m *Main) path(name string) string {
	if m.Dir == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(m.Dir, name)
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
//
// When another planbot process holds the index, open returns errIndexBusy
// and the command is run in that process instead (runElsewhere). The
// process that opens the index serves the others through its control
// socket until it closes it.
func (m *Main) open(ctx context.Context, seed bool) error {
	if m.db != nil {
		return m.localRegion()
	}
	if m.probing {
		return errIndexBusy
	}
	go nlp.Preload() // the analyser's word lists, built while the index opens
	opt := store.Options{Logger: m.logger()}
	if v := m.getenv("PLANBOT_MIN_FREE_MB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return plan.Errorf(plan.EINVALID, "PLANBOT_MIN_FREE_MB=%q: want a whole number of megabytes (-1 turns the check off)", v)
		}
		opt.MinFreeMB = n
	}
	db, err := store.Open(m.DBDir, opt)
	if plan.ErrorCode(err) == plan.ECONFLICT {
		return errIndexBusy
	}
	if err != nil {
		return err
	}
	m.db = db
	if err := m.build(); err != nil {
		return err
	}
	m.serveControl()
	if db.NeedsReindex() {
		if err := m.reindex(ctx); err != nil {
			return err
		}
	}
	if seed && db.NeverUsed() {
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
	m.engine.DefaultRegion = m.getenv("PLANBOT_REGION")
	m.follow = &follow.Service{DB: m.db, Synonyms: an.Synonyms, Region: m.engine.DefaultRegion, IsUser: bot.IsUserID}
	in := ingest.New(m.db, parse.New(), nlp.New, an, words)
	m.lib = library.New(m.db, in, m.engine, m.follow)
	m.lib.Log = m.logger()
	return nil
}

// localRegion gives a command run for another process an engine of its
// own when that process's PLANBOT_REGION differs from the holder's: the
// region a question names none of is the caller's, as it would be in a
// planbot of its own.
func (m *Main) localRegion() error {
	if !m.remote {
		return nil
	}
	if r := m.getenv("PLANBOT_REGION"); r != m.engine.DefaultRegion {
		e := answer.New(m.db, m.engine.Analyzer())
		e.DefaultRegion = r
		m.engine = e
	}
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
