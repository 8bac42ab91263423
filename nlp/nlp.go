// Package nlp understands Chinese text for planbot: it normalises
// (traditional to simplified, full-width to ASCII, years in Chinese
// numerals to digits), segments with gse, and analyses questions into
// years, region, the measure word asked for, intent and content terms with
// their synonyms. Word lists live in data/ so they can grow without code.
package nlp

import (
	_ "embed"
	"html"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/internal/wordlist"
	"github.com/planbot/planbot/nlp/gazetteer"
	"github.com/planbot/planbot/nlp/numeral"
	"github.com/planbot/planbot/nlp/segment"
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
	//go:embed data/traditional.txt
	traditionalData string
)

// Analyzer segments and normalises text and analyses questions. Build one
// with New; it is safe for concurrent use after that.
type Analyzer struct {
	*lexicon
	dict   *segment.Dict   // the lexicon's dictionary and the documents' words
	domain map[string]bool // words added from the documents
	terms  sync.Map        // word -> []string, IndexTerms of question words
	nterms atomic.Int64    // entries in terms, which is cleared when it grows large
}

// lexicon is what every Analyzer reads and none changes: the word lists,
// the gazetteer, the traditional-to-simplified table, and the dictionary
// of the base words, synonyms and place names, which each Analyzer extends
// with its documents' words. It is built once per process, on first use
// (Preload builds it ahead).
type lexicon struct {
	synGroup map[string]int // word -> index into groups
	groups   [][]string
	stop     map[string]bool
	places   *gazetteer.Gazetteer
	english  glossary
	intents  map[string][]string // data/intents.txt: section -> words
	intentOf map[string]string   // intent word -> its kind (intentKinds); content words are not in it
	change   map[string]bool     // 增长, 下降 and their synonyms
	relYears []plan.RelativeYear
	phrases  []string // stopwords of three or more characters, longest first
	// phraseIndex and intentIndex find which phrases and intent words
	// (data/intents.txt, as intentEntries) a question holds.
	phraseIndex   wordIndex
	intentIndex   wordIndex
	intentEntries []wordlist.Entry
	base          *segment.Dict
	baseText      string // base's dictionary lines (gse's format)
	// cc converts traditional characters (opencc's t2s); loaded when a
	// text first has one of traditional (see Normalize).
	cc          func() (*converter, error)
	traditional runeSet
}

var sharedLexicon = sync.OnceValue(newLexicon)

// Preload builds what every Analyzer shares (the word lists and the base
// dictionary, tens of milliseconds) if it is not built yet: a command can
// run it while it opens the index, before New needs it.
func Preload() { sharedLexicon() }

func newLexicon() *lexicon {
	l := &lexicon{
		places:   gazetteer.New(),
		relYears: plan.RelativeYears(),
		english:  readGlossary(),
		cc:       sync.OnceValues(func() (*converter, error) { return newConverter("t2s") }),
	}
	l.readSynonyms()
	l.readStopwords()
	l.readIntents()
	l.change = map[string]bool{}
	for _, w := range slices.Concat(l.synonyms("增长"), l.synonyms("下降")) {
		l.change[w] = true
	}
	l.intentOf = l.intentKinds()
	l.phraseIndex = newWordIndex(l.phrases)
	var words []string
	for _, e := range l.intentEntries {
		words = append(words, e.Word)
	}
	l.intentIndex = newWordIndex(words)
	for _, line := range wordlist.Lines(traditionalData) {
		for _, r := range line {
			l.traditional.add(r)
		}
	}
	l.baseText = withoutComments(dictData) + l.extraWords()
	b := segment.NewBuilder(25000)
	b.AddLines(l.baseText)
	l.base = b.Build()
	return l
}

// domainFreqText ends the dictionary line of a word taken from the
// documents or the word lists: a frequency (20000) high enough that the
// segmenter keeps it whole, and noun.
const domainFreqText = " 20000 n\n"

// New builds an Analyzer whose dictionary is the base word list plus the
// synonym and place lists plus domainTerms (words found in the ingested
// documents), in that order: a word already present is not replaced by a
// later one.
func New(domainTerms []string) (*Analyzer, error) {
	l := sharedLexicon()
	domainTerms = l.domainWords(domainTerms)
	a := &Analyzer{lexicon: l, domain: map[string]bool{}}
	for _, t := range domainTerms {
		a.domain[strings.ToLower(strings.TrimSpace(t))] = true
	}
	b := l.base.Extend()
	b.AddLines(domainLines(domainTerms))
	a.dict = b.Build()
	return a, nil
}

