package answer

import (
	"fmt"
	"time"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// analyze reads a question. 今年/去年 asked of documents that end before
// this year mean the documents' own years: the question is read for the
// newest plan's year, and the note says so.
func (e *Engine) analyze(an *nlp.Analyzer, question string, cat *store.Catalog) (nlp.Question, string) {
	regions := e.regionIndex(cat)
	now := e.now()
	q := an.Analyze(question, now, regions, e.fig.IsUnit)
	if q.FiveYears && q.Period.IsZero() {
		// 过去五年: the five years up to the year the newest documents report on.
		if latest := latestPlanYear(cat, q.Regions); latest != 0 {
			q.Period = plan.Period{From: latest - 5, To: latest - 1}
		}
	}
	if q.AheadYears && q.Period.IsZero() {
		// 今后五年: the five years from the one the newest documents plan.
		if latest := latestPlanYear(cat, q.Regions); latest != 0 {
			q.Period = plan.Period{From: latest, To: latest + 4}
		}
	}
	if q.Relative {
		if latest := latestPlanYear(cat, q.Regions); latest != 0 && now.Year() > latest {
			q = an.Analyze(question, time.Date(latest, now.Month(), now.Day(), 12, 0, 0, 0, now.Location()), regions, e.fig.IsUnit)
			return q, fmt.Sprintf("（现有最新文件为%d年计划，“今年”“去年”按%d年理解。）", latest, latest)
		}
	}
	return q, ""
}

// regionIndex returns the index of the catalog's regions, rebuilt only
// when the catalog changed.
func (e *Engine) regionIndex(cat *store.Catalog) *nlp.RegionIndex {
	e.regionsMu.Lock()
	defer e.regionsMu.Unlock()
	if e.regions == nil || e.regionsGen != cat.Gen {
		e.regions, e.regionsGen = nlp.NewRegionIndex(cat.Regions, e.an.Load().Gazetteer()), cat.Gen
	}
	return e.regions
}

// latestPlanYear is the newest plan year of the documents of regions
// (all when empty) in cat.
func latestPlanYear(cat *store.Catalog, regions []string) int {
	if len(regions) == 0 {
		regions = cat.Regions
	}
	latest := 0
	for _, r := range regions {
		latest = max(latest, cat.Latest[r])
	}
	return latest
}
