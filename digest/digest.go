// Package digest owns the daily indicator digest: what it holds — the
// headline indicators of the newest plan as a table (last year's target
// and result, this year's target, how the result compares), the updates
// ingested since the previous digest, and the tasks and indicators the
// recipient follows — and when it is sent: the schedules channels and
// users set, and the Runner that queues each digest as it comes due.
// RenderText draws a digest for a terminal; the bot renders it for Slack.
package digest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/planbot/planbot/diff"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
	"github.com/planbot/planbot/verdict"
)

// Digest is one digest's content.
type Digest struct {
	At      time.Time `json:"at"`   // the scheduled time it is for
	Late    bool      `json:"late"` // sent later than scheduled (planbot was down)
	Region  string    `json:"region"`
	Source  string    `json:"source"` // title of the document the table comes from
	DocID   string    `json:"doc"`
	Columns [3]string `json:"columns"` // 2021年目标, 2021年完成, 2022年目标
	Rows    []Row     `json:"rows"`
	Updates []Update  `json:"updates,omitempty"`
	Follows []Follow  `json:"follows,omitempty"`
	Since   time.Time `json:"since"`
}

// Row is one headline indicator.
type Row struct {
	Name       string `json:"name"`
	LastTarget string `json:"last_target"`
	LastResult string `json:"last_result"`
	LastAmount string `json:"last_amount,omitempty"` // the amount beside a growth rate: 5318.2亿元
	ThisTarget string `json:"this_target"`
	// Verdict is whether last year's result met its target, and Change
	// says how they compare (✓ 高于目标1.8个百分点); both empty when last
	// year's target is not known.
	Verdict verdict.Outcome `json:"verdict,omitempty"`
	Change  string          `json:"change"`
}

// judge fills in the verdict of a row that has a target and a result.
func (r *Row) judge(j *verdict.Judge) {
	if r.LastTarget == "" || r.LastResult == "" {
		return
	}
	v := j.Judge(r.LastTarget, r.LastResult)
	r.Verdict, r.Change = v.Outcome, v.String()
}

// Update is one ingest since the previous digest.
type Update struct {
	Title   string    `json:"title"`
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	Lines   []string  `json:"lines"`
	More    int       `json:"more,omitempty"`
}

// Follow is a followed task or indicator with its current figures.
type Follow struct {
	Label   string   `json:"label"`
	Figures []string `json:"figures"`
}

// Builder builds digests from the index. It is safe for concurrent use
// (the scheduler and `/plan digest now` share one).
type Builder struct {
	DB     *store.DB
	Region string // the region of the digest; any region when empty
	// Synonyms expands an indicator's name (经济增长 → 地区生产总值 …), for
	// finding last year's result in a report's review; optional.
	Synonyms func(string) []string

	judgeOnce sync.Once
	judge     *verdict.Judge
}

// judge returns the verdict judge, made on first use.
func (b *Builder) judgeOf() *verdict.Judge {
	b.judgeOnce.Do(func() { b.judge = verdict.New() })
	return b.judge
}

// Build makes the digest for owner (a channel or user ID) scheduled at
// at, with the updates ingested since since.
func (b *Builder) Build(ctx context.Context, owner string, at, since time.Time) (Digest, error) {
	d := Digest{At: at, Since: since}
	doc, err := b.latest(ctx)
	if err != nil {
		return d, err
	}
	d.Region, d.Source, d.DocID = doc.Region, doc.Title, doc.ID
	d.Columns = [3]string{fmt.Sprintf("%d年目标", doc.ReportYear), fmt.Sprintf("%d年完成", doc.ReportYear), fmt.Sprintf("%d年目标", doc.PlanYear)}
	d.Rows = b.rows(ctx, doc)
	sets, err := b.DB.ChangesSince(since)
	if err != nil {
		return d, err
	}
	for _, cs := range sets {
		if !cs.IngestedAt.Before(at) {
			continue
		}
		u := Update{Title: cs.Title, Version: cs.Version, At: cs.IngestedAt}
		for i, c := range cs.Changes {
			if i == 8 {
				u.More = len(cs.Changes) - i
				break
			}
			u.Lines = append(u.Lines, c.Summary())
		}
		if len(cs.Changes) == 0 {
			u.Lines = []string{"新文件，无可比较的上一版本"}
		}
		d.Updates = append(d.Updates, u)
	}
	subs, err := b.DB.Subscriptions(owner)
	if err != nil {
		return d, err
	}
	for _, s := range subs {
		d.Follows = append(d.Follows, Follow{Label: s.Label, Figures: figuresOf(doc, s)})
	}
	return d, nil
}

