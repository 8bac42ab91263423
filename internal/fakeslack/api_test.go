package fakeslack_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/fakeslack"
	"github.com/slack-go/slack"
)

const wait = 5 * time.Second

func newServer(t *testing.T, opts ...fakeslack.Option) (*fakeslack.Server, *slack.Client) {
	t.Helper()
	srv := fakeslack.New(opts...)
	t.Cleanup(srv.Close)
	return srv, slack.New(srv.BotToken(), slack.OptionAPIURL(srv.APIURL()))
}

func TestAPIURL(t *testing.T) {
	srv, _ := newServer(t)
	if !strings.HasPrefix(srv.APIURL(), "http://127.0.0.1:") || !strings.HasSuffix(srv.APIURL(), "/api/") {
		t.Fatalf("APIURL() = %q, want http://127.0.0.1:port/api/", srv.APIURL())
	}
}

func TestAuthTest(t *testing.T) {
	srv, api := newServer(t)
	res, err := api.AuthTest()
	if err != nil {
		t.Fatal(err)
	}
	if res.UserID != srv.BotUserID() || res.TeamID != srv.TeamID() || res.BotID != fakeslack.DefaultBotID {
		t.Fatalf("auth.test = %+v", res)
	}
}

func TestChatMethods(t *testing.T) {
	srv, api := newServer(t)
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*plan*", false, false), nil, nil))

	ch, ts, err := api.PostMessage("C1", slack.MsgOptionText("hello", false), blocks, slack.MsgOptionTS("1.000001"))
	if err != nil {
		t.Fatal(err)
	}
	if ch != "C1" || ts == "" {
		t.Fatalf("PostMessage = %q, %q", ch, ts)
	}
	calls := srv.CallsTo("chat.postMessage")
	if len(calls) != 1 {
		t.Fatalf("recorded %d postMessage calls", len(calls))
	}
	c := calls[0]
	if c.Param("channel") != "C1" || c.Param("text") != "hello" || c.Param("thread_ts") != "1.000001" {
		t.Errorf("params = %v", c.Params)
	}
	if c.Token != srv.BotToken() || c.Params.Has("token") || c.Failed || c.Status != 200 {
		t.Errorf("call = %+v", c)
	}
	var bs slack.Blocks
	if err := json.Unmarshal(c.Blocks, &bs); err != nil || len(bs.BlockSet) != 1 {
		t.Fatalf("blocks %s: %v", c.Blocks, err)
	}
	if sec, ok := bs.BlockSet[0].(*slack.SectionBlock); !ok || sec.Text.Text != "*plan*" {
		t.Errorf("block = %#v", bs.BlockSet[0])
	}

	// Posting to a user ID lands in the DM, as on Slack.
	ch, ts2, err := api.PostMessage("U7", slack.MsgOptionText("dm", false))
	if err != nil || ch != "DU7" || ts2 <= ts {
		t.Fatalf("PostMessage(U7) = %q, %q, %v (previous ts %s)", ch, ts2, err, ts)
	}

	if _, _, err := api.PostMessage("C1"); err == nil || err.Error() != "no_text" {
		t.Errorf("empty message: err = %v, want no_text", err)
	}
}

func TestReactions(t *testing.T) {
	srv, api := newServer(t)
	item := slack.NewRefToMessage("C1", "1.000001")
	if err := api.AddReaction("eyes", item); err != nil {
		t.Fatal(err)
	}
	if err := api.AddReaction("eyes", item); err == nil || err.Error() != "already_reacted" {
		t.Errorf("second add: %v, want already_reacted", err)
	}
	if err := api.RemoveReaction("eyes", item); err != nil {
		t.Fatal(err)
	}
	if err := api.RemoveReaction("eyes", item); err == nil || err.Error() != "no_reaction" {
		t.Errorf("second remove: %v, want no_reaction", err)
	}
	c := srv.CallsTo("reactions.add")[0]
	if c.Param("name") != "eyes" || c.Param("channel") != "C1" || c.Param("timestamp") != "1.000001" {
		t.Errorf("reactions.add params = %v", c.Params)
	}
	if c := srv.CallsTo("reactions.add")[1]; !c.Failed || c.Injected || c.Error != "already_reacted" {
		t.Errorf("failed call = %+v", c)
	}
}

