package answer

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/plan"
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
	ownOnly              string // the figure's own words without the figure
}

func prepare(rec store.SentenceRecord) *candidate {
	c := &candidate{rec: rec, text: strings.ToLower(rec.Text)}
	for _, f := range rec.Facts {
		c.facts = append(c.facts, foldedFact{
			own:     strings.ToLower(f.Own + " " + f.Subject),
			clause:  strings.ToLower(f.Clause),
			context: strings.ToLower(f.Context + " " + f.Column),
			ownOnly: strings.ToLower(strings.Replace(f.Own, f.Figure, "", 1)),
		})
	}
	return c
}

// headWeight multiplies the weight of the word the question points at.
const headWeight = 1.6

// Levels: how close to the figure a question word stands.
const (
	levelOwn      = 1.0  // in the words that belong to the figure (or its subject)
	levelClause   = 0.75 // in the same clause
	levelSentence = 0.5  // in the same sentence
	levelContext  = 0.35 // in a heading or the paragraph's topic sentence
)

func level(f *foldedFact, sentence, w string) float64 {
	switch {
	case strings.Contains(f.own, w):
		return levelOwn
	case strings.Contains(f.clause, w):
		return levelClause
	case strings.Contains(sentence, w):
		return levelSentence
	case strings.Contains(f.context, w):
		return levelContext
	}
	return 0
}

type scored struct {
	c            *candidate
	fact         int
	coverage     float64 // weighted share of the question's content found
	missing      float64 // weighted share of content words not found at all
	score        float64
	unitMismatch bool
}

// matcher holds what scoring needs of the question, computed once.
type matcher struct {
	q      nlp.Question
	pieces []pieceRunes
	terms  []termWeight
	down   bool // the question asks about a decline
	up     bool
	bare   string // content without intent words, for fuzzy matching
}

type pieceRunes struct {
	runes  []rune
	weight []float64
	term   []int // index into terms, -1 when none
}

type termWeight struct {
	t nlp.Term
	w float64
}

