package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

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

// Indexed is a parsed document with the index terms of its sentences.
type Indexed struct {
	Doc    *plan.Document
	Terms  map[int][]string // sentence ID -> its distinct terms (context included)
	Domain []string         // words for the segmenter's dictionary
	// Force stores a new version even when the bytes are unchanged (to
	// re-index under a new schema).
	Force bool
}

// PutResult says what a Put did.
type PutResult struct {
	ID        string
	Version   int
	Previous  int  // the version it replaced; 0 for a new document
	Unchanged bool // nothing stored: the bytes are the current version's, or an earlier one's
	// Earlier is set when the bytes are those of an earlier, replaced
	// version: Put keeps the current version rather than roll the
	// document back, and Note says so.
	Earlier int
	Note    string
}

// pNextVersion keys each document's next version number, reserved before
// anything of a version is staged, so a version that failed half-way is
// never numbered again (its leftovers would become part of the next one).
const pNextVersion = "nv\x00" // docID -> next version number

func nextVersionKey(id string) []byte { return append([]byte(pNextVersion), id...) }

// VersionWithHash returns the newest version whose bytes had this hash.
func (m DocMeta) VersionWithHash(hash string) (VersionInfo, bool) {
	for i := len(m.Versions) - 1; i >= 0; i-- {
		if m.Versions[i].Hash == hash {
			return m.Versions[i], true
		}
	}
	return VersionInfo{}, false
}

// Previous returns the newest version before ver, 0 when there is none.
// Numbers can have gaps (see pNextVersion), so it is not simply ver-1.
func (m DocMeta) Previous(ver int) int {
	prev := 0
	for _, v := range m.Versions {
		if v.Version < ver && v.Version > prev {
			prev = v.Version
		}
	}
	return prev
}

// EarlierVersionNote explains why bytes identical to an earlier version
// were not stored.
func EarlierVersionNote(m DocMeta, earlier int) string {
	return fmt.Sprintf("identical to %s v%d, which v%d replaced: not stored again, v%d stays current (an older file is never made current again, so re-reading a folder cannot roll a document back)", m.ID, earlier, m.Version, m.Version)
}

// NewestPlan is the document meant by "the newest plan" everywhere
// (tasks to follow, the digest, `planbot tasks`): the newest plan year in
// region (in any region when region is ""); ties go to the first region,
// then the smallest ID, so every caller picks the same document.
func (c *Catalog) NewestPlan(region string) (DocMeta, bool) {
	var best DocMeta
	found := false
	for _, m := range c.Docs { // ordered by region, plan year, ID
		if region != "" && m.Region != region {
			continue
		}
		if !found || m.PlanYear > best.PlanYear {
			best, found = m, true
		}
	}
	return best, found
}

// termYears is the posting set of one version: term -> year -> sentence IDs.
type termYears map[string]map[int][]int

