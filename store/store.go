// Package store keeps planbot's index and state in badger on disk:
// documents (every version), the facts of each sentence, an inverted
// index from segmented terms to sentences partitioned by region and year,
// term statistics, and the bot's state (handled events, feedback,
// subscriptions, digest schedules, the outbox, recorded changes, watched
// files). It knows nothing of segmentation: callers hand it the terms of
// each sentence.
//
// The index: keys.go lays out its keys; put.go and stage.go store a
// version, gc.go removes replaced and unfinished ones; catalog.go and
// read.go answer from it; stats.go and statchange.go keep its term
// statistics. Its safety: damage.go turns damaged files and a full disk
// into domain errors, tables.go verifies tables before badger opens
// them, marker.go tells a used index from a new one, space.go refuses
// writes on a full disk, check.go reads and checks everything, repair.go
// rebuilds what derives from the current versions. The bot's state has a
// file per entity, sharing records.go.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"github.com/planbot/planbot/plan"
)

// SchemaVersion is the layout of keys and values this code writes. Open
// refuses an index written by a newer planbot; an older one opens with
// NeedsReindex set, and the caller re-indexes its documents from their
// stored versions (see Reindexed). History: 1, first; 2, postings and
// statistics also under AllRegions. Staged statistics changes (sd keys,
// the m\x00stats record) and the mark of use (m\x00used) came without a
// new version: an index without them reads as one with no change staged
// and gets its mark at the next open.
const SchemaVersion = 2

// DB is the open index. Its methods are safe for concurrent use; writes
// to documents are serialised.
type DB struct {
	db  *badger.DB
	dir string
	log *slog.Logger

	writeMu sync.Mutex // one document write at a time
	mu      sync.RWMutex
	metas   map[string]DocMeta

	counters     counterCache // term statistics, read through
	needsReindex bool
	catalog      atomic.Pointer[Catalog]
	used         atomic.Bool // a document was ever stored (marker.go)
	// statsUnchecked marks statistics kept by an older planbot, which
	// Open recomputes once.
	statsUnchecked bool

	readOnlyErr error // why writes are refused, when opened read-only
	minFree     uint64
	freeSpace   func(dir string) (uint64, error)

	failAt    func(step string) error // tests: a crash injected between a write's steps
	foldBatch int                     // tests: deltas folded per transaction
}

// Options tune the badger instance.
type Options struct {
	Logger *slog.Logger
	// CacheMB bounds badger's block cache; small by default because the
	// index of a few hundred documents fits in the OS page cache anyway.
	CacheMB int
	// ReadOnly opens without taking the write lock (for inspection).
	ReadOnly bool
	// Salvage opens a damaged index read-only, verifying of its tables
	// only what opening them reads (their index and last block), so that
	// what is intact can be copied out (reindex) and Check can say what is
	// not. badger skips a block that fails its checksum when iterating,
	// and reports its keys missing, so reads may come back short: use it
	// only to rescue documents.
	Salvage bool
	// MinFreeMB is the free disk space below which writes are refused
	// (DefaultMinFreeMB when 0; no check when negative).
	MinFreeMB int

	freeSpace     func(dir string) (uint64, error) // tests: a disk's free space
	skipChecksums bool                             // benchmarks: what verifying costs
}

// Open opens (creating if needed) the index in dir. Damaged or missing
// files are reported as errors with code plan.ECORRUPT, never opened as
// an empty index; on a disk too full to write to, an existing index opens
// read-only and writes fail with code plan.ENOSPACE.
func Open(dir string, opt Options) (*DB, error) {
	opt = opt.withDefaults()
	if dir == "" {
		return nil, noDirErr()
	}
	// Private: the index holds whatever documents were ingested, and a
	// shared parent must not let another user swap its files.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create index directory %s: %w", dir, err)
	}
	st, err := inspectDir(dir)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if err := st.lostFiles(); err != nil {
		return nil, corrupt(dir, err)
	}
	s := &DB{dir: dir, log: opt.Logger, metas: map[string]DocMeta{}, freeSpace: opt.freeSpace}
	if opt.MinFreeMB > 0 {
		s.minFree = uint64(opt.MinFreeMB) << 20
	}
	readOnly, err := s.openBadger(st, opt)
	if err != nil {
		return nil, err
	}
	if err := s.load(st, readOnly); err != nil {
		s.db.Close()
		return nil, err
	}
	if s.readOnlyErr == nil {
		s.finishStart()
	}
	s.ReleaseTablePages()
	return s, nil
}