func TestViewsPublish(t *testing.T) {
	srv, api := newServer(t)
	view := slack.HomeTabViewRequest{
		Type:   slack.VTHomeTab,
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewDividerBlock()}},
	}
	res, err := api.PublishView("U1", view, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.View.ID == "" || res.View.Type != slack.VTHomeTab || res.View.TeamID != srv.TeamID() || len(res.View.Blocks.BlockSet) != 1 {
		t.Fatalf("view = %+v", res.View)
	}
	c := srv.CallsTo("views.publish")[0]
	if !strings.HasPrefix(c.ContentType, "application/json") || c.Token != srv.BotToken() || c.Param("user_id") != "U1" {
		t.Errorf("call = %+v", c)
	}
	if !json.Valid(c.Blocks) || !strings.Contains(string(c.Blocks), `"divider"`) {
		t.Errorf("blocks = %s", c.Blocks)
	}
	res2, err := api.PublishView("U1", view, "")
	if err != nil || res2.View.ID != res.View.ID {
		t.Errorf("republish: %v, id %q want %q", err, res2.View.ID, res.View.ID)
	}
}

func TestConversationsOpen(t *testing.T) {
	_, api := newServer(t)
	ch, noOp, already, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U5"}})
	if err != nil || ch.ID != "DU5" || noOp || already {
		t.Fatalf("OpenConversation = %+v %v %v %v", ch, noOp, already, err)
	}
	_, _, already, _ = api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U5"}})
	if !already {
		t.Error("second open: already_open = false")
	}
}

func TestFiles(t *testing.T) {
	srv, api := newServer(t)
	content := []byte("date,task\n2024-01-01,plan\n")
	f := srv.AddFile(slack.File{Name: "plan.csv", User: "U1"}, content)
	if f.ID == "" || f.Size != len(content) || f.Mimetype != "text/csv" || f.Filetype != "csv" {
		t.Fatalf("AddFile = %+v", f)
	}

	got, _, _, err := api.GetFileInfo(f.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "plan.csv" || got.URLPrivateDownload != f.URLPrivateDownload ||
		!strings.HasPrefix(got.URLPrivateDownload, srv.URL()+"/") {
		t.Fatalf("files.info = %+v", got)
	}
	var buf bytes.Buffer
	if err := api.GetFile(got.URLPrivateDownload, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), content) {
		t.Fatalf("downloaded %q", buf.Bytes())
	}
	buf.Reset()
	if err := api.GetFile(got.URLPrivate, &buf); err != nil || !bytes.Equal(buf.Bytes(), content) {
		t.Fatalf("url_private: %q, %v", buf.Bytes(), err)
	}

	// A wrong token is sent to the sign-in page, which slack-go detects.
	other := slack.New("xoxb-wrong", slack.OptionAPIURL(srv.APIURL()))
	buf.Reset()
	if err := other.GetFile(got.URLPrivateDownload, &buf); err == nil || !strings.Contains(err.Error(), "sign-in") {
		t.Errorf("download with wrong token: %v (%q)", err, buf.Bytes())
	}
	downloads := srv.CallsTo(fakeslack.MethodFileDownload)
	if len(downloads) != 3 || downloads[0].Param("file") != f.ID || downloads[0].Failed || !downloads[2].Failed {
		t.Errorf("downloads = %+v", downloads)
	}

	if _, _, _, err := api.GetFileInfo("F404", 0, 0); err == nil || err.Error() != "file_not_found" {
		t.Errorf("unknown file: %v", err)
	}
}

func TestInvalidAuth(t *testing.T) {
	srv, _ := newServer(t)
	for _, tok := range []string{"xoxb-wrong", srv.AppToken(), ""} {
		api := slack.New(tok, slack.OptionAPIURL(srv.APIURL()))
		if _, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false)); err == nil || err.Error() != "invalid_auth" {
			t.Errorf("token %q: err = %v, want invalid_auth", tok, err)
		}
	}
	// apps.connections.open wants the app token, not the bot token.
	api := slack.New(srv.BotToken(), slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken(srv.BotToken()))
	if _, _, err := api.StartSocketModeContext(t.Context()); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("apps.connections.open with bot token: %v", err)
	}
	for _, c := range srv.Calls() {
		if !c.Failed || c.Error != "invalid_auth" || c.Injected {
			t.Errorf("call = %+v", c)
		}
	}
}

