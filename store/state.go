package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Bot state lives beside the index so a deployment backs up one volume.
const (
	pEvent    = "ev\x00"   // event ID -> claimed by a run, or answered (with a TTL)
	pFeedback = "fb\x00"   // time, seq -> Feedback
	pSub      = "sub\x00"  // user, target -> Subscription
	pSubBy    = "subt\x00" // target, user -> "" (who follows a target)
	pDigest   = "dg\x00"   // channel -> DigestSchedule
	pSent     = "sent\x00" // idempotency key -> time sent
	pOutbox   = "ob\x00"   // seq -> OutboxItem
	pChanges  = "chg\x00"  // ingest time, doc, version -> ChangeSet
	pPending  = "pc\x00"   // doc, version -> PendingChange (changes not yet recorded)
	pWatched  = "wf\x00"   // path -> WatchedFile (a watched file already handled)
)

// maxConflictRetries bounds how often a transaction is rerun after a
// conflict with a concurrent one; each rerun reads afresh, so a few
// suffice unless many writers fight over one key.
const maxConflictRetries = 64

// update runs fn in a read-write transaction, rerunning it when badger
// reports a conflict with a concurrent transaction: without this a
// concurrent write fails outright (a lost notice, a lost subscription).
// fn must be safe to run again.
func (s *DB) update(fn func(txn *badger.Txn) error) error {
	var err error
	for range maxConflictRetries {
		if err = s.db.Update(fn); !errors.Is(err, badger.ErrConflict) {
			return err
		}
	}
	return err
}

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
	return binary.BigEndian.AppendUint64(append([]byte(nil), prefix...), n)
}

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

// Subscription is a user following a task or an indicator.
type Subscription struct {
	User    string    `json:"user"`
	Target  string    `json:"target"` // task:20 / indicator:地区生产总值
	Kind    string    `json:"kind"`   // task | indicator
	Label   string    `json:"label"`  // 20. 提升教育事业发展质效
	Region  string    `json:"region,omitempty"`
	Created time.Time `json:"created"`
}

func subKey(user, target string) []byte {
	return append([]byte(pSub), join([]byte(user), []byte(target))...)
}
func subByKey(target, user string) []byte {
	return append([]byte(pSubBy), join([]byte(target), []byte(user))...)
}

// Subscribe stores a subscription; created is false when the user already
// followed the target.
func (s *DB) Subscribe(sub Subscription) (created bool, err error) {
	b, err := json.Marshal(sub)
	if err != nil {
		return false, fmt.Errorf("encode subscription: %w", err)
	}
	err = s.update(func(txn *badger.Txn) error {
		created = false
		_, err := txn.Get(subKey(sub.User, sub.Target))
		switch {
		case err == nil:
			return nil
		case !errors.Is(err, badger.ErrKeyNotFound):
			return err
		}
		created = true
		if err := txn.Set(subKey(sub.User, sub.Target), b); err != nil {
			return err
		}
		return txn.Set(subByKey(sub.Target, sub.User), nil)
	})
	if err != nil {
		return false, fmt.Errorf("subscribe %s to %s: %w", sub.User, sub.Target, err)
	}
	return created, nil
}

// Unsubscribe removes a subscription; it reports whether there was one.
func (s *DB) Unsubscribe(user, target string) (bool, error) {
	found := false
	err := s.update(func(txn *badger.Txn) error {
		found = false
		_, err := txn.Get(subKey(user, target))
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
			return nil
		case err != nil:
			return err
		}
		found = true
		if err := txn.Delete(subKey(user, target)); err != nil {
			return err
		}
		return txn.Delete(subByKey(target, user))
	})
	if err != nil {
		return false, fmt.Errorf("unsubscribe %s from %s: %w", user, target, err)
	}
	return found, nil
}

