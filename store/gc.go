package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// removeVersion deletes a version's postings, sentences, summary and
// staged statistics change (one never made active). The document blob of
// a version that was once current stays, for diffs; that of one that
// never was (staged before a crash) goes too. The summary, which finds
// the postings, and the garbage mark, which has the next start finish a
// removal cut short, are deleted last.
func (s *DB) removeVersion(ctx context.Context, id string, ver int) error {
	change := statChange{DocID: id, Version: ver}
	err := s.view(func(txn *badger.Txn) error {
		st, err := readStatsState(txn)
		if err != nil {
			return err
		}
		if slices.Contains(st.Active, change) {
			return fmt.Errorf("%s v%d is still being made current: not removed", id, ver)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var postings [][]byte
	sum, err := s.summary(id, ver)
	if errors.Is(err, ErrCorrupt) {
		// The summary that finds its postings is damaged: look for them.
		postings, err = s.postingKeysOf(id, ver)
	}
	if err != nil {
		return err
	}
	sentences, err := s.keysWithPrefix(sentencePrefix(id, ver))
	if err != nil {
		return err
	}
	deltas, err := s.keysWithPrefix(statDeltaPrefix(change))
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
	for _, k := range slices.Concat(postings, sentences, deltas) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	last := [][]byte{termCountKey(id, ver)}
	if !s.wasCurrent(id, ver) {
		last = append(last, versionKey(id, ver))
	}
	for _, k := range append(last, gcKey(id, ver)) {
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	return s.storageErr(wb.Flush())
}

// postingKeysOf lists the posting keys of one version, reading every
// posting key: for a version whose summary is damaged.
func (s *DB) postingKeysOf(id string, ver int) ([][]byte, error) {
	var keys [][]byte
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(pPosting)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if _, kid, kver, ok := keyOfVersion(it.Item().Key()); ok && kid == id && kver == ver {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
		}
		return nil
	})
	return keys, err
}

// wasCurrent reports whether a version of a document was ever made
// current.
func (s *DB) wasCurrent(id string, ver int) bool {
	m, _ := s.Meta(id)
	return slices.ContainsFunc(m.Versions, func(v VersionInfo) bool { return v.Version == ver })
}

// keysWithPrefix lists the keys under prefix.
func (s *DB) keysWithPrefix(prefix []byte) ([][]byte, error) {
	var keys [][]byte
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, it.Item().KeyCopy(nil))
		}
		return nil
	})
	return keys, err
}

// collectGarbage finishes what a crash interrupted: statistics changes
// not yet folded in, removals of versions staged but never made current
// and of replaced versions not yet cleaned up.
func (s *DB) collectGarbage(ctx context.Context) error {
	if err := s.finishStatChanges(ctx); err != nil {
		return err
	}
	type pending struct {
		id  string
		ver int
	}
	var todo []pending
	err := s.view(func(txn *badger.Txn) error {
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
			if err := s.update(func(txn *badger.Txn) error { return txn.Delete(gcKey(p.id, p.ver)) }); err != nil {
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
