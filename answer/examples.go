package answer

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/plan"
)

// Examples returns up to n questions the newest plan (of the default
// region, if set) can answer, for help texts: a result, a target and a
// task figure. It returns none for an empty index.
//
// Each example is asked before it is offered, and kept only when planbot
// answers it with the fact it was phrased from: a question that came out
// wrong (a name read as a figure) is never shown.
func (e *Engine) Examples(ctx context.Context, n int) []string {
	cat := e.store.Catalog()
	e.examplesMu.Lock()
	if e.examplesGen == cat.Gen && e.examples != nil {
		defer e.examplesMu.Unlock()
		return firstN(e.examples, n)
	}
	e.examplesMu.Unlock()
	// Asked without the lock: answering may want an example for a hint.
	var out []string
	if best, ok := cat.NewestPlan(e.DefaultRegion); ok {
		if doc, err := e.plan(ctx, best.ID); err == nil {
			var kinds [][]string
			for _, cs := range examplesOf(doc) {
				var ok []string
				for _, c := range cs {
					if e.answersWith(ctx, c.question, doc.ID, c.fact) {
						ok = append(ok, c.question)
					}
				}
				kinds = append(kinds, ok)
			}
			out = interleave(kinds)
		}
	}
	e.examplesMu.Lock()
	defer e.examplesMu.Unlock()
	e.examples, e.examplesGen = out, cat.Gen
	return firstN(out, n)
}

// answersWith reports whether asking q gives fact f of document doc.
func (e *Engine) answersWith(ctx context.Context, q, doc string, f *plan.Fact) bool {
	a, err := e.Ask(ctx, q)
	return err == nil && a.Found && len(a.Answers) > 0 && a.Answers[0].Document == doc && a.Answers[0].FactID == f.ID
}

// interleave takes the first of each list, then the second of each …
func interleave(lists [][]string) []string {
	var out []string
	for i := 0; ; i++ {
		more := false
		for _, l := range lists {
			if i < len(l) {
				out = append(out, l[i])
				more = true
			}
		}
		if !more {
			return out
		}
	}
}

// example is a question phrased from a fact.
type example struct {
	question string
	fact     *plan.Fact
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// examplesOf phrases questions from a document's own facts, a few of
// each kind, the kinds in the order worth offering: a task's figure, a
// result, a growth target, a rate.
func examplesOf(doc *planDoc) [][]example {
	var out [][]example
	seen := map[string]bool{}
	const each = 3 // candidates of each kind, as some fail their check
	pick := func(k plan.Kind, percent bool, phrase func(f *plan.Fact) string) {
		out = append(out, nil)
		taken := 0
		for i := range doc.Facts {
			f := &doc.Facts[i]
			n := utf8.RuneCountInString(f.Subject)
			if f.Kind != k || f.Qualitative || f.Baseline || !f.Period.IsZero() || f.Loc.Table != "" || n < 2 || n > 10 ||
				(f.Unit == "%") != percent || strings.ContainsAny(f.Subject, "“”\"0123456789") {
				continue
			}
			q := phrase(f)
			if seen[q] {
				continue
			}
			seen[q] = true
			out[len(out)-1] = append(out[len(out)-1], example{q, f})
			if taken++; taken == each {
				return
			}
		}
	}
	pick(plan.KindTask, false, func(f *plan.Fact) string { return fmt.Sprintf("%d年%s多少", f.Year, f.Subject) })
	pick(plan.KindResult, false, func(f *plan.Fact) string { return fmt.Sprintf("%d年%s是多少", f.Year, f.Subject) })
	pick(plan.KindTarget, true, func(f *plan.Fact) string {
		return fmt.Sprintf("%d年%s目标", f.Year, strings.TrimSuffix(f.Subject, "增长")+"增长")
	})
	pick(plan.KindResult, true, func(f *plan.Fact) string { return fmt.Sprintf("%s是多少", f.Subject) })
	return out
}
