package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// Making a version current changes the term statistics by the difference
// between its postings and those of the version it replaces: for a
// document of twenty thousand distinct terms, some eighty thousand
// counters, far more than one badger transaction holds. So the change is
// staged with the version, one key per counter (statDeltaPrefix); the
// transaction that switches versions lists it in statsState as active;
// then it is folded into the counters a batch per transaction, each
// batch moving its deltas from the staged keys to the counters at once.
// Readers add the staged deltas of active changes to the counters
// (Reader.counter), so every snapshot shows the statistics wholly before
// or wholly after a switch. A change left active by a failure or a crash
// is finished by the next Put, or by the next Open.

// statChange names a staged change to the statistics: the version that
// makes it, or a rebuild (RebuildStatistics).
type statChange struct {
	DocID   string `json:"doc"`
	Version int    `json:"ver"`
}

// statsState is the record of the counters: Gen counts the transactions
// that changed them or their active changes, so a counter cached at one
// generation is known valid in any snapshot of that generation.
type statsState struct {
	Gen    uint64       `json:"gen"`
	Active []statChange `json:"active,omitempty"`
}

func readStatsState(txn *badger.Txn) (statsState, error) {
	var st statsState
	it, err := txn.Get([]byte(kStats))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read statistics state: %w", err)
	}
	err = it.Value(func(v []byte) error { return json.Unmarshal(v, &st) })
	if err != nil {
		return st, fmt.Errorf("read statistics state: %w: %v", errDamagedRecord, err)
	}
	return st, nil
}

func writeStatsState(txn *badger.Txn, st statsState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return txn.Set([]byte(kStats), b)
}

// statDeltas returns how replacing version old, of oldSents indexed
// sentences, by cur, of curSents, changes each counter: counter key ->
// change, leaving out counters it does not change. Every counter is a sum
// over the current versions, so this difference is all a switch needs.
func statDeltas(old, cur postingSummary, oldSents, curSents int) map[string]int {
	d := map[string]int{}
	add := func(sum postingSummary, sents, sign int) {
		for _, region := range []string{sum.Region, AllRegions} {
			d[string(nsentKey(region))] += sign * sents
			for t, byYear := range sum.Terms {
				d[string(dfKey(region, t))] += sign * countSentences(byYear)
			}
		}
		for _, w := range uniqueWords(sum.Domain) {
			d[string(domainKey(w))] += sign
		}
	}
	add(old, oldSents, -1)
	add(cur, curSents, +1)
	for k, n := range d {
		if n == 0 {
			delete(d, k)
		}
	}
	return d
}

// uniqueWords returns words sorted and without repeats: a version counts
// once for each of its dictionary words.
func uniqueWords(words []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(words)))
}

// stageStatChange writes a change's deltas under its own keys, which no
// reader looks at until a switch makes the change active.
func stageStatChange(wb *badger.WriteBatch, c statChange, deltas map[string]int) error {
	prefix := statDeltaPrefix(c)
	for k, d := range deltas {
		if err := wb.Set(append(bytes.Clone(prefix), k...), binary.AppendVarint(nil, int64(d))); err != nil {
			return fmt.Errorf("stage statistics: %w", err)
		}
	}
	return nil
}

// activate makes a staged change part of what readers see, in the
// transaction that makes its version current.
func activate(txn *badger.Txn, c statChange) (statsState, error) {
	st, err := readStatsState(txn)
	if err != nil {
		return st, err
	}
	st.Gen++
	st.Active = append(st.Active, c)
	return st, writeStatsState(txn, st)
}

// Limits of one batch of deltas folded into the counters: each delta
// sets a counter and deletes itself, and badger bounds a transaction to
// about 15% of the memtable (600 KB here).
const (
	defaultFoldBatch = 2000
	maxFoldBytes     = 256 << 10
)

// finishStatChanges folds every active change into the counters.
func (s *DB) finishStatChanges(ctx context.Context) error {
	var st statsState
	err := s.view(func(txn *badger.Txn) (err error) {
		st, err = readStatsState(txn)
		return err
	})
	if err != nil {
		return err
	}
	for _, c := range st.Active {
		if err := s.fold(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// counterDelta is a staged delta: the counter it changes, by how much.
type counterDelta struct {
	key []byte
	d   int
}

// fold folds an active change into the counters, a batch per
// transaction, and in the last one removes it from the active list. It
// may stop anywhere (a failure, a crash) and be run again.
func (s *DB) fold(ctx context.Context, c statChange) error {
	prefix := statDeltaPrefix(c)
	var after []byte // the last delta folded: the next batch starts past it, not among its tombstones
	for {
		batch, last, err := s.readDeltas(prefix, after)
		if err != nil {
			return err
		}
		if len(batch) > 0 {
			after = append(bytes.Clone(prefix), batch[len(batch)-1].key...)
		}
		var st statsState
		values := make(map[string]int, len(batch))
		err = s.update(func(txn *badger.Txn) error {
			clear(values)
			if st, err = readStatsState(txn); err != nil {
				return err
			}
			for _, cd := range batch {
				n, ok := s.counters.get(cd.key, st.Gen)
				if !ok {
					if n, err = readCounter(txn, cd.key); err != nil {
						return err
					}
				}
				// A negative count means damaged statistics, which
				// Check reports and RebuildStatistics repairs.
				n = max(n+cd.d, 0)
				values[string(cd.key)] = n
				if err := setCounter(txn, cd.key, n); err != nil {
					return err
				}
				if err := txn.Delete(append(bytes.Clone(prefix), cd.key...)); err != nil {
					return err
				}
			}
			if last {
				st.Active = slices.DeleteFunc(st.Active, func(a statChange) bool { return a == c })
			}
			st.Gen++
			return writeStatsState(txn, st)
		})
		if err != nil {
			return fmt.Errorf("update statistics for %s v%d: %w", c.DocID, c.Version, err)
		}
		s.counters.advance(st.Gen-1, st.Gen, values)
		if last {
			return nil
		}
		if err := s.failpoint("fold"); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// readDeltas reads the next batch of a change's staged deltas, those
// after the key after when it is set; last is set when they are all that
// remain.
func (s *DB) readDeltas(prefix, after []byte) (batch []counterDelta, last bool, err error) {
	limit := s.foldBatch
	if limit <= 0 {
		limit = defaultFoldBatch
	}
	size := 0
	err = s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
		defer it.Close()
		if after != nil {
			it.Seek(append(bytes.Clone(after), 0))
		} else {
			it.Rewind()
		}
		for ; it.Valid(); it.Next() {
			if len(batch) == limit || size > maxFoldBytes {
				return nil
			}
			k := it.Item().Key()
			var d int64
			err := it.Item().Value(func(v []byte) error {
				var n int
				d, n = binary.Varint(v)
				if n <= 0 {
					return errDamagedRecord
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("read statistics change %q: %w", k, err)
			}
			batch = append(batch, counterDelta{key: bytes.Clone(k[len(prefix):]), d: int(d)})
			size += 2*len(k) + 16
		}
		last = true
		return nil
	})
	return batch, last, err
}

func setCounter(txn *badger.Txn, key []byte, n int) error {
	if n == 0 {
		return txn.Delete(key)
	}
	return txn.Set(key, binary.AppendVarint(nil, int64(n)))
}