func newMatcher(q nlp.Question, st stats) *matcher {
	m := &matcher{q: q}
	var bare strings.Builder
	for _, t := range q.Terms {
		w := st.idf(termDF(t, st.df)) // a word no document holds weighs most: if it matters, it must be matched
		if t.Head {
			w *= headWeight
		}
		if t.Soft {
			w *= 0.3
		} else {
			bare.WriteString(t.Word)
		}
		m.terms = append(m.terms, termWeight{t, w})
		for _, a := range t.Alts {
			switch a {
			case "下降":
				m.down = m.down || t.Word == a || strings.Contains(t.Word, "降")
			case "增长":
				m.up = m.up || t.Word == a
			}
		}
	}
	m.bare = bare.String()
	for _, p := range q.Pieces {
		pr := pieceRunes{runes: []rune(p)}
		pr.weight = make([]float64, len(pr.runes))
		pr.term = make([]int, len(pr.runes))
		for i := range pr.term {
			pr.term[i] = -1
		}
		for ti, tw := range m.terms {
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
		m.pieces = append(m.pieces, pr)
	}
	return m
}

func (m *matcher) score(c *candidate, j int) scored {
	f := &c.rec.Facts[j]
	ff := &c.facts[j]
	s := scored{c: c, fact: j}

	// Word levels, synonyms included.
	termLevel := make([]float64, len(m.terms))
	for ti, tw := range m.terms {
		for _, a := range tw.t.Alts {
			termLevel[ti] = math.Max(termLevel[ti], level(ff, c.text, a))
		}
	}
	// Rune coverage: a rune takes its word's level, or, when its word is
	// not found whole, the level of a bigram it is part of.
	var num, den float64
	termMax := make([]float64, len(m.terms))
	for _, p := range m.pieces {
		lv := make([]float64, len(p.runes))
		for k := range p.runes {
			if p.term[k] >= 0 {
				lv[k] = termLevel[p.term[k]]
			}
		}
		for k := 0; k+1 < len(p.runes); k++ {
			if lv[k] >= levelOwn && lv[k+1] >= levelOwn {
				continue
			}
			if l := 0.85 * level(ff, c.text, string(p.runes[k:k+2])); l > 0 {
				lv[k] = math.Max(lv[k], l)
				lv[k+1] = math.Max(lv[k+1], l)
			}
		}
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
	if den > 0 {
		s.coverage = num / den
		// Content words of which not a character is found: the fact
		// speaks of something else (专利代理机构 for 养老机构).
		missing := 0.0
		for ti, tw := range m.terms {
			if !tw.t.Soft && termMax[ti] == 0 {
				missing += tw.w
			}
		}
		s.missing = missing / den
	}

	factor := 1.0
	pct := f.Unit == "%" || strings.HasSuffix(f.Unit, "百分点") || f.Unit == "‰"
	switch {
	case m.q.Unit != "":
		switch {
		case f.Unit == m.q.Unit || strings.HasSuffix(f.Unit, m.q.Unit):
		case f.Qualitative:
			factor *= 0.5
		default:
			factor *= 0.35
			s.unitMismatch = true
		}
	case m.q.Rate:
		switch {
		case f.Qualitative:
			factor *= 0.9 // 力争正增长 answers a growth target, but a figure is better
		case !pct:
			factor *= 0.5
		}
	case pct && f.Change != "":
		factor *= 0.8 // an amount was asked; a growth rate is second best
	case f.Qualitative:
		factor *= 0.85
	}
	if m.q.Money && !strings.HasSuffix(f.Unit, "元") {
		factor *= 0.6
	}
	if (m.down && f.Change == "增长") || (m.up && !m.down && f.Change == "下降") {
		factor *= 0.8
	}
	switch {
	case m.q.Target && !m.q.Result:
		if f.Kind == plan.KindResult {
			factor *= 0.7
		}
	case m.q.Result && !m.q.Target:
		if f.Kind != plan.KindResult {
			factor *= 0.85
		}
	case f.Kind == plan.KindTarget:
		// Asked about a year without saying "target": what happened
		// comes before what was aimed at, where both exist.
		factor *= 0.92
	}
	s.score = s.coverage * factor

	// Small bonuses order near-equal candidates: the question's words as
	// a subsequence of the subject, and how much of the figure's own words
	// the question accounts for (进出口总额7500亿元 over 预计全年实现进出口总额超7500亿元).
	if m.bare != "" && len(fuzzy.Find(m.bare, []string{strings.ToLower(f.Subject)})) > 0 {
		s.score += 0.06
	}
	s.score += specificityBonus * m.specificity(ff.ownOnly)
	return s
}

// termDF estimates how many sentences speak of a question word: the count
// of its most common alternative, an alternative that is an index word
// counting as itself and one that is not (华富北) as its rarest part.
func termDF(t nlp.Term, df map[string]int) int {
	best := 0
	for i, alt := range t.Alts {
		if i >= len(t.AltParts) {
			break
		}
		parts := t.AltParts[i]
		n := -1
		for _, p := range parts {
			if p == alt {
				n = df[p]
				break
			}
		}
		if n < 0 {
			for _, p := range parts {
				if n < 0 || df[p] < n {
					n = df[p]
				}
			}
		}
		if n > best {
			best = n
		}
	}
	return best
}

// specificityBonus rewards facts whose own words the question accounts
// for entirely: 地区生产总值5318.2亿元 answers "GDP" better than
// 万元GDP用水量4.3立方米, which holds GDP too.
const specificityBonus = 0.1

// specificity is the share of a fact's own letters covered by the
// question's words or their synonyms.
func (m *matcher) specificity(own string) float64 {
	rs := []rune(own)
	covered := make([]bool, len(rs))
	for _, tw := range m.terms {
		for _, a := range tw.t.Alts {
			ar := []rune(a)
			for i := 0; i+len(ar) <= len(rs); i++ {
				if string(rs[i:i+len(ar)]) == a {
					for k := i; k < i+len(ar); k++ {
						covered[k] = true
					}
				}
			}
		}
	}
	total, hit := 0, 0
	for i, r := range rs {
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
