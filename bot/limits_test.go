package bot_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/internal/fakeslack"
)

// answersIn returns, for each thread of channel, how many answers it got,
// and the threads in the order their first answer was posted.
func answersIn(ev *env, channel string) (map[string]int, []string) {
	n := map[string]int{}
	var order []string
	for _, c := range ev.srv.CallsTo("chat.postMessage") {
		if c.Failed || c.Param("channel") != channel {
			continue
		}
		th := c.Param("thread_ts")
		if n[th] == 0 {
			order = append(order, th)
		}
		n[th]++
	}
	return n, order
}

// hundredMentions sends 100 mentions from 100 people into one channel at
// once and waits until each has an answer; it returns how long that took
// and the threads in the order they were answered.
func hundredMentions(t testing.TB, ev *env, timeout time.Duration) (time.Duration, []string) {
	t.Helper()
	if err := ev.srv.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	qs := []string{"2022年新增学位多少", "2021年GDP是多少", "规上工业增加值增速", "疫苗接种了多少人"}
	var want []string
	start := time.Now()
	for i := range 100 {
		ts := fmt.Sprintf("1700000000.%06d", i+1)
		want = append(want, ts)
		if _, err := ev.srv.SendEventsAPI(mention(fmt.Sprintf("U%03d", i), "C1", ts, "<@UBOT> "+qs[i%len(qs)])); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(timeout)
	for {
		n, order := answersIn(ev, "C1")
		if len(n) == 100 {
			elapsed := time.Since(start)
			time.Sleep(200 * time.Millisecond) // nothing more comes
			n, order = answersIn(ev, "C1")
			for _, ts := range want {
				if n[ts] != 1 {
					t.Errorf("question %s answered %d times", ts, n[ts])
				}
			}
			if strings.Join(order, " ") != strings.Join(want, " ") {
				t.Errorf("answers out of order:\n%v", order)
			}
			return elapsed, order
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 100 questions answered after %v", len(n), timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// 100 mentions at once in one channel whose posts Slack limits (here 20 a
// second with bursts of 3, the clock of 1 a second run 20 times faster;
// BenchmarkHundredMentionsAtOnePostASecond runs Slack's real pace) are
// all answered, each once, in order; the askers at the back are told
// their answer is queued.
func TestHundredMentionsInOneChannel(t *testing.T) {
	ev := newEnvWith(t, true, []fakeslack.Option{fakeslack.WithChannelLimit(fakeslack.ChannelLimit{PerSecond: 20, Burst: 3})},
		func(c *bot.Config) {
			// A little faster than Slack takes: some posts are refused
			// and waited out. (ok:false ratelimited: TestRateLimitsAreWaitedOut.)
			c.ChannelInterval = 40 * time.Millisecond
			c.QueueNotice = time.Second
		})
	// Slack also refuses now and then on its own.
	ev.srv.FailNext("chat.postMessage", 2, fakeslack.RateLimited(time.Second))
	elapsed, _ := hundredMentions(t, ev, time.Minute)
	notices := ev.srv.CallsTo("chat.postEphemeral")
	t.Logf("100 mentions answered in %v; %d posts refused by the channel limit; %d askers told they were queued", elapsed.Round(time.Millisecond), ev.srv.LimitRefusals(), len(notices))
	if ev.srv.LimitRefusals() == 0 {
		t.Error("no post was refused: the test did not exercise the limit")
	}
	if len(notices) < 50 || !strings.Contains(notices[len(notices)-1].Param("text"), "排队") {
		t.Errorf("%d askers told they were queued; want the ones at the back (the last 80 or so)", len(notices))
	}
}

// BenchmarkHundredMentionsAtOnePostASecond drives 100 simultaneous
// mentions into one channel against a fake Slack that enforces one post a
// second per channel with bursts of 3 and Retry-After, with the bot's
// default pacing; it reports the seconds until all were answered (each
// once, in order) and the posts Slack refused.
func BenchmarkHundredMentionsAtOnePostASecond(b *testing.B) {
	for b.Loop() {
		ev := newEnvWith(b, true, []fakeslack.Option{fakeslack.WithChannelLimit(fakeslack.ChannelLimit{PerSecond: 1, Burst: 3})},
			func(c *bot.Config) { c.ChannelInterval = 0 }) // the bot's default pacing, not the tests'

		elapsed, _ := hundredMentions(b, ev, 5*time.Minute)
		b.ReportMetric(elapsed.Seconds(), "s_for_100")
		b.ReportMetric(float64(ev.srv.LimitRefusals()), "refused")
		ev.stop()
	}
}

// A 429 and an ok:false ratelimited (HTTP 200) are both waited out and
// the answer posted once.
func TestRateLimitsAreWaitedOut(t *testing.T) {
	cases := []struct {
		name string
		fail fakeslack.Failure
		min  time.Duration
	}{
		{"429 Retry-After 1", fakeslack.RateLimited(time.Second), 2 * time.Second},
		{"ok:false ratelimited", fakeslack.APIError("ratelimited"), 3 * time.Second}, // 1 s, then 2 s
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := newEnv(t, true)
			ev.srv.FailNext("chat.postMessage", 2, tc.fail)
			start := time.Now()
			ev.srv.SendEventsAPI(mention("U1", "C1", "12.1", "<@UBOT> 2022年新增学位多少"))
			calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 3)
			if err != nil {
				t.Fatal(err)
			}
			if calls[2].Failed || !strings.Contains(string(calls[2].Blocks), "9510座") || time.Since(start) < tc.min*9/10 {
				t.Errorf("third post %+v after %v", calls[2], time.Since(start))
			}
			time.Sleep(200 * time.Millisecond)
			if n := len(ev.srv.CallsTo("chat.postMessage")); n != 3 {
				t.Errorf("%d posts", n)
			}
		})
	}
}

// 👀 is decoration: a reaction Slack rate-limits for a long time, on
// every attempt, or does not answer, neither delays nor blocks the answer.
func TestReactionsNeverDelayTheAnswer(t *testing.T) {
	cases := []struct {
		name string
		fail fakeslack.Failure
		n    int
	}{
		{"one 429, Retry-After 30", fakeslack.RateLimited(30 * time.Second), 1},
		{"429 on every attempt", fakeslack.RateLimited(15 * time.Second), 100},
		{"no answer", fakeslack.Failure{Drop: true, Stall: 30 * time.Second}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := newEnv(t, true, func(c *bot.Config) { c.ReactionTimeout = 2 * time.Second })
			ev.srv.FailNext("reactions.add", tc.n, tc.fail)
			ev.srv.FailNext("reactions.remove", tc.n, tc.fail)
			start := time.Now()
			ev.srv.SendEventsAPI(mention("U1", "C1", "13.1", "<@UBOT> 2022年新增学位多少"))
			calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > time.Second || calls[0].Failed {
				t.Errorf("answer after %v (failed %v)", d, calls[0].Failed)
			}
			time.Sleep(300 * time.Millisecond)
			if n := len(ev.srv.CallsTo("reactions.add")); n != 1 {
				t.Errorf("reactions.add tried %d times; a reaction is never retried", n)
			}
		})
	}
}

