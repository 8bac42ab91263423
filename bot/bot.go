// Package bot is planbot's Slack front end: it receives mentions, DMs,
// /plan commands and button clicks over Socket Mode or the HTTP Events
// API, answers from the engine in Block Kit, and behaves well on Slack's
// platform (acks within 3 s, exactly-once replies across retries, rate
// limits honoured, escaping, Block Kit limits, per-user caps, graceful
// shutdown).
package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/follow"
	"github.com/planbot/planbot/internal/lang"
	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// Config is the bot's configuration. Validate checks it in one place.
type Config struct {
	BotToken      string // xoxb-…, SLACK_BOT_TOKEN
	AppToken      string // xapp-…, SLACK_APP_TOKEN (Socket Mode)
	SigningSecret string // SLACK_SIGNING_SECRET (HTTP mode)
	HTTPAddr      string // ":8080" for the HTTP Events API; "" for Socket Mode
	APIURL        string // Slack's API base; a fake's in tests
	Region        string // region assumed for /plan tasks when several exist
	Admins        []string

	// QuestionsPerMinute caps each user's questions (default 10).
	QuestionsPerMinute int
	// EventTTL is how long handled event IDs are remembered (default 24 h).
	EventTTL time.Duration
	// ShutdownGrace bounds the wait for replies in flight (default 20 s).
	ShutdownGrace time.Duration
	// PingInterval is the Socket Mode ping interval (default slack-go's).
	PingInterval time.Duration
	// ChannelInterval and ChannelBurst pace planbot's posts in each
	// channel: Slack takes about one chat.postMessage a second per
	// channel with short bursts (defaults 1 s and 3).
	ChannelInterval time.Duration
	ChannelBurst    int
	// QueueNotice is how long an answer may wait its turn in a busy
	// channel before the asker is told it is queued (default 10 s).
	QueueNotice time.Duration
	// ReactionTimeout bounds each 👀 reaction call; reactions are
	// decoration and never retried (default 5 s).
	ReactionTimeout time.Duration
	// ConnectBackoff is the first wait before trying Slack again when it
	// cannot be reached at start; it doubles up to a minute (default 1 s).
	ConnectBackoff time.Duration

	Now    func() time.Time
	Logger *slog.Logger
}

