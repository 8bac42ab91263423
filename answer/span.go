package answer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/nlp"
)

// changeAskedRe asks by how much something changed (提高了多少, 增加多少万
// 公里); reachedRe's 提高到多少 asks the level instead.
var changeAskedRe = regexp.MustCompile(`(?:提高|增加|增长|上升|提升|扩大|上调|下降|降低|减少|缩小|缩减|下调|涨|降)(?:了)?(?:多少|几)`)

// spanRe opens a change its sentence states by its two levels: 从/由 the
// start (or 现行16%的税率, the level now), a verb, 到/至 the level reached.
var spanRe = regexp.MustCompile(`(?:从|由|现行)([^，,。；;：:]{1,30}?)(?:的\p{Han}{1,8})?(?:提高|增加|增长|上升|提升|扩大|跃升|上调|下降|降低|减少|缩小|缩减|下调|增|降|升)(?:到|至)(?:\d{4}年(?:底|末)?的?)?(?:每\p{Han}{1,4})?$`)

// spanChange answers 提高了多少 of a level its sentence reached from a
// start it names (集中供养孤儿从每人每月1949元提高到2017元, 起征点从月销售额
// 10万元提高到15万元): the two subtracted, both quoted. The level must be
// the best candidate and its words the question's: only the arithmetic,
// not the reading, is new.
func (e *Engine) spanChange(q nlp.Question, items []Item, best scored) (Answer, bool) {
	if len(items) == 0 || best.coverage < foundCoverage || best.missing >= maxMissing ||
		!strings.ContainsAny(q.Text, "提增升扩调降减缩涨") || !changeAskedRe.MatchString(q.Text) { // the regexp only where it can match
		return Answer{}, false
	}
	switch best.mismatch {
	case fits, amountForRate, rateForAmount:
	case wrongKind:
		if len(q.Years) > 0 {
			return Answer{}, false // 2021年…提高了多少 asks the year's result
		}
		// 起征点提高了多少 of a plan that raises it: the change it plans,
		// labelled as planned.
	default:
		return Answer{}, false
	}
	level, start, ok := e.spanLevels(items[0])
	if !ok {
		return Answer{}, false
	}
	for _, y := range q.Years {
		if y != level.Year && !strings.Contains(level.Excerpt, strconv.Itoa(y)+"年") {
			return Answer{}, false // 从2015年到2020年 asks of the sentence's own span only
		}
	}
	calc, word, ok := difference(level, start, "", "")
	if !ok {
		return Answer{}, false
	}
	if asked := changeAskedRe.FindString(q.Text); strings.ContainsAny(asked, "降减缩下") == (word == "少" || word == "低") {
		calc.Figure = unsigned(calc) // 降了几个百分点: 3个百分点, the way asked
	}
	calc.Subject = level.Subject
	calc.Excerpt = level.Excerpt
	calc.Location, calc.LocationText, calc.Document, calc.DocTitle, calc.Region = level.Location, level.LocationText, level.Document, level.DocTitle, level.Region
	level.Role, start.Role = "level", "start"
	msg := fmt.Sprintf("%s从%s到%s，%s%s（%s）。", level.Subject, start.Figure, level.Figure, changeWord(word), unsigned(calc), calc.Calc)
	return Answer{Found: true, Answers: []Item{calc, level}, Message: msg}, true
}

// spanLevels finds, around the figure of it, the two levels of a change
// its sentence states: it is the level reached (从1949元提高到2017元) or
// the start (现行16%的税率降至13%).
func (e *Engine) spanLevels(it Item) (level, start Item, ok bool) {
	at := strings.Index(it.Excerpt, it.Figure)
	if at < 0 || it.Figure == "" {
		return Item{}, Item{}, false
	}
	with := func(f figure.Figure) Item {
		o := it
		o.Figure, o.Value, o.High, o.Unit, o.Approx, o.Change = f.Text, f.Value, 0, f.Unit, f.Approx, ""
		return o
	}
	if m := spanRe.FindStringSubmatch(it.Excerpt[:at]); m != nil {
		if figs := e.fig.Extract(m[1]); len(figs) > 0 {
			level = it
			level.Change = ""
			return level, with(figs[len(figs)-1]), true
		}
	}
	after := it.Excerpt[at+len(it.Figure):]
	if m := spanToRe.FindString(after); m != "" {
		if figs := e.fig.Extract(after[len(m):]); len(figs) > 0 && figs[0].Start == 0 {
			start = it
			start.Change = ""
			return with(figs[0]), start, true
		}
	}
	return Item{}, Item{}, false
}

// spanToRe leads from a start level to the level reached: 的税率降至.
var spanToRe = regexp.MustCompile(`^(?:的\p{Han}{1,8}?)?(?:提高|增加|增长|上升|提升|扩大|跃升|上调|下降|降低|减少|缩小|缩减|下调|增|降|升)(?:到|至)`)

// changeWord says which way a level moved from its start.
func changeWord(word string) string {
	if word == "少" || word == "低" {
		return "减少"
	}
	return "增加"
}
