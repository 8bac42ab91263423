package parse

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/plan"
)

// indicator reads one headline-list line: its name and what it says.
func (p *Parser) indicator(text string) plan.Indicator {
	text = strings.TrimSpace(text)
	body := strings.TrimRight(text, "；;。，,")
	if m := assignedTargetRe.FindStringSubmatchIndex(body); m != nil {
		// 完成国家下达的单位地区生产总值二氧化碳排放降低目标: the target
		// is named inside the words that state it.
		return plan.Indicator{Name: body[m[2]:m[3]], Value: body[:m[2]] + body[m[3]:], Text: text}
	}
	if m := controlledRe.FindStringSubmatchIndex(body); m != nil {
		// 重点控制化石能源消费: the verb comes first, the indicator after.
		return plan.Indicator{Name: body[m[4]:m[5]], Value: body[m[2]:m[3]], Text: text}
	}
	cut := len(body)
	if figs := p.fig.Extract(body); len(figs) > 0 {
		cut = byteOffset(body, figs[0].Start)
	}
	for _, v := range p.words.valueVerb {
		if i := strings.Index(body, v); i > 0 && i < cut {
			cut = i
		}
	}
	if sync := strings.Index(body, "同步"); sync > 0 {
		// 居民人均可支配收入增速与GDP增速基本同步: the pace named after 与
		// is the value.
		if with := strings.LastIndex(body[:sync], "与"); with > 0 && with < cut {
			cut = with
		}
	}
	name, value := strings.TrimSpace(body[:cut]), strings.TrimSpace(body[cut:])
	for changed := true; changed; {
		changed = false
		for _, w := range nameAdverbs {
			if t, ok := strings.CutSuffix(name, w); ok && t != "" {
				name, changed = t, true
			}
		}
	}
	// 经济增长5.5%左右: the indicator is 经济增长, not 经济.
	if utf8.RuneCountInString(name) <= 2 && (strings.HasPrefix(value, "增长") || strings.HasPrefix(value, "增速")) {
		name += value[:len("增长")]
	}
	return plan.Indicator{Name: name, Value: value, Text: text}
}

// assignedTargetRe is a target stated as a task to fulfil (完成国家下达的
// X目标, 完成节能减排任务), X its indicator.
var assignedTargetRe = regexp.MustCompile(`^(?:完成|落实|实现)(?:(?:国家|省|市|上级)?下达的)?(\p{Han}{2,24}?)(?:目标任务|目标|任务)$`)

// controlledRe is a target stated as a verb before what it bounds
// (重点控制化石能源消费, 合理控制能源消费总量).
var controlledRe = regexp.MustCompile(`^((?:重点|严格|合理|有效)控制)(\p{Han}{2,16})$`)

// nameAdverbs end an indicator's name without being part of it: 粮食产量
// 继续保持500亿斤以上.
var nameAdverbs = []string{"继续", "持续", "努力", "力争", "确保", "稳定", "保持"}

// byteOffset converts a rune offset into s to a byte offset.
func byteOffset(s string, runeOff int) int {
	n := 0
	for i := range s {
		if n == runeOff {
			return i
		}
		n++
	}
	return len(s)
}

// runningTargetRe finds a target list written as one sentence:
// 主要预期目标是：地区生产总值增长5%左右，一般公共预算收入增长5%，…
// (or 主要预期指标是：…)
var runningTargetRe = regexp.MustCompile(`(?:目标|预期指标|主要指标)(?:是|为|如下)?[：:]`)

// splitRunningTargets turns a target list written as a running sentence
// into indicators of the part or section holding it, where that part or
// section has no headline indicators.
func (p *Parser) splitRunningTargets(doc *plan.Document) {
	for pi := range doc.Parts {
		pt := &doc.Parts[pi]
		if len(pt.Indicators) == 0 {
			pt.Indicators = p.runningTargets(pt.Paragraphs)
		}
		for si := range pt.Sections {
			if s := &pt.Sections[si]; len(s.Indicators) == 0 {
				s.Indicators = p.runningTargets(s.Paragraphs)
			}
		}
	}
}

// runningTargets reads the indicators listed after 目标是： in the
// sentences of ps, one per clause.
func (p *Parser) runningTargets(ps []plan.Paragraph) []plan.Indicator {
	var inds []plan.Indicator
	for _, para := range ps {
		for i, from := range p.listStarts(para) {
			if from < 0 {
				continue
			}
			s := para.Sentences[i]
			for _, ind := range p.clauseIndicators(s.Text[from:]) {
				ind.Sentence = s.ID
				inds = append(inds, ind)
			}
		}
	}
	return inds
}

