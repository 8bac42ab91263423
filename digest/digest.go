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
	"math"
	"strings"
	"sync"
	"time"

	"github.com/planbot/planbot/diff"
	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
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
	ThisTarget string `json:"this_target"`
	Change     string `json:"change"` // how the result compares with its target
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

	figOnce sync.Once
	fig     *figure.Extractor
}

// extractor returns the figure extractor, made on first use.
func (b *Builder) extractor() *figure.Extractor {
	b.figOnce.Do(func() { b.fig = figure.New() })
	return b.fig
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
			case c.Year == doc.ReportYear && c.Kind == plan.KindTarget:
				lt = i
			case c.Year == doc.ReportYear && c.Kind == plan.KindResult:
				lr = i
			case c.Year == doc.PlanYear && c.Kind == plan.KindTarget:
				tt = i
			}
		}
		if lr < 0 && tt < 0 {
			continue
		}
		var rows []Row
		for _, r := range t.Rows {
			row := Row{Name: r.Name, LastTarget: cell(r, lt), LastResult: cell(r, lr), ThisTarget: cell(r, tt)}
			row.Change = b.compare(row.LastResult, row.LastTarget)
			rows = append(rows, row)
		}
		return rows
	}
	results := indicatorsOf(doc, plan.KindResult)
	targets := indicatorsOf(doc, plan.KindTarget)
	var lastTargets map[string]string
	for _, m := range b.DB.Documents() {
		if m.Region == doc.Region && m.PlanYear == doc.ReportYear && m.ID != doc.ID {
			if prev, err := b.DB.Document(ctx, m.ID, 0); err == nil {
				lastTargets = indicatorsOf(prev, plan.KindTarget)
			}
		}
	}
	var rows []Row
	names := orderedNames(doc)
	for _, n := range names {
		row := Row{Name: n, LastResult: lookup(results, n), ThisTarget: lookup(targets, n), LastTarget: lookup(lastTargets, n)}
		row.Change = b.compare(row.LastResult, row.LastTarget)
		rows = append(rows, row)
	}
	return rows
}

func cell(r plan.Row, i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
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

// orderedNames lists the distinct names of the listed indicators, in
// reading order.
func orderedNames(doc *plan.Document) []string {
	seen := map[string]bool{}
	var out []string
	for _, i := range doc.ListedIndicators() {
		if !seen[i.Name] {
			seen[i.Name] = true
			out = append(out, i.Name)
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

// compare says how a result stands against its target, when both are
// rates in percent: 高于目标1.8个百分点, 控制在目标内, 多降2.7个百分点.
func (b *Builder) compare(result, target string) string {
	fig := b.extractor()
	r, ok1 := firstPercent(fig.Extract(result))
	t, ok2 := firstPercent(fig.Extract(target))
	if !ok1 || !ok2 {
		return ""
	}
	rv, tv := r.Value, t.Value
	if r.Change == figure.Down {
		rv = -rv
	}
	if t.Change == figure.Down {
		tv = -tv
	}
	d := math.Round((rv-tv)*10) / 10
	switch {
	case strings.Contains(t.Approx, "以内") || strings.Contains(t.Approx, "以下"):
		if rv <= tv {
			return "✓ 控制在目标内"
		}
		return fmt.Sprintf("✗ 超出目标%.1f个百分点", d)
	case t.Change == figure.Down:
		if d <= 0 {
			return fmt.Sprintf("✓ 多降%.1f个百分点", -d)
		}
		return fmt.Sprintf("✗ 少降%.1f个百分点", d)
	case d >= 0:
		return fmt.Sprintf("✓ 高于目标%.1f个百分点", d)
	}
	return fmt.Sprintf("✗ 低于目标%.1f个百分点", -d)
}

func firstPercent(fs []figure.Figure) (figure.Figure, bool) {
	for _, f := range fs {
		if f.Percent() {
			return f, true
		}
	}
	return figure.Figure{}, false
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
