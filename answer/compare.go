package answer

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/store"
)

// differenceAnswer computes how much one figure exceeds another
// (2022年比2021年新增学位多了多少; 福田比南山…高多少): the same question
// asked of each year (or region) named, the first minus the second, in
// the larger one's unit, in percentage points for rates, with both cited
// and the arithmetic stated.
func (e *Engine) differenceAnswer(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) Answer {
	if q.AgainstTarget {
		return e.targetDifference(ctx, q, sc, an, cat)
	}
	scopes, labels := compared(q, sc)
	if len(scopes) != 2 {
		if a, ok := e.indicatorDifference(ctx, q, sc, an, cat); ok {
			return a
		}
		items, _ := e.search(ctx, q, sc.search, an)
		return Answer{Answers: items, Message: "请写明要比较的两个年份或地区，例如“2022年比2021年新增学位多了多少”。(Name the two years or regions to compare.)"}
	}
	var items []Item
	for i, s := range scopes {
		it, _, ok := e.top(ctx, an.Side(q, i), s, an)
		if !ok {
			return Answer{Answers: nonEmptyItems(it), Message: fmt.Sprintf("文件中没有%s这项的数字，无法比较。(No figure for %s.)", labels[i], labels[i])}
		}
		it.Role = "compared"
		items = append(items, it)
	}
	calc, word, ok := difference(items[0], items[1], labels[0], labels[1])
	if !ok {
		return Answer{Answers: items, Message: fmt.Sprintf("%s为%s，%s为%s，单位不同或不是数字，无法相减。(The two figures cannot be subtracted.)", labels[0], items[0].Figure, labels[1], items[1].Figure)}
	}
	calc.Excerpt = quoteBoth(items[0], items[1])
	msg := fmt.Sprintf("%s%s为%s（%s），%s为%s（%s），%s%s（%s）。", labels[0], items[0].Subject, items[0].Figure, items[0].KindLabel, labels[1], items[1].Figure, items[1].KindLabel, word, unsigned(calc), calc.Calc)
	return Answer{Found: true, Answers: append([]Item{calc}, items...), Message: msg}
}

// targetDifference says how far a result is above or below its target
// (2021年GDP增速比目标高多少): the result minus the target, in percentage
// points for rates, with the verdict and both cited.
func (e *Engine) targetDifference(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) Answer {
	target, result, tok, rok := e.targetAndResult(ctx, q, sc, an, cat)
	if !tok || !rok {
		a := e.verdictAnswer(ctx, q, sc, an, cat)
		a.Found = false
		return a
	}
	result.Role, target.Role = "result", "target"
	v := e.judge().Judge(target.Figure, result.Figure)
	result.Verdict, result.VerdictNote = string(v.Outcome), v.Note
	calc, word, ok := difference(result, target, "实际", "目标")
	if !ok {
		return Answer{Answers: []Item{result, target}, Message: fmt.Sprintf("%d年%s：目标%s，实际%s，不是可以相减的两个数字；%s（%s）。(The target and the result cannot be subtracted.)", result.Year, result.Subject, target.Figure, result.Figure, v.Outcome.Label(), v.Note)}
	}
	calc.Verdict, calc.VerdictNote = result.Verdict, result.VerdictNote
	calc.Excerpt = quoteBoth(result, target)
	msg := fmt.Sprintf("%d年%s：实际%s，目标%s，实际比目标%s%s（%s）。", result.Year, result.Subject, result.Figure, target.Figure, word, unsigned(calc), calc.Calc)
	return Answer{Found: true, Answers: []Item{calc, result, target}, Message: msg}
}

