// Package answer chooses the answer to a question: it retrieves candidate
// sentences through the index, scores every fact in them against what
// the question asks (content words and their synonyms, the measure word,
// rate or amount, year, result or target), and returns the best fact with
// a confidence and alternatives, or says honestly that the documents do
// not say, with the nearest things they do say.
package answer

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// Engine answers questions from the index. It is safe for concurrent use.
type Engine struct {
	store *store.DB
	fig   *figure.Extractor
	an    atomic.Pointer[nlp.Analyzer]

	// Now resolves relative years (今年); time.Now when nil.
	Now func() time.Time
	// DefaultRegion is assumed when a question names no region and the
	// index holds several; all regions are searched when empty.
	DefaultRegion string
	// Logger receives index errors; slog.Default when nil.
	Logger *slog.Logger

	cache sentenceCache

	regionsMu  sync.Mutex
	regions    *nlp.RegionIndex
	regionsGen uint64

	examplesMu  sync.Mutex
	examples    []string
	examplesGen uint64
}

// New returns an engine over db using analyzer an.
func New(db *store.DB, an *nlp.Analyzer) *Engine {
	e := &Engine{store: db, fig: figure.New()}
	e.an.Store(an)
	e.cache.max = 10000 // about 400 questions' candidates, tens of MB at most
	return e
}

// SetAnalyzer swaps in a segmenter built after new documents brought new
// dictionary words.
func (e *Engine) SetAnalyzer(an *nlp.Analyzer) { e.an.Store(an) }

// Analyzer returns the engine's current analyzer.
func (e *Engine) Analyzer() *nlp.Analyzer { return e.an.Load() }

// Answer is the reply to one question.
type Answer struct {
	Question string  `json:"question"`
	Found    bool    `json:"found"`
	Answers  []Item  `json:"answers"`           // best first; when not found, the nearest facts
	Message  string  `json:"message,omitempty"` // why nothing was found, or a caveat
	Scope    Scope   `json:"scope"`             // what was searched
	Elapsed  float64 `json:"elapsed_ms"`
}

// Scope is the part of the index a question was answered from.
type Scope struct {
	Regions []string `json:"regions,omitempty"`
	Years   []int    `json:"years,omitempty"`
}

// Item is one answer: a fact with where it stands.
type Item struct {
	Figure       string        `json:"figure"`
	Value        float64       `json:"value"`
	High         float64       `json:"high,omitempty"`
	Unit         string        `json:"unit"`
	Approx       string        `json:"approx,omitempty"`
	Change       string        `json:"change,omitempty"`
	Qualitative  bool          `json:"qualitative,omitempty"`
	Subject      string        `json:"subject"`
	Year         int           `json:"year"`
	Kind         plan.Kind     `json:"kind"`
	KindLabel    string        `json:"kind_label"`
	Excerpt      string        `json:"excerpt"`
	Location     plan.Location `json:"location"`
	LocationText string        `json:"location_text"`
	Document     string        `json:"document"`
	DocTitle     string        `json:"document_title"`
	Region       string        `json:"region"`
	Version      int           `json:"version"`
	Sentence     int           `json:"sentence"`
	FactID       int           `json:"fact"`
	Confidence   float64       `json:"confidence"`
}

// Thresholds of the decision to answer. A fact is given as the answer
// only when the question's weighted content is covered well enough by
// the fact's own words and surroundings.
const (
	foundCoverage = 0.62
	foundScore    = 0.55
	maxMissing    = 0.2 // share of the question's weight that may be wholly absent
	// maxPostings bounds the postings a question reads before it stops
	// adding words (the rarest are read first).
	maxPostings = 20000
	// recentPostings bounds the postings read of a word that many
	// sentences hold (newest years first when the question names none):
	// the candidates come from a few documents anyway, and reading all
	// of 学位 in ten thousand plans cost more than the rest of a question.
	recentPostings = 400
	maxCandidates  = 25
	maxAlts        = 3
)

