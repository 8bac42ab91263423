package figure

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// listVerbs may stand between 分别 and the first figure of its list
// (分别增长, 分别达到); listJoins between the figures (、 和 与).
const listJoins = "、和与及 "

// Respectively pairs the figures of a parallel list with their own
// subjects: in 入园率和普惠率分别达96%和94%, 94% measures 普惠率, not the
// first item. It returns one subject per figure, "" for a figure in no
// such list. A list pairs only when its items and its figures are as many
// (split at 、, else also at 和 与 及), or the items are 城乡 (城镇 and
// 农村) and the figures two; a tail the last item shares with the others
// (…高技术制造业增加值) goes to each.
func (e *Extractor) Respectively(text string, figs []Figure) []string {
	out := make([]string, len(figs))
	rs := []rune(text)
	for from := 0; ; {
		i := indexRunes(rs, from, "分别")
		if i < 0 {
			i = indexRunes(rs, from, "依次")
		}
		if i < 0 {
			break
		}
		from = i + 2
		ks := listFigures(rs, figs, i+2)
		if len(ks) < 2 {
			continue
		}
		cs, _ := Clause(rs, figs[ks[0]])
		items := e.listItems(string(rs[cs:i]), len(ks))
		if items == nil && strings.TrimSpace(string(rs[cs:i])) == "" {
			items = e.clausesBefore(rs, figs, ks[0], len(ks))
		}
		if items == nil {
			continue
		}
		for n, k := range ks {
			out[k] = items[n]
		}
		e.sameItemsAfter(rs, figs, ks, items, out)
	}
	e.adjacentLists(rs, figs, out)
	return out
}

// clausesBefore are the subjects of the n clauses before figure k's,
// one figure each, for a clause opening on 分别 (公共财政收入7238.8亿元，地方
// 一般公共预算收入2727.1亿元，分别增长30.4%和30.9%); nil when they are not.
func (e *Extractor) clausesBefore(rs []rune, figs []Figure, k, n int) []string {
	if k < n {
		return nil
	}
	items := make([]string, n)
	for j := 0; j < n; j++ {
		p := figs[k-n+j]
		ps, pe := Clause(rs, p)
		if j+1 < n && figs[k-n+j+1].Start < pe || strings.ContainsAny(string(rs[ps:pe]), "。！？") {
			return nil // two figures in one clause, or another sentence
		}
		if items[j] = e.cleanLeft(string(rs[ps:p.Start])); items[j] == "" {
			return nil
		}
	}
	// The last of them ends right before the 分别 clause.
	cs, _ := Clause(rs, figs[k])
	if _, pe := Clause(rs, figs[k-1]); pe+1 != cs {
		return nil
	}
	return items
}

// sameItemsAfter pairs the list of as many figures that opens the next
// clause with the same items: 城乡居民人均可支配收入分别达6.9万元、3.4万元，
// 增长4.2%、5.3%.
func (e *Extractor) sameItemsAfter(rs []rune, figs []Figure, ks []int, items, out []string) {
	last := ks[len(ks)-1]
	if last+1 >= len(figs) {
		return
	}
	_, ce := Clause(rs, figs[last])
	next := listFigures(rs, figs, ce+1)
	if len(next) != len(ks) || next[0] != last+1 {
		return
	}
	between := strings.TrimSpace(string(rs[ce+1 : figs[next[0]].Start]))
	if utf8.RuneCountInString(between) > 4 || strings.ContainsFunc(between, IsClauseBreak) {
		return // the next clause is about something else
	}
	for n, k := range next {
		out[k] = items[n]
	}
}

// adjacentLists pairs a list of items written right before a list of as
// many figures, without 分别: 改造老旧供热、燃气、排水管网800公里、600公里、
// 300公里. Only items split by 、 count, so one subject before several
// figures (地区生产总值5318.2亿元、增长8.6%) is left alone.
func (e *Extractor) adjacentLists(rs []rune, figs []Figure, out []string) {
	for k := 0; k < len(figs); k++ {
		if out[k] != "" || k > 0 && strings.Trim(string(rs[figs[k-1].End:figs[k].Start]), listJoins) == "" {
			continue // paired already, or inside a list started before
		}
		ks := listFigures(rs, figs, figs[k].Start)
		if len(ks) < 2 || ks[0] != k {
			continue
		}
		cs, _ := Clause(rs, figs[k])
		before := string(rs[cs:figs[k].Start])
		if !strings.Contains(before, "、") {
			continue
		}
		if items := e.listItems(before, len(ks)); items != nil && len(splitItems(e.cleanLeft(before), "、")) == len(ks) {
			for n, kk := range ks {
				out[kk] = items[n]
			}
		}
		k = ks[len(ks)-1]
	}
}

