package fakeslack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Socket Mode envelope types, the "type" of the frames Slack sends.
const (
	// EnvelopeEventsAPI carries an Events API payload (event_callback).
	EnvelopeEventsAPI = "events_api"
	// EnvelopeSlashCommands carries a slash command invocation.
	EnvelopeSlashCommands = "slash_commands"
	// EnvelopeInteractive carries an interaction (block_actions,
	// view_submission, shortcut, ...).
	EnvelopeInteractive = "interactive"
)

// writeTimeout bounds every websocket write of the fake.
const writeTimeout = 5 * time.Second

// wsConn is one Socket Mode websocket connection.
type wsConn struct {
	id  int
	ws  *websocket.Conn
	wmu sync.Mutex // serializes data frames (control frames need no lock)

	draining bool // guarded by Server.mu: no new envelopes (disconnect sent, dropped)

	killOnce sync.Once
	stop     chan struct{} // closed by kill
	done     chan struct{} // closed once the connection is fully torn down
}

// kill closes the underlying network connection abruptly (no close frame).
func (c *wsConn) kill() {
	c.killOnce.Do(func() {
		close(c.stop)
		_ = c.ws.NetConn().Close()
	})
}

// writeText sends one text frame.
func (c *wsConn) writeText(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if err := c.ws.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil {
		return err
	}
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

// Ack is an acknowledgement a Socket Mode client sent over the websocket:
// {"envelope_id": "...", "payload": ...}.
type Ack struct {
	// EnvelopeID is the acknowledged envelope.
	EnvelopeID string
	// Payload is the raw "payload" field, nil when the ack had none.
	Payload json.RawMessage
	// Raw is the whole frame as received.
	Raw []byte
	// Time is when the fake received the ack.
	Time time.Time
}

// Decode unmarshals the ack's payload into v.
func (a Ack) Decode(v any) error {
	if a.Payload == nil {
		return errors.New("fakeslack: ack has no payload")
	}
	return json.Unmarshal(a.Payload, v)
}

// helloFrame is Slack's first frame on a Socket Mode connection.
type helloFrame struct {
	Type           string         `json:"type"`
	NumConnections int            `json:"num_connections"`
	DebugInfo      map[string]any `json:"debug_info"`
	ConnectionInfo map[string]any `json:"connection_info"`
}

// envelope is a Socket Mode request frame.
type envelope struct {
	EnvelopeID             string          `json:"envelope_id"`
	Payload                json.RawMessage `json:"payload"`
	Type                   string          `json:"type"`
	AcceptsResponsePayload bool            `json:"accepts_response_payload"`
	RetryAttempt           *int            `json:"retry_attempt,omitempty"`
	RetryReason            *string         `json:"retry_reason,omitempty"`
}

// handleSocket serves the Socket Mode websocket at the URL handed out by
// apps.connections.open. Tickets are single use, as on slack.com.
func (s *Server) handleSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	valid := s.tickets[ticket]
	delete(s.tickets, ticket)
	closed := s.closed
	s.mu.Unlock()
	if closed {
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	if !valid {
		http.Error(w, "invalid or used ticket", http.StatusUnauthorized)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade already answered
	}
	c := &wsConn{ws: ws, stop: make(chan struct{}), done: make(chan struct{})}

	// Send hello before the connection becomes visible to Send*, so that it
	// is always the first frame.
	s.mu.Lock()
	num := 1
	for _, o := range s.conns {
		if !o.draining {
			num++
		}
	}
	s.mu.Unlock()
	hello, _ := json.Marshal(helloFrame{
		Type:           "hello",
		NumConnections: num,
		DebugInfo: map[string]any{
			"host":                        "applink-fakeslack",
			"build_number":                1,
			"approximate_connection_time": 18060,
		},
		ConnectionInfo: map[string]any{"app_id": s.cfg.appID},
	})
	if err := c.writeText(hello); err != nil {
		c.kill()
		return
	}

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.kill()
		return
	}
	s.totalConns++
	c.id = s.totalConns
	s.conns = append(s.conns, c)
	s.wg.Add(1)
	s.notifyLocked()
	s.mu.Unlock()

	s.serveConn(c)
}

