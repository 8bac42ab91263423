package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/planbot/planbot/plan"
)

const (
	pChanges = "chg\x00" // ingest time, doc, version, related doc -> ChangeSet
	pPending = "pc\x00"  // doc, version -> PendingChange (changes not yet recorded)
)

// ChangeSet is what one ingest changed, kept for digests ("updates since
// the last digest") and for review.
type ChangeSet struct {
	DocID      string        `json:"doc"`
	Version    int           `json:"version"`
	Title      string        `json:"title"`
	Related    string        `json:"related,omitempty"` // the document compared with
	IngestedAt time.Time     `json:"ingested_at"`
	Changes    []plan.Change `json:"changes"`
	Count      int           `json:"count"`
}

// PutChanges records an ingest's changes.
func (s *DB) PutChanges(cs ChangeSet) error {
	b, err := json.Marshal(cs)
	if err != nil {
		return fmt.Errorf("encode changes of %s v%d: %w", cs.DocID, cs.Version, err)
	}
	// The key holds nothing that changes between two recordings of one
	// ingest, so recording it again replaces the first record.
	k := binary.BigEndian.AppendUint64([]byte(pChanges), uint64(cs.IngestedAt.UnixNano()))
	k = append(appendIDVersion(k, cs.DocID, cs.Version), 0)
	k = append(k, cs.Related...)
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(k, b) }); err != nil {
		return fmt.Errorf("store changes of %s v%d: %w", cs.DocID, cs.Version, err)
	}
	return nil
}

// ChangesSince returns the change sets recorded at or after t, oldest first.
func (s *DB) ChangesSince(t time.Time) ([]ChangeSet, error) {
	start := binary.BigEndian.AppendUint64([]byte(pChanges), uint64(max(t.UnixNano(), 0)))
	out, err := listJSON[ChangeSet](s, []byte(pChanges), start)
	if err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	return out, nil
}

// PendingChange is a stored version whose changes have not yet been
// recorded and notified. Put writes it in the transaction that makes the
// version current, and it is removed only once the changes are recorded
// (ChangesRecorded), so a failure or crash in between leaves it to be
// retried rather than the notices lost.
type PendingChange struct {
	DocID    string `json:"doc"`
	Version  int    `json:"version"`
	Previous int    `json:"previous"` // the version it replaced; 0 for a new document
}

func pendingKey(id string, ver int) []byte { return appendIDVersion([]byte(pPending), id, ver) }

func setPending(txn *badger.Txn, pc PendingChange) error {
	b, err := json.Marshal(pc)
	if err != nil {
		return err
	}
	return txn.Set(pendingKey(pc.DocID, pc.Version), b)
}

// PendingChanges lists the versions whose changes are still to be
// recorded, by document and version.
func (s *DB) PendingChanges() ([]PendingChange, error) {
	out, err := listJSON[PendingChange](s, []byte(pPending), nil)
	if err != nil {
		return nil, fmt.Errorf("read pending change records: %w", err)
	}
	return out, nil
}

// ChangesRecorded removes the pending mark of a version whose changes
// were recorded and whose notices were queued.
func (s *DB) ChangesRecorded(id string, ver int) error {
	if err := s.update(func(txn *badger.Txn) error { return txn.Delete(pendingKey(id, ver)) }); err != nil {
		return fmt.Errorf("mark changes of %s v%d recorded: %w", id, ver, err)
	}
	return nil
}
