package answer

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/nlp"
)

// BenchmarkScore measures scoring alone, as search does it, for every
// question of the test sets over candidates retrieved once: what a
// question costs once its words are read and its sentences fetched.
func BenchmarkScore(b *testing.B) {
	score := scoreBench(b)
	n := 0
	for b.Loop() {
		n += score()
	}
	b.ReportMetric(float64(b.Elapsed())/float64(time.Microsecond)/float64(n), "µs/question")
}

// scoreBench prepares BenchmarkScore's questions and returns what scores
// them all once, and how many it scored.
func scoreBench(b *testing.B) func() int {
	texts, _ := filepath.Glob("testdata/*.txt")
	db, in := testindex.Seeded(b, texts...)
	e := New(db, in.Analyzer())
	e.Now = func() time.Time { return time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	an, cat := e.Analyzer(), db.Catalog()
	type asked struct {
		q     nlp.Question
		scope Scope
		recs  []*candidate
		st    stats
	}
	var qs []asked
	sets, _ := filepath.Glob("testdata/*.jsonl")
	for _, set := range sets {
		for _, question := range questionsOf(b, set) {
			q, _ := e.analyze(an, question, cat)
			q.Kind = nlp.AskFigure
			scope := e.scope(q, cat).search
			if recs, st := e.retrieve(ctx, q, scope); len(recs) > 0 {
				qs = append(qs, asked{q, scope, recs, st})
			}
		}
	}
	return func() int {
		for _, a := range qs {
			scoreCandidates(a.q, a.scope, a.recs, a.st, an, searchReads, nil)
		}
		return len(qs)
	}
}
