package answer

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Measure words that count the same things: 多少名院士 is answered by
// 14人, and the generic 个 by any counter (23家, 9510座).
var (
	personUnits = []string{"人", "名", "位", "人次"}
	// physical holds the units that measure rather than count.
	physical = []string{"%", "％", "‰", "百分点", "倍", "成", "元", "米", "公里", "公顷", "亩", "吨", "升", "瓦", "克", "斤", "度", "天", "小时", "分钟", "年", "月", "周", "岁"}
)

// unitFit says how well a fact's unit answers the measure word asked:
// 1 the same, a little less a kindred one, 0 none.
func unitFit(asked, unit string) float64 {
	switch {
	case unit == asked || strings.HasSuffix(unit, asked):
		return 1
	case unit == "":
		return 0
	case slices.Contains(personUnits, asked) && slices.Contains(personUnits, lastUnit(unit)):
		return 0.95
	case asked == "个" && isCounter(unit):
		return 0.95
	}
	return 0
}

// lastUnit drops a scale before a measure word: 万名 → 名.
func lastUnit(u string) string {
	return strings.TrimLeft(u, "十百千万亿")
}

func isCounter(u string) bool {
	u = lastUnit(u)
	if u == "" {
		return false
	}
	for _, p := range physical {
		if strings.Contains(u, p) {
			return false
		}
	}
	return true
}

func isPercent(u string) bool {
	return u == "%" || u == "％" || u == "‰" || strings.HasSuffix(u, "百分点")
}

// Words after a noun that name a measure of that same thing: 现代服务业
// 增加值增长 and 区级总部企业数量 are about 现代服务业 and 总部企业.
// Generic words that close a clause (…学校项目, …创建工作) count neither.
var measureTails = []string{"增加值", "总量", "总额", "规模", "数量", "数", "量", "额", "率", "增速", "增幅", "增长", "下降", "比重", "占比", "完成", "情况", "水平", "达到", "突破",
	"工作", "项目", "作用", "任务", "工程", "行动", "创建", "治理", "改造", "建设", "活动"}

const listSeparators = "、，,；;和及与"

// headModifies reports a fact whose subject holds the question's head
// word only as a modifier of another noun: GDP in 万元GDP水耗, which
// measures water, not GDP. The question's own words after it (水耗 in a
// question about 万元GDP水耗) and measure words (增加值, 数量) do not count.
func (m *matcher) headModifies(subject string) bool {
	head := -1
	for i, tw := range m.terms {
		if tw.t.Head {
			head = i
		}
	}
	if head < 0 {
		return false
	}
	sawHead := false
	for _, alt := range m.terms[head].alts {
		for from := 0; from < len(subject); {
			i := strings.Index(subject[from:], alt)
			if i < 0 {
				break
			}
			sawHead = true
			// X占GDP比重: GDP is what X is measured against.
			before := subject[:from+i]
			if j := strings.LastIndexAny(before, listSeparators); j >= 0 {
				before = before[j:]
			}
			if strings.Contains(before, "占") && !strings.Contains(m.q.Text, "占") {
				from += i + len(alt)
				continue
			}
			rest := subject[from+i+len(alt):]
			if !m.contentAfter(rest) {
				return false
			}
			from += i + len(alt)
		}
	}
	return sawHead
}

// contentAfter reports Han words left in rest, up to the next list
// separator, once the question's words and measure words are taken out.
func (m *matcher) contentAfter(rest string) bool {
	if i := strings.IndexAny(rest, listSeparators); i >= 0 {
		rest = rest[:i]
	}
	// Longest words first, so 下降 goes whole before the question's 降
	// leaves 下 behind.
	if m.strip == nil {
		m.strip = append([]string(nil), measureTails...)
		for _, tw := range m.terms {
			m.strip = append(m.strip, tw.alts...)
		}
		sort.Slice(m.strip, func(i, j int) bool { return len(m.strip[i]) > len(m.strip[j]) })
	}
	for _, w := range m.strip {
		rest = strings.ReplaceAll(rest, w, "")
	}
	for _, r := range rest {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return utf8.RuneCountInString(rest) > 0 && strings.IndexFunc(rest, unicode.IsLetter) >= 0
}

// intentInSubject reports a target or result word of the question that
// the fact's subject itself holds.
func (m *matcher) intentInSubject(subject string) bool {
	for _, tw := range m.terms {
		if (tw.t.Intent == "target" || tw.t.Intent == "result") && strings.Contains(subject, tw.t.Word) {
			return true
		}
	}
	return false
}