// serveConn runs a registered connection until it fails or is killed.
func (s *Server) serveConn(c *wsConn) {
	defer s.wg.Done()
	pingDone := make(chan struct{})
	go func() {
		defer close(pingDone)
		s.pingLoop(c)
	}()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			break
		}
		s.recordFrame(data)
	}
	c.kill()
	<-pingDone

	s.mu.Lock()
	for i, o := range s.conns {
		if o == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			break
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	close(c.done)
}

// pingLoop pings the client right away and then every ping interval, as
// slack.com does; the slack-go client treats a link without pings as dead.
// Pings from the client are answered by gorilla's default ping handler.
func (s *Server) pingLoop(c *wsConn) {
	t := time.NewTicker(s.cfg.pingInterval)
	defer t.Stop()
	for n := 0; ; n++ {
		payload := fmt.Appendf(nil, "ping-%d", n)
		if err := c.ws.WriteControl(websocket.PingMessage, payload, time.Now().Add(writeTimeout)); err != nil {
			c.kill()
			return
		}
		select {
		case <-c.stop:
			return
		case <-s.closedCh:
			return
		case <-t.C:
		}
	}
}

// recordFrame records a frame received from the client if it is an ack.
func (s *Server) recordFrame(data []byte) {
	var f struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(data, &f) != nil || f.EnvelopeID == "" {
		return
	}
	a := Ack{EnvelopeID: f.EnvelopeID, Raw: data, Time: time.Now()}
	if len(f.Payload) > 0 && !bytes.Equal(f.Payload, []byte("null")) {
		a.Payload = f.Payload
	}
	s.mu.Lock()
	s.acks = append(s.acks, a)
	s.notifyLocked()
	s.mu.Unlock()
}

// SendOption adjusts an envelope sent by [Server.SendEvent] and its helpers.
type SendOption func(*envelope)

// WithEnvelopeID sets the envelope ID instead of a random UUID.
func WithEnvelopeID(id string) SendOption { return func(e *envelope) { e.EnvelopeID = id } }

// WithRetry marks the envelope as a redelivery: retry_attempt and
// retry_reason (for example "timeout"), as Slack sends when an events_api
// envelope was not acknowledged in time.
func WithRetry(attempt int, reason string) SendOption {
	return func(e *envelope) {
		e.RetryAttempt = &attempt
		e.RetryReason = &reason
	}
}

// SendEvent pushes a Socket Mode envelope of the given type (see the
// Envelope* constants) with payload to the most recently opened connection,
// waiting for a connection if there is none (see [WithSendTimeout]). It
// returns the envelope ID.
//
// payload may be raw JSON (json.RawMessage, []byte or string) or any value,
// which is marshalled with encoding/json. events_api envelopes carry
// retry_attempt 0 and retry_reason "" unless [WithRetry] says otherwise.
func (s *Server) SendEvent(envelopeType string, payload any, opts ...SendOption) (string, error) {
	raw, err := toJSON(payload)
	if err != nil {
		return "", err
	}
	env := envelope{EnvelopeID: newUUID(), Payload: raw, Type: envelopeType}
	switch envelopeType {
	case EnvelopeEventsAPI:
		zero, empty := 0, ""
		env.RetryAttempt, env.RetryReason = &zero, &empty
	case EnvelopeSlashCommands:
		env.AcceptsResponsePayload = true
	case EnvelopeInteractive:
		var p struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(raw, &p)
		env.AcceptsResponsePayload = p.Type == "view_submission" || p.Type == "block_suggestion"
	}
	for _, o := range opts {
		o(&env)
	}
	frame, err := json.Marshal(env)
	if err != nil {
		return "", err
	}
	if err := s.deliver(frame); err != nil {
		return "", fmt.Errorf("fakeslack: sending %s envelope: %w", envelopeType, err)
	}
	return env.EnvelopeID, nil
}

