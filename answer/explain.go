package answer

import (
	"context"
	"fmt"
	"strings"
)

// mismatchNames label the reasons a fact cannot answer, for Explain.
var mismatchNames = map[mismatch]string{
	wrongUnit: "wrong unit", wrongKind: "wrong kind", rateForAmount: "rate for an amount",
	headIsModifier: "head only a modifier", wrongDirection: "wrong direction",
}

// Explain shows how a question is read and how its best candidates
// score: the tool for finding out why an answer is what it is.
func (e *Engine) Explain(ctx context.Context, question string, n int) (string, error) {
	an := e.an.Load()
	cat := e.store.Catalog()
	q, note := e.analyze(an, strings.TrimSpace(question), cat)
	var b strings.Builder
	if note != "" {
		fmt.Fprintln(&b, note)
	}
	fmt.Fprintf(&b, "question %q\n  years %v  regions %v  unit %q  rate %v  target %v  result %v  money %v  area %v  asks %v\n",
		q.Text, q.Years, q.Regions, q.Unit, q.Rate, q.Target, q.Result, q.Money, q.Area, q.Asks)
	for _, t := range q.Terms {
		flags := ""
		if t.Head {
			flags += " head"
		}
		if t.Verb {
			flags += " verb"
		}
		if t.Intent != "" {
			flags += " intent=" + t.Intent
		}
		fmt.Fprintf(&b, "  term %s%s  alternatives %s\n", t.Word, flags, strings.Join(t.Alts, " "))
	}
	scope := Scope{Regions: q.Regions, Years: q.Years}
	if len(scope.Regions) == 0 && e.DefaultRegion != "" {
		scope.Regions = []string{e.DefaultRegion}
	}
	all, nrecs := e.scoreAll(ctx, q, scope, an)
	fmt.Fprintf(&b, "%d candidate sentences, %d facts; thresholds: coverage %.2f, score %.2f, missing < %.2f\n", nrecs, len(all), foundCoverage, foundScore, maxMissing)
	for i, s := range all {
		if i >= n {
			break
		}
		f := s.c.rec.Facts[s.fact]
		why := mismatchNames[s.mismatch]
		if why != "" {
			why = "  ✗ " + why
		}
		fmt.Fprintf(&b, "  %.3f  coverage %.2f  missing %.2f  %s | %s | %d %s%s\n", s.score, s.coverage, s.missing, f.Figure, f.Subject, f.Year, f.Kind.Label(), why)
	}
	return b.String(), nil
}
