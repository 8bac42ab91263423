// Package library keeps planbot's documents. Adding one is a workflow,
// the same from the command line, a watched folder or a file shared in
// Slack: ingest it, hand the analyser it was indexed with to the answer
// engine, record what it changed against its previous version and the
// plans it reports on, and queue notices for subscribers. The library
// also fills an empty index with the embedded seed, re-indexes one an
// older planbot wrote, watches a folder for new files, and finds
// documents by ID, ID@vN or file.
package library

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/follow"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/seeds"
	"github.com/planbot/planbot/store"
)

// Library adds documents to an index and reads them back.
type Library struct {
	DB       *store.DB
	Ingester *ingest.Ingester
	Engine   *answer.Engine  // told of each new analyser
	Follow   *follow.Service // records changes and queues notices

	// Log receives what background work (the watched folder, recording
	// pending changes) did; slog.Default when nil.
	Log *slog.Logger
	// Kick, when set, is called after a document was added (to wake the
	// sender of the notices it queued).
	Kick func()

	// addMu makes adds one at a time, so that each runs with its own
	// AddOptions on the shared ingester (the store writes one document at
	// a time anyway).
	addMu sync.Mutex
}

// AddOptions are the settings of one Add: the command line's size limit
// and progress, which must not leak into a concurrent add from the
// watched folder or Slack.
type AddOptions struct {
	// MaxBytes bounds the document's size; the parser's default when 0.
	MaxBytes int
	// Progress, when set, is told each stage of the ingest.
	Progress func(name, stage string)
}

// New returns a Library over an index, its ingester, the engine that
// answers from it and the subscriptions told of its changes.
func New(db *store.DB, in *ingest.Ingester, engine *answer.Engine, f *follow.Service) *Library {
	return &Library{DB: db, Ingester: in, Engine: engine, Follow: f}
}

func (l *Library) log() *slog.Logger {
	if l.Log != nil {
		return l.Log
	}
	return slog.Default()
}

// useAnalyzer hands the analyser the last document was indexed with to
// the engine: its dictionary holds every word of the index. It is the
// one place the engine learns of new words.
func (l *Library) useAnalyzer() { l.Engine.SetAnalyzer(l.Ingester.Analyzer()) }

// Result says what adding a document did: what was stored (the embedded
// report; its Note says why nothing was when the bytes were an earlier
// version's), and what its changes led to.
type Result struct {
	ingest.Report
	Changes int // changes recorded against earlier documents
	Queued  int // notices queued for subscribers
}

// NotRecorded is the error of an Add that stored its document but did not
// record its changes: not a failed ingest, as the recording is retried at
// the next Add or RecordPending.
type NotRecorded struct{ Err error }

func (e *NotRecorded) Error() string { return e.Err.Error() }
func (e *NotRecorded) Unwrap() error { return e.Err }

// Add ingests a document (data, the content of the file called name),
// hands the engine the analyser it was indexed with, then records what it
// changed and queues notices. The recording works from the versions the
// store marked pending (store.PendingChanges), so changes whose recording
// failed or was cut short before — of this document or another — are
// recorded now; the result counts this document's. An error that is a
// *NotRecorded comes with the result of what was stored.
func (l *Library) Add(ctx context.Context, name string, data []byte, opt parse.Options) (Result, error) {
	return l.AddWith(ctx, name, data, opt, AddOptions{})
}

// AddWith is Add with settings of its own (AddOptions).
func (l *Library) AddWith(ctx context.Context, name string, data []byte, opt parse.Options, ao AddOptions) (Result, error) {
	l.addMu.Lock()
	defer l.addMu.Unlock()
	in := l.Ingester
	defer func(max int, progress func(string, string)) { in.Parser.MaxBytes, in.Progress = max, progress }(in.Parser.MaxBytes, in.Progress)
	in.Parser.MaxBytes, in.Progress = ao.MaxBytes, ao.Progress
	rep, err := in.Ingest(ctx, name, data, opt)
	res := Result{Report: rep}
	if err != nil {
		return res, err
	}
	l.useAnalyzer()
	if err := l.recordFor(ctx, &res); err != nil {
		return res, err
	}
	if l.Kick != nil {
		l.Kick()
	}
	return res, nil
}

