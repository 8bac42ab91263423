package answer

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/planbot/planbot/nlp"
)

// mismatchNames label the reasons a fact cannot answer, for Explain.
var mismatchNames = map[mismatch]string{
	wrongUnit: "wrong unit", wrongKind: "wrong kind", rateForAmount: "rate for an amount", amountForRate: "amount for a rate",
	headIsModifier: "head only a modifier", wrongDirection: "wrong direction", wrongPeriod: "wrong period", otherIndicator: "another indicator", noFigure: "words, no figure",
}

// Explain shows how a question is read, where it is searched and how its
// best n candidates score: the tool for finding out why an answer is what
// it is. It searches where Ask searches.
func (e *Engine) Explain(ctx context.Context, question string, n int) (string, error) {
	an := e.an.Load()
	cat := e.store.Catalog()
	q, note := e.analyze(an, strings.TrimSpace(question), cat)
	sc := e.scope(q, cat)
	var b strings.Builder
	if note != "" {
		fmt.Fprintln(&b, note)
	}
	explainQuestion(&b, q)
	e.explainScope(&b, sc)
	all, nrecs := e.scoreAll(ctx, q, sc.search, an)
	explainCandidates(&b, all, nrecs, n)
	return b.String(), nil
}

// explainQuestion writes what analysis read in q: its years, regions and
// flags, and each word with its alternatives.
func explainQuestion(w io.Writer, q nlp.Question) {
	fmt.Fprintf(w, "question %q\n  years %v  regions %v  unit %q  rate %v  target %v  result %v  money %v  area %v  asks %v\n",
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
		fmt.Fprintf(w, "  term %s%s  alternatives %s\n", t.Word, flags, strings.Join(t.Alts, " "))
	}
}

// explainScope writes the scope the answer reports and, when the
// documents cover nothing the question names, the wider search for the
// nearest statements and why.
func (e *Engine) explainScope(w io.Writer, sc scoping) {
	fmt.Fprintf(w, "scope regions %v years %v\n", sc.Regions, sc.Years)
	if why := e.uncoveredMessage(sc); why != "" {
		fmt.Fprintf(w, "  searched regions %v years %v for the nearest: %s\n", sc.search.Regions, sc.search.Years, why)
	}
}

// explainCandidates writes the best n of the candidates scored, with the
// thresholds of the decision to answer.
func explainCandidates(w io.Writer, all []scored, nrecs, n int) {
	fmt.Fprintf(w, "%d candidate sentences, %d facts; thresholds: coverage %.2f, score %.2f, missing < %.2f\n", nrecs, len(all), foundCoverage, foundScore, maxMissing)
	for i, s := range all {
		if i >= n {
			break
		}
		f := s.c.rec.Facts[s.fact]
		why := mismatchNames[s.mismatch]
		if why != "" {
			why = "  ✗ " + why
		}
		fmt.Fprintf(w, "  %.3f  coverage %.2f  missing %.2f  %s | %s | %d %s%s\n", s.score, s.coverage, s.missing, f.Figure, f.Subject, f.Year, f.Kind.Label(), why)
	}
}
