package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/follow"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/internal/fakeslack"
	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/store"
)

const seedPath = "../seeds/futian-2021-execution-2022-plan.txt"

var (
	anOnce sync.Once
	an     *nlp.Analyzer
)

// analyzer is shared: building it is the slow part and it is read-only.
func analyzer(t testing.TB) *nlp.Analyzer {
	anOnce.Do(func() {
		var err error
		if an, err = nlp.New(nil); err != nil {
			panic(err)
		}
	})
	return an
}

// env is a bot over a real index (badger in a temp dir) talking to a
// fake Slack over loopback.
type env struct {
	srv    *fakeslack.Server
	db     *store.DB
	bot    *bot.Bot
	engine *answer.Engine
	in     *ingest.Ingester
	follow *follow.Service
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type option func(*bot.Config)

// newEnv builds the index, the bot and the fake; with run set the bot is
// started in Socket Mode.
func newEnv(t testing.TB, run bool, opts ...option) *env {
	t.Helper()
	return newEnvWith(t, run, nil, opts...)
}

// newEnvWith is newEnv with a fake Slack built with srvOpts.
func newEnvWith(t testing.TB, run bool, srvOpts []fakeslack.Option, opts ...option) *env {
	t.Helper()
	srv := fakeslack.New(srvOpts...)
	t.Cleanup(srv.Close)
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := analyzer(t)
	in := ingest.New(db, parse.New(), nlp.New, a, nil)
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Ingest(context.Background(), "seed.txt", data, parse.Options{}); err != nil {
		t.Fatal(err)
	}
	engine := answer.New(db, in.Analyzer())
	logs := &syncBuffer{}
	cfg := bot.Config{
		BotToken: srv.BotToken(), AppToken: srv.AppToken(), APIURL: srv.APIURL(),
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Admins: []string{"UADMIN"},
		// Slack's real pace (a post a second per channel) is the pacing
		// tests' own; elsewhere it would only make the suite slow.
		ChannelInterval: 5 * time.Millisecond,
	}
	for _, o := range opts {
		o(&cfg)
	}
	fs := &follow.Service{DB: db, Synonyms: a.Synonyms, IsUser: bot.IsUserID}
	ev := &env{srv: srv, db: db, engine: engine, in: in, follow: fs, logs: logs}
	lib := library.New(db, in, engine, fs)
	lib.Log = cfg.Logger
	svc := bot.Services{Follow: fs, Digests: &digest.Builder{DB: db}, Library: lib}
	b, err := bot.New(cfg, engine, db, svc)
	if err != nil {
		t.Fatal(err)
	}
	ev.bot = b
	lib.Kick = b.Kick
	t.Cleanup(func() {
		ev.stop()
		db.Close()
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	if run {
		ev.start()
	}
	return ev
}

// slash sends /plan text from U1 in C1 and returns the response's body
// and its text field.
func (ev *env) slash(text string) (body, msg string, err error) {
	url := ev.srv.NewResponseURL()
	ev.srv.SendSlashCommand(map[string]string{"text": text, "user_id": "U1", "channel_id": "C1", "response_url": url})
	resp, err := ev.srv.WaitResponse(wait, url)
	if err != nil {
		return "", "", err
	}
	var m struct{ Text string }
	resp.Decode(&m)
	return string(resp.Body), m.Text, nil
}

func (ev *env) start() {
	ctx, cancel := context.WithCancel(context.Background())
	ev.cancel = cancel
	ev.done = make(chan error, 1)
	go func() { ev.done <- ev.bot.Run(ctx) }()
}

func (ev *env) stop() {
	if ev.cancel != nil {
		ev.cancel()
		<-ev.done
		ev.cancel = nil
	}
}

const wait = 10 * time.Second

func mention(user, channel, ts, text string) map[string]any {
	return map[string]any{"type": "app_mention", "user": user, "text": text, "channel": channel, "ts": ts, "event_ts": ts}
}

func TestMentionIsAnsweredInThread(t *testing.T) {
	ev := newEnv(t, true)
	env, err := ev.srv.SendEventsAPI(mention("U1", "C1", "1700000000.000100", "<@UBOT> 2022年新增学位多少"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.srv.WaitAck(wait, env); err != nil {
		t.Fatalf("event not acknowledged: %v", err)
	}
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	c := calls[0]
	if c.Param("channel") != "C1" || c.Param("thread_ts") != "1700000000.000100" {
		t.Errorf("reply to channel %q thread %q", c.Param("channel"), c.Param("thread_ts"))
	}
	if !strings.Contains(string(c.Blocks), "9510座") || !strings.Contains(c.Param("text"), "9510座") {
		t.Errorf("reply lacks the figure: %s / %s", c.Blocks, c.Param("text"))
	}
	for _, m := range []string{"reactions.add", "reactions.remove"} {
		rs, err := ev.srv.WaitFor(wait, m, 1)
		if err != nil || rs[0].Param("name") != "eyes" {
			t.Errorf("%s eyes: %v %v", m, rs, err)
		}
	}
	if !strings.Contains(ev.logs.String(), "msg=answered") || !strings.Contains(ev.logs.String(), "figure=9510座") {
		t.Errorf("no answer log line:\n%s", ev.logs.String())
	}
}

func TestDirectMessage(t *testing.T) {
	ev := newEnv(t, true)
	ev.srv.SendEventsAPI(map[string]any{"type": "message", "channel_type": "im", "user": "U2", "channel": "DU2", "text": "2021年GDP是多少", "ts": "1.000200", "event_ts": "1.000200"})
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if calls[0].Param("channel") != "DU2" || calls[0].Param("thread_ts") != "" || !strings.Contains(string(calls[0].Blocks), "5318.2亿元") {
		t.Errorf("DM reply: %v %s", calls[0].Params, calls[0].Blocks)
	}
}

func TestIgnoresBotsAndEdits(t *testing.T) {
	ev := newEnv(t, true)
	ev.srv.SendEventsAPI(map[string]any{"type": "message", "channel_type": "im", "user": "U2", "bot_id": "BOTHER", "channel": "DU2", "text": "2021年GDP是多少", "ts": "1.1"})
	ev.srv.SendEventsAPI(map[string]any{"type": "message", "channel_type": "im", "subtype": "message_changed", "channel": "DU2", "ts": "1.2"})
	ev.srv.SendEventsAPI(mention("UBOT", "C1", "1.3", "<@UBOT> 2021年GDP是多少"))
	// A real question afterwards is answered, and is the only reply.
	ev.srv.SendEventsAPI(mention("U1", "C1", "1.4", "<@UBOT> 2021年GDP是多少"))
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if calls := ev.srv.CallsTo("chat.postMessage"); len(calls) != 1 || calls[0].Param("thread_ts") != "1.4" {
		t.Errorf("replies: %d (want only the answer to 1.4)", len(calls))
	}
}

func TestRetriedEventAnsweredOnce(t *testing.T) {
	ev := newEnv(t, true)
	outer := map[string]any{"type": "event_callback", "event_id": "Ev123", "team_id": "T1", "event_time": 1,
		"event": mention("U1", "C1", "2.1", "<@UBOT> 2022年新增学位多少")}
	ev.srv.SendEventsAPI(outer)
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	id, _ := ev.srv.SendEventsAPI(outer, fakeslack.WithRetry(1, "timeout"))
	if _, err := ev.srv.WaitAck(wait, id); err != nil {
		t.Fatalf("retry not acknowledged: %v", err)
	}
	// A different event after it proves the bot processed the retry.
	ev.srv.SendEventsAPI(mention("U1", "C1", "2.2", "<@UBOT> 2021年GDP是多少"))
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 2); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	n := 0
	for _, c := range ev.srv.CallsTo("chat.postMessage") {
		if c.Param("thread_ts") == "2.1" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("retried event answered %d times", n)
	}
}

func TestRateLimitedReplyIsRetried(t *testing.T) {
	ev := newEnv(t, true)
	ev.srv.FailNext("chat.postMessage", 1, fakeslack.RateLimited(time.Second))
	ev.srv.SendEventsAPI(mention("U1", "C1", "3.1", "<@UBOT> 2022年新增学位多少"))
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 2)
	if err != nil {
		t.Fatal(err)
	}
	if !calls[0].Failed || calls[0].Status != http.StatusTooManyRequests || calls[1].Failed {
		t.Errorf("calls: %+v", calls)
	}
	if d := calls[1].Time.Sub(calls[0].Time); d < 900*time.Millisecond {
		t.Errorf("retried after %v, before Retry-After", d)
	}
	if !strings.Contains(string(calls[1].Blocks), "9510座") {
		t.Error("the retried reply is not the answer")
	}
}

func TestReconnectAfterDrop(t *testing.T) {
	ev := newEnv(t, true)
	if err := ev.srv.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	ev.srv.DropConnections()
	if err := ev.srv.WaitConnections(wait, 2); err != nil {
		t.Fatalf("no reconnect: %v", err)
	}
	ev.srv.SendEventsAPI(mention("U1", "C1", "4.1", "<@UBOT> 2022年新增学位多少"))
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 1); err != nil {
		t.Fatalf("event after reconnect not answered: %v", err)
	}
	ev.srv.Disconnect("refresh_requested")
	if err := ev.srv.WaitConnections(wait, 3); err != nil {
		t.Fatalf("no reconnect after disconnect: %v", err)
	}
	ev.srv.SendEventsAPI(mention("U1", "C1", "4.2", "<@UBOT> 2021年GDP是多少"))
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 2); err != nil {
		t.Fatalf("event after refresh not answered: %v", err)
	}
}

func TestSlashCommandSocketMode(t *testing.T) {
	ev := newEnv(t, true)
	url := ev.srv.NewResponseURL()
	start := time.Now()
	id, err := ev.srv.SendSlashCommand(map[string]string{"text": "2022年新增学位多少", "user_id": "U1", "channel_id": "C1", "response_url": url})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.srv.WaitAck(wait, id); err != nil || time.Since(start) > 3*time.Second {
		t.Fatalf("slash command ack: %v after %v", err, time.Since(start))
	}
	resp, err := ev.srv.WaitResponse(wait, url)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	resp.Decode(&m)
	if m["response_type"] != "ephemeral" || !strings.Contains(string(resp.Body), "9510座") || !strings.Contains(string(resp.Body), "share_answer") {
		t.Errorf("response: %s", resp.Body)
	}
}

func TestSlashSubcommands(t *testing.T) {
	ev := newEnv(t, true)
	cases := []struct{ text, want string }{
		{"help", "/plan task 20"},
		{"帮助", "/plan subscribe"},
		{"tasks", "20. 提升教育事业发展质效"},
		{"task 20", "新增9510座学位"},
		{"任务20", "新增9510座学位"},
		{"task 99", "没有任务99"},
		{"docs", "福田区/2021-2022/plan-execution"},
		{"frobnicate", "没有 `frobnicate` 这个命令"},
		{"GDP", "5318.2亿元"},
		{"subscribe 教育", "已订阅任务20 提升教育事业发展质效"},
		{"subscribe 城区", "对应多项"},
		{"subscriptions", "任务20 提升教育事业发展质效"},
		{"unsubscribe 20", "已取消订阅"},
		{"digest on 08:30", "每天 08:30"},
		{"digest now", "每日指标摘要"},
		{"digest off", "已关闭"},
	}
	for _, c := range cases {
		body, text, err := ev.slash(c.text)
		if err != nil {
			t.Errorf("/plan %s: %v", c.text, err)
			continue
		}
		if !strings.Contains(body, c.want) && !strings.Contains(text, c.want) {
			t.Errorf("/plan %s: response lacks %q:\n%s", c.text, c.want, body)
		}
	}
}

func TestButtonSubscribesAndFeedback(t *testing.T) {
	ev := newEnv(t, true)
	url := ev.srv.NewResponseURL()
	value := `{"q":"2022年新增学位多少","d":"福田区/2021-2022/plan-execution","t":20,"tt":"提升教育事业发展质效","f":"9510座","ok":true}`
	payload := map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U7"}, "channel": map[string]any{"id": "C1"},
		"response_url": url, "trigger_id": "1.2",
		"actions": []map[string]any{{"action_id": "subscribe_task", "block_id": "answer_actions", "value": value, "type": "button", "action_ts": "1.3"}},
	}
	id, _ := ev.srv.SendInteractive(payload)
	if _, err := ev.srv.WaitAck(wait, id); err != nil {
		t.Fatal(err)
	}
	if _, err := ev.srv.WaitResponse(wait, url); err != nil {
		t.Fatal(err)
	}
	subs, err := ev.db.Subscriptions("U7")
	if err != nil || len(subs) != 1 || subs[0].Target != "task:福田区:提升教育事业发展质效" {
		t.Fatalf("subscriptions = %+v, %v", subs, err)
	}
	if _, err := ev.srv.WaitFor(wait, "views.publish", 1); err != nil {
		t.Error("App Home not refreshed after subscribing")
	}

	url2 := ev.srv.NewResponseURL()
	payload["response_url"] = url2
	payload["actions"] = []map[string]any{{"action_id": "feedback_down", "block_id": "answer_actions", "value": value, "type": "button", "action_ts": "1.4"}}
	ev.srv.SendInteractive(payload)
	if _, err := ev.srv.WaitResponse(wait, url2); err != nil {
		t.Fatal(err)
	}
	var fb []store.Feedback
	ev.db.EachFeedback(func(f store.Feedback) error { fb = append(fb, f); return nil })
	if len(fb) != 1 || fb[0].Helpful || fb[0].Question != "2022年新增学位多少" || fb[0].Figure != "9510座" || fb[0].User != "U7" {
		t.Errorf("feedback = %+v", fb)
	}
}

