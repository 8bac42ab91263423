package store

import "sync"

// readCache keeps what questions have read through one catalog: term
// statistics and posting lists. Both are functions of which versions are
// current — a version's postings never change once staged, and the
// statistics are sums over the current versions — and the catalog names
// those versions, so a cache belongs to one catalog, needs no
// invalidation, and each new catalog starts an empty one. Only a Reader
// whose transaction sees exactly its catalog's versions fills it
// (Reader.open).
//
// It is bounded by an estimate of its size: when the newer half of it is
// full, the older half is dropped and the newer becomes the older, so
// what questions keep reading stays (it is copied forward on use) and
// memory stays under twice the half's bound whatever the index's size.
type readCache struct {
	mu        sync.Mutex
	half      int // bytes in each half
	cur, prev readHalf
}

type readHalf struct {
	stats    map[statKey]int
	postings map[postingsKey][]DocPostings
	size     int
}

// postingsKey names one range of postings: a term's in one region, of
// one year (0: all years), read up to limit sentences (0: all).
type postingsKey struct {
	region, term string
	year, limit  int
}

// readCacheBytes bounds the read cache of a catalog: a seed-sized index
// fits whole; a question of a large index reads a few hundred postings a
// word, so some tens of thousands of posting lists stay.
const readCacheBytes = 32 << 20

func newReadCache(bytes int) *readCache {
	return &readCache{half: bytes / 2}
}

// Estimated sizes, for the bound: a map entry with its key, a posting
// list entry with its document ID, a sentence ID.
const (
	entryBytes    = 64
	docEntryBytes = 64
	idBytes       = 8
)

func (c *readCache) statistic(k statKey) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.cur.stats[k]; ok {
		return n, true
	}
	n, ok := c.prev.stats[k]
	if ok {
		c.putStatisticLocked(k, n)
	}
	return n, ok
}

func (c *readCache) putStatistic(k statKey, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putStatisticLocked(k, n)
}

func (c *readCache) putStatisticLocked(k statKey, n int) {
	c.make(entryBytes + len(k.region) + len(k.term))
	c.cur.stats[k] = n
}

func (c *readCache) postings(k postingsKey) ([]DocPostings, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if dps, ok := c.cur.postings[k]; ok {
		return dps, true
	}
	dps, ok := c.prev.postings[k]
	if ok {
		c.putPostingsLocked(k, dps)
	}
	return dps, ok
}

func (c *readCache) putPostings(k postingsKey, dps []DocPostings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putPostingsLocked(k, dps)
}

func (c *readCache) putPostingsLocked(k postingsKey, dps []DocPostings) {
	size := entryBytes + len(k.region) + len(k.term)
	for _, dp := range dps {
		size += docEntryBytes + len(dp.DocID) + idBytes*len(dp.Sentences)
	}
	c.make(size)
	c.cur.postings[k] = dps
}

// make makes room for size bytes in the newer half, dropping the older
// half when the newer is full; the caller holds c.mu.
func (c *readCache) make(size int) {
	if c.cur.stats == nil || c.cur.size+size > c.half && c.cur.size > 0 {
		c.prev = c.cur
		c.cur = readHalf{stats: map[statKey]int{}, postings: map[postingsKey][]DocPostings{}}
	}
	c.cur.size += size
}
