package answer

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sort"
	"strings"
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
	var recs []*candidate
	var st stats
	err := e.store.Read(func(r *store.Reader) error {
		df, total, err := r.DocFreq(questionParts(q), scope.Regions)
		if err != nil || total == 0 {
			return err
		}
		st = stats{df: df, total: total}
		w, err := readPostings(ctx, r, lookupParts(q, df), scope, st)
		if err != nil {
			return err
		}
		refs := w.pick()
		w.release()
		recs, err = e.sentences(ctx, r, refs)
		return err
	})
	if err != nil {
		e.log().Error("index read failed", "err", err)
		return nil, stats{}
	}
	return recs, st
}

// questionParts are the index words of the question's words, each once.
func questionParts(q nlp.Question) []string {
	var parts []string
	for _, t := range q.Terms {
		for _, p := range t.Parts {
			// A question has a few words: a search is cheaper than a map.
			if !slices.Contains(parts, p) {
				parts = append(parts, p)
			}
		}
	}
	return parts
}

// readPostings weighs the sentences of the scope that hold parts. Rare
// words are read first: they find the right sentences; very common ones
// only add weight to sentences already found.
func readPostings(ctx context.Context, r *store.Reader, parts []string, scope Scope, st stats) (*weights, error) {
	df := st.df
	sort.Slice(parts, func(i, j int) bool { return df[parts[i]] < df[parts[j]] })
	w := newWeights(r.Catalog())
	read := 0
	for i, p := range parts {
		if df[p] == 0 {
			continue
		}
		if i > 0 && onlyWeighs(w.n, df[p], st.total, read) {
			break
		}
		dps, err := r.DocPostings(ctx, scope.Regions, scope.Years, p, postingsLimit(df[p]))
		if err != nil {
			return nil, err
		}
		idf := st.idf(df[p])
		for _, dp := range dps {
			read += len(dp.Sentences)
			w.add(dp, idf)
		}
	}
	return w, nil
}

// onlyWeighs reports, once the rarer words found enough sentences, a word
// that would only weigh them: a very common word, or any word once the
// postings read are many (a question naming no region in a large index).
func onlyWeighs(found, df, total, read int) bool {
	return found >= maxCandidates*4 && (df*5 > total || read > maxPostings)
}

// postingsLimit is how many postings to read of a word that df sentences
// hold: the newest recentPostings of a common word, all (0) of others.
func postingsLimit(df int) int {
	if df > recentPostings {
		return recentPostings
	}
	return 0
}

// perDoc is how many candidates one document gives before the next
// document's best are taken.
const perDoc = 10

// weights sum, per sentence, the weights of the question words it holds,
// grouped by document: postings come a document at a time, and keying
// every sentence by its document ID costs more than the rest of a
// question in a large index.
type weights struct {
	cat   *store.Catalog
	docs  []*docWeights
	index []int32 // document's index in the catalog -> 1 + its index in docs
	n     int     // sentences
	// A question of a large index weighs the postings of hundreds of
	// documents: they and their first sentences are allocated a chunk
	// at a time.
	slab  []docWeights
	sents []sentWeight
}

// docWeights are one document's sentences with their weights, by
// sentence ID, and the heaviest.
type docWeights struct {
	id       string
	ver      int
	planYear int
	best     float64
	sent     []sentWeight
}

type sentWeight struct {
	id int
	w  float64
}

func newWeights(cat *store.Catalog) *weights {
	ws := weightsPool.Get().(*weights)
	ws.cat, ws.docs, ws.n = cat, ws.docs[:0], 0
	ws.index = slices.Grow(ws.index[:0], len(cat.Docs))[:len(cat.Docs)]
	clear(ws.index)
	ws.slab, ws.sents = ws.slab[:0], ws.sents[:0]
	return ws
}

// weightsPool keeps weights between questions with their chunks: taking
// new ones for every question was a third of the bytes it allocated.
var weightsPool = sync.Pool{New: func() any { return &weights{} }}

// release returns ws to the pool; the caller must not use it after.
func (ws *weights) release() {
	ws.cat = nil
	clear(ws.docs) // no document's weights kept alive through the pool
	weightsPool.Put(ws)
}

// doc returns the weights of the document of dp, added if new.
func (ws *weights) doc(dp *store.DocPostings) *docWeights {
	if dp.Doc >= len(ws.index) {
		ws.index = append(ws.index, make([]int32, dp.Doc+1-len(ws.index))...)
	}
	if i := ws.index[dp.Doc]; i > 0 {
		return ws.docs[i-1]
	}
	if len(ws.slab) == cap(ws.slab) {
		ws.slab = make([]docWeights, 0, 64)
	}
	planYear := 0
	if dp.Doc < len(ws.cat.Docs) && ws.cat.Docs[dp.Doc].ID == dp.DocID {
		planYear = ws.cat.Docs[dp.Doc].PlanYear
	}
	ws.slab = append(ws.slab, docWeights{id: dp.DocID, ver: dp.Version, planYear: planYear})
	d := &ws.slab[len(ws.slab)-1]
	ws.docs = append(ws.docs, d)
	ws.index[dp.Doc] = int32(len(ws.docs))
	return d
}

// take returns an empty slice with room for n sentences.
func (ws *weights) take(n int) []sentWeight {
	if cap(ws.sents)-len(ws.sents) < n {
		ws.sents = make([]sentWeight, 0, max(1024, n))
	}
	i := len(ws.sents)
	ws.sents = ws.sents[:i+n]
	return ws.sents[i : i : i+n]
}