// dictionaryText is the analyser's whole dictionary in gse's format, as
// planbot loaded it into gse in one call before it segmented with its own
// package: the base word list, then the words of the word lists, then
// domainTerms.
func (a *Analyzer) dictionaryText(domainTerms []string) string {
	return a.baseText + domainLines(a.domainWords(domainTerms))
}

// domainWords are the document words the dictionary takes: not a word of
// the lists run together with an intent word (居民消费价格涨幅, gdp增速),
// which kept whole would hide from a question both the synonyms of the
// one (cpi) and the rate the other asks for, and would match no sentence
// that writes the rate another way (居民消费价格上涨2.5%).
func (l *lexicon) domainWords(terms []string) []string {
	return slices.DeleteFunc(slices.Clone(terms), func(t string) bool {
		w := strings.ToLower(strings.TrimSpace(t))
		for i := range w {
			if _, ok := l.synGroup[w[:i]]; ok && i > 0 && l.intentOf[w[i:]] != "" {
				return true
			}
		}
		return false
	})
}

// readSynonyms reads data/synonyms.txt into groups, lower-cased.
func (l *lexicon) readSynonyms() {
	l.synGroup = map[string]int{}
	for _, line := range wordlist.Lines(synonymsData) {
		g := strings.Fields(strings.ToLower(line))
		for _, w := range g {
			l.synGroup[w] = len(l.groups)
		}
		l.groups = append(l.groups, g)
	}
}

// readStopwords reads data/stopwords.txt; those of three or more
// characters are also phrases, cut out whole, longest first.
func (l *lexicon) readStopwords() {
	l.stop = map[string]bool{}
	for _, w := range wordlist.Lines(stopwordsData) {
		l.stop[w] = true
		if utf8.RuneCountInString(w) >= 3 {
			l.phrases = append(l.phrases, w)
		}
	}
	sort.Slice(l.phrases, func(i, j int) bool { return len(l.phrases[i]) > len(l.phrases[j]) })
}

// readIntents reads the [section] lists of data/intents.txt.
func (l *lexicon) readIntents() {
	l.intents = map[string][]string{}
	l.intentEntries = wordlist.Sections(intentsData)
	for _, e := range l.intentEntries {
		l.intents[e.Section] = append(l.intents[e.Section], e.Word)
	}
}

// intentKinds maps each intent word to its kind: the first section of
// data/intents.txt, in intentSections' order, to list it; else change for
// 增长, 下降 and their synonyms.
func (l *lexicon) intentKinds() map[string]string {
	m := map[string]string{}
	for w := range l.change {
		m[w] = "change"
	}
	for _, s := range slices.Backward(intentSections) {
		for _, w := range l.intents[s] {
			m[w] = s
		}
	}
	return m
}

// intentSections are the sections of data/intents.txt that name a kind
// of intent word, the first a word is listed in naming its kind.
var intentSections = []string{"rate", "target", "result", "money", "area"}

// extraWords returns, as gse dictionary lines, the words to keep whole
// beyond the base dictionary: synonyms and place names.
func (l *lexicon) extraWords() string {
	var b strings.Builder
	for _, g := range l.groups {
		for _, w := range g {
			addLine(&b, w)
		}
	}
	for _, p := range l.places.Names() {
		addLine(&b, p)
		if l.places.LevelOf(p) <= gazetteer.Prefecture {
			for _, s := range l.places.ShortNames(p) {
				addLine(&b, s)
			}
		}
	}
	return b.String()
}

// domainLines returns the documents' words as gse dictionary lines.
func domainLines(domainTerms []string) string {
	var b strings.Builder
	for _, t := range domainTerms {
		addLine(&b, t)
	}
	return b.String()
}

