package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/internal/fakeslack"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

func queueDigests(t *testing.T, ev *env, channels ...string) {
	t.Helper()
	var items []store.OutboxItem
	for _, c := range channels {
		items = append(items, store.OutboxItem{Key: "digest:" + c + ":2022-03-01T01:00:00Z", Channel: c, Kind: plan.OutboxDigest,
			Payload: json.RawMessage(`{"region":"福田区","columns":["a","b","c"],"rows":[{"name":"地区生产总值","last_result":"8.6%"}]}`)})
	}
	if n, err := ev.db.Enqueue(items...); err != nil || n != len(items) {
		t.Fatalf("enqueue: %d %v", n, err)
	}
}

func postsTo(ev *env) map[string]int {
	m := map[string]int{}
	for _, c := range ev.srv.CallsTo("chat.postMessage") {
		if !c.Failed {
			m[c.Param("channel")]++
		}
	}
	return m
}

// A crash between Slack taking a message and planbot recording it, and a
// restart: every recipient still gets exactly one message.
func TestRestartMidSendingSendsEachOnce(t *testing.T) {
	ev := newEnv(t, false)
	queueDigests(t, ev, "C1", "C2", "C3", "C4", "C5")
	crash := errors.New("crash")
	n := 0
	ev.bot.SetAfterPost(func(it store.OutboxItem) error {
		n++
		if n == 3 {
			return crash // C3 reached Slack, then the process died
		}
		return nil
	})
	if _, err := ev.bot.DeliverOutbox(context.Background()); !errors.Is(err, crash) {
		t.Fatalf("first run: %v", err)
	}
	// Queuing the same digests again (the scheduler re-running) adds nothing.
	if n, _ := ev.db.Enqueue(store.OutboxItem{Key: "digest:C1:2022-03-01T01:00:00Z", Channel: "C1", Kind: plan.OutboxDigest}); n != 0 {
		t.Errorf("a sent digest was queued again")
	}
	// A new process over the same index.
	b2, err := bot.New(bot.Config{BotToken: ev.srv.BotToken(), AppToken: ev.srv.AppToken(), APIURL: ev.srv.APIURL(), Logger: slog.New(slog.NewTextHandler(ev.logs, nil))}, ev.engine, ev.db, bot.Services{})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := b2.DeliverOutbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sent != 2 {
		t.Errorf("second run sent %d; want 2 (C4, C5)", sent)
	}
	got := postsTo(ev)
	for _, c := range []string{"C1", "C2", "C3", "C4", "C5"} {
		if got[c] != 1 {
			t.Errorf("%s got %d messages", c, got[c])
		}
	}
	if len(ev.srv.CallsTo("conversations.history")) == 0 {
		t.Error("the message in flight was not looked up before resending")
	}
	if left, _ := ev.db.Outbox(); len(left) != 0 {
		t.Errorf("%d items left in the outbox", len(left))
	}
}

