package answer

import (
	"cmp"
	"hash/maphash"
	"iter"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"weak"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/store"
)

// matcher holds what scoring needs of the question, computed once.
type matcher struct {
	q           nlp.Question
	pieces      []pieceRunes
	terms       []termWeight
	down        bool // the question asks about a decline
	up          bool
	growthAsked bool // a growth rate asked whatever its sign (增长多少)
	// amountChangeAsked: the change asked by a verb of amounts (增加多少,
	// 减少多少), which an amount of change (增加20.55万吨) answers.
	amountChangeAsked bool
	bare              string   // content without intent and soft words, for fuzzy matching
	bareExact         []rune   // bare's characters no other matches in fuzzy's case folding
	words             []string // every alternative and bigram matched against texts
	first             []rune   // each word's first character
	last              []rune   // and its last
	multi             []bool   // the word has more than one character
	byFirst           []int    // word IDs by first character
	an                *nlp.Analyzer
	extendsID         map[uint64]bool // partOfLonger by rune<<32 | word ID
	// dictWords remembers, from one question to the next, which p+w are
	// words of wordsOf's dictionary: a lookup in that large map, with
	// the word to build, cost more than all else partOfLonger does.
	dictWords   map[extension]bool
	wordsOf     weak.Pointer[nlp.Analyzer]
	ctxCache    []ctxWords               // by context's hash: question words it holds (ctxSlots)
	gen         uint32                   // the question's number: ctxCache's entries of others are void
	ctxBools    []bool                   // what ctxCache's slices are cut from
	subjects    map[uint64]*subjectFacts // what fit found in each subject, by its hash
	subjectBuf  []subjectFacts           // what subjects' values are cut from
	lastSubject *subjectFacts
	head        int // the head word's index in terms, -1 for none
	// asksStart: the question asks where a change started (由, 从, 原);
	// asksHowMuch: it asks how much (多少, 几).
	asksStart, asksHowMuch bool
	fd                     found    // buffers of occurrences, reused
	strip                  wordList // words headModifies takes out, longest first
	stripFor               []string // the alternatives strip was made of, kept for the next question
	stripMade              bool     // strip is this question's

	bufLevel, bufMax, bufRunes []float64 // scratch space reused across facts
	allLevels                  []float64 // every fact's term levels, len(terms) each (cover)
	order, idx                 []int     // scoreCandidates's scratch space
	done                       []bool
	bonuses                    []bonus

	// What fit asks of the head word, found once a question.
	headMeasures []int // the measure word each head form ends in (headMeasuresOf)
}

// termWeight is a question word with its weight and what to look for.
type termWeight struct {
	t      nlp.Term
	w      float64
	alts   []string // the alternatives worth looking for: those the index holds
	altIDs []int    // their word IDs
	wordID int      // the word's own ID
	oov    bool     // not a dictionary word, or no indexed sentence holds it: perhaps cut wrongly
}

// pieceRunes is a piece of the question (a run of content between the
// words analysis took out) with each character's word and share of its
// weight.
type pieceRunes struct {
	runes     []rune
	bigrams   []string // bigrams[k] is runes[k:k+2], precomputed
	bigramIDs []int    // their word IDs
	weight    []float64
	term      []int // index into terms, -1 when none
}

// newMatcher prepares what scoring needs of a question, once: its words
// weighed, the direction of change it asks, its pieces character by
// character, and an index of every word and bigram to look for.
func newMatcher(q nlp.Question, st stats, an *nlp.Analyzer) *matcher {
	m := matchers.Get().(*matcher)
	m.reset(q, an)
	for _, t := range q.Terms {
		m.terms = append(m.terms, m.weigh(t, st))
	}
	m.head = headTermOf(m.terms)
	if m.head >= 0 {
		m.headMeasures = headMeasuresOf(m.terms[m.head].alts)
	}
	m.asksStart = strings.ContainsAny(q.Text, "由从原")
	m.asksHowMuch = strings.Contains(q.Text, "多少") || strings.Contains(q.Text, "几")
	m.up, m.down = askedDirection(q.Terms)
	m.growthAsked = slices.ContainsFunc(q.Terms, func(t nlp.Term) bool { return slices.Contains(growthWords, t.Word) })
	m.amountChangeAsked = slices.ContainsFunc(q.Terms, func(t nlp.Term) bool { return t.Word == "增加" || t.Word == "减少" })
	m.bare = bareContent(q.Terms)
	for _, r := range m.bare {
		if unicode.SimpleFold(r) == r && !slices.Contains(m.bareExact, r) {
			m.bareExact = append(m.bareExact, r)
		}
	}
	for _, p := range q.Pieces {
		m.pieces = append(m.pieces, newPiece(p, m.terms))
	}
	m.indexWords()
	return m
}