// Ask answers one question. It returns a *plan.Error (EINVALID) for a
// question that cannot be asked: empty or too long.
func (e *Engine) Ask(ctx context.Context, question string) (Answer, error) {
	start := time.Now()
	ans, err := e.ask(ctx, question)
	ans.Question = question
	ans.Elapsed = float64(time.Since(start).Microseconds()) / 1000
	if ans.Answers == nil {
		ans.Answers = []Item{}
	}
	return ans, err
}

func (e *Engine) log() *slog.Logger {
	if e.Logger != nil {
		return e.Logger
	}
	return slog.Default()
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) ask(ctx context.Context, question string) (Answer, error) {
	an := e.an.Load()
	trimmed := strings.TrimSpace(question)
	if trimmed == "" {
		return Answer{}, plan.Errorf(plan.EINVALID, "the question is empty: ask about a figure in the plan%s", e.exampleHint(ctx))
	}
	if n := utf8.RuneCountInString(trimmed); n > nlp.MaxQuestion {
		return Answer{}, plan.Errorf(plan.EINVALID, "the question is %d characters long; ask about one figure at a time in at most %d characters", n, nlp.MaxQuestion)
	}
	cat := e.store.Catalog()
	docRegions := cat.Regions
	q, note := e.analyze(an, trimmed, cat)
	if len(q.Terms) == 0 {
		return Answer{Message: "没有从问题中识别出要查询的指标或事项，请换个问法" + e.exampleHint(ctx) + "。(No subject found in the question.)"}, nil
	}
	if e.store.Empty() {
		return Answer{Message: "索引中还没有文件，请先用 planbot ingest 导入计划文件。(The index holds no documents.)"}, nil
	}

	// Scope: regions and years the question names, checked against what
	// the documents cover.
	scope := Scope{Years: q.Years}
	var uncovered []string
	for _, r := range q.Regions {
		if containsS(docRegions, r) {
			scope.Regions = append(scope.Regions, r)
		} else {
			uncovered = append(uncovered, r)
		}
	}
	if len(q.Regions) == 0 && e.DefaultRegion != "" && containsS(docRegions, e.DefaultRegion) {
		scope.Regions = []string{e.DefaultRegion}
	}
	covered := e.coveredYears(scope.Regions)
	var missingYears []int
	for _, y := range q.Years {
		if !covered[y] {
			missingYears = append(missingYears, y)
		}
	}
	if len(uncovered) > 0 && len(scope.Regions) == 0 {
		near, _ := e.search(ctx, q, Scope{Years: q.Years}, an)
		return Answer{Scope: scope, Answers: near, Message: fmt.Sprintf("文件中没有%s的内容；现有文件覆盖：%s。以下是最接近的内容。", strings.Join(uncovered, "、"), e.coverageText())}, nil
	}
	if len(q.Years) > 0 && len(missingYears) == len(q.Years) {
		near, _ := e.search(ctx, q, Scope{Regions: scope.Regions}, an)
		return Answer{Scope: scope, Answers: near, Message: fmt.Sprintf("文件中没有%s的数据；现有文件覆盖：%s。以下是最接近的内容。", yearsText(missingYears), e.coverageText())}, nil
	}

	items, best := e.search(ctx, q, scope, an)
	ans := Answer{Scope: scope, Answers: items, Message: note}
	if len(items) == 0 {
		ans.Message = "文件中没有找到相关内容。(Nothing in the documents matches.)"
		return ans, nil
	}
	if best.coverage >= foundCoverage && best.score >= foundScore && best.missing < maxMissing && best.mismatch == fits {
		ans.Found = true
		if len(scope.Regions) == 0 && len(docRegions) > 1 {
			ans.Message += regionsNote(items)
		}
		return ans, nil
	}
	ans.Message = notFoundMessage(q, best) + note
	return ans, nil
}