// addLine writes w as a dictionary line, lower-cased; a word with a space
// in it is left out.
func addLine(b *strings.Builder, w string) {
	w = strings.ToLower(strings.TrimSpace(w))
	if w == "" || strings.ContainsAny(w, " \t") {
		return
	}
	b.WriteString(w)
	b.WriteString(domainFreqText)
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
// ASCII lower-cased, years in Chinese digits made Arabic. The conversion
// of traditional characters runs only for a text holding one of
// data/traditional.txt, without which it would change nothing.
func (a *Analyzer) Normalize(s string) string {
	s = html.UnescapeString(s)
	if hasNonASCII(s) && a.traditional.any(s) {
		if cc, err := a.cc(); err == nil {
			if t, err := cc.Convert(s); err == nil {
				s = t
			}
		}
	}
	s = FoldWidth(s)
	s = numeral.NormalizeYears(s)
	return segment.Lower(s)
}

// Simplify returns text in simplified characters when it is written in
// traditional ones (at least minTraditional of its Chinese characters, and
// a share of them, only traditional), and whether it converted it. A
// simplified text with the odd traditional name or quotation is left as
// it is.
func (a *Analyzer) Simplify(text string) (string, bool) {
	han, trad := 0, 0
	for _, r := range text {
		if r < utf8.RuneSelf || !isHanRune(r) {
			continue
		}
		han++
		if a.traditional.anyRune(r) {
			trad++
		}
	}
	if trad < minTraditional || trad*traditionalShare < han {
		return text, false
	}
	cc, err := a.cc()
	if err != nil {
		return text, false
	}
	t, err := cc.Convert(text)
	if err != nil {
		return text, false
	}
	return t, true
}

// A text is taken for one written in traditional characters when at
// least minTraditional of its Chinese characters, and one in
// traditionalShare, are traditional only.
const (
	minTraditional   = 20
	traditionalShare = 20
)

// runeSet is a set of characters, a bit each.
type runeSet []uint64

func (rs *runeSet) add(r rune) {
	i := int(r) / 64
	if i >= len(*rs) {
		*rs = append(*rs, make([]uint64, i+1-len(*rs))...)
	}
	(*rs)[i] |= 1 << (uint(r) % 64)
}

// anyRune reports whether r is in the set.
func (rs runeSet) anyRune(r rune) bool {
	i := int(r) / 64
	return i < len(rs) && rs[i]&(1<<(uint(r)%64)) != 0
}

// any reports whether s holds a character of the set.
func (rs runeSet) any(s string) bool {
	for _, r := range s {
		if i := int(r) / 64; i < len(rs) && rs[i]&(1<<(uint(r)%64)) != 0 {
			return true
		}
	}
	return false
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
func keepToken(w string) bool {
	for _, r := range w {
		if isCJKIdeograph(r) || unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

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
func (a *Analyzer) Synonyms(w string) []string { return a.synonyms(w) }

func (l *lexicon) synonyms(w string) []string {
	if g, ok := l.synGroup[w]; ok {
		return l.groups[g]
	}
	return []string{w}
}

// isNoun reports a word the dictionary tags as a noun (n, nz, ns, vn …),
// or one it does not know (domain words merged from single characters).
func (a *Analyzer) isNoun(w string) bool {
	if slices.Contains(measureVerbs, w) {
		return true
	}
	_, pos, ok := a.dict.Find(w)
	if !ok || pos == "" {
		return utf8.RuneCountInString(w) > 1
	}
	return pos[0] == 'n' || pos == "an"
}

// Nouns returns the words of s the dictionary tags as nouns (or does not
// know), in order: 武汉都市圈 in 武汉都市圈经济总量.
func (a *Analyzer) Nouns(s string) []string {
	var out []string
	for _, w := range a.dict.Cut(segment.Lower(s)) {
		if isHan(w) && a.isNoun(w) && !a.stop[w] {
			out = append(out, w)
		}
	}
	return out
}

// isVerb reports a word the dictionary tags only as a verb, but for the
// measures statistics name with one (收入, 支出, 投入: income, spending,
// input), which a question asks about as nouns (居民人均收入增长多少).
func (a *Analyzer) isVerb(w string) bool {
	if slices.Contains(measureVerbs, w) {
		return false
	}
	if slices.Contains(buildVerbs, w) {
		return true
	}
	_, pos, ok := a.dict.Find(w)
	return ok && pos == "v"
}

// buildVerbs are verbs of planning prose the dictionary tags otherwise
// (新建 as the place 新建县): 新建碧道 is 新增碧道's kind of count.
var buildVerbs = []string{"新建"}

// measureVerbs are words the dictionary tags as verbs that name measures.
var measureVerbs = []string{"收入", "支出", "投入"}

// IsWord reports a word of the segmenter's dictionary (not merely the
// start of one, which gse's Find also accepts).
func (a *Analyzer) IsWord(w string) bool {
	freq, _, ok := a.dict.Find(w)
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
	text = segment.Lower(text)
	if utf8.RuneCountInString(text) <= 12 {
		return append(a.dict.Slice(text, false), a.dict.Slice(text, true)...)
	}
	return a.dict.Slice(text, true)
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