// latest is the newest plan of the region (store.Catalog.NewestPlan, the
// document /plan tasks and /plan subscribe mean).
func (b *Builder) latest(ctx context.Context) (*plan.Document, error) {
	m, ok := b.DB.Catalog().NewestPlan(b.Region)
	if !ok {
		return nil, plan.Errorf(plan.ENOTFOUND, "no plan documents for %q in the index", b.Region)
	}
	return b.DB.Document(ctx, m.ID, 0)
}

// rows reads the headline indicators: from the document's indicator table
// when it has one with a target, a result and next year's target, else
// from its indicator lists, taking last year's targets from the plan for
// that year when the index holds it.
func (b *Builder) rows(ctx context.Context, doc *plan.Document) []Row {
	for _, t := range doc.Tables {
		lt, lr, tt := -1, -1, -1
		for i, c := range t.Columns {
			switch {
			// The first column of each: 2025年 before 年均增长 in an outline.
			case c.Year == doc.ReportYear && c.Kind == plan.KindTarget && lt < 0:
				lt = i
			case c.Year == doc.ReportYear && c.Kind == plan.KindResult && lr < 0:
				lr = i
			case c.Year == doc.PlanYear && c.Kind == plan.KindTarget && tt < 0:
				tt = i
			}
		}
		if lr < 0 && tt < 0 {
			continue
		}
		var rows []Row
		for _, r := range t.Rows {
			row := Row{Name: r.Name, LastTarget: cell(r, lt), LastResult: cell(r, lr), ThisTarget: cell(r, tt)}
			row.LastAmount = b.amountOf(doc, row.Name)
			row.judge(b.judgeOf())
			rows = append(rows, row)
		}
		return rows
	}
	results := indicatorsOf(doc, plan.KindResult)
	targets := plannedIndicators(doc)
	var lastTargets map[string]string
	for _, m := range b.DB.Documents() {
		if m.Region == doc.Region && m.PlanYear == doc.ReportYear && m.ID != doc.ID {
			if prev, err := b.DB.Document(ctx, m.ID, 0); err == nil {
				lastTargets = plannedIndicators(prev)
			}
		}
	}
	var rows []Row
	for _, n := range headlineNames(doc) {
		row := Row{Name: n, LastResult: lookup(results, n), ThisTarget: lookup(targets, n), LastTarget: lookup(lastTargets, n)}
		if row.LastResult == "" {
			// A work report lists this year's targets only: last year's
			// result is in its review, as a figure.
			row.LastResult = b.resultOf(doc, n, isRate(row.ThisTarget))
		}
		row.LastAmount = b.amountOf(doc, n)
		row.judge(b.judgeOf())
		rows = append(rows, row)
	}
	return rows
}

// headlineNames lists the indicators a digest shows: those the document
// lists for the year it plans (a work report's 主要预期目标), else every
// listed indicator, in reading order.
func headlineNames(doc *plan.Document) []string {
	var planned, all []string
	seen := map[string]bool{}
	for p, i := range doc.ListedIndicators() {
		if seen[i.Name] {
			continue
		}
		seen[i.Name] = true
		all = append(all, i.Name)
		if (p.Kind == plan.KindTarget || p.Kind == plan.KindTask) && p.Year == doc.PlanYear {
			planned = append(planned, i.Name)
		}
	}
	if len(planned) > 0 && len(planned) < len(all) && !hasResultList(doc) {
		return planned
	}
	return all
}

// hasResultList reports a document that lists last year's results as
// headline indicators (a plan-execution report's ——… lines).
func hasResultList(doc *plan.Document) bool {
	for p := range doc.ListedIndicators() {
		if p.Kind == plan.KindResult {
			return true
		}
	}
	return false
}

// isRate reports a target stated as a rate: its result should be one too.
func isRate(target string) bool { return strings.Contains(target, "%") }

