package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/follow"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/schedule"
)

// services wires subscriptions, digests, the scheduler, the outbox sender
// and the watched folder around the index.
type services struct {
	m       *Main
	follow  *follow.Service
	digests *digest.Builder
	runner  *schedule.Runner
	bot     *bot.Bot
	now     func() time.Time
}

func (m *Main) services(now func() time.Time) *services {
	if now == nil {
		now = time.Now
	}
	s := &services{m: m, now: now}
	region := m.engine.DefaultRegion
	s.follow = &follow.Service{DB: m.db, Synonyms: m.engine.Analyzer().Synonyms, Region: region, Now: now}
	s.digests = &digest.Builder{DB: m.db, Region: region}
	s.runner = &schedule.Runner{DB: m.db, Builder: s.digests, Now: now, Log: m.logger()}
	return s
}

func (s *services) hooks() bot.Services {
	return bot.Services{
		Follow:  s.follow,
		Digests: s.digests,
		Ingest: func(ctx context.Context, name string, data []byte) (string, error) {
			rep, rec, err := s.m.ingestAndRecord(ctx, s.follow, name, data, parse.Options{})
			if err != nil {
				return "", err
			}
			return fmt.Sprintf("%s（%d 处变化，通知 %d 人）", rep.String(), rec.Changes, rec.Queued), nil
		},
	}
}

func (s *services) attach(b *bot.Bot) {
	s.bot = b
	s.runner.Kick = b.Kick
}

// runBackground runs the digest scheduler, the outbox sender and the
// folder watcher until ctx ends.
func (s *services) runBackground(ctx context.Context, watchDir string) error {
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
		run(func() error { return s.watch(ctx, watchDir, 5*time.Second) })
	}
	run(func() error { return s.reclaim(ctx, time.Hour) })
	wg.Wait()
	return ctx.Err()
}

// reclaim periodically frees the disk space held by replaced versions.
func (s *services) reclaim(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		if n, err := s.m.db.ReclaimSpace(ctx); err != nil {
			s.m.logger().Warn("index space not reclaimed", "err", err)
		} else if n > 0 {
			s.m.logger().Info("reclaimed index space", "files", n)
		}
	}
}

// ingestAndRecord ingests a document, then records what it changed and
// queues notices for subscribers.
func (m *Main) ingestAndRecord(ctx context.Context, f *follow.Service, name string, data []byte, opt parse.Options) (ingest.Report, follow.Recorded, error) {
	rep, err := m.ingester.Ingest(ctx, name, data, opt)
	if err != nil {
		return rep, follow.Recorded{}, err
	}
	m.engine.SetAnalyzer(m.ingester.Analyzer())
	if rep.Unchanged {
		return rep, follow.Recorded{}, nil
	}
	rec, err := f.OnIngest(ctx, rep.Doc, rep.Version, rep.Previous)
	if err != nil {
		return rep, rec, fmt.Errorf("record changes of %s: %w", rep.ID, err)
	}
	return rep, rec, nil
}

// watch ingests .txt files dropped into dir. A file is taken once its
// size has stayed the same for one poll (so half-written files wait);
// each version of a file (name, size, mtime) is tried once.
func (s *services) watch(ctx context.Context, dir string, every time.Duration) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	log := s.m.logger()
	log.Info("watching for documents", "dir", dir)
	seen := map[string]string{}    // path -> state already handled
	pending := map[string]string{} // path -> state seen once
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		entries, err := os.ReadDir(dir)
		if err != nil {
			log.Error("cannot read watched folder", "dir", dir, "err", err)
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(strings.ToLower(e.Name()), ".txt") {
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue
			}
			path := filepath.Join(dir, e.Name())
			state := fmt.Sprintf("%d|%d", info.Size(), info.ModTime().UnixNano())
			if seen[path] == state {
				continue
			}
			if pending[path] != state {
				pending[path] = state // wait one poll for the size to settle
				continue
			}
			delete(pending, path)
			seen[path] = state
			data, err := os.ReadFile(path)
			if err != nil {
				log.Error("cannot read document", "file", path, "err", err)
				continue
			}
			rep, rec, err := s.m.ingestAndRecord(ctx, s.follow, e.Name(), data, parse.Options{})
			if err != nil {
				log.Error("document not ingested; the index is unchanged", "file", path, "err", err)
				continue
			}
			log.Info("ingested from the watched folder", "file", path, "report", rep.String(), "changes", rec.Changes, "notices", rec.Queued)
			if s.bot != nil {
				s.bot.Kick()
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
