package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// Term statistics: per region (and over AllRegions), how many indexed
// sentences there are and how many hold each term, for inverse document
// frequency; and how many current versions use each dictionary word.
// Each is a sum over the current versions, which Put keeps by the
// difference between the replaced and the new version's posting
// summaries (statchange.go); RebuildStatistics recomputes them.

// postingSummary records a version's postings, so that replacing or
// removing it can undo exactly what it added.
type postingSummary struct {
	Region string    `json:"region"`
	Terms  termYears `json:"terms"`
	Domain []string  `json:"domain,omitempty"`
}

// summary reads the posting summary of a version; one never recorded
// reads as empty.
func (s *DB) summary(id string, ver int) (postingSummary, error) {
	var sum postingSummary
	err := s.view(func(txn *badger.Txn) error {
		it, err := txn.Get(termCountKey(id, ver))
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error { return decodeValue(v, &sum) })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return sum, nil
	}
	if err != nil {
		return sum, fmt.Errorf("read postings summary of %s v%d: %w", id, ver, err)
	}
	return sum, nil
}

// countSentences counts the distinct sentences of a term's postings: a
// sentence whose facts speak of several years is posted under each.
func countSentences(byYear map[int][]int) int {
	if len(byYear) == 1 {
		for _, ids := range byYear {
			n := 0 // ids are sorted (see termYears.add)
			for i, id := range ids {
				if i == 0 || id != ids[i-1] {
					n++
				}
			}
			return n
		}
	}
	var all []int
	for _, ids := range byYear {
		all = append(all, ids...)
	}
	slices.Sort(all)
	return len(slices.Compact(all))
}

// DocFreq returns how many indexed sentences hold each term, and how many
// sentences there are, over the given regions (all when empty).
func (r *Reader) DocFreq(terms []string, regions []string) (map[string]int, int, error) {
	if len(regions) == 0 {
		regions = []string{AllRegions}
	}
	df := make(map[string]int, len(terms))
	total := 0
	for _, rg := range regions {
		n, err := r.statistic(statKey{region: rg, sentences: true})
		if err != nil {
			return nil, 0, fmt.Errorf("read term statistics: %w", err)
		}
		total += n
		for _, t := range terms {
			n, err := r.statistic(statKey{region: rg, term: t})
			if err != nil {
				return nil, 0, fmt.Errorf("read term statistics: %w", err)
			}
			df[t] += n
		}
	}
	return df, total, nil
}

// statKey names a term statistic: the sentences of a region holding a
// term, or all of them.
type statKey struct {
	region, term string
	sentences    bool
}

// statistic reads a statistic as the Reader's catalog sees it, through
// the catalog's cache.
func (r *Reader) statistic(k statKey) (int, error) {
	if n, ok := r.cat.reads.statistic(k); ok {
		return n, nil
	}
	key := dfKey(k.region, k.term)
	if k.sentences {
		key = nsentKey(k.region)
	}
	n, err := r.counter(key)
	if err == nil && r.fill {
		r.cat.reads.putStatistic(k, n)
	}
	return n, err
}

// counter reads a counter as the Reader's transaction sees it: the
// stored count, through the counter cache, plus the deltas of changes
// still being folded in.
func (r *Reader) counter(key []byte) (int, error) {
	if err := r.open(); err != nil {
		return 0, err
	}
	n, ok := r.s.counters.get(key, r.stats.Gen)
	if !ok {
		var err error
		if n, err = readCounter(r.txn, key); err != nil {
			return 0, err
		}
		r.s.counters.remember(key, n, r.stats.Gen)
	}
	for _, c := range r.stats.Active {
		d, err := readCounter(r.txn, append(statDeltaPrefix(c), key...))
		if err != nil {
			return 0, err
		}
		n += d
	}
	return n, nil
}

// counterCache remembers stored counter values (term statistics) of one
// generation of them (statsState.Gen): re-reading a thousand counters
// from badger was a fifth of an ingest. Only the writer moves it to a
// new generation, after a commit; readers use it, and add to it, only in
// snapshots of its generation, so it never mixes two. It is cleared when
// it grows past a bound.
type counterCache struct {
	mu  sync.Mutex
	m   map[string]int
	gen uint64
}

const maxCachedCounters = 1 << 19

func (c *counterCache) get(key []byte, gen uint64) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return 0, false
	}
	n, ok := c.m[string(key)]
	return n, ok
}

// remember caches a value read in a snapshot of generation gen.
func (c *counterCache) remember(key []byte, n int, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		c.put(string(key), n)
	}
}

// put caches a value; the caller holds c.mu.
func (c *counterCache) put(key string, n int) {
	if c.m == nil || len(c.m) >= maxCachedCounters {
		c.m = map[string]int{}
	}
	c.m[key] = n
}

// advance moves the cache from generation from to to, a commit having
// set the counters in changed; a cache of another generation (a commit
// it missed) starts afresh.
func (c *counterCache) advance(from, to uint64, changed map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != from {
		c.m = nil
	}
	c.gen = to
	for k, n := range changed {
		c.put(k, n)
	}
}

// clear empties the cache.
func (c *counterCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = nil
}

// reset empties the cache and sets its generation, at Open.
func (c *counterCache) reset(gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m, c.gen = nil, gen
}

// readCounter reads a stored count or delta; an absent one is 0.
func readCounter(txn *badger.Txn, key []byte) (int, error) {
	it, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var n int64
	err = it.Value(func(v []byte) error {
		var k int
		if n, k = binary.Varint(v); k <= 0 {
			return fmt.Errorf("counter %q: %w", key, errDamagedRecord)
		}
		return nil
	})
	return int(n), err
}
