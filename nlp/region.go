package nlp

import "unicode/utf8"

// RegionIndex finds the indexed documents' regions in a question, by any
// of their aliases, in one pass over the question whatever the number of
// regions.
type RegionIndex struct {
	alias          map[string]string // alias -> region
	minLen, maxLen int               // alias lengths in runes
}

// RegionMatch is a region named in a text, and how it was named.
type RegionMatch struct{ Region, Alias string }

// NewRegionIndex indexes regions by their aliases.
func NewRegionIndex(regions []string) *RegionIndex {
	ri := &RegionIndex{alias: map[string]string{}, minLen: 1 << 30}
	for _, r := range regions {
		for _, a := range RegionAliases(r) {
			if a == "" {
				continue
			}
			if _, taken := ri.alias[a]; !taken {
				ri.alias[a] = r
			}
			n := utf8.RuneCountInString(a)
			ri.minLen, ri.maxLen = min(ri.minLen, n), max(ri.maxLen, n)
		}
	}
	return ri
}

// Find returns the regions named in text, the longest alias at each
// position first.
func (ri *RegionIndex) Find(text string) []RegionMatch {
	if ri == nil || len(ri.alias) == 0 {
		return nil
	}
	rs := []rune(text)
	var out []RegionMatch
	for i := 0; i < len(rs); i++ {
		for n := min(ri.maxLen, len(rs)-i); n >= ri.minLen; n-- {
			a := string(rs[i : i+n])
			if r, ok := ri.alias[a]; ok {
				out = append(out, RegionMatch{r, a})
				i += n - 1
				break
			}
		}
	}
	return out
}

// RegionAliases are the ways a region may be named: 福田区 and 福田.
func RegionAliases(region string) []string {
	out := []string{region}
	rs := []rune(region)
	if len(rs) >= 3 {
		switch rs[len(rs)-1] {
		case '区', '县', '市', '省', '旗':
			out = append(out, string(rs[:len(rs)-1]))
		}
	}
	return out
}