// listFigures returns the figures of the list that starts after rune
// offset at: the first figure of the clause after it, and each one after
// that is joined to the one before by list marks only.
func listFigures(rs []rune, figs []Figure, at int) []int {
	var ks []int
	for k, f := range figs {
		if f.Start < at {
			continue
		}
		if len(ks) == 0 {
			if strings.ContainsFunc(string(rs[at:f.Start]), IsClauseBreak) {
				return nil
			}
			ks = append(ks, k)
			continue
		}
		between := string(rs[figs[ks[len(ks)-1]].End:f.Start])
		if strings.Trim(between, listJoins) != "" {
			break
		}
		ks = append(ks, k)
	}
	return ks
}

// listItems splits the words before 分别 into n items, each with the tail
// they share, or returns nil when they are not n.
func (e *Extractor) listItems(s string, n int) []string {
	// 城乡居民人均可支配收入从2021年的46503元和16935元 (分别提高到…): the
	// items are named before where they started.
	if i := strings.IndexAny(s, "从由"); i > 0 {
		s = s[:i]
	}
	s = e.cleanLeft(s)
	if rest, ok := strings.CutPrefix(s, "城乡"); ok && n == 2 && rest != "" {
		return []string{"城镇" + rest, "农村" + rest}
	}
	if i := strings.Index(s, "城乡"); i > 0 && n == 2 {
		return []string{s[:i] + "城镇" + s[i+len("城乡"):], s[:i] + "农村" + s[i+len("城乡"):]}
	}
	items := splitItems(s, "、")
	if len(items) != n {
		items = splitItems(s, "、和与及")
	}
	if len(items) != n {
		return nil
	}
	tail := e.sharedTail(items)
	items[n-1] = strings.TrimSuffix(items[n-1], tail)
	prefix := sharedPrefix(items)
	items[0] = strings.TrimPrefix(items[0], prefix)
	for i := range items {
		items[i] = prefix + items[i] + tail
	}
	return items
}

// sharedTail is what the last item of a list shares with the others: a
// known tail (增加值 of 六大优势产业、高技术制造业增加值), else the excess
// of the last over the others' length (管网 of 供热、燃气、排水管网).
func (e *Extractor) sharedTail(items []string) string {
	n, last := len(items), items[len(items)-1]
	for _, t := range e.subject.listTail {
		head, ok := strings.CutSuffix(last, t)
		if ok && head != "" && !slices.ContainsFunc(items[:n-1], func(it string) bool { return strings.HasSuffix(it, t) }) {
			return t
		}
	}
	if tail, ok := lengthTail(items); ok {
		return tail
	}
	return ""
}

// sharedPrefix is what the first item of a list shares with the others
// (their tail taken off): the excess of the first over the others' length
// when they are all as long: 适龄儿童 of 适龄儿童入园率和普惠率, 改造老旧
// of 改造老旧供热、燃气、排水.
func sharedPrefix(items []string) string {
	l := utf8.RuneCountInString(items[1])
	if l < 2 || slices.ContainsFunc(items[1:], func(it string) bool { return utf8.RuneCountInString(it) != l }) {
		return ""
	}
	first := []rune(items[0])
	if len(first) < l+2 {
		return ""
	}
	return string(first[:len(first)-l])
}

// lengthTail finds the words the last item of a list shares with the
// others when the items before it (but the first, which may carry a verb:
// 改造老旧供热) are all as long and the last is at least two runes longer:
// 管网 of 供热、燃气、排水管网.
func lengthTail(items []string) (string, bool) {
	n := len(items)
	ref := items[:1]
	if n >= 3 {
		ref = items[1 : n-1]
	}
	l := utf8.RuneCountInString(ref[0])
	for _, it := range ref {
		if utf8.RuneCountInString(it) != l {
			return "", false
		}
	}
	last := []rune(items[n-1])
	if l < 2 || len(last) < l+2 {
		return "", false
	}
	return string(last[l:]), true
}

