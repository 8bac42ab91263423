package bot

import (
	"sync"
	"time"
)

// limiter caps each user's questions per window in each place (channel
// or DM), so one user cannot flood a channel, whose answers wait in one
// queue, and says so once per window and place. A DM is the asker's own
// place: a user over the cap in a channel still gets answers there.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	users  map[string]*userWindow
}

type userWindow struct {
	times  []time.Time
	warned time.Time
}

func newLimiter(max int, window time.Duration, now func() time.Time) *limiter {
	return &limiter{max: max, window: window, now: now, users: map[string]*userWindow{}}
}

// placeKey is the limiter's key of a user in a place.
func placeKey(user, place string) string { return user + "\x00" + place }

// Allow records a question of user in place and reports whether it is
// within the cap.
func (l *limiter) Allow(user, place string) bool {
	user = placeKey(user, place)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.users[user]
	if w == nil {
		if len(l.users) >= sweepAt {
			l.sweep(now)
		}
		w = &userWindow{}
		l.users[user] = w
	}
	kept := w.times[:0]
	for _, t := range w.times {
		if now.Sub(t) < l.window {
			kept = append(kept, t)
		}
	}
	w.times = kept
	if len(w.times) >= l.max {
		return false
	}
	w.times = append(w.times, now)
	return true
}

// ShouldWarn reports whether the user has not been told about the cap in
// this window in this place, and marks them told.
func (l *limiter) ShouldWarn(user, place string) bool {
	user = placeKey(user, place)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.users[user]
	if w == nil {
		w = &userWindow{}
		l.users[user] = w
	}
	if now.Sub(w.warned) < l.window {
		return false
	}
	w.warned = now
	return true
}

// sweepAt is how many users the limiter holds before it forgets the idle.
const sweepAt = 1000

// sweep forgets users with no question and no warning in the window, so
// the map holds the recently active, not everyone ever seen.
func (l *limiter) sweep(now time.Time) {
	for u, w := range l.users {
		idle := now.Sub(w.warned) >= l.window
		for _, t := range w.times {
			if now.Sub(t) < l.window {
				idle = false
			}
		}
		if idle {
			delete(l.users, u)
		}
	}
}