// difference computes a − b when both are amounts of one base unit: in
// the larger one's unit, in percentage points for rates. It returns the
// computed item and the word that says which way (多, 少, 高, 低).
func difference(x, y Item, xLabel, yLabel string) (Item, string, bool) {
	a, b := amountOf(x), amountOf(y)
	if !a.ok || !b.ok || a.base != b.base {
		return Item{}, "", false
	}
	d := a.value - b.value
	// Two declines (万元GDP能耗下降) compare by how much each fell: 下降7.7%
	// against 下降5.0% fell 2.7 points more.
	falls := x.Change == "下降" && y.Change == "下降"
	if falls {
		d = -d
	}
	unit, shown := x.Unit, d
	if a.base == "%" {
		unit = "个百分点"
	} else if s := scaleFactor(x.Unit); s > 1 && math.Abs(d) >= s {
		shown = d / s
	} else {
		unit = a.base
	}
	word := "多"
	if a.base == "%" {
		word = "高"
	}
	if d < 0 {
		word = map[string]string{"多": "少", "高": "低"}[word]
	}
	xf, yf := x.Figure, y.Figure
	switch {
	case falls:
		word = map[bool]string{true: "少降", false: "多降"}[d < 0]
		xf, yf = strings.TrimPrefix(xf, "下降"), strings.TrimPrefix(yf, "下降")
	case a.base == "%":
		xf, yf = strings.TrimPrefix(xf, "增长"), strings.TrimPrefix(yf, "增长")
	}
	fig := trimZero(math.Round(math.Abs(shown)*100)/100) + unit
	calcFig, also := fig, ""
	if s := scaleFactor(x.Unit); s > 1 && math.Abs(d) >= s && a.base != "%" && math.Abs(math.Round(math.Abs(shown)*100)/100-math.Abs(shown)) > 1e-9 {
		// 2万个 − 9939个 = 10061个: 1.01万个 would round it away.
		calcFig = strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", math.Abs(shown)), "0"), ".") + unit
		also = "（" + trimZero(math.Abs(d)) + a.base + "）"
		fig = calcFig + also
	} else if s := scaleFactor(x.Unit); s > 1 && x.Unit == y.Unit && a.base != "%" && math.Abs(d) < s {
		// 2.2万个 − 1.6万个: 0.6万个 in the figures' own unit, as the
		// documents would write it, and 6000个.
		calcFig, also = trimZero(math.Round(math.Abs(d)/s*10000)/10000)+x.Unit, "（"+fig+"）"
		fig = calcFig + also
	}
	shownFig := fig
	if d < 0 {
		// The other way than 高/多 asks: said in the figure itself, so a
		// glance at it is not misread (低0.6个百分点, not 0.6个百分点).
		shownFig = word + fig
	}
	calc := Item{
		Figure: shownFig, Value: math.Abs(shown), Unit: unit, Subject: fmt.Sprintf("%s比%s%s", xLabel, yLabel, word),
		Year: x.Year, Kind: x.Kind, KindLabel: "计算", Role: "difference",
		Calc:       fmt.Sprintf("%s − %s = %s%s", xf, yf, map[bool]string{true: "−", false: ""}[d < 0], calcFig),
		Confidence: math.Min(x.Confidence, y.Confidence),
	}
	return calc, word, true
}

// indicatorDifference answers A比B高多少 of two indicators of one year and
// place (城镇居民人均可支配收入比农村居民高多少, 货物出口比进口多多少): each
// asked on its own, B completed by A's words after what the two share;
// false when the question is not of that form.
func (e *Engine) indicatorDifference(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) (Answer, bool) {
	left, right, ok := comparedIndicators(q.Text)
	if !ok {
		return Answer{}, false
	}
	var items []Item
	for _, text := range []string{left, right} {
		sub, _ := e.analyze(an, text, cat)
		if len(sub.Terms) == 0 {
			return Answer{}, false
		}
		it, _, ok := e.top(ctx, sub, sc.search, an)
		if !ok {
			return Answer{Answers: nonEmptyItems(it), Message: fmt.Sprintf("文件中没有“%s”的数字，无法比较。(No figure for %s.)", text, text)}, true
		}
		it.Role = "compared"
		items = append(items, it)
	}
	if items[0].Document == items[1].Document && items[0].FactID == items[1].FactID {
		return Answer{}, false // one figure found for both: nothing to compare
	}
	calc, word, ok := difference(items[0], items[1], items[0].Subject, items[1].Subject)
	if !ok {
		return Answer{Answers: items, Message: fmt.Sprintf("%s为%s，%s为%s，单位不同或不是数字，无法相减。(The two figures cannot be subtracted.)", items[0].Subject, items[0].Figure, items[1].Subject, items[1].Figure)}, true
	}
	calc.Excerpt = quoteBoth(items[0], items[1])
	msg := fmt.Sprintf("%s为%s，%s为%s，%s%s（%s）。", items[0].Subject, items[0].Figure, items[1].Subject, items[1].Figure, word, unsigned(calc), calc.Calc)
	return Answer{Found: true, Answers: append([]Item{calc}, items...), Message: msg}, true
}

// spreadTextRe is A和B相差多少, its two sides.
var spreadTextRe = regexp.MustCompile(`^(.+?)[和与](.+?)(?:之间)?(?:的)?(?:相差|差距|差)`)

// askedDifferenceRe is what asks how far apart two figures are, closing a
// question: 高多少, 多了多少, 低几个百分点.
var askedDifferenceRe = regexp.MustCompile(`(?:高|低|多|少|快|慢|大|小)(?:了)?(?:多少|几个百分点|几)[^比]*$`)

// comparedIndicators splits A比B高多少 into its two indicators, B completed
// by A's words after the longest end of B that A holds (农村居民 of 城镇居民
// 人均可支配收入 → 农村居民人均可支配收入).
func comparedIndicators(text string) (a, b string, ok bool) {
	if m := spreadTextRe.FindStringSubmatch(text); m != nil && !strings.Contains(text, "比") {
		// 城镇和农村居民人均可支配收入相差多少: A takes B's words after its
		// own modifier, as long as A's (城镇 → 城镇居民人均可支配收入; a
		// year or place before A is no part of it, so at most two).
		a, b = m[1], m[2]
		k := min(utf8.RuneCountInString(a), 2)
		if rb := []rune(b); len(rb) > k+1 {
			a += string(rb[k:])
		}
		return a, b, true
	}
	a, b, ok = strings.Cut(text, "比")
	if !ok || strings.Contains(b, "比") || !askedDifferenceRe.MatchString(b) {
		return "", "", false
	}
	b = askedDifferenceRe.ReplaceAllString(b, "")
	if a == "" || b == "" {
		return "", "", false
	}
	rb := []rune(b)
	for n := len(rb); n >= 2; n-- {
		if i := strings.Index(a, string(rb[len(rb)-n:])); i >= 0 {
			b += a[i+len(string(rb[len(rb)-n:])):]
			break
		}
	}
	return a, b, true
}

