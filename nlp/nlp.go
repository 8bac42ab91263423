// Package nlp understands Chinese text for planbot: it normalises
// (traditional to simplified, full-width to ASCII, years in Chinese
// numerals to digits), segments with gse, and analyses questions into
// years, region, the measure word asked for, intent and content terms with
// their synonyms. Word lists live in data/ so they can grow without code.
package nlp

import (
	_ "embed"
	"fmt"
	"html"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
	"github.com/longbridgeapp/opencc"

	"github.com/planbot/planbot/internal/wordlist"
	"github.com/planbot/planbot/nlp/gazetteer"
	"github.com/planbot/planbot/nlp/numeral"
	"github.com/planbot/planbot/plan"
)

var (
	// dictData holds gse's 20,000 most frequent simplified words (its
	// header says where they come from and how to regenerate them).
	//go:embed data/dict.txt
	dictData string
	//go:embed data/synonyms.txt
	synonymsData string
	//go:embed data/stopwords.txt
	stopwordsData string
	//go:embed data/intents.txt
	intentsData string
)

// Analyzer segments and normalises text and analyses questions. Build one
// per process with New; it is safe for concurrent use after that.
type Analyzer struct {
	seg      gse.Segmenter
	cc       *opencc.OpenCC
	synGroup map[string]int // word -> index into groups
	groups   [][]string
	stop     map[string]bool
	places   *gazetteer.Gazetteer
	english  glossary
	intents  map[string][]string // data/intents.txt: section -> words
	relYears []plan.RelativeYear
	phrases  []string        // stopwords of three or more characters, longest first
	domain   map[string]bool // words added from the documents
	terms    sync.Map        // word -> []string, IndexTerms of question words
	nterms   atomic.Int64    // entries in terms, which is cleared when it grows large
}

// domainFreq is the frequency given to words taken from the documents
// and word lists, high enough that gse keeps them whole.
const domainFreq = 20000

// New builds an Analyzer whose dictionary is the base word list plus
// domainTerms (words found in the ingested documents) plus the synonym
// and place lists, loaded in one call: every gse load rebuilds the whole
// dictionary, and a word already present is not replaced by a later load.
func New(domainTerms []string) (*Analyzer, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("load traditional-to-simplified table: %w", err)
	}
	a := &Analyzer{
		cc:       cc,
		places:   gazetteer.New(),
		relYears: plan.RelativeYears(),
		english:  readGlossary(),
		domain:   map[string]bool{},
	}
	a.readSynonyms()
	a.readStopwords()
	a.readIntents()
	for _, t := range domainTerms {
		a.domain[strings.ToLower(strings.TrimSpace(t))] = true
	}
	a.seg.SkipLog = true
	if err := a.seg.LoadDictStr(withoutComments(dictData) + a.extraWords(domainTerms)); err != nil {
		return nil, fmt.Errorf("load segmentation dictionary: %w", err)
	}
	return a, nil
}

// readSynonyms reads data/synonyms.txt into groups, lower-cased.
func (a *Analyzer) readSynonyms() {
	a.synGroup = map[string]int{}
	for _, l := range wordlist.Lines(synonymsData) {
		g := strings.Fields(strings.ToLower(l))
		for _, w := range g {
			a.synGroup[w] = len(a.groups)
		}
		a.groups = append(a.groups, g)
	}
}

// readStopwords reads data/stopwords.txt; those of three or more
// characters are also phrases, cut out whole, longest first.
func (a *Analyzer) readStopwords() {
	a.stop = map[string]bool{}
	for _, l := range wordlist.Lines(stopwordsData) {
		a.stop[l] = true
		if utf8.RuneCountInString(l) >= 3 {
			a.phrases = append(a.phrases, l)
		}
	}
	sort.Slice(a.phrases, func(i, j int) bool { return len(a.phrases[i]) > len(a.phrases[j]) })
}

// readIntents reads the [section] lists of data/intents.txt.
func (a *Analyzer) readIntents() {
	a.intents = map[string][]string{}
	for _, e := range wordlist.Sections(intentsData) {
		a.intents[e.Section] = append(a.intents[e.Section], e.Word)
	}
}

// extraWords returns, as gse dictionary lines, the words to keep whole
// beyond the base dictionary: synonyms, place names and domainTerms.
func (a *Analyzer) extraWords(domainTerms []string) string {
	var b strings.Builder
	add := func(w string) {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || strings.ContainsAny(w, " \t") {
			return
		}
		fmt.Fprintf(&b, "%s %d n\n", w, domainFreq)
	}
	for _, g := range a.groups {
		for _, w := range g {
			add(w)
		}
	}
	for _, p := range a.places.Names() {
		add(p)
		if a.places.LevelOf(p) <= gazetteer.Prefecture {
			for _, s := range a.places.ShortNames(p) {
				add(s)
			}
		}
	}
	for _, t := range domainTerms {
		add(t)
	}
	return b.String()
}

// withoutComments drops the # comment lines of a gse dictionary: gse
// reads every line as a word, so "# 2022 …" would add the word # with
// frequency 2022.
func withoutComments(dict string) string {
	var b strings.Builder
	b.Grow(len(dict))
	for l := range strings.Lines(dict) {
		if !strings.HasPrefix(l, "#") {
			b.WriteString(l)
		}
	}
	return b.String()
}

