package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/planbot/planbot/internal/lang"
)

// maxBody bounds a request from Slack; real ones are a few kilobytes.
const maxBody = 1 << 20

// Handler returns the HTTP Events API handler: /slack/events,
// /slack/commands, /slack/interactive and /healthz. Every Slack request's
// signature is verified before anything in it is parsed; each is
// acknowledged at once and worked on afterwards.
func (b *Bot) Handler(ctx context.Context) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", b.healthz)
	mux.Handle("POST /slack/events", b.signed(func(w http.ResponseWriter, r *http.Request, body []byte) {
		b.httpEvent(ctx, w, r, body)
	}))
	mux.Handle("POST /slack/commands", b.signed(func(w http.ResponseWriter, r *http.Request, body []byte) {
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("command") == "" || form.Get("response_url") == "" {
			http.Error(w, "malformed slash command", http.StatusBadRequest)
			return
		}
		after, ok := b.receiveCommand(slashFromForm(form))
		if !ok {
			http.Error(w, "command not recorded; retry", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK) // acknowledged; the reply goes to response_url
		after()
	}))
	mux.Handle("POST /slack/interactive", b.signed(func(w http.ResponseWriter, r *http.Request, body []byte) {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			http.Error(w, "malformed form", http.StatusBadRequest)
			return
		}
		var cb slack.InteractionCallback
		if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil {
			http.Error(w, "malformed interaction payload", http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusOK)
		b.handleInteraction(ctx, cb)
	}))
	return recoverer(b, mux)
}

// signed reads and verifies a request before handing its body on.
func (b *Bot) signed(next func(http.ResponseWriter, *http.Request, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read request", http.StatusBadRequest)
			return
		}
		if err := Verify(b.cfg.SigningSecret, r.Header, body, b.cfg.Now()); err != nil {
			b.log.Warn("refused unsigned or stale request", "path", r.URL.Path, "remote", r.RemoteAddr, "err", err)
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	})
}

func (b *Bot) httpEvent(ctx context.Context, w http.ResponseWriter, r *http.Request, body []byte) {
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
		EventID   string `json:"event_id"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "malformed JSON", http.StatusBadRequest)
		return
	}
	switch outer.Type {
	case slackevents.URLVerification:
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"challenge": outer.Challenge})
		return
	case slackevents.CallbackEvent:
	default:
		http.Error(w, "unsupported event type", http.StatusBadRequest)
		return
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		b.log.Info("Slack retried an event", "event", outer.EventID, "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	after, ok := b.receive(outer.EventID, ev)
	if !ok {
		// Not recorded: an error makes Slack deliver it again.
		http.Error(w, "event not recorded; retry", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
	after()
}

// healthz reports the process alive with its index readable.
func (b *Bot) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := b.db.Ping(); err != nil {
		b.log.Error("health check failed", "err", err)
		http.Error(w, "index unreadable: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintf(w, "ok %s, slack %s\n", lang.Plural(len(b.db.Documents()), "document", "documents"), b.status.Load())
}

// ServeHealth serves /healthz alone on addr until ctx ends: the Docker
// health check in Socket Mode, which has no HTTP server of its own.
func (b *Bot) ServeHealth(ctx context.Context, addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", b.healthz)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("health server on %s: %w", addr, err)
	}
	return nil
}

func slashFromForm(f url.Values) slack.SlashCommand {
	return slack.SlashCommand{
		Token: f.Get("token"), TeamID: f.Get("team_id"), TeamDomain: f.Get("team_domain"),
		ChannelID: f.Get("channel_id"), ChannelName: f.Get("channel_name"),
		UserID: f.Get("user_id"), UserName: f.Get("user_name"),
		Command: f.Get("command"), Text: f.Get("text"),
		ResponseURL: f.Get("response_url"), TriggerID: f.Get("trigger_id"),
	}
}

// recoverer turns a panic into a 500 and a log line rather than a crash.
func recoverer(b *Bot, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("handler panicked", "path", r.URL.Path, "panic", p)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// serveHTTP runs the HTTP server until ctx ends, then shuts it down,
// letting requests in progress finish.
func (b *Bot) serveHTTP(ctx context.Context) error {
	ln, err := net.Listen("tcp", b.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", b.cfg.HTTPAddr, err)
	}
	return b.Serve(ctx, ln)
}

// Serve serves the HTTP Events API on ln until ctx ends.
func (b *Bot) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           b.Handler(ctx),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	b.log.Info("serving the Slack Events API", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