// recordFor records the pending changes and adds up those of res's
// document.
func (l *Library) recordFor(ctx context.Context, res *Result) error {
	recs, err := l.RecordPending(ctx)
	if err != nil {
		return &NotRecorded{fmt.Errorf("%s is stored as v%d, but its changes were not recorded (retried at the next ingest or start of planbot serve): %w", res.ID, res.Version, err)}
	}
	for _, r := range recs {
		if r.DocID != res.ID {
			continue
		}
		if r.Err != nil {
			return &NotRecorded{fmt.Errorf("%s is stored as v%d, but the changes of v%d were not recorded (retried at the next ingest or start of planbot serve): %w", res.ID, res.Version, r.Version, r.Err)}
		}
		res.Changes += r.Changes
		res.Queued += r.Queued
	}
	return nil
}

// Recorded is what recording one pending version's changes did.
type Recorded struct {
	store.PendingChange
	follow.Recorded
	Err error // the version stays pending
}

// RecordPending records the changes of every version still marked
// pending and queues their notices, clearing each mark once that
// succeeded. A version that fails stays marked, for the next ingest or
// start; its error is logged and returned in its result. Running it
// twice, or alongside another run, queues nothing twice (OnIngest is
// idempotent).
func (l *Library) RecordPending(ctx context.Context) ([]Recorded, error) {
	pending, err := l.DB.PendingChanges()
	if err != nil {
		return nil, err
	}
	log := l.log()
	var out []Recorded
	for _, pc := range pending {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		r := Recorded{PendingChange: pc}
		r.Recorded, r.Err = l.recordVersion(ctx, pc)
		if r.Err != nil {
			log.Error("changes not recorded; retried at the next ingest or start", "doc", pc.DocID, "version", pc.Version, "err", r.Err)
		} else {
			log.Info("changes recorded", "doc", pc.DocID, "version", pc.Version, "changes", r.Changes, "notices", r.Queued)
		}
		out = append(out, r)
	}
	return out, nil
}

// recordVersion records one pending version's changes and clears its
// mark.
func (l *Library) recordVersion(ctx context.Context, pc store.PendingChange) (follow.Recorded, error) {
	doc, err := l.DB.Document(ctx, pc.DocID, pc.Version)
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		// Nothing left to compare: keeping the mark would retry forever.
		l.log().Warn("version gone before its changes were recorded; mark dropped", "doc", pc.DocID, "version", pc.Version)
		return follow.Recorded{}, l.DB.ChangesRecorded(pc.DocID, pc.Version)
	}
	if err != nil {
		return follow.Recorded{}, err
	}
	rec, err := l.Follow.OnIngest(ctx, doc, pc.Version, pc.Previous)
	if err != nil {
		return rec, err
	}
	return rec, l.DB.ChangesRecorded(pc.DocID, pc.Version)
}

// LoadSeeds ingests the embedded seed documents, into an empty index.
// Their changes are recorded at the next Add or RecordPending.
func (l *Library) LoadSeeds(ctx context.Context) error {
	for _, d := range seeds.All() {
		rep, err := l.Ingester.Ingest(ctx, d.Name, d.Data, parse.Options{})
		if err != nil {
			return fmt.Errorf("load embedded seed: %w", err)
		}
		l.log().Info("index was empty; loaded the embedded seed document", "doc", rep.ID)
	}
	l.useAnalyzer()
	return nil
}

// Reindex indexes every stored document again, for an index an older
// planbot wrote (store.DB.NeedsReindex), and returns how many it did.
func (l *Library) Reindex(ctx context.Context) (int, error) {
	n, err := l.Ingester.Reindex(ctx)
	if err != nil {
		return n, fmt.Errorf("upgrade index: %w", err)
	}
	l.useAnalyzer()
	return n, nil
}

// ReclaimEvery frees the disk space held by replaced versions, and the
// memory held by table pages no question reads, every interval until ctx
// ends.
func (l *Library) ReclaimEvery(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		if n, err := l.DB.ReclaimSpace(ctx); err != nil {
			l.log().Warn("index space not reclaimed", "err", err)
		} else if n > 0 {
			l.log().Info("reclaimed index space", "files", n)
		}
		l.DB.ReleaseTablePages()
	}
}
