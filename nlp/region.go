package nlp

import (
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp/gazetteer"
	"github.com/planbot/planbot/nlp/segment"
)

// RegionIndex finds the indexed documents' regions in a question, by any
// of their aliases, in one pass over the question whatever the number of
// regions.
type RegionIndex struct {
	regions        []string
	alias          map[string]string // alias -> region
	minLen, maxLen int               // alias lengths in runes
	first          runeSet           // the first characters of the aliases
}

// RegionMatch is a region named in a text, and how it was named.
type RegionMatch struct{ Region, Alias string }

// NewRegionIndex indexes regions by their aliases: each region's name,
// its short names from g (新疆 for 新疆维吾尔自治区; g may be nil) and the
// name without its last character (福田 for 福田区).
func NewRegionIndex(regions []string, g *gazetteer.Gazetteer) *RegionIndex {
	ri := &RegionIndex{regions: regions, alias: map[string]string{}, minLen: 1 << 30}
	for _, r := range regions {
		for _, a := range g.Aliases(r) {
			ri.add(a, r)
		}
	}
	// The other districts of a district's city, by their short names too
	// (罗湖 beside 福田区): a question naming one asks of a region no
	// document covers, which the gazetteer alone would not find, as a
	// county's short name is often a word.
	for _, r := range regions {
		if g == nil {
			break
		}
		for _, sib := range g.Siblings(r) {
			for _, a := range g.Aliases(sib) {
				if utf8.RuneCountInString(a) >= 2 {
					ri.add(a, sib)
				}
			}
		}
	}
	// A district's name before it became one (光明新区 for 光明区), when
	// no region of that name is indexed: older reports and questions use it.
	for _, r := range regions {
		if stem, ok := strings.CutSuffix(r, "区"); ok && utf8.RuneCountInString(stem) >= 2 && !strings.HasSuffix(stem, "新") {
			ri.add(stem+"新区", r)
		}
	}
	return ri
}

// add indexes alias as a name of region, unless an earlier region took it.
func (ri *RegionIndex) add(alias, region string) {
	if _, taken := ri.alias[alias]; !taken {
		ri.alias[alias] = region
	}
	n := utf8.RuneCountInString(alias)
	ri.minLen, ri.maxLen = min(ri.minLen, n), max(ri.maxLen, n)
	r, _ := utf8.DecodeRuneInString(alias)
	ri.first.add(r)
}

// Regions returns the indexed regions.
func (ri *RegionIndex) Regions() []string {
	if ri == nil {
		return nil
	}
	return ri.regions
}

// Find returns the regions named in text, the longest alias at each
// position first.
func (ri *RegionIndex) Find(text string) []RegionMatch {
	if ri == nil || len(ri.alias) == 0 {
		return nil
	}
	// off[k] is where the k-th character starts, off[n] the end.
	var offBuf [128]int
	off := segment.AppendOffsets(offBuf[:0], text)
	n := len(off) - 1
	var out []RegionMatch
	for i := 0; i < n; i++ {
		// An alias starts with one of the first characters.
		if r, _ := utf8.DecodeRuneInString(text[off[i]:]); !ri.first.anyRune(r) {
			continue
		}
		for k := min(ri.maxLen, n-i); k >= ri.minLen; k-- {
			a := text[off[i]:off[i+k]]
			if r, ok := ri.alias[a]; ok {
				out = append(out, RegionMatch{r, a})
				i += k - 1
				break
			}
		}
	}
	return out
}