func TestRateLimitedDigestIsNotDuplicated(t *testing.T) {
	ev := newEnv(t, false)
	queueDigests(t, ev, "C1")
	ev.srv.FailNext("chat.postMessage", 2, fakeslack.RateLimited(time.Second))
	if _, err := ev.bot.DeliverOutbox(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := postsTo(ev); got["C1"] != 1 {
		t.Errorf("C1 got %d messages", got["C1"])
	}
}

func TestGoneRecipientsAreCleanedUp(t *testing.T) {
	ev := newEnv(t, false)
	ev.db.PutDigest(store.DigestSchedule{Channel: "CARCH", Hour: 9, TZ: "Asia/Shanghai"})
	queueDigests(t, ev, "CARCH")
	ev.db.Subscribe(store.Subscription{User: "UGONE", Target: "task:福田区:x", Label: "x"})
	ev.db.Enqueue(store.OutboxItem{Key: "notify:UGONE:x", User: "UGONE", Kind: plan.OutboxNotice, Payload: json.RawMessage(`{"changes":[]}`)})
	ev.srv.FailNext("chat.postMessage", 1, fakeslack.APIError("is_archived"))
	ev.srv.FailNext("conversations.open", 1, fakeslack.APIError("user_not_found"))
	if _, err := ev.bot.DeliverOutbox(context.Background()); err != nil {
		t.Fatal(err)
	}
	if left, _ := ev.db.Outbox(); len(left) != 0 {
		t.Errorf("undeliverable items kept for retry: %+v", left)
	}
	if _, ok, _ := ev.db.Digest("CARCH"); ok {
		t.Error("the archived channel's digest schedule survived")
	}
	if subs, _ := ev.db.Subscriptions("UGONE"); len(subs) != 0 {
		t.Error("the departed user's subscriptions survived")
	}
	if !strings.Contains(ev.logs.String(), "recipient gone") {
		t.Error("no log line for the cleanup")
	}
}

// Ingesting a changed copy of the seed tells exactly the subscribers of
// the changed tasks, with the figures before and after.
func TestChangedSeedNotifiesSubscribers(t *testing.T) {
	ev := newEnv(t, false)
	ctx := context.Background()
	sub := func(user, query string) {
		ts, err := ev.follow.Resolve(ctx, query)
		if err != nil || len(ts) != 1 {
			t.Fatalf("resolve %q: %v %v", query, ts, err)
		}
		if _, err := ev.follow.Subscribe(user, ts[0]); err != nil {
			t.Fatal(err)
		}
	}
	sub("U1", "20")       // 提升教育事业发展质效: its figure changes
	sub("U2", "枢纽城区")     // 推进枢纽城区建设: 停车位 changes
	sub("U3", "1")        // unchanged
	sub("U4", "GDP")      // indicator, unchanged
	sub("U5", "打造一流城市作品") // retitled

	data, _ := os.ReadFile(seedPath)
	edited := bytes.Replace(data, []byte("新增9510座学位"), []byte("新增9800座学位"), 1)
	edited = bytes.Replace(edited, []byte("新增6000个停车位"), []byte("新增6500个停车位"), 1)
	edited = bytes.Replace(edited, []byte("24.打造一流城市作品"), []byte("24.打造一流城市精品"), 1)
	rep, err := ev.in.Ingest(ctx, "corrected.txt", edited, parse.Options{})
	if err != nil || rep.Version != 2 {
		t.Fatalf("ingest: %+v %v", rep, err)
	}
	rec, err := ev.follow.OnIngest(ctx, rep.Doc, rep.Version, rep.Previous)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Queued != 3 {
		t.Errorf("queued %d notices; want 3 (U1, U2, U5)", rec.Queued)
	}
	if _, err := ev.bot.DeliverOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	got := postsTo(ev)
	want := map[string]int{"DU1": 1, "DU2": 1, "DU5": 1}
	if len(got) != len(want) {
		t.Errorf("notified %v; want %v", got, want)
	}
	for ch := range want {
		if got[ch] != 1 {
			t.Errorf("%s got %d notices", ch, got[ch])
		}
	}
	for _, c := range ev.srv.CallsTo("chat.postMessage") {
		body := string(c.Blocks)
		switch c.Param("channel") {
		case "DU1":
			for _, w := range []string{"9510座 → 9800座", "新增9800座学位", "20. 提升教育事业发展质效", "第23页"} {
				if !strings.Contains(body, w) {
					t.Errorf("U1's notice lacks %q: %s", w, body)
				}
			}
		case "DU2":
			if !strings.Contains(body, "6000个 → 6500个") {
				t.Errorf("U2's notice: %s", body)
			}
		case "DU5":
			if !strings.Contains(body, "打造一流城市作品 → 打造一流城市精品") {
				t.Errorf("U5's notice: %s", body)
			}
		}
	}
	// The same ingest processed again notifies nobody twice.
	if rec, _ := ev.follow.OnIngest(ctx, rep.Doc, rep.Version, rep.Previous); rec.Queued != 0 {
		t.Errorf("re-processing queued %d notices", rec.Queued)
	}
}

// clock is a settable clock, to skip over the outbox's backoff.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func withClock(c *clock) option { return func(cfg *bot.Config) { cfg.Now = c.Now } }

// queueNotice queues one outbox message for channel, created a minute ago.
func queueNotice(t *testing.T, ev *env, channel string) store.OutboxItem {
	t.Helper()
	it := store.OutboxItem{Key: "digest:" + channel + ":2022-03-01T01:00:00Z", Channel: channel, Kind: plan.OutboxDigest, Created: time.Now().Add(-time.Minute),
		Payload: json.RawMessage(`{"region":"福田区","columns":["a","b","c"],"rows":[{"name":"地区生产总值","last_result":"8.6%"}]}`)}
	if n, err := ev.db.Enqueue(it); err != nil || n != 1 {
		t.Fatalf("enqueue: %d %v", n, err)
	}
	return it
}

// copies counts the messages in a channel carrying an outbox key.
func copies(ev *env, channel, key string) int {
	n := 0
	for _, m := range ev.srv.History(channel) {
		if m.Metadata.EventType == "planbot_outbox" && m.Metadata.EventPayload["key"] == key {
			n++
		}
	}
	return n
}

func outboxItem(t *testing.T, ev *env, key string) (store.OutboxItem, bool) {
	t.Helper()
	items, err := ev.db.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Key == key {
			return it, true
		}
	}
	return store.OutboxItem{}, false
}

