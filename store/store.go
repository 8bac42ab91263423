// Package store keeps planbot's index and state in badger on disk:
// documents (every version), the facts of each sentence, an inverted
// index from segmented terms to sentences partitioned by region and year,
// term statistics, and the bot's state (handled events, feedback,
// subscriptions, digest schedules). It knows nothing of segmentation:
// callers hand it the terms of each sentence.
package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/planbot/planbot/plan"
)

// SchemaVersion is the layout of keys and values this code writes. Open
// refuses an index written by a newer planbot; an older one opens with
// NeedsReindex set, and the caller re-indexes its documents from their
// stored versions (see Reindexed). History: 1, first; 2, postings and
// statistics also under AllRegions.
const SchemaVersion = 2

// Key prefixes. Separators are NUL bytes, which never occur in terms,
// regions or IDs.
const (
	kSchema    = "m\x00schema"
	kSentTotal = "m\x00nsent"
	pDoc       = "d\x00"  // docID -> DocMeta
	pVersion   = "v\x00"  // docID, ver -> plan.Document JSON
	pSentence  = "s\x00"  // docID, ver, sentID -> SentenceRecord
	pPosting   = "p\x00"  // region, term, year, docID, ver -> sentence IDs
	pTermCount = "tc\x00" // docID, ver -> the version's postings, for df and cleanup
	pDocFreq   = "df\x00" // term -> sentences holding it, over current versions
	pDomain    = "dt\x00" // term -> documents using it, for the segmenter's dictionary
	pGC        = "gc\x00" // docID, ver -> postings and sentences to remove
)

// DB is the open index. Its methods are safe for concurrent use; writes
// to documents are serialised.
type DB struct {
	db  *badger.DB
	log *slog.Logger

	writeMu sync.Mutex // one document write at a time
	mu      sync.RWMutex
	metas   map[string]DocMeta

	counters     counterCache // term statistics, read through
	needsReindex bool
	catalog      atomic.Pointer[Catalog]
}

// Catalog is a snapshot of what the index holds, rebuilt whenever a
// document is stored or deleted, so questions do not walk every document.
// Its slices and maps are shared: read them, do not change them.
type Catalog struct {
	Docs     []DocMeta               // ordered by region, plan year, ID
	Regions  []string                // sorted
	Years    map[string]map[int]bool // region -> years its facts speak of
	Latest   map[string]int          // region -> newest plan year
	PlanYear map[string]int          // document ID -> its plan year
	Version  map[string]int          // document ID -> its current version
	Gen      uint64                  // changes whenever the catalog does
}

// refreshCatalog rebuilds the catalog; the caller holds s.mu.
func (s *DB) refreshCatalog() {
	c := &Catalog{Years: map[string]map[int]bool{}, Latest: map[string]int{}, PlanYear: map[string]int{}, Version: map[string]int{}}
	if old := s.catalog.Load(); old != nil {
		c.Gen = old.Gen + 1
	}
	for _, m := range s.metas {
		c.Docs = append(c.Docs, m)
		if _, ok := c.Years[m.Region]; !ok {
			c.Years[m.Region] = map[int]bool{}
			c.Regions = append(c.Regions, m.Region)
		}
		for _, y := range m.Years {
			c.Years[m.Region][y] = true
		}
		c.Latest[m.Region] = max(c.Latest[m.Region], m.PlanYear)
		c.PlanYear[m.ID] = m.PlanYear
		c.Version[m.ID] = m.Version
	}
	sort.Strings(c.Regions)
	sort.Slice(c.Docs, func(i, j int) bool {
		a, b := c.Docs[i], c.Docs[j]
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		if a.PlanYear != b.PlanYear {
			return a.PlanYear < b.PlanYear
		}
		return a.ID < b.ID
	})
	s.catalog.Store(c)
}

// Catalog returns the current snapshot of what the index holds.
func (s *DB) Catalog() *Catalog { return s.catalog.Load() }

// Options tune the badger instance.
type Options struct {
	Logger *slog.Logger
	// CacheMB bounds badger's block cache; small by default because the
	// index of a few hundred documents fits in the OS page cache anyway.
	CacheMB int
	// ReadOnly opens without taking the write lock (for inspection).
	ReadOnly bool
}