// The over-the-cap notice is for the asker alone (chat.postEphemeral),
// once a minute per place; the asker's DM in the same minute is a place
// of its own, and answered.
func TestOverCapNoticeIsEphemeralAndDMStillAnswered(t *testing.T) {
	ev := newEnv(t, true, func(c *bot.Config) { c.QuestionsPerMinute = 1 })
	for i := range 3 {
		ev.srv.SendEventsAPI(mention("U4", "C1", fmt.Sprintf("14.%d", i+1), "<@UBOT> 2022年新增学位多少"))
	}
	ev.srv.SendEventsAPI(map[string]any{"type": "message", "channel_type": "im", "user": "U4", "channel": "DU4", "text": "2021年GDP是多少", "ts": "14.9", "event_ts": "14.9"})
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 2); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	posts := ev.srv.CallsTo("chat.postMessage")
	dm := 0
	for _, p := range posts {
		if p.Param("channel") == "DU4" && strings.Contains(string(p.Blocks), "5318.2亿元") {
			dm++
		}
	}
	if len(posts) != 2 || dm != 1 {
		t.Errorf("%d posts, %d in the DM; want the channel's first answer and the DM's answer", len(posts), dm)
	}
	notices := ev.srv.CallsTo("chat.postEphemeral")
	if len(notices) != 1 || notices[0].Param("channel") != "C1" || notices[0].Param("user") != "U4" {
		t.Errorf("notices: %+v; want one, ephemeral, to U4 in C1", notices)
	}
}

