package answer

import (
	"context"
	"math"
	"slices"
	"sort"
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
	return scoreCandidates(q, scope, recs, st, an), len(recs)
}

// scoreCandidates scores every fact of recs in the scope, best first.
func scoreCandidates(q nlp.Question, scope Scope, recs []*candidate, st stats, an *nlp.Analyzer) []scored {
	m := newMatcher(q, st, an)
	defer m.release()
	n := 0
	for _, c := range recs {
		n += len(c.rec.Facts)
	}
	all := make([]scored, 0, n)
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
	return all
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

// score rates how well fact j of c answers the question: the share of
// the question's content its words cover, times how well its figure fits
// what is asked.
func (m *matcher) score(c *candidate, j int, fd found) scored {
	ff := &c.facts[j]
	ctx := fd.ctx[ff.ctx]
	levels := m.termLevels(ff, fd, ctx)
	s := scored{c: c, fact: j}
	s.coverage, s.missing = m.coverage(ff, fd, ctx, levels)
	ft := m.fit(&c.rec.Facts[j], ff, levels)
	m.siblingFit(&ft, c, j, levels)
	s.mismatch = ft.mismatch
	s.score = s.coverage * ft.factor
	return s
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
	return m.level(ff, fd.sent[id], ctx != nil && ctx[id], m.words[id])
}

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
	if m.bare != "" && len(fuzzy.Find(m.bare, []string{s.c.facts[s.fact].subject})) > 0 {
		s.score += fuzzyBonus
	}
	s.score += specificityBonus * m.specificity(s.c.facts[s.fact].ownOnly)
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