func TestBearerHeaderWithFormBody(t *testing.T) {
	srv, _ := newServer(t)
	req, _ := http.NewRequest(http.MethodPost, srv.APIURL()+"chat.postMessage",
		strings.NewReader(url.Values{"channel": {"C1"}, "text": {"hi"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+srv.BotToken())
	body := do(t, req)
	if body["ok"] != true || body["channel"] != "C1" || body["ts"] == "" {
		t.Fatalf("answer = %v", body)
	}
}

func TestJSONBodyForChat(t *testing.T) {
	srv, _ := newServer(t)
	req, _ := http.NewRequest(http.MethodPost, srv.APIURL()+"chat.postMessage",
		strings.NewReader(`{"channel":"C1","text":"hi","blocks":[{"type":"divider"}],"unfurl_links":false}`))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+srv.BotToken())
	if body := do(t, req); body["ok"] != true {
		t.Fatalf("answer = %v", body)
	}
	c := srv.CallsTo("chat.postMessage")[0]
	if c.Param("text") != "hi" || c.Param("unfurl_links") != "false" || string(c.Blocks) != `[{"type":"divider"}]` {
		t.Errorf("call = %+v (blocks %s)", c, c.Blocks)
	}
}

func TestUnknownMethod(t *testing.T) {
	srv, _ := newServer(t)
	req, _ := http.NewRequest(http.MethodPost, srv.APIURL()+"chat.frobnicate", strings.NewReader("token="+srv.BotToken()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	body := do(t, req)
	if body["ok"] != false || body["error"] != "unknown_method" {
		t.Fatalf("answer = %v", body)
	}
	if calls := srv.CallsTo("chat.frobnicate"); len(calls) != 1 || !calls[0].Failed {
		t.Fatalf("calls = %+v", calls)
	}
}

func do(t *testing.T, req *http.Request) map[string]any {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("status %d body %q: %v", resp.StatusCode, b, err)
	}
	return m
}

func TestFailNext(t *testing.T) {
	srv, api := newServer(t)
	srv.FailNext("chat.postMessage", 1, fakeslack.RateLimited(3*time.Second))
	srv.FailNext("chat.postMessage", 1, fakeslack.HTTPError(http.StatusServiceUnavailable))
	srv.FailNext("chat.postMessage", 1, fakeslack.APIError("channel_not_found"))
	srv.FailNext("conversations.open", 2, fakeslack.APIError("user_not_found"))

	post := func() error {
		_, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false))
		return err
	}
	var rl *slack.RateLimitedError
	if err := post(); !errors.As(err, &rl) || rl.RetryAfter != 3*time.Second {
		t.Fatalf("first: %v, want RateLimitedError{3s}", err)
	}
	var sc slack.StatusCodeError
	if err := post(); !errors.As(err, &sc) || sc.Code != http.StatusServiceUnavailable {
		t.Fatalf("second: %#v, want StatusCodeError 503", err)
	}
	var se slack.SlackErrorResponse
	if err := post(); !errors.As(err, &se) || se.Err != "channel_not_found" {
		t.Fatalf("third: %v, want channel_not_found", err)
	}
	if err := post(); err != nil {
		t.Fatalf("fourth: %v, want success", err)
	}
	open := func() error {
		_, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U1"}})
		return err
	}
	for range 2 {
		if err := open(); err == nil || err.Error() != "user_not_found" {
			t.Fatalf("conversations.open: %v", err)
		}
	}
	if err := open(); err != nil {
		t.Fatalf("conversations.open after failures: %v", err)
	}

	calls := srv.CallsTo("chat.postMessage")
	want := []struct {
		status int
		errStr string
		failed bool
	}{{429, "ratelimited", true}, {503, "", true}, {200, "channel_not_found", true}, {200, "", false}}
	if len(calls) != len(want) {
		t.Fatalf("%d calls", len(calls))
	}
	for i, w := range want {
		c := calls[i]
		if c.Status != w.status || c.Error != w.errStr || c.Failed != w.failed || c.Injected != w.failed {
			t.Errorf("call %d = status %d error %q failed %v injected %v, want %+v", i, c.Status, c.Error, c.Failed, c.Injected, w)
		}
		if c.Param("text") != "x" {
			t.Errorf("call %d params = %v", i, c.Params)
		}
	}
}

func TestWaitFor(t *testing.T) {
	srv, api := newServer(t)
	errc := make(chan error, 1)
	go func() {
		time.Sleep(20 * time.Millisecond)
		for range 2 {
			if _, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false)); err != nil {
				errc <- err
				return
			}
		}
		errc <- nil
	}()
	calls, err := srv.WaitFor(wait, "chat.postMessage", 2)
	if err != nil || len(calls) < 2 {
		t.Fatalf("WaitFor = %d calls, %v", len(calls), err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := srv.WaitFor(30*time.Millisecond, "chat.postMessage", 3); err == nil {
		t.Fatal("WaitFor(3) succeeded with 2 calls")
	} else if !strings.Contains(err.Error(), "chat.postMessage") {
		t.Errorf("error %q", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("timeout took %v", d)
	}
}

func TestResponseURL(t *testing.T) {
	srv, api := newServer(t)
	u := srv.NewResponseURL()
	if u == srv.NewResponseURL() || !strings.HasPrefix(u, srv.URL()+"/commands/") {
		t.Fatalf("response URL %q", u)
	}
	go func() {
		_, _, _ = api.PostMessage("", slack.MsgOptionText("done", false),
			slack.MsgOptionResponseURL(u, slack.ResponseTypeEphemeral))
	}()
	r, err := srv.WaitResponse(wait, u)
	if err != nil {
		t.Fatal(err)
	}
	var msg slack.Msg
	if err := r.Decode(&msg); err != nil || msg.Text != "done" || msg.ResponseType != slack.ResponseTypeEphemeral || r.Status != 200 {
		t.Fatalf("response = %+v (%s), %v", msg, r.Body, err)
	}

	// Through slack-go, the answer must parse as success.
	if _, _, err := api.PostMessage("", slack.MsgOptionText("again", false), slack.MsgOptionReplaceOriginal(u)); err != nil {
		t.Fatal(err)
	}
	if rs := srv.Responses(u); len(rs) != 2 {
		t.Fatalf("%d responses", len(rs))
	}

	srv.FailNext(fakeslack.MethodResponseURL, 1, fakeslack.HTTPError(500))
	if _, _, err := api.PostMessage("", slack.MsgOptionText("x", false), slack.MsgOptionReplaceOriginal(u)); err == nil {
		t.Error("injected failure not reported")
	}
	if resp, err := http.Post(srv.URL()+"/commands/T1/1/nope", "application/json", strings.NewReader("{}")); err != nil || resp.StatusCode != 404 {
		t.Errorf("unknown response URL: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
}

// A failure after the work is done, or a dropped connection, leaves the
// client in doubt; only Accepted ones leave a message in the history.
func TestAcceptedAndDroppedFailures(t *testing.T) {
	cases := []struct {
		name     string
		f        fakeslack.Failure
		posted   bool
		wantErr  func(error) bool
		recorded string
	}{
		{"dropped", fakeslack.ConnectionDrop(), false, isTransport, "connection_dropped"},
		{"accepted then dropped", fakeslack.Accepted(fakeslack.ConnectionDrop()), true, isTransport, "connection_dropped"},
		{"accepted then 500", fakeslack.Accepted(fakeslack.HTTPError(500)), true, func(err error) bool {
			var sc slack.StatusCodeError
			return errors.As(err, &sc) && sc.Code == 500
		}, ""},
		{"accepted then internal_error", fakeslack.Accepted(fakeslack.APIError("internal_error")), true, func(err error) bool {
			var se slack.SlackErrorResponse
			return errors.As(err, &se) && se.Err == "internal_error"
		}, "internal_error"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, api := newServer(t)
			srv.FailNext("chat.postMessage", 1, tc.f)
			_, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false))
			if !tc.wantErr(err) {
				t.Fatalf("error %T %v", err, err)
			}
			if got := len(srv.History("C1")); got != map[bool]int{false: 0, true: 1}[tc.posted] {
				t.Errorf("history holds %d messages; posted=%v", got, tc.posted)
			}
			calls := srv.CallsTo("chat.postMessage")
			if len(calls) != 1 || !calls[0].Failed || !calls[0].Injected || calls[0].Error != tc.recorded {
				t.Errorf("calls = %+v", calls)
			}
		})
	}
}

func isTransport(err error) bool {
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	return err != nil && !errors.As(err, &se) && !errors.As(err, &sc)
}

func TestHistoryPagesAndOldest(t *testing.T) {
	srv, api := newServer(t)
	first := srv.AddMessage("C1", "U1", "m0")
	for i := 1; i < 25; i++ {
		srv.AddMessage("C1", "U1", fmt.Sprintf("m%d", i))
	}
	var got []string
	params := &slack.GetConversationHistoryParameters{ChannelID: "C1", Limit: 10, Oldest: first}
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		res, err := api.GetConversationHistory(params)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range res.Messages {
			got = append(got, m.Text)
		}
		if !res.HasMore {
			if res.ResponseMetaData.NextCursor != "" {
				t.Error("a cursor on the last page")
			}
			break
		}
		params.Cursor = res.ResponseMetaData.NextCursor
	}
	// Newest first; oldest is exclusive, so m0 is not listed.
	if len(got) != 24 || got[0] != "m24" || got[23] != "m1" {
		t.Errorf("got %d messages: %v", len(got), got)
	}
	params = &slack.GetConversationHistoryParameters{ChannelID: "C1", Oldest: first, Inclusive: true}
	if res, err := api.GetConversationHistory(params); err != nil || len(res.Messages) != 25 || res.HasMore {
		t.Errorf("inclusive: %d messages, more %v, %v", len(res.Messages), res.HasMore, err)
	}
	if _, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1", Cursor: "bogus!"}); err == nil || err.Error() != "invalid_cursor" {
		t.Errorf("bad cursor: %v", err)
	}
}
