package answer

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
	"github.com/planbot/planbot/verdict"
)

// targetAndResult finds, for the year asked (else the newest reported),
// the target an indicator had and what was achieved: the best fact of
// each kind, each one that would answer on its own. A target in percent
// is matched by a result in percent (增长6.8% by 增长8.6%, not 5318.2亿元).
func (e *Engine) targetAndResult(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) (target, result Item, tok, rok bool) {
	scope := withYears(sc.search, judgedYears(q, cat, sc.search.Regions))
	recs, st := e.retrieve(ctx, q, scope) // the same words asked twice
	var ts scored
	var cov covered // the same words read twice
	target, ts, tok = e.topOf(asTarget(q), scope, an, recs, st, &cov)
	rq := asResult(q)
	if tok && isShare(&ts.c.rec.Facts[ts.fact]) {
		rq.Rate = true
	}
	result, _, rok = e.topOf(rq, scope, an, recs, st, &cov)
	if tok && rok && target.Year != result.Year {
		rok = false // a result of another year says nothing of this target
	}
	return target, result, tok, rok
}

// verdictAnswer says whether a target was met (2021年GDP目标完成了吗):
// the result first, with the verdict, then the target, both cited. With
// either missing it says which, and shows what there is.
func (e *Engine) verdictAnswer(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) Answer {
	target, result, tok, rok := e.targetAndResult(ctx, q, sc, an, cat)
	target.Role, result.Role = "target", "result"
	switch {
	case tok && rok:
		v := e.judge().Judge(target.Figure, result.Figure)
		result.Verdict, result.VerdictNote = string(v.Outcome), v.Note
		msg := fmt.Sprintf("%d年%s：目标%s，实际%s——%s（%s）。", result.Year, result.Subject, target.Figure, result.Figure, v.Outcome.Label(), v.Note)
		return Answer{Found: true, Answers: []Item{result, target}, Message: msg}
	case tok:
		// Read as a target, it may be a result that says it was done (供应
		// 公共住房近1.7万套，双倍完成市下达任务); only words no plan uses of
		// what it will do count: a plan's 全面完成…任务 is its target.
		if it, ok := statedAgainstTarget(target); ok && slices.ContainsFunc(doneWords, func(w string) bool { return strings.Contains(it.VerdictNote, w) }) {
			return statedVerdict(it)
		}
		// Half of what a verdict needs: the answer is that it cannot be
		// judged, with the half the documents give.
		target.Verdict, target.VerdictNote = string(verdict.Unclear), "缺少完成情况"
		return Answer{Found: true, Answers: []Item{target}, Message: fmt.Sprintf("无法判断：文件中还没有%d年这项的完成情况（目标为%s）。(Cannot judge: no result is given for this target yet.)", target.Year, target.Figure)}
	case rok:
		if it, ok := statedAgainstTarget(result); ok {
			// 增长4.0%，高于年初目标任务3.5个百分点: the report judges it.
			return statedVerdict(it)
		}
		if it, judged, ok := e.judgedElsewhere(ctx, q, result); ok {
			a := statedVerdict(it)
			a.Answers = append(a.Answers, judged) // the sentence that judges it, cited
			return a
		}
		result.Verdict, result.VerdictNote = string(verdict.Unclear), "缺少目标"
		return Answer{Found: true, Answers: []Item{result}, Message: fmt.Sprintf("无法判断：文件中没有%d年这项的目标；实际为%s。(Cannot judge: no target is given for this, only the result.)", result.Year, result.Figure)}
	}
	if judged, ok := e.judgedInWords(ctx, q, sc.search.Regions, cat); ok {
		// 去年我国进出口总额出现下降，预期增长目标未能实现: no figure,
		// but the report's own verdict.
		o := verdict.Outcome(judged.Verdict)
		msg := fmt.Sprintf("%d年%s：文件写明“%s”——%s（文中未给出目标和完成数字）。", judged.Year, judged.Subject, judged.VerdictNote, o.Label())
		return Answer{Found: true, Answers: []Item{judged}, Message: msg}
	}
	items, _ := e.search(ctx, q, sc.search, an)
	return Answer{Answers: items, Message: "文件中没有找到这项的目标和完成情况，以下是最接近的内容。(The documents give neither a target nor a result for this.)"}
}