func TestShareAndMoreSources(t *testing.T) {
	ev := newEnv(t, true)
	value := `{"q":"2022年新增学位多少","ok":true}`
	url := ev.srv.NewResponseURL()
	ev.srv.SendInteractive(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U7"}, "channel": map[string]any{"id": "C9"}, "response_url": url,
		"actions": []map[string]any{{"action_id": "share_answer", "block_id": "answer_actions", "value": value, "type": "button"}},
	})
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if calls[0].Param("channel") != "C9" || !strings.Contains(string(calls[0].Blocks), `\u003c@U7\u003e 分享了`) {
		t.Errorf("share: %v %s", calls[0].Params, calls[0].Blocks)
	}
	url2 := ev.srv.NewResponseURL()
	ev.srv.SendInteractive(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": "U7"}, "channel": map[string]any{"id": "C9"}, "response_url": url2,
		"actions": []map[string]any{{"action_id": "more_sources", "block_id": "answer_actions", "value": value, "type": "button"}},
	})
	resp, err := ev.srv.WaitResponse(wait, url2)
	if err != nil || !strings.Contains(string(resp.Body), "全部出处") {
		t.Errorf("more sources: %s %v", resp.Body, err)
	}
}

func TestAppHome(t *testing.T) {
	ev := newEnv(t, true)
	ev.srv.SendEventsAPI(map[string]any{"type": "app_home_opened", "user": "U5", "channel": "DU5", "tab": "home", "event_ts": "5.1"})
	calls, err := ev.srv.WaitFor(wait, "views.publish", 1)
	if err != nil {
		t.Fatal(err)
	}
	body := string(calls[0].Body)
	for _, want := range []string{`"user_id":"U5"`, "home", "可以这样问", "你的订阅", "每日摘要"} {
		if !strings.Contains(body, want) {
			t.Errorf("home view lacks %q", want)
		}
	}
}

