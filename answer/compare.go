package answer

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/store"
)

// differenceAnswer computes how much one figure exceeds another
// (2022年比2021年新增学位多了多少; 福田比南山…高多少): the same question
// asked of each year (or region) named, the first minus the second, in
// the larger one's unit, in percentage points for rates, with both cited
// and the arithmetic stated.
func (e *Engine) differenceAnswer(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer) Answer {
	scopes, labels := compared(q, sc)
	if len(scopes) != 2 {
		items, _ := e.search(ctx, q, sc.search, an)
		return Answer{Answers: items, Message: "请写明要比较的两个年份或地区，例如“2022年比2021年新增学位多了多少”。(Name the two years or regions to compare.)"}
	}
	var items []Item
	for i, s := range scopes {
		it, _, ok := e.top(ctx, q, s, an)
		if !ok {
			return Answer{Answers: nonEmptyItems(it), Message: fmt.Sprintf("文件中没有%s这项的数字，无法比较。(No figure for %s.)", labels[i], labels[i])}
		}
		it.Role = "compared"
		items = append(items, it)
	}
	a, b := amountOf(items[0]), amountOf(items[1])
	if !a.ok || !b.ok || a.base != b.base {
		return Answer{Answers: items, Message: fmt.Sprintf("%s为%s，%s为%s，单位不同或不是数字，无法相减。(The two figures cannot be subtracted.)", labels[0], items[0].Figure, labels[1], items[1].Figure)}
	}
	d := a.value - b.value
	unit, shown := items[0].Unit, d
	if a.base == "%" {
		unit = "个百分点"
	} else if s := scaleFactor(items[0].Unit); s > 1 && math.Abs(d) >= s {
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
	fig := trimZero(math.Round(math.Abs(shown)*100)/100) + unit
	calc := Item{
		Figure: fig, Value: math.Abs(shown), Unit: unit, Subject: fmt.Sprintf("%s比%s%s", labels[0], labels[1], word),
		Year: items[0].Year, Kind: items[0].Kind, KindLabel: "计算", Role: "difference",
		Excerpt:    fmt.Sprintf("%s − %s = %s%s", items[0].Figure, items[1].Figure, map[bool]string{true: "−", false: ""}[d < 0], fig),
		Confidence: math.Min(items[0].Confidence, items[1].Confidence),
	}
	msg := fmt.Sprintf("%s%s为%s（%s），%s为%s（%s），%s%s（%s）。", labels[0], items[0].Subject, items[0].Figure, items[0].KindLabel, labels[1], items[1].Figure, items[1].KindLabel, word, fig, calc.Excerpt)
	return Answer{Found: true, Answers: append([]Item{calc}, items...), Message: msg}
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
		it, _, ok := e.top(ctx, tq, s, an)
		if !ok && tq.Result && !q.Result {
			// A year with no result yet may have its target: say which.
			it, _, ok = e.top(ctx, q, s, an)
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
	return Answer{Found: len(found) >= 2 || len(scopes) == 1, Answers: found, Message: msg}
}

// nonEmptyItems drops the zero item.
func nonEmptyItems(items ...Item) []Item {
	return slices.DeleteFunc(items, func(it Item) bool { return it.Figure == "" && it.Subject == "" })
}