// judgedInWords finds the verdict a review states in words of an
// indicator it gives no figure for, in the documents reporting on the
// year asked: the judging sentence, cited, with no figure.
func (e *Engine) judgedInWords(ctx context.Context, q nlp.Question, regions []string, cat *store.Catalog) (Item, bool) {
	var alts []string
	head := ""
	for _, t := range q.Terms {
		if t.Head {
			alts, head = t.Alts, t.Word
		}
	}
	years := judgedYears(q, cat, regions)
	if head == "" || len(years) != 1 {
		return Item{}, false
	}
	for _, m := range cat.Docs {
		if m.ReportYear != years[0] || len(regions) > 0 && !slices.Contains(regions, m.Region) {
			continue
		}
		doc, err := e.plan(ctx, m.ID)
		if err != nil {
			continue
		}
		subject := Item{Subject: head, Year: m.ReportYear, Kind: plan.KindResult, KindLabel: plan.KindResult.Label()}
		for i := range doc.Parts {
			if pt := &doc.Parts[i]; pt.Kind == plan.KindResult {
				if it, judged, ok := judgedIn(doc, pt, alts, subject); ok {
					judged.Verdict, judged.VerdictNote = it.Verdict, it.VerdictNote
					return judged, true
				}
			}
		}
	}
	return Item{}, false
}

// judgedElsewhere finds a sentence of the result's document, in a part
// that reviews, that judges the indicator in words, without a figure (去年生产总值、进出口等指标增速未能
// 实现年度预期目标): the report's own verdict on the year it reviews.
func (e *Engine) judgedElsewhere(ctx context.Context, q nlp.Question, result Item) (it, judged Item, ok bool) {
	doc, err := e.plan(ctx, result.Document)
	if err != nil || doc.ReportYear == 0 || result.Year != doc.ReportYear {
		return Item{}, Item{}, false
	}
	var alts []string
	for _, t := range q.Terms {
		if t.Head {
			alts = t.Alts
		}
	}
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		if pt.Kind != plan.KindResult {
			continue
		}
		if it, judged, ok = judgedIn(doc, pt, alts, result); ok {
			return it, judged, true
		}
	}
	return Item{}, Item{}, false
}

// judgedIn is judgedElsewhere in one part.
func judgedIn(doc *planDoc, pt *plan.Part, alts []string, result Item) (it, judged Item, ok bool) {
	for _, s := range pt.Sentences() {
		for _, clause := range strings.FieldsFunc(s.Text, func(r rune) bool { return r == '；' || r == ';' || r == '。' }) {
			m := wordedVerdictRe.FindStringSubmatchIndex(clause)
			if m == nil || yearRe.MatchString(clause) {
				continue
			}
			low := strings.ToLower(clause)
			named := slices.ContainsFunc(alts, func(a string) bool {
				i := strings.Index(low, a)
				// The indicator itself, first of a list or with its
				// measure (生产总值、进出口等指标增速), not a word inside
				// another's name (单位生产总值能耗).
				return i >= 0 && i < m[0] && judgedNameEnd(low[i+len(a):])
			})
			if !named || hedgedRe.MatchString(clause[:m[0]]) {
				continue // 可望完成年度目标: a forecast, not a verdict
			}
			it = result
			it.Verdict, it.VerdictNote = string(verdict.Met), clause[m[0]:m[1]]
			if m[2] >= 0 || m[4] >= 0 {
				it.Verdict = string(verdict.Missed)
			}
			judged = Item{Subject: result.Subject, Year: result.Year, Kind: result.Kind, KindLabel: result.KindLabel, Role: "judged",
				Excerpt: s.Text, Sentence: s.ID, Document: doc.ID, DocTitle: doc.Title, Region: doc.Region, Version: doc.version, Confidence: result.Confidence}
			judged.Location = plan.Location{Outline: doc.Outline, Part: pt.Number, PartTitle: pt.Title, Page: s.Page}
			judged.LocationText = judged.Location.String()
			return it, judged, true
		}
	}
	return Item{}, Item{}, false
}

// judgedNameEnd reports what follows an indicator's name in a clause
// that judges it: a list mark, or its measure (等指标增速, 增长).
func judgedNameEnd(rest string) bool {
	return rest == "" || strings.ContainsAny(rest[:min(len(rest), len("、"))], "、，,和与及") ||
		slices.ContainsFunc([]string{"等", "指标", "增速", "增长", "目标", "总量", "总额"}, func(w string) bool { return strings.HasPrefix(rest, w) })
}

