package bot

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// pacer spaces planbot's posts per channel to Slack's limit (about one
// chat.postMessage a second in each channel, short bursts allowed), and
// holds a channel back for Retry-After once Slack refused a post there, so
// that posts wait their turn instead of retrying together. It is a GCRA
// token bucket per channel: every is the spacing, burst how many may go
// at once into a quiet channel.
type pacer struct {
	mu    sync.Mutex
	every time.Duration
	burst int
	now   func() time.Time
	chans map[string]*gate
}

// gate is one channel's schedule.
type gate struct {
	tat    time.Time // theoretical arrival time of the next post
	paused time.Time // Slack said to wait until then
}

func newPacer(every time.Duration, burst int, now func() time.Time) *pacer {
	return &pacer{every: every, burst: max(burst, 1), now: now, chans: map[string]*gate{}}
}

// reserve books the next slot in channel and returns how long to wait for
// it: nothing when the channel has a slot free, so a quiet channel's
// answer is not delayed. A slot is never moved earlier by jitter, only
// later, so the posts of one channel stay within the limit, and channels
// Slack held back together do not come back in lockstep.
func (p *pacer) reserve(channel string) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	g := p.chans[channel]
	if g == nil {
		if len(p.chans) >= 10000 {
			p.sweep(now)
		}
		g = &gate{}
		p.chans[channel] = g
	}
	tat := g.tat
	if tat.Before(now) {
		tat = now
	}
	at := tat.Add(-time.Duration(p.burst-1) * p.every)
	if at.Before(now) {
		at = now
	}
	if at.Before(g.paused) {
		at = g.paused
	}
	if tat.Before(at) {
		tat = at
	}
	g.tat = tat.Add(p.every)
	if !at.After(now) {
		return 0 // a free slot: post now (jitter only spreads posts that wait)
	}
	return at.Sub(now) + jitter(p.every/4)
}

// wait blocks until the next slot of channel.
func (p *pacer) wait(ctx context.Context, channel string) error {
	return sleep(ctx, p.reserve(channel))
}

// pause holds channel back for d (Slack's Retry-After), plus jitter, and
// spaces the posts after it one slot apart: no burst until the channel
// has been quiet again, as Slack just showed it takes less than one.
func (p *pacer) pause(channel string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.chans[channel]
	if g == nil {
		g = &gate{}
		p.chans[channel] = g
	}
	until := p.now().Add(d + jitter(min(d/4, time.Second)))
	if until.After(g.paused) {
		g.paused = until
	}
	if next := until.Add(time.Duration(p.burst-1) * p.every); g.tat.Before(next) {
		g.tat = next
	}
}

// backlog estimates how long a post queued now in channel waits, given n
// posts ahead of it.
func (p *pacer) backlog(channel string, n int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := time.Duration(max(n-p.burst+1, 0)) * p.every
	if g := p.chans[channel]; g != nil {
		if until := g.paused.Sub(p.now()); until > 0 {
			d += until
		}
	}
	return d
}

// sweep forgets the channels that have been quiet since their last slot.
func (p *pacer) sweep(now time.Time) {
	for ch, g := range p.chans {
		if g.tat.Before(now) && g.paused.Before(now) {
			delete(p.chans, ch)
		}
	}
}

// jitter is a random duration in [0, d).
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// rateLimit reports whether err is Slack saying "too fast" — HTTP 429, or
// HTTP 200 with ok:false and error ratelimited — and how long to wait:
// Retry-After when Slack gave one, else a second doubling with each
// refusal in a row (n), up to 30 s.
func rateLimit(err error, n int) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		if rl.RetryAfter > 0 {
			return rl.RetryAfter, true
		}
		return time.Second, true
	}
	if c := slackCode(err); c == "ratelimited" || c == "rate_limited" {
		return min(time.Second<<min(max(n-1, 0), 5), 30*time.Second), true
	}
	return 0, false
}