// No acknowledged question is lost: it is stored before the ack, so a
// crash after the ack (the hook stops the bot as a crash would) leaves it
// to the next run, which answers it without Slack delivering it again; a
// post whose fate is unknown is looked for in the thread, not repeated
// blindly; and a question is marked answered as soon as its answer is
// posted, before the 👀 comes off.
func TestAckedQuestionIsAnsweredOnce(t *testing.T) {
	cases := []struct {
		name  string
		setup func(ev *env)
		// redeliver sends the event again after the restart.
		redeliver bool
	}{
		{"crash after the ack", crashAfterStore, false},
		{"crash after the ack, then redelivered", crashAfterStore, true},
		{"post accepted, answer lost", func(ev *env) {
			ev.srv.FailNext("chat.postMessage", 1, fakeslack.Accepted(fakeslack.ConnectionDrop()))
		}, false},
		{"post accepted, then a 503", func(ev *env) {
			ev.srv.FailNext("chat.postMessage", 1, fakeslack.Accepted(fakeslack.HTTPError(http.StatusServiceUnavailable)))
		}, false},
		{"crash while the 👀 comes off", func(ev *env) {
			ev.srv.FailNext("reactions.remove", 1, fakeslack.Failure{Drop: true, Stall: 20 * time.Second})
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := newEnv(t, false)
			tc.setup(ev)
			ev.start()
			outer := map[string]any{"type": "event_callback", "event_id": "EvK1", "team_id": "T1", "event_time": 1,
				"event": mention("U1", "C1", "15.1", "<@UBOT> 2022年新增学位多少")}
			id, _ := ev.srv.SendEventsAPI(outer)
			if _, err := ev.srv.WaitAck(wait, id); err != nil {
				t.Fatal(err)
			}
			settle(t, ev, "15.2")
			ev.stop()
			b2, err := bot.New(bot.Config{BotToken: ev.srv.BotToken(), AppToken: ev.srv.AppToken(), APIURL: ev.srv.APIURL(),
				Logger: slog.New(slog.NewTextHandler(ev.logs, nil))}, ev.engine, ev.db, bot.Services{})
			if err != nil {
				t.Fatal(err)
			}
			ev.bot = b2
			ev.start()
			if err := ev.srv.WaitConnections(wait, 2); err != nil {
				t.Fatal(err)
			}
			if tc.redeliver {
				id, _ := ev.srv.SendEventsAPI(outer, fakeslack.WithRetry(1, "timeout"))
				if _, err := ev.srv.WaitAck(wait, id); err != nil {
					t.Fatal(err)
				}
			}
			deadline := time.Now().Add(wait)
			for threadAnswers(ev, "C1", "15.1") == 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			settle(t, ev, "15.3")
			if got := threadAnswers(ev, "C1", "15.1"); got != 1 {
				t.Errorf("the question got %d answers; want 1", got)
			}
			if strings.HasPrefix(tc.name, "post accepted") && len(ev.srv.CallsTo("conversations.replies")) == 0 {
				t.Error("a post of unknown fate was not looked for in the thread")
			}
		})
	}
}

// crashAfterStore stops the bot after the question 15.1 was stored and
// acknowledged, as a crash would.
func crashAfterStore(ev *env) {
	ev.bot.SetAfterStore(func(key string) error {
		if key == "question:C1:15.1" {
			return fmt.Errorf("crash")
		}
		return nil
	})
}

// threadAnswers counts the bot's messages in a thread, as Slack holds them
// (a post whose answer was lost counts).
func threadAnswers(ev *env, channel, thread string) int {
	n := 0
	for _, m := range ev.srv.History(channel) {
		if m.ThreadTimestamp == thread && m.BotID != "" {
			n++
		}
	}
	return n
}

// The engine's caveat on a found answer (how 今年 was read) is shown in
// Slack, in Chinese alone.
func TestFoundAnswerWarningShown(t *testing.T) {
	ev := newEnv(t, true)
	ev.srv.SendEventsAPI(mention("U1", "C1", "16.1", "<@UBOT> 今年新增学位多少"))
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if b := string(calls[0].Blocks); !strings.Contains(b, "9510座") || !strings.Contains(b, "按2022年理解") {
		t.Errorf("answer lacks the caveat: %s", b)
	}
}

