package bot

import (
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// A channel takes a burst at once, then one post a slot; a pause holds it
// back; other channels are not held.
func TestPacerSchedule(t *testing.T) {
	now := time.Unix(1000, 0)
	p := newPacer(time.Second, 2, func() time.Time { return now })
	var waits []time.Duration
	for range 4 {
		waits = append(waits, p.reserve("C1"))
	}
	want := []time.Duration{0, 0, time.Second, 2 * time.Second}
	for i, w := range waits {
		if w < want[i] || w >= want[i]+time.Second/4 {
			t.Errorf("post %d waits %v; want %v plus under a quarter slot of jitter", i+1, w, want[i])
		}
	}
	p.pause("C1", 10*time.Second)
	if w := p.reserve("C1"); w < 10*time.Second || w > 12*time.Second {
		t.Errorf("after Retry-After 10s a post waits %v", w)
	}
	// A quiet channel's post waits nothing at all: jitter is for posts
	// that wait (it once delayed every answer by up to 250 ms).
	for range 20 {
		if w := newPacer(time.Second, 3, func() time.Time { return now }).reserve("C2"); w != 0 {
			t.Fatalf("a quiet channel's first post waits %v", w)
		}
	}
	if w := p.reserve("C2"); w != 0 {
		t.Errorf("another channel waits %v", w)
	}
	if d := p.backlog("C1", 5); d < 10*time.Second {
		t.Errorf("backlog behind a pause and 5 posts: %v", d)
	}
}

func TestRateLimit(t *testing.T) {
	cases := []struct {
		err  error
		n    int
		want time.Duration
		ok   bool
	}{
		{&slack.RateLimitedError{RetryAfter: 7 * time.Second}, 1, 7 * time.Second, true},
		{slack.SlackErrorResponse{Err: "ratelimited"}, 1, time.Second, true},
		{slack.SlackErrorResponse{Err: "ratelimited"}, 3, 4 * time.Second, true},
		{slack.SlackErrorResponse{Err: "ratelimited"}, 20, 30 * time.Second, true},
		{slack.SlackErrorResponse{Err: "channel_not_found"}, 1, 0, false},
		{errors.New("EOF"), 1, 0, false},
	}
	for _, c := range cases {
		if d, ok := rateLimit(c.err, c.n); d != c.want || ok != c.ok {
			t.Errorf("rateLimit(%v, %d) = %v, %v", c.err, c.n, d, ok)
		}
	}
}
