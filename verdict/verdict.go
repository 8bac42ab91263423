// Package verdict judges whether a result met its target, from the two
// as documents write them: 增长6.0%以上 against 8.6%, 3.0%以内 against 2.0%
// 以内, 下降5.0% against 下降7.7%, 力争正增长 against 基本持平, 以市下达目标
// 为准 against 完成市下达目标. When the words do not settle it, the verdict
// is unclear and says why, rather than guess.
package verdict

import (
	"fmt"
	"math"
	"strings"

	"github.com/planbot/planbot/figure"
)

// Outcome is what a verdict says of a target.
type Outcome string

// The outcomes of a verdict.
const (
	Met     Outcome = "met"
	Missed  Outcome = "missed"
	Unclear Outcome = "unclear"
)

// Label is the outcome in Chinese: 完成, 未完成, 无法判断.
func (o Outcome) Label() string {
	switch o {
	case Met:
		return "完成"
	case Missed:
		return "未完成"
	}
	return "无法判断"
}

// Mark is the outcome as a sign for tables: ✓, ✗ or ？.
func (o Outcome) Mark() string {
	switch o {
	case Met:
		return "✓"
	case Missed:
		return "✗"
	}
	return "？"
}

// Verdict is a judgement of a result against a target.
type Verdict struct {
	Outcome Outcome `json:"outcome"`
	// Note says how they compare: 高于目标1.8个百分点, 控制在目标内,
	// 多降2.7个百分点, 低于目标3.0%（基本持平）; or why it is unclear.
	Note string `json:"note"`
}

// String is the verdict as the digest shows it: ✓ 高于目标1.8个百分点.
func (v Verdict) String() string {
	if v.Note == "" {
		return v.Outcome.Mark() + " " + v.Outcome.Label()
	}
	return v.Outcome.Mark() + " " + v.Note
}

// Judge compares results with targets. It is safe for concurrent use.
type Judge struct {
	fig *figure.Extractor
}

// New returns a Judge.
func New() *Judge { return &Judge{fig: figure.New()} }

// tolerance is how far below a target "左右" (about) still meets it, in
// the target's unit (percentage points for rates).
const tolerance = 0.5

// Judge compares result with target, both as written. An empty side is
// unclear.
func (j *Judge) Judge(target, result string) Verdict {
	target, result = strings.TrimSpace(target), strings.TrimSpace(result)
	switch {
	case target == "" || result == "":
		return Verdict{Unclear, "缺少目标或完成情况"}
	case assigned(target):
		return byWords(result)
	}
	t, tok := j.first(target)
	r, rok := j.first(result)
	switch {
	case tok && rok:
		return compareFigures(t, r)
	case tok && !rok:
		return qualitativeResult(t, result)
	case !tok && rok:
		return qualitativeTarget(target, r)
	}
	if flat(result) && positive(target) {
		return Verdict{Unclear, "目标为" + target + "，实际" + result + "，无法判断是否实现正增长"}
	}
	return byWords(result)
}

// first is the first figure of s, read as a signed value: a decline is
// negative.
func (j *Judge) first(s string) (figure.Figure, bool) {
	figs := j.fig.Extract(s)
	if len(figs) == 0 {
		return figure.Figure{}, false
	}
	return figs[0], true
}

func signed(f figure.Figure) float64 {
	if f.Change == figure.Down {
		return -f.Value
	}
	return f.Value
}