// Normalize folds text for matching: Slack's HTML escapes undone,
// traditional characters made simplified, full-width forms made ASCII,
// ASCII lower-cased, years in Chinese digits made Arabic.
func (a *Analyzer) Normalize(s string) string {
	s = html.UnescapeString(s)
	if hasNonASCII(s) {
		if t, err := a.cc.Convert(s); err == nil {
			s = t
		}
	}
	s = FoldWidth(s)
	s = numeral.NormalizeYears(s)
	return strings.ToLower(s)
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// FoldWidth turns every full-width ASCII form into ASCII and ideographic
// spaces into spaces. Questions carry no clause structure worth keeping,
// so unlike the parser this folds full-width punctuation too.
func FoldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000 || r == 0xA0:
			return ' '
		case r == 0xFEFF || r == 0x200B:
			return -1
		}
		return r
	}, s)
}

// keepToken reports a token with a letter in it, not punctuation or a
// bare number.
func keepToken(w string) bool { return strings.IndexFunc(w, unicode.IsLetter) >= 0 }

const maxRememberedWords = 20000

// wordTerms is IndexTerms for a short word, remembered: questions keep
// asking for the same words and their synonyms.
func (a *Analyzer) wordTerms(w string) []string {
	if v, ok := a.terms.Load(w); ok {
		return v.([]string)
	}
	ts := a.IndexTerms(w)
	// Questions are untrusted text: bound what they can make us remember.
	if a.nterms.Add(1) > maxRememberedWords {
		a.terms.Clear()
		a.nterms.Store(1)
	}
	a.terms.Store(w, ts)
	return ts
}

// IndexTerms returns the distinct content words of text, for the index.
func (a *Analyzer) IndexTerms(text string) []string { return a.TermsOf(a.Tokens(text)) }

// Synonyms returns the group of words w belongs to, w included; a word in
// no group returns just itself.
func (a *Analyzer) Synonyms(w string) []string {
	if g, ok := a.synGroup[w]; ok {
		return a.groups[g]
	}
	return []string{w}
}

// isNoun reports a word the dictionary tags as a noun (n, nz, ns, vn …),
// or one it does not know (domain words merged from single characters).
func (a *Analyzer) isNoun(w string) bool {
	_, pos, ok := a.seg.Dict.Find([]byte(w))
	if !ok || pos == "" {
		return utf8.RuneCountInString(w) > 1
	}
	return pos[0] == 'n' || pos == "an"
}

// Nouns returns the words of s the dictionary tags as nouns (or does not
// know), in order: 武汉都市圈 in 武汉都市圈经济总量.
func (a *Analyzer) Nouns(s string) []string {
	var out []string
	for _, w := range a.seg.Cut(strings.ToLower(s), false) {
		if isHan(w) && a.isNoun(w) && !a.stop[w] {
			out = append(out, w)
		}
	}
	return out
}

// isVerb reports a word the dictionary tags only as a verb.
func (a *Analyzer) isVerb(w string) bool {
	_, pos, ok := a.seg.Dict.Find([]byte(w))
	return ok && pos == "v"
}

// IsWord reports a word of the segmenter's dictionary (not merely the
// start of one, which gse's Find also accepts).
func (a *Analyzer) IsWord(w string) bool {
	freq, _, ok := a.seg.Dict.Find([]byte(w))
	return ok && freq > 0
}

// Places returns the place names of the gazetteer found in s.
func (a *Analyzer) Places(s string) []string { return a.places.Find(s) }

// Gazetteer returns the analyser's gazetteer of places.
func (a *Analyzer) Gazetteer() *gazetteer.Gazetteer { return a.places }

// Tokens cuts text in search mode, lower-cased, keeping punctuation
// tokens: the raw material of both IndexTerms and MineTerms, so a
// document is segmented once.
func (a *Analyzer) Tokens(text string) []string {
	text = strings.ToLower(text)
	if utf8.RuneCountInString(text) <= 12 {
		return append(a.seg.Slice(text, false), a.seg.Slice(text, true)...)
	}
	return a.seg.Slice(text, true)
}

// TermsOf reduces tokens to distinct index terms: no punctuation, bare
// numbers or stopwords.
func (a *Analyzer) TermsOf(tokens []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range tokens {
		if !keepToken(w) || a.stop[w] || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// MineTerms finds words a plan document uses that the dictionary splits
// into single characters (社康, 华富北, 污水零直排): runs of two to six
// single-character tokens that occur at least twice, plus the given
// names (indicator names, quoted phrases). They become dictionary words so
// that questions and the index cut them the same way. tokens are each
// sentence's Tokens.
func (a *Analyzer) MineTerms(tokens [][]string, names []string) []string {
	var out []string
	add := func(w string) {
		w = strings.ToLower(strings.TrimSpace(w))
		if n := utf8.RuneCountInString(w); n >= 2 && n <= 12 && !strings.ContainsAny(w, " \t，。、；：") {
			out = append(out, w)
		}
	}
	for w, c := range a.charRuns(tokens) {
		if c >= 2 {
			add(w)
		}
	}
	for _, n := range names {
		add(n)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// charRuns counts the runs of two to six single Han characters (not
// stopwords) in each sentence's tokens.
func (a *Analyzer) charRuns(tokens [][]string) map[string]int {
	counts := map[string]int{}
	for _, ts := range tokens {
		var run []string
		flush := func() {
			if len(run) >= 2 && len(run) <= 6 {
				counts[strings.Join(run, "")]++
			}
			run = nil
		}
		for _, w := range ts {
			if utf8.RuneCountInString(w) == 1 && isHan(w) && !a.stop[w] {
				run = append(run, w)
				continue
			}
			flush()
		}
		flush()
	}
	return counts
}
