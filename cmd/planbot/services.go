package main

import (
	"context"
	"sync"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/digest"
)

// services wires subscriptions, digests, the scheduler, the outbox sender
// and the watched folder around the index.
type services struct {
	m       *Main
	digests *digest.Builder
	runner  *digest.Runner
	bot     *bot.Bot
}

func (m *Main) services(now func() time.Time) *services {
	if now == nil {
		now = time.Now
	}
	s := &services{m: m}
	region := m.engine.DefaultRegion
	m.follow.Region = region
	m.follow.Now = now
	s.digests = &digest.Builder{DB: m.db, Region: region}
	s.runner = &digest.Runner{DB: m.db, Builder: s.digests, Now: now, Log: m.logger()}
	return s
}

func (s *services) hooks() bot.Services {
	return bot.Services{Follow: s.m.follow, Digests: s.digests, Library: s.m.lib}
}

func (s *services) attach(b *bot.Bot) {
	s.bot = b
	s.runner.Kick = b.Kick
	s.m.lib.Kick = b.Kick
}

// runBackground records the changes still pending from earlier ingests,
// then runs the digest scheduler, the outbox sender, the folder watcher
// and the space reclaimer until ctx ends.
func (s *services) runBackground(ctx context.Context, watchDir string) error {
	if _, err := s.m.lib.RecordPending(ctx); err != nil {
		s.m.logger().Error("pending change records not read; retried at the next ingest", "err", err)
	}
	if s.bot != nil {
		s.bot.Kick()
	}
	var wg sync.WaitGroup
	run := func(f func() error) {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	run(func() error { return s.runner.Run(ctx, 30*time.Second) })
	if s.bot != nil {
		run(func() error { return s.bot.RunOutbox(ctx, 30*time.Second) })
	}
	if watchDir != "" {
		run(func() error { return s.m.lib.Watch(ctx, watchDir, 5*time.Second) })
	}
	run(func() error { return s.m.lib.ReclaimEvery(ctx, time.Hour) })
	wg.Wait()
	return ctx.Err()
}
