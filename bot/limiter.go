package bot

import (
	"sync"
	"time"
)

// limiter caps each user's questions per window, so one user cannot
// flood the bot, and says so once per window.
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

// Allow records a question and reports whether it is within the cap.
func (l *limiter) Allow(user string) bool {
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
// this window, and marks them told.
func (l *limiter) ShouldWarn(user string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.users[user]
	if w == nil {
		return true
	}
	now := l.now()
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