func TestPerUserCapAndEscaping(t *testing.T) {
	ev := newEnv(t, true, func(c *bot.Config) { c.QuestionsPerMinute = 2 })
	for i := 0; i < 4; i++ {
		ev.srv.SendEventsAPI(mention("U3", "C1", fmt.Sprintf("6.%d", i), "<@UBOT> <!channel> 2022年新增学位多少"))
	}
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 2); err != nil {
		t.Fatal(err)
	}
	notices, err := ev.srv.WaitFor(wait, "chat.postEphemeral", 1)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	calls := ev.srv.CallsTo("chat.postMessage")
	for _, c := range calls {
		if strings.Contains(string(c.Blocks)+c.Param("text"), "<!channel>") {
			t.Error("<!channel> passed through unescaped")
		}
		if strings.Contains(c.Param("text"), "频繁") {
			t.Error("the over-the-cap notice was posted for everyone to see")
		}
	}
	notices = ev.srv.CallsTo("chat.postEphemeral")
	if len(calls) != 2 || len(notices) != 1 || notices[0].Param("user") != "U3" || notices[0].Param("thread_ts") != "6.2" || !strings.Contains(notices[0].Param("text"), "频繁") {
		t.Errorf("%d answers and notices %+v; want 2 answers and 1 ephemeral notice to U3 in the thread", len(calls), notices)
	}
}