// matchers keeps matchers between questions, with their maps and
// buffers: a question's maps and scratch space were a third of what it
// allocated.
var matchers = sync.Pool{New: func() any {
	return &matcher{extendsID: map[uint64]bool{}, dictWords: map[extension]bool{}, ctxCache: make([]ctxWords, ctxSlots), subjects: map[uint64]*subjectFacts{}}
}}

// reset makes m a new matcher for q, keeping its maps and buffers.
func (m *matcher) reset(q nlp.Question, an *nlp.Analyzer) {
	clear(m.extendsID)
	gen := m.gen + 1
	if gen == 0 {
		clear(m.ctxCache)
		gen = 1
	}
	clear(m.subjects)
	if m.wordsOf.Value() != an || len(m.dictWords) > maxDictWords {
		clear(m.dictWords)
		m.wordsOf = weak.Make(an) // made only then: it costs more than the rest of reset
	}
	*m = matcher{
		q: q, an: an,
		extendsID: m.extendsID, dictWords: m.dictWords, wordsOf: m.wordsOf, ctxCache: m.ctxCache, gen: gen, ctxBools: m.ctxBools[:0], subjects: m.subjects, subjectBuf: m.subjectBuf[:0],
		terms: m.terms[:0], pieces: m.pieces[:0], words: m.words[:0], first: m.first[:0], last: m.last[:0], bareExact: m.bareExact[:0], multi: m.multi[:0], byFirst: m.byFirst[:0],
		fd:    found{sent: m.fd.sent[:0], longer: m.fd.longer[:0], ctx: m.fd.ctx[:0]},
		strip: m.strip, stripFor: m.stripFor,
		bufLevel: m.bufLevel, bufMax: m.bufMax, bufRunes: m.bufRunes,
		allLevels: m.allLevels, order: m.order, idx: m.idx, done: m.done, bonuses: m.bonuses,
	}
}

// maxDictWords bounds matcher.dictWords.
const maxDictWords = 1 << 14

// release returns m to the pool; the caller must not use it after.
func (m *matcher) release() {
	m.q, m.an = nlp.Question{}, nil
	m.lastSubject = nil
	matchers.Put(m)
}

// Verbs of a change asked about: 提高了多少 asks for a rise.
var (
	risingWords  = []string{"提高", "提升", "增加", "上升", "扩大"}
	fallingWords = []string{"降低", "减少", "缩小", "压减"}
)

// headWeight multiplies the weight of the word the question points at;
// verbWeight that of a verb, which documents vary more than nouns
// (获得 for 获, 建设 for 新建).
const (
	headWeight = 1.6
	verbWeight = 0.6
)

// weigh weighs a question word by how rare it is, more for the word the
// question points at, less for a verb or a soft word, and not at all for
// a word that asks for a target or a result.
func (m *matcher) weigh(t nlp.Term, st stats) termWeight {
	df := termDF(t, st.df)
	w := st.idf(df) // a word no document holds weighs most: if it matters, it must be matched
	if t.Head {
		w *= headWeight
	}
	if t.Verb && !t.Head {
		w *= verbWeight
	}
	switch {
	case isIntent(t):
		// 目标, 完成 choose the kind of fact (kindFit), not its words: 目标
		// in 完成市下达的降幅目标 says nothing of GDP.
		w = 0
	case t.Soft:
		w *= 0.3
	}
	oov := df == 0 || (m.an != nil && utf8.RuneCountInString(t.Word) > 1 && !m.isWord(extension{noBefore, t.Word}))
	return termWeight{t: t, w: w, alts: presentAlts(t, st.df), oov: oov}
}

// isIntent reports a word that asks for a target or a result (目标, 完成).
func isIntent(t nlp.Term) bool { return t.Intent == "target" || t.Intent == "result" }

