// Package gazetteer knows China's administrative divisions — provinces,
// prefectures and counties, with their codes, their nesting and their
// short names (divisions.txt, from the national division codes: its
// header says where from and how to refresh it) — so that the parser can
// tell whose document it reads and the question analyser which place a
// question names: 新疆 is 新疆维吾尔自治区, 福田区 lies in 深圳市, and 示范区
// is no place at all. It needs no third-party package.
package gazetteer

import (
	_ "embed"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/internal/wordlist"
)

var (
	//go:embed divisions.txt
	divisionsData string
	//go:embed short.txt
	shortData string
	//go:embed ethnic.txt
	ethnicData string
	//go:embed words.txt
	wordsData string
)

// Level is a division's level of administration.
type Level int

// The levels of the divisions, from the top.
const (
	Province   Level = 1 // 省, 自治区, 直辖市
	Prefecture Level = 2 // 地级市, 地区, 自治州, 盟
	County     Level = 3 // 县, 县级市, 市辖区, 旗
	Other      Level = 4 // a document's own region the list lacks (a 新区, say)
)

// Place is one division.
type Place struct {
	Code  string // GB/T 2260: 2 digits a province, 4 a prefecture, 6 a county; "" for added names
	Name  string // full name: 新疆维吾尔自治区, 福田区
	Level Level
}

// Match is a place named in a text.
type Match struct {
	Name       string // the full name of the place: 新疆维吾尔自治区
	Text       string // as written: 新疆
	Start, End int    // byte offsets of Text
	Short      bool   // named by a short name or abbreviation, not in full
}

// Gazetteer is the divisions with their names, short names and nesting.
// It is read-only once built but for Add, which is not safe to call
// concurrently with lookups.
type Gazetteer struct {
	byCode  map[string]Place
	byName  map[string][]Place // full name -> places (朝阳区 is two)
	ordered []string           // full names in load order, each once
	short   map[string][]string
	abbr    map[string][]string // one-character abbreviation -> names (新 -> 新疆维吾尔自治区)
	abbrOf  map[string][]string // name -> its abbreviations
	ethnic  []string
	words   map[string]bool // names that are mostly words (words.txt)
	// counties holds each prefecture's counties by the prefecture's code.
	counties map[string][]string
	find     trie // full names and the short names questions may use
}

// New loads the built-in divisions.
func New() *Gazetteer {
	g := &Gazetteer{
		byCode: map[string]Place{}, byName: map[string][]Place{}, short: map[string][]string{}, counties: map[string][]string{},
		abbr: map[string][]string{}, abbrOf: map[string][]string{}, words: map[string]bool{},
	}
	for _, l := range wordlist.Lines(wordsData) {
		g.words[l] = true
	}
	for _, l := range wordlist.Lines(ethnicData) {
		g.ethnic = append(g.ethnic, l)
	}
	// Longest first, so 土家 goes before 土.
	slices.SortFunc(g.ethnic, func(a, b string) int { return len(b) - len(a) })
	for _, l := range wordlist.Lines(divisionsData) {
		code, name, ok := strings.Cut(l, "\t")
		if !ok {
			continue
		}
		lv := County
		switch {
		case len(code) == 2:
			lv = Province
		case len(code) == 4 || len(code) == 6 && code[2:4] == "90":
			// xx90yy: a county-level city the province governs directly
			// (济源市, 仙桃市), which stands as a prefecture and goes by
			// its short name (济源).
			lv = Prefecture
		}
		g.add(Place{Code: code, Name: name, Level: lv})
		if lv == County && len(code) == 6 {
			g.counties[code[:4]] = append(g.counties[code[:4]], name)
		}
	}
	for _, l := range wordlist.Lines(shortData) {
		f := strings.Fields(l)
		for _, a := range f[1:] {
			g.abbr[a] = append(g.abbr[a], f[0])
			g.abbrOf[f[0]] = append(g.abbrOf[f[0]], a)
		}
	}
	return g
}

func (g *Gazetteer) add(p Place) {
	if p.Code != "" {
		g.byCode[p.Code] = p
	}
	if _, seen := g.byName[p.Name]; !seen {
		g.ordered = append(g.ordered, p.Name)
	}
	g.byName[p.Name] = append(g.byName[p.Name], p)
	if findable(p.Name) {
		g.find.add(p.Name, p.Name, false)
	}
	// Questions name provinces and prefectures by their short names (新疆,
	// 深圳); a county's short name is too often a word (和平, 新华), so
	// only a document's own county is found by it (nlp.RegionIndex).
	for _, s := range g.ShortNames(p.Name) {
		if p.Level <= Prefecture {
			g.find.add(s, p.Name, true)
		}
		if !slices.Contains(g.short[s], p.Name) {
			g.short[s] = append(g.short[s], p.Name)
		}
	}
}

