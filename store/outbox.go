package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

const (
	pOutbox = "ob\x00"   // seq -> OutboxItem
	pSent   = "sent\x00" // idempotency key -> "queued", or the time sent
)

// OutboxItem is a message planbot owes someone: a digest or a change
// notification. Items are written before sending and removed once Slack
// accepted them, so a crash loses none; the idempotency key makes sure a
// message is sent at most once even if the removal was lost.
type OutboxItem struct {
	Seq       uint64          `json:"seq"`
	Key       string          `json:"key"` // digest:C1:2022-03-01T09:00 / notify:U1:doc@v2
	Channel   string          `json:"channel,omitempty"`
	User      string          `json:"user,omitempty"` // for DMs: the channel is opened at send time
	Kind      string          `json:"kind"`           // digest | notice: how the payload is rendered
	Payload   json.RawMessage `json:"payload"`
	Created   time.Time       `json:"created"`
	Attempts  int             `json:"attempts"`
	NotBefore time.Time       `json:"not_before,omitempty"`
	// InFlight is set just before the message is posted: after a crash,
	// an item still in flight may have reached Slack, so the sender looks
	// for it in the channel before posting again.
	InFlight bool `json:"in_flight,omitempty"`
}

func outboxKey(seq uint64) []byte { return seqKey([]byte(pOutbox), seq) }
func sentKey(key string) []byte   { return []byte(pSent + key) }

// Enqueue adds items to the outbox in one transaction, skipping any whose
// key was already sent or queued. It returns the number added. Items are
// numbered from the clock (see freeSeq), so Outbox lists them in the
// order they were queued unless the clock was set back.
func (s *DB) Enqueue(items ...OutboxItem) (int, error) {
	added := 0
	start := uint64(time.Now().UnixNano())
	err := s.update(func(txn *badger.Txn) error {
		added = 0
		next := start
		for _, it := range items {
			seq, ok, err := enqueue(txn, it, next)
			if err != nil {
				return err
			}
			if ok {
				next = seq + 1
				added++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("queue messages: %w", err)
	}
	return added, nil
}

// enqueue adds one item to the outbox in txn, numbered from next on,
// unless its key was sent or queued already; it returns the number taken.
func enqueue(txn *badger.Txn, it OutboxItem, next uint64) (uint64, bool, error) {
	if _, err := txn.Get(sentKey(it.Key)); err == nil {
		return 0, false, nil
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return 0, false, err
	}
	seq, err := freeSeq(txn, []byte(pOutbox), next)
	if err != nil {
		return 0, false, err
	}
	it.Seq = seq
	b, err := json.Marshal(it)
	if err != nil {
		return 0, false, err
	}
	if err := txn.Set(outboxKey(seq), b); err != nil {
		return 0, false, err
	}
	// Reserve the key now: a second enqueue of the same message is a no-op.
	if err := txn.Set(sentKey(it.Key), []byte("queued")); err != nil {
		return 0, false, err
	}
	return seq, true, nil
}

// Outbox returns the queued items, oldest first.
func (s *DB) Outbox() ([]OutboxItem, error) {
	out, err := listJSON[OutboxItem](s, []byte(pOutbox), nil)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	return out, nil
}

// Sent records that an item went out and removes it from the outbox.
func (s *DB) Sent(item OutboxItem, at time.Time) error {
	err := s.update(func(txn *badger.Txn) error {
		if err := txn.Set(sentKey(item.Key), []byte(at.UTC().Format(time.RFC3339))); err != nil {
			return err
		}
		return txn.Delete(outboxKey(item.Seq))
	})
	if err != nil {
		return fmt.Errorf("mark %s sent: %w", item.Key, err)
	}
	return nil
}

// Drop removes an item that cannot be delivered (the user left, the
// channel was archived) without marking it sent.
func (s *DB) Drop(item OutboxItem) error {
	if err := s.update(func(txn *badger.Txn) error { return txn.Delete(outboxKey(item.Seq)) }); err != nil {
		return fmt.Errorf("drop %s from the outbox: %w", item.Key, err)
	}
	return nil
}

// Retry stores an item's attempt count and earliest next attempt.
func (s *DB) Retry(item OutboxItem) error {
	b, err := json.Marshal(item)
	if err != nil {
		return fmt.Errorf("encode %s for retry: %w", item.Key, err)
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(outboxKey(item.Seq), b) }); err != nil {
		return fmt.Errorf("schedule retry of %s: %w", item.Key, err)
	}
	return nil
}