// askedDirection reports a question about a growth or a decline: a word
// that is 增长 or 下降, one of their synonyms, or a verb of rising or
// falling (城镇化率提高了多少).
// growthWords ask a growth rate whatever its sign: 增长多少 of a figure
// that fell is answered by its decline.
var growthWords = []string{"增长", "增速", "增幅", "增长率"}

func askedDirection(terms []nlp.Term) (up, down bool) {
	for _, t := range terms {
		up = up || slices.Contains(t.Alts, "增长") || slices.Contains(risingWords, t.Word)
		down = down || slices.Contains(t.Alts, "下降") || slices.Contains(fallingWords, t.Word)
	}
	return up, down
}

// bareContent is the question's content without intent and soft words,
// for fuzzy matching.
func bareContent(terms []nlp.Term) string {
	var b strings.Builder
	for _, t := range terms {
		if !isIntent(t) && !t.Soft {
			b.WriteString(t.Word)
		}
	}
	return b.String()
}

// newPiece spreads the weight of each weighed word over its characters
// in piece p; a character belongs to the first word that holds it.
func newPiece(p string, terms []termWeight) pieceRunes {
	pr := pieceRunes{runes: []rune(p)}
	pr.bigrams = make([]string, 0, max(0, len(pr.runes)-1))
	if utf8.ValidString(p) {
		// A bigram is the piece's own text: cut, not built.
		at, next := 0, 0
		for k := 0; k+1 < len(pr.runes); k++ {
			if k == 0 {
				next = utf8.RuneLen(pr.runes[0])
			}
			end := next + utf8.RuneLen(pr.runes[k+1])
			pr.bigrams = append(pr.bigrams, p[at:end])
			at, next = next, end
		}
	} else {
		for k := 0; k+1 < len(pr.runes); k++ {
			pr.bigrams = append(pr.bigrams, string(pr.runes[k:k+2]))
		}
	}
	pr.weight = make([]float64, len(pr.runes))
	pr.term = make([]int, len(pr.runes))
	for i := range pr.term {
		pr.term[i] = -1
	}
	for ti, tw := range terms {
		if tw.w == 0 {
			continue
		}
		idx := strings.Index(p, tw.t.Word)
		if idx < 0 {
			continue
		}
		start := utf8.RuneCountInString(p[:idx])
		n := utf8.RuneCountInString(tw.t.Word)
		for k := start; k < start+n && k < len(pr.runes); k++ {
			if pr.term[k] == -1 {
				pr.term[k] = ti
				pr.weight[k] = tw.w / float64(n)
			}
		}
	}
	return pr
}

// indexWords gives every alternative and bigram to look for an ID, and
// notes each one's first character.
func (m *matcher) indexWords() {
	add := func(w string) int {
		// A question has a few words: a search is cheaper than a map.
		if id := slices.Index(m.words, w); id >= 0 {
			return id
		}
		m.words = append(m.words, w)
		return len(m.words) - 1
	}
	for ti := range m.terms {
		tw := &m.terms[ti]
		tw.wordID = add(tw.t.Word)
		for _, a := range tw.alts {
			tw.altIDs = append(tw.altIDs, add(a))
		}
	}
	for pi := range m.pieces {
		p := &m.pieces[pi]
		for _, b := range p.bigrams {
			p.bigramIDs = append(p.bigramIDs, add(b))
		}
	}
	for id, w := range m.words {
		ends := endsOf(w)
		m.first = append(m.first, ends[0])
		m.last = append(m.last, ends[1])
		m.multi = append(m.multi, utf8.RuneCountInString(w) > 1)
		m.byFirst = append(m.byFirst, id)
	}
	slices.SortStableFunc(m.byFirst, func(a, b int) int { return cmp.Compare(m.first[a], m.first[b]) })
}

// presentAlts drops the synonyms no indexed sentence holds (an index
// word with no postings): they cannot match, and a synonym-rich word like
// GDP would otherwise be looked for seven times in every fact.
func presentAlts(t nlp.Term, df map[string]int) []string {
	var out []string
	for i, alt := range t.Alts {
		if alt == t.Word || i >= len(t.AltParts) {
			out = append(out, alt)
			continue
		}
		if absent := slices.Contains(t.AltParts[i], alt) && df[alt] == 0; !absent {
			out = append(out, alt)
		}
	}
	return out
}

