package store

import (
	"context"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// stateKeys are the prefixes of what people made and what planbot sent,
// as opposed to what indexing a document derives: a rebuilt index
// (`planbot reindex` of a damaged one) copies these verbatim and indexes
// the documents again. Pending change records are left out: they name
// versions the rebuilt index numbers anew.
var stateKeys = []string{
	pSub, pSubBy, pDigest, pOutbox, pSent, pFeedback, pWatched,
	pChanges, pEvent, pConversation,
	pNextVersion, // so the rebuilt versions number after the old ones
}

// CopyReport says what CopyState copied.
type CopyReport struct {
	Keys    int // records copied
	Skipped int // records that could not be read (damaged), left behind
}

// CopyState copies the subscriptions, digest schedules, outbox, sent
// marks, feedback, watched files, change history, conversations and
// version counters of from (opened with Salvage, perhaps damaged) into
// to, a new index. A record whose value cannot be read is skipped and
// counted; badger skips a damaged block's keys when iterating, so those
// are lost without being counted: Check on from says what was damaged.
func CopyState(ctx context.Context, from, to *DB) (CopyReport, error) {
	w := &batchWriter{to: to}
	for _, prefix := range stateKeys {
		if err := from.eachRaw(ctx, prefix, w); err != nil {
			return w.rep, fmt.Errorf("copy %q records: %w", prefix[:len(prefix)-1], err)
		}
	}
	if err := w.flush(); err != nil {
		return w.rep, fmt.Errorf("copy state: %w", err)
	}
	// A rescue that found no document is still not a new index: the seed
	// must not fill it.
	if !from.NeverUsed() {
		if err := to.update(func(txn *badger.Txn) error { return txn.Set([]byte(kUsed), nil) }); err != nil {
			return w.rep, fmt.Errorf("copy state: mark the index used: %w", err)
		}
		to.markUsed()
	}
	return w.rep, nil
}

// eachRaw hands every record under prefix to w, counting in w's report
// those whose value cannot be read.
func (s *DB) eachRaw(ctx context.Context, prefix string, w *batchWriter) error {
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			item := it.Item()
			v, err := item.ValueCopy(nil)
			if err != nil {
				w.rep.Skipped++
				continue
			}
			if err := w.add(rawRecord{item.KeyCopy(nil), v, item.ExpiresAt()}); err != nil {
				return err
			}
		}
		return nil
	})
}

// rawRecord is a record as badger holds it, its expiry included.
type rawRecord struct {
	k, v    []byte
	expires uint64 // Unix seconds; 0 for none
}

// batchWriter writes records into an index in transactions well inside
// badger's limit.
type batchWriter struct {
	to      *DB
	pending []rawRecord
	rep     CopyReport
}

const copyBatch = 500

func (w *batchWriter) add(r rawRecord) error {
	w.pending = append(w.pending, r)
	if len(w.pending) < copyBatch {
		return nil
	}
	return w.flush()
}

// flush writes the pending records, keeping each one's time left to live
// and dropping those that expired meanwhile.
func (w *batchWriter) flush() error {
	if len(w.pending) == 0 {
		return nil
	}
	err := w.to.update(func(txn *badger.Txn) error {
		for _, r := range w.pending {
			e := badger.NewEntry(r.k, r.v)
			if r.expires > 0 {
				ttl := time.Until(time.Unix(int64(r.expires), 0))
				if ttl <= 0 {
					continue
				}
				e = e.WithTTL(ttl)
			}
			if err := txn.SetEntry(e); err != nil {
				return err
			}
		}
		return nil
	})
	w.rep.Keys += len(w.pending)
	w.pending = w.pending[:0]
	return err
}