// Validate reports the first thing wrong with the configuration, saying
// how to fix it. It never echoes a token.
func (c Config) Validate() error {
	switch {
	case c.BotToken == "":
		return plan.Errorf(plan.EINVALID, "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page")
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		return plan.Errorf(plan.EINVALID, "SLACK_BOT_TOKEN does not start with xoxb-: use the Bot User OAuth Token, not a user (xoxp-) or app-level (xapp-) token")
	}
	if c.HTTPAddr == "" {
		switch {
		case c.AppToken == "":
			return plan.Errorf(plan.EINVALID, "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) with the connections:write scope, from Basic Information › App-Level Tokens; or run with --http ADDR and SLACK_SIGNING_SECRET")
		case !strings.HasPrefix(c.AppToken, "xapp-"):
			return plan.Errorf(plan.EINVALID, "SLACK_APP_TOKEN does not start with xapp-: create an app-level token with connections:write under Basic Information › App-Level Tokens")
		}
	} else if c.SigningSecret == "" {
		return plan.Errorf(plan.EINVALID, "SLACK_SIGNING_SECRET is not set: the HTTP Events API needs the Signing Secret from Basic Information › App Credentials")
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.QuestionsPerMinute <= 0 {
		c.QuestionsPerMinute = 10
	}
	if c.EventTTL <= 0 {
		c.EventTTL = 24 * time.Hour
	}
	if c.ShutdownGrace <= 0 {
		c.ShutdownGrace = 20 * time.Second
	}
	if c.ChannelInterval <= 0 {
		c.ChannelInterval = time.Second
	}
	if c.ChannelBurst <= 0 {
		c.ChannelBurst = 3
	}
	if c.QueueNotice <= 0 {
		c.QueueNotice = 10 * time.Second
	}
	if c.ReactionTimeout <= 0 {
		c.ReactionTimeout = 5 * time.Second
	}
	if c.ConnectBackoff <= 0 {
		c.ConnectBackoff = time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Bot answers in Slack.
type Bot struct {
	cfg      Config
	api      *slack.Client
	engine   *answer.Engine
	db       *store.DB
	log      *slog.Logger
	commands []Command
	limiter  *limiter
	svc      Services
	kick     chan struct{}   // wakes the outbox sender
	events   *store.EventLog // which events other than questions are claimed or answered
	pacer    *pacer          // spaces posts per channel
	queues   queues          // questions waiting for their answer, per channel
	eyes     eyes            // 👀 on questions being answered
	told     *limiter        // who was told their answer is queued, per place

	botUserID, botID string
	status           atomic.Value // string: connecting, connected, http

	// work is the context replies run under: it outlives the request
	// context so replies in flight finish during a graceful shutdown.
	work       context.Context
	stopWork   context.CancelFunc
	inflight   sync.WaitGroup
	httpClient *http.Client

	// afterPost, in tests, runs between a message reaching Slack and its
	// outbox item being marked sent; an error stops there, as a crash would.
	afterPost func(store.OutboxItem) error
	// afterClaim, in tests, runs when an event has been claimed; an error
	// stops there, as a crash before the reply would.
	afterClaim func(eventID string) error
	// afterStore, in tests, runs when a question has been stored and
	// acknowledged, before it is answered; an error stops there, as a
	// crash would.
	afterStore func(key string) error
}

// Services are planbot's subscription, digest and document services; a
// nil one makes its commands say the feature is not available.
type Services struct {
	Follow  *follow.Service
	Digests *digest.Builder
	// Library adds the documents admins share with planbot in a DM.
	Library *library.Library
}

// New builds a bot. It does not connect; Run does.
func New(cfg Config, engine *answer.Engine, db *store.DB, svc Services) (*Bot, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	hc := &http.Client{Timeout: 30 * time.Second}
	opts := []slack.Option{slack.OptionHTTPClient(hc)}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(apiBase(cfg.APIURL)))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	events, err := db.EventLog(cfg.EventTTL)
	if err != nil {
		return nil, err
	}
	b := &Bot{
		cfg:        cfg,
		events:     events,
		api:        slack.New(cfg.BotToken, opts...),
		engine:     engine,
		db:         db,
		log:        cfg.Logger,
		commands:   commands(),
		limiter:    newLimiter(cfg.QuestionsPerMinute, time.Minute, cfg.Now),
		told:       newLimiter(1<<30, time.Minute, cfg.Now),
		pacer:      newPacer(cfg.ChannelInterval, cfg.ChannelBurst, time.Now), // Slack's clock, not the schedules'
		svc:        svc,
		kick:       make(chan struct{}, 1),
		httpClient: hc,
	}
	b.work, b.stopWork = context.WithCancel(context.Background())
	b.status.Store("starting")
	return b, nil
}

// apiBase is Slack's API base URL as slack-go wants it: it appends the
// method name, so the base must end in a slash (--api-url
// http://127.0.0.1:1 would otherwise call …:1auth.test).
func apiBase(u string) string {
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// Run connects (Socket Mode, or the HTTP server when HTTPAddr is set) and
// serves until ctx ends, then waits for replies in flight.
func (b *Bot) Run(ctx context.Context) error {
	a, err := b.connect(ctx)
	if err != nil {
		return err
	}
	b.botUserID, b.botID = a.UserID, a.BotID
	b.log.Info("connected to Slack", "team", a.Team, "bot_user", a.UserID)
	if err := b.resumeQuestions(); err != nil {
		b.log.Error("questions left from the last run not read; they are answered at the next start", "err", err)
	}
	var runErr error
	if b.cfg.HTTPAddr != "" {
		b.status.Store("http")
		runErr = b.serveHTTP(ctx)
	} else {
		runErr = b.runSocketMode(ctx)
	}
	b.drain()
	return runErr
}

// authErrors are auth.test answers that no wait will change: the token is
// wrong or revoked.
var authErrors = map[string]bool{
	"invalid_auth": true, "not_authed": true, "account_inactive": true, "token_revoked": true,
	"token_expired": true, "no_permission": true, "missing_scope": true, "not_allowed_token_type": true,
}

// connect calls auth.test until Slack answers, waiting longer each time
// (ConnectBackoff, doubling up to a minute, with jitter) while Slack cannot
// be reached or is failing, so a bot started before the network or during
// a Slack outage comes up by itself. A refused token fails at once.
func (b *Bot) connect(ctx context.Context) (*slack.AuthTestResponse, error) {
	wait := b.cfg.ConnectBackoff
	for attempt := 1; ; attempt++ {
		a, err := b.api.AuthTestContext(ctx)
		if err == nil {
			return a, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if code := slackCode(err); authErrors[code] {
			return nil, plan.Errorf(plan.EINVALID, "Slack refused SLACK_BOT_TOKEN (auth.test: %s): check the Bot User OAuth Token", code)
		}
		if d, ok := rateLimit(err, attempt); ok {
			wait = max(wait, d)
		}
		b.log.Warn("cannot reach Slack; retrying", "api", cmp.Or(b.cfg.APIURL, slack.APIURL), "attempt", attempt, "retry_in", wait.Round(time.Millisecond), "err", err)
		if err := sleep(ctx, wait+jitter(wait/4)); err != nil {
			return nil, err
		}
		wait = min(wait*2, time.Minute)
	}
}

// drain waits for replies in flight, up to the grace period.
func (b *Bot) drain() {
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(b.cfg.ShutdownGrace):
		b.log.Warn("shutdown grace period over; abandoning replies in flight")
	}
	b.stopWork()
}

// goReply runs a reply in the background under the work context.
func (b *Bot) goReply(name string, fn func(ctx context.Context)) {
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("reply panicked", "handler", name, "panic", r)
			}
		}()
		ctx, cancel := context.WithTimeout(b.work, 2*time.Minute)
		defer cancel()
		fn(ctx)
	}()
}

