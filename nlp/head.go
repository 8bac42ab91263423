package nlp

import (
	"cmp"
	"slices"
	"strings"
)

// markHead marks the word a question asks about. Chinese puts the head of
// a phrase last, so it is the content word just before the question word
// (…计划拆除用地多少); when a measure word follows the question word, the
// counted noun after it is the head (为多少家企业提供融资); with no question
// word, the last content word.
func (a *Analyzer) markHead(q *Question) {
	c := a.headCandidates(q)
	head := -1
	start, end, asks := askWordAt(q.Text)
	switch {
	case !asks:
		head = c.last()
	case q.Unit != "":
		if head = c.after(start); head < 0 {
			head = c.before(start)
		}
	default:
		// 多少土地: a noun right after the question word opens the phrase
		// asked about, whose last noun is its head (新增多少普惠型养老床位
		// → 床位).
		if i := slices.Index(c.pos, end); i >= 0 && !q.Terms[i].Soft {
			if head = c.after(start); head < 0 {
				head = i
			}
		} else if head = c.before(start); head < 0 {
			head = c.after(start)
		}
	}
	if head >= 0 && slices.Contains(genericMeasures, q.Terms[head].Word) {
		// 外贸规模有多大: 规模 says how 外贸 is measured; 外贸 is asked
		// about, and a document's 进出口总额 need not say 规模.
		// Only a noun right before it: in 管理规模, 规模 is what is managed.
		if prev := c.before(c.pos[head]); prev >= 0 && c.pos[prev]+len(q.Terms[prev].Word) == c.pos[head] {
			q.Terms[head].Soft = true
			head = prev
		}
	}
	if head >= 0 {
		q.Terms[head].Head = true
	}
}

// genericMeasures are nouns that say how the noun before them is measured
// (规模, 总量): the head is that noun.
var genericMeasures = []string{"规模", "总量", "总数", "数量", "水平", "总额"}

// headCandidates are a question's terms as candidates for its head.
type headCandidates struct {
	terms []Term
	pos   []int  // byte offset of each term in the question, -1 if not found
	noun  []bool // each term is a noun
	verb  []bool // each term is only a verb
	nouns int
}

func (a *Analyzer) headCandidates(q *Question) headCandidates {
	n := len(q.Terms)
	flags := make([]bool, 2*n) // noun, then verb: one allocation
	c := headCandidates{terms: q.Terms, pos: make([]int, n), noun: flags[:n:n], verb: flags[n:]}
	for i, t := range q.Terms {
		c.pos[i] = strings.Index(q.Text, t.Word)
		c.noun[i] = a.isNoun(t.Word)
		c.verb[i] = a.isVerb(t.Word)
		if c.noun[i] {
			c.nouns++
		}
	}
	return c
}

// eligible reports a term that may be the head: not an intent word, and
// a noun when the question has one (公厕, not 改造, in 公厕升级改造了多少座).
func (c headCandidates) eligible(i int) bool {
	return !c.terms[i].Soft && (c.nouns == 0 || c.noun[i])
}

// last returns the last eligible term, or -1.
func (c headCandidates) last() int {
	head := -1
	for i := range c.terms {
		if c.eligible(i) && (head < 0 || c.pos[i] > c.pos[head]) {
			head = i
		}
	}
	return head
}

// before returns the last eligible term before byte offset p, or -1.
func (c headCandidates) before(p int) int {
	head := -1
	for i := range c.terms {
		if c.eligible(i) && c.pos[i] >= 0 && c.pos[i] < p && (head < 0 || c.pos[i] > c.pos[head]) {
			head = i
		}
	}
	return head
}

// after returns the head of the noun phrase after byte offset p, its last
// eligible term before a verb: 多少所教育模式实验学校 → 学校, 多少家企业
// 提供融资 → 企业. It returns -1 if there is none.
func (c headCandidates) after(p int) int {
	var order []int
	for i := range c.terms {
		if c.pos[i] > p {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(c.pos[x], c.pos[y]) })
	head := -1
	for _, i := range order {
		if head >= 0 && c.verb[i] {
			break
		}
		if c.eligible(i) {
			head = i
		}
	}
	return head
}
