package digest

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// Scheduling. A channel (or a user, for a personal digest by direct
// message) asks for a digest every day at a time; the Runner queues each
// as it comes due. Time comes from a Now function, so tests move the
// clock instead of sleeping. Policy for digests missed while planbot was
// down: one that came due less than LateLimit ago is sent once, marked
// late; an older one is skipped with a log line, and the next day's comes
// as usual.

// DefaultTZ is the time zone of a digest whose channel set none.
const DefaultTZ = "Asia/Shanghai"

// DefaultHour and DefaultMinute are the time of a digest turned on
// without one: 09:00.
const (
	DefaultHour   = 9
	DefaultMinute = 0
)

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

// PersonalKey is the schedule key of user's personal digest, sent by
// direct message; a channel's digest is keyed by the channel's ID.
func PersonalKey(user string) string { return "user:" + user }

// NewSchedule is the daily digest user asks for in channel — or, with
// personal set, in their own direct messages — at the default time
// (09:00 Asia/Shanghai), asked for at now.
func NewSchedule(channel, user string, personal bool, now time.Time) store.DigestSchedule {
	s := store.DigestSchedule{Channel: channel, Hour: DefaultHour, Minute: DefaultMinute, TZ: DefaultTZ, Created: now, User: user}
	if personal {
		s.Personal, s.Channel = true, PersonalKey(user)
	}
	return s
}

// Schedule stores s, turning its digest on or moving it, and returns when
// the next one is due. A schedule that existed keeps the due time of its
// last digest, so moving it sends no second digest for a time handled
// already.
func Schedule(db *store.DB, s store.DigestSchedule, now time.Time) (next time.Time, err error) {
	loc, err := Location(s.TZ)
	if err != nil {
		return time.Time{}, plan.Errorf(plan.EINVALID, "%v", err)
	}
	if old, ok, _ := db.Digest(s.Channel); ok {
		s.LastDue = old.LastDue
	}
	if err := db.PutDigest(s); err != nil {
		return time.Time{}, err
	}
	return Next(s.Hour, s.Minute, loc, now), nil
}

// OutboxKey is the outbox key of a channel's digest due at due.
func OutboxKey(channel string, due time.Time) string {
	return "digest:" + channel + ":" + due.UTC().Format(time.RFC3339)
}

// Runner queues digests as they come due.
type Runner struct {
	DB      *store.DB
	Builder *Builder
	Now     func() time.Time
	Log     *slog.Logger
	// Kick, when set, is called after digests were queued (to wake the sender).
	Kick func()
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
		n, err := r.handle(ctx, s, now)
		queued += n
		if err != nil {
			return queued, err
		}
	}
	if queued > 0 && r.Kick != nil {
		r.Kick()
	}
	return queued, nil
}

// handle queues s's digest if one came due since the last one it
// handled, then records that due time handled. A digest that could not
// be built is left unhandled, to be tried at the next tick.
func (r *Runner) handle(ctx context.Context, s store.DigestSchedule, now time.Time) (queued int, err error) {
	loc, err := Location(s.TZ)
	if err != nil {
		r.Log.Error("digest schedule has a bad time zone; skipped", "channel", s.Channel, "tz", s.TZ)
		return 0, nil
	}
	due := LastDue(s.Hour, s.Minute, loc, now)
	if !due.After(s.LastDue) || due.Before(s.Created) {
		return 0, nil // handled already, or due before the schedule existed
	}
	if now.Sub(due) > LateLimit {
		r.Log.Warn("digest missed while planbot was down; skipped (older than the late limit)", "channel", s.Channel, "due", due, "limit", LateLimit)
		return 0, r.handled(s, due)
	}
	late := now.Sub(due) > lateAfter
	d, err := r.build(ctx, s, due)
	if err != nil {
		r.Log.Error("digest not built", "channel", s.Channel, "err", err)
		return 0, nil
	}
	d.Late = late
	if queued, err = r.enqueue(s, d, due, now); err != nil {
		return queued, err
	}
	if late {
		r.Log.Info("digest came due while planbot was down; sending it late", "channel", s.Channel, "due", due)
	}
	return queued, r.handled(s, due)
}

// build makes s's digest due at due, with the updates since the last one.
func (r *Runner) build(ctx context.Context, s store.DigestSchedule, due time.Time) (Digest, error) {
	since := s.LastDue
	if since.IsZero() {
		since = due.Add(-24 * time.Hour)
	}
	owner := s.Channel
	if s.Personal {
		owner = s.User
	}
	return r.Builder.Build(ctx, owner, due, since)
}

// enqueue puts the digest in the outbox, to the channel or, for a
// personal digest, to the user.
func (r *Runner) enqueue(s store.DigestSchedule, d Digest, due, now time.Time) (int, error) {
	payload, err := json.Marshal(d)
	if err != nil {
		return 0, fmt.Errorf("encode digest for %s: %w", s.Channel, err)
	}
	item := store.OutboxItem{Key: OutboxKey(s.Channel, due), Channel: s.Channel, Kind: plan.OutboxDigest, Payload: payload, Created: now}
	if s.Personal {
		item.Channel, item.User = "", s.User
	}
	return r.DB.Enqueue(item)
}

// handled records the digest due at due as handled, unless its schedule
// was removed meanwhile.
func (r *Runner) handled(s store.DigestSchedule, due time.Time) error {
	found, err := r.DB.SetDigestLastDue(s.Channel, due)
	if err != nil {
		return err
	}
	if !found {
		r.Log.Info("digest schedule removed while its digest was being queued", "channel", s.Channel, "due", due)
	}
	return nil
}
