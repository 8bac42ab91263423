package fakeslack

import (
	"math"
	"net/http"
	"time"
)

// ChannelLimit is Slack's per-channel limit on chat.postMessage: about one
// message a second in each channel, with short bursts allowed. Over it,
// Slack refuses the call with HTTP 429 and a Retry-After header in whole
// seconds; some answers come as HTTP 200 {"ok":false,"error":"ratelimited"}
// instead.
type ChannelLimit struct {
	// PerSecond is the sustained rate of posts a channel takes. Tests may
	// run the clock faster than Slack (20 a second) to keep wall time sane.
	PerSecond float64
	// Burst is how many posts a quiet channel takes at once (at least 1).
	Burst int
	// OKFalse answers a refused post with HTTP 200 ok:false "ratelimited"
	// and no Retry-After, instead of HTTP 429.
	OKFalse bool
}

// WithChannelLimit makes chat.postMessage enforce l in every channel
// (DMs included; a user ID given as channel counts as the DM). Refused
// calls are recorded as failed, with Status 429 (or 200) and Error
// "ratelimited", and post nothing.
func WithChannelLimit(l ChannelLimit) Option {
	return func(c *config) {
		if l.PerSecond > 0 {
			l.Burst = max(l.Burst, 1)
			c.channelLimit = &l
		}
	}
}

// bucket is one channel's token bucket.
type bucket struct {
	tokens float64
	at     time.Time
}

// takeLocked spends a token of channel's bucket, or reports how long
// until one is free. s.mu must be held.
func (s *Server) takeLocked(channel string, now time.Time) (ok bool, wait time.Duration) {
	l := s.cfg.channelLimit
	b := s.buckets[channel]
	if b == nil {
		b = &bucket{tokens: float64(l.Burst), at: now}
		s.buckets[channel] = b
	}
	b.tokens = math.Min(float64(l.Burst), b.tokens+now.Sub(b.at).Seconds()*l.PerSecond)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.PerSecond * float64(time.Second))
}

// overChannelLimit returns the failure a post to channel gets when the
// channel's limit refuses it.
func (s *Server) overChannelLimitLocked(c *Call) (Failure, bool) {
	if s.cfg.channelLimit == nil || c.Method != "chat.postMessage" {
		return Failure{}, false
	}
	ok, wait := s.takeLocked(resolveChannel(c.Param("channel")), time.Now())
	if ok {
		return Failure{}, false
	}
	s.limited++
	if s.cfg.channelLimit.OKFalse {
		return APIError("ratelimited"), true
	}
	// Slack's Retry-After is whole seconds, so never under one.
	return Failure{Status: http.StatusTooManyRequests, RetryAfter: max(wait, time.Second)}, true
}

// LimitRefusals reports how many posts the channel limit refused.
func (s *Server) LimitRefusals() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}