// Open opens (creating if needed) the index in dir.
func Open(dir string, opt Options) (*DB, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if opt.CacheMB <= 0 {
		opt.CacheMB = 16
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create index directory %s: %w", dir, err)
	}
	// Memory while ingesting is bounded by badger's pool of up to eight
	// table-builder arenas, each grown to what one table needed. Records
	// over 1 KB go to the value log (compressed by encodeValue), keeping
	// blocks small; small tables that do not grow with depth keep each
	// arena at a few tens of MB. With badger's defaults (1 MB value
	// threshold, doubling table sizes) a 2,500-document ingest held 5 GB.
	bo := badger.DefaultOptions(dir).
		WithLogger(badgerLogger{opt.Logger}).
		WithLoggingLevel(badger.WARNING).
		WithMemTableSize(4 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBaseTableSize(2 << 20).
		WithValueLogFileSize(64 << 20).
		WithBlockCacheSize(int64(opt.CacheMB) << 20).
		WithIndexCacheSize(8 << 20).
		WithNumCompactors(2).
		WithCompression(options.Snappy).
		WithValueThreshold(1 << 10).
		WithReadOnly(opt.ReadOnly)
	bo.TableSizeMultiplier = 1 // no With method in badger v4
	bdb, err := badger.Open(bo)
	if err != nil {
		if isLockErr(err) {
			return nil, plan.Errorf(plan.ECONFLICT, "the index at %s is in use by another planbot process; stop it or choose another index with --db", dir)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	s := &DB{db: bdb, log: opt.Logger, metas: map[string]DocMeta{}}
	if err := s.checkSchema(opt.ReadOnly); err != nil {
		bdb.Close()
		return nil, err
	}
	if err := s.loadMetas(); err != nil {
		bdb.Close()
		return nil, err
	}
	if !opt.ReadOnly {
		if err := s.collectGarbage(context.Background()); err != nil {
			s.log.Warn("index cleanup failed; it will be retried at the next start", "err", err)
		}
	}
	return s, nil
}

func isLockErr(err error) bool {
	return strings.Contains(err.Error(), "Cannot acquire directory lock") || strings.Contains(err.Error(), "resource temporarily unavailable")
}

// Close flushes and closes the index.
func (s *DB) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

// ReclaimSpace rewrites value-log files that are mostly replaced or
// removed versions, so re-ingesting documents does not grow the index on
// disk without bound. It returns how many files were rewritten.
func (s *DB) ReclaimSpace(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		err := s.db.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("reclaim index space: %w", err)
		}
		n++
	}
	return n, ctx.Err()
}

func (s *DB) checkSchema(readOnly bool) error {
	var have int
	err := s.db.View(func(txn *badger.Txn) error {
		it, err := txn.Get([]byte(kSchema))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error {
			have, err = strconv.Atoi(string(v))
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	switch {
	case have == SchemaVersion:
		return nil
	case have > SchemaVersion:
		return plan.Errorf(plan.EINVALID, "the index was written by a newer planbot (schema %d, this one reads %d): upgrade planbot or use another --db", have, SchemaVersion)
	case have == 0 && !readOnly:
		// A new index.
		return s.setSchema()
	case have < SchemaVersion:
		s.needsReindex = true
	}
	return nil
}

func (s *DB) setSchema() error {
	return s.db.Update(func(txn *badger.Txn) error {
		return txn.Set([]byte(kSchema), []byte(strconv.Itoa(SchemaVersion)))
	})
}

// NeedsReindex reports an index written by an older planbot, whose
// documents must be indexed again (their stored versions suffice).
func (s *DB) NeedsReindex() bool { return s.needsReindex }

// Reindexed records that every document was indexed again under the
// current schema.
func (s *DB) Reindexed() error {
	if err := s.setSchema(); err != nil {
		return fmt.Errorf("record schema version: %w", err)
	}
	s.needsReindex = false
	return nil
}

// DocMeta describes a stored document and its versions.
type DocMeta struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Region     string        `json:"region"`
	Genre      string        `json:"genre"`
	ReportYear int           `json:"report_year"`
	PlanYear   int           `json:"plan_year"`
	Date       string        `json:"date"`
	Source     string        `json:"source"`
	Version    int           `json:"version"` // the current one
	Versions   []VersionInfo `json:"versions"`
	Years      []int         `json:"years"` // years its facts speak of
}

// VersionInfo records one ingest of a document.
type VersionInfo struct {
	Version    int       `json:"version"`
	Hash       string    `json:"hash"`
	Source     string    `json:"source"`
	IngestedAt time.Time `json:"ingested_at"`
	Sentences  int       `json:"sentences"`
	Facts      int       `json:"facts"`
}

// Current returns the current version's info.
func (m DocMeta) Current() VersionInfo {
	for _, v := range m.Versions {
		if v.Version == m.Version {
			return v
		}
	}
	return VersionInfo{}
}

func (s *DB) loadMetas() error {
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(pDoc), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var m DocMeta
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &m) }); err != nil {
				return fmt.Errorf("read document %q: %w", it.Item().Key()[len(pDoc):], err)
			}
			s.metas[m.ID] = m
		}
		s.refreshCatalog()
		return nil
	})
}

