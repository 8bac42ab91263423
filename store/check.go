package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"github.com/planbot/planbot/plan"
)

// CheckReport is what Check found.
type CheckReport struct {
	Dir       string
	Keys      int   // keys read
	Bytes     int64 // value bytes read, each checked against its checksum
	Documents int
	Versions  int      // document versions stored
	Problems  []string // empty when the index is sound
	Omitted   int      // problems found beyond those listed
}

// OK reports an index without problems.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 }

const maxProblems = 50

func (r *CheckReport) problem(format string, args ...any) {
	if len(r.Problems) >= maxProblems {
		r.Omitted++
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// versionCheck gathers what the scan finds of one version.
type versionCheck struct {
	blob, summary bool
	postings      uint64 // sum of the hashes of its posting lists, as found
	postingKeys   int
	sentences     map[int]bool
}

// Check reads the whole index, verifying every table block and every
// value against its checksum and decoding every record, and checks that
// each current version's records, postings and statistics agree: that
// its sentences and postings are those its summary lists, and that every
// statistic and dictionary word is the sum over the current versions
// (what a fresh index of them would hold). Damage found is reported in
// the CheckReport; the error is for a check that could not run.
func (s *DB) Check(ctx context.Context) (*CheckReport, error) {
	r := &CheckReport{Dir: s.dir}
	if err := s.verifyOpenTables(); err != nil {
		r.problem("tables: %v", err)
	}
	c := checker{r: r, versions: map[SentRef]*versionCheck{}, metas: map[string]DocMeta{},
		gc: map[SentRef]bool{}, actual: map[string]int{}, expected: map[string]int{}}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			item := it.Item()
			k := item.KeyCopy(nil)
			v, err := item.ValueCopy(nil)
			r.Keys++
			r.Bytes += int64(len(v))
			if err != nil {
				r.problem("key %q: %v", k, err)
				continue
			}
			c.record(k, v)
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("check index %s: %w", s.dir, err)
	}
	c.finish()
	return r, nil
}

// verifyOpenTables verifies the checksums of every table badger has
// open; badger panics on some damage it finds (see tables.go).
func (s *DB) verifyOpenTables() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("a table is damaged (badger: %v)", r)
		}
	}()
	return s.db.VerifyChecksum()
}

// checker is Check's state over one scan, in key order: metas ("d")
// come before postings ("p"), sentences ("s") and summaries ("tc"), and
// the statistics state ("m") before staged deltas ("sd").
type checker struct {
	r        *CheckReport
	metas    map[string]DocMeta
	versions map[SentRef]*versionCheck // by document and version; Sentence unused
	stats    statsState
	gc       map[SentRef]bool
	actual   map[string]int // statistics as readers see them
	expected map[string]int // the sum over current versions
}

func (c *checker) version(id string, ver int) *versionCheck {
	ref := SentRef{DocID: id, Version: ver}
	v := c.versions[ref]
	if v == nil {
		v = &versionCheck{sentences: map[int]bool{}}
		c.versions[ref] = v
	}
	return v
}

func (c *checker) current(id string, ver int) bool {
	m, ok := c.metas[id]
	return ok && m.Version == ver
}

// record checks one key and value.
func (c *checker) record(k, v []byte) {
	kind, _, _ := strings.Cut(string(k), "\x00")
	rest := k[min(len(kind)+1, len(k)):]
	var err error
	switch {
	case kind == "d":
		err = c.meta(v)
	case kind == "v":
		err = c.blob(rest, v)
	case kind == "s":
		err = c.sentence(k, rest, v)
	case kind == "p":
		err = c.posting(k, rest, v)
	case kind == "tc":
		err = c.summary(rest, v)
	case kind == "gc":
		if id, ver, ok := splitIDVersion(rest); ok {
			c.gc[SentRef{DocID: id, Version: ver}] = true
		}
	case string(k) == kStats:
		err = json.Unmarshal(v, &c.stats)
	case kind == "df", kind == "dt", strings.HasPrefix(string(k), kSentTotal+"\x00"):
		err = c.counter(string(k), v)
	case kind == "sd":
		err = c.delta(k, rest, v)
	}
	if err != nil {
		c.r.problem("record %q: %v", k, err)
	}
}

func (c *checker) meta(v []byte) error {
	var m DocMeta
	if err := json.Unmarshal(v, &m); err != nil {
		return err
	}
	c.metas[m.ID] = m
	c.r.Documents++
	return nil
}

func (c *checker) blob(rest, v []byte) error {
	c.r.Versions++
	var doc plan.Document
	if err := decodeValue(v, &doc); err != nil {
		return err
	}
	if id, ver, ok := splitIDVersion(rest); ok {
		c.version(id, ver).blob = true
	}
	return nil
}

func (c *checker) sentence(k, rest, v []byte) error {
	var rec SentenceRecord
	if err := decodeValue(v, &rec); err != nil {
		return err
	}
	id, ver, ok := splitIDVersion(rest[:max(len(rest)-5, 0)])
	if !ok || rec.DocID != id || rec.Version != ver || rec.ID != int(binary.BigEndian.Uint32(rest[len(rest)-4:])) {
		return fmt.Errorf("holds %s v%d sentence %d", rec.DocID, rec.Version, rec.ID)
	}
	c.version(id, ver).sentences[rec.ID] = true
	return nil
}

