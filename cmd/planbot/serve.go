package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/digest"
)

// serveFlags are planbot serve's settings, from flags and environment.
type serveFlags struct {
	http, health, watch, region, admins, apiURL string
	rate                                        int
	logJSON                                     bool
}

// runServe runs the Slack bot until ctx ends, with its background work:
// the digest scheduler, the outbox sender, the watched folder and the
// space reclaimer.
func (m *Main) runServe(ctx context.Context, args []string) error {
	sf, err := m.serveFlags(args)
	if err != nil {
		return err
	}
	m.serveLogger(sf.logJSON)
	cfg := sf.botConfig(m.Log)
	// Check the configuration before touching the index, so a missing
	// token is reported at once.
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := m.openForServe(ctx); err != nil {
		return err
	}
	if sf.region != "" {
		m.engine.DefaultRegion = sf.region
	}
	b, runner, err := m.newBot(cfg)
	if err != nil {
		return err
	}
	return m.serve(ctx, b, runner, sf)
}

// openForServe opens the index, waiting while another planbot command
// holds it (an operator's interactive ask): serve is the long-running
// holder, the others come and go.
func (m *Main) openForServe(ctx context.Context) error {
	wait := time.Second
	for {
		err := m.open(ctx, true)
		if !errors.Is(err, errIndexBusy) {
			return err
		}
		m.Log.Warn("the index is in use by another planbot process; waiting for it", "dir", m.DBDir, "retry_in", wait)
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(wait*2, 30*time.Second)
	}
}

// serveFlags reads planbot serve's flags, whose defaults come from the
// environment.
func (m *Main) serveFlags(args []string) (serveFlags, error) {
	var sf serveFlags
	fs := m.flags("serve", "[--http ADDR] [--watch DIR]")
	fs.StringVar(&sf.http, "http", m.getenv("PLANBOT_HTTP"), "serve the HTTP Events API on ADDR (e.g. :8080) instead of Socket Mode; needs SLACK_SIGNING_SECRET ($PLANBOT_HTTP)")
	fs.StringVar(&sf.health, "health", m.getenv("PLANBOT_HEALTH"), "also serve /healthz on ADDR, e.g. 127.0.0.1:8081 ($PLANBOT_HEALTH)")
	fs.StringVar(&sf.watch, "watch", m.getenv("PLANBOT_WATCH"), "ingest documents dropped into DIR ($PLANBOT_WATCH)")
	fs.StringVar(&sf.region, "region", m.getenv("PLANBOT_REGION"), "region assumed when a question names none ($PLANBOT_REGION)")
	fs.StringVar(&sf.admins, "admins", m.getenv("PLANBOT_ADMINS"), "comma-separated Slack user IDs who may ingest files by DM ($PLANBOT_ADMINS)")
	fs.IntVar(&sf.rate, "rate", 10, "questions per minute allowed to each user")
	fs.BoolVar(&sf.logJSON, "log-json", false, "log JSON lines instead of text")
	fs.StringVar(&sf.apiURL, "api-url", m.getenv("SLACK_API_URL"), "Slack API base URL (for a test server)")
	_, err := m.parseArgs(fs, args)
	return sf, err
}

// serveLogger logs what a server does: info and up (debug with -v), as
// JSON lines when asked.
func (m *Main) serveLogger(asJSON bool) {
	if asJSON {
		m.Log = slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	} else if m.Log == nil {
		lvl := slog.LevelInfo
		if m.Verbose {
			lvl = slog.LevelDebug
		}
		m.Log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: lvl}))
	}
}

// botConfig is the bot's configuration: the flags, and the Slack tokens
// from the environment.
func (sf serveFlags) botConfig(log *slog.Logger) bot.Config {
	return bot.Config{
		BotToken:           os.Getenv("SLACK_BOT_TOKEN"),
		AppToken:           os.Getenv("SLACK_APP_TOKEN"),
		SigningSecret:      os.Getenv("SLACK_SIGNING_SECRET"),
		HTTPAddr:           sf.http,
		APIURL:             sf.apiURL,
		Region:             sf.region,
		Admins:             splitList(sf.admins),
		QuestionsPerMinute: sf.rate,
		Logger:             log,
	}
}

// newBot builds the bot and the digest scheduler around the open index,
// and has the scheduler and the library wake the bot's sender when they
// queue messages.
func (m *Main) newBot(cfg bot.Config) (*bot.Bot, *digest.Runner, error) {
	region := m.engine.DefaultRegion
	m.follow.Region = region
	digests := &digest.Builder{DB: m.db, Region: region, Synonyms: m.engine.Analyzer().Synonyms}
	b, err := bot.New(cfg, m.engine, m.db, bot.Services{Follow: m.follow, Digests: digests, Library: m.lib})
	if err != nil {
		return nil, nil, err
	}
	runner := &digest.Runner{DB: m.db, Builder: digests, Now: time.Now, Log: m.logger(), Kick: b.Kick}
	m.lib.Kick = b.Kick
	return b, runner, nil
}

// serve runs the bot, its background work and the health endpoint until
// ctx ends, then gives the background work a few seconds to stop.
func (m *Main) serve(ctx context.Context, b *bot.Bot, runner *digest.Runner, sf serveFlags) error {
	errc := make(chan error, 1)
	go func() { errc <- m.background(ctx, b, runner, sf.watch) }()
	if sf.health != "" {
		go func() {
			if err := b.ServeHealth(ctx, sf.health); err != nil {
				m.Log.Error("health endpoint", "err", err)
			}
		}()
	}
	m.Log.Info("planbot serving", "mode", mode(sf.http), "documents", len(m.db.Documents()), "watch", sf.watch)
	if err := b.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
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

// background records the changes still pending from earlier ingests,
// then runs the digest scheduler, the outbox sender, the folder watcher
// and the space reclaimer until ctx ends.
func (m *Main) background(ctx context.Context, b *bot.Bot, runner *digest.Runner, watchDir string) error {
	if _, err := m.lib.RecordPending(ctx); err != nil {
		m.logger().Error("pending change records not read; retried at the next ingest", "err", err)
	}
	b.Kick()
	var wg sync.WaitGroup
	run := func(f func() error) {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	run(func() error { return runner.Run(ctx, 30*time.Second) })
	run(func() error { return b.RunOutbox(ctx, 30*time.Second) })
	if watchDir != "" {
		run(func() error { return m.lib.Watch(ctx, watchDir, 5*time.Second) })
	}
	run(func() error { return m.lib.ReclaimEvery(ctx, time.Hour) })
	wg.Wait()
	return ctx.Err()
}

func mode(httpAddr string) string {
	if httpAddr != "" {
		return "http " + httpAddr
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