// Put stores a new version of a document and makes it current. The new
// version is staged under its own keys and switched to in one
// transaction, so a failure at any point leaves the previous version
// answering; earlier versions stay readable through Document. Bytes
// identical to the current version, or to an earlier one (an older file
// read again), store nothing unless ix.Force is set. The switch also
// marks the version's changes as pending (PendingChanges) unless
// ix.Force is set: a forced put re-indexes the same text.
func (s *DB) Put(ctx context.Context, ix Indexed, now time.Time) (PutResult, error) {
	doc := ix.Doc
	if doc == nil || doc.ID == "" {
		return PutResult{}, plan.Errorf(plan.EINVALID, "a document needs an ID to be stored")
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()

	old, exists := s.Meta(doc.ID)
	res := PutResult{ID: doc.ID, Previous: old.Version}
	if exists && !ix.Force {
		if old.Current().Hash == doc.Hash {
			res.Version, res.Unchanged = old.Version, true
			return res, nil
		}
		if v, ok := old.VersionWithHash(doc.Hash); ok && doc.Hash != "" {
			res.Version, res.Unchanged, res.Earlier = old.Version, true, v.Version
			res.Note = EarlierVersionNote(old, v.Version)
			return res, nil
		}
	}

	ver, records, postings, err := s.stage(ctx, ix, old)
	if err != nil {
		if ver > 0 {
			s.discard(ctx, doc.ID, ver)
		}
		return res, err
	}
	res.Version = ver
	region := doc.Region

	// Switch: one transaction makes the new version current and adjusts
	// the statistics by the difference between the versions.
	meta := DocMeta{
		ID: doc.ID, Title: doc.Title, Region: region, Genre: doc.Genre,
		ReportYear: doc.ReportYear, PlanYear: doc.PlanYear, Date: doc.Date, Source: doc.Source,
		Version: ver, Versions: append(append([]VersionInfo(nil), old.Versions...), VersionInfo{
			Version: ver, Hash: doc.Hash, Source: doc.Source, IngestedAt: now.UTC(),
			Sentences: len(records), Facts: len(doc.Facts),
		}),
		Years: factYears(doc),
	}
	var oldSum postingSummary
	if exists {
		if oldSum, err = s.summary(doc.ID, old.Version); err != nil {
			s.discard(ctx, doc.ID, ver)
			return res, err
		}
	}
	var cs *counters
	err = s.db.Update(func(txn *badger.Txn) error {
		cs = &counters{c: &s.counters, txn: txn, pending: map[string]int{}}
		mb, err := json.Marshal(meta)
		if err != nil {
			return err
		}
		if err := txn.Set(docKey(doc.ID), mb); err != nil {
			return err
		}
		if err := txn.Delete(gcKey(doc.ID, ver)); err != nil {
			return err
		}
		if exists {
			if err := txn.Set(gcKey(doc.ID, old.Version), []byte(regionKey(oldSum.Region))); err != nil {
				return err
			}
		}
		if !ix.Force {
			if err := setPending(txn, PendingChange{DocID: doc.ID, Version: ver, Previous: old.Version}); err != nil {
				return err
			}
		}
		if err := adjustStats(cs, oldSum, postingSummary{Region: region, Terms: postings}, len(records), old.Current().Sentences); err != nil {
			return err
		}
		return adjustDomain(cs, oldDomain(oldSum), ix.Domain)
	})
	if err != nil {
		s.discard(ctx, doc.ID, ver)
		return res, fmt.Errorf("switch %s to v%d: %w", doc.ID, ver, err)
	}
	cs.commit()
	s.mu.Lock()
	s.metas[doc.ID] = meta
	s.refreshCatalog()
	s.mu.Unlock()
	if exists {
		if err := s.removeVersion(ctx, doc.ID, old.Version); err != nil {
			s.log.Warn("old version not yet removed from the index; retried at next start", "doc", doc.ID, "version", old.Version, "err", err)
		}
	}
	return res, nil
}

// discard removes what a failed Put staged, at once rather than at the
// next start (the version stays marked as garbage if this fails too).
func (s *DB) discard(ctx context.Context, id string, ver int) {
	if err := s.removeVersion(context.WithoutCancel(ctx), id, ver); err != nil {
		s.log.Warn("unfinished version not yet removed from the index; retried at next start", "doc", id, "version", ver, "err", err)
	}
}

// stage reserves a version number and writes the version's blob,
// sentences and postings under keys of their own, marked as garbage until
// the switch makes them current. It returns the version number once one
// is reserved, also with an error, so the caller can remove what was
// staged.
func (s *DB) stage(ctx context.Context, ix Indexed, old DocMeta) (int, []SentenceRecord, termYears, error) {
	records, postings := buildRecords(ix.Doc, ix.Terms)
	ver, err := s.reserveVersion(ix, old, postings)
	if err != nil {
		return 0, nil, nil, err
	}
	for i := range records {
		records[i].Version = ver
	}
	if err := s.stageRecords(ctx, ix.Doc, ver, records, postings); err != nil {
		return ver, nil, nil, err
	}
	return ver, records, postings, nil
}

// reserveVersion takes the document's next version number and, in the
// same transaction, marks the version as garbage until it is made
// current and records its postings summary before anything else, so that
// a failure or crash at any later point of staging leaves keys that
// removeVersion (now, or at the next start) can find and remove.
func (s *DB) reserveVersion(ix Indexed, old DocMeta, postings termYears) (int, error) {
	doc := ix.Doc
	tc, err := encodeValue(postingSummary{Region: doc.Region, Terms: postings, Domain: ix.Domain})
	if err != nil {
		return 0, fmt.Errorf("encode postings summary of %s: %w", doc.ID, err)
	}
	ver := 0
	err = s.update(func(txn *badger.Txn) error {
		// After every number ever reserved, and every version stored (in
		// an index from before reservations were kept).
		n, err := readCounter(txn, nextVersionKey(doc.ID))
		if err != nil {
			return err
		}
		ver = max(n, 1)
		for _, v := range old.Versions {
			ver = max(ver, v.Version+1)
		}
		for {
			_, err := txn.Get(gcKey(doc.ID, ver))
			if errors.Is(err, badger.ErrKeyNotFound) {
				break
			}
			if err != nil {
				return err
			}
			ver++ // an unfinished version not yet removed
		}
		if err := txn.Set(nextVersionKey(doc.ID), binary.AppendVarint(nil, int64(ver+1))); err != nil {
			return err
		}
		if err := txn.Set(gcKey(doc.ID, ver), []byte(regionKey(doc.Region))); err != nil {
			return err
		}
		return txn.Set(termCountKey(doc.ID, ver), tc)
	})
	if err != nil {
		return 0, fmt.Errorf("reserve a version of %s: %w", doc.ID, err)
	}
	return ver, nil
}

// stageRecords writes a reserved version's blob, sentences and postings.
func (s *DB) stageRecords(ctx context.Context, doc *plan.Document, ver int, records []SentenceRecord, postings termYears) error {
	region := doc.Region
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	blob, err := encodeValue(doc)
	if err != nil {
		return plan.Errorf(plan.EINVALID, "store %s: %v", doc.ID, err)
	}
	if err := wb.Set(versionKey(doc.ID, ver), blob); err != nil {
		return fmt.Errorf("stage %s: %w", doc.ID, err)
	}
	for _, r := range records {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := encodeValue(r)
		if err != nil {
			return plan.Errorf(plan.EINVALID, "store %s sentence %d: %v", doc.ID, r.ID, err)
		}
		if err := wb.Set(sentenceKey(doc.ID, ver, r.ID), b); err != nil {
			return fmt.Errorf("stage sentence %d: %w", r.ID, err)
		}
	}
	for term, byYear := range postings {
		for year, ids := range byYear {
			v := encodeIDs(ids)
			if err := wb.Set(postingKey(region, term, year, doc.ID, ver), v); err != nil {
				return fmt.Errorf("stage postings: %w", err)
			}
			if err := wb.Set(postingKey(AllRegions, term, year, doc.ID, ver), v); err != nil {
				return fmt.Errorf("stage postings: %w", err)
			}
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("stage %s v%d: %w", doc.ID, ver, err)
	}
	return ctx.Err()
}

// postingSummary records a version's postings, so that replacing or
// removing it can undo exactly what it added.
type postingSummary struct {
	Region string    `json:"region"`
	Terms  termYears `json:"terms"`
	Domain []string  `json:"domain,omitempty"`
}

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

func oldDomain(sum postingSummary) []string { return sum.Domain }

// buildRecords groups a document's facts by sentence (records without
// their version, which stage sets) and computes its postings: term ->
// year -> sentence IDs. Only sentences with facts are
// indexed; that is all the engine can answer with.
func buildRecords(doc *plan.Document, terms map[int][]string) ([]SentenceRecord, termYears) {
	bySentence := map[int][]plan.Fact{}
	for _, f := range doc.Facts {
		bySentence[f.Sentence] = append(bySentence[f.Sentence], f)
	}
	texts := map[int]plan.Sentence{}
	for _, s := range doc.Sentences() {
		texts[s.ID] = s
	}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			texts[r.Sentence] = plan.Sentence{ID: r.Sentence, Text: r.Text, Page: t.Page}
		}
	}
	ids := make([]int, 0, len(bySentence))
	for id := range bySentence {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	var records []SentenceRecord
	postings := termYears{}
	for _, id := range ids {
		facts := bySentence[id]
		st := texts[id]
		records = append(records, SentenceRecord{DocID: doc.ID, ID: id, Text: st.Text, Page: st.Page, Facts: facts})
		years := map[int]bool{}
		for _, f := range facts {
			years[f.Year] = true
		}
		for _, term := range terms[id] {
			byYear := postings[term]
			if byYear == nil {
				byYear = map[int][]int{}
				postings[term] = byYear
			}
			for y := range years {
				byYear[y] = append(byYear[y], id)
			}
		}
	}
	return records, postings
}

func factYears(doc *plan.Document) []int {
	seen := map[int]bool{}
	var out []int
	for _, f := range doc.Facts {
		if f.Year != 0 && !seen[f.Year] {
			seen[f.Year] = true
			out = append(out, f.Year)
		}
	}
	sort.Ints(out)
	return out
}

func encodeIDs(ids []int) []byte {
	sort.Ints(ids)
	buf := make([]byte, 0, len(ids)*2)
	prev := 0
	for _, id := range ids {
		buf = binary.AppendUvarint(buf, uint64(id-prev))
		prev = id
	}
	return buf
}

func decodeIDs(b []byte) []int {
	var out []int
	prev := 0
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			break
		}
		prev += int(v)
		out = append(out, prev)
		b = b[n:]
	}
	return out
}

