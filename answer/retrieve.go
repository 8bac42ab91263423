package answer

import (
	"context"
	"math"
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/store"
)

// Limits of retrieval.
const (
	// maxPostings bounds the postings a question reads before it stops
	// adding words (the rarest are read first).
	maxPostings = 20000
	// recentPostings bounds the postings read of a word that many
	// sentences hold (newest years first when the question names none):
	// the candidates come from a few documents anyway, and reading all
	// of 学位 in ten thousand plans cost more than the rest of a question.
	recentPostings = 400
	// maxCandidates bounds the sentences a question scores.
	maxCandidates = 25
)

// retrieve gathers candidate sentences: every sentence holding a content
// word of the question (or a synonym), in the question's scope, ranked by
// the inverse document frequency of the words it holds.
func (e *Engine) retrieve(ctx context.Context, q nlp.Question, scope Scope) ([]*candidate, stats) {
	var parts []string
	seen := map[string]bool{}
	for _, t := range q.Terms {
		for _, p := range t.Parts {
			if !seen[p] {
				seen[p] = true
				parts = append(parts, p)
			}
		}
	}
	var recs []*candidate
	var st stats
	err := e.store.Read(func(r *store.Reader) error {
		df, total, err := r.DocFreq(parts, scope.Regions)
		if err != nil || total == 0 {
			return err
		}
		st = stats{df: df, total: total}
		parts := lookupParts(q, df)
		// Rare words first: they find the right sentences; very common
		// ones only add weight to sentences already found.
		sort.Slice(parts, func(i, j int) bool { return df[parts[i]] < df[parts[j]] })
		w := newWeights()
		read := 0
		for i, p := range parts {
			if df[p] == 0 {
				continue
			}
			// Very common words, or any word once the postings read are
			// many (a question naming no region in a large index), only
			// weigh sentences the rarer words found.
			if i > 0 && w.n >= maxCandidates*4 && (df[p]*5 > total || read > maxPostings) {
				break
			}
			limit := 0
			if df[p] > recentPostings {
				limit = recentPostings
			}
			dps, err := r.DocPostings(ctx, scope.Regions, scope.Years, p, limit)
			if err != nil {
				return err
			}
			idf := st.idf(df[p])
			for _, dp := range dps {
				read += len(dp.Sentences)
				w.add(dp, idf)
			}
		}
		refs := w.pick(e.store.Catalog().PlanYear)
		recs, err = e.sentences(ctx, r, refs)
		return err
	})
	if err != nil {
		e.log().Error("index read failed", "err", err)
		return nil, stats{}
	}
	return recs, st
}

// perDoc is how many candidates one document gives before the next
// document's best are taken.
const perDoc = 10

// weights sum, per sentence, the weights of the question words it holds,
// grouped by document: postings come a document at a time, and keying
// every sentence by its document ID costs more than the rest of a
// question in a large index.
type weights struct {
	docs  []*docWeights
	index map[string]int
	n     int // sentences
}

type docWeights struct {
	id   string
	ver  int
	best float64
	sent []sentWeight
}

type sentWeight struct {
	id int
	w  float64
}

func newWeights() *weights { return &weights{index: map[string]int{}} }

func (ws *weights) add(dp store.DocPostings, w float64) {
	i, ok := ws.index[dp.DocID]
	if !ok {
		i = len(ws.docs)
		ws.index[dp.DocID] = i
		ws.docs = append(ws.docs, &docWeights{id: dp.DocID, ver: dp.Version})
	}
	d := ws.docs[i]
next:
	for _, sid := range dp.Sentences {
		for k := range d.sent {
			if d.sent[k].id == sid {
				d.sent[k].w += w
				d.best = math.Max(d.best, d.sent[k].w)
				continue next
			}
		}
		d.sent = append(d.sent, sentWeight{sid, w})
		d.best = math.Max(d.best, w)
		ws.n++
	}
}