func (c *checker) posting(k, rest, v []byte) error {
	ids, err := decodeIDs(v)
	if err != nil {
		return err
	}
	_, id, ver, ok := keyOfVersion(k)
	if !ok {
		return errors.New("malformed key")
	}
	region, r2, _ := bytes.Cut(rest, []byte{0})
	term, r3, _ := bytes.Cut(r2, []byte{0})
	vc := c.version(id, ver)
	vc.postings += postingHash(string(region), string(term), int(binary.BigEndian.Uint16(r3)), ids)
	vc.postingKeys++
	return nil
}

// summary checks a version's postings against its summary and, for a
// current one, adds its statistics to those expected.
func (c *checker) summary(rest, v []byte) error {
	id, ver, ok := splitIDVersion(rest)
	if !ok {
		return errors.New("malformed key")
	}
	vc := c.version(id, ver)
	vc.summary = true // if damaged, reported as such rather than as missing
	var sum postingSummary
	if err := decodeValue(v, &sum); err != nil {
		return err
	}
	if c.current(id, ver) {
		c.checkPostings(id, ver, vc, sum)
		for key, n := range statDeltas(postingSummary{}, sum, 0, c.metas[id].Current().Sentences) {
			c.expected[key] += n
		}
	}
	return nil
}

func (c *checker) counter(k string, v []byte) error {
	n, m := binary.Varint(v)
	if m <= 0 {
		return errDamagedRecord
	}
	c.actual[k] += int(n)
	return nil
}

// delta counts a staged delta of an active change as readers do; one of
// a change never made active is a leftover unless its version is marked
// for removal.
func (c *checker) delta(k, rest, v []byte) error {
	_, id, ver, ok := keyOfVersion(k)
	if !ok {
		return errors.New("malformed key")
	}
	n, m := binary.Varint(v)
	if m <= 0 {
		return errDamagedRecord
	}
	change := statChange{DocID: id, Version: ver}
	switch {
	case slices.Contains(c.stats.Active, change):
		c.actual[string(rest[len(statDeltaPrefix(change))-len(pStatDelta):])] += int(n)
	case !c.gc[SentRef{DocID: id, Version: ver}]:
		c.r.problem("a statistics change of %s v%d was staged and abandoned (`Repair` removes it)", id, ver)
	}
	return nil
}

// checkPostings compares a current version's postings and sentences with
// its summary.
func (c *checker) checkPostings(id string, ver int, vc *versionCheck, sum postingSummary) {
	var want uint64
	keys := 0
	sentences := map[int]bool{}
	for term, byYear := range sum.Terms {
		for year, ids := range byYear {
			want += postingHash(regionKey(sum.Region), term, year, ids) + postingHash(AllRegions, term, year, ids)
			keys += 2
			for _, id := range ids {
				sentences[id] = true
			}
		}
	}
	if want != vc.postings || keys != vc.postingKeys {
		c.r.problem("%s v%d: postings differ from its summary (%d posting lists found, %d listed)", id, ver, vc.postingKeys, keys)
	}
	for sid := range sentences {
		if !vc.sentences[sid] {
			c.r.problem("%s v%d: sentence %d is posted but its record is missing", id, ver, sid)
			break
		}
	}
}

// postingHash fingerprints one posting list, so a version's lists can be
// compared with its summary by a sum, in any order.
func postingHash(region, term string, year int, ids []int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00%v", region, term, year, ids)
	return h.Sum64()
}

// finish checks what needs the whole scan: every current version
// complete, no leftovers of others, and the statistics.
func (c *checker) finish() {
	for _, id := range slices.Sorted(maps.Keys(c.metas)) {
		m := c.metas[id]
		for _, vi := range m.Versions {
			if vc := c.versions[SentRef{DocID: id, Version: vi.Version}]; vc == nil || !vc.blob {
				c.r.problem("%s v%d: the stored document is missing", id, vi.Version)
			}
		}
		vc := c.versions[SentRef{DocID: id, Version: m.Version}]
		if vc == nil || !vc.summary {
			c.r.problem("%s v%d: its postings summary is missing", id, m.Version)
			continue
		}
		if n := len(vc.sentences); n != m.Current().Sentences {
			c.r.problem("%s v%d: %d sentence records; it indexed %d", id, m.Version, n, m.Current().Sentences)
		}
	}
	for _, ref := range slices.SortedFunc(maps.Keys(c.versions), compareRefs) {
		vc := c.versions[ref]
		if c.current(ref.DocID, ref.Version) || c.gc[ref] || slices.Contains(c.stats.Active, statChange{DocID: ref.DocID, Version: ref.Version}) {
			continue
		}
		if vc.postingKeys > 0 || len(vc.sentences) > 0 || vc.summary {
			c.r.problem("%s v%d: postings or sentences of a version that is not current are left over (`Repair` removes them)", ref.DocID, ref.Version)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(mergeKeys(c.actual, c.expected))) {
		if c.actual[k] != c.expected[k] {
			c.r.problem("statistic %q is %d; the current versions make it %d (`RebuildStatistics` recomputes them)", k, c.actual[k], c.expected[k])
		}
	}
}

func compareRefs(a, b SentRef) int {
	if a.DocID != b.DocID {
		return strings.Compare(a.DocID, b.DocID)
	}
	return a.Version - b.Version
}

func mergeKeys(a, b map[string]int) map[string]int {
	out := maps.Clone(a)
	for k := range b {
		out[k] = 0
	}
	return out
}
