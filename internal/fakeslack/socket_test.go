package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/planbot/planbot/internal/fakeslack"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// bot is a minimal Socket Mode app: it acks every request (slash commands
// with a payload) and forwards the events it sees.
type bot struct {
	events chan socketmode.Event
	done   chan error
}

func startBot(t *testing.T, srv *fakeslack.Server, opts ...socketmode.Option) *bot {
	t.Helper()
	api := srv.NewClient()
	smc := socketmode.New(api, opts...)
	ctx, cancel := context.WithCancel(context.Background())
	b := &bot{events: make(chan socketmode.Event, 100), done: make(chan error, 1)}
	var wg sync.WaitGroup
	wg.Go(func() { b.done <- smc.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-smc.Events:
				if evt.Request != nil && evt.Request.EnvelopeID != "" {
					var payload any
					if evt.Type == socketmode.EventTypeSlashCommand {
						payload = map[string]any{"text": "working on it"}
					}
					if err := smc.Ack(*evt.Request, payload); err != nil {
						t.Errorf("ack: %v", err)
					}
				}
				select {
				case b.events <- evt:
				default:
				}
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return b
}

// next returns the next event of type typ, skipping others.
func (b *bot) next(t *testing.T, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case evt := <-b.events:
			if evt.Type == typ {
				return evt
			}
		case err := <-b.done:
			t.Fatalf("socketmode client stopped: %v", err)
		case <-timeout:
			t.Fatalf("no %s event within %v", typ, wait)
		}
	}
}

const mention = `{"type":"app_mention","user":"U1","text":"<@UBOT> plan my week","channel":"C1","ts":"1712345678.000100","event_ts":"1712345678.000100"}`