// listStarts says where in each sentence of para a list of targets is:
// after 目标是： in the sentence that opens one, from the start (0) in
// each sentence after it of nothing but indicators (…努力争取更好结果。
// 规模以上工业增加值增长5%，固定资产投资额增长10%。), -1 elsewhere: the list
// ends at the first other sentence.
func (p *Parser) listStarts(para plan.Paragraph) []int {
	out := make([]int, len(para.Sentences))
	listing := false
	for i, s := range para.Sentences {
		out[i] = -1
		if loc := runningTargetRe.FindStringIndex(s.Text); loc != nil {
			out[i], listing = loc[1], true
		} else if listing = listing && p.onlyIndicators(s.Text); listing {
			out[i] = 0
		}
	}
	return out
}

// clauseIndicators are the indicators with a value among text's clauses.
func (p *Parser) clauseIndicators(text string) []plan.Indicator {
	var inds []plan.Indicator
	for _, item := range respectiveItems(listClauses(text)) {
		if ind := p.indicator(item); ind.Name != "" && ind.Value != "" && p.statesValue(ind.Value) {
			inds = append(inds, ind)
		}
	}
	return inds
}

// respectiveItems writes out a list's 分别 item whole: 能耗、水耗分别下降4%、
// 1% (cut at 、 into 能耗 | 水耗分别下降4% | 1%) is 能耗下降4% and 水耗下降1%.
// Items not in such a list are kept as they are.
func respectiveItems(items []string) []string {
	var out []string
	for i := 0; i < len(items); i++ {
		name, rest, ok := strings.Cut(items[i], "分别")
		at := strings.IndexFunc(rest, func(r rune) bool { return r >= '0' && r <= '9' })
		if !ok || at < 0 {
			out = append(out, items[i])
			continue
		}
		// The names: the items before without a figure, then this one's.
		from := len(out)
		for from > 0 && !hasDigit(out[from-1]) {
			from--
		}
		names := append(slices.Clone(out[from:]), name)
		// The values: this one's, then the bare figures after it.
		verb := rest[:at]
		values := []string{rest[at:]}
		for i+1 < len(items) && startsWithDigit(items[i+1]) {
			i++
			values = append(values, items[i])
		}
		if len(names) != len(values) || name == "" {
			out = append(out, items[i-len(values)+1:i+1]...)
			continue
		}
		out = out[:from]
		for j := range names {
			out = append(out, names[j]+verb+values[j])
		}
	}
	return out
}

// startsWithDigit reports an item that opens on a figure (1%).
func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// onlyIndicators reports text whose every clause is an indicator with its
// value, none of them work the text says it will do (我们将新建学校10所).
func (p *Parser) onlyIndicators(text string) bool {
	n := len(listClauses(text))
	inds := p.clauseIndicators(text)
	return n > 0 && len(inds) == n && !slices.ContainsFunc(inds, func(ind plan.Indicator) bool {
		// 我们要…, 将…: what will be done, not a target; 主要污染物 is a name.
		name := strings.NewReplacer("主要", "", "重要", "").Replace(ind.Name)
		return containsAny(name, "我们", "将", "要")
	})
}

// listClauses cuts a list into its items.
func listClauses(text string) []string {
	var out []string
	for _, clause := range strings.FieldsFunc(text, func(r rune) bool { return r == '，' || r == '；' || r == '。' }) {
		for i, f := range strings.Split(clause, "、") {
			// 稳规模、稳份额、稳增长: short words with no figure go on
			// stating the value before them, not new indicators.
			if i > 0 && f != "" && utf8.RuneCountInString(f) <= 3 && !hasDigit(f) {
				out[len(out)-1] += "、" + f
				continue
			}
			if f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// linkIndicators points each indicator at the last sentence of ps that
// it holds: an indicator's text is its paragraph's. Sentences are looked
// up by text, so linking is linear in the size of the part: comparing
// every indicator with every sentence took an hour on 16 MB of ——… lines.
func linkIndicators(inds []plan.Indicator, ps []plan.Paragraph) {
	if len(inds) == 0 {
		return
	}
	last := map[string]int{}
	for _, p := range ps {
		for _, s := range p.Sentences {
			last[s.Text] = s.ID
		}
	}
	for i := range inds {
		for _, s := range splitSentences(inds[i].Text, nil) {
			if id, ok := last[s.Text]; ok && (inds[i].Sentence == 0 || id > inds[i].Sentence) {
				inds[i].Sentence = id
			}
		}
	}
}
