package answer

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/sahilm/fuzzy"

	"github.com/planbot/planbot/nlp"
)

// scoreAll retrieves candidates and scores every fact of theirs in the
// scope, best first; it also returns how many sentences were read.
func (e *Engine) scoreAll(ctx context.Context, q nlp.Question, scope Scope, an *nlp.Analyzer) ([]scored, int) {
	recs, st := e.retrieve(ctx, q, scope)
	if len(recs) == 0 {
		return nil, 0
	}
	return scoreCandidates(q, scope, recs, st, an, nil, nil), len(recs)
}

// scoreCandidates scores the facts of recs in the scope, best first.
//
// With reads nil it scores every fact. Otherwise the caller reads only
// the head of the list, down to the score reads says (given the list
// as sorted so far; -Inf for all of it), and only the facts that may
// reach it are scored whole: a fact's score is its coverage times a fit
// of at most 1, so one whose coverage is below that cannot be read, and
// fit, most of a fact's cost, is judged only for those that may be. The
// facts left out would all sort after those read.
//
// cov, when not nil, carries what cover finds from one reading of a
// question to another of the same words (as a target, as a result): it
// depends on the words alone.
func scoreCandidates(q nlp.Question, scope Scope, recs []*candidate, st stats, an *nlp.Analyzer, reads func([]scored) float64, cov *covered) []scored {
	m := newMatcher(q, st, an)
	defer m.release()
	var all []scored
	if cov != nil && cov.all != nil {
		all = slices.Clone(cov.all)
		m.allLevels = append(m.allLevels[:0], cov.levels...)
	} else {
		all = m.cover(recs, scope)
		if cov != nil {
			cov.all, cov.levels = slices.Clone(all), slices.Clone(m.allLevels)
		}
	}
	nt := len(m.terms)
	levels := func(i int) []float64 { return m.allLevels[i*nt : (i+1)*nt] }
	if reads == nil || len(all) <= lazyBatch {
		for i := range all {
			m.finish(&all[i], levels(i))
		}
		return m.rank(all, nil)
	}
	// Facts by coverage, highest first: scored whole in that order, a
	// batch at a time, until those left cannot be read.
	order := m.order[:0]
	for i := range all {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(all[b].coverage, all[a].coverage) })
	done := slices.Grow(m.done[:0], len(all))[:len(all)]
	clear(done)
	bonuses := slices.Grow(m.bonuses[:0], len(all))[:len(all)]
	clear(bonuses)
	m.order, m.done, m.bonuses = order, done, bonuses
	var out []scored
	idx := m.idx[:0] // out's indices in all
	defer func() { m.idx = idx }()
	for n := 0; n < len(all); {
		next := min(len(all), n+lazyBatch)
		for _, i := range order[n:next] {
			m.finish(&all[i], levels(i))
			done[i] = true
		}
		n = next
		if n == len(all) {
			break
		}
		// The highest coverage left bounds every score left.
		bound := all[order[n]].coverage
		out, idx = out[:0], idx[:0]
		best := 0.0
		for i := range all {
			if done[i] {
				out, idx = append(out, all[i]), append(idx, i)
				best = math.Max(best, all[i].score)
			}
		}
		if bound >= best-maxBonus {
			continue // a fact left might be the best, or earn a bonus
		}
		for k := range out {
			if out[k].score >= best-maxBonus {
				bonuses[idx[k]].add(m, &out[k])
			}
		}
		sortScored(out)
		if bound < reads(out)-1e-9 {
			return out
		}
	}
	return m.rank(all, bonuses)
}

// covered is what cover found for one question's words in its
// candidates.
type covered struct {
	all    []scored
	levels []float64
}

// lazyBatch is how many facts scoreCandidates scores whole at a time.
const lazyBatch = 8

