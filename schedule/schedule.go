// Package schedule decides when daily digests are due and queues them.
// Time comes from a Now function, so tests move the clock instead of
// sleeping. Policy for digests missed while planbot was down: one that
// came due less than LateLimit ago is sent once, marked late; an older
// one is skipped with a log line, and the next day's comes as usual.
package schedule

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// DefaultTZ is the time zone of a digest whose channel set none.
const DefaultTZ = "Asia/Shanghai"

// LateLimit is how late a missed digest may still be sent.
const LateLimit = 12 * time.Hour

// lateAfter is how long after its time a digest counts as late.
const lateAfter = 15 * time.Minute

// Location loads a time zone, falling back to a fixed UTC+8 for Asia/
// Shanghai on machines without tzdata.
func Location(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTZ
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		if name == DefaultTZ {
			return time.FixedZone("CST", 8*3600), nil
		}
		return nil, fmt.Errorf("unknown time zone %q: use an IANA name such as Asia/Shanghai", name)
	}
	return loc, nil
}

// LastDue returns the most recent time at or before now when a daily
// digest at hour:minute in loc was due.
func LastDue(hour, minute int, loc *time.Location, now time.Time) time.Time {
	n := now.In(loc)
	due := time.Date(n.Year(), n.Month(), n.Day(), hour, minute, 0, 0, loc)
	if due.After(n) {
		due = time.Date(n.Year(), n.Month(), n.Day()-1, hour, minute, 0, 0, loc)
	}
	return due
}

// Next returns the first time after t when the digest is due.
func Next(hour, minute int, loc *time.Location, t time.Time) time.Time {
	n := t.In(loc)
	due := time.Date(n.Year(), n.Month(), n.Day(), hour, minute, 0, 0, loc)
	if !due.After(n) {
		due = time.Date(n.Year(), n.Month(), n.Day()+1, hour, minute, 0, 0, loc)
	}
	return due
}

// Runner queues digests as they come due.
type Runner struct {
	DB      *store.DB
	Builder *digest.Builder
	Now     func() time.Time
	Log     *slog.Logger
	// Kick, when set, is called after digests were queued (to wake the sender).
	Kick func()
}

// Tick queues every digest due since it was last handled. It is safe to
// call again after a crash at any point: a digest's outbox key is its
// channel and due time, so it is queued at most once.
func (r *Runner) Tick(ctx context.Context) (queued int, err error) {
	now := r.Now()
	// The schedules are a snapshot: each is written back only through
	// SetDigestLastDue, so a change made while the digests are built
	// (`digest off`, `digest on 18:00`) is kept.
	scheds, err := r.DB.Digests()
	if err != nil {
		return 0, err
	}
	for _, s := range scheds {
		loc, err := Location(s.TZ)
		if err != nil {
			r.Log.Error("digest schedule has a bad time zone; skipped", "channel", s.Channel, "tz", s.TZ)
			continue
		}
		due := LastDue(s.Hour, s.Minute, loc, now)
		if !due.After(s.LastDue) || due.Before(s.Created) {
			continue // handled already, or due before the schedule existed
		}
		late := now.Sub(due) > lateAfter
		if now.Sub(due) > LateLimit {
			r.Log.Warn("digest missed while planbot was down; skipped (older than the late limit)", "channel", s.Channel, "due", due, "limit", LateLimit)
		} else {
			since := s.LastDue
			if since.IsZero() {
				since = due.Add(-24 * time.Hour)
			}
			owner := s.Channel
			if s.Personal {
				owner = s.User
			}
			d, err := r.Builder.Build(ctx, owner, due, since)
			if err != nil {
				r.Log.Error("digest not built", "channel", s.Channel, "err", err)
				continue
			}
			d.Late = late
			payload, err := json.Marshal(d)
			if err != nil {
				return queued, fmt.Errorf("encode digest for %s: %w", s.Channel, err)
			}
			item := store.OutboxItem{Key: DigestKey(s.Channel, due), Channel: s.Channel, Kind: plan.OutboxDigest, Payload: payload, Created: now}
			if s.Personal {
				item.Channel, item.User = "", s.User
			}
			n, err := r.DB.Enqueue(item)
			if err != nil {
				return queued, err
			}
			queued += n
			if late {
				r.Log.Info("digest came due while planbot was down; sending it late", "channel", s.Channel, "due", due)
			}
		}
		found, err := r.DB.SetDigestLastDue(s.Channel, due)
		if err != nil {
			return queued, err
		}
		if !found {
			r.Log.Info("digest schedule removed while its digest was being queued", "channel", s.Channel, "due", due)
		}
	}
	if queued > 0 && r.Kick != nil {
		r.Kick()
	}
	return queued, nil
}

// DigestKey is the outbox key of a channel's digest due at due.
func DigestKey(channel string, due time.Time) string {
	return "digest:" + channel + ":" + due.UTC().Format(time.RFC3339)
}

// Run ticks every interval until ctx ends.
func (r *Runner) Run(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := r.Tick(ctx); err != nil {
			r.Log.Error("digest scheduler", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
