package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

const pDigest = "dg\x00" // channel -> DigestSchedule

// DigestSchedule is a channel's (or a user's DM) daily digest.
type DigestSchedule struct {
	Channel  string    `json:"channel"` // channel ID, or D… for a DM
	User     string    `json:"user,omitempty"`
	Personal bool      `json:"personal,omitempty"` // a user's own digest in their DM
	Hour     int       `json:"hour"`
	Minute   int       `json:"minute"`
	TZ       string    `json:"tz"`        // IANA name, Asia/Shanghai by default
	LastDue  time.Time `json:"last_due"`  // the last scheduled time handled (sent or skipped)
	LastSent time.Time `json:"last_sent"` // when the last digest went out
	Created  time.Time `json:"created"`
}

func digestKey(channel string) []byte { return key(pDigest, channel) }

// PutDigest stores (or replaces) a digest schedule.
func (s *DB) PutDigest(d DigestSchedule) error {
	b, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode digest schedule for %s: %w", d.Channel, err)
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(digestKey(d.Channel), b) }); err != nil {
		return fmt.Errorf("store digest schedule for %s: %w", d.Channel, err)
	}
	return nil
}

// SetDigestLastDue records that the digest of channel due at due was
// handled (queued or skipped). It reads and writes the schedule in one
// transaction and changes only LastDue, so a schedule changed meanwhile
// (`digest on 18:00`) keeps its new settings and one removed meanwhile
// (`digest off`) stays removed; it reports whether the schedule exists.
// LastDue only moves forward.
func (s *DB) SetDigestLastDue(channel string, due time.Time) (bool, error) {
	found := false
	err := s.update(func(txn *badger.Txn) error {
		found = false
		it, err := txn.Get(digestKey(channel))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		var d DigestSchedule
		if err := it.Value(func(v []byte) error { return json.Unmarshal(v, &d) }); err != nil {
			return err
		}
		if !due.After(d.LastDue) {
			return nil
		}
		d.LastDue = due
		b, err := json.Marshal(d)
		if err != nil {
			return err
		}
		return txn.Set(digestKey(channel), b)
	})
	if err != nil {
		return false, fmt.Errorf("record digest of %s due %s as handled: %w", channel, due.Format(time.RFC3339), err)
	}
	return found, nil
}

// DeleteDigest removes a channel's digest; it reports whether one existed.
func (s *DB) DeleteDigest(channel string) (bool, error) {
	found := false
	err := s.update(func(txn *badger.Txn) error {
		found = false
		if _, err := txn.Get(digestKey(channel)); errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		found = true
		return txn.Delete(digestKey(channel))
	})
	if err != nil {
		return false, fmt.Errorf("remove digest schedule of %s: %w", channel, err)
	}
	return found, nil
}

// Digests lists every digest schedule.
func (s *DB) Digests() ([]DigestSchedule, error) {
	out, err := listJSON[DigestSchedule](s, []byte(pDigest), nil)
	if err != nil {
		return nil, fmt.Errorf("read digest schedules: %w", err)
	}
	return out, nil
}

// Digest returns one channel's schedule.
func (s *DB) Digest(channel string) (DigestSchedule, bool, error) {
	d, found, err := getJSON[DigestSchedule](s, digestKey(channel))
	if err != nil {
		return DigestSchedule{}, false, fmt.Errorf("read digest schedule of %s: %w", channel, err)
	}
	return d, found, nil
}