// hedgedRe closes words that make a verdict a forecast: 可望完成.
var hedgedRe = regexp.MustCompile(`(?:可望|有望|预计|确保|力争|争取|努力)$`)

// wordedVerdictRe is a clause's own verdict on a year's targets, in words:
// 未能实现年度预期目标, 完成年度目标任务, 预期增长目标未能实现.
var wordedVerdictRe = regexp.MustCompile(`(未能|未|没有|没能)?(?:全面|超额|圆满)?(?:实现|完成|达到)(?:了)?(?:年度|全年|年初)?(?:预期|确定的)?(?:目标)(?:任务)?|(?:年度|全年|年初)?(?:预期)?(?:增长)?目标(?:任务)?(未能|未|没有|没能)?(?:全面|超额|圆满|如期)?(?:实现|完成)`)

// yearRe is a year written out.
var yearRe = regexp.MustCompile(`\d{4}\s*年`)

// statedVerdict answers with the one figure found and the verdict its
// sentence states of it (VerdictNote: the words that state it).
func statedVerdict(it Item) Answer {
	o, note := verdict.Outcome(it.Verdict), it.VerdictNote
	fig := it.Figure
	if it.Role == "result" {
		fig = "实际" + fig
	}
	return Answer{Found: true, Answers: []Item{it}, Message: fmt.Sprintf("%d年%s：%s，%s——%s（文件未单列目标）。", it.Year, it.Subject, fig, note, o.Label())}
}

// againstTargetRe is a result's own words on its target, right after it:
// 高于年初目标任务3.5个百分点, 增速高于预期目标, 低于年度目标, 超过市下达任务量46%; or that it
// fulfilled it: 完成年度计划的160%, 双倍完成市下达任务, 超额完成年度目标.
var againstTargetRe = regexp.MustCompile(`^[，,、]?(?:增速|增幅)?(?:(高于|超过|超出|好于|快于|低于|慢于|未达到|未完成)(?:了)?(?:年初|预期|年度|全年)?(?:国家|省|市|区|上级)?(?:下达的?)?(?:确定的|制定的)?(?:目标|计划|任务)(?:任务|量)?(?:\d+(?:\.\d+)?(?:个百分点|[%％]))?|(?:超额|双倍|提前|全面)?(完成)(?:了)?(?:年度|全年|年初)?(?:国家|省|市|区|上级)?(?:下达的?)?[^，,。；;]{0,12}?(?:计划|目标|任务)(?:任务)?(?:的(\d+(?:\.\d+)?)[%％])?)`)

// doneWords say a task was done, and no plan says them of what it will do.
var doneWords = []string{"超额", "双倍", "提前", "%", "％"}

// rateDoneRe is a completion rate right after a result: ，完成率119.5%.
var rateDoneRe = regexp.MustCompile(`^[，,、]?(?:年度)?(?:计划|目标|任务)?完成率(?:为|达)?(\d+(?:\.\d+)?)[%％]`)

// fulfilledRe closes a target fulfilled that holds its figure: 完成公办幼儿
// 园占比30%的阶段性目标, 全面完成上级下达的…2.2万亩粮食种植任务 (before:
// 完成…; after: …目标 or …任务).
var (
	fulfilledBeforeRe = regexp.MustCompile(`(?:超额|提前|全面)?(?:完成|实现)[^，,。；]{0,24}$`)
	fulfilledAfterRe  = regexp.MustCompile(`^的?[^，,。；、]{0,10}?(?:目标|任务)`)
	// 全面完成省十件民生实事: all of what was planned, done.
	allDoneRe = regexp.MustCompile(`(?:全面|全部|如期|圆满|超额)完成[^，,。；]{0,8}$`)
	// 119项年度民生实事完成118项: done of how many planned.
	doneOfRe = regexp.MustCompile(`(\d+)(\p{Han})[^，,。；\d]{0,12}完成$`)
	countRe  = regexp.MustCompile(`^(\d+)(\p{Han})$`)
	// …完成118项 after the count planned.
	doneAfterRe = regexp.MustCompile(`^[^，,。；;\d]{0,12}完成(\d+)(\p{Han})`)
	// allExpectedRe closes a list of figures with how they all stand
	// against what was expected: ，均好于预期.
	allExpectedRe = regexp.MustCompile(`[，,](?:均|都|全部)(好于|高于|超过|优于|超出|低于|不及)(?:年初|全年|年度)?(?:预期|目标)[^，,。；;]*[。]?$`)
	// listDoneRe is a clause right after a figure's that says its task
	// was done: ，超额完成年度目标任务.
	listDoneRe = regexp.MustCompile(`^[^，,。；;]*[，,]((?:提前\d+个月)?(?:超额|全面|圆满|提前)?完成(?:了)?(?:年度|全年)?(?:国家|省|市|区|上级)?(?:下达的?)?(?:目标)?任务)`)
	// timesTaskRe is a result as a multiple or share of its task, right
	// after it: ，为年度任务1.5倍, 是年度计划的120%.
	timesTaskRe = regexp.MustCompile(`^[，,]?(?:为|是|达|相当于)(?:年度|全年|年初)?(?:国家|省|市|区|上级)?(?:下达的?)?(?:目标|计划|任务)(?:任务)?的?(\d+(?:\.\d+)?)(倍|%|％)`)
	// clauseRestRe is the rest of a figure's clause.
	clauseRestRe = regexp.MustCompile(`^[^，,。；;]*`)
)

