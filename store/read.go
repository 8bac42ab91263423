package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"github.com/planbot/planbot/plan"
)

// SentenceRecord is one indexed sentence with its facts: what the engine
// reads for a candidate.
type SentenceRecord struct {
	DocID   string      `json:"doc"`
	Version int         `json:"ver"`
	ID      int         `json:"id"`
	Text    string      `json:"text"`
	Page    int         `json:"page,omitempty"`
	Facts   []plan.Fact `json:"facts"`
}

// SentRef points at an indexed sentence.
type SentRef struct {
	DocID    string
	Version  int
	Sentence int
}

// Reader reads what one catalog (Catalog) of the index holds: the term
// statistics, postings and sentences of its current versions. What it
// reads is kept in the catalog's cache (readcache.go), so a question
// that was asked before, or whose words were, reads nothing from badger;
// the first read the cache cannot answer opens one badger transaction,
// and its iterator is reused: a question costs one transaction, not one
// a read.
type Reader struct {
	s     *DB
	cat   *Catalog
	txn   *badger.Txn // opened by the first read the cache cannot answer
	fill  bool        // txn sees exactly cat's versions: what it reads may be cached
	it    *badger.Iterator
	stats statsState // of txn: the counters' generation, changes being folded in
}

// Catalog is the catalog the Reader reads.
func (r *Reader) Catalog() *Catalog { return r.cat }

// Read runs fn with a Reader over the current catalog of the index.
func (s *DB) Read(fn func(*Reader) error) error {
	r := &Reader{s: s, cat: s.Catalog()}
	defer r.close()
	return s.storageErr(fn(r))
}

// open opens the Reader's transaction, once. Writers that change what
// readers see commit and publish the new catalog holding s.mu
// (switchTo, applyStatChange): a transaction opened under the read lock
// with the Reader's catalog still current sees that catalog's versions,
// no more and no fewer, so what it reads may go into the catalog's cache.
// A Reader whose catalog was replaced meanwhile still reads (the newest
// data, as before caching) but caches nothing.
func (r *Reader) open() error {
	if r.txn != nil {
		return nil
	}
	r.s.mu.RLock()
	r.fill = r.s.catalog.Load() == r.cat
	r.txn = r.s.db.NewTransaction(false)
	r.s.mu.RUnlock()
	st, err := readStatsState(r.txn)
	r.stats = st
	return err
}

func (r *Reader) close() {
	if r.it != nil {
		r.it.Close()
	}
	if r.txn != nil {
		r.txn.Discard()
	}
}

func (r *Reader) iterator() *badger.Iterator {
	if r.it == nil {
		r.it = r.txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
	}
	return r.it
}

// DocPostings are the sentences of one document version holding a term.
type DocPostings struct {
	DocID     string
	Version   int
	Doc       int // the document's index in the Reader's Catalog().Docs
	Sentences []int
}

// DocPostings returns the postings of term in regions (AllRegions when
// none) and years (all when none), grouped by document, for callers that
// weigh many postings: the document ID is decoded once a key, not once a
// sentence. With limit > 0 and no years it reads newest year first and
// stops once limit sentences are read in each region, so a word found in
// every document of a large index (学位 in ten thousand plans) is read
// only as far as the newest plans, which questions naming no year are
// answered from.
func (r *Reader) DocPostings(ctx context.Context, regions []string, years []int, term string, limit int) ([]DocPostings, error) {
	if len(regions) == 0 {
		regions = []string{AllRegions}
	}
	if len(years) == 0 {
		years = []int{0}
	}
	var out []DocPostings
	for _, rg := range regions {
		for _, y := range years {
			dps, err := r.postings(ctx, postingsKey{region: rg, term: term, year: y, limit: limit})
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = dps // shared with the cache: callers only read
			} else {
				out = append(slices.Clip(out), dps...)
			}
		}
	}
	return out, nil
}

// postings reads the postings of one region and year (0: all) of a term,
// through the catalog's cache. The slice is shared: do not change it.
func (r *Reader) postings(ctx context.Context, k postingsKey) ([]DocPostings, error) {
	if dps, ok := r.cat.reads.postings(k); ok {
		return dps, nil
	}
	if err := r.open(); err != nil {
		return nil, err
	}
	sc := postingScan{current: r.cat.Version, ord: r.cat.ord, term: k.term, limit: k.limit}
	var err error
	switch prefix := postingPrefix(k.region, k.term); {
	case k.year == 0 && k.limit > 0:
		// Newest year first, in a reverse iterator of its own.
		it := r.txn.NewIterator(badger.IteratorOptions{Reverse: true})
		err = sc.scan(ctx, it, append(bytes.Clone(prefix), 0xff), prefix, yearLen)
		it.Close()
	case k.year == 0:
		err = sc.scan(ctx, r.iterator(), prefix, prefix, yearLen)
	default:
		prefix = postingYearPrefix(k.region, k.term, k.year)
		err = sc.scan(ctx, r.iterator(), prefix, prefix, 0)
	}
	if err != nil {
		return nil, err
	}
	if r.fill {
		r.cat.reads.putPostings(k, sc.out)
	}
	return sc.out, nil
}