// resultOf finds last year's result for an indicator among the facts of
// the document's review: a figure of one year (not a five-year total) whose
// subject is the indicator's, a rate when rate is set.
func (b *Builder) resultOf(doc *plan.Document, name string, rate bool) string {
	for _, f := range doc.Facts {
		if f.Kind != plan.KindResult || f.Year != doc.ReportYear || !f.Period.IsZero() || f.Aggregate != plan.Annual || f.Qualitative || f.Baseline {
			continue
		}
		if b.sameIndicator(f.Subject, name) && strings.HasSuffix(f.Unit, "%") == rate {
			return f.Figure
		}
	}
	return ""
}

// amountOf finds the amount last year's review gives for an indicator
// whose headline is a rate (地区生产总值5318.2亿元 beside 增长8.6%): a
// figure of money of one year, "" when none.
func (b *Builder) amountOf(doc *plan.Document, name string) string {
	for _, f := range doc.Facts {
		if f.Kind != plan.KindResult || f.Year != doc.ReportYear || !f.Period.IsZero() || f.Qualitative || f.Baseline || f.Change != "" {
			continue
		}
		if strings.HasSuffix(f.Unit, "元") && b.sameIndicator(f.Subject, name) {
			return f.Figure
		}
	}
	return ""
}

// generalWords name whose an indicator is, not which: 全省地区生产总值 is
// 地区生产总值.
var generalWords = []string{"全省", "全市", "全区", "全县", "本区", "全年", "全社会", "预计", "实现"}

// sameIndicator reports whether a fact's subject names the indicator: the
// same words once general ones go, or nearly (本区生产总值, 地区生产总值),
// or a synonym's (经济增长 for 地区生产总值).
func (b *Builder) sameIndicator(subject, name string) bool {
	norm := func(s string) string {
		for _, w := range generalWords {
			s = strings.ReplaceAll(s, w, "")
		}
		return strings.TrimSuffix(strings.TrimSuffix(s, "增长"), "下降")
	}
	subj := norm(subject)
	if subj == "" {
		return false
	}
	names := []string{name}
	if b.Synonyms != nil {
		names = append(names, b.Synonyms(strings.ToLower(name))...)
	}
	for _, n := range names {
		if n = norm(n); n != "" && (strings.EqualFold(subj, n) || diff.Similarity(strings.ToLower(subj), n) >= 0.75) {
			return true
		}
	}
	return false
}

func cell(r plan.Row, i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// plannedIndicators maps the names of the indicators a document lists for
// the year it plans (in parts of targets, or of tasks such as a work
// report's 2026年重点工作 holding its 主要预期目标) to what they say.
func plannedIndicators(doc *plan.Document) map[string]string {
	out := indicatorsOf(doc, plan.KindTarget)
	for p, i := range doc.ListedIndicators() {
		if _, ok := out[i.Name]; !ok && p.Kind == plan.KindTask && p.Year == doc.PlanYear {
			out[i.Name] = strings.TrimRight(i.Value, "；;。")
		}
	}
	return out
}

// indicatorsOf maps the names of the indicators listed in parts of kind
// k to what they say.
func indicatorsOf(doc *plan.Document, k plan.Kind) map[string]string {
	out := map[string]string{}
	for p, i := range doc.ListedIndicators() {
		if p.Kind == k {
			out[i.Name] = strings.TrimRight(i.Value, "；;。")
		}
	}
	return out
}

// lookup finds an indicator by name, tolerating wording (本区生产总值 for
// 地区生产总值).
func lookup(m map[string]string, name string) string {
	if v, ok := m[name]; ok {
		return v
	}
	best, sim := "", 0.0
	for k, v := range m {
		if s := diff.Similarity(k, name); s > sim {
			best, sim = v, s
		}
	}
	if sim >= 0.6 {
		return best
	}
	return ""
}

// figuresOf lists the current figures of a followed target.
func figuresOf(doc *plan.Document, s store.Subscription) []string {
	name := s.Target[strings.LastIndex(s.Target, ":")+1:]
	var out []string
	for _, f := range doc.Facts {
		ok := false
		switch s.Kind {
		case string(plan.TargetTask):
			ok = f.Loc.TaskTitle == name
		case string(plan.TargetIndicator):
			ok = strings.HasPrefix(f.Subject, name) && f.Loc.Table == ""
		}
		if ok {
			out = append(out, fmt.Sprintf("%s %s（%d年%s）", f.Subject, f.Figure, f.Year, f.Kind.Label()))
		}
		if len(out) == 6 {
			break
		}
	}
	if len(out) == 0 {
		out = append(out, "最新计划中没有它的数字")
	}
	return out
}
