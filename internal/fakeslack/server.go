package fakeslack

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
)

// Identities of the fake workspace and its bot, as auth.test, hello
// frames, events and messages report them.
const (
	// DefaultBotToken is the default bot token.
	DefaultBotToken = "xoxb-test"
	// DefaultAppToken is the default app-level token.
	DefaultAppToken = "xapp-test"
	// DefaultBotUserID is the default bot user ID.
	DefaultBotUserID = "UBOT"
	// DefaultBotID is the default bot ID.
	DefaultBotID = "BBOT"
	// DefaultBotName is the default bot user name.
	DefaultBotName = "planbot"
	// DefaultTeamID is the default workspace ID.
	DefaultTeamID = "T1"
	// DefaultTeamName is the default workspace name.
	DefaultTeamName = "Test Team"
	// DefaultAppID is the default app ID.
	DefaultAppID = "A1"

	// DefaultPingInterval is how often the fake pings each Socket Mode
	// connection. It is well below slack-go's default 30 s ping timeout.
	DefaultPingInterval = 2 * time.Second
	// DefaultSendTimeout is how long the Send* methods wait for a Socket Mode
	// connection when none is open.
	DefaultSendTimeout = 5 * time.Second
)

// VerificationToken is the (deprecated) verification token the fake puts in
// the "token" field of the Events API payloads it builds.
const VerificationToken = "fakeslack-verification-token"

// Option configures a [Server] created by [New].
type Option func(*config)

type config struct {
	botToken     string
	appToken     string
	botUserID    string
	botID        string
	botName      string
	teamID       string
	teamName     string
	appID        string
	pingInterval time.Duration
	sendTimeout  time.Duration
	channelLimit *ChannelLimit
}

// WithPingInterval sets how often the fake sends a websocket ping on each
// Socket Mode connection. Keep it below the client's ping timeout
// (socketmode.OptionPingInterval, 30 s by default). Non-positive values are
// ignored.
func WithPingInterval(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.pingInterval = d
		}
	}
}

// WithSendTimeout sets how long the Send* methods wait for a Socket Mode
// connection when none is open. Non-positive values are ignored.
func WithSendTimeout(d time.Duration) Option {
	return func(c *config) {
		if d > 0 {
			c.sendTimeout = d
		}
	}
}

// Server is a fake Slack platform listening on loopback. Create it with [New]
// and release it with [Server.Close]. All methods are safe for concurrent use.
type Server struct {
	cfg      config
	hs       *httptest.Server
	upgrader websocket.Upgrader
	wg       sync.WaitGroup // websocket connection handlers

	closeOnce sync.Once
	closedCh  chan struct{}

	mu      sync.Mutex
	closed  bool
	changed chan struct{} // closed and replaced on every recorded change

	seq       int64
	lastTSMic int64

	calls    []Call
	failures map[string][]Failure

	channels  map[string]slack.Channel
	files     map[string]*storedFile
	reactions map[string]bool
	homeViews map[string]string           // user ID -> view ID
	history   map[string][]map[string]any // channel -> messages posted, oldest first

	tickets    map[string]bool
	conns      []*wsConn // open connections, oldest first
	totalConns int
	acks       []Ack

	hooks map[string][]Response // response_url path -> POSTs

	buckets map[string]*bucket // channel -> its chat.postMessage limit
	limited int                // posts refused by the channel limit
}