// Documents lists the stored documents, ordered by region then years.
// The slice is shared with the catalog: do not change it.
func (s *DB) Documents() []DocMeta { return s.Catalog().Docs }

// Meta returns one document's description.
func (s *DB) Meta(id string) (DocMeta, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.metas[id]
	return m, ok
}

// CurrentVersion returns a document's current version, 0 when unknown.
func (s *DB) CurrentVersion(id string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.metas[id].Version
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
	err := s.db.View(func(txn *badger.Txn) error {
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

// Ping reads the index, for health checks: an error means it cannot
// answer.
func (s *DB) Ping() error {
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := txn.Get([]byte(kSchema))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("read index: %w", err)
	}
	return nil
}

// Empty reports an index holding no documents.
func (s *DB) Empty() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.metas) == 0
}

// key helpers

func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	out := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			out = append(out, 0)
		}
		out = append(out, p...)
	}
	return out
}

func u32(v int) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, uint32(v))
	return b
}

func u16(v int) []byte {
	b := make([]byte, 2)
	binary.BigEndian.PutUint16(b, uint16(v))
	return b
}

func docKey(id string) []byte { return append([]byte(pDoc), id...) }
func versionKey(id string, ver int) []byte {
	return append([]byte(pVersion), join([]byte(id), u32(ver))...)
}
func sentencePrefix(id string, ver int) []byte {
	return append([]byte(pSentence), append(join([]byte(id), u32(ver)), 0)...)
}
func sentenceKey(id string, ver, sent int) []byte {
	return append(sentencePrefix(id, ver), u32(sent)...)
}
func regionKey(region string) string {
	if region == "" {
		return "_"
	}
	return region
}
func postingPrefix(region, term string) []byte {
	return append([]byte(pPosting), append(join([]byte(regionKey(region)), []byte(term)), 0)...)
}
func postingYearPrefix(region, term string, year int) []byte {
	return append(postingPrefix(region, term), append(u16(year), 0)...)
}
func postingKey(region, term string, year int, id string, ver int) []byte {
	return append(postingYearPrefix(region, term, year), join([]byte(id), u32(ver))...)
}
func termCountKey(id string, ver int) []byte {
	return append([]byte(pTermCount), join([]byte(id), u32(ver))...)
}
func gcKey(id string, ver int) []byte { return append([]byte(pGC), join([]byte(id), u32(ver))...) }

type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	b.l.Error(fmt.Sprintf(f, a...), "component", "badger")
}
func (b badgerLogger) Warningf(f string, a ...any) {
	b.l.Warn(fmt.Sprintf(f, a...), "component", "badger")
}
func (b badgerLogger) Infof(f string, a ...any) {
	b.l.Debug(fmt.Sprintf(f, a...), "component", "badger")
}
func (b badgerLogger) Debugf(f string, a ...any) {}

// DefaultDir is the per-user index location: $XDG_DATA_HOME/planbot or
// ~/.local/share/planbot.
func DefaultDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "planbot")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "planbot")
	}
	return filepath.Join(os.TempDir(), "planbot")
}
