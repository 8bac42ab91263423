package nlp

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestWordIndex checks that the index finds the words a text contains as
// searching the text for each word does, on texts made of the word
// lists' phrases, pieces of them and other characters.
func TestWordIndex(t *testing.T) {
	a := analyzer(t)
	lists := [][]string{a.phrases, {"多少", "几", "多少钱", "少", "ab", "a\xffb"}}
	var intents []string
	for _, e := range a.intentEntries {
		intents = append(intents, e.Word)
	}
	lists = append(lists, intents)
	rnd := rand.New(rand.NewPCG(14, 2))
	for _, words := range lists {
		x := newWordIndex(words)
		var pieces []string
		for _, w := range words {
			rs := []rune(w)
			pieces = append(pieces, w, string(rs[:len(rs)-1]), string(rs[1:]), w[:len(w)-1])
		}
		pieces = append(pieces, "|", "的", "2022年", "a", "\xff", "\xe5\xad")
		for range 5000 {
			var b strings.Builder
			for range 1 + rnd.IntN(8) {
				b.WriteString(pieces[rnd.IntN(len(pieces))])
			}
			s := b.String()
			var want []int
			for k, w := range words {
				if strings.Contains(s, w) {
					want = append(want, k)
				}
			}
			if got := x.in(s, nil); !slices.Equal(got, want) {
				t.Fatalf("in(%q) = %v, want %v", s, got, want)
			}
			// Replacing the phrases found, in order, is replacing them all.
			all, found := s, s
			for _, w := range words {
				all = strings.ReplaceAll(all, w, "|")
			}
			for _, k := range x.in(s, nil) {
				found = strings.ReplaceAll(found, words[k], "|")
			}
			if found != all {
				t.Fatalf("replacing the words found in %q gives %q, replacing all %q", s, found, all)
			}
		}
	}
}