// findable reports a full name that stands for its place in running
// text: 城区, 矿区 and 郊区 are real districts' names, but mostly words
// (see also words.txt).
func findable(name string) bool {
	n := utf8.RuneCountInString(name)
	return n >= 3 || n == 2 && !strings.HasSuffix(name, "区")
}

// Add adds a place the list lacks, such as a document's own region.
func (g *Gazetteer) Add(name string) {
	if name == "" || len(g.byName[name]) > 0 {
		return
	}
	g.add(Place{Name: name, Level: Other})
}

// Names returns every full name, in load order.
func (g *Gazetteer) Names() []string { return g.ordered }

// Has reports a full name of a division.
func (g *Gazetteer) Has(name string) bool { return len(g.byName[name]) > 0 }

// Places returns the divisions of a full name: 朝阳区 is in Beijing and
// in Changchun.
func (g *Gazetteer) Places(name string) []Place { return g.byName[name] }

// Parent returns the division p lies directly in.
func (g *Gazetteer) Parent(p Place) (Place, bool) {
	for n := len(p.Code) - 2; n >= 2; n -= 2 {
		if q, ok := g.byCode[p.Code[:n]]; ok {
			return q, true
		}
	}
	return Place{}, false
}

// Siblings returns the other counties of the prefecture a county named
// name lies in (罗湖区, 南山区 … for 福田区), none for another level.
func (g *Gazetteer) Siblings(name string) []string {
	var out []string
	for _, p := range g.byName[name] {
		if p.Level != County || len(p.Code) != 6 {
			continue
		}
		for _, q := range g.counties[p.Code[:4]] {
			if q != name && !slices.Contains(out, q) {
				out = append(out, q)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Within reports whether some place named inner lies in some place named
// outer (福田区 in 深圳市 and in 广东省), or the names are the same.
func (g *Gazetteer) Within(inner, outer string) bool {
	if inner == outer {
		return true
	}
	for _, in := range g.byName[inner] {
		for _, out := range g.byName[outer] {
			if out.Code != "" && len(out.Code) < len(in.Code) && strings.HasPrefix(in.Code, out.Code) {
				return true
			}
		}
	}
	return false
}

// suffixes of division names, longest first.
var suffixes = []string{"特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "省", "市", "区", "县", "旗", "盟"}

// Aliases are the ways a region may be named: 福田区 and 福田; 新疆维吾尔
// 自治区 and 新疆 (ShortNames, with a gazetteer: g may be nil); 大鹏新区 and
// 大鹏 (a 新区 the national list lacks). The region comes first; every
// other is a prefix of it.
func (g *Gazetteer) Aliases(region string) []string {
	if region == "" {
		return nil
	}
	out := []string{region}
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if g != nil {
		for _, s := range g.ShortNames(region) {
			add(s)
		}
	}
	if s, ok := strings.CutSuffix(region, "新区"); ok && utf8.RuneCountInString(s) >= 2 {
		add(s)
	}
	if rs := []rune(region); len(rs) >= 3 && strings.ContainsRune("区县市省旗", rs[len(rs)-1]) {
		add(string(rs[:len(rs)-1]))
	}
	return out
}

// SameRegion reports whether two names may name one region by the short
// name they share: 光明新区, as the district was called before it became
// 光明区, and 光明区 are both 光明.
func (g *Gazetteer) SameRegion(a, b string) bool {
	if a == b {
		return true
	}
	bs := g.Aliases(b)
	for _, x := range g.Aliases(a) {
		if utf8.RuneCountInString(x) >= 2 && slices.Contains(bs, x) {
			return true
		}
	}
	return false
}

// ShortNames returns the names a division also goes by, without its
// level and nationality: 新疆 for 新疆维吾尔自治区, 黔东南 for
// 黔东南苗族侗族自治州, 深圳 for 深圳市. Short names of one character are
// not given (城 of 城区); see Abbreviations for 新, 沪.
func (g *Gazetteer) ShortNames(name string) []string {
	stem := name
	autonomous := false
	for _, s := range suffixes {
		if t, ok := strings.CutSuffix(name, s); ok && t != "" {
			stem, autonomous = t, strings.HasPrefix(s, "自治")
			break
		}
	}
	if stem == name {
		return nil
	}
	var out []string
	if autonomous {
		// 广西壮族自治区 is also called 广西自治区 … and 广西.
		stem = g.dropNationalities(stem)
	}
	if utf8.RuneCountInString(stem) >= 2 && stem != name {
		out = append(out, stem)
	}
	return out
}

// dropNationalities takes the nationalities off the end of an autonomous
// division's name: 黔东南苗族侗族 → 黔东南, 新疆维吾尔 → 新疆.
func (g *Gazetteer) dropNationalities(stem string) string {
	for changed := true; changed; {
		changed = false
		for _, e := range g.ethnic {
			t, ok := strings.CutSuffix(stem, e+"族")
			if !ok && utf8.RuneCountInString(e) > 1 {
				t, ok = strings.CutSuffix(stem, e)
			}
			if ok && utf8.RuneCountInString(t) >= 2 {
				stem, changed = t, true
				break
			}
		}
	}
	return stem
}

// Abbreviations returns a provincial-level division's one-character
// abbreviations: 沪 for 上海市.
func (g *Gazetteer) Abbreviations(name string) []string { return g.abbrOf[name] }

// Abbreviated returns the divisions a one-character abbreviation stands
// for: 新 → 新疆维吾尔自治区.
func (g *Gazetteer) Abbreviated(a string) []string { return g.abbr[a] }

// Canonical returns the full names a name or short name stands for, the
// higher divisions first: 新疆 → 新疆维吾尔自治区; 吉林 → 吉林省, 吉林市.
func (g *Gazetteer) Canonical(name string) []string {
	var out []string
	if g.Has(name) {
		out = append(out, name)
	}
	for _, n := range g.short[name] {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return int(g.level(a) - g.level(b)) })
	return out
}

func (g *Gazetteer) level(name string) Level {
	lv := Other
	for _, p := range g.byName[name] {
		lv = min(lv, p.Level)
	}
	return lv
}

// highest returns the name of the highest division among names: 吉林 is
// first the province.
func (g *Gazetteer) highest(names []string) string {
	best := names[0]
	for _, n := range names[1:] {
		if g.level(n) < g.level(best) {
			best = n
		}
	}
	return best
}

// LevelOf returns the highest level a full name has.
func (g *Gazetteer) LevelOf(name string) Level { return g.level(name) }

// FindAll returns the places named in s, scanning left to right and
// taking the longest name at each position: full names of any level, and
// the short names of provinces and prefectures (新疆, 深圳). Whether a
// match is really a place in s (新建县域 holds 新建县 only by accident)
// is for the caller, who knows the words of s, to decide.
func (g *Gazetteer) FindAll(s string) []Match {
	var out []Match
	for i := 0; i < len(s); {
		n, names, short := g.find.longest(s[i:])
		afterPlace := len(out) > 0 && out[len(out)-1].End == i
		if n == 0 || g.words[s[i:i+n]] && !afterPlace {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		out = append(out, Match{Name: g.highest(names), Text: s[i : i+n], Start: i, End: i + n, Short: short})
		i += n
	}
	return out
}

// Find returns the full names of the places named in s (FindAll), each
// once, in order.
func (g *Gazetteer) Find(s string) []string {
	var out []string
	for _, m := range g.FindAll(s) {
		if !slices.Contains(out, m.Name) {
			out = append(out, m.Name)
		}
	}
	return out
}

// Leading returns the places s starts with, named in full, one after the
// other: 深圳市南山区2023年… gives [深圳市 南山区].
func (g *Gazetteer) Leading(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		n, names, short := g.find.longest(s[i:])
		if n == 0 || short || g.words[s[i:i+n]] && i == 0 {
			break
		}
		out = append(out, g.highest(names))
		i += n
	}
	return out
}

// trie maps names to the full names they stand for, rune by rune, so a
// text is scanned once whatever the number of names.
type trie struct {
	next  map[rune]*trie
	names []string // full names this node's path stands for; nil for no name
	short bool     // the path is a short name of every one of names
}

func (t *trie) add(key, name string, short bool) {
	n := t
	for _, r := range key {
		if n.next == nil {
			n.next = map[rune]*trie{}
		}
		c := n.next[r]
		if c == nil {
			c = &trie{}
			n.next[r] = c
		}
		n = c
	}
	if slices.Contains(n.names, name) {
		return
	}
	if len(n.names) == 0 {
		n.short = short
	} else if !short && n.short {
		// A full name wins over a short one it equals.
		n.names, n.short = nil, false
	} else if short && !n.short {
		return
	}
	n.names = append(n.names, name)
}

// longest returns the length in bytes of the longest name s starts with,
// the full names it stands for and whether it is a short name.
func (t *trie) longest(s string) (n int, names []string, short bool) {
	node := t
	for i, r := range s {
		node = node.next[r]
		if node == nil {
			break
		}
		if len(node.names) > 0 {
			n, names, short = i+utf8.RuneLen(r), node.names, node.short
		}
	}
	return n, names, short
}