// search retrieves and scores candidates; it returns up to 1+maxAlts
// distinct items, best first, and the best candidate's scores.
func (e *Engine) search(ctx context.Context, q nlp.Question, scope Scope, an *nlp.Analyzer) ([]Item, scored) {
	all, _ := e.scoreAll(ctx, q, scope, an)
	if len(all) == 0 {
		return nil, scored{}
	}
	var items []Item
	seen := map[string]bool{}
	for _, s := range all {
		f := s.c.rec.Facts[s.fact]
		key := fmt.Sprintf("%s|%s|%d|%s", f.Figure, f.Subject, f.Year, f.Kind)
		if seen[key] {
			continue
		}
		seen[key] = true
		items = append(items, e.item(s))
		if len(items) > maxAlts {
			break
		}
	}
	return items, all[0]
}

// regionsNote lists the figures of other regions that answer as well as
// the best one, when the question named no region: 新增学位 is 9510座 in
// one district and 12000座 in another, and neither is "the" answer.
func regionsNote(items []Item) string {
	top := items[0]
	parts := []string{top.Region + " " + top.Figure + "（" + top.KindLabel + "）"}
	seen := map[string]bool{top.Region: true}
	for _, it := range items[1:] {
		if seen[it.Region] || it.Year != top.Year || it.Confidence < top.Confidence-0.15 {
			continue
		}
		seen[it.Region] = true
		p := it.Region + " " + it.Figure
		if it.Kind != top.Kind {
			p += "（" + it.KindLabel + "）"
		}
		parts = append(parts, p)
	}
	if len(parts) == 1 {
		return "（问题未指明地区，此为" + top.Region + "的数字。）"
	}
	return "（问题未指明地区，各地区的数字不同：" + strings.Join(parts, "；") + "。请在问题中写明地区。）"
}

// analyze reads a question. 今年/去年 asked of documents that end before
// this year mean the documents' own years: the question is read for the
// newest plan's year, and the note says so.
func (e *Engine) analyze(an *nlp.Analyzer, question string, cat *store.Catalog) (nlp.Question, string) {
	regions := e.regionIndex(cat)
	now := e.now()
	q := an.Analyze(question, now, regions, e.fig.IsUnit)
	if q.Relative {
		if latest := e.latestPlanYear(q.Regions); latest != 0 && now.Year() > latest {
			q = an.Analyze(question, time.Date(latest, now.Month(), now.Day(), 12, 0, 0, 0, now.Location()), regions, e.fig.IsUnit)
			return q, fmt.Sprintf("（现有最新文件为%d年计划，“今年”“去年”按%d年理解。）", latest, latest)
		}
	}
	return q, ""
}

// notFoundMessage says why the nearest statements do not answer: a
// well-matched fact of the wrong kind is named as such, so nobody takes a
// result for the target asked.
func notFoundMessage(q nlp.Question, best scored) string {
	const generic = "文件中没有找到确切回答这个问题的数字，以下是最接近的内容。(The documents do not state this; nearest statements follow.)"
	if best.coverage < foundCoverage || best.missing >= maxMissing {
		return generic
	}
	years := ""
	if len(q.Years) > 0 {
		years = yearsText(q.Years)
	}
	switch best.mismatch {
	case wrongKind:
		if q.Target {
			return "文件中没有" + years + "这项的目标数字，以下是实际完成情况等最接近的内容。(The documents give no target for this; the nearest statements, such as results, follow.)"
		}
		return "文件中没有" + years + "这项的实际完成数字，以下是目标或计划等最接近的内容。(The documents give no result for this; the nearest statements, such as targets, follow.)"
	case wrongDirection:
		return "文件中这项的变化方向与所问相反，以下是最接近的内容。(The documents report a change in the other direction; nearest statements follow.)"
	case rateForAmount:
		return "文件中没有" + years + "这项的总量数字，只有增长速度，见下。(The documents give only a growth rate for this.)"
	case wrongUnit:
		return "文件中没有以所问单位表述的数字，以下是最接近的内容。(The documents do not state this in the unit asked; nearest statements follow.)"
	}
	return generic
}

