package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

const pFeedback = "fb\x00" // time, seq -> Feedback

// Feedback is a 👍/👎 on an answer, kept so wrong answers can be reviewed.
type Feedback struct {
	Time     time.Time `json:"time"`
	User     string    `json:"user"`
	Channel  string    `json:"channel,omitempty"`
	Question string    `json:"question"`
	Helpful  bool      `json:"helpful"`
	Figure   string    `json:"figure,omitempty"`
	Excerpt  string    `json:"excerpt,omitempty"`
	Document string    `json:"document,omitempty"`
	Found    bool      `json:"found"`
}

// AddFeedback stores one feedback record.
func (s *DB) AddFeedback(f Feedback) error {
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("encode feedback: %w", err)
	}
	// Keyed by time, then a number free at that time, so records of one
	// instant do not overwrite each other.
	prefix := binary.BigEndian.AppendUint64([]byte(pFeedback), uint64(f.Time.UnixNano()))
	err = s.update(func(txn *badger.Txn) error {
		seq, err := freeSeq(txn, prefix, 1)
		if err != nil {
			return err
		}
		return txn.Set(seqKey(prefix, seq), b)
	})
	if err != nil {
		return fmt.Errorf("store feedback: %w", err)
	}
	return nil
}

// EachFeedback calls fn for every feedback record, oldest first.
func (s *DB) EachFeedback(fn func(Feedback) error) error {
	if err := eachJSON(s, []byte(pFeedback), nil, fn); err != nil {
		return fmt.Errorf("read feedback: %w", err)
	}
	return nil
}
