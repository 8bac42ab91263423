package answer

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/store"
)

// candidate is a sentence record with its texts folded for matching.
type candidate struct {
	rec   store.SentenceRecord
	text  string // sentence, lower-cased
	facts []foldedFact
}

type foldedFact struct {
	own, clause, context string // lower-cased; own includes the subject
	subject              string // lower-cased
	ownOnly              string // the figure's own words without the figure, and its subject
	ownSpan, clauseSpan  [2]int // byte ranges in the sentence; zero when unknown
}

func prepare(rec store.SentenceRecord) *candidate {
	c := &candidate{rec: rec, text: strings.ToLower(rec.Text)}
	sameLength := len(c.text) == len(rec.Text) // lower-casing kept byte offsets
	for _, f := range rec.Facts {
		ff := foldedFact{
			own:     strings.ToLower(f.Own + " " + f.Subject),
			clause:  strings.ToLower(f.Clause),
			context: strings.ToLower(f.Context + " " + f.Column),
			subject: strings.ToLower(f.Subject),
			ownOnly: strings.ToLower(strings.Replace(f.Own, f.Figure, "", 1) + " " + f.Subject),
		}
		if sameLength && f.OwnSpan[1] > 0 && f.ClauseSpan[1] <= len(c.text) {
			ff.ownSpan, ff.clauseSpan = f.OwnSpan, f.ClauseSpan
		}
		c.facts = append(c.facts, ff)
	}
	return c
}

// scoreAll retrieves candidates and scores every fact of theirs in the
// scope, best first; it also returns how many sentences were read.
func (e *Engine) scoreAll(ctx context.Context, q nlp.Question, scope Scope, an *nlp.Analyzer) ([]scored, int) {
	recs, st := e.retrieve(ctx, q, scope)
	if len(recs) == 0 {
		return nil, 0
	}
	m := newMatcher(q, st, an)
	var all []scored
	for _, c := range recs {
		occ := m.occurrences(c)
		for j := range c.rec.Facts {
			if len(scope.Years) > 0 && !slices.Contains(scope.Years, c.rec.Facts[j].Year) {
				continue
			}
			all = append(all, m.score(c, j, occ))
		}
	}
	// The bonuses only reorder near-equal candidates: compute them for
	// those within reach of the best.
	best := 0.0
	for _, s := range all {
		best = math.Max(best, s.score)
	}
	for i := range all {
		if all[i].score >= best-maxBonus {
			m.bonus(&all[i])
		}
	}
	sortScored(all)
	return all, len(recs)
}

// sortScored orders candidates best first, the newer of equals first.
func sortScored(all []scored) {
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if math.Abs(a.score-b.score) > 1e-9 {
			return a.score > b.score
		}
		return a.c.rec.Facts[a.fact].Year > b.c.rec.Facts[b.fact].Year
	})
}

// headWeight multiplies the weight of the word the question points at;
// verbWeight that of a verb, which documents vary more than nouns
// (获得 for 获, 建设 for 新建).
const (
	headWeight = 1.6
	verbWeight = 0.6
)

// Levels: how close to the figure a question word stands.
const (
	levelOwn      = 1.0  // in the words that belong to the figure (or its subject)
	levelClause   = 0.75 // in the same clause
	levelSentence = 0.5  // in the same sentence
	levelContext  = 0.35 // in a heading or the paragraph's topic sentence
)

// level says where w stands for a fact. occ are w's byte offsets in the
// sentence, found once per sentence: when the fact knows where its own
// words and clause lie in the sentence, the offsets answer without
// searching again; an inherited subject (211万人 measures 接种) and the
// headings are searched.
func (m *matcher) level(f *foldedFact, occ []int, inContext bool, w string) float64 {
	if len(occ) > 0 {
		if f.ownSpan[1] > 0 {
			best := levelSentence
			for _, o := range occ {
				switch {
				case o >= f.ownSpan[0] && o+len(w) <= f.ownSpan[1]:
					return levelOwn
				case o >= f.clauseSpan[0] && o+len(w) <= f.clauseSpan[1]:
					best = levelClause
				}
			}
			if best < levelOwn && m.holds(f.subject, w) {
				return levelOwn
			}
			return best
		}
		switch {
		case m.holds(f.own, w):
			return levelOwn
		case m.holds(f.clause, w):
			return levelClause
		}
		return levelSentence
	}
	if m.holds(f.subject, w) {
		return levelOwn
	}
	if inContext {
		return levelContext
	}
	return 0
}

