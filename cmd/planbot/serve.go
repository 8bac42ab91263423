package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/planbot/planbot/bot"
)

// serveConfig reads the bot's configuration from flags and environment.
func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.flags("serve", "[--http ADDR] [--watch DIR]")
	httpAddr := fs.String("http", os.Getenv("PLANBOT_HTTP"), "serve the HTTP Events API on ADDR (e.g. :8080) instead of Socket Mode; needs SLACK_SIGNING_SECRET ($PLANBOT_HTTP)")
	health := fs.String("health", os.Getenv("PLANBOT_HEALTH"), "also serve /healthz on ADDR, e.g. 127.0.0.1:8081 ($PLANBOT_HEALTH)")
	watch := fs.String("watch", os.Getenv("PLANBOT_WATCH"), "ingest documents dropped into DIR ($PLANBOT_WATCH)")
	region := fs.String("region", os.Getenv("PLANBOT_REGION"), "region assumed when a question names none ($PLANBOT_REGION)")
	admins := fs.String("admins", os.Getenv("PLANBOT_ADMINS"), "comma-separated Slack user IDs who may ingest files by DM ($PLANBOT_ADMINS)")
	rate := fs.Int("rate", 10, "questions per minute allowed to each user")
	logJSON := fs.Bool("log-json", false, "log JSON lines instead of text")
	apiURL := fs.String("api-url", os.Getenv("SLACK_API_URL"), "Slack API base URL (for a test server)")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if *logJSON {
		m.Log = slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	} else if m.Log == nil {
		lvl := slog.LevelInfo
		if m.Verbose {
			lvl = slog.LevelDebug
		}
		m.Log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: lvl}))
	}
	cfg := bot.Config{
		BotToken:           os.Getenv("SLACK_BOT_TOKEN"),
		AppToken:           os.Getenv("SLACK_APP_TOKEN"),
		SigningSecret:      os.Getenv("SLACK_SIGNING_SECRET"),
		HTTPAddr:           *httpAddr,
		APIURL:             *apiURL,
		Region:             *region,
		Admins:             splitList(*admins),
		QuestionsPerMinute: *rate,
		Logger:             m.Log,
	}
	// Check the configuration before touching the index, so a missing
	// token is reported at once.
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	if *region != "" {
		m.engine.DefaultRegion = *region
	}
	svc := m.services(cfg.Now)
	b, err := bot.New(cfg, m.engine, m.db, svc.hooks())
	if err != nil {
		return err
	}
	svc.attach(b)
	errc := make(chan error, 3)
	go func() { errc <- svc.runBackground(ctx, *watch) }()
	if *health != "" {
		go func() {
			if err := b.ServeHealth(ctx, *health); err != nil {
				m.Log.Error("health endpoint", "err", err)
			}
		}()
	}
	m.Log.Info("planbot serving", "mode", mode(cfg), "documents", len(m.db.Documents()), "watch", *watch)
	err = b.Run(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	select {
	case err := <-errc:
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	case <-time.After(5 * time.Second):
	}
	m.Log.Info("planbot stopped")
	return nil
}

func mode(c bot.Config) string {
	if c.HTTPAddr != "" {
		return "http " + c.HTTPAddr
	}
	return "socket mode"
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, strings.TrimSpace(f))
	}
	return out
}