func (opt Options) withDefaults() Options {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if opt.CacheMB <= 0 {
		opt.CacheMB = 16
	}
	if opt.MinFreeMB == 0 {
		opt.MinFreeMB = DefaultMinFreeMB
	}
	if opt.freeSpace == nil {
		opt.freeSpace = diskFree
	}
	if opt.Salvage {
		opt.ReadOnly = true
	}
	return opt
}

// openBadger verifies the tables and opens badger, read-only when asked
// or when the disk is full (setting s.readOnlyErr), and reports whether
// badger was opened read-only.
func (s *DB) openBadger(st dirState, opt Options) (bool, error) {
	dir := s.dir
	full := false
	if opt.ReadOnly {
		s.readOnlyErr = plan.Errorf(plan.EINVALID, "the index at %s is open read-only", dir)
	} else if err := s.spaceFor(dir); err != nil {
		if st.fresh() {
			return false, err
		}
		// Opening for writing maps a new memtable, which a full disk
		// cannot back: open read-only, so reading keeps working.
		opt.ReadOnly, s.readOnlyErr, full = true, err, true
		s.log.Warn("the index's disk is full: opened read-only", "dir", dir, "err", err)
	}
	if !st.fresh() && !opt.skipChecksums {
		if err := verifyTables(dir, badgerOptions(dir, opt), !opt.Salvage); err != nil {
			return false, corrupt(dir, err)
		}
	}
	bdb, err := openBadger(dir, opt)
	if errors.Is(err, errUnclean) && full {
		// The disk is full, and after a crash badger must cut its logs
		// to their end, which takes no space but an open for writing:
		// open so, with writes still refused.
		if free := checkSpace(dir, minRecoveryFree, s.freeSpace); free != nil {
			return false, free
		}
		opt.ReadOnly = false
		bdb, err = openBadger(dir, opt)
	}
	s.db = bdb
	return opt.ReadOnly, err
}

// ReleaseTablePages gives back the memory that the index's table files
// hold mapped in this process and no question is using, and reports how
// many bytes of mappings it went over. Open calls it once badger has
// opened the tables, and a long-running process now and then, since
// badger opens the tables it writes the same way. It only logs a failure:
// the index works the same, with more memory.
func (s *DB) ReleaseTablePages() int64 {
	n, err := releaseTablePages(s.dir)
	if err != nil {
		s.log.Warn("could not release the index's table pages", "dir", s.dir, "err", err)
	}
	return n
}

// finishStart finishes what a crash interrupted and, for an index from
// an older planbot, recomputes the statistics once.
func (s *DB) finishStart() {
	if err := s.collectGarbage(context.Background()); err != nil {
		s.log.Warn("index cleanup failed; it will be retried at the next start", "err", err)
	}
	if !s.statsUnchecked {
		return
	}
	n, err := s.RebuildStatistics(context.Background())
	if err != nil {
		s.log.Warn("could not recompute the term statistics; retried at the next start", "err", err)
		return
	}
	s.log.Info("term statistics recomputed from the current versions", "corrected", n)
}

// openBadger opens badger, mapping its failures to domain errors.
func openBadger(dir string, opt Options) (*badger.DB, error) {
	bdb, err := badger.Open(badgerOptions(dir, opt))
	if err != nil && strings.Contains(err.Error(), "Create a new file") && !opt.ReadOnly {
		// A kill -9 between creating a memtable file and sizing it leaves
		// it empty; badger sizes it and then fails the open. It holds
		// nothing, and the second open finds it ready.
		bdb, err = badger.Open(badgerOptions(dir, opt))
	}
	switch {
	case err == nil:
		return bdb, nil
	case opt.ReadOnly && needsRecovery(err):
		return nil, &storageError{
			user:  plan.Errorf(plan.EINVALID, "the index at %s was not closed cleanly (a crash?): it cannot be opened read-only until a planbot command that writes (ingest, serve) has opened it once", dir),
			cause: errors.Join(errUnclean, err),
		}
	case isLockErr(err):
		return nil, plan.Errorf(plan.ECONFLICT, "the index at %s is in use by another planbot process; stop it or choose another index with --db", dir)
	case isNoSpace(err):
		return nil, noSpace(dir, err)
	case isDamage(err):
		return nil, corrupt(dir, err)
	}
	return nil, fmt.Errorf("open index %s: %w", dir, err)
}