func TestSocketModeEventsAndAcks(t *testing.T) {
	srv, _ := newServer(t)
	b := startBot(t, srv)
	b.next(t, socketmode.EventTypeHello)
	if err := srv.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	if calls := srv.CallsTo("apps.connections.open"); len(calls) != 1 || calls[0].Token != srv.AppToken() {
		t.Fatalf("apps.connections.open calls = %+v", calls)
	}

	id, err := srv.SendEventsAPI(mention)
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t, socketmode.EventTypeEventsAPI)
	if evt.Request.EnvelopeID != id {
		t.Errorf("envelope id %q, want %q", evt.Request.EnvelopeID, id)
	}
	api, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok || api.Type != slackevents.CallbackEvent || api.TeamID != srv.TeamID() {
		t.Fatalf("data = %#v", evt.Data)
	}
	am, ok := api.InnerEvent.Data.(*slackevents.AppMentionEvent)
	if !ok || am.Text != "<@UBOT> plan my week" || am.Channel != "C1" {
		t.Fatalf("inner = %#v", api.InnerEvent.Data)
	}
	ack, err := srv.WaitAck(wait, id)
	if err != nil {
		t.Fatal(err)
	}
	if ack.EnvelopeID != id || ack.Payload != nil {
		t.Errorf("ack = %+v (raw %s)", ack, ack.Raw)
	}

	// A retried delivery carries retry_attempt and retry_reason.
	id, err = srv.SendEventsAPI(mention, fakeslack.WithRetry(1, "timeout"))
	if err != nil {
		t.Fatal(err)
	}
	evt = b.next(t, socketmode.EventTypeEventsAPI)
	if evt.Request.RetryAttempt != 1 || evt.Request.RetryReason != "timeout" || evt.Request.EnvelopeID != id {
		t.Errorf("request = %+v", evt.Request)
	}

	// Slash command: the ack carries a response payload.
	respURL := srv.NewResponseURL()
	id, err = srv.SendSlashCommand(map[string]string{"command": "/plan", "text": "today", "response_url": respURL})
	if err != nil {
		t.Fatal(err)
	}
	evt = b.next(t, socketmode.EventTypeSlashCommand)
	cmd := evt.Data.(slack.SlashCommand)
	if cmd.Command != "/plan" || cmd.Text != "today" || cmd.ResponseURL != respURL || !evt.Request.AcceptsResponsePayload {
		t.Errorf("slash command = %+v, request %+v", cmd, evt.Request)
	}
	ack, err = srv.WaitAck(wait, id)
	if err != nil {
		t.Fatal(err)
	}
	var p struct{ Text string }
	if err := ack.Decode(&p); err != nil || p.Text != "working on it" {
		t.Errorf("ack payload %s: %v", ack.Payload, err)
	}

	// Interactive payload.
	id, err = srv.SendInteractive(map[string]any{
		"type":    "block_actions",
		"user":    map[string]any{"id": "U1"},
		"actions": []map[string]any{{"action_id": "approve", "block_id": "b1", "type": "button", "value": "yes"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	evt = b.next(t, socketmode.EventTypeInteractive)
	cb := evt.Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) != 1 || cb.ActionCallback.BlockActions[0].ActionID != "approve" {
		t.Errorf("interaction = %+v", cb)
	}
	if _, err := srv.WaitAck(wait, id); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Acks()); n != 4 {
		t.Errorf("%d acks, want 4", n)
	}
}

func TestSocketModeReconnects(t *testing.T) {
	srv, _ := newServer(t)
	b := startBot(t, srv)
	if err := srv.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	roundTrip := func(step string) {
		t.Helper()
		id, err := srv.SendEventsAPI(mention)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if _, err := srv.WaitAck(wait, id); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	roundTrip("first connection")

	if err := srv.Disconnect("refresh_requested"); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitConnections(wait, 2); err != nil {
		t.Fatal(err)
	}
	roundTrip("after disconnect")

	if n := srv.DropConnections(); n < 1 {
		t.Fatalf("dropped %d connections", n)
	}
	if err := srv.WaitConnections(wait, 3); err != nil {
		t.Fatal(err)
	}
	roundTrip("after drop")

	if calls := srv.CallsTo("apps.connections.open"); len(calls) != 3 {
		t.Errorf("%d apps.connections.open calls, want 3", len(calls))
	}
	select {
	case err := <-b.done:
		t.Fatalf("client stopped: %v", err)
	default:
	}
}

// With fast pings on both sides the link survives several client ping
// timeouts without reconnecting.
func TestSocketModePingsKeepLinkAlive(t *testing.T) {
	srv, _ := newServer(t, fakeslack.WithPingInterval(10*time.Millisecond))
	startBot(t, srv, socketmode.OptionPingInterval(200*time.Millisecond))
	if err := srv.WaitConnections(wait, 1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // 2.5 client ping timeouts
	if n := srv.Connections(); n != 1 {
		t.Fatalf("%d connections, want 1 (client reconnected)", n)
	}
	if n := srv.ActiveConnections(); n != 1 {
		t.Fatalf("%d active connections, want 1", n)
	}
}

func TestSocketModeInvalidAppToken(t *testing.T) {
	srv, _ := newServer(t)
	api := slack.New(srv.BotToken(), slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken("xapp-wrong"))
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	smc := socketmode.New(api)
	go func() {
		for range smc.Events {
		}
	}()
	if err := smc.RunContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Fatalf("RunContext = %v, want invalid_auth", err)
	}
}

// A raw websocket client checks the hello frame, ping/pong both ways and
// single-use tickets.
func TestSocketWireFormat(t *testing.T) {
	srv, _ := newServer(t, fakeslack.WithPingInterval(10*time.Millisecond))
	api := srv.NewClient()
	_, wsURL, err := api.StartSocketModeContext(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(wsURL, "ws://127.0.0.1:") {
		t.Fatalf("url %q", wsURL)
	}
	hdr := http.Header{"Origin": {"https://api.slack.com"}}
	conn, _, err := websocket.DefaultDialer.Dial(wsURL, hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	pinged := make(chan struct{}, 1)
	conn.SetPingHandler(func(data string) error {
		select {
		case pinged <- struct{}{}:
		default:
		}
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	ponged := make(chan struct{}, 1)
	conn.SetPongHandler(func(string) error {
		select {
		case ponged <- struct{}{}:
		default:
		}
		return nil
	})
	frames := make(chan []byte, 10)
	go func() {
		defer close(frames)
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			frames <- data
		}
	}()

	var hello socketmode.Request
	if err := json.Unmarshal(<-frames, &hello); err != nil {
		t.Fatal(err)
	}
	if hello.Type != "hello" || hello.NumConnections != 1 || hello.ConnectionInfo.AppID != srv.AppID() || hello.DebugInfo.Host == "" {
		t.Fatalf("hello = %+v", hello)
	}
	if err := conn.WriteControl(websocket.PingMessage, []byte("hi"), time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	for name, ch := range map[string]chan struct{}{"server ping": pinged, "pong to client ping": ponged} {
		select {
		case <-ch:
		case <-time.After(wait):
			t.Fatalf("no %s", name)
		}
	}

	id, err := srv.SendEvent(fakeslack.EnvelopeEventsAPI, json.RawMessage(`{"type":"event_callback","event":{"type":"message"}}`),
		fakeslack.WithEnvelopeID("env-1"))
	if err != nil || id != "env-1" {
		t.Fatalf("SendEvent = %q, %v", id, err)
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(<-frames, &env); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"envelope_id": `"env-1"`, "type": `"events_api"`, "accepts_response_payload": "false",
		"retry_attempt": "0", "retry_reason": `""`, "payload": `{"type":"event_callback","event":{"type":"message"}}`,
	} {
		if string(env[k]) != want {
			t.Errorf("envelope %s = %s, want %s", k, env[k], want)
		}
	}
	if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"envelope_id":"env-1","payload":{"x":1}}`)); err != nil {
		t.Fatal(err)
	}
	ack, err := srv.WaitAck(wait, "env-1")
	if err != nil || string(ack.Payload) != `{"x":1}` {
		t.Fatalf("ack = %+v, %v", ack, err)
	}

	if err := srv.Disconnect(""); err != nil {
		t.Fatal(err)
	}
	var disc socketmode.Request
	if err := json.Unmarshal(<-frames, &disc); err != nil || disc.Type != "disconnect" || disc.Reason != "refresh_requested" {
		t.Fatalf("disconnect frame = %+v, %v", disc, err)
	}

	// Tickets are single use.
	if _, resp, err := websocket.DefaultDialer.Dial(wsURL, hdr); err == nil {
		t.Fatal("second dial with the same ticket succeeded")
	} else if resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("second dial: %v", err)
	}
}

func TestSendWithoutConnectionTimesOut(t *testing.T) {
	srv, _ := newServer(t, fakeslack.WithSendTimeout(30*time.Millisecond))
	if _, err := srv.SendEventsAPI(mention); err == nil || !strings.Contains(err.Error(), "no Socket Mode connection") {
		t.Fatalf("SendEventsAPI = %v", err)
	}
	if _, err := srv.SendEventsAPI("not json"); err == nil {
		t.Fatal("invalid JSON accepted")
	}
	if err := srv.Disconnect(""); err == nil {
		t.Fatal("Disconnect without connections succeeded")
	}
	if err := srv.WaitConnections(20*time.Millisecond, 1); err == nil {
		t.Fatal("WaitConnections succeeded without connections")
	}
}

// Send waits for a connection that is opened later.
func TestSendWaitsForConnection(t *testing.T) {
	srv, _ := newServer(t)
	type result struct {
		id  string
		err error
	}
	res := make(chan result, 1)
	go func() {
		id, err := srv.SendEventsAPI(mention)
		res <- result{id, err}
	}()
	b := startBot(t, srv)
	r := <-res
	if r.err != nil {
		t.Fatal(r.err)
	}
	if evt := b.next(t, socketmode.EventTypeEventsAPI); evt.Request.EnvelopeID != r.id {
		t.Fatalf("got envelope %q, want %q", evt.Request.EnvelopeID, r.id)
	}
}

func TestCloseUnblocksWaiters(t *testing.T) {
	srv := fakeslack.New()
	errc := make(chan error, 1)
	go func() {
		_, err := srv.WaitFor(wait, "chat.postMessage", 1)
		errc <- err
	}()
	time.Sleep(10 * time.Millisecond)
	srv.Close()
	srv.Close()
	if err := <-errc; err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitFor after Close = %v", err)
	}
}
