// Package answer chooses the answer to a question: it retrieves candidate
// sentences through the index, scores every fact in them against what
// the question asks (content words and their synonyms, the measure word,
// rate or amount, year, result or target), and returns the best fact with
// a confidence and alternatives, or says honestly that the documents do
// not say, with the nearest things they do say.
//
// A question passes through one file per stage: analyze.go reads it,
// scope.go decides where to search, retrieve.go gathers candidate
// sentences through the index, matcher.go prepares the question's words
// and finds them in a candidate, score.go scores each fact by how much of
// the question its words cover, fit.go by how well its figure fits what is
// asked, and answer.go assembles the reply. explain.go shows the same
// steps for one question.
package answer

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
	"github.com/planbot/planbot/verdict"
)

// Engine answers questions from the index. It is safe for concurrent use.
type Engine struct {
	store *store.DB
	fig   *figure.Extractor
	judge func() *verdict.Judge // built at the first verdict
	an    atomic.Pointer[nlp.Analyzer]

	// Now resolves relative years (今年); time.Now when nil.
	Now func() time.Time
	// DefaultRegion is assumed when a question names no region and the
	// index holds several; all regions are searched when empty.
	DefaultRegion string
	// Logger receives index errors; slog.Default when nil.
	Logger *slog.Logger

	cache sentenceCache
	plans planCache

	regionsMu  sync.Mutex
	regions    *nlp.RegionIndex
	regionsGen uint64

	examplesMu  sync.Mutex
	examples    []string
	examplesGen uint64
}

// New returns an engine over db using analyzer an.
func New(db *store.DB, an *nlp.Analyzer) *Engine {
	e := &Engine{store: db, fig: figure.New(), judge: sync.OnceValue(verdict.New)}
	e.an.Store(an)
	e.cache.half = 16 << 20 // a seed's candidates fit whole; a large index's most asked
	e.plans.max = 8         // a plan is 0.1–1 MB decoded; task and list questions read the newest few
	return e
}

// SetAnalyzer swaps in a segmenter built after new documents brought new
// dictionary words.
func (e *Engine) SetAnalyzer(an *nlp.Analyzer) { e.an.Store(an) }

// Analyzer returns the engine's current analyzer.
func (e *Engine) Analyzer() *nlp.Analyzer { return e.an.Load() }

// Answer is the reply to one question.
type Answer struct {
	Question string `json:"question"`
	// Understood is the question as answered when it was read as a
	// follow-up of the one before it ("那2021年呢？" → "2021年新增学位多少");
	// "" when it was answered as asked.
	Understood string `json:"understood,omitempty"`
	// Kind is what the question asked for beyond one figure: verdict,
	// task, difference, ratio, list or trend; "" for a figure.
	Kind    string  `json:"kind,omitempty"`
	Found   bool    `json:"found"`
	Answers []Item  `json:"answers"`           // best first; when not found, the nearest facts
	Message string  `json:"message,omitempty"` // why nothing was found, or a caveat
	Scope   Scope   `json:"scope"`             // what was searched
	Elapsed float64 `json:"elapsed_ms"`
}

// Scope is the part of the index a question was answered from.
type Scope struct {
	Regions []string `json:"regions,omitempty"`
	Years   []int    `json:"years,omitempty"`
}

// Item is one answer: a fact with where it stands.
type Item struct {
	Figure      string    `json:"figure"`
	Value       float64   `json:"value"`
	High        float64   `json:"high,omitempty"`
	Unit        string    `json:"unit"`
	Approx      string    `json:"approx,omitempty"`
	Change      string    `json:"change,omitempty"`
	Qualitative bool      `json:"qualitative,omitempty"`
	Subject     string    `json:"subject"`
	Year        int       `json:"year"`
	Period      string    `json:"period,omitempty"`    // 十四五时期, for a figure of several years
	Within      string    `json:"within,omitempty"`    // 上半年, for a figure of part of its year
	Aggregate   string    `json:"aggregate,omitempty"` // 年均, 累计
	Kind        plan.Kind `json:"kind"`
	KindLabel   string    `json:"kind_label"`
	Excerpt     string    `json:"excerpt"`
	// Calc is a computed figure's arithmetic (9510座 − 9270座 = 240座); its
	// Excerpt then quotes the sentences it was computed from.
	Calc         string        `json:"calc,omitempty"`
	Location     plan.Location `json:"location"`
	LocationText string        `json:"location_text"`
	Document     string        `json:"document"`
	DocTitle     string        `json:"document_title"`
	Region       string        `json:"region"`
	Version      int           `json:"version"`
	Sentence     int           `json:"sentence"`
	FactID       int           `json:"fact"`
	Confidence   float64       `json:"confidence"`
	// Verdict, for a result asked against its target (目标完成了吗): met,
	// missed or unclear, and how they compare.
	Verdict     string `json:"verdict,omitempty"`
	VerdictNote string `json:"verdict_note,omitempty"`
	// Role says what an item of a composite answer is: result, target,
	// difference, one of a list, a point of a trend, a task.
	Role string `json:"role,omitempty"`
}

