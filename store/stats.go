package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// Term statistics: per region (and over AllRegions), how many indexed
// sentences there are and how many hold each term, for inverse document
// frequency; and how many documents use each dictionary word. Put keeps
// them in the transaction that switches versions, by the difference
// between the versions' posting summaries.

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
	err := s.db.View(func(txn *badger.Txn) error {
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

// adjustStats moves the statistics from the postings of old to those of
// cur, in their regions and in AllRegions; oldSents and curSents are the
// versions' indexed sentences.
func adjustStats(cs *counters, old, cur postingSummary, curSents, oldSents int) error {
	for region, byTerm := range termDeltas(old, cur) {
		for t, d := range byTerm {
			if err := cs.add(dfKey(region, t), d); err != nil {
				return err
			}
		}
	}
	if old.Terms != nil {
		if err := cs.add(nsentKey(old.Region), -oldSents); err != nil {
			return err
		}
		if err := cs.add(nsentKey(AllRegions), -oldSents); err != nil {
			return err
		}
	}
	if err := cs.add(nsentKey(AllRegions), curSents); err != nil {
		return err
	}
	return cs.add(nsentKey(cur.Region), curSents)
}

// termDeltas returns how the number of sentences holding each term
// changes from old to cur: region -> term -> change.
func termDeltas(old, cur postingSummary) map[string]map[string]int {
	delta := map[string]map[string]int{}
	add := func(region string, terms termYears, sign int) {
		m := delta[region]
		if m == nil {
			m = map[string]int{}
			delta[region] = m
		}
		for t, byYear := range terms {
			m[t] += sign * countSentences(byYear)
		}
	}
	add(old.Region, old.Terms, -1)
	add(cur.Region, cur.Terms, +1)
	add(AllRegions, old.Terms, -1)
	add(AllRegions, cur.Terms, +1)
	return delta
}

// countSentences counts the distinct sentences of a term's postings.
func countSentences(byYear map[int][]int) int {
	seen := map[int]bool{}
	for _, ids := range byYear {
		for _, id := range ids {
			seen[id] = true
		}
	}
	return len(seen)
}

// adjustDomain moves the dictionary-word counts from old's words to cur's.
func adjustDomain(cs *counters, old, cur []string) error {
	for _, t := range old {
		if err := cs.add(domainKey(t), -1); err != nil {
			return err
		}
	}
	for _, t := range cur {
		if err := cs.add(domainKey(t), 1); err != nil {
			return err
		}
	}
	return nil
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
		n, err := r.counter(nsentKey(rg))
		if err != nil {
			return nil, 0, fmt.Errorf("read term statistics: %w", err)
		}
		total += n
		for _, t := range terms {
			n, err := r.counter(dfKey(rg, t))
			if err != nil {
				return nil, 0, fmt.Errorf("read term statistics: %w", err)
			}
			df[t] += n
		}
	}
	return df, total, nil
}

// counter reads a counter through the cache.
func (r *Reader) counter(key []byte) (int, error) {
	if n, ok := r.s.counters.get(key); ok {
		return n, nil
	}
	n, err := readCounter(r.txn, key)
	if err == nil {
		r.s.counters.remember(key, n, r.gen)
	}
	return n, err
}

// counterCache remembers counter values (term statistics), which only
// Put changes, under the write lock: re-reading a thousand counters from
// badger was a fifth of an ingest. It is updated only after a
// transaction commits, and cleared when it grows past a bound.
type counterCache struct {
	mu  sync.Mutex
	m   map[string]int
	gen uint64 // counts commits: a read from an older snapshot is not cached
}

const maxCachedCounters = 1 << 19

func (c *counterCache) get(key []byte) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.m[string(key)]
	return n, ok
}

// remember caches a value read from a snapshot taken at generation gen,
// unless a commit has happened since (the value may be stale).
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

func (c *counterCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// counters applies counter changes in a transaction, reading through the
// cache; commit caches the new values once the transaction committed.
type counters struct {
	c       *counterCache
	txn     *badger.Txn
	pending map[string]int
}

func (cs *counters) add(key []byte, d int) error {
	if d == 0 {
		return nil
	}
	n, ok := cs.pending[string(key)]
	if !ok {
		if n, ok = cs.c.get(key); !ok {
			var err error
			if n, err = readCounter(cs.txn, key); err != nil {
				return err
			}
		}
	}
	n = max(n+d, 0)
	cs.pending[string(key)] = n
	if n == 0 {
		return cs.txn.Delete(key)
	}
	return cs.txn.Set(key, binary.AppendVarint(nil, int64(n)))
}

func (cs *counters) commit() {
	cs.c.mu.Lock()
	defer cs.c.mu.Unlock()
	cs.c.gen++
	for k, n := range cs.pending {
		cs.c.put(k, n)
	}
}

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
		n, _ = binary.Varint(v)
		return nil
	})
	return int(n), err
}
