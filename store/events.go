package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

const pEvent = "ev\x00" // event ID -> claimed by a run, or answered (with a TTL)

// claimTTL bounds how long this process's claim on an event stands; it
// outlives a reply's 2-minute timeout, so a redelivery of an event still
// being answered is ignored.
const claimTTL = 10 * time.Minute

// Values of an event's record: claimed by a process (its run ID
// follows), or answered.
const (
	claimPrefix = "claim:"
	doneValue   = "done"
)

// EventState is what Claim found of an event.
type EventState int

const (
	EventNew       EventState = iota // first delivery: answer it
	EventStale                       // claimed by an earlier run that died before answering: answer it
	EventAnswering                   // this process is answering it: ignore the redelivery
	EventAnswered                    // answered already: ignore the redelivery
)

// EventLog makes each event answered once across Slack's redeliveries
// and planbot's restarts. An event is claimed when it arrives and marked
// answered only after the reply is out, so a redelivery after a crash in
// between is answered, while one of an answered event is not. The badger
// directory lock means one process at a time, so a claim by another run
// ID is a dead process's.
type EventLog struct {
	s       *DB
	run     string // this process's ID in its claims
	doneTTL time.Duration
}

// EventLog returns this process's event log; an answered event is
// remembered for doneTTL.
func (s *DB) EventLog(doneTTL time.Duration) (*EventLog, error) {
	id := make([]byte, 8)
	if _, err := rand.Read(id); err != nil {
		return nil, fmt.Errorf("make a run ID: %w", err)
	}
	return &EventLog{s: s, run: hex.EncodeToString(id), doneTTL: doneTTL}, nil
}

func eventKey(id string) []byte { return key(pEvent, id) }

// Claim records that this process is answering event id, unless it is
// being answered or was answered already.
func (l *EventLog) Claim(id string) (EventState, error) {
	var st EventState
	err := l.s.update(func(txn *badger.Txn) error {
		st = EventNew
		item, err := txn.Get(eventKey(id))
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
		case err != nil:
			return err
		default:
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			switch string(v) {
			case doneValue:
				st = EventAnswered
				return nil
			case claimPrefix + l.run:
				st = EventAnswering
				return nil
			}
			st = EventStale
		}
		return txn.SetEntry(badger.NewEntry(eventKey(id), []byte(claimPrefix+l.run)).WithTTL(claimTTL))
	})
	if err != nil {
		return EventNew, fmt.Errorf("claim event %s: %w", id, err)
	}
	return st, nil
}

// Done records that event id was answered.
func (l *EventLog) Done(id string) error {
	err := l.s.update(func(txn *badger.Txn) error {
		return txn.SetEntry(badger.NewEntry(eventKey(id), []byte(doneValue)).WithTTL(l.doneTTL))
	})
	if err != nil {
		return fmt.Errorf("mark event %s answered: %w", id, err)
	}
	return nil
}

// Release drops this process's claim on an event it could not answer, so
// a redelivery may try again.
func (l *EventLog) Release(id string) error {
	err := l.s.update(func(txn *badger.Txn) error {
		item, err := txn.Get(eventKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if string(v) != claimPrefix+l.run {
			return nil // answered, or claimed by someone else since
		}
		return txn.Delete(eventKey(id))
	})
	if err != nil {
		return fmt.Errorf("release event %s: %w", id, err)
	}
	return nil
}