// compareFigures judges two figures of the same kind: bounds (以内 is a
// ceiling, 以上 a floor), a range (5%—5.5%) by its low end, about (左右)
// within tolerance, a decline by how far it went.
func compareFigures(t, r figure.Figure) Verdict {
	if t.Percent() != r.Percent() || !t.Percent() && t.Unit != r.Unit && !sameUnit(t.Unit, r.Unit) {
		return Verdict{Unclear, fmt.Sprintf("目标%s与完成%s单位不同", t.Text, r.Text)}
	}
	unit := "个百分点"
	num := func(x float64) string { return fmt.Sprintf("%.1f", x) } // rates to a tenth, as documents write them
	if !t.Percent() {
		unit, num = baseUnit(t.Unit), plain
	}
	rv, tv := signed(r), signed(t)
	d := math.Round((rv-tv)*10) / 10
	switch {
	case ceiling(t):
		if rv <= tv+1e-9 {
			return Verdict{Met, "控制在目标内"}
		}
		return Verdict{Missed, fmt.Sprintf("超出目标%s%s", num(d), unit)}
	case t.Change == figure.Down:
		if d <= 1e-9 {
			return Verdict{Met, fmt.Sprintf("多降%s%s", num(-d), unit)}
		}
		return Verdict{Missed, fmt.Sprintf("少降%s%s", num(d), unit)}
	case t.High > t.Value && rv >= tv-1e-9 && rv <= t.High+1e-9:
		return Verdict{Met, "在目标区间内"}
	case d >= -1e-9:
		if d == 0 {
			return Verdict{Met, "达到目标"}
		}
		return Verdict{Met, fmt.Sprintf("高于目标%s%s", num(d), unit)}
	case strings.Contains(t.Approx, "左右") && -d <= tolerance:
		return Verdict{Met, fmt.Sprintf("略低于目标%s%s，在“左右”之内", num(-d), unit)}
	}
	return Verdict{Missed, fmt.Sprintf("低于目标%s%s", num(-d), unit)}
}

// ceiling reports a target that is an upper bound: 3.0%以内, 不超过5%.
func ceiling(t figure.Figure) bool {
	return strings.Contains(t.Approx, "以内") || strings.Contains(t.Approx, "以下") || strings.Contains(t.Approx, "不超过") || strings.Contains(t.Approx, "不高于") || strings.Contains(t.Approx, "之内")
}

// qualitativeResult judges a figure target against a result in words:
// 增长3.0% against 基本持平 is missed; against 完成目标, met.
func qualitativeResult(t figure.Figure, result string) Verdict {
	switch {
	case flat(result) && signed(t) > 0 && !ceiling(t):
		return Verdict{Missed, fmt.Sprintf("目标%s，实际%s", t.Text, result)}
	case flat(result) && signed(t) < 0 && !ceiling(t):
		return Verdict{Missed, fmt.Sprintf("目标%s，实际%s", t.Text, result)}
	}
	return byWords(result)
}

// qualitativeTarget judges a target in words against a figure: 力争正增长
// against 增长2% is met, against 下降1% missed.
func qualitativeTarget(target string, r figure.Figure) Verdict {
	if positive(target) {
		switch v := signed(r); {
		case r.Change == figure.Down && r.Value > 0:
			return Verdict{Missed, "目标" + target + "，实际" + r.Text}
		case v > 0 && (r.Change == figure.Up || r.Percent()):
			return Verdict{Met, "目标" + target + "，实际" + r.Text}
		}
	}
	return Verdict{Unclear, "目标为" + target + "，无法与" + r.Text + "直接比较"}
}

// assigned reports a target set by someone else (以市下达目标为准): only
// the result's words can say whether it was met.
func assigned(target string) bool {
	return strings.Contains(target, "下达") || strings.Contains(target, "为准")
}

// byWords reads a result that says in words whether the target was met:
// 完成市下达目标, 未完成.
func byWords(result string) Verdict {
	switch {
	case strings.Contains(result, "未完成") || strings.Contains(result, "未达到") || strings.Contains(result, "未实现"):
		return Verdict{Missed, result}
	case (strings.Contains(result, "完成") || strings.Contains(result, "达到") || strings.Contains(result, "实现")) &&
		(strings.Contains(result, "目标") || strings.Contains(result, "任务")):
		return Verdict{Met, result}
	}
	return Verdict{Unclear, "完成情况为“" + result + "”，无法判断"}
}

// flat reports a result of no change: 基本持平, 持平.
func flat(s string) bool { return strings.Contains(s, "持平") }

// positive reports a target of growth above zero: 力争正增长, 保持正增长.
func positive(s string) bool { return strings.Contains(s, "正增长") }

func sameUnit(a, b string) bool { return baseUnit(a) == baseUnit(b) }

// baseUnit drops a scale: 亿元 → 元.
func baseUnit(u string) string { return strings.TrimLeft(u, "十百千万亿") }

// plain writes a difference without a needless .0: 240, 1.5.
func plain(x float64) string {
	if x == math.Trunc(x) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}