// Subscriptions lists a user's subscriptions (all users' when user is "").
func (s *DB) Subscriptions(user string) ([]Subscription, error) {
	prefix := []byte(pSub)
	if user != "" {
		prefix = append(append(prefix, user...), 0)
	}
	out, err := listJSON[Subscription](s, prefix, nil)
	if err != nil {
		return nil, fmt.Errorf("read subscriptions: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out, nil
}

// Subscribers lists the users following target.
func (s *DB) Subscribers(target string) ([]string, error) {
	prefix := append(append([]byte(pSubBy), target...), 0)
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			out = append(out, string(it.Item().Key()[len(prefix):]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read subscribers of %s: %w", target, err)
	}
	return out, nil
}

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

func digestKey(channel string) []byte { return append([]byte(pDigest), channel...) }

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
			if _, err := txn.Get(append([]byte(pSent), it.Key...)); err == nil {
				continue
			} else if !errors.Is(err, badger.ErrKeyNotFound) {
				return err
			}
			seq, err := freeSeq(txn, []byte(pOutbox), next)
			if err != nil {
				return err
			}
			next = seq + 1
			it.Seq = seq
			b, err := json.Marshal(it)
			if err != nil {
				return err
			}
			if err := txn.Set(outboxKey(seq), b); err != nil {
				return err
			}
			// Reserve the key now: a second enqueue of the same message is a no-op.
			if err := txn.Set(append([]byte(pSent), it.Key...), []byte("queued")); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("queue messages: %w", err)
	}
	return added, nil
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
		if err := txn.Set(append([]byte(pSent), item.Key...), []byte(at.UTC().Format(time.RFC3339))); err != nil {
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

// RemoveUser deletes everything planbot keeps for a user who left the
// workspace: subscriptions and personal digests.
func (s *DB) RemoveUser(ctx context.Context, user string) error {
	subs, err := s.Subscriptions(user)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if _, err := s.Unsubscribe(user, sub.Target); err != nil {
			return err
		}
	}
	ds, err := s.Digests()
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.Personal && d.User == user {
			if _, err := s.DeleteDigest(d.Channel); err != nil {
				return err
			}
		}
	}
	return ctx.Err()
}

// ChangeSet is what one ingest changed, kept for digests ("updates since
// the last digest") and for review.
type ChangeSet struct {
	DocID      string          `json:"doc"`
	Version    int             `json:"version"`
	Title      string          `json:"title"`
	Related    string          `json:"related,omitempty"` // the document compared with
	IngestedAt time.Time       `json:"ingested_at"`
	Changes    json.RawMessage `json:"changes"` // []diff.Change
	Count      int             `json:"count"`
}

// PutChanges records an ingest's changes.
func (s *DB) PutChanges(cs ChangeSet) error {
	b, err := json.Marshal(cs)
	if err != nil {
		return fmt.Errorf("encode changes of %s v%d: %w", cs.DocID, cs.Version, err)
	}
	// The key holds nothing that changes between two recordings of one
	// ingest, so recording it again replaces the first record.
	key := append([]byte(pChanges), binary.BigEndian.AppendUint64(nil, uint64(cs.IngestedAt.UnixNano()))...)
	key = append(key, join([]byte(cs.DocID), u32(cs.Version), []byte(cs.Related))...)
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(key, b) }); err != nil {
		return fmt.Errorf("store changes of %s v%d: %w", cs.DocID, cs.Version, err)
	}
	return nil
}

// ChangesSince returns the change sets recorded at or after t, oldest first.
func (s *DB) ChangesSince(t time.Time) ([]ChangeSet, error) {
	start := append([]byte(pChanges), binary.BigEndian.AppendUint64(nil, uint64(max(t.UnixNano(), 0)))...)
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

func pendingKey(id string, ver int) []byte {
	return append([]byte(pPending), join([]byte(id), u32(ver))...)
}

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

// WatchedFile is what the folder watcher last handled of a file, kept so
// a restart does not ingest the folder again (and roll documents back to
// older files).
type WatchedFile struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime"`
	Hash    string    `json:"hash"` // sha256 of the bytes, hex
}

func watchedKey(path string) []byte { return append([]byte(pWatched), path...) }

// WatchedFile returns the state recorded for a watched file.
func (s *DB) WatchedFile(path string) (WatchedFile, bool, error) {
	w, found, err := getJSON[WatchedFile](s, watchedKey(path))
	if err != nil {
		return WatchedFile{}, false, fmt.Errorf("read watch state of %s: %w", path, err)
	}
	return w, found, nil
}

// SetWatchedFile records that the watcher handled a file in this state.
func (s *DB) SetWatchedFile(path string, w WatchedFile) error {
	b, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("encode watch state of %s: %w", path, err)
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(watchedKey(path), b) }); err != nil {
		return fmt.Errorf("record watch state of %s: %w", path, err)
	}
	return nil
}

// eachJSON calls fn with every JSON record under prefix, in key order,
// starting at start when it is not nil.
func eachJSON[T any](s *DB, prefix, start []byte, fn func(T) error) error {
	return s.db.View(func(txn *badger.Txn) error {
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
	err = s.db.View(func(txn *badger.Txn) error {
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