var (
	mentionRe = regexp.MustCompile(`<@[UW][A-Z0-9]+(?:\|[^>]*)?>`)
	// broadcastRe matches @channel, @here, @everyone and user-group
	// mentions: addressing people, not part of the question.
	broadcastRe = regexp.MustCompile(`<!(?:channel|here|everyone|subteam\^[A-Z0-9]+)(?:\|[^>]*)?>`)
	channelRe   = regexp.MustCompile(`<#[A-Z0-9]+\|([^>]*)>`)
	linkRe      = regexp.MustCompile(`<(?:https?|mailto):[^|>]*\|([^>]*)>|<((?:https?|mailto):[^>]*)>`)
	// literalBroadcastRe matches @here, @channel and @everyone typed as
	// text (Slack did not turn them into <!here>: pasted, or sent by an
	// integration), wherever they stand: "@here2022年…" is still the
	// question 2022年….
	literalBroadcastRe = regexp.MustCompile(`(?i)@(?:here|channel|everyone)([^A-Za-z_]|$)`)
	// literalNameRe matches an @name typed as text: a Latin name (glued
	// to the question or not: @planbot2022年… asks about 2022年), or any
	// other name standing as a word of its own.
	literalNameRe = regexp.MustCompile(`(^|\s)@(?:[A-Za-z][A-Za-z._-]*|[^\s@]+(?:\s|$))`)
)

// cleanText turns Slack's message text into what the user typed: user,
// group, @channel and @here mentions removed (Slack's <@U…> and <!here>
// forms, and the same typed as plain @here, @name), links and channels by
// their label, &lt; &gt; &amp; undone.
func cleanText(s string) string {
	s = mentionRe.ReplaceAllString(s, " ")
	s = broadcastRe.ReplaceAllString(s, " ")
	s = channelRe.ReplaceAllString(s, "#$1")
	s = linkRe.ReplaceAllString(s, "$1$2")
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	s = literalBroadcastRe.ReplaceAllString(s, " $1")
	for prev := ""; prev != s; {
		prev = s
		s = literalNameRe.ReplaceAllString(s, "$1 ")
	}
	return strings.TrimSpace(s)
}

