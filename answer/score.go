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
	own, clause, context string // lower-cased
	figureRunes          int
}

func prepare(rec store.SentenceRecord) *candidate {
	c := &candidate{rec: rec, text: strings.ToLower(rec.Text)}
	for _, f := range rec.Facts {
		c.facts = append(c.facts, foldedFact{
			own:         strings.ToLower(f.Own + " " + f.Subject),
			clause:      strings.ToLower(f.Clause),
			context:     strings.ToLower(f.Context + " " + f.Column),
			figureRunes: utf8.RuneCountInString(f.Figure),
		})
	}
	return c
}

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

func newMatcher(q nlp.Question, idf map[string]float64, an *nlp.Analyzer) *matcher {
	m := &matcher{q: q}
	maxIDF := 0.0
	for _, v := range idf {
		maxIDF = math.Max(maxIDF, v)
	}
	if maxIDF == 0 {
		maxIDF = 1
	}
	var bare strings.Builder
	for _, t := range q.Terms {
		w := 0.0
		for _, p := range t.Parts {
			w = math.Max(w, idf[p])
		}
		if w == 0 {
			w = maxIDF // a word no document holds: if it matters, it must be matched
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
		if !pct && !f.Qualitative {
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
	}
	s.score = s.coverage * factor

	// Small bonuses order near-equal candidates: the question's words as
	// a subsequence of the subject, and how much of the figure's own words
	// the question accounts for (进出口总额7500亿元 over 预计全年实现进出口总额超7500亿元).
	if m.bare != "" && len(fuzzy.Find(m.bare, []string{strings.ToLower(f.Subject)})) > 0 {
		s.score += 0.06
	}
	s.score += 0.05 * specificity(m.q.Content, ff.own, ff.figureRunes)
	return s
}

// specificity is the share of a fact's own Chinese characters that the
// question's content also holds.
func specificity(content, own string, figureRunes int) float64 {
	total, hit := 0, 0
	for _, r := range own {
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		total++
		if strings.ContainsRune(content, r) {
			hit++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(hit) / float64(total)
}