// Thresholds of the decision to answer. A fact is given as the answer
// only when the question's weighted content is covered well enough by
// the fact's own words and surroundings.
const (
	foundCoverage = 0.62
	foundScore    = 0.55
	maxMissing    = 0.2 // share of the question's weight that may be wholly absent
	maxAlts       = 3   // alternatives shown after the best
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

// log is the engine's logger.
func (e *Engine) log() *slog.Logger {
	if e.Logger != nil {
		return e.Logger
	}
	return slog.Default()
}

// now is the engine's clock.
func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// ask reads the question, decides where to search, searches, and
// assembles the reply.
func (e *Engine) ask(ctx context.Context, question string) (ans Answer, err error) {
	an := e.an.Load()
	trimmed, err := e.askable(ctx, question)
	if err != nil {
		return Answer{}, err
	}
	cat := e.store.Catalog()
	q, note := e.analyze(an, trimmed, cat)
	if q.English {
		defer func() { ans.Message = e.englishMessage(ctx, ans, q) }()
	}
	if q.Kind == nlp.AskTask && q.TaskNumber > 0 {
		return e.taskAnswer(ctx, q, cat), nil // 第20项任务 names no indicator
	}
	if len(q.Terms) == 0 && !(q.Kind == nlp.AskList && q.ListOf != "") {
		return Answer{Message: "没有从问题中识别出要查询的指标或事项，请换个问法" + e.exampleHint(ctx) + "。(No subject found in the question.)"}, nil
	}
	if e.store.Empty() {
		return Answer{Message: "索引中还没有文件，请先用 planbot ingest 导入计划文件。(The index holds no documents.)"}, nil
	}
	sc := e.scope(q, cat)
	if why := e.uncoveredMessage(sc); why != "" {
		items, _ := e.search(ctx, q, sc.search, an)
		return Answer{Scope: sc.Scope, Answers: items, Message: why}, nil
	}
	if q.Kind != nlp.AskFigure {
		a := e.kindAnswer(ctx, q, sc, an, cat)
		a.Message += note
		return a, nil
	}
	items, best := e.search(ctx, q, sc.search, an)
	if a, ok := e.spanChange(q, items, best); ok {
		a.Scope, a.Message = sc.Scope, a.Message+note
		return a, nil
	}
	a := reply(q, sc.Scope, items, best, note, len(cat.Regions))
	if !a.Found {
		if pa, ok := e.periodChange(ctx, q, sc, an); ok {
			pa.Scope, pa.Message = sc.Scope, pa.Message+note
			return pa, nil
		}
	}
	return a, nil
}

// periodChange answers by how much something changed over a period
// (十三五期间地方一般公共预算收入增加了多少) by the level at its end whose
// sentence names where it started (从9367亿元增加到12922亿元), when no
// figure states the change itself.
func (e *Engine) periodChange(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer) (Answer, bool) {
	if q.Period.IsZero() || len(q.Years) > 0 || q.Aggregate != plan.Annual || !changeAskedRe.MatchString(q.Text) {
		return Answer{}, false
	}
	lq := q
	lq.Rate, lq.Period, lq.FiveYears, lq.AheadYears, lq.Aggregate = false, plan.Period{}, false, false, plan.Annual
	lq.Years = []int{q.Period.To}
	items, best := e.search(ctx, lq, withYears(sc.search, lq.Years), an)
	return e.spanChange(lq, items, best)
}

// englishMessage says, in English, how an English question was read, and
// when it is not answered, what to ask in Chinese instead.
func (e *Engine) englishMessage(ctx context.Context, a Answer, q nlp.Question) string {
	if a.Found {
		return fmt.Sprintf("Read as “%s”. %s", q.Text, a.Message)
	}
	msg := "Not found in the documents."
	if len(q.Unread) > 0 {
		msg += fmt.Sprintf(" planbot reads questions in Chinese and could not read: %s.", strings.Join(q.Unread, ", "))
	}
	switch {
	case len(a.Answers) > 0 && a.Answers[0].Subject != "" && a.Answers[0].Year != 0:
		msg += fmt.Sprintf(" Try asking in Chinese, e.g. “%d年%s是多少”.", a.Answers[0].Year, a.Answers[0].Subject)
	default:
		if ex := e.Examples(ctx, 1); len(ex) > 0 {
			msg += fmt.Sprintf(" Try asking in Chinese, e.g. “%s”.", ex[0])
		}
	}
	if len(a.Answers) > 0 {
		msg += " The nearest statements follow."
	}
	return msg + " (" + a.Message + ")"
}

// askable trims a question and rejects one that cannot be asked: empty,
// or too long.
func (e *Engine) askable(ctx context.Context, question string) (string, error) {
	trimmed := strings.TrimSpace(question)
	if trimmed == "" {
		return "", plan.Errorf(plan.EINVALID, "the question is empty: ask about a figure in the plan%s", e.exampleHint(ctx))
	}
	if n := utf8.RuneCountInString(trimmed); n > nlp.MaxQuestion {
		return "", plan.Errorf(plan.EINVALID, "the question is %d characters long; ask about one figure at a time in at most %d characters", n, nlp.MaxQuestion)
	}
	return trimmed, nil
}

// uncoveredMessage says that the documents cover none of the regions, or
// none of the years, the question names, and what they do cover; "" when
// the question was searched as asked.
func (e *Engine) uncoveredMessage(sc scoping) string {
	switch {
	case len(sc.noRegions) > 0:
		return fmt.Sprintf("文件中没有%s的内容；现有文件覆盖：%s。以下是最接近的内容。", strings.Join(sc.noRegions, "、"), e.coverageText())
	case len(sc.noYears) > 0:
		return fmt.Sprintf("文件中没有%s的数据；现有文件覆盖：%s。以下是最接近的内容。", yearsText(sc.noYears), e.coverageText())
	}
	return ""
}

// reply assembles the answer from the items found, best first: found when
// the best candidate answers, with a note on whose figure it is when the
// question named no region and the index holds several; otherwise the
// nearest statements with why they do not answer.
func reply(q nlp.Question, scope Scope, items []Item, best scored, note string, regions int) Answer {
	ans := Answer{Scope: scope, Answers: items, Message: note}
	if len(items) == 0 {
		ans.Message = "文件中没有找到相关内容。(Nothing in the documents matches.)"
		return ans
	}
	if best.answers() {
		ans.Found = true
		if len(scope.Regions) == 0 && regions > 1 {
			note, ambiguous := regionsNote(items)
			ans.Message += note
			// Two regions' figures answer as well: which is meant, only
			// the asker knows. Show both rather than pick one.
			ans.Found = !ambiguous
		}
		return ans
	}
	ans.Message = notFoundMessage(q, best) + note
	return ans
}

// answers reports a candidate good enough to be given as the answer.
func (s scored) answers() bool {
	return s.coverage >= foundCoverage && s.score >= foundScore && s.missing < maxMissing && s.mismatch == fits
}

// search retrieves and scores candidates; it returns up to 1+maxAlts
// distinct items, best first, and the best candidate's scores.
func (e *Engine) search(ctx context.Context, q nlp.Question, scope Scope, an *nlp.Analyzer) ([]Item, scored) {
	recs, st := e.retrieve(ctx, q, scope)
	if len(recs) == 0 {
		return nil, scored{}
	}
	all := scoreCandidates(q, scope, recs, st, an, searchReads, nil)
	if len(all) == 0 {
		return nil, scored{}
	}
	promoteAmount(all)
	items := make([]Item, 0, maxAlts+1)
	distinct(all, func(s scored) { items = append(items, e.item(s)) })
	return items, all[0]
}

// distinct calls keep with each candidate of all, in order, that search
// gives as an item, each figure once, up to 1+maxAlts; it returns how
// many of all it read.
func distinct(all []scored, keep func(scored)) int {
	var buf [maxAlts + 1]string
	seen := buf[:0]
	for i, s := range all {
		key := s.c.keys[s.fact]
		if slices.Contains(seen, key) {
			continue
		}
		seen = append(seen, key)
		keep(s)
		if len(seen) > maxAlts {
			return i + 1
		}
	}
	return len(all)
}

// itemKey says which facts give the same item: those with one figure,
// subject, year and kind.
func itemKey(f *plan.Fact) string {
	return f.Figure + "|" + f.Subject + "|" + strconv.Itoa(f.Year) + "|" + string(f.Kind)
}

// searchReads is how far down the candidates, sorted best first, search
// reads: to the last of its items, and, when the best is a rate, as far
// as promoteAmount looks for an amount; -Inf when it would read on past
// the end.
func searchReads(all []scored) float64 {
	low := math.Inf(1)
	if promotable(all[0].mismatch) {
		low = amountMargin * all[0].score
	}
	cp := slices.Clone(all)
	promoteAmount(cp)
	kept := 0
	n := distinct(cp, func(scored) { kept++ })
	if kept <= maxAlts {
		return math.Inf(-1)
	}
	for _, s := range cp[:n] {
		low = math.Min(low, s.score)
	}
	return low
}

// readsBest is how far down topOf reads: the best.
func readsBest(all []scored) float64 { return all[0].score }

// promoteAmount puts first an amount that answers a 是多少 question when
// only a growth rate, scored a little higher, stands before it: the rate
// is the second best answer to an amount (全省生产总值…4.93万亿元 over the
// year's 增长5.2%), not a reason to give none.
//
// So with a figure of the other kind than asked: 居民人均收入达到多少了 is
// 2020's 5.7万元, not refused for the 2025 target scored a little higher.
func promoteAmount(all []scored) {
	if !promotable(all[0].mismatch) {
		return
	}
	for i, s := range all[1:] {
		if s.score < amountMargin*all[0].score {
			return
		}
		if s.answers() {
			copy(all[1:i+2], all[:i+1])
			all[0] = s
			return
		}
	}
}

// promotable reports a best candidate's mismatch that lets a fitting one
// scored a little lower answer instead.
func promotable(m mismatch) bool { return m == rateForAmount || m == wrongKind }

// amountMargin is how far below a growth rate an amount may score and
// still be preferred to it.
const amountMargin = 0.9

// regionsNote lists the figures of other regions that answer as well as
// the best one, when the question named no region: 新增学位 is 9510座 in
// one district and 12000座 in another, and neither is "the" answer. It
// reports whether another region's figure answers as well.
func regionsNote(items []Item) (string, bool) {
	top := items[0]
	parts := []string{top.Region + " " + top.Figure + "（" + top.KindLabel + "）"}
	seen := map[string]bool{top.Region: true}
	for _, it := range items[1:] {
		if seen[it.Region] || it.Confidence < top.Confidence-0.15 {
			continue
		}
		seen[it.Region] = true
		p := it.Region + " " + it.Figure
		switch {
		case it.Year != top.Year:
			p += fmt.Sprintf("（%d年%s）", it.Year, it.KindLabel)
		case it.Kind != top.Kind:
			p += "（" + it.KindLabel + "）"
		}
		parts = append(parts, p)
	}
	if len(parts) == 1 {
		return "（问题未指明地区，此为" + top.Region + "的数字。）", false
	}
	return "（问题未指明地区，各地区的数字不同：" + strings.Join(parts, "；") + "。请在问题中写明地区。）", true
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
		return "文件中没有" + years + "这项的总量数字，只有增长速度或占比，见下。(The documents give only a growth rate or a share for this.)"
	case amountForRate:
		return "文件中没有" + years + "这项的增长速度或比例，只有总量数字，见下。(The documents give only an amount for this, no rate.)"
	case wrongUnit:
		return "文件中没有以所问单位表述的数字，以下是最接近的内容。(The documents do not state this in the unit asked; nearest statements follow.)"
	case wrongPeriod:
		return periodMessage(q, best)
	case noFigure:
		return "文件中没有" + years + "这项的具体数字，只有文字表述，见下。(The documents state this in words only; nearest statements follow.)"
	case otherIndicator:
		return "文件中没有" + years + "这项指标本身的数字，只有相近或分项指标的数字，见下。(The documents give this only for a related or partial indicator; nearest statements follow.)"
	}
	return generic
}