// scoreAll retrieves candidates and scores every fact of theirs in the
// scope, best first; it also returns how many sentences were read.
func (e *Engine) scoreAll(ctx context.Context, q nlp.Question, scope Scope, an *nlp.Analyzer) ([]scored, int) {
	recs, st := e.retrieve(ctx, q, scope)
	if len(recs) == 0 {
		return nil, 0
	}
	m := newMatcher(q, st, an)
	var all []scored
	for _, c := range recs {
		occ := m.occurrences(c)
		for j := range c.rec.Facts {
			if len(scope.Years) > 0 && !containsI(scope.Years, c.rec.Facts[j].Year) {
				continue
			}
			all = append(all, m.score(c, j, occ))
		}
	}
	// The bonuses only reorder near-equal candidates: compute them for
	// those within reach of the best.
	best := 0.0
	for _, s := range all {
		best = math.Max(best, s.score)
	}
	for i := range all {
		if all[i].score >= best-maxBonus {
			m.bonus(&all[i])
		}
	}
	sortScored(all)
	return all, len(recs)
}

// sortScored orders candidates best first, the newer of equals first.
func sortScored(all []scored) {
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if math.Abs(a.score-b.score) > 1e-9 {
			return a.score > b.score
		}
		return a.c.rec.Facts[a.fact].Year > b.c.rec.Facts[b.fact].Year
	})
}

func (e *Engine) item(s scored) Item {
	f := s.c.rec.Facts[s.fact]
	meta, _ := e.store.Meta(s.c.rec.DocID)
	return Item{
		Figure: f.Figure, Value: f.Value, High: f.High, Unit: f.Unit, Approx: f.Approx, Change: f.Change,
		Qualitative: f.Qualitative, Subject: f.Subject, Year: f.Year, Kind: f.Kind, KindLabel: f.Kind.Label(),
		Excerpt: s.c.rec.Text, Location: f.Loc, LocationText: f.Loc.String(),
		Document: s.c.rec.DocID, DocTitle: meta.Title, Region: meta.Region, Version: s.c.rec.Version,
		Sentence: s.c.rec.ID, FactID: f.ID, Confidence: math.Round(math.Min(1, s.score)*100) / 100,
	}
}

// retrieve gathers candidate sentences: every sentence holding a content
// word of the question (or a synonym), in the question's scope, ranked by
// the inverse document frequency of the words it holds.
func (e *Engine) retrieve(ctx context.Context, q nlp.Question, scope Scope) ([]*candidate, stats) {
	var parts []string
	seen := map[string]bool{}
	for _, t := range q.Terms {
		for _, p := range t.Parts {
			if !seen[p] {
				seen[p] = true
				parts = append(parts, p)
			}
		}
	}
	var recs []*candidate
	var st stats
	err := e.store.Read(func(r *store.Reader) error {
		df, total, err := r.DocFreq(parts, scope.Regions)
		if err != nil || total == 0 {
			return err
		}
		st = stats{df: df, total: total}
		parts := lookupParts(q, df)
		// Rare words first: they find the right sentences; very common
		// ones only add weight to sentences already found.
		sort.Slice(parts, func(i, j int) bool { return df[parts[i]] < df[parts[j]] })
		w := newWeights()
		read := 0
		for i, p := range parts {
			if df[p] == 0 {
				continue
			}
			// Very common words, or any word once the postings read are
			// many (a question naming no region in a large index), only
			// weigh sentences the rarer words found.
			if i > 0 && w.n >= maxCandidates*4 && (df[p]*5 > total || read > maxPostings) {
				break
			}
			limit := 0
			if df[p] > recentPostings {
				limit = recentPostings
			}
			dps, err := r.DocPostings(ctx, scope.Regions, scope.Years, p, limit)
			if err != nil {
				return err
			}
			idf := st.idf(df[p])
			for _, dp := range dps {
				read += len(dp.Sentences)
				w.add(dp, idf)
			}
		}
		refs := w.pick(e.store.Catalog().PlanYear)
		recs, err = e.sentences(ctx, r, refs)
		return err
	})
	if err != nil {
		e.log().Error("index read failed", "err", err)
		return nil, stats{}
	}
	return recs, st
}