// pick chooses the sentences to score: documents in order of their best
// sentence's weight (newer plans first among equals), up to perDoc
// sentences from each, then the rest by the same order. Taking the best
// sentences whatever their document instead fills the candidates with one
// sentence repeated across a region's yearly plans, or across regions, and
// crowds out the sentence that holds the answer.
func (ws *weights) pick(planYear map[string]int) []store.SentRef {
	docs := ws.docs
	sort.Slice(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		if a.best != b.best {
			return a.best > b.best
		}
		if planYear[a.id] != planYear[b.id] {
			return planYear[a.id] > planYear[b.id]
		}
		return a.id < b.id
	})
	var out []store.SentRef
	taken := map[*docWeights]int{}
	for pass := 0; pass < 2; pass++ {
		for _, d := range docs {
			if pass == 0 {
				sort.Slice(d.sent, func(i, j int) bool {
					if d.sent[i].w != d.sent[j].w {
						return d.sent[i].w > d.sent[j].w
					}
					return d.sent[i].id < d.sent[j].id
				})
			}
			limit := len(d.sent)
			if pass == 0 {
				limit = min(limit, perDoc)
			}
			for _, s := range d.sent[taken[d]:limit] {
				if len(out) == maxCandidates {
					return out
				}
				out = append(out, store.SentRef{DocID: d.id, Version: d.ver, Sentence: s.id})
				taken[d]++
			}
			if len(out) == maxCandidates {
				return out
			}
		}
	}
	return out
}

// lookupParts chooses the index words to read postings for: an
// alternative that is itself an index word with postings stands for
// itself; only one that is not (an unknown word, a phrase) is looked up
// by its parts.
func lookupParts(q nlp.Question, df map[string]int) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] && df[p] > 0 {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, t := range q.Terms {
		for i, alt := range t.Alts {
			if i >= len(t.AltParts) {
				break
			}
			whole := false
			for _, p := range t.AltParts[i] {
				if p == alt && df[p] > 0 {
					whole = true
				}
			}
			if whole && !t.Domain {
				add(alt)
				continue
			}
			for _, p := range t.AltParts[i] {
				// A synonym the index does not hold whole is not looked
				// up by its single characters: 额 of 学额 is in every
				// document and finds nothing about 学位.
				if alt != t.Word && utf8.RuneCountInString(p) < 2 {
					continue
				}
				add(p)
			}
		}
	}
	return out
}

// stats are the term statistics of the searched scope.
type stats struct {
	df    map[string]int
	total int
}

func (s stats) idf(df int) float64 { return math.Log(1 + float64(s.total)/float64(1+df)) }

// sentences reads records through a cache of decoded, prepared ones.
func (e *Engine) sentences(ctx context.Context, r *store.Reader, refs []store.SentRef) ([]*candidate, error) {
	out := make([]*candidate, 0, len(refs))
	var miss []store.SentRef
	for _, r := range refs {
		if c, ok := e.cache.get(r); ok {
			out = append(out, c)
		} else {
			miss = append(miss, r)
		}
	}
	if len(miss) == 0 {
		return out, nil
	}
	recs, err := r.Sentences(ctx, miss)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		c := prepare(rec)
		e.cache.put(store.SentRef{DocID: rec.DocID, Version: rec.Version, Sentence: rec.ID}, c)
		out = append(out, c)
	}
	return out, nil
}

// sentenceCache keeps decoded sentence records; the index is read-mostly
// and a record is immutable once written (a new version has new keys).
type sentenceCache struct {
	mu  sync.Mutex
	m   map[store.SentRef]*candidate
	max int
}

func (c *sentenceCache) get(r store.SentRef) (*candidate, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rec, ok := c.m[r]
	return rec, ok
}

func (c *sentenceCache) put(r store.SentRef, rec *candidate) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= c.max {
		c.m = map[store.SentRef]*candidate{} // simple reset keeps memory bounded
	}
	c.m[r] = rec
}