// statedAgainstTarget reads how a result says it stands against its
// target, when its sentence says so right next to the figure: met or
// missed, and the words.
//
// The item returned carries the verdict and its words; its figure is
// what was done when the item's figure is what was planned (119项年度民生
// 实事完成118项).
func statedAgainstTarget(it Item) (Item, bool) {
	if it.Figure == "" {
		return it, false
	}
	// The figure may stand more than once (40项民生实事完成40项): each
	// place it stands is read.
	for i, from := 0, 0; ; from = i + len(it.Figure) {
		j := strings.Index(it.Excerpt[from:], it.Figure)
		if j < 0 {
			return it, false
		}
		i = from + j
		if o, note, done, ok := statedAround(it.Figure, it.Excerpt[:i], it.Excerpt[i+len(it.Figure):]); ok {
			it.Verdict, it.VerdictNote = string(o), note
			if done != "" {
				it.Figure, it.Value, it.High = done, countValue(done), 0
			}
			return it, true
		}
	}
}

// statedAround reads a verdict in the words before and after a figure.
func statedAround(figure, before, after string) (o verdict.Outcome, note, done string, ok bool) {
	c := countRe.FindStringSubmatch(figure)
	if m := doneAfterRe.FindStringSubmatch(after); m != nil && c != nil && c[2] == m[2] {
		// 119项年度民生实事完成118项, read at 119项: what was done is the answer.
		done = m[1] + m[2]
		if countValue(done) < countValue(figure) {
			return verdict.Missed, figure + m[0], done, true
		}
		return verdict.Met, figure + m[0], done, true
	}
	if fulfilledBeforeRe.MatchString(before) && fulfilledAfterRe.MatchString(after) {
		m := fulfilledBeforeRe.FindString(before)
		return verdict.Met, m + figure + fulfilledAfterRe.FindString(after), "", true
	}
	if m := doneOfRe.FindStringSubmatch(before); m != nil && c != nil && c[2] == m[2] {
		if countValue(figure) < countValue(m[1]+m[2]) {
			return verdict.Missed, m[0] + figure, "", true
		}
		return verdict.Met, m[0] + figure, "", true
	}
	if m := allExpectedRe.FindStringSubmatch(after); m != nil {
		// …固定资产投资规模348.86亿元，…，均好于预期: said of each figure listed.
		note = strings.TrimLeft(m[0], "，,")
		if m[1] == "低于" || m[1] == "不及" {
			return verdict.Missed, note, "", true
		}
		return verdict.Met, note, "", true
	}
	if m := listDoneRe.FindStringSubmatch(after); m != nil {
		// 退出钢铁产能超过6500万吨、煤炭产能超过2.9亿吨，超额完成年度目标
		// 任务: the clause after the list judges it.
		return verdict.Met, m[1], "", true
	}
	if m := allDoneRe.FindString(before); m != "" {
		return verdict.Met, m + figure + clauseRestRe.FindString(after), "", true
	}
	if m := timesTaskRe.FindStringSubmatch(after); m != nil {
		// 整备连片土地43.6万平方米，为年度任务1.5倍
		v, _ := strconv.ParseFloat(m[1], 64)
		if m[2] != "倍" {
			v /= 100
		}
		note := strings.TrimLeft(m[0], "，,")
		if v < 1 {
			return verdict.Missed, note, "", true
		}
		return verdict.Met, note, "", true
	}
	if m := rateDoneRe.FindStringSubmatch(after); m != nil {
		// 投资完成94.9亿元，完成率119.5%
		pct, _ := strconv.ParseFloat(m[1], 64)
		note := strings.TrimLeft(m[0], "，,、")
		if pct < 100 {
			return verdict.Missed, note, "", true
		}
		return verdict.Met, note, "", true
	}
	m := againstTargetRe.FindStringSubmatch(after)
	if rest := clauseRestRe.FindString(after); m == nil && rest != "" && utf8.RuneCountInString(rest) <= 10 && !strings.ContainsAny(rest, "0123456789") {
		// 淘汰和转型438家落后产能企业，完成市里下达计划的101.8%: the
		// things counted stand between the figure and the words on it.
		m = againstTargetRe.FindStringSubmatch(after[len(rest):])
	}
	if m == nil {
		return "", "", "", false
	}
	note = strings.TrimLeft(m[0], "，,、")
	switch {
	case m[2] == "完成" && m[3] != "":
		if pct, err := strconv.ParseFloat(m[3], 64); err == nil && pct < 100 {
			return verdict.Missed, note, "", true // 完成年度计划的92%
		}
		return verdict.Met, note, "", true
	case m[2] == "完成":
		return verdict.Met, note, "", true
	}
	switch m[1] {
	case "低于", "慢于", "未达到", "未完成":
		return verdict.Missed, note, "", true
	}
	return verdict.Met, note, "", true
}