// perDoc is how many candidates one document gives before the next
// document's best are taken.
const perDoc = 10

// weights sum, per sentence, the weights of the question words it holds,
// grouped by document: postings come a document at a time, and keying
// every sentence by its document ID costs more than the rest of a
// question in a large index.
type weights struct {
	docs  []*docWeights
	index map[string]int
	n     int // sentences
}

type docWeights struct {
	id   string
	ver  int
	best float64
	sent []sentWeight
}

type sentWeight struct {
	id int
	w  float64
}

func newWeights() *weights { return &weights{index: map[string]int{}} }

func (ws *weights) add(dp store.DocPostings, w float64) {
	i, ok := ws.index[dp.DocID]
	if !ok {
		i = len(ws.docs)
		ws.index[dp.DocID] = i
		ws.docs = append(ws.docs, &docWeights{id: dp.DocID, ver: dp.Version})
	}
	d := ws.docs[i]
next:
	for _, sid := range dp.Sentences {
		for k := range d.sent {
			if d.sent[k].id == sid {
				d.sent[k].w += w
				d.best = math.Max(d.best, d.sent[k].w)
				continue next
			}
		}
		d.sent = append(d.sent, sentWeight{sid, w})
		d.best = math.Max(d.best, w)
		ws.n++
	}
}

// pick chooses the sentences to score: documents in order of their best
// sentence's weight (newer plans first among equals), up to perDoc
// sentences from each, then the rest by the same order. Taking the best
// sentences whatever their document instead fills the candidates with one
// sentence repeated across a region's yearly plans, or across regions, and
// crowds out the sentence that holds the answer.
func (ws *weights) pick(planYear map[string]int) []store.SentRef {
	docs := ws.docs
	sort.Slice(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		if a.best != b.best {
			return a.best > b.best
		}
		if planYear[a.id] != planYear[b.id] {
			return planYear[a.id] > planYear[b.id]
		}
		return a.id < b.id
	})
	var out []store.SentRef
	taken := map[*docWeights]int{}
	for pass := 0; pass < 2; pass++ {
		for _, d := range docs {
			if pass == 0 {
				sort.Slice(d.sent, func(i, j int) bool {
					if d.sent[i].w != d.sent[j].w {
						return d.sent[i].w > d.sent[j].w
					}
					return d.sent[i].id < d.sent[j].id
				})
			}
			limit := len(d.sent)
			if pass == 0 {
				limit = min(limit, perDoc)
			}
			for _, s := range d.sent[taken[d]:limit] {
				if len(out) == maxCandidates {
					return out
				}
				out = append(out, store.SentRef{DocID: d.id, Version: d.ver, Sentence: s.id})
				taken[d]++
			}
			if len(out) == maxCandidates {
				return out
			}
		}
	}
	return out
}

// lookupParts chooses the index words to read postings for: an
// alternative that is itself an index word with postings stands for
// itself; only one that is not (an unknown word, a phrase) is looked up
// by its parts.
func lookupParts(q nlp.Question, df map[string]int) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] && df[p] > 0 {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, t := range q.Terms {
		for i, alt := range t.Alts {
			if i >= len(t.AltParts) {
				break
			}
			whole := false
			for _, p := range t.AltParts[i] {
				if p == alt && df[p] > 0 {
					whole = true
				}
			}
			if whole && !t.Domain {
				add(alt)
				continue
			}
			for _, p := range t.AltParts[i] {
				// A synonym the index does not hold whole is not looked
				// up by its single characters: 额 of 学额 is in every
				// document and finds nothing about 学位.
				if alt != t.Word && utf8.RuneCountInString(p) < 2 {
					continue
				}
				add(p)
			}
		}
	}
	return out
}

// stats are the term statistics of the searched scope.
type stats struct {
	df    map[string]int
	total int
}