// deliver writes frame to the newest usable connection, waiting up to the
// send timeout for one. A connection that fails the write is dropped and the
// next one is tried.
func (s *Server) deliver(frame []byte) error {
	timeout := s.cfg.sendTimeout
	deadline := time.Now().Add(timeout)
	for {
		var c *wsConn
		found, err := s.waitUntil(time.Until(deadline), func() bool {
			for i := len(s.conns) - 1; i >= 0; i-- {
				if !s.conns[i].draining {
					c = s.conns[i]
					return true
				}
			}
			return false
		})
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("no Socket Mode connection within %v", timeout)
		}
		if err := c.writeText(frame); err == nil {
			return nil
		}
		s.mu.Lock()
		c.draining = true
		s.mu.Unlock()
		c.kill()
	}
}

// SendEventsAPI pushes an events_api envelope and returns its envelope ID.
// event is either an inner event such as
// {"type":"app_mention","user":"U1","text":"hi","channel":"C1","ts":"..."}, which
// is wrapped in an event_callback payload with a fresh event_id, the team,
// app and bot authorization of the server, or a complete outer payload whose
// type is "event_callback" or "app_rate_limited", sent as is. Raw JSON and
// Go values are accepted as in [Server.SendEvent].
func (s *Server) SendEventsAPI(event any, opts ...SendOption) (string, error) {
	raw, err := toJSON(event)
	if err != nil {
		return "", err
	}
	var probe struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(raw, &probe)
	if probe.Type == "event_callback" || probe.Type == "app_rate_limited" {
		return s.SendEvent(EnvelopeEventsAPI, raw, opts...)
	}
	s.mu.Lock()
	eventID := s.nextIDLocked("Ev")
	s.mu.Unlock()
	now := time.Now().Unix()
	outer := map[string]any{
		"token":      VerificationToken,
		"team_id":    s.cfg.teamID,
		"api_app_id": s.cfg.appID,
		"event":      raw,
		"type":       "event_callback",
		"event_id":   eventID,
		"event_time": now,
		"authorizations": []map[string]any{{
			"enterprise_id":         nil,
			"team_id":               s.cfg.teamID,
			"user_id":               s.cfg.botUserID,
			"is_bot":                true,
			"is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
		"event_context":         "4-" + randomHex(20),
	}
	return s.SendEvent(EnvelopeEventsAPI, outer, opts...)
}

// SendSlashCommand pushes a slash_commands envelope and returns its envelope
// ID. fields are the command's payload fields (command, text, user_id,
// channel_id, response_url, ...); like Slack, every value is a string.
// Missing fields get defaults: command "/plan", user U1, channel C1, the
// server's team and app, a fresh trigger_id and a fresh response_url from
// [Server.NewResponseURL] (set response_url yourself to await it).
func (s *Server) SendSlashCommand(fields map[string]string, opts ...SendOption) (string, error) {
	s.mu.Lock()
	s.seq++
	trigger := fmt.Sprintf("%d.%d.%s", s.seq, time.Now().Unix(), randomHex(16))
	s.mu.Unlock()
	p := map[string]string{
		"token":                 VerificationToken,
		"team_id":               s.cfg.teamID,
		"team_domain":           s.teamDomain(),
		"channel_id":            "C1",
		"channel_name":          "general",
		"user_id":               "U1",
		"user_name":             "user-u1",
		"command":               "/plan",
		"text":                  "",
		"api_app_id":            s.cfg.appID,
		"is_enterprise_install": "false",
		"trigger_id":            trigger,
	}
	for k, v := range fields {
		p[k] = v
	}
	if _, set := fields["response_url"]; !set {
		p["response_url"] = s.NewResponseURL()
	}
	return s.SendEvent(EnvelopeSlashCommands, p, opts...)
}

// SendInteractive pushes an interactive envelope (block_actions,
// view_submission, shortcut, ...) whose payload is the interaction JSON, and
// returns its envelope ID. Raw JSON and Go values are accepted as in
// [Server.SendEvent].
func (s *Server) SendInteractive(payload any, opts ...SendOption) (string, error) {
	return s.SendEvent(EnvelopeInteractive, payload, opts...)
}

// Acks returns every ack received, oldest first.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Ack, len(s.acks))
	for i, a := range s.acks {
		a.Payload, a.Raw = bytes.Clone(a.Payload), bytes.Clone(a.Raw)
		out[i] = a
	}
	return out
}

// WaitAck blocks until the client acknowledges envelopeID and returns the
// (first) ack.
func (s *Server) WaitAck(timeout time.Duration, envelopeID string) (Ack, error) {
	var got Ack
	found, err := s.waitUntil(timeout, func() bool {
		for _, a := range s.acks {
			if a.EnvelopeID == envelopeID {
				got = a
				return true
			}
		}
		return false
	})
	if err != nil {
		return Ack{}, err
	}
	if !found {
		return Ack{}, fmt.Errorf("fakeslack: no ack for envelope %s within %v", envelopeID, timeout)
	}
	got.Payload, got.Raw = bytes.Clone(got.Payload), bytes.Clone(got.Raw)
	return got, nil
}

// Disconnect sends a {"type":"disconnect","reason":reason} frame on every
// open connection, as Slack does before rotating a connection (reason
// "refresh_requested", "warning" or "link_disabled"; empty means
// "refresh_requested"). Those connections get no further envelopes; the
// slack-go client closes them and reconnects. It returns an error if no
// connection was open.
func (s *Server) Disconnect(reason string) error {
	if reason == "" {
		reason = "refresh_requested"
	}
	frame, _ := json.Marshal(map[string]any{
		"type":       "disconnect",
		"reason":     reason,
		"debug_info": map[string]any{"host": "applink-fakeslack"},
	})
	s.mu.Lock()
	var targets []*wsConn
	for _, c := range s.conns {
		if !c.draining {
			c.draining = true
			targets = append(targets, c)
		}
	}
	s.mu.Unlock()
	if len(targets) == 0 {
		return errors.New("fakeslack: no open Socket Mode connection to disconnect")
	}
	var errs []error
	for _, c := range targets {
		if err := c.writeText(frame); err != nil {
			errs = append(errs, err)
			c.kill()
		}
	}
	return errors.Join(errs...)
}

// DropConnections closes every open Socket Mode connection abruptly, without
// a close frame, to simulate a network failure, and waits until the fake has
// torn them down. It returns how many connections were dropped.
func (s *Server) DropConnections() int {
	s.mu.Lock()
	targets := append([]*wsConn(nil), s.conns...)
	for _, c := range targets {
		c.draining = true
	}
	s.mu.Unlock()
	for _, c := range targets {
		c.kill()
	}
	for _, c := range targets {
		<-c.done
	}
	return len(targets)
}

// Connections returns how many Socket Mode connections have been opened
// since the server started, including closed ones.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.totalConns
}