// A post that fails in a way that leaves it unknown whether Slack took the
// message stays in flight, and the next attempt looks in the history
// before posting; a post Slack definitely refused is simply posted again.
func TestOutboxPostFailures(t *testing.T) {
	cases := []struct {
		name         string
		fail         fakeslack.Failure
		wantInFlight bool // the next attempt searches the history first
	}{
		{"accepted, connection dropped", fakeslack.Accepted(fakeslack.ConnectionDrop()), true},
		{"accepted, HTTP 500", fakeslack.Accepted(fakeslack.HTTPError(500)), true},
		{"accepted, HTTP 503", fakeslack.Accepted(fakeslack.HTTPError(503)), true},
		{"accepted, internal_error", fakeslack.Accepted(fakeslack.APIError("internal_error")), true},
		{"accepted, fatal_error", fakeslack.Accepted(fakeslack.APIError("fatal_error")), true},
		{"lost, connection dropped", fakeslack.ConnectionDrop(), true},
		{"lost, HTTP 502", fakeslack.HTTPError(502), true},
		{"refused, HTTP 400", fakeslack.HTTPError(400), false},
		{"refused, invalid_blocks", fakeslack.APIError("invalid_blocks"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			ev := newEnv(t, false, withClock(clk))
			it := queueNotice(t, ev, "C1")
			ev.srv.FailNext("chat.postMessage", 1, tc.fail)
			ctx := context.Background()
			if _, err := ev.bot.DeliverOutbox(ctx); err != nil {
				t.Fatal(err)
			}
			left, ok := outboxItem(t, ev, it.Key)
			if !ok {
				t.Fatal("the failed message left the outbox")
			}
			if left.InFlight != tc.wantInFlight || !left.NotBefore.After(clk.Now()) {
				t.Errorf("after the failure: in flight %v, not before %v (now %v)", left.InFlight, left.NotBefore, clk.Now())
			}
			posts := len(ev.srv.CallsTo("chat.postMessage"))
			if posts != 1 {
				t.Errorf("%d posts in the first pass; a failure that may have posted must not be retried blindly", posts)
			}
			// Before the backoff is over nothing happens.
			ev.bot.DeliverOutbox(ctx)
			if n := len(ev.srv.CallsTo("chat.postMessage")); n != posts {
				t.Errorf("retried before the backoff ended")
			}
			clk.Add(2 * time.Hour)
			if _, err := ev.bot.DeliverOutbox(ctx); err != nil {
				t.Fatal(err)
			}
			if got := copies(ev, "C1", it.Key); got != 1 {
				t.Errorf("C1 holds %d copies of the message", got)
			}
			if searched := len(ev.srv.CallsTo("conversations.history")) > 0; searched != tc.wantInFlight {
				t.Errorf("history searched: %v; want %v", searched, tc.wantInFlight)
			}
			if _, ok := outboxItem(t, ev, it.Key); ok {
				t.Error("the message is still queued")
			}
		})
	}
}

// Failures that pass by themselves are retried however often it takes;
// a refusal that will not pass is given up after a bound. (Rate limits,
// ok:false ratelimited included, are waited out within the attempt:
// TestRateLimitsAreWaitedOut.)
func TestOutboxTransientFailuresAreNotDropped(t *testing.T) {
	cases := []struct {
		name      string
		fail      fakeslack.Failure
		delivered bool
	}{
		{"internal_error", fakeslack.APIError("internal_error"), true},
		{"fatal_error", fakeslack.APIError("fatal_error"), true},
		{"HTTP 503", fakeslack.HTTPError(503), true},
		{"connection dropped", fakeslack.ConnectionDrop(), true},
		{"invalid_blocks", fakeslack.APIError("invalid_blocks"), false},
	}
	const failures = 12
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			ev := newEnv(t, false, withClock(clk))
			it := queueNotice(t, ev, "C1")
			ev.srv.FailNext("chat.postMessage", failures, tc.fail)
			for range failures + 1 {
				if _, err := ev.bot.DeliverOutbox(context.Background()); err != nil {
					t.Fatal(err)
				}
				clk.Add(2 * time.Hour)
			}
			want := 0
			if tc.delivered {
				want = 1
			}
			if got := copies(ev, "C1", it.Key); got != want {
				t.Errorf("C1 holds %d copies; want %d", got, want)
			}
			if _, ok := outboxItem(t, ev, it.Key); ok {
				t.Error("the message is still queued")
			}
		})
	}
}

