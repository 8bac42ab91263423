package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

const pConversation = "cv\x00" // channel, thread -> Conversation (with a TTL)

// Conversation is what planbot remembers of a Slack conversation (a
// thread, or a DM's main view) so that the next question in it can be
// read as a follow-up: "那2021年呢？" after "2022年新增学位多少".
type Conversation struct {
	Question string    `json:"question"` // the last question, as understood
	At       time.Time `json:"at"`
}

// SetConversation remembers the last question asked in channel's thread
// ("" for a DM's main view) for ttl; badger drops it after that, so old
// conversations cost nothing.
func (s *DB) SetConversation(channel, thread string, c Conversation, ttl time.Duration) error {
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode conversation: %w", err)
	}
	err = s.update(func(txn *badger.Txn) error {
		return txn.SetEntry(badger.NewEntry(key(pConversation, channel, thread), b).WithTTL(ttl))
	})
	if err != nil {
		return fmt.Errorf("store conversation %s/%s: %w", channel, thread, err)
	}
	return nil
}

// Conversation returns what was remembered of channel's thread; ok is
// false when nothing is (never asked, or expired).
func (s *DB) Conversation(channel, thread string) (c Conversation, ok bool, err error) {
	err = s.view(func(txn *badger.Txn) error {
		it, err := txn.Get(key(pConversation, channel, thread))
		if err != nil {
			return err
		}
		return it.Value(func(v []byte) error { return json.Unmarshal(v, &c) })
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Conversation{}, false, nil
	}
	if err != nil {
		return Conversation{}, false, fmt.Errorf("read conversation %s/%s: %w", channel, thread, err)
	}
	return c, true, nil
}
