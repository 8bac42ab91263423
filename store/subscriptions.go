package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"
)

const (
	pSub   = "sub\x00"  // user, target -> Subscription
	pSubBy = "subt\x00" // target, user -> "" (who follows a target)
)

// Subscription is a user following a task or an indicator.
type Subscription struct {
	User    string    `json:"user"`
	Target  string    `json:"target"` // task:20 / indicator:地区生产总值
	Kind    string    `json:"kind"`   // task | indicator
	Label   string    `json:"label"`  // 20. 提升教育事业发展质效
	Region  string    `json:"region,omitempty"`
	Created time.Time `json:"created"`
}

func subKey(user, target string) []byte   { return key(pSub, user, target) }
func subByKey(target, user string) []byte { return key(pSubBy, target, user) }

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
		prefix = key(pSub, user, "") // the user and a NUL
	}
	out, err := listJSON[Subscription](s, prefix, nil)
	if err != nil {
		return nil, fmt.Errorf("read subscriptions: %w", err)
	}
	slices.SortStableFunc(out, func(a, b Subscription) int { return a.Created.Compare(b.Created) })
	return out, nil
}

// Subscribers lists the users following target.
func (s *DB) Subscribers(target string) ([]string, error) {
	prefix := key(pSubBy, target, "") // the target and a NUL
	var out []string
	err := s.view(func(txn *badger.Txn) error {
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
