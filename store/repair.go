package store

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// Building blocks of `planbot reindex`, for an index whose tables and
// logs open but whose derived records (postings, statistics) are wrong
// or left over: Repair removes what belongs to no current version and
// recomputes the statistics from the current versions' summaries.
// Re-indexing the documents themselves (segmenting them again) is
// ingest's: a forced Put of each stored document, then Repair.

// rebuildChange names the statistics change RebuildStatistics stages.
var rebuildChange = statChange{DocID: "\x01rebuild", Version: 1}

// RepairReport says what Repair did.
type RepairReport struct {
	Leftovers int // keys of versions that are not current, removed
	Counters  int // statistics corrected
}

// Repair finishes what interrupted writes left (statistics changes to
// fold in, versions to remove), removes the postings, sentences,
// summaries and staged changes of versions that are not current, and
// rebuilds the statistics from the current versions. Readers see the
// statistics change at once, as with a Put.
func (s *DB) Repair(ctx context.Context) (RepairReport, error) {
	var rep RepairReport
	if err := s.writable(); err != nil {
		return rep, err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.collectGarbage(ctx); err != nil {
		return rep, fmt.Errorf("repair index: %w", err)
	}
	n, err := s.removeLeftovers(ctx)
	rep.Leftovers = n
	if err != nil {
		return rep, fmt.Errorf("repair index: %w", err)
	}
	rep.Counters, err = s.rebuildStatistics(ctx)
	if err != nil {
		return rep, fmt.Errorf("repair index: %w", err)
	}
	return rep, nil
}

// removeLeftovers deletes the keys of versions that are neither current
// nor being made current: postings, sentences, summaries and staged
// statistics whose garbage mark or summary was lost. Stored document
// blobs stay. The caller holds writeMu.
func (s *DB) removeLeftovers(ctx context.Context) (int, error) {
	cat := s.Catalog()
	var doomed [][]byte
	err := s.view(func(txn *badger.Txn) error {
		st, err := readStatsState(txn)
		if err != nil {
			return err
		}
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for _, p := range []string{pPosting, pSentence, pTermCount, pStatDelta} {
			for it.Seek([]byte(p)); it.ValidForPrefix([]byte(p)); it.Next() {
				if err := ctx.Err(); err != nil {
					return err
				}
				k := it.Item().Key()
				_, id, ver, ok := keyOfVersion(k)
				if !ok || ver == cat.Version[id] || slices.Contains(st.Active, statChange{DocID: id, Version: ver}) {
					continue
				}
				doomed = append(doomed, it.Item().KeyCopy(nil))
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range doomed {
		if err := wb.Delete(k); err != nil {
			return 0, s.storageErr(err)
		}
	}
	return len(doomed), s.storageErr(wb.Flush())
}

// keyOfVersion returns the kind of a key of one version (posting,
// sentence, summary, garbage mark, staged statistics) and that version.
func keyOfVersion(k []byte) (kind, id string, ver int, ok bool) {
	kind, _, _ = strings.Cut(string(k), "\x00")
	rest := k[min(len(kind)+1, len(k)):]
	switch kind {
	case "p":
		for range 2 { // region, term
			i := bytes.IndexByte(rest, 0)
			if i < 0 {
				return kind, "", 0, false
			}
			rest = rest[i+1:]
		}
		if len(rest) < yearLen {
			return kind, "", 0, false
		}
		rest = rest[yearLen:]
	case "s":
		rest = rest[:max(len(rest)-5, 0)]
	case "sd":
		i := bytes.IndexByte(rest, 0)
		if i < 0 || len(rest) < i+5 {
			return kind, "", 0, false
		}
		rest = rest[:i+5]
	case "tc", "gc":
	default:
		return kind, "", 0, false
	}
	id, ver, ok = splitIDVersion(rest)
	return kind, id, ver, ok
}

// RebuildStatistics recomputes every statistic and dictionary word from
// the current versions' summaries and corrects those that differ, as one
// change that readers see at once. It returns how many it corrected.
func (s *DB) RebuildStatistics(ctx context.Context) (int, error) {
	if err := s.writable(); err != nil {
		return 0, err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := s.finishStatChanges(ctx); err != nil {
		return 0, err
	}
	return s.rebuildStatistics(ctx)
}

// rebuildStatistics is RebuildStatistics; the caller holds writeMu, and
// no change is active.
func (s *DB) rebuildStatistics(ctx context.Context) (int, error) {
	// What is stored may differ from what the cache remembers (that is
	// why statistics are rebuilt): the fold must read it.
	s.counters.clear()
	deltas, err := s.statisticsDrift(ctx)
	if err != nil {
		return 0, err
	}
	if len(deltas) == 0 && !s.statsUnchecked {
		return 0, nil
	}
	if err := s.applyStatChange(ctx, rebuildChange, deltas); err != nil {
		return 0, fmt.Errorf("rebuild statistics: %w", err)
	}
	s.statsUnchecked = false
	return len(deltas), nil
}

// statisticsDrift returns how far each stored counter is from the sum
// over the current versions: counter key -> correction.
func (s *DB) statisticsDrift(ctx context.Context) (map[string]int, error) {
	deltas, err := s.expectedStatistics(ctx)
	if err != nil {
		return nil, err
	}
	err = s.view(func(txn *badger.Txn) error {
		for _, p := range []string{pDocFreq, kSentTotal + "\x00", pDomain} {
			have, err := countersUnder(txn, []byte(p), statsState{})
			if err != nil {
				return err
			}
			for k, n := range have {
				deltas[k] -= n
			}
		}
		return nil
	})
	maps.DeleteFunc(deltas, func(_ string, d int) bool { return d == 0 })
	return deltas, err
}

// applyStatChange stages deltas as change c (replacing any staged
// before a crash and never made active), makes it active and folds it
// in: readers see it all at once.
func (s *DB) applyStatChange(ctx context.Context, c statChange, deltas map[string]int) error {
	stale, err := s.keysWithPrefix(statDeltaPrefix(c))
	if err != nil {
		return err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range stale {
		if err := wb.Delete(k); err != nil {
			return s.storageErr(err)
		}
	}
	if err := stageStatChange(wb, c, deltas); err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return s.storageErr(err)
	}
	var st statsState
	err = s.commitVisible(func(txn *badger.Txn) (err error) {
		st, err = activate(txn, c)
		return err
	}, nil)
	if err != nil {
		return err
	}
	s.counters.advance(st.Gen-1, st.Gen, nil)
	return s.fold(context.WithoutCancel(ctx), c)
}

// expectedStatistics sums the statistics of the current versions: what a
// fresh index of them holds.
func (s *DB) expectedStatistics(ctx context.Context) (map[string]int, error) {
	want := map[string]int{}
	for _, m := range s.Documents() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sum, err := s.summary(m.ID, m.Version)
		if err != nil {
			return nil, err
		}
		for k, n := range statDeltas(postingSummary{}, sum, 0, m.Current().Sentences) {
			want[k] += n
		}
	}
	return want, nil
}