// Statistics: per region, the number of indexed sentences and of those
// holding each term, for inverse document frequency.
func dfKey(region, term string) []byte {
	return append([]byte(pDocFreq), join([]byte(regionKey(region)), []byte(term))...)
}
func nsentKey(region string) []byte {
	return append([]byte(kSentTotal+"\x00"), regionKey(region)...)
}

func countSentences(byYear map[int][]int) int {
	seen := map[int]bool{}
	for _, ids := range byYear {
		for _, id := range ids {
			seen[id] = true
		}
	}
	return len(seen)
}

func adjustStats(cs *counters, old, cur postingSummary, curSents, oldSents int) error {
	delta := map[string]map[string]int{} // region -> term -> change
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
	for region, m := range delta {
		for t, d := range m {
			if d == 0 {
				continue
			}
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

func adjustDomain(cs *counters, old, cur []string) error {
	for _, t := range old {
		if err := cs.add(append([]byte(pDomain), t...), -1); err != nil {
			return err
		}
	}
	for _, t := range cur {
		if err := cs.add(append([]byte(pDomain), t...), 1); err != nil {
			return err
		}
	}
	return nil
}

// counterCache remembers counter values (term statistics), which only
// Put and Delete change, under the write lock: re-reading a thousand
// counters from badger was a fifth of an ingest. It is updated only after
// a transaction commits, and cleared when it grows past a bound.
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

func (c *counterCache) set(key []byte, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedCounters {
		c.m = map[string]int{}
	}
	c.m[string(key)] = n
}

// counters applies counter changes in a transaction, reading through the
// cache; after is called with the new values once the caller's
// transaction commits.
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
	n += d
	if n < 0 {
		n = 0
	}
	cs.pending[string(key)] = n
	if n == 0 {
		return cs.txn.Delete(key)
	}
	return cs.txn.Set(key, binary.AppendVarint(nil, int64(n)))
}

func (cs *counters) commit() {
	cs.c.mu.Lock()
	cs.c.gen++
	cs.c.mu.Unlock()
	for k, n := range cs.pending {
		cs.c.set([]byte(k), n)
	}
}

// remember caches a value read from a snapshot taken at generation gen,
// unless a commit has happened since (the value may be stale).
func (c *counterCache) remember(key []byte, n int, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if c.m == nil || len(c.m) >= maxCachedCounters {
		c.m = map[string]int{}
	}
	c.m[string(key)] = n
}

func (c *counterCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
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

// removeVersion deletes a version's postings, sentences and summary. The
// document blob of a version that was once current stays, for diffs; that
// of one that never was (staged before a crash) goes too.
func (s *DB) removeVersion(ctx context.Context, id string, ver int) error {
	m, _ := s.Meta(id)
	committed := false
	for _, v := range m.Versions {
		committed = committed || v.Version == ver
	}
	sum, err := s.summary(id, ver)
	if err != nil {
		return err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for term, byYear := range sum.Terms {
		for year := range byYear {
			if err := wb.Delete(postingKey(sum.Region, term, year, id, ver)); err != nil {
				return err
			}
			if err := wb.Delete(postingKey(AllRegions, term, year, id, ver)); err != nil {
				return err
			}
		}
	}
	var keys [][]byte
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: sentencePrefix(id, ver)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, it.Item().KeyCopy(nil))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	if err := wb.Delete(termCountKey(id, ver)); err != nil {
		return err
	}
	if !committed {
		if err := wb.Delete(versionKey(id, ver)); err != nil {
			return err
		}
	}
	if err := wb.Delete(gcKey(id, ver)); err != nil {
		return err
	}
	return wb.Flush()
}

// collectGarbage finishes removals interrupted by a crash: versions staged
// but never made current, and replaced versions not yet cleaned up.
func (s *DB) collectGarbage(ctx context.Context) error {
	type pending struct {
		id  string
		ver int
	}
	var todo []pending
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(pGC)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			id, ver, ok := splitIDVersion(it.Item().Key()[len(pGC):])
			if ok {
				todo = append(todo, pending{id, ver})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range todo {
		if p.ver == s.CurrentVersion(p.id) {
			if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(gcKey(p.id, p.ver)) }); err != nil {
				return err
			}
			continue
		}
		s.log.Info("removing unfinished or replaced version from the index", "doc", p.id, "version", p.ver)
		if err := s.removeVersion(ctx, p.id, p.ver); err != nil {
			return err
		}
	}
	return nil
}

// AllRegions is the partition of the index holding every region's
// postings and statistics, for questions that name no region: one key
// range to read instead of one per region.
const AllRegions = "\x01all"

// Reader reads the index from one consistent snapshot, reusing one
// iterator: a question's term statistics, postings and sentences cost
// one transaction, not one each.
type Reader struct {
	s   *DB
	txn *badger.Txn
	it  *badger.Iterator
	gen uint64 // counter cache generation when the snapshot was taken
}

// Read runs fn with a Reader over a snapshot of the index.
func (s *DB) Read(fn func(*Reader) error) error {
	gen := s.counters.generation() // before the snapshot: a commit after it shows as a newer generation
	return s.db.View(func(txn *badger.Txn) error {
		r := &Reader{s: s, txn: txn, gen: gen}
		defer func() {
			if r.it != nil {
				r.it.Close()
			}
		}()
		return fn(r)
	})
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
	Sentences []int
}

// DocPostings is Postings grouped by document, for callers that weigh
// many postings: the document ID is decoded once a key, not once a
// sentence. With limit > 0 and no years it reads newest year first and
// stops once limit sentences are read in each region, so a word found in
// every document of a large index (学位 in ten thousand plans) is read
// only as far as the newest plans, which questions naming no year are
// answered from.
func (r *Reader) DocPostings(ctx context.Context, regions []string, years []int, term string, limit int) ([]DocPostings, error) {
	if len(regions) == 0 {
		regions = []string{AllRegions}
	}
	cur := r.s.Catalog().Version
	var out []DocPostings
	scan := func(it *badger.Iterator, seek, prefix []byte, skip int) error {
		n := 0
		for it.Seek(seek); it.ValidForPrefix(prefix) && (limit <= 0 || n < limit); it.Next() {
			key := it.Item().Key()
			if len(key) < len(prefix)+skip {
				continue
			}
			id, ver, ok := splitIDVersion(key[len(prefix)+skip:])
			if !ok || ver != cur[id] {
				continue // a version being staged or removed
			}
			err := it.Item().Value(func(v []byte) error {
				ids := decodeIDs(v)
				out = append(out, DocPostings{DocID: id, Version: ver, Sentences: ids})
				n += len(ids)
				return nil
			})
			if err != nil {
				return fmt.Errorf("read postings of %q: %w", term, err)
			}
		}
		return ctx.Err()
	}
	if len(years) == 0 && limit > 0 {
		it := r.txn.NewIterator(badger.IteratorOptions{Reverse: true})
		defer it.Close()
		for _, rg := range regions {
			prefix := postingPrefix(rg, term)
			if err := scan(it, append(append([]byte(nil), prefix...), 0xff), prefix, 3); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	it := r.iterator()
	for _, rg := range regions {
		if len(years) == 0 {
			prefix := postingPrefix(rg, term)
			if err := scan(it, prefix, prefix, 3); err != nil {
				return nil, err
			}
			continue
		}
		for _, y := range years {
			prefix := postingYearPrefix(rg, term, y)
			if err := scan(it, prefix, prefix, 0); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// DocFreq returns how many indexed sentences hold each term, and how many
// sentences there are, over the given regions (all when empty).
func (r *Reader) DocFreq(terms []string, regions []string) (map[string]int, int, error) {
	if len(regions) == 0 {
		regions = []string{AllRegions}
	}
	df := make(map[string]int, len(terms))
	total := 0
	read := func(key []byte) (int, error) {
		if n, ok := r.s.counters.get(key); ok {
			return n, nil
		}
		n, err := readCounter(r.txn, key)
		if err == nil {
			r.s.counters.remember(key, n, r.gen)
		}
		return n, err
	}
	for _, rg := range regions {
		n, err := read(nsentKey(rg))
		if err != nil {
			return nil, 0, fmt.Errorf("read term statistics: %w", err)
		}
		total += n
		for _, t := range terms {
			n, err := read(dfKey(rg, t))
			if err != nil {
				return nil, 0, fmt.Errorf("read term statistics: %w", err)
			}
			df[t] += n
		}
	}
	return df, total, nil
}

// Sentences reads indexed sentences; one replaced since its postings
// were read is skipped.
func (r *Reader) Sentences(ctx context.Context, refs []SentRef) ([]SentenceRecord, error) {
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

// Sentences is Reader.Sentences in a snapshot of its own.
func (s *DB) Sentences(ctx context.Context, refs []SentRef) (recs []SentenceRecord, err error) {
	err = s.Read(func(r *Reader) error {
		recs, err = r.Sentences(ctx, refs)
		return err
	})
	return recs, err
}

// DomainTerms returns the words the stored documents add to the
// segmenter's dictionary.
func (s *DB) DomainTerms() ([]string, error) {
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(pDomain)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			out = append(out, string(it.Item().Key()[len(pDomain):]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read dictionary words: %w", err)
	}
	return out, nil
}

// splitIDVersion reads the "docID NUL version" tail of a key; the
// version is four bytes and may itself hold NULs.
func splitIDVersion(b []byte) (string, int, bool) {
	if len(b) < 5 || b[len(b)-5] != 0 {
		return "", 0, false
	}
	return string(b[:len(b)-5]), int(binary.BigEndian.Uint32(b[len(b)-4:])), true
}