// periodMessage says that the documents give this for other years than
// asked: only a five-year figure for a year, or the reverse.
func periodMessage(q nlp.Question, best scored) string {
	f := best.c.rec.Facts[best.fact]
	switch {
	case f.Within != q.Within && f.Within != "":
		asked := cmp.Or(q.Within, "全年")
		return "文件中没有" + yearsText(q.Years) + asked + "这项的数字，只有" + f.Within + "的数字，见下。(The documents give this only for " + f.Within + " of the year; nearest statements follow.)"
	case f.Within != q.Within:
		return "文件中没有" + yearsText(q.Years) + q.Within + "这项的数字，以下是最接近的内容。(The documents give no figure for " + q.Within + "; nearest statements follow.)"
	case !q.Period.IsZero() && q.Aggregate == plan.YearlyMean:
		return "文件中没有" + q.Period.Label() + "这项的年均数字，以下是最接近的内容。(The documents give no yearly mean over this period; nearest statements follow.)"
	case !q.Period.IsZero():
		return "文件中没有" + q.Period.Label() + "这项的数字，以下是最接近的内容。(The documents give no figure for this period; nearest statements follow.)"
	case !f.Period.IsZero():
		return "文件中没有" + yearsText(q.Years) + "这项的当年数字，只有" + f.Period.Label() + "的数字，见下。(The documents give only a figure for " + fmt.Sprintf("%d–%d", f.Period.From, f.Period.To) + ".)"
	}
	return "文件中没有" + yearsText(q.Years) + "这项的当年数字，只有年均数字，见下。(The documents give only a yearly mean for this.)"
}