// respond produces the reply to a request: a command's output or an
// answer. Errors safe to show become the reply; others are logged.
func (b *Bot) respond(ctx context.Context, req Request) Message {
	start := b.cfg.Now()
	cmd, args := b.findCommand(req.Text)
	var msg Message
	var err error
	switch {
	case req.Text == "":
		msg, err = runHelp(ctx, b, req, "")
	case cmd != nil:
		msg, err = cmd.Run(ctx, b, req, args)
	case b.unknownCommand(req.Text):
		msg, err = runHelp(ctx, b, req, "")
		msg.Blocks = append([]slack.Block{section(fmt.Sprintf("没有 `%s` 这个命令。", escape(req.Text)))}, msg.Blocks...)
	default:
		var a answer.Answer
		a, err = b.askInConversation(ctx, req)
		if err == nil {
			msg = renderAnswer(a, req.Surface == "command")
			b.log.Info("answered", "user", req.User, "channel", req.Channel, "surface", req.Surface,
				"question", req.Text, "found", a.Found, "figure", firstFigure(a), "ms", a.Elapsed)
		}
	}
	if err != nil {
		msg = b.errorMessage(err)
	}
	if cmd != nil {
		b.log.Info("command", "user", req.User, "channel", req.Channel, "command", cmd.Name, "args", args, "ms", float64(b.cfg.Now().Sub(start).Microseconds())/1000, "err", err)
	}
	if req.Surface == "command" {
		msg.Ephemeral = true
	}
	return msg
}

// Follow-ups are read within a thread for a week (a thread is one
// subject), and in a DM's main view for an hour (after that, a bare
// "那2021年呢？" is more likely a new start than a follow-up).
const (
	threadMemory = 7 * 24 * time.Hour
	dmMemory     = time.Hour
)

// askInConversation answers a question, as a follow-up of the last one asked in the
// same conversation when it reads as one, and remembers it for the next.
// Slash commands have no conversation: each is asked as it is.
func (b *Bot) askInConversation(ctx context.Context, req Request) (answer.Answer, error) {
	if req.Surface == "command" {
		return b.engine.Ask(ctx, req.Text)
	}
	prev, _, err := b.db.Conversation(req.Channel, req.Thread)
	if err != nil {
		b.log.Warn("conversation not read; answering as asked", "channel", req.Channel, "thread", req.Thread, "err", err)
	}
	a, err := b.engine.AskFollowUp(ctx, req.Text, prev.Question)
	if err != nil {
		return a, err
	}
	asked := req.Text
	if a.Understood != "" {
		asked = a.Understood
	}
	ttl := threadMemory
	if req.Thread == "" {
		ttl = dmMemory
	}
	if err := b.db.SetConversation(req.Channel, req.Thread, store.Conversation{Question: asked, At: b.cfg.Now()}, ttl); err != nil {
		b.log.Warn("conversation not stored; the next question will not follow up this one", "err", err)
	}
	return a, nil
}

// unknownCommand reports a lone Latin word that is neither a command nor
// a term planbot knows (GDP is a question; frobnicate is a typo).
func (b *Bot) unknownCommand(text string) bool {
	if text == "" || len(text) > 24 {
		return false
	}
	for _, r := range text {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return false
		}
	}
	return len(b.engine.Analyzer().Synonyms(strings.ToLower(text))) <= 1
}

func firstFigure(a answer.Answer) string {
	if a.Found && len(a.Answers) > 0 {
		return a.Answers[0].Figure
	}
	return ""
}

// errorMessage is the one place errors become replies.
func (b *Bot) errorMessage(err error) Message {
	switch plan.ErrorCode(err) {
	case plan.EINVALID, plan.ENOTFOUND, plan.ECONFLICT:
		return Message{Text: escape(lang.Pick(lang.ZH, plan.ErrorMessage(err))), Ephemeral: true}
	}
	b.log.Error("request failed", "err", err)
	return Message{Text: "抱歉，出了点问题，请稍后再试。(internal error)", Ephemeral: true}
}