// A reply in flight when the bot is told to stop is still delivered.
func TestGracefulShutdownFinishesReplies(t *testing.T) {
	ev := newEnv(t, true)
	ev.srv.FailNext("chat.postMessage", 1, fakeslack.RateLimited(time.Second))
	ev.srv.SendEventsAPI(mention("U1", "C1", "7.1", "<@UBOT> 2022年新增学位多少"))
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	ev.cancel()
	select {
	case <-ev.done:
	case <-time.After(wait):
		t.Fatal("bot did not stop")
	}
	ev.cancel = nil
	calls := ev.srv.CallsTo("chat.postMessage")
	if len(calls) != 2 || calls[1].Failed {
		t.Errorf("reply in flight lost at shutdown: %d calls", len(calls))
	}
}

// HTTP Events API: signature checked before anything is parsed.
func TestHTTPMode(t *testing.T) {
	const secret = "shhh"
	ev := newEnv(t, false, func(c *bot.Config) { c.AppToken = ""; c.HTTPAddr = "127.0.0.1:0"; c.SigningSecret = secret })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ev.bot.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	base := "http://" + ln.Addr().String()
	post := func(path string, ts time.Time, body []byte, sign string, hdr map[string]string) (int, string) {
		req, _ := fakeslack.NewSignedRequest(base+path, sign, ts, "application/json", body)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	code, body := post("/slack/events", time.Now(), []byte(`{"type":"url_verification","challenge":"abc123"}`), secret, nil)
	if code != 200 || !strings.Contains(body, "abc123") {
		t.Errorf("url_verification: %d %s", code, body)
	}
	event := func(id, ts string) []byte {
		b, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": id, "team_id": "T1", "event": mention("U1", "C1", ts, "<@UBOT> 2022年新增学位多少")})
		return b
	}
	// Refused: bad signature, stale timestamp, malformed JSON; none answered.
	if code, _ := post("/slack/events", time.Now(), event("EvBad", "8.0"), "wrong secret", nil); code != 401 {
		t.Errorf("bad signature: %d", code)
	}
	if code, _ := post("/slack/events", time.Now().Add(-6*time.Minute), event("EvOld", "8.0"), secret, nil); code != 401 {
		t.Errorf("stale timestamp: %d", code)
	}
	if code, _ := post("/slack/events", time.Now(), []byte(`{"type": "event_callback", "event": {`), secret, nil); code != 400 {
		t.Errorf("malformed JSON: %d", code)
	}
	if code, _ := post("/slack/commands", time.Now(), []byte("garbage=1"), secret, nil); code != 400 {
		t.Errorf("malformed command: %d", code)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(ev.srv.CallsTo("chat.postMessage")); n != 0 {
		t.Fatalf("refused requests were answered: %d replies", n)
	}

	// An event, then Slack's retry of it: answered once.
	if code, _ := post("/slack/events", time.Now(), event("EvH1", "8.1"), secret, nil); code != 200 {
		t.Errorf("event: %d", code)
	}
	if code, _ := post("/slack/events", time.Now(), event("EvH1", "8.1"), secret, map[string]string{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}); code != 200 {
		t.Errorf("retry: %d", code)
	}
	if _, err := ev.srv.WaitFor(wait, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(ev.srv.CallsTo("chat.postMessage")); n != 1 {
		t.Errorf("event and its retry answered %d times", n)
	}

	// A slash command, signed, form-encoded.
	url := ev.srv.NewResponseURL()
	form := "command=%2Fplan&text=2021%E5%B9%B4GDP%E6%98%AF%E5%A4%9A%E5%B0%91&user_id=U1&channel_id=C1&response_url=" + urlEscape(url)
	req, _ := fakeslack.NewSignedRequest(base+"/slack/commands", secret, time.Now(), "application/x-www-form-urlencoded", []byte(form))
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 || time.Since(start) > 3*time.Second {
		t.Fatalf("command ack: %v %v", resp, err)
	}
	r, err := ev.srv.WaitResponse(wait, url)
	if err != nil || !strings.Contains(string(r.Body), "5318.2亿元") {
		t.Errorf("command reply: %s %v", r.Body, err)
	}
}

func urlEscape(s string) string {
	return strings.NewReplacer(":", "%3A", "/", "%2F", "?", "%3F", "=", "%3D", "&", "%26").Replace(s)
}

// BenchmarkEventToReply measures the time from a mention reaching the
// bot over Socket Mode to its reply being posted, against the fake Slack
// on loopback; p50_ms and p99_ms are reported over all events.
func BenchmarkEventToReply(b *testing.B) {
	// planbot's own latency: no per-channel pacing (that is Slack's pace,
	// measured by BenchmarkHundredMentionsAtOnePostASecond).
	ev := newEnv(b, true, func(c *bot.Config) { c.QuestionsPerMinute = 1 << 30; c.ChannelInterval = time.Nanosecond })
	if err := ev.srv.WaitConnections(wait, 1); err != nil {
		b.Fatal(err)
	}
	qs := []string{"2022年新增学位多少", "2021年GDP是多少", "规上工业增加值增速", "疫苗接种了多少人", "福田区常住人口有多少"}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		before := len(ev.srv.CallsTo("chat.postMessage"))
		start := time.Now()
		ev.srv.SendEventsAPI(mention(fmt.Sprintf("U%d", i%20), "C1", fmt.Sprintf("%d.%06d", 1700000000+i, i), "<@UBOT> "+qs[i%len(qs)]))
		calls, err := ev.srv.WaitFor(wait, "chat.postMessage", before+1)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, calls[len(calls)-1].Time.Sub(start))
		i++
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
}

// A document an admin shares in a DM is ingested; one from anyone else
// is not.
func TestAdminSharesDocument(t *testing.T) {
	ev := newEnv(t, true)
	data, err := os.ReadFile("../parse/testdata/nanshan-plan/input.txt")
	if err != nil {
		t.Fatal(err)
	}
	f := ev.srv.AddFile(slack.File{Name: "nanshan.txt"}, data)
	ev.srv.SendEventsAPI(map[string]any{"type": "file_shared", "file_id": f.ID, "user_id": "UOTHER", "channel_id": "DUOTHER", "file": map[string]any{"id": f.ID}, "event_ts": "1.1"})
	ev.srv.SendEventsAPI(map[string]any{"type": "file_shared", "file_id": f.ID, "user_id": "UADMIN", "channel_id": "DUADMIN", "file": map[string]any{"id": f.ID}, "event_ts": "1.2"})
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if calls[0].Param("channel") != "DUADMIN" || !strings.Contains(calls[0].Param("text"), "南山区/2022-2023/plan-execution v1") {
		t.Errorf("reply: %v", calls[0].Params)
	}
	if _, ok := ev.db.Meta("南山区/2022-2023/plan-execution"); !ok {
		t.Error("the shared document is not in the index")
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(ev.srv.CallsTo("chat.postMessage")); n != 1 {
		t.Errorf("%d replies; the non-admin's file was acted on", n)
	}
}

// A work report numbers no tasks: /plan tasks lists the sections of its
// planned work, /plan task N shows one under its part, and
// /plan subscribe N follows it.
func TestSlashTasksOfAWorkReport(t *testing.T) {
	ev := newEnv(t, false, func(c *bot.Config) { c.Region = "河北省" })
	ev.follow.Region = "河北省" // as serve sets both from PLANBOT_REGION
	ev.start()
	data, err := os.ReadFile("../diff/testdata/hebei_2026_gwr.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ev.in.Ingest(context.Background(), "hebei.txt", data, parse.Options{}); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ text, want, not string }{
		{"tasks", "2. 充分挖掘内需潜力，推动经济稳定增长", "提升教育事业发展质效"},
		{"task 2", "2026年主要工作", "第0页"},
		{"subscribe 2", "已订阅任务2 充分挖掘内需潜力，推动经济稳定增长", ""},
	}
	for _, c := range cases {
		body, _, err := ev.slash(c.text)
		if err != nil {
			t.Errorf("/plan %s: %v", c.text, err)
			continue
		}
		if !strings.Contains(body, c.want) || c.not != "" && strings.Contains(body, c.not) {
			t.Errorf("/plan %s: want %q and not %q in:\n%s", c.text, c.want, c.not, body)
		}
	}
}
