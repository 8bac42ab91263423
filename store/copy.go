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
	var rep CopyReport
	const batch = 500 // well inside badger's transaction limit
	type kv struct {
		k, v    []byte
		expires uint64
	}
	var pending []kv
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := to.update(func(txn *badger.Txn) error {
			for _, e := range pending {
				ent := badger.NewEntry(e.k, e.v)
				if e.expires > 0 {
					ttl := time.Until(time.Unix(int64(e.expires), 0))
					if ttl <= 0 {
						continue
					}
					ent = ent.WithTTL(ttl)
				}
				if err := txn.SetEntry(ent); err != nil {
					return err
				}
			}
			return nil
		})
		rep.Keys += len(pending)
		pending = pending[:0]
		return err
	}
	for _, prefix := range stateKeys {
		err := from.view(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(prefix)})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				if err := ctx.Err(); err != nil {
					return err
				}
				item := it.Item()
				v, err := item.ValueCopy(nil)
				if err != nil {
					rep.Skipped++
					continue
				}
				pending = append(pending, kv{item.KeyCopy(nil), v, item.ExpiresAt()})
				if len(pending) == batch {
					if err := flush(); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return rep, fmt.Errorf("copy %q records: %w", prefix[:len(prefix)-1], err)
		}
	}
	if err := flush(); err != nil {
		return rep, fmt.Errorf("copy state: %w", err)
	}
	// A rescue that found no document is still not a new index: the seed
	// must not fill it.
	if !from.NeverUsed() {
		if err := to.update(func(txn *badger.Txn) error { return txn.Set([]byte(kUsed), nil) }); err != nil {
			return rep, fmt.Errorf("copy state: mark the index used: %w", err)
		}
		to.markUsed()
	}
	return rep, nil
}
