package extract

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Layout: glyphs become lines by their baselines, read left to right;
// the rows of ruled tables become one line each, their cells separated by
// two spaces, so that a cell that wraps over several lines stays in its
// row (the parser's table reader takes cells from the right of a row).

// outLine is one line of a page's text.
type outLine struct {
	y, x float64
	text string
}

// layout returns a page's text, top to bottom.
func layout(gs []glyph, rules []rule) string {
	gs, rules = upright(gs, rules)
	used := make([]bool, len(gs))
	lines := tableRows(gs, rules, used)
	var rest []glyph
	for i, g := range gs {
		if !used[i] {
			rest = append(rest, g)
		}
	}
	sep, hasNotes := footnoteRule(rest, rules)
	for _, l := range groupLines(rest) {
		t := renderLine(l)
		if t == "" || hasNotes && l[0].y < sep && !pageNumberRe.MatchString(t) {
			continue
		}
		lines = append(lines, outLine{y: l[0].y, x: l[0].x0, text: t})
	}
	slices.SortStableFunc(lines, func(a, b outLine) int {
		if math.Abs(a.y-b.y) > 1 {
			return cmp.Compare(b.y, a.y)
		}
		return cmp.Compare(a.x, b.x)
	})
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// upright turns a page whose text mostly runs up or down (a landscape
// table printed on a portrait page) so that it runs left to right.
func upright(gs []glyph, rules []rule) ([]glyph, []rule) {
	var count [4]int
	for _, g := range gs {
		count[g.dir]++
	}
	dir := 0
	for d := range count {
		if count[d] > count[dir] {
			dir = d
		}
	}
	if dir == 0 {
		return gs, rules
	}
	turn := func(x, y float64) (float64, float64) {
		switch dir {
		case 1: // runs up: turn clockwise
			return y, -x
		case 2:
			return -x, -y
		}
		return -y, x // runs down: turn anticlockwise
	}
	out := make([]glyph, len(gs))
	for i, g := range gs {
		g.x0, g.y = turn(g.x0, g.y)
		g.x1, _ = turn(g.ex, g.ey)
		out[i] = g
	}
	rs := make([]rule, len(rules))
	for i, r := range rules {
		x0, y0 := turn(r.x0, r.y0)
		x1, y1 := turn(r.x1, r.y1)
		rs[i] = normRule(x0, y0, x1, y1)
	}
	return out, rs
}

// groupLines groups glyphs into lines: glyphs whose baselines are within
// about half a font size of each other, so a superscript stays on its line.
// Each line is returned left to right.
func groupLines(gs []glyph) [][]glyph {
	sorted := slices.Clone(gs)
	slices.SortStableFunc(sorted, func(a, b glyph) int {
		if a.y != b.y {
			return cmp.Compare(b.y, a.y)
		}
		return cmp.Compare(a.seq, b.seq)
	})
	var out [][]glyph
	var cur []glyph
	var refY, refSize float64
	for _, g := range sorted {
		if len(cur) > 0 && math.Abs(g.y-refY) <= 0.6*max(g.size, refSize) {
			cur = append(cur, g)
			if g.size > refSize {
				refY, refSize = g.y, g.size
			}
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = []glyph{g}
		refY, refSize = g.y, g.size
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	for _, l := range out {
		slices.SortStableFunc(l, func(a, b glyph) int { return cmp.Compare(a.x0, b.x0) })
	}
	return out
}

// renderLine writes a line's glyphs, dropping footnote marks set as
// superscripts and text drawn twice (fake bold), and putting spaces
// where the gaps are: a word space between Latin letters, two spaces
// between table cells.
func renderLine(l []glyph) string {
	size, baseY := 0.0, 0.0
	for _, g := range l {
		if g.size > size {
			size, baseY = g.size, g.y
		}
	}
	if size <= 0 {
		size = 10
	}
	var b strings.Builder
	var prev *glyph
	for i := range l {
		g := &l[i]
		if g.size < 0.8*size && g.y > baseY+0.2*size && noteMark(g.text) && (prev == nil || !isLatinLetter(lastRune(prev.text))) {
			continue
		}
		if prev != nil {
			if g.text == prev.text && math.Abs(g.x0-prev.x0) < 0.3*size {
				continue
			}
			b.WriteString(gapText(g.x0-prev.x1, size, lastRune(prev.text), firstRune(g.text)))
		}
		b.WriteString(g.text)
		prev = g
	}
	return strings.TrimSpace(b.String())
}

// gapText is what a gap between two glyphs stands for.
func gapText(gap, size float64, before, after rune) string {
	wide := isWide(before) || isWide(after)
	switch {
	case gap > 1.5*size:
		return "  "
	case isWide(before) && isWide(after):
		if gap > 0.9*size {
			return " "
		}
	case wide:
		if gap > 0.5*size {
			return " "
		}
	case gap > 0.2*size:
		return " "
	}
	return ""
}

// isWide reports CJK characters and full-width punctuation, set one em wide.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef || r == '—' || r == '“' || r == '”'
}

func isLatinLetter(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// noteMark reports a footnote mark: digits, *, †, circled numbers.
func noteMark(s string) bool {
	for _, r := range s {
		if !(unicode.IsDigit(r) || r == '*' || r == '†' || r == '‡' || r >= '①' && r <= '⑳' || r == '[' || r == ']') {
			return false
		}
	}
	return s != ""
}

// pageNumberRe matches a page number line: — 3 —, - 3 -, 3, 第3页.
var pageNumberRe = regexp.MustCompile(`^[-—–―\s]*(第\s*)?\d{1,4}\s*(页)?[-—–―\s]*$`)

// footnoteRule finds the rule that separates a page's footnotes from its
// text: a short horizontal line at the left margin in the lower part of
// the page, with a few lines of text under it. Footnotes are dropped, as
// they are from Word files.
func footnoteRule(gs []glyph, rules []rule) (float64, bool) {
	if len(gs) == 0 {
		return 0, false
	}
	left, top, bottom := math.Inf(1), math.Inf(-1), math.Inf(1)
	for _, g := range gs {
		left, top, bottom = min(left, g.x0), max(top, g.y), min(bottom, g.y)
	}
	for _, r := range rules {
		if !r.horizontal() || math.Abs(r.x0-left) > 6 || r.y0 > bottom+(top-bottom)*0.4 || r.y0 < bottom {
			continue
		}
		right := left
		below := 0
		for _, g := range gs {
			right = max(right, g.x1)
			if g.y < r.y0 {
				below++
			}
		}
		if r.x1-r.x0 < 0.45*(right-left) && below > 0 && below < 400 {
			return r.y0, true
		}
	}
	return 0, false
}

// band is the space between two horizontal rules of a table.
type band struct {
	top, bottom, left, right float64
}

// tableRows finds the rows of ruled tables (bands between horizontal
// rules, divided by vertical rules) and returns each as a line, marking
// the glyphs it took.
func tableRows(gs []glyph, rules []rule, used []bool) []outLine {
	var hs, vs []rule
	for _, r := range rules {
		switch {
		case r.horizontal():
			hs = append(hs, r)
		case r.vertical():
			vs = append(vs, r)
		}
	}
	if len(hs) < 2 || len(vs) < 2 {
		return nil
	}
	hs = mergeHorizontal(hs)
	var out []outLine
	for i, upper := range hs {
		for _, lower := range hs[i+1:] {
			if upper.y0-lower.y0 < 3 {
				continue
			}
			left, right := max(upper.x0, lower.x0), min(upper.x1, lower.x1)
			if right-left < 0.5*min(upper.x1-upper.x0, lower.x1-lower.x0) {
				continue
			}
			bd := band{top: upper.y0, bottom: lower.y0, left: left, right: right}
			if l, ok := bandRow(bd, gs, vs, used); ok {
				out = append(out, l)
			}
			break // the next rule below that overlaps closes the band
		}
	}
	return out
}

// mergeHorizontal joins horizontal rules drawn cell by cell into one, and
// returns them top to bottom.
func mergeHorizontal(hs []rule) []rule {
	slices.SortFunc(hs, func(a, b rule) int {
		if math.Abs(a.y0-b.y0) > 1.5 {
			return cmp.Compare(b.y0, a.y0)
		}
		return cmp.Compare(a.x0, b.x0)
	})
	var out []rule
	for _, r := range hs {
		if n := len(out); n > 0 && math.Abs(out[n-1].y0-r.y0) <= 1.5 && r.x0 <= out[n-1].x1+3 {
			out[n-1].x1 = max(out[n-1].x1, r.x1)
			continue
		}
		out = append(out, r)
	}
	return out
}

// bandRow reads one table row: the band's cells are the spaces between
// the vertical rules that cross it; a band not bounded by vertical rules
// at both ends is no row.
func bandRow(bd band, gs []glyph, vs []rule, used []bool) (outLine, bool) {
	mid := (bd.top + bd.bottom) / 2
	var xs []float64
	for _, v := range vs {
		if v.y0 <= mid && v.y1 >= mid && v.x0 >= bd.left-3 && v.x0 <= bd.right+3 {
			xs = append(xs, v.x0)
		}
	}
	slices.Sort(xs)
	xs = slices.CompactFunc(xs, func(a, b float64) bool { return math.Abs(a-b) < 2 })
	if len(xs) < 2 || xs[0] > bd.left+5 || xs[len(xs)-1] < bd.right-5 {
		return outLine{}, false
	}
	cells := make([][]glyph, len(xs)-1)
	var idx []int
	for i, g := range gs {
		cx := (g.x0 + g.x1) / 2
		if used[i] || g.y <= bd.bottom || g.y >= bd.top || cx < xs[0] || cx > xs[len(xs)-1] {
			continue
		}
		c, _ := slices.BinarySearch(xs, cx)
		c = min(max(c-1, 0), len(cells)-1)
		cells[c] = append(cells[c], g)
		idx = append(idx, i)
	}
	if len(idx) == 0 {
		return outLine{}, false
	}
	var texts []string
	top := bd.bottom
	for _, c := range cells {
		var parts []string
		for _, l := range groupLines(c) {
			top = max(top, l[0].y)
			if t := renderLine(l); t != "" {
				parts = append(parts, t)
			}
		}
		if t := joinWrapped(parts); t != "" {
			texts = append(texts, t)
		}
	}
	for _, i := range idx {
		used[i] = true
	}
	return outLine{y: top, x: xs[0], text: strings.Join(texts, "  ")}, true
}

// joinWrapped joins the lines of a wrapped cell: Chinese runs on; a space
// only between Latin words.
func joinWrapped(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 && isLatinLetter(lastRune(parts[i-1])) && isLatinLetter(firstRune(p)) {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}
