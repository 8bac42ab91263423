package answer

import (
	"context"
	"slices"
	"sort"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/store"
)

// kindAnswer answers a question that asks for more than one figure: each
// kind is answered from the same searches as a figure, composed (a
// verdict from a target and a result, a difference from two figures, a
// trend from one figure a year), so every value it gives is cited.
func (e *Engine) kindAnswer(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) Answer {
	var a Answer
	switch q.Kind {
	case nlp.AskVerdict:
		a = e.verdictAnswer(ctx, q, sc, an, cat)
	case nlp.AskRatio:
		a = e.ratioAnswer(ctx, q, sc, an, cat)
	case nlp.AskDifference:
		a = e.differenceAnswer(ctx, q, sc, an, cat)
	case nlp.AskTask:
		a = e.taskByTopic(ctx, q, sc, cat)
	case nlp.AskList:
		a = e.listAnswer(ctx, q, sc, an, cat)
	case nlp.AskTrend:
		a = e.trendAnswer(ctx, q, sc, an, cat)
	}
	a.Kind = string(q.Kind)
	if a.Scope.Regions == nil && a.Scope.Years == nil {
		a.Scope = sc.Scope
	}
	return a
}

// top searches q in scope and returns its best fact as an item, and
// whether it answers q (as a figure question would be answered).
func (e *Engine) top(ctx context.Context, q nlp.Question, scope Scope, an *nlp.Analyzer) (Item, scored, bool) {
	recs, st := e.retrieve(ctx, q, scope)
	return e.topOf(q, scope, an, recs, st, nil)
}

// topOf is top over candidates already retrieved for q's words in
// scope: what the question's intent (target, result, rate) changes is
// how they score, not which they are, and such readings of one question
// share what its words cover (cov, nil for none).
func (e *Engine) topOf(q nlp.Question, scope Scope, an *nlp.Analyzer, recs []*candidate, st stats, cov *covered) (Item, scored, bool) {
	if len(recs) == 0 {
		return Item{}, scored{}, false
	}
	q.Kind = nlp.AskFigure
	all := scoreCandidates(q, scope, recs, st, an, readsBest, cov)
	if len(all) == 0 {
		return Item{}, scored{}, false
	}
	return e.item(all[0]), all[0], all[0].answers()
}

// asTarget and asResult turn a question into one asking for the target,
// or for what was achieved.
func asTarget(q nlp.Question) nlp.Question {
	q.Target, q.Result = true, false
	return q
}

func asResult(q nlp.Question) nlp.Question {
	q.Target, q.Result = false, true
	return q
}

// judgedYears are the years a verdict or ratio is asked of: those named,
// else the newest year the documents report results for.
func judgedYears(q nlp.Question, cat *store.Catalog, regions []string) []int {
	if len(q.Years) > 0 {
		return q.Years
	}
	latest := 0
	for _, m := range cat.Docs {
		if len(regions) == 0 || slices.Contains(regions, m.Region) {
			latest = max(latest, m.ReportYear)
		}
	}
	if latest == 0 {
		return nil
	}
	return []int{latest}
}

// withYears is scope restricted to years.
func withYears(s Scope, years []int) Scope {
	s.Years = years
	return s
}

// lastYears are the n newest years the documents of regions (all when
// empty) speak of, oldest first.
func lastYears(cat *store.Catalog, regions []string, n int) []int {
	ys := coveredYears(cat, regions)
	// A five-year plan's horizon (2030 in a 2026 report) is no recent
	// year: the years run to the newest year a document plans for.
	newest := 0
	for _, m := range cat.Docs {
		if len(regions) == 0 || slices.Contains(regions, m.Region) {
			newest = max(newest, m.PlanYear, m.ReportYear)
		}
	}
	var out []int
	for y := range ys {
		if newest == 0 || y <= newest {
			out = append(out, y)
		}
	}
	sort.Ints(out)
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// newestPlanDoc is the plan a task question means: of the year asked, else
// the newest plan (store.Catalog.NewestPlan) of the region asked or the
// default region.
func (e *Engine) newestPlanDoc(ctx context.Context, q nlp.Question, cat *store.Catalog, regions []string) (*planDoc, bool) {
	region := ""
	if len(regions) > 0 {
		region = regions[0]
	}
	for _, y := range q.Years {
		for _, m := range cat.Docs {
			if m.PlanYear == y && (region == "" || m.Region == region) && m.Tasks > 0 {
				if doc, err := e.plan(ctx, m.ID); err == nil {
					return doc, true
				}
			}
		}
	}
	m, ok := cat.NewestPlan(region)
	if !ok {
		return nil, false
	}
	doc, err := e.plan(ctx, m.ID)
	return doc, err == nil
}