// countValue is the number of a count (118项).
func countValue(fig string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimRightFunc(fig, func(r rune) bool { return r > '9' }), 64)
	return v
}

// ratioAnswer says what share of its target a result reached (新增学位完成
// 了目标的百分之几): the result divided by the target, both cited, when
// both are amounts in one unit.
func (e *Engine) ratioAnswer(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) Answer {
	target, result, tok, rok := e.targetAndResult(ctx, q, sc, an, cat)
	if !tok || !rok {
		a := e.verdictAnswer(ctx, q, sc, an, cat)
		a.Found = false
		return a
	}
	t, r := amountOf(target), amountOf(result)
	if !t.ok || !r.ok || t.base != r.base || t.value == 0 || strings.HasSuffix(target.Unit, "%") {
		return Answer{Answers: []Item{result, target}, Message: fmt.Sprintf("目标%s与完成%s不是同一单位的数量，无法计算完成比例。(The target and the result cannot be divided.)", target.Figure, result.Figure)}
	}
	pct := math.Round(r.value/t.value*1000) / 10
	calc := Item{
		Figure: fmt.Sprintf("%s%%", trimZero(pct)), Value: pct, Unit: "%", Subject: result.Subject + "完成目标的比例",
		Year: result.Year, Kind: plan.KindResult, KindLabel: "计算", Role: "ratio",
		Calc: fmt.Sprintf("%s ÷ %s = %s%%", result.Figure, target.Figure, trimZero(pct)), Confidence: math.Min(result.Confidence, target.Confidence),
	}
	calc.Excerpt = quoteBoth(result, target)
	result.Role, target.Role = "result", "target"
	return Answer{Found: true, Answers: []Item{calc, result, target}, Message: fmt.Sprintf("%d年%s完成%s，目标%s，完成目标的%s%%。", result.Year, result.Subject, result.Figure, target.Figure, trimZero(pct))}
}

// amount is a figure in its base unit: 1.2万人 is 12000 人.
type amount struct {
	value float64
	base  string
	ok    bool
}

// scaleOf are the scales a unit may start with.
var scaleOf = []struct {
	prefix string
	mult   float64
}{{"万亿", 1e12}, {"千万", 1e7}, {"百万", 1e6}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3}}

// amountOf reads an item's figure as an amount in its base unit, signed
// (a decline is negative); not ok for a figure in words.
func amountOf(it Item) amount {
	if it.Qualitative || it.Unit == "" && it.Value == 0 {
		return amount{}
	}
	v, u := it.Value, it.Unit
	for _, s := range scaleOf {
		if rest, ok := strings.CutPrefix(u, s.prefix); ok && rest != "" {
			v, u = v*s.mult, rest
			break
		}
	}
	if u == "％" {
		u = "%"
	}
	if it.Change == "下降" {
		v = -v
	}
	return amount{v, u, true}
}

// trimZero writes x without a needless .0: 240, 2.6.
func trimZero(x float64) string {
	if x == math.Trunc(x) {
		return fmt.Sprintf("%.0f", x)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}