// A message in flight at a crash whose history search fails is not posted
// blindly: the search is tried again later.
func TestOutboxHistorySearchFailureDefersSending(t *testing.T) {
	cases := []struct {
		name string
		fail fakeslack.Failure
		n    int
	}{
		{"internal_error", fakeslack.APIError("internal_error"), 1},
		{"connection dropped", fakeslack.ConnectionDrop(), 1},
		{"missing_scope", fakeslack.APIError("missing_scope"), 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			ev := newEnv(t, false, withClock(clk))
			it := queueNotice(t, ev, "C1")
			crash := errors.New("crash")
			ev.bot.SetAfterPost(func(store.OutboxItem) error { return crash })
			if _, err := ev.bot.DeliverOutbox(context.Background()); !errors.Is(err, crash) {
				t.Fatalf("first run: %v", err)
			}
			b2 := restart(t, ev, clk)
			ev.srv.FailNext("conversations.history", tc.n, tc.fail)
			if _, err := b2.DeliverOutbox(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := copies(ev, "C1", it.Key); got != 1 {
				t.Fatalf("C1 holds %d copies after the failed search", got)
			}
			if left, ok := outboxItem(t, ev, it.Key); !ok || !left.InFlight {
				t.Fatalf("item after the failed search: %+v %v", left, ok)
			}
			clk.Add(2 * time.Hour)
			if _, err := b2.DeliverOutbox(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := copies(ev, "C1", it.Key); got != 1 {
				t.Errorf("C1 holds %d copies", got)
			}
			if _, ok := outboxItem(t, ev, it.Key); ok {
				t.Error("the message is still queued")
			}
		})
	}
}

// The history search pages back to the item's creation, however much was
// said in the channel since.
func TestOutboxSearchesWholeHistorySinceQueued(t *testing.T) {
	clk := newClock()
	ev := newEnv(t, false, withClock(clk))
	it := queueNotice(t, ev, "C1")
	crash := errors.New("crash")
	ev.bot.SetAfterPost(func(store.OutboxItem) error { return crash })
	if _, err := ev.bot.DeliverOutbox(context.Background()); !errors.Is(err, crash) {
		t.Fatalf("first run: %v", err)
	}
	for i := range 450 {
		ev.srv.AddMessage("C1", "U1", fmt.Sprintf("闲聊 %d", i))
	}
	b2 := restart(t, ev, clk)
	if _, err := b2.DeliverOutbox(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := copies(ev, "C1", it.Key); got != 1 {
		t.Errorf("C1 holds %d copies", got)
	}
	calls := ev.srv.CallsTo("conversations.history")
	if len(calls) < 3 {
		t.Errorf("%d history pages read; the message is 451 back", len(calls))
	}
	for i, c := range calls {
		oldest, err := strconv.ParseFloat(c.Param("oldest"), 64)
		if err != nil || oldest > float64(it.Created.Unix()) || oldest < float64(it.Created.Add(-time.Hour).Unix()) {
			t.Errorf("page %d: oldest %q; want just before %v", i, c.Param("oldest"), it.Created)
		}
		if (i == 0) != (c.Param("cursor") == "") {
			t.Errorf("page %d: cursor %q", i, c.Param("cursor"))
		}
	}
}

// restart is a new process over the same index and fake Slack.
func restart(t *testing.T, ev *env, clk *clock) *bot.Bot {
	t.Helper()
	b, err := bot.New(bot.Config{BotToken: ev.srv.BotToken(), AppToken: ev.srv.AppToken(), APIURL: ev.srv.APIURL(), Now: clk.Now,
		Logger: slog.New(slog.NewTextHandler(ev.logs, nil))}, ev.engine, ev.db, bot.Services{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