// ActiveConnections returns how many Socket Mode connections are open now.
func (s *Server) ActiveConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// WaitConnections blocks until at least n Socket Mode connections have been
// opened since the server started (see [Server.Connections]); a test can
// wait for a reconnect with WaitConnections(timeout, Connections()+1).
func (s *Server) WaitConnections(timeout time.Duration, n int) error {
	found, err := s.waitUntil(timeout, func() bool { return s.totalConns >= n })
	if err != nil {
		return err
	}
	if !found {
		return fmt.Errorf("fakeslack: %d Socket Mode connection(s) after %v, want %d", s.Connections(), timeout, n)
	}
	return nil
}

// toJSON converts a payload argument to JSON: raw JSON types are used as
// they are (and must be valid), other values are marshalled.
func toJSON(v any) (json.RawMessage, error) {
	var b []byte
	switch x := v.(type) {
	case nil:
		return nil, errors.New("fakeslack: nil payload")
	case json.RawMessage:
		b = x
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			return nil, fmt.Errorf("fakeslack: marshalling payload: %w", err)
		}
	}
	b = bytes.TrimSpace(b)
	if !json.Valid(b) {
		return nil, fmt.Errorf("fakeslack: payload is not valid JSON: %.80s", strings.TrimSpace(string(b)))
	}
	return bytes.Clone(b), nil
}