// cover finds, for every fact of recs in the scope, how much of the
// question its words cover (scored.coverage, .missing), keeping each
// fact's term levels in m.allLevels for finish.
func (m *matcher) cover(recs []*candidate, scope Scope) []scored {
	n := 0
	for _, c := range recs {
		n += len(c.rec.Facts)
	}
	all := make([]scored, 0, n)
	m.allLevels = slices.Grow(m.allLevels[:0], n*len(m.terms))
	for _, c := range recs {
		occ := m.occurrences(c)
		for j := range c.rec.Facts {
			if len(scope.Years) > 0 && !slices.Contains(scope.Years, c.rec.Facts[j].Year) {
				continue
			}
			ff := &c.facts[j]
			ctx := occ.ctx[ff.ctx]
			levels := m.termLevels(ff, occ, ctx)
			s := scored{c: c, fact: j}
			s.coverage, s.missing = m.coverage(ff, occ, ctx, levels)
			m.allLevels = append(m.allLevels, levels...)
			all = append(all, s)
		}
	}
	return all
}

// finish completes a fact's score: its coverage times how well its
// figure fits what is asked.
func (m *matcher) finish(s *scored, levels []float64) {
	ft := m.fit(&s.c.rec.Facts[s.fact], &s.c.facts[s.fact], levels)
	m.siblingFit(&ft, s.c, s.fact, levels)
	s.mismatch = ft.mismatch
	s.score = s.coverage * ft.factor
}

// rank adds the bonuses and sorts all, best first. The bonuses only
// reorder near-equal candidates: they are computed for those within
// reach of the best (bonuses, when not nil, keeps those found before).
func (m *matcher) rank(all []scored, bonuses []bonus) []scored {
	best := 0.0
	for _, s := range all {
		best = math.Max(best, s.score)
	}
	for i := range all {
		if all[i].score >= best-maxBonus {
			if bonuses == nil {
				m.bonus(&all[i])
			} else {
				bonuses[i].add(m, &all[i])
			}
		}
	}
	sortScored(all)
	return all
}

// bonus remembers a fact's bonuses once found.
type bonus struct {
	known bool
	fuzzy bool
	spec  float64
}

// add adds the bonuses to s's score as matcher.bonus does, finding them
// the first time.
func (b *bonus) add(m *matcher, s *scored) {
	if !b.known {
		b.known = true
		b.fuzzy = m.fuzzyMatch(s)
		b.spec = specificityBonus * m.specificity(&s.c.facts[s.fact])
	}
	if b.fuzzy {
		s.score += fuzzyBonus
	}
	s.score += b.spec
}

// sortScored orders candidates best first, the newer of equals first.
// (slices' stable sort is sort.SliceStable's, without its reflection.)
func sortScored(all []scored) {
	before := func(a, b *scored) bool {
		if math.Abs(a.score-b.score) > 1e-9 {
			return a.score > b.score
		}
		return a.c.rec.Facts[a.fact].Year > b.c.rec.Facts[b.fact].Year
	}
	slices.SortStableFunc(all, func(a, b scored) int {
		switch {
		case before(&a, &b):
			return -1
		case before(&b, &a):
			return 1
		}
		return 0
	})
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

// Levels: how close to the figure a question word stands.
const (
	levelOwn      = 1.0  // in the words that belong to the figure (or its subject)
	levelClause   = 0.75 // in the same clause
	levelSentence = 0.5  // in the same sentence
	levelContext  = 0.35 // in a heading or the paragraph's topic sentence
)

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
	return m.level(ff, fd.sent[id], ctx != nil && ctx[id], id)
}

// level says where question word id (w) stands for a fact. occ are w's
// byte offsets in the sentence, found once per sentence: when the fact knows where its own
// words and clause lie in the sentence, the offsets answer without
// searching again; an inherited subject (211万人 measures 接种) and the
// headings are searched.
func (m *matcher) level(f *foldedFact, occ []int, inContext bool, id int) float64 {
	w := m.words[id]
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
			if best < levelOwn && m.holdsID(f.subject, &f.subjectSet, id) {
				return levelOwn
			}
			return best
		}
		switch {
		case m.holdsID(f.own, &f.ownSet, id):
			return levelOwn
		case m.holdsID(f.clause, &f.clauseSet, id):
			return levelClause
		}
		return levelSentence
	}
	if m.holdsID(f.subject, &f.subjectSet, id) {
		return levelOwn
	}
	if inContext {
		return levelContext
	}
	return 0
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
	if m.fuzzyMatch(s) {
		s.score += fuzzyBonus
	}
	s.score += specificityBonus * m.specificity(&s.c.facts[s.fact])
}

