// Package gazetteer knows the names of Chinese provinces, cities,
// districts and counties (places.txt, taken from gse's dictionary: its
// header says how), so that both the parser and the question analyser can
// tell 南山区 from 示范区. It needs no third-party package.
package gazetteer

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/internal/wordlist"
)

//go:embed places.txt
var placesData string

// Gazetteer is a set of place names.
type Gazetteer struct {
	names          map[string]bool
	ordered        []string      // names in the order added
	minLen, maxLen int           // name lengths in runes
	lasts          map[rune]bool // the last characters of names (区, 县, 市 …)
}

// New loads the built-in place names.
func New() *Gazetteer {
	g := &Gazetteer{names: map[string]bool{}, minLen: 1 << 30, lasts: map[rune]bool{}}
	for _, l := range wordlist.Lines(placesData) {
		g.Add(l)
	}
	return g
}

// Add adds a name (a document's own region, say).
func (g *Gazetteer) Add(name string) {
	if g.names[name] {
		return
	}
	g.names[name] = true
	g.ordered = append(g.ordered, name)
	last, _ := utf8.DecodeLastRuneInString(name)
	g.lasts[last] = true
	n := utf8.RuneCountInString(name)
	g.minLen, g.maxLen = min(g.minLen, n), max(g.maxLen, n)
}

// Names returns every name, in load order.
func (g *Gazetteer) Names() []string { return g.ordered }

// Find returns the place names in s, scanning left to right and taking
// the longest name at each position.
func (g *Gazetteer) Find(s string) []string {
	// Names end in a handful of characters; a text without any holds none.
	if !strings.ContainsFunc(s, func(r rune) bool { return g.lasts[r] }) {
		return nil
	}
	rs := []rune(s)
	var out []string
	for i := 0; i < len(rs); i++ {
		for n := g.maxLen; n >= g.minLen; n-- {
			if i+n <= len(rs) && g.names[string(rs[i:i+n])] {
				out = append(out, string(rs[i:i+n]))
				i += n - 1
				break
			}
		}
	}
	return out
}

// Leading returns the places s starts with, one after the other:
// 深圳市南山区2023年… gives [深圳市 南山区].
func (g *Gazetteer) Leading(s string) []string {
	rs := []rune(s)
	var out []string
	for i := 0; i < len(rs); {
		found := 0
		for n := g.maxLen; n >= g.minLen; n-- {
			if i+n <= len(rs) && g.names[string(rs[i:i+n])] {
				found = n
				break
			}
		}
		if found == 0 {
			break
		}
		out = append(out, string(rs[i:i+found]))
		i += found
	}
	return out
}
