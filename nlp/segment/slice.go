package segment

// Slice cuts s into words as gse's Slice(s, search) does: along the
// shortest path through the dictionary's words (each as long as it is
// rare), ASCII letters lower-cased. In search mode the whole of s is
// never one word, and each word is followed by … or rather preceded by
// its own parts (学位 in 新增学位), as gse gives them.
func (d *Dict) Slice(s string, search bool) []string {
	if s == "" {
		return nil
	}
	s = lowerASCII(s)
	var boundsBuf [64]int
	bounds := unitEnds(s, append(boundsBuf[:0], 0))
	segs := d.segmentWords(s, bounds, search)
	out := make([]string, 0, len(segs))
	for _, sg := range segs {
		if !search {
			out = append(out, s[sg.start:sg.end])
			continue
		}
		out = d.appendSearch(out, sg.tok, s[sg.start:sg.end])
	}
	return out
}

// seg is a segment of a text: a word of the dictionary (tok) or a unit
// no word starts with (tok < 0), at s[start:end].
type seg struct {
	tok        int32
	start, end int
}

// jumper is the best path found to the end of a unit (gse's jumper).
type jumper struct {
	minDistance float32
	tok         int32 // -1: a unit of its own
	units       int
}

// pseudoDistance is the path length gse gives a unit no word starts with.
const pseudoDistance = 32

// segmentWords is gse's segmentWords over the units of s that bounds
// delimit (bounds[0] where the first starts, then where each ends).
func (d *Dict) segmentWords(s string, bounds []int, search bool) []seg {
	m := len(bounds) - 1
	if search && m == 1 || m <= 0 {
		return nil
	}
	var jBuf [64]jumper
	jumpers := jBuf[:0]
	if m > len(jBuf) {
		jumpers = make([]jumper, m)
	} else {
		jumpers = jBuf[:m]
	}
	update := func(j *jumper, base, distance float32, tok int32, units int) {
		nd := base + distance
		if j.minDistance == 0 || j.minDistance > nd {
			j.minDistance, j.tok, j.units = nd, tok, units
		}
	}
	for current := 0; current < m; current++ {
		var base float32
		if current > 0 {
			base = jumpers[current-1].minDistance
		}
		found, firstUnits := 0, 0
		for j := current; j < min(current+d.maxTokenLen, m); j++ {
			i, ok := d.index[s[bounds[current]:bounds[j+1]]]
			if !ok {
				break
			}
			if i < 0 {
				continue
			}
			t := &d.tokens[i]
			if found == 0 {
				firstUnits = t.units
			}
			found++
			if !search || current != 0 || j != m-1 {
				update(&jumpers[j], base, d.distance[i], i, t.units)
			}
		}
		if found == 0 || firstUnits > 1 {
			update(&jumpers[current], base, pseudoDistance, -1, 1)
		}
	}
	n := 0
	for index := m - 1; index >= 0; index -= jumpers[index].units {
		n++
	}
	out := make([]seg, n)
	for index := m - 1; index >= 0; index -= jumpers[index].units {
		n--
		j := jumpers[index]
		out[n] = seg{tok: j.tok, start: bounds[index-j.units+1], end: bounds[index+1]}
	}
	return out
}

// appendSearch appends a word of a search-mode segmentation as gse's
// tokenToSlice gives it: its parts (those from the first with parts of
// its own, or in kana, on), each as the same, then the word.
func (d *Dict) appendSearch(out []string, tok int32, text string) []string {
	if tok < 0 {
		return append(out, text)
	}
	terminal := true
	for _, sb := range d.segments(tok) {
		if sb.tok >= 0 && len(d.segments(sb.tok)) > 1 || isJp(firstUnit(sb.text)) {
			terminal = false
		}
		if !terminal {
			out = d.appendSearch(out, sb.tok, sb.text)
		}
	}
	return append(out, d.tokens[tok].text)
}

// segments are a word's parts in search mode (gse's Token.segments,
// which CalcToken computes for every word when the dictionary is
// loaded): computed on first use, once the dictionary is whole.
func (d *Dict) segments(tok int32) []sub {
	t := &d.tokens[tok]
	if p := d.segs[tok].Load(); p != nil {
		return *p
	}
	bounds := unitEnds(t.text, []int{0})
	var subs []sub
	for _, sg := range d.segmentWords(t.text, bounds, true) {
		text := t.text[sg.start:sg.end]
		if sg.tok < 0 || d.tokens[sg.tok].units == 1 {
			if isJp(text) {
				continue
			}
		}
		subs = append(subs, sub{tok: sg.tok, text: text})
	}
	d.segs[tok].Store(&subs)
	return subs
}

// firstUnit is the first unit of s.
func firstUnit(s string) string {
	end := len(s)
	units(s, func(e int) {
		if e < end {
			end = e
		}
	})
	return s[:end]
}