// New starts a fake Slack server on 127.0.0.1. Call [Server.Close] when done.
func New(opts ...Option) *Server {
	cfg := config{
		botToken:     DefaultBotToken,
		appToken:     DefaultAppToken,
		botUserID:    DefaultBotUserID,
		botID:        DefaultBotID,
		botName:      DefaultBotName,
		teamID:       DefaultTeamID,
		teamName:     DefaultTeamName,
		appID:        DefaultAppID,
		pingInterval: DefaultPingInterval,
		sendTimeout:  DefaultSendTimeout,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		cfg:       cfg,
		closedCh:  make(chan struct{}),
		changed:   make(chan struct{}),
		failures:  map[string][]Failure{},
		channels:  map[string]slack.Channel{},
		files:     map[string]*storedFile{},
		reactions: map[string]bool{},
		homeViews: map[string]string{},
		history:   map[string][]map[string]any{},
		tickets:   map[string]bool{},
		hooks:     map[string][]Response{},
		buckets:   map[string]*bucket{},
	}
	s.upgrader = websocket.Upgrader{
		// slack-go dials with "Origin: https://api.slack.com", which gorilla's
		// default same-origin check would reject.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.handleAPI)
	mux.HandleFunc("/link/", s.handleSocket)
	mux.HandleFunc("/files-pri/", s.handleFile)
	mux.HandleFunc("/commands/", s.handleResponseURL)
	mux.HandleFunc("/signin", s.handleSignin)
	s.hs = httptest.NewServer(mux)
	return s
}

// Close closes all websocket connections, stops the HTTP server and waits
// for the fake's goroutines. It is safe to call more than once. Pending
// Wait* calls return an error.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		conns := append([]*wsConn(nil), s.conns...)
		close(s.closedCh)
		s.notifyLocked()
		s.mu.Unlock()
		for _, c := range conns {
			c.kill()
		}
		s.hs.Close()
		s.wg.Wait()
	})
}

// URL returns the server's base URL, such as "http://127.0.0.1:12345".
func (s *Server) URL() string { return s.hs.URL }

// APIURL returns the Web API base URL to pass to slack.OptionAPIURL. It ends
// in "/api/" because slack-go appends the method name directly.
func (s *Server) APIURL() string { return s.hs.URL + "/api/" }

// NewClient returns a slack.Client pointed at the fake, authenticated with
// the bot token and the app-level token. Extra options are applied after
// those.
func (s *Server) NewClient(opts ...slack.Option) *slack.Client {
	all := append([]slack.Option{
		slack.OptionAPIURL(s.APIURL()),
		slack.OptionAppLevelToken(s.cfg.appToken),
	}, opts...)
	return slack.New(s.cfg.botToken, all...)
}

// BotToken returns the bot token (xoxb-...) the Web API accepts.
func (s *Server) BotToken() string { return s.cfg.botToken }

// AppToken returns the app-level token (xapp-...) apps.connections.open accepts.
func (s *Server) AppToken() string { return s.cfg.appToken }

// BotUserID returns the bot's user ID.
func (s *Server) BotUserID() string { return s.cfg.botUserID }

// TeamID returns the workspace ID.
func (s *Server) TeamID() string { return s.cfg.teamID }

// AppID returns the app ID.
func (s *Server) AppID() string { return s.cfg.appID }

// errClosed is returned by waits interrupted by Close.
var errClosed = errors.New("fakeslack: server closed")

// notifyLocked wakes every waiter. s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil calls cond with s.mu held each time the recorded state changes,
// until it returns true, the timeout expires (it returns false) or the server
// is closed (it returns errClosed).
func (s *Server) waitUntil(timeout time.Duration, cond func() bool) (bool, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return true, nil
		}
		ch := s.changed
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return false, errClosed
		}
		select {
		case <-ch:
		case <-timer.C:
			return false, nil
		}
	}
}

// nextIDLocked returns prefix followed by a fresh upper-case identifier, in
// the style of Slack IDs ("V0000000007"). s.mu must be held.
func (s *Server) nextIDLocked(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%010X", prefix, s.seq)
}

// nextTSLocked returns a fresh, strictly increasing message timestamp such as
// "1712345678.000123". s.mu must be held.
func (s *Server) nextTSLocked() string {
	now := time.Now().UnixMicro()
	if now <= s.lastTSMic {
		now = s.lastTSMic + 1
	}
	s.lastTSMic = now
	return fmt.Sprintf("%d.%06d", now/1e6, now%1e6)
}

// randomHex returns n random bytes, hex encoded.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// newUUID returns a random version 4 UUID, the format of envelope IDs.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return strings.Join([]string{h[0:8], h[8:12], h[12:16], h[16:20], h[20:32]}, "-")
}