// found is where the question's words stand in one candidate, by word ID
// (an index into matcher.words). Its slices are the matcher's, reused for
// every candidate: valid until the next call to occurrences.
type found struct {
	sent   [][]int           // word -> byte offsets in the sentence
	longer []bool            // word seen only inside longer words (出口 in 进出口)
	ctx    map[string][]bool // context -> words it holds
}

// occurrences finds, once per candidate, where each question word and
// bigram stands in its sentence, and which the headings hold (the facts
// of a sentence mostly share their headings).
func (m *matcher) occurrences(c *candidate) found {
	if m.fd.sent == nil {
		m.fd = found{sent: make([][]int, len(m.words)), longer: make([]bool, len(m.words)), ctx: map[string][]bool{}}
	}
	fd := m.fd
	for i := range fd.sent {
		fd.sent[i] = fd.sent[i][:0]
		fd.longer[i] = false
	}
	clear(fd.ctx)
	// One pass over each text, looking up the words that start with each
	// character: searching Chinese text word by word is slow, as every
	// character shares its first UTF-8 byte with thousands of others.
	for i, r := range c.text {
		for _, id := range m.byFirst[r] {
			w := m.words[id]
			if !strings.HasPrefix(c.text[i:], w) {
				continue
			}
			if m.partOfLonger(c.text, i, w) {
				fd.longer[id] = true
				continue
			}
			fd.sent[id] = append(fd.sent[id], i)
		}
	}
	for _, f := range c.facts {
		if _, ok := fd.ctx[f.context]; ok {
			continue
		}
		fd.ctx[f.context] = m.contextWords(f.context)
	}
	return fd
}

// contextWords finds the question words a heading context holds; sections
// share their headings, so each context is scanned once per question.
func (m *matcher) contextWords(ctx string) []bool {
	if has, ok := m.ctxCache[ctx]; ok {
		return has
	}
	has := make([]bool, len(m.words))
	for i, r := range ctx {
		for _, id := range m.byFirst[r] {
			if w := m.words[id]; strings.HasPrefix(ctx[i:], w) && !m.partOfLonger(ctx, i, w) {
				has[id] = true
			}
		}
	}
	m.ctxCache[ctx] = has
	return has
}

type scored struct {
	c        *candidate
	fact     int
	coverage float64 // weighted share of the question's content found
	missing  float64 // weighted share of content words not found at all
	score    float64
	// mismatch says why the fact cannot answer the question however well
	// its words match; fits when it can.
	mismatch mismatch
}