// load reads what Open needs: the schema, the documents, the statistics'
// generation and the marks of use.
func (s *DB) load(st dirState, readOnly bool) error {
	if err := s.checkSchema(readOnly); err != nil {
		return err
	}
	if err := s.loadMetas(); err != nil {
		return err
	}
	var stats statsState
	err := s.view(func(txn *badger.Txn) (err error) {
		stats, err = readStatsState(txn)
		return err
	})
	if err != nil {
		return err
	}
	s.counters.reset(stats.Gen)
	// Every switch moves the generation: documents at generation 0 were
	// stored by a planbot that kept statistics in the switch itself, and
	// whose re-ingests could leave them off (clamped at zero).
	s.statsUnchecked = stats.Gen == 0 && len(s.metas) > 0
	return s.checkUsed(st)
}

// badgerOptions tunes badger for an index of many small records.
func badgerOptions(dir string, opt Options) badger.Options {
	// Memory while ingesting is bounded by badger's pool of up to eight
	// table-builder arenas, each grown to what one table needed. Records
	// over 1 KB go to the value log (compressed by encodeValue), keeping
	// blocks small; small tables that do not grow with depth keep each
	// arena at a few tens of MB. With badger's defaults (1 MB value
	// threshold, doubling table sizes) a 2,500-document ingest held 5 GB.
	//
	// Checksums are verified: every table when the index is opened
	// (verifyTables, before badger), every block and value when it is
	// read, so that damage is an error instead of wrong answers (badger's
	// default checks nothing).
	bo := badger.DefaultOptions(dir).
		WithLoggingLevel(badger.WARNING). // replaces the logger: before WithLogger
		WithLogger(badgerLogger{opt.Logger}).
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
		WithChecksumVerificationMode(options.OnBlockRead).
		WithVerifyValueChecksum(true).
		WithReadOnly(opt.ReadOnly)
	bo.TableSizeMultiplier = 1 // no With method in badger v4
	if opt.skipChecksums {
		bo = bo.WithChecksumVerificationMode(options.NoVerification).WithVerifyValueChecksum(false)
	}
	return bo
}

// errUnclean is in the chain of a read-only open's error when badger's
// logs need the recovery only an open for writing does.
var errUnclean = errors.New("index not closed cleanly")

// needsRecovery reports whether a read-only open failed on what only an
// open for writing repairs: logs to cut to their end, or a memtable file
// a kill left empty, which badger must size (a truncate a read-only file
// refuses with EINVAL).
func needsRecovery(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Log truncate required") ||
		strings.Contains(msg, "While opening memtable") && strings.Contains(msg, "error while truncation")
}

func isLockErr(err error) bool {
	return strings.Contains(err.Error(), "Cannot acquire directory lock") || strings.Contains(err.Error(), "resource temporarily unavailable")
}

// maxConflictRetries bounds how often a transaction is rerun after a
// conflict with a concurrent one; each rerun reads afresh, so a few
// suffice unless many writers fight over one key.
const maxConflictRetries = 64

// update runs fn in a read-write transaction, rerunning it when badger
// reports a conflict with a concurrent transaction: without this a
// concurrent write fails outright (a lost notice, a lost subscription).
// fn must be safe to run again.
//
// A disk too full to write to fails it at once (writable), and badger's
// reports of damage or a full disk become domain errors (storageErr).
func (s *DB) update(fn func(txn *badger.Txn) error) error {
	if err := s.writable(); err != nil {
		return err
	}
	var err error
	for range maxConflictRetries {
		if err = s.db.Update(fn); !errors.Is(err, badger.ErrConflict) {
			return s.storageErr(err)
		}
	}
	return err
}

// view runs fn in a read-only transaction, reporting damage as such.
func (s *DB) view(fn func(txn *badger.Txn) error) error {
	return s.storageErr(s.db.View(fn))
}

// Close flushes and closes the index.
func (s *DB) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

func (s *DB) checkSchema(readOnly bool) error {
	var have int
	err := s.view(func(txn *badger.Txn) error {
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
	return s.update(func(txn *badger.Txn) error {
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

// Ping reads the index, for health checks: an error means it cannot
// answer.
func (s *DB) Ping() error {
	err := s.view(func(txn *badger.Txn) error {
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
// ~/.local/share/planbot. Without either there is no private place to
// fall back to (a fixed path under /tmp could be created first by another
// user), so it is an error naming the ways to choose one.
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "planbot"), nil
	}
	if h, err := os.UserHomeDir(); err == nil && filepath.IsAbs(h) {
		return filepath.Join(h, ".local", "share", "planbot"), nil
	}
	return "", noDirErr()
}

func noDirErr() error {
	return plan.Errorf(plan.EINVALID, "no place for the index: $HOME is not set; choose a directory with --db or PLANBOT_DB")
}
