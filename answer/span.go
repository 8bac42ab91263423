package answer

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/planbot/planbot/nlp"
)

// changeAskedRe asks by how much something changed (提高了多少, 增加多少万
// 公里); reachedRe's 提高到多少 asks the level instead.
var changeAskedRe = regexp.MustCompile(`(?:提高|增加|增长|上升|提升|扩大|上调|下降|降低|减少|缩小|缩减|下调|涨|降)(?:了)?(?:多少|几)`)

// spanRe opens a change its sentence states by its two levels: 从/由 the
// start, a verb, 到/至 the level reached.
var spanRe = regexp.MustCompile(`(?:从|由)([^，,。；;：:]{1,30}?)(?:提高|增加|增长|上升|提升|扩大|跃升|上调|下降|降低|减少|缩小|缩减|下调|增|降|升)(?:到|至)$`)

// spanChange answers 提高了多少 of a level its sentence reached from a
// start it names (集中供养孤儿从每人每月1949元提高到2017元, 起征点从月销售额
// 10万元提高到15万元): the two subtracted, both quoted. The level must be
// the best candidate and its words the question's: only the arithmetic,
// not the reading, is new.
func (e *Engine) spanChange(q nlp.Question, items []Item, best scored) (Answer, bool) {
	if len(items) == 0 || !changeAskedRe.MatchString(q.Text) || best.coverage < foundCoverage || best.missing >= maxMissing {
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
	level := items[0]
	at := strings.Index(level.Excerpt, level.Figure)
	if at < 0 || level.Figure == "" {
		return Answer{}, false
	}
	m := spanRe.FindStringSubmatch(level.Excerpt[:at])
	if m == nil {
		return Answer{}, false
	}
	figs := e.fig.Extract(m[1])
	if len(figs) == 0 {
		return Answer{}, false
	}
	f := figs[len(figs)-1]
	start := level
	start.Figure, start.Value, start.High, start.Unit, start.Approx, start.Change = f.Text, f.Value, 0, f.Unit, f.Approx, ""
	level.Change = ""
	calc, word, ok := difference(level, start, "", "")
	if !ok {
		return Answer{}, false
	}
	calc.Subject = level.Subject
	calc.Excerpt = level.Excerpt
	calc.Location, calc.LocationText, calc.Document, calc.DocTitle, calc.Region = level.Location, level.LocationText, level.Document, level.DocTitle, level.Region
	level.Role, start.Role = "level", "start"
	msg := fmt.Sprintf("%s从%s到%s，%s%s（%s）。", level.Subject, start.Figure, level.Figure, changeWord(word), unsigned(calc), calc.Calc)
	return Answer{Found: true, Answers: []Item{calc, level}, Message: msg}, true
}

// changeWord says which way a level moved from its start.
func changeWord(word string) string {
	if word == "少" || word == "低" {
		return "减少"
	}
	return "增加"
}