// termDF estimates how many sentences speak of a question word: the count
// of its most common alternative.
func termDF(t nlp.Term, df map[string]int) int {
	best := 0
	for i, alt := range t.Alts {
		if i >= len(t.AltParts) {
			break
		}
		best = max(best, altDF(alt, t.AltParts[i], df))
	}
	return best
}

// altDF counts the sentences holding an alternative: one that is an index
// word counts as itself, one that is not (华富北) as its rarest part; -1
// when it has no parts.
func altDF(alt string, parts []string, df map[string]int) int {
	if slices.Contains(parts, alt) {
		return df[alt]
	}
	n := -1
	for _, p := range parts {
		if n < 0 || df[p] < n {
			n = df[p]
		}
	}
	return n
}

// scratch returns a zeroed slice of n, reusing *buf: scoring runs once per
// fact, and a matcher serves one question on one goroutine.
func (m *matcher) scratch(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	s := (*buf)[:n]
	clear(s)
	return s
}

// candidate is a sentence record with its texts folded for matching,
// prepared once and kept (Engine.sentences): what every question that
// reads the sentence would otherwise compute again.
type candidate struct {
	rec   store.SentenceRecord
	text  indexedText // sentence, lower-cased
	facts []foldedFact
	ctxs  []indexedText // the facts' distinct contexts
	locs  []string      // the facts' locations as cited (Location.String)
	keys  []string      // the facts' itemKey
}

type foldedFact struct {
	own, clause, context string // lower-cased; own includes the subject
	subject              string // lower-cased
	subjectHash          uint64 // of subject, by hashSeed
	// The characters each holds: most words looked for in them are not
	// there, and want no search.
	ownSet, clauseSet, subjectSet, ownOnlySet smallRuneSet
	ownOnly                                   string // the figure's own words without the figure, and its subject
	ownSpan, clauseSpan                       [2]int // byte ranges in the sentence; zero when unknown
	ctx                                       int    // its context in candidate.ctxs
	measure                                   string // the subject's last measure word (lastMeasure)

	// What fit asks of the figure alone.
	share     bool   // a share or a rate (isShare)
	shareWord string // what makes its subject a share (shareOf)
	area      bool   // in a unit of area
}

// indexedText is a text with where each character stands in it, sorted
// by character: finding a word is a lookup of where its first character
// stands, not a scan of the text.
type indexedText struct {
	s     string
	hash  uint64 // of s, by hashSeed
	runes []runeAt
	// has marks the characters the text holds: most question words start
	// with a character a text lacks, and at answers those without a
	// search.
	has runeSet
}

// runeSet holds characters by their low 10 bits: a character it lacks is
// surely not in the text it was made of, one it has probably is.
type runeSet [16]uint64

func (s *runeSet) add(r rune)      { s[r>>6&15] |= 1 << (r & 63) }
func (s *runeSet) has(r rune) bool { return s[r>>6&15]&(1<<(r&63)) != 0 }

// smallRuneSet is a runeSet of a short text, by the characters' low 8
// bits.
type smallRuneSet [4]uint64

func (s *smallRuneSet) has(r rune) bool { return s[r>>6&3]&(1<<(r&63)) != 0 }

func smallRuneSetOf(text string) smallRuneSet {
	var s smallRuneSet
	for _, r := range text {
		s[r>>6&3] |= 1 << (r & 63)
	}
	return s
}

func runeSetOf(text string) runeSet {
	var s runeSet
	for _, r := range text {
		s.add(r)
	}
	return s
}

type runeAt struct {
	r  rune
	at int32 // byte offset in the text
}

// hashSeed hashes the texts the matcher keeps tables of by their hash
// (indexedText.hash, foldedFact.subjectHash), once, when prepared.
var hashSeed = maphash.MakeSeed()

func newIndexedText(s string) indexedText {
	t := indexedText{s: s, hash: maphash.String(hashSeed, s), runes: make([]runeAt, 0, utf8.RuneCountInString(s))}
	for i, r := range s {
		t.runes = append(t.runes, runeAt{r, int32(i)})
		t.has.add(r)
	}
	slices.SortFunc(t.runes, func(a, b runeAt) int {
		if a.r != b.r {
			return int(a.r - b.r)
		}
		return int(a.at - b.at)
	})
	return t
}