// add adds weight w to the sentences of one document's postings of a
// word.
func (ws *weights) add(dp store.DocPostings, w float64) {
	// Both lists are sorted by sentence ID (postings are stored so):
	// merge them.
	d := ws.doc(&dp)
	out := ws.take(len(d.sent) + len(dp.Sentences))
	k := 0
	for _, sid := range dp.Sentences {
		for k < len(d.sent) && d.sent[k].id < sid {
			out = append(out, d.sent[k])
			k++
		}
		if k < len(d.sent) && d.sent[k].id == sid {
			s := d.sent[k]
			s.w += w
			d.best = math.Max(d.best, s.w)
			out = append(out, s)
			k++
			continue
		}
		if n := len(out); n > 0 && out[n-1].id == sid {
			out[n-1].w += w // listed twice
			d.best = math.Max(d.best, out[n-1].w)
			continue
		}
		out = append(out, sentWeight{sid, w})
		d.best = math.Max(d.best, w)
		ws.n++
	}
	d.sent = append(out, d.sent[k:]...)
}

// pick chooses the sentences to score: documents in order of their best
// sentence's weight (newer plans first among equals), up to perDoc
// sentences from each, then the rest by the same order. Taking the best
// sentences whatever their document instead fills the candidates with one
// sentence repeated across a region's yearly plans, or across regions, and
// crowds out the sentence that holds the answer.
func (ws *weights) pick() []store.SentRef {
	docs := ws.ranked()
	var out []store.SentRef
	for _, d := range docs {
		d.sortSentences()
		if out = d.appendRefs(out, 0, min(len(d.sent), perDoc)); len(out) == maxCandidates {
			return out
		}
	}
	for _, d := range docs {
		if out = d.appendRefs(out, min(len(d.sent), perDoc), len(d.sent)); len(out) == maxCandidates {
			return out
		}
	}
	return out
}

// ranked orders the documents by their best sentence's weight, newer
// plans first among equals.
func (ws *weights) ranked() []*docWeights {
	// The order is total (IDs differ), so any sort gives it.
	docs := ws.docs
	slices.SortFunc(docs, func(a, b *docWeights) int {
		if a.best != b.best {
			return cmp.Compare(b.best, a.best)
		}
		if a.planYear != b.planYear {
			return cmp.Compare(b.planYear, a.planYear)
		}
		return strings.Compare(a.id, b.id)
	})
	return docs
}

// sortSentences orders a document's sentences by weight, heaviest first.
func (d *docWeights) sortSentences() {
	slices.SortFunc(d.sent, func(a, b sentWeight) int {
		if a.w != b.w {
			return cmp.Compare(b.w, a.w)
		}
		return cmp.Compare(a.id, b.id)
	})
}

// appendRefs appends d's sentences from..to to out while out holds fewer
// than maxCandidates.
func (d *docWeights) appendRefs(out []store.SentRef, from, to int) []store.SentRef {
	for _, s := range d.sent[from:to] {
		if len(out) == maxCandidates {
			break
		}
		out = append(out, store.SentRef{DocID: d.id, Version: d.ver, Sentence: s.id})
	}
	return out
}

// lookupParts chooses the index words to read postings for: an
// alternative that is itself an index word with postings stands for
// itself; only one that is not (an unknown word, a phrase) is looked up
// by its parts.
func lookupParts(q nlp.Question, df map[string]int) []string {
	var out []string
	add := func(p string) {
		if !slices.Contains(out, p) && df[p] > 0 {
			out = append(out, p)
		}
	}
	for _, t := range q.Terms {
		for i, alt := range t.Alts {
			if i >= len(t.AltParts) {
				break
			}
			if !t.Domain && slices.Contains(t.AltParts[i], alt) && df[alt] > 0 {
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
	out, miss := e.cache.getAll(refs)
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

// sentenceCache keeps prepared candidates; the index is read-mostly and
// a record is immutable once written (a new version has new keys). It is
// bounded by an estimate of their size: when the newer half is full, the
// older half is dropped, so the candidates questions keep reading stay
// (they are copied forward on use).
type sentenceCache struct {
	mu        sync.Mutex
	half      int // bytes in each half
	cur, prev map[store.SentRef]*candidate
	size      int // of cur
}

// getAll returns the cached candidates of refs, in order, and the refs
// not cached, under one lock.
func (c *sentenceCache) getAll(refs []store.SentRef) (found []*candidate, miss []store.SentRef) {
	found = make([]*candidate, 0, len(refs))
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range refs {
		if rec, ok := c.cur[r]; ok {
			found = append(found, rec)
		} else if rec, ok := c.prev[r]; ok {
			c.putLocked(r, rec)
			found = append(found, rec)
		} else {
			miss = append(miss, r)
		}
	}
	return found, miss
}

func (c *sentenceCache) put(r store.SentRef, rec *candidate) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(r, rec)
}

func (c *sentenceCache) putLocked(r store.SentRef, rec *candidate) {
	n := rec.size()
	if c.cur == nil || c.size+n > c.half && c.size > 0 {
		c.prev, c.cur, c.size = c.cur, map[store.SentRef]*candidate{}, 0
	}
	c.cur[r] = rec
	c.size += n
}

// size estimates the memory a candidate holds.
func (c *candidate) size() int {
	n := 256 + 2*len(c.rec.Text) + 8*len(c.text.runes) + 136*len(c.facts) // the facts' sets and hashes
	for i := range c.rec.Facts {
		f := &c.rec.Facts[i]
		n += 512 + 2*(len(f.Own)+len(f.Subject)+len(f.Clause)+len(f.Context)+len(f.Column)) + len(f.Figure) +
			len(f.Loc.PartTitle) + len(f.Loc.SectionTitle) + len(f.Loc.TaskTitle) + len(f.Loc.Table)
	}
	for _, t := range c.ctxs {
		n += 8 * len(t.runes)
	}
	for i := range c.locs {
		n += 32 + len(c.locs[i]) + len(c.keys[i])
	}
	return n
}