// matcher holds what scoring needs of the question, computed once.
type matcher struct {
	q        nlp.Question
	pieces   []pieceRunes
	terms    []termWeight
	down     bool // the question asks about a decline
	up       bool
	bare     string         // content without intent words, for fuzzy matching
	words    []string       // every alternative and bigram matched against texts
	byFirst  map[rune][]int // word IDs by their first character
	an       *nlp.Analyzer
	extends  map[string]bool   // p+w is a dictionary word the question lacks
	ctxCache map[string][]bool // context -> question words it holds
	fd       found             // buffers of occurrences, reused
	strip    []string          // words headModifies takes out, longest first

	bufLevel, bufMax, bufRunes []float64 // scratch space reused across facts
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
	longer := string(p) + w
	ext, ok := m.extends[longer]
	if !ok {
		ext = m.an.IsWord(longer) && !strings.Contains(m.q.Text, longer)
		m.extends[longer] = ext
	}
	return ext
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

// termWeight is a question word with its weight and what to look for.
type termWeight struct {
	t      nlp.Term
	w      float64
	alts   []string // the alternatives worth looking for: those the index holds
	altIDs []int    // their word IDs
	wordID int      // the word's own ID
	oov    bool     // not a dictionary word, or no indexed sentence holds it: perhaps cut wrongly
}

// inLonger reports a word the sentence holds only inside longer words.
func (m *matcher) inLonger(fd found, ti int) bool {
	if ti < 0 {
		return false
	}
	id := m.terms[ti].wordID
	return fd.longer[id] && len(fd.sent[id]) == 0
}

// rescuable reports a word a bigram across words may stand in for: one
// the segmenter may have cut wrongly (an unknown word, a verb), or none.
func (m *matcher) rescuable(ti int) bool {
	return ti < 0 || m.terms[ti].oov || m.terms[ti].t.Verb
}

// newMatcher prepares what scoring needs of a question, once: its words
// weighed, the direction of change it asks, its pieces character by
// character, and an index of every word and bigram to look for.
func newMatcher(q nlp.Question, st stats, an *nlp.Analyzer) *matcher {
	m := &matcher{q: q, an: an, extends: map[string]bool{}, ctxCache: map[string][]bool{}}
	for _, t := range q.Terms {
		m.terms = append(m.terms, weigh(t, st, an))
	}
	m.up, m.down = askedDirection(q.Terms)
	m.bare = bareContent(q.Terms)
	for _, p := range q.Pieces {
		m.pieces = append(m.pieces, newPiece(p, m.terms))
	}
	m.indexWords()
	return m
}

// weigh weighs a question word by how rare it is, more for the word the
// question points at, less for a verb or a soft word, and not at all for
// a word that asks for a target or a result.
func weigh(t nlp.Term, st stats, an *nlp.Analyzer) termWeight {
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
	oov := df == 0 || (an != nil && utf8.RuneCountInString(t.Word) > 1 && !an.IsWord(t.Word))
	return termWeight{t: t, w: w, alts: presentAlts(t, st.df), oov: oov}
}

// isIntent reports a word that asks for a target or a result (目标, 完成).
func isIntent(t nlp.Term) bool { return t.Intent == "target" || t.Intent == "result" }

// askedDirection reports a question about a growth or a decline: a word
// that is 增长 or 下降, or one of their synonyms.
func askedDirection(terms []nlp.Term) (up, down bool) {
	for _, t := range terms {
		up = up || slices.Contains(t.Alts, "增长")
		down = down || slices.Contains(t.Alts, "下降")
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
	for k := 0; k+1 < len(pr.runes); k++ {
		pr.bigrams = append(pr.bigrams, string(pr.runes[k:k+2]))
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
// indexes the IDs by their first character.
func (m *matcher) indexWords() {
	ids := map[string]int{}
	add := func(w string) int {
		if id, ok := ids[w]; ok {
			return id
		}
		ids[w] = len(m.words)
		m.words = append(m.words, w)
		return ids[w]
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
	m.byFirst = map[rune][]int{}
	for id, w := range m.words {
		r, _ := utf8.DecodeRuneInString(w)
		m.byFirst[r] = append(m.byFirst[r], id)
	}
}

// score rates how well fact j of c answers the question: the share of
// the question's content its words cover, times how well its figure fits
// what is asked.
func (m *matcher) score(c *candidate, j int, fd found) scored {
	ff := &c.facts[j]
	ctx := fd.ctx[ff.context]
	levels := m.termLevels(ff, fd, ctx)
	s := scored{c: c, fact: j}
	s.coverage, s.missing = m.coverage(ff, fd, ctx, levels)
	ft := m.fit(&c.rec.Facts[j], ff, levels)
	s.mismatch = ft.mismatch
	s.score = s.coverage * ft.factor
	return s
}

// termLevels gives each question word the closest level at which the
// fact holds it or a synonym of it.
func (m *matcher) termLevels(ff *foldedFact, fd found, ctx []bool) []float64 {
	levels := m.scratch(&m.bufLevel, len(m.terms))
	for ti, tw := range m.terms {
		for _, id := range tw.altIDs {
			levels[ti] = math.Max(levels[ti], m.wordLevel(ff, fd, ctx, id))
			if levels[ti] == levelOwn {
				break
			}
		}
	}
	return levels
}

// wordLevel is the level of the question word or bigram id for a fact;
// ctx says which words the fact's headings hold (nil: none).
func (m *matcher) wordLevel(ff *foldedFact, fd found, ctx []bool, id int) float64 {
	return m.level(ff, fd.sent[id], ctx != nil && ctx[id], m.words[id])
}

// bigramLevel discounts a word found only through a bigram of it.
const bigramLevel = 0.85

// coverage is the weighted share of the question's characters the fact
// holds, each at the level of its word; and missing the weighted share of
// content words of which not a character is found: the fact speaks of
// something else (专利代理机构 for 养老机构).
func (m *matcher) coverage(ff *foldedFact, fd found, ctx []bool, levels []float64) (coverage, missing float64) {
	var num, den float64
	termMax := m.scratch(&m.bufMax, len(m.terms))
	for pi := range m.pieces {
		p := &m.pieces[pi]
		lv := m.runeLevels(p, ff, fd, ctx, levels)
		for k := range p.runes {
			if p.term[k] >= 0 {
				termMax[p.term[k]] = math.Max(termMax[p.term[k]], lv[k])
			}
			w := p.weight[k]
			if w == 0 {
				continue
			}
			num += w * lv[k]
			den += w
		}
	}
	if den == 0 {
		return 0, 0
	}
	return num / den, m.absentWeight(termMax) / den
}

// runeLevels gives each character of a piece its word's level, or, when
// its word is not found whole, the level of a bigram it is part of.
func (m *matcher) runeLevels(p *pieceRunes, ff *foldedFact, fd found, ctx []bool, levels []float64) []float64 {
	lv := m.scratch(&m.bufRunes, len(p.runes))
	for k := range p.runes {
		if p.term[k] >= 0 {
			lv[k] = levels[p.term[k]]
		}
	}
	for k := 0; k+1 < len(p.runes); k++ {
		if (lv[k] >= levelOwn && lv[k+1] >= levelOwn) || !m.bigramMayRescue(p, k, fd) {
			continue
		}
		if l := bigramLevel * m.wordLevel(ff, fd, ctx, p.bigramIDs[k]); l > 0 {
			lv[k] = math.Max(lv[k], l)
			lv[k+1] = math.Max(lv[k+1], l)
		}
	}
	return lv
}

// bigramMayRescue reports whether the bigram at k of a piece may stand
// for its characters. Within a word it may. A bigram across two words only
// rescues a word the segmenter may have cut wrongly (an unknown word, a
// verb: 证券化|为 cut as 证券|化为), and not one the sentence holds inside
// longer words: 口总 of 出口|总额 says nothing about 出口 and matches 进出口总额.
func (m *matcher) bigramMayRescue(p *pieceRunes, k int, fd found) bool {
	a, b := p.term[k], p.term[k+1]
	if a == b {
		return true
	}
	return (m.rescuable(a) || m.rescuable(b)) && !m.inLonger(fd, a) && !m.inLonger(fd, b)
}

// absentWeight sums the weights of the content words (not soft, not
// verbs) of which the fact holds not a character.
func (m *matcher) absentWeight(termMax []float64) float64 {
	missing := 0.0
	for ti, tw := range m.terms {
		if !tw.t.Soft && !tw.t.Verb && termMax[ti] == 0 {
			missing += tw.w
		}
	}
	return missing
}

// Small bonuses order near-equal candidates: the question's words as a
// subsequence of the subject (sahilm/fuzzy), and how much of the fact's
// own words the question accounts for (进出口总额7500亿元 over
// 预计全年实现进出口总额超7500亿元).
const (
	fuzzyBonus = 0.06
	maxBonus   = fuzzyBonus + specificityBonus
)

func (m *matcher) bonus(s *scored) {
	if m.bare != "" && len(fuzzy.Find(m.bare, []string{s.c.facts[s.fact].subject})) > 0 {
		s.score += fuzzyBonus
	}
	s.score += specificityBonus * m.specificity(s.c.facts[s.fact].ownOnly)
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

// specificityBonus rewards facts whose own words the question accounts
// for entirely: 地区生产总值5318.2亿元 answers "GDP" better than
// 万元GDP用水量4.3立方米, which holds GDP too.
const specificityBonus = 0.1

// specificity is the share of a fact's own letters covered by the
// question's words or their synonyms.
func (m *matcher) specificity(own string) float64 {
	var buf [256]bool
	covered := buf[:0]
	if len(own) <= len(buf) {
		covered = buf[:len(own)]
	} else {
		covered = make([]bool, len(own))
	}
	for _, tw := range m.terms {
		for _, a := range tw.alts {
			if a == "" {
				continue
			}
			for from := 0; from < len(own); {
				i := strings.Index(own[from:], a)
				if i < 0 {
					break
				}
				for k := from + i; k < from+i+len(a); k++ {
					covered[k] = true
				}
				from += i + len(a)
			}
		}
	}
	total, hit := 0, 0
	for i, r := range own {
		if !unicode.IsLetter(r) {
			continue
		}
		total++
		if covered[i] {
			hit++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(hit) / float64(total)
}