// at returns where r stands in the text, in order.
func (t *indexedText) at(r rune) []runeAt {
	if !t.has.has(r) {
		return nil
	}
	lo, hi := 0, len(t.runes)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t.runes[mid].r < r {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	j := lo
	for j < len(t.runes) && t.runes[j].r == r {
		j++
	}
	return t.runes[lo:j]
}

func prepare(rec store.SentenceRecord) *candidate {
	lower := strings.ToLower(rec.Text)
	c := &candidate{rec: rec, text: newIndexedText(lower)}
	sameLength := len(lower) == len(rec.Text) // lower-casing kept byte offsets
	ctxs := map[string]int{}
	for _, f := range rec.Facts {
		ff := foldedFact{
			own:     strings.ToLower(f.Own + " " + f.Subject),
			clause:  strings.ToLower(f.Clause),
			context: strings.ToLower(f.Context + " " + f.Column),
			subject: strings.ToLower(f.Subject),
			ownOnly: strings.ToLower(strings.Replace(f.Own, f.Figure, "", 1) + " " + f.Subject),
		}
		ff.ownSet, ff.clauseSet, ff.subjectSet = smallRuneSetOf(ff.own), smallRuneSetOf(ff.clause), smallRuneSetOf(ff.subject)
		ff.ownOnlySet = smallRuneSetOf(ff.ownOnly)
		if sameLength && f.OwnSpan[1] > 0 && f.ClauseSpan[1] <= len(lower) {
			ff.ownSpan, ff.clauseSpan = f.OwnSpan, f.ClauseSpan
		}
		i, ok := ctxs[ff.context]
		if !ok {
			i = len(c.ctxs)
			ctxs[ff.context] = i
			c.ctxs = append(c.ctxs, newIndexedText(ff.context))
		}
		ff.ctx = i
		ff.share, ff.shareWord, ff.area = isShare(&f), shareOf(f.Subject), isArea(f.Unit)
		ff.measure = lastMeasure(ff.subject)
		ff.subjectHash = maphash.String(hashSeed, ff.subject)
		c.facts = append(c.facts, ff)
		c.locs = append(c.locs, f.Loc.String())
		c.keys = append(c.keys, itemKey(&f))
	}
	return c
}

// found is where the question's words stand in one candidate, by word ID
// (an index into matcher.words). Its slices are the matcher's, reused for
// every candidate: valid until the next call to occurrences.
type found struct {
	sent   [][]int  // word -> byte offsets in the sentence
	longer []bool   // word seen only inside longer words (出口 in 进出口)
	ctx    [][]bool // candidate's context -> words it holds
}

// occurrences finds, once per candidate, where each question word and
// bigram stands in its sentence, and which the headings hold (the facts
// of a sentence mostly share their headings).
func (m *matcher) occurrences(c *candidate) found {
	fd := &m.fd
	if n := len(m.words); len(fd.sent) != n {
		fd.sent = slices.Grow(fd.sent[:0], n)[:n]
		fd.longer = slices.Grow(fd.longer[:0], n)[:n]
	}
	text := c.text.s
	for g := range m.firstGroups() {
		at := c.text.at(m.first[g[0]])
		for _, id := range g {
			w := m.words[id]
			fd.sent[id] = fd.sent[id][:0]
			fd.longer[id] = false
			for _, ra := range at {
				i := int(ra.at)
				if !strings.HasPrefix(text[i:], w) {
					continue
				}
				if m.partOfLongerID(text, i, id) {
					fd.longer[id] = true
					continue
				}
				fd.sent[id] = append(fd.sent[id], i)
			}
		}
	}
	fd.ctx = fd.ctx[:0]
	for i := range c.ctxs {
		fd.ctx = append(fd.ctx, m.contextWords(&c.ctxs[i]))
	}
	return *fd
}

// firstGroups yields the IDs of the words to look for, grouped by their
// first character: a text is searched for each character once.
func (m *matcher) firstGroups() iter.Seq[[]int] {
	return func(yield func([]int) bool) {
		for k := 0; k < len(m.byFirst); {
			e := k + 1
			for e < len(m.byFirst) && m.first[m.byFirst[e]] == m.first[m.byFirst[k]] {
				e++
			}
			if !yield(m.byFirst[k:e]) {
				return
			}
			k = e
		}
	}
}

// contextWords finds the question words a heading context holds; sections
// share their headings, so each context is searched once per question.
func (m *matcher) contextWords(ctx *indexedText) []bool {
	slot := &m.ctxCache[ctx.hash%ctxSlots]
	if slot.gen == m.gen && slot.s == ctx.s {
		return slot.has
	}
	n := len(m.words)
	if cap(m.ctxBools)-len(m.ctxBools) < n {
		m.ctxBools = make([]bool, 0, max(1024, n))
	}
	has := m.ctxBools[len(m.ctxBools) : len(m.ctxBools)+n : len(m.ctxBools)+n]
	m.ctxBools = m.ctxBools[:len(m.ctxBools)+n]
	clear(has)
	for g := range m.firstGroups() {
		at := ctx.at(m.first[g[0]])
		for _, id := range g {
			w := m.words[id]
			for _, ra := range at {
				if i := int(ra.at); strings.HasPrefix(ctx.s[i:], w) && !m.partOfLongerID(ctx.s, i, id) {
					has[id] = true
					break
				}
			}
		}
	}
	*slot = ctxWords{m.gen, ctx.s, has}
	return has
}

// ctxWords are the question words a context holds, found for question
// number gen.
type ctxWords struct {
	gen uint32
	s   string
	has []bool
}

// ctxSlots is how many contexts a matcher remembers: a context is put
// in the slot of its hash, in place of another's. A question reads a few
// hundred sentences of a few sections: a map, cleared for each question,
// cost more than the searches it saved over these.
const ctxSlots = 512

// holds reports whether text holds w as a word of its own, not as the
// tail of a longer one.
func (m *matcher) holds(text, w string) bool {
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return false
		}
		if !m.partOfLonger(text, from+i, w) {
			return true
		}
		from += i + len(w)
	}
	return false
}

