package peerbench

import (
	"context"
	"fmt"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/seeds"
	"github.com/planbot/planbot/store"
)

// askedAt is the time planbot's engine asks at, the answer tests' own, so
// that relative years (今年, 去年) resolve the same in every run.
var askedAt = time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC)

// Planbot is planbot's side: an answer.Engine over a badger index on disk.
type Planbot struct {
	DB     *store.DB
	Engine *answer.Engine
}

// OpenSeed ingests the embedded seed documents into a new index in dir,
// as internal/testindex.Seeded does, then closes and reopens it, as a
// serving process finds its index (cmd/planbot-bench does the same), and
// returns an engine over it.
func OpenSeed(ctx context.Context, dir string) (*Planbot, error) {
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("open seed index: %w", err)
	}
	an, err := nlp.New(nil)
	if err != nil {
		db.Close()
		return nil, err
	}
	in := ingest.New(db, parse.New(), nlp.New, an, nil)
	for _, d := range seeds.All() {
		if _, err := in.Ingest(ctx, d.Name, d.Data, parse.Options{}); err != nil {
			db.Close()
			return nil, fmt.Errorf("ingest %s: %w", d.Name, err)
		}
	}
	an = in.Analyzer()
	if err := db.Close(); err != nil {
		return nil, fmt.Errorf("close seed index: %w", err)
	}
	if db, err = store.Open(dir, store.Options{}); err != nil {
		return nil, fmt.Errorf("reopen seed index: %w", err)
	}
	return newPlanbot(db, an), nil
}

// OpenIndex opens an index that holds documents already, such as the one
// `planbot-bench --docs N --keep DIR` builds in DIR/scale, with the
// analyzer its documents' words make (as cmd/planbot-bench does).
func OpenIndex(dir string) (*Planbot, error) {
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if db.Empty() {
		db.Close()
		return nil, fmt.Errorf("index %s holds no documents; build one with planbot-bench --docs N --keep DIR", dir)
	}
	words, err := db.DomainTerms()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("index %s: %w", dir, err)
	}
	an, err := nlp.New(words)
	if err != nil {
		db.Close()
		return nil, err
	}
	return newPlanbot(db, an), nil
}

func newPlanbot(db *store.DB, an *nlp.Analyzer) *Planbot {
	e := answer.New(db, an)
	e.Now = func() time.Time { return askedAt }
	return &Planbot{DB: db, Engine: e}
}

// Ask answers one question.
func (p *Planbot) Ask(ctx context.Context, question string) (answer.Answer, error) {
	return p.Engine.Ask(ctx, question)
}

// Sentences returns the text of every sentence of the current version of
// every document in the index, in catalog order: what the peer indexes.
func (p *Planbot) Sentences(ctx context.Context) ([]string, error) {
	var out []string
	for _, m := range p.DB.Catalog().Docs {
		d, err := p.DB.Document(ctx, m.ID, 0)
		if err != nil {
			return nil, fmt.Errorf("sentences of %s: %w", m.ID, err)
		}
		for _, s := range d.Sentences() {
			out = append(out, s.Text)
		}
	}
	return out, nil
}

// Close closes the index.
func (p *Planbot) Close() error { return p.DB.Close() }