// quoteBoth is a computed figure's excerpt: the two sentences it comes
// from, quoted, or one when both figures stand in the same sentence.
func quoteBoth(a, b Item) string {
	if a.Excerpt == b.Excerpt {
		return a.Excerpt
	}
	return "“" + a.Excerpt + "”；“" + b.Excerpt + "”"
}

// unsigned is a computed figure without the word saying which way it
// goes, for a sentence that says the way itself (低0.6个百分点 → 0.6个百分点).
func unsigned(calc Item) string {
	return trimZero(math.Round(calc.Value*100)/100) + calc.Unit
}

// compared splits a comparison into the two scopes it compares: two
// years named (2022年比2021年), else two regions, each with its label.
func compared(q nlp.Question, sc scoping) ([]Scope, []string) {
	switch {
	case len(q.Years) == 2:
		var out []Scope
		for _, y := range q.Years {
			out = append(out, withYears(sc.search, []int{y}))
		}
		return out, []string{fmt.Sprintf("%d年", q.Years[0]), fmt.Sprintf("%d年", q.Years[1])}
	case len(sc.search.Regions) == 2:
		var out []Scope
		for _, r := range sc.search.Regions {
			out = append(out, Scope{Regions: []string{r}, Years: sc.search.Years})
		}
		return out, sc.search.Regions
	}
	return nil, nil
}

// scaleFactor is the scale a unit starts with: 1e4 for 万人, 1 for 座.
func scaleFactor(unit string) float64 {
	for _, s := range scaleOf {
		if strings.HasPrefix(unit, s.prefix) && unit != s.prefix {
			return s.mult
		}
	}
	return 1
}

// trendAnswer builds a series (近三年GDP增速: one figure a year) or a
// table across regions (各区2026年GDP增长目标: one figure a region), each
// value the best fact of its own search, cited.
func (e *Engine) trendAnswer(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) Answer {
	var scopes []Scope
	var labels []string
	switch {
	case q.EachRegion:
		for _, r := range cat.Regions {
			if r == "" || len(q.Years) > 0 && !anyCovered(q.Years, coveredYears(cat, []string{r})) {
				continue
			}
			scopes, labels = append(scopes, Scope{Regions: []string{r}, Years: q.Years}), append(labels, r)
		}
	default:
		n := q.RecentYears
		if n == 0 {
			n = 5
		}
		years := q.Years
		if len(years) == 0 {
			years = lastYears(cat, sc.search.Regions, n)
		}
		for _, y := range years {
			scopes, labels = append(scopes, withYears(sc.search, []int{y})), append(labels, fmt.Sprintf("%d年", y))
		}
	}
	var items, missing []string
	var found []Item
	for i, s := range scopes {
		tq := q
		if !q.Target && !q.EachRegion {
			tq.Result = true // a series of years is of what happened
		}
		if !q.EachRegion {
			// Each point is asked as of its year, so a five-year total
			// dated by its last year (“十三五”时期新增学位35460个) is not
			// that year's figure.
			tq.Years = s.Years
		}
		recs, st := e.retrieve(ctx, tq, s) // the same words asked twice
		var cov covered
		it, _, ok := e.topOf(tq, s, an, recs, st, &cov)
		if !ok && tq.Result && !q.Result {
			// A year with no result yet may have its target: say which.
			aq := tq
			aq.Result = false
			it, _, ok = e.topOf(aq, s, an, recs, st, &cov)
		}
		if !ok {
			missing = append(missing, labels[i])
			continue
		}
		it.Role = "point"
		found = append(found, it)
		items = append(items, labels[i]+" "+it.Figure+"（"+it.KindLabel+"）")
	}
	if len(found) == 0 {
		all, _ := e.search(ctx, q, sc.search, an)
		return Answer{Answers: all, Message: "文件中没有找到可以比较的数字，以下是最接近的内容。(No figures to compare.)"}
	}
	msg := strings.Join(items, "；") + "。"
	if len(missing) > 0 {
		msg += "（" + strings.Join(missing, "、") + "：文件中没有这项的数字。）"
	}
	// One year is no trend when 近两年 asked for more: shown, unfound.
	return Answer{Found: len(found) >= 2 || len(scopes) == 1 && q.RecentYears < 2, Answers: found, Message: msg}
}

// nonEmptyItems drops the zero item.
func nonEmptyItems(items ...Item) []Item {
	return slices.DeleteFunc(items, func(it Item) bool { return it.Figure == "" && it.Subject == "" })
}