// holdsID is holds of question word id; set holds text's characters.
func (m *matcher) holdsID(text string, set *smallRuneSet, id int) bool {
	w := m.words[id]
	if w != "" && (!set.has(m.first[id]) || !set.has(m.last[id])) {
		return false
	}
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return false
		}
		if !m.partOfLongerID(text, from+i, id) {
			return true
		}
		from += i + len(w)
	}
	return false
}

// partOfLongerID is partOfLonger of question word id, remembered by the
// word's ID: cheaper to look up than its text.
func (m *matcher) partOfLongerID(text string, at, id int) bool {
	if at == 0 || m.an == nil || !m.multi[id] {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(text[:at])
	if p < firstHan {
		return false // as partOfLonger finds, without asking the map
	}
	k := uint64(p)<<32 | uint64(id)
	ext, ok := m.extendsID[k]
	if !ok {
		ext = m.partOfLonger(text, at, m.words[id])
		m.extendsID[k] = ext
	}
	return ext
}

// partOfLonger reports an occurrence of w that is the tail of a longer
// word (出口 in 进出口): the character before it and w form a dictionary
// word the question does not hold.
func (m *matcher) partOfLonger(text string, at int, w string) bool {
	if at == 0 || m.an == nil || utf8.RuneCountInString(w) < 2 {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(text[:at])
	if !unicode.Is(unicode.Han, p) {
		return false
	}
	return m.isWord(extension{p, w}) && !strings.Contains(m.q.Text, string(p)+w)
}

// isWord reports whether the character before a word (none: noBefore)
// and the word are a word of the dictionary.
func (m *matcher) isWord(k extension) bool {
	is, ok := m.dictWords[k]
	if !ok {
		if k.before == noBefore {
			is = m.an.IsWord(k.w)
		} else {
			is = m.an.IsWord(string(k.before) + k.w)
		}
		m.dictWords[k] = is
	}
	return is
}

// noBefore is the character before a word that has none.
const noBefore rune = -1

// firstHan is below every Han character.
const firstHan = 0x2E80

// extension is a word with the character before it.
type extension struct {
	before rune
	w      string
}
