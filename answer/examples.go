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
func (e *Engine) Examples(ctx context.Context, n int) []string {
	cat := e.store.Catalog()
	e.examplesMu.Lock()
	defer e.examplesMu.Unlock()
	if e.examplesGen == cat.Gen && e.examples != nil {
		return firstN(e.examples, n)
	}
	var out []string
	if best, ok := cat.NewestPlan(e.DefaultRegion); ok {
		if doc, err := e.store.Document(ctx, best.ID, 0); err == nil {
			out = examplesOf(doc)
		}
	}
	e.examples, e.examplesGen = out, cat.Gen
	return firstN(out, n)
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// examplesOf phrases questions from a document's own facts.
func examplesOf(doc *plan.Document) []string {
	var out []string
	seen := map[string]bool{}
	add := func(q string) {
		if q != "" && !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	pick := func(k plan.Kind, percent bool) *plan.Fact {
		for i := range doc.Facts {
			f := &doc.Facts[i]
			n := utf8.RuneCountInString(f.Subject)
			if f.Kind != k || f.Qualitative || f.Loc.Table != "" || n < 2 || n > 10 || (f.Unit == "%") != percent {
				continue
			}
			return f
		}
		return nil
	}
	if f := pick(plan.KindTask, false); f != nil {
		add(fmt.Sprintf("%d年%s多少", f.Year, f.Subject))
	}
	if f := pick(plan.KindResult, false); f != nil {
		add(fmt.Sprintf("%d年%s是多少", f.Year, f.Subject))
	}
	if f := pick(plan.KindTarget, true); f != nil {
		add(fmt.Sprintf("%d年%s目标", f.Year, strings.TrimSuffix(f.Subject, "增长")+"增长"))
	}
	if f := pick(plan.KindResult, true); f != nil {
		add(fmt.Sprintf("%s是多少", f.Subject))
	}
	return out
}