// splitItems splits s at any of the separators, dropping empty items.
func splitItems(s, seps string) []string {
	var out []string
	for _, it := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if it = trimPunct(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

func indexRunes(rs []rune, from int, w string) int {
	if from >= len(rs) {
		return -1
	}
	i := strings.Index(string(rs[from:]), w)
	if i < 0 {
		return -1
	}
	return from + utf8.RuneCountInString(string(rs[from:])[:i])
}

// fromTo are the words between the two figures of a change from one value
// to another (由7家增至16家, 从7248亿元提高到8865亿元).
var fromTo = []string{"增至", "增加到", "增加至", "增长到", "增长至", "跃升到", "提高到", "提高至", "提升到", "提升至", "上升到", "上升至", "升至", "跃升至", "扩大到", "扩大至", "达到", "降至", "降低到", "降低至", "下降到", "下降至", "减少到", "减少至", "缩减至"}

// reached are the words before a figure that states the exact value a
// milestone was passed by: 突破4000亿元、达到4211亿元.
var reached = []string{"达到", "达", "为", "至"}

// yearOfRe is a year said of a figure just before it: 2015年的, 2020年底.
var yearOfRe = regexp.MustCompile(`\d{4}\s*年(?:底|末)?的?`)

// Baselines reports the figures that are not the value a sentence gives
// for their subject but a starting point or a milestone on the way to the
// figure after them: 7家 in 由7家增至16家, 4000亿元 in 突破4000亿元、达到
// 4211亿元, 6万亿元 in 迈上6万亿元台阶，达到62661亿元.
func Baselines(text string, figs []Figure) []bool {
	out := make([]bool, len(figs))
	rs := []rune(text)
	for k := 0; k+1 < len(figs); k++ {
		f, next := figs[k], figs[k+1]
		// 由2015年的1.2万亿元增至2020年的1.8万亿元: the years said of each
		// end do not hide the 由…增至.
		before := yearOfRe.ReplaceAllString(string(rs[max(0, f.Start-12):f.Start]), "")
		before = string([]rune(before)[max(0, len([]rune(before))-6):])
		between := yearOfRe.ReplaceAllString(strings.TrimSpace(string(rs[f.End:next.Start])), "")
		switch {
		case strings.ContainsAny(before, "由从") && slices.Contains(fromTo, strings.TrimPrefix(between, "分别")):
			out[k] = true
			// 从46503元和16935元分别提高到…: the whole list started there.
			for j := k - 1; j >= 0 && strings.Trim(string(rs[figs[j].End:figs[j+1].Start]), listJoins) == ""; j-- {
				out[j] = true
			}
		case f.Unit == next.Unit || strings.HasSuffix(f.Unit, "元") && strings.HasSuffix(next.Unit, "元"):
			// A milestone: 突破/超过 X, or X 台阶/大关, then 达到 Y.
			milestone := strings.HasPrefix(f.Text, "突破") || strings.HasPrefix(f.Text, "超过") || strings.HasPrefix(f.Text, "超") ||
				strings.HasSuffix(before, "迈上") || strings.HasSuffix(before, "跨上") || strings.HasSuffix(before, "站上")
			rest := strings.TrimLeft(between, "台阶大关关口、，, ")
			if milestone && len([]rune(between)) <= 6 && slices.ContainsFunc(reached, func(w string) bool { return rest == w }) {
				out[k] = true
			}
		}
	}
	return out
}

// Thresholds reports the figures that bound a class of the noun after
// them rather than state a value: 30亿元以上 in 其中30亿元以上项目6个,
// 10-30亿元 in 10-30亿元项目11个. Such a figure stands right before a
// short noun that the next figure counts, with nothing between.
func Thresholds(text string, figs []Figure) []bool {
	out := make([]bool, len(figs))
	rs := []rune(text)
	for k := 0; k+1 < len(figs); k++ {
		f, next := figs[k], figs[k+1]
		if !bounded(f.Text) {
			continue
		}
		between := rs[f.End:next.Start]
		if n := len(between); n == 0 || n > maxClassNoun {
			continue
		}
		if !slices.ContainsFunc([]rune(string(between)), func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			out[k] = true
		}
	}
	return out
}

// maxClassNoun is the longest noun a threshold may bound, in runes.
const maxClassNoun = 8

// bounded reports a figure written as a bound or a range: 30亿元以上,
// 5000万元以下, 10-30亿元, 超10亿 (企业111家).
func bounded(text string) bool {
	if strings.HasPrefix(text, "超") {
		return true
	}
	for _, w := range []string{"以上", "以下", "及以上", "以内"} {
		if strings.HasSuffix(text, w) {
			return true
		}
	}
	return rangeRe.MatchString(text)
}

// rangeRe is a figure written as a range of two numbers.
var rangeRe = regexp.MustCompile(`^\d+(?:\.\d+)?\s*[-—–~～至到]\s*\d`)