// /plan digest me off turns the asker's own digest off, as digest off me
// does; the channel's digest is left alone, and each confirmation names
// the command that undoes it.
func TestPersonalDigestOff(t *testing.T) {
	ev := newEnv(t, true)
	say := func(text string) string {
		t.Helper()
		url := ev.srv.NewResponseURL()
		ev.srv.SendSlashCommand(map[string]string{"text": text, "user_id": "U1", "channel_id": "C1", "response_url": url})
		resp, err := ev.srv.WaitResponse(wait, url)
		if err != nil {
			t.Fatalf("/plan %s: %v", text, err)
		}
		var m struct{ Text string }
		resp.Decode(&m)
		return m.Text
	}
	digests := func() (channel, personal bool) {
		ds, err := ev.db.Digests()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Personal {
				personal = true
			} else {
				channel = true
			}
		}
		return channel, personal
	}
	steps := []struct {
		text, want        string
		channel, personal bool
	}{
		{"digest on 09:00", "`/plan digest off` 关闭本频道", true, false},
		{"digest me 08:30", "`/plan digest me off`", true, true},
		{"digest me off", "已关闭你的私信摘要", true, false},
		{"digest me 08:30", "每天 08:30", true, true},
		{"digest off me", "已关闭你的私信摘要", true, false},
		{"digest me off", "你本来就没有开启私信摘要", true, false},
		{"digest off", "已关闭本频道", false, false},
	}
	for _, s := range steps {
		got := say(s.text)
		ch, pers := digests()
		if !strings.Contains(got, s.want) || ch != s.channel || pers != s.personal {
			t.Errorf("/plan %s: %q, channel digest %v, personal %v; want %q, %v, %v", s.text, got, ch, pers, s.want, s.channel, s.personal)
		}
	}
}

// A bot started while Slack cannot be reached keeps trying, saying so,
// and comes up once Slack answers; an API URL without its trailing slash
// is joined properly (…/api + auth.test, not …/apiauth.test).
func TestConnectWaitsForSlack(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there yet: Slack is unreachable
	logs := &syncBuffer{}
	ev := newEnv(t, false)
	b, err := bot.New(bot.Config{BotToken: srv.BotToken(), AppToken: srv.AppToken(), APIURL: "http://" + addr + "/api",
		ConnectBackoff: 100 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(logs, nil))}, ev.engine, ev.db, bot.Services{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(wait)
	for strings.Count(logs.String(), "cannot reach Slack; retrying") < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "cannot reach Slack; retrying") {
		t.Fatalf("no retry logged:\n%s", logs.String())
	}
	// Slack comes back on the same address.
	target, _ := url.Parse(srv.URL())
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	proxy := &http.Server{Handler: httputil.NewSingleHostReverseProxy(target)}
	go proxy.Serve(ln)
	defer proxy.Close()
	if err := srv.WaitConnections(wait, 1); err != nil {
		t.Fatalf("never connected: %v\n%s", err, logs.String())
	}
	for _, c := range srv.CallsTo("auth.test") {
		if c.Failed {
			t.Errorf("auth.test failed at the fake: %+v", c)
		}
	}
}

// A /plan command is stored before its ack too: one acknowledged by a run
// that died before replying is answered by the next, once, even if Slack
// delivers it again.
func TestAckedCommandIsAnswered(t *testing.T) {
	ev := newEnv(t, false)
	ev.bot.SetAfterStore(func(key string) error {
		if strings.HasPrefix(key, "command:") {
			return fmt.Errorf("crash")
		}
		return nil
	})
	ev.start()
	url := ev.srv.NewResponseURL()
	fields := map[string]string{"text": "2022年新增学位多少", "user_id": "U1", "channel_id": "C1", "response_url": url, "trigger_id": "T.1"}
	id, err := ev.srv.SendSlashCommand(fields)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.srv.WaitAck(wait, id); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	ev.stop()
	if n := len(ev.srv.Responses(url)); n != 0 {
		t.Fatalf("%d replies before the restart", n)
	}
	b2, err := bot.New(bot.Config{BotToken: ev.srv.BotToken(), AppToken: ev.srv.AppToken(), APIURL: ev.srv.APIURL(),
		Logger: slog.New(slog.NewTextHandler(ev.logs, nil))}, ev.engine, ev.db, bot.Services{})
	if err != nil {
		t.Fatal(err)
	}
	ev.bot = b2
	ev.start()
	resp, err := ev.srv.WaitResponse(wait, url)
	if err != nil || !strings.Contains(string(resp.Body), "9510座") {
		t.Fatalf("no reply after the restart: %v %s", err, resp.Body)
	}
	id, _ = ev.srv.SendSlashCommand(fields) // Slack delivers it again
	if _, err := ev.srv.WaitAck(wait, id); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(ev.srv.Responses(url)); n != 1 {
		t.Errorf("%d replies; want 1", n)
	}
}
