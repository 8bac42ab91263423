package nlp

import (
	"slices"
	"strings"
)

// wordIndex finds the words of a list that stand in a text in one pass
// over the text, looking at each character only for the words that start
// with it, rather than searching the text once for every word.
type wordIndex struct {
	words   []string
	byFirst map[rune][]int // first character -> indexes of the words starting with it
	first   runeSet        // the keys of byFirst, a cheaper test than the map
}

// newWordIndex indexes words, none of them empty.
func newWordIndex(words []string) wordIndex {
	x := wordIndex{words: words, byFirst: map[rune][]int{}}
	for i, w := range words {
		for _, r := range w {
			x.byFirst[r] = append(x.byFirst[r], i)
			x.first.add(r)
			break
		}
	}
	return x
}

// in returns the indexes of the words that s contains, in the list's
// order, each once, in buf's storage. (A word stands where s has its
// first character, which ranging over s finds even in invalid UTF-8.)
func (x wordIndex) in(s string, buf []int) []int {
	dst := buf[:0]
	for i, r := range s {
		if !x.first.anyRune(r) {
			continue
		}
		for _, k := range x.byFirst[r] {
			if strings.HasPrefix(s[i:], x.words[k]) {
				dst = append(dst, k)
			}
		}
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}