// postingScan collects the postings of current versions for DocPostings.
type postingScan struct {
	current map[string]int // document ID -> current version
	ord     map[string]int // document ID -> index in the catalog
	term    string
	limit   int // sentences to read in each range; 0 for all
	out     []DocPostings
}

// scan reads the postings under prefix, from seek on, in the iterator's direction;
// skip is the length of what lies between prefix and the document ID.
func (sc *postingScan) scan(ctx context.Context, it *badger.Iterator, seek, prefix []byte, skip int) error {
	n := 0
	for it.Seek(seek); it.ValidForPrefix(prefix) && (sc.limit <= 0 || n < sc.limit); it.Next() {
		key := it.Item().Key()
		if len(key) < len(prefix)+skip {
			continue
		}
		id, ver, ok := splitIDVersion(key[len(prefix)+skip:])
		if !ok || ver != sc.current[id] {
			continue // a version being staged or removed
		}
		err := it.Item().Value(func(v []byte) error {
			ids, err := decodeIDs(v)
			if err != nil {
				return err
			}
			sc.out = append(sc.out, DocPostings{DocID: id, Version: ver, Doc: sc.ord[id], Sentences: ids})
			n += len(ids)
			return nil
		})
		if err != nil {
			return fmt.Errorf("read postings of %q: %w", sc.term, err)
		}
	}
	return ctx.Err()
}

// Sentences reads indexed sentences; one replaced since its postings
// were read is skipped.
func (r *Reader) Sentences(ctx context.Context, refs []SentRef) ([]SentenceRecord, error) {
	if len(refs) == 0 {
		return nil, ctx.Err()
	}
	if err := r.open(); err != nil {
		return nil, err
	}
	out := make([]SentenceRecord, 0, len(refs))
	for _, ref := range refs {
		it, err := r.txn.Get(sentenceKey(ref.DocID, ref.Version, ref.Sentence))
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read sentences: %w", err)
		}
		var rec SentenceRecord
		if err := it.Value(func(v []byte) error { return decodeValue(v, &rec) }); err != nil {
			return nil, fmt.Errorf("read sentences: %w", err)
		}
		out = append(out, rec)
	}
	return out, ctx.Err()
}

// Document returns a stored version of a document (0 for the current one).
func (s *DB) Document(ctx context.Context, id string, version int) (*plan.Document, error) {
	if version == 0 {
		version = s.CurrentVersion(id)
		if version == 0 {
			return nil, plan.Errorf(plan.ENOTFOUND, "no document %q in the index; `planbot docs` lists them", id)
		}
	}
	var doc plan.Document
	err := s.view(func(txn *badger.Txn) error {
		it, err := txn.Get(versionKey(id, version))
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error { return decodeValue(v, &doc) })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, plan.Errorf(plan.ENOTFOUND, "document %q has no version %d", id, version)
	}
	if err != nil {
		return nil, fmt.Errorf("read document %s v%d: %w", id, version, err)
	}
	return &doc, nil
}

// DomainTerms returns the words the current versions of the stored
// documents add to the segmenter's dictionary, sorted.
func (s *DB) DomainTerms() ([]string, error) {
	var out []string
	err := s.view(func(txn *badger.Txn) error {
		st, err := readStatsState(txn)
		if err != nil {
			return err
		}
		counts, err := countersUnder(txn, []byte(pDomain), st)
		if err != nil {
			return err
		}
		for k, n := range counts {
			if n > 0 {
				out = append(out, k[len(pDomain):])
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read dictionary words: %w", err)
	}
	slices.Sort(out)
	return out, nil
}

// countersUnder returns every counter under prefix as a snapshot sees it
// (stored counts plus the deltas of active changes), by key; a zero count
// is left out.
func countersUnder(txn *badger.Txn, prefix []byte, st statsState) (map[string]int, error) {
	out := map[string]int{}
	add := func(p []byte, strip int) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			err := it.Item().Value(func(v []byte) error {
				n, m := binary.Varint(v)
				if m <= 0 {
					return fmt.Errorf("counter %q: %w", k, errDamagedRecord)
				}
				out[string(k[strip:])] += int(n)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(prefix, 0); err != nil {
		return nil, err
	}
	for _, c := range st.Active {
		p := statDeltaPrefix(c)
		if err := add(append(bytes.Clone(p), prefix...), len(p)); err != nil {
			return nil, err
		}
	}
	for k, n := range out {
		if n == 0 {
			delete(out, k)
		}
	}
	return out, nil
}
