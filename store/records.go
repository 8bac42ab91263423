package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Bot state lives beside the index so a deployment backs up one volume:
// each entity (subscriptions.go, schedules.go, outbox.go, feedback.go,
// changes.go, watch.go, events.go) keeps its key prefix beside its type,
// and most store their records as JSON through the helpers here.

// freeSeq returns the first n >= start for which prefix+n is not a key.
// Queues take their numbers this way, from the clock, rather than from a
// shared counter: every writer reading one counter key made concurrent
// writers conflict. Reading the candidate key makes two writers that
// pick the same number conflict, and update reruns the loser.
func freeSeq(txn *badger.Txn, prefix []byte, start uint64) (uint64, error) {
	for n := start; ; n++ {
		_, err := txn.Get(seqKey(prefix, n))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

func seqKey(prefix []byte, n uint64) []byte {
	return binary.BigEndian.AppendUint64(bytes.Clone(prefix), n)
}

// eachJSON calls fn with every JSON record under prefix, in key order,
// starting at start when it is not nil.
func eachJSON[T any](s *DB, prefix, start []byte, fn func(T) error) error {
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: true})
		defer it.Close()
		if start == nil {
			start = prefix
		}
		for it.Seek(start); it.Valid(); it.Next() {
			var v T
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &v) }); err != nil {
				return fmt.Errorf("decode %q: %w", it.Item().Key(), err)
			}
			if err := fn(v); err != nil {
				return err
			}
		}
		return nil
	})
}

// listJSON returns the JSON records under prefix, in key order.
func listJSON[T any](s *DB, prefix, start []byte) ([]T, error) {
	var out []T
	err := eachJSON(s, prefix, start, func(v T) error {
		out = append(out, v)
		return nil
	})
	return out, err
}

// getJSON reads one JSON record; found is false when key is absent.
func getJSON[T any](s *DB, key []byte) (v T, found bool, err error) {
	err = s.view(func(txn *badger.Txn) error {
		it, err := txn.Get(key)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		return it.Value(func(b []byte) error { return json.Unmarshal(b, &v) })
	})
	return v, found, err
}