// retry calls a Slack API method, waiting out rate limits (Retry-After)
// and retrying transient failures, so that no reply is dropped for a 429.
func (b *Bot) retry(ctx context.Context, method string, fn func() (any, error)) (any, error) {
	return b.call(ctx, method, true, fn)
}

// call is retry; with serverErrors false only rate limits are retried,
// for a call that must not be repeated blindly because a 5xx may come
// after Slack did the work.
func (b *Bot) call(ctx context.Context, method string, serverErrors bool, fn func() (any, error)) (any, error) {
	backoff := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		v, err := fn()
		if err == nil {
			return v, nil
		}
		var sc slack.StatusCodeError
		wait, limited := rateLimit(err, attempt)
		switch {
		case limited:
			wait += jitter(min(wait/4, time.Second))
			b.log.Warn("rate limited by Slack; waiting", "method", method, "retry_after", wait, "attempt", attempt)
		case serverErrors && errors.As(err, &sc) && sc.Code >= 500 && attempt <= 4:
			wait = backoff
			backoff *= 2
			b.log.Warn("Slack server error; retrying", "method", method, "status", sc.Code, "attempt", attempt)
		default:
			return nil, err
		}
		if attempt >= 10 {
			return nil, fmt.Errorf("%s: gave up after %d attempts: %w", method, attempt, err)
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// post sends a message to a channel (in a thread when threadTS is set),
// paced with planbot's other posts there.
func (b *Bot) post(ctx context.Context, channel, threadTS string, msg Message) (string, error) {
	return b.postPaced(ctx, channel, msgOptions(msg, threadTS), true)
}

// msgOptions are the chat.postMessage options of msg.
func msgOptions(msg Message, threadTS string, extra ...slack.MsgOption) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false)}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	return append(opts, extra...)
}

// postPaced posts when the channel's turn comes (pacer), and when Slack
// says "too fast" (429, or ok:false ratelimited) holds the channel for
// Retry-After and tries again, however often it takes: a rate limit never
// drops a message. With serverErrors set, a 5xx is retried a few times;
// otherwise it is returned, for a caller that must not post blind when
// Slack may have posted.
func (b *Bot) postPaced(ctx context.Context, channel string, opts []slack.MsgOption, serverErrors bool) (string, error) {
	backoff := 500 * time.Millisecond
	limited := 0
	for attempt := 1; ; attempt++ {
		if err := b.pacer.wait(ctx, channel); err != nil {
			return "", err
		}
		_, ts, err := b.api.PostMessageContext(ctx, channel, opts...)
		if err == nil {
			return ts, nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		var sc slack.StatusCodeError
		if d, ok := rateLimit(err, limited+1); ok {
			limited++
			b.pacer.pause(channel, d)
			b.log.Warn("rate limited by Slack; the channel waits", "channel", channel, "retry_after", d, "attempt", attempt)
			continue
		}
		if serverErrors && errors.As(err, &sc) && sc.Code >= 500 && attempt <= 4 {
			b.log.Warn("Slack server error; retrying", "method", "chat.postMessage", "status", sc.Code, "attempt", attempt)
			if err := sleep(ctx, backoff+jitter(backoff/4)); err != nil {
				return "", err
			}
			backoff *= 2
			continue
		}
		return "", err
	}
}

// respondURL answers a slash command or button through its response_url.
func (b *Bot) respondURL(ctx context.Context, url string, msg Message, replace bool) error {
	wm := &slack.WebhookMessage{Text: msg.Text, ReplaceOriginal: replace, ResponseType: slack.ResponseTypeInChannel}
	if msg.Ephemeral {
		wm.ResponseType = slack.ResponseTypeEphemeral
	}
	if len(msg.Blocks) > 0 {
		wm.Blocks = &slack.Blocks{BlockSet: msg.Blocks}
	}
	_, err := b.retry(ctx, "response_url", func() (any, error) {
		return nil, slack.PostWebhookCustomHTTPContext(ctx, url, b.httpClient, wm)
	})
	return err
}