func (s stats) idf(df int) float64 { return math.Log(1 + float64(s.total)/float64(1+df)) }

// sentences reads records through a cache of decoded, prepared ones.
func (e *Engine) sentences(ctx context.Context, r *store.Reader, refs []store.SentRef) ([]*candidate, error) {
	out := make([]*candidate, 0, len(refs))
	var miss []store.SentRef
	for _, r := range refs {
		if c, ok := e.cache.get(r); ok {
			out = append(out, c)
		} else {
			miss = append(miss, r)
		}
	}
	if len(miss) == 0 {
		return out, nil
	}
	recs, err := r.Sentences(ctx, miss)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		c := prepare(rec)
		e.cache.put(store.SentRef{DocID: rec.DocID, Version: rec.Version, Sentence: rec.ID}, c)
		out = append(out, c)
	}
	return out, nil
}

// exampleHint is "，例如“…”" with a question the documents answer, or "".
func (e *Engine) exampleHint(ctx context.Context) string {
	if ex := e.Examples(ctx, 1); len(ex) > 0 {
		return "，例如“" + ex[0] + "”"
	}
	return ""
}

// latestPlanYear is the newest plan year of the documents of regions
// (all when empty).
func (e *Engine) latestPlanYear(regions []string) int {
	cat := e.store.Catalog()
	if len(regions) == 0 {
		regions = cat.Regions
	}
	latest := 0
	for _, r := range regions {
		latest = max(latest, cat.Latest[r])
	}
	return latest
}

func (e *Engine) coveredYears(regions []string) map[int]bool {
	cat := e.store.Catalog()
	if len(regions) == 0 {
		regions = cat.Regions
	}
	out := map[int]bool{}
	for _, r := range regions {
		for y := range cat.Years[r] {
			out[y] = true
		}
	}
	return out
}

// regionIndex returns the index of the catalog's regions, rebuilt only
// when the catalog changed.
func (e *Engine) regionIndex(cat *store.Catalog) *nlp.RegionIndex {
	e.regionsMu.Lock()
	defer e.regionsMu.Unlock()
	if e.regions == nil || e.regionsGen != cat.Gen {
		e.regions, e.regionsGen = nlp.NewRegionIndex(cat.Regions), cat.Gen
	}
	return e.regions
}

// coverageText says which regions and years the documents cover.
func (e *Engine) coverageText() string {
	cat := e.store.Catalog()
	const shown = 8
	var parts []string
	for i, r := range cat.Regions {
		if i == shown {
			parts = append(parts, fmt.Sprintf("等%d个地区", len(cat.Regions)))
			break
		}
		var ys []int
		for y := range cat.Years[r] {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		name := r
		if name == "" {
			name = "未知地区"
		}
		parts = append(parts, name+" "+yearsRange(ys))
	}
	return strings.Join(parts, "；")
}

// yearsRange writes years compactly: 2021年、2022年, or 2001—2030年 for a run.
func yearsRange(ys []int) string {
	if len(ys) > 3 && ys[len(ys)-1]-ys[0] == len(ys)-1 {
		return fmt.Sprintf("%d—%d年", ys[0], ys[len(ys)-1])
	}
	return yearsText(ys)
}

func yearsText(ys []int) string {
	var s []string
	for _, y := range ys {
		s = append(s, fmt.Sprintf("%d年", y))
	}
	return strings.Join(s, "、")
}

func containsS(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func containsI(l []int, v int) bool {
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

// sentenceCache keeps decoded sentence records; the index is read-mostly
// and a record is immutable once written (a new version has new keys).
type sentenceCache struct {
	mu  sync.Mutex
	m   map[store.SentRef]*candidate
	max int
}

func (c *sentenceCache) get(r store.SentRef) (*candidate, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, ok := c.m[r]
	return rec, ok
}

func (c *sentenceCache) put(r store.SentRef, rec *candidate) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= c.max {
		c.m = map[store.SentRef]*candidate{} // simple reset keeps memory bounded
	}
	c.m[r] = rec
}