// fuzzyMatch reports the question's words as a subsequence of the fact's
// subject.
func (m *matcher) fuzzyMatch(s *scored) bool {
	ff := &s.c.facts[s.fact]
	// fuzzy matches a character only to itself or another case of it: a
	// subject lacking one that has no other case cannot match.
	if m.bare == "" || slices.ContainsFunc(m.bareExact, func(r rune) bool { return !ff.subjectSet.has(r) }) {
		return false
	}
	return len(fuzzy.Find(m.bare, []string{ff.subject})) > 0
}

// specificityBonus rewards facts whose own words the question accounts
// for entirely: 地区生产总值5318.2亿元 answers "GDP" better than
// 万元GDP用水量4.3立方米, which holds GDP too.
const specificityBonus = 0.1

// specificity is the share of a fact's own letters covered by the
// question's words or their synonyms (ownOnly; its set of characters
// skips the words it cannot hold).
func (m *matcher) specificity(ff *foldedFact) float64 {
	own := ff.ownOnly
	var buf [256]bool
	covered := buf[:0]
	if len(own) <= len(buf) {
		covered = buf[:len(own)]
	} else {
		covered = make([]bool, len(own))
	}
	for _, tw := range m.terms {
		for k, a := range tw.alts {
			if id := tw.altIDs[k]; a == "" || !ff.ownOnlySet.has(m.first[id]) || !ff.ownOnlySet.has(m.last[id]) {
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

// siblingFit rejects a fact whose sentence names the question's modifier
// only for another figure of the same indicator: 存款余额增长多少 is not the
// 各项贷款余额增长10.4% beside 各项存款余额…增长8.1%, though the sentence
// holds every word asked. The other figure's subject must hold the head
// word and more of the question's modifiers than this one's, so a word
// the sentence uses of something else (新改扩建学校16所 beside 新增学位
// 9270座) or of the whole a part belongs to (民生项目投资…增长12%，其中棚改
// 及保障房项目增长120%) does not count.
func (m *matcher) siblingFit(ft *fit, c *candidate, j int, levels []float64) {
	head := m.headTerm()
	if ft.mismatch != 0 || head < 0 || len(c.facts) < 2 {
		return
	}
	holdsAny := func(subject string, alts []string) bool {
		return slices.ContainsFunc(alts, func(a string) bool { return m.holds(subject, a) })
	}
	modifiers := func(subject string) int {
		n := 0
		for ti, tw := range m.terms {
			if ti != head && !tw.t.Verb && !tw.oov && holdsAny(subject, tw.alts) {
				n++
			}
		}
		return n
	}
	own := -1 // counted once needed
	for ti, tw := range m.terms {
		if ti == head || tw.t.Verb || tw.oov || levels[ti] >= levelOwn {
			continue
		}
		// A word of this fact's clause counts only when the clause is a
		// parallel list whose other item holds it (对非洲、拉美市场出口分别
		// 增长20%、7.6%: 非洲 is the first figure's).
		inList := levels[ti] >= levelClause
		if inList && !strings.Contains(c.facts[j].clause, "分别") {
			continue
		}
		// A sibling names what this fact measures too: the head, or, in
		// a parallel list, another word both hold (出口 of 对非洲出口 and
		// 拉美市场出口).
		shares := func(sib string) bool {
			return slices.ContainsFunc(m.terms, func(o termWeight) bool {
				return !o.t.Verb && !o.oov && o.t.Word != tw.t.Word && holdsAny(sib, o.alts) && holdsAny(c.facts[j].subject, o.alts)
			})
		}
		for k := range c.facts {
			sib := c.facts[k].subject
			if k == j || !holdsAny(sib, tw.alts) || !holdsAny(sib, m.terms[head].alts) && !(inList && shares(sib)) ||
				inList && c.facts[k].clauseSpan != c.facts[j].clauseSpan {
				continue
			}
			if own < 0 {
				own = modifiers(c.facts[j].subject)
			}
			if modifiers(sib) > own {
				ft.fail(0.6, otherIndicator)
				return
			}
		}
	}
}
