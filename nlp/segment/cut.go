package segment

import (
	"math"
	"unicode"
)

// Cut cuts s into words as gse's Cut(s, false) does: lower-cased, along
// the most probable path through the dictionary's words (each weighed
// by its frequency), with runs of single ASCII letters and digits kept
// together.
func (d *Dict) Cut(s string) []string { return d.AppendCut(nil, s) }

// AppendCut appends the words of Cut(s) to dst, so that a caller may
// cut into a buffer of its own.
func (d *Dict) AppendCut(dst []string, s string) []string {
	s = Lower(s)
	// off[k] is where the k-th character starts; off[n] is len(s).
	var offBuf [64]int
	off := AppendOffsets(offBuf[:0], s)
	n := len(off) - 1
	type route struct {
		freq  float64
		index int
	}
	var rsBuf [64]route
	rs := rsBuf[:0]
	if n+1 > len(rsBuf) {
		rs = make([]route, n+1)
	} else {
		rs = rsBuf[:n+1]
	}
	// From the end, the best path from each character: gse's getDag and
	// calc, with the same sums in the same order so that ties fall the
	// same way (the longer word wins).
	for idx := n - 1; idx >= 0; idx-- {
		set := false
		consider := func(i int, f float64) {
			r := route{f, i}
			if !set {
				rs[idx], set = r, true
			} else if v := rs[idx]; v.freq < r.freq || v.freq == r.freq && v.index < r.index {
				rs[idx] = r
			}
		}
		for i := idx; i < n; i++ {
			freq, ln, ok := d.findLn(s[off[idx]:off[i+1]])
			if !ok {
				break
			}
			if freq > 0 {
				consider(i, ln-d.logTotal+rs[i+1].freq)
			}
		}
		if !set {
			if _, ln, ok := d.findLn(s[off[idx]:off[idx+1]]); ok {
				consider(idx, ln-d.logTotal+rs[idx+1].freq)
			} else {
				consider(idx, math.Log(1.0)-d.logTotal+rs[idx+1].freq)
			}
		}
	}
	out := dst
	if out == nil {
		out = make([]string, 0, int(float32(len(s))/1.5)+1)
	}
	bufStart := -1 // a run of single ASCII letters and digits
	for x := 0; x < n; {
		y := rs[x].index + 1
		if y-x == 1 && isASCIIAlnum(s[off[x]]) {
			if bufStart < 0 {
				bufStart = off[x]
			}
			x = y
			continue
		}
		if bufStart >= 0 {
			out = append(out, s[bufStart:off[x]])
			bufStart = -1
		}
		out = append(out, s[off[x]:off[y]])
		x = y
	}
	if bufStart >= 0 {
		out = append(out, s[bufStart:])
	}
	return out
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isJp reports Japanese kana in s, which gse leaves out of a word's
// segments.
func isJp(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) {
			return true
		}
	}
	return false
}

// AppendOffsets appends to dst where each character of s starts, then
// len(s): the k-th character is s[off[k]:off[k+1]], and s holds
// len(off)-1 characters. Callers pass a buffer of their own, so short
// texts need no allocation.
func AppendOffsets(dst []int, s string) []int {
	for i := range s {
		dst = append(dst, i)
	}
	return append(dst, len(s))
}