// item is the answer a scored fact gives, with its document's title and
// region.
func (e *Engine) item(s scored) Item {
	f := s.c.rec.Facts[s.fact]
	meta, _ := e.store.Meta(s.c.rec.DocID)
	return Item{
		Figure: f.Figure, Value: f.Value, High: f.High, Unit: f.Unit, Approx: f.Approx, Change: f.Change,
		Qualitative: f.Qualitative, Subject: f.Subject, Year: f.Year, Period: f.Period.Label(), Aggregate: string(f.Aggregate),
		Kind: f.Kind, KindLabel: f.Within + f.Kind.Label(), Within: f.Within,
		Excerpt: s.c.rec.Text, Location: f.Loc, LocationText: s.c.locs[s.fact],
		Document: s.c.rec.DocID, DocTitle: meta.Title, Region: meta.Region, Version: s.c.rec.Version,
		Sentence: s.c.rec.ID, FactID: f.ID, Confidence: math.Round(math.Min(1, s.score)*100) / 100,
	}
}

// exampleHint is "，例如“…”" with a question the documents answer, or "".
func (e *Engine) exampleHint(ctx context.Context) string {
	if ex := e.Examples(ctx, 1); len(ex) > 0 {
		return "，例如“" + ex[0] + "”"
	}
	return ""
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

// yearsText lists years: 2021年、2022年.
func yearsText(ys []int) string {
	var s []string
	for _, y := range ys {
		s = append(s, fmt.Sprintf("%d年", y))
	}
	return strings.Join(s, "、")
}

// AskFollowUp answers a question asked after another in one conversation
// (a Slack thread): one that names only a year, a region or a period (那
// 2021年呢？, 南山区呢？, 目标呢？) is read as the previous question asked
// again of them, and the reply says so. Any other question is asked as it
// is.
func (e *Engine) AskFollowUp(ctx context.Context, question, previous string) (Answer, error) {
	merged, ok := e.followUp(question, previous)
	if !ok {
		return e.Ask(ctx, question)
	}
	a, err := e.Ask(ctx, merged)
	a.Question = question
	a.Understood = merged
	a.Message = fmt.Sprintf("（接上一问，按“%s”理解。）", merged) + a.Message
	return a, err
}

// followUp reads question as a follow-up of previous, returning the
// question it stands for.
func (e *Engine) followUp(question, previous string) (string, bool) {
	previous = strings.TrimSpace(previous)
	if previous == "" || !nlp.FollowUpWords(question) {
		return "", false
	}
	an := e.an.Load()
	cat := e.store.Catalog()
	q, _ := e.analyze(an, strings.TrimSpace(question), cat)
	if len(contentTerms(q)) > 0 && !q.Target && !q.Result {
		return "", false // it names its own subject: a question of its own
	}
	p, _ := e.analyze(an, previous, cat)
	return an.Substitute(p, q), true
}
