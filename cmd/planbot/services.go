package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
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
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// services wires subscriptions, digests, the scheduler, the outbox sender
// and the watched folder around the index.
type services struct {
	m       *Main
	follow  *follow.Service
	digests *digest.Builder
	runner  *digest.Runner
	bot     *bot.Bot
	now     func() time.Time
}

func (m *Main) services(now func() time.Time) *services {
	if now == nil {
		now = time.Now
	}
	s := &services{m: m, now: now}
	region := m.engine.DefaultRegion
	s.follow = &follow.Service{DB: m.db, Synonyms: m.engine.Analyzer().Synonyms, Region: region, IsUser: bot.IsUserID, Now: now}
	s.digests = &digest.Builder{DB: m.db, Region: region}
	s.runner = &digest.Runner{DB: m.db, Builder: s.digests, Now: now, Log: m.logger()}
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
			msg := fmt.Sprintf("%s（%d 处变化，通知 %d 人）", rep.String(), rec.Changes, rec.Queued)
			if note := s.m.earlierVersionNote(rep); note != "" {
				msg += "\n" + note
			}
			return msg, nil
		},
	}
}

func (s *services) attach(b *bot.Bot) {
	s.bot = b
	s.runner.Kick = b.Kick
}

// runBackground records the changes still pending from earlier ingests,
// then runs the digest scheduler, the outbox sender and the folder
// watcher until ctx ends.
func (s *services) runBackground(ctx context.Context, watchDir string) error {
	if _, err := s.m.recordPending(ctx, s.follow); err != nil {
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
// queues notices for subscribers. The recording works from the versions
// the store marked pending (store.PendingChanges), so changes whose
// recording failed or was cut short before — of this document or another —
// are recorded now; the result counts this document's.
func (m *Main) ingestAndRecord(ctx context.Context, f *follow.Service, name string, data []byte, opt parse.Options) (ingest.Report, follow.Recorded, error) {
	rep, err := m.ingester.Ingest(ctx, name, data, opt)
	if err != nil {
		return rep, follow.Recorded{}, err
	}
	m.engine.SetAnalyzer(m.ingester.Analyzer())
	if note := m.earlierVersionNote(rep); note != "" {
		rep.Warnings = append(rep.Warnings, note)
	}
	results, err := m.recordPending(ctx, f)
	if err != nil {
		return rep, follow.Recorded{}, notRecorded{fmt.Errorf("%s is stored as v%d, but its changes were not recorded (retried at the next ingest or start of planbot serve): %w", rep.ID, rep.Version, err)}
	}
	var rec follow.Recorded
	for _, r := range results {
		if r.DocID != rep.ID {
			continue
		}
		if r.err != nil {
			return rep, rec, notRecorded{fmt.Errorf("%s is stored as v%d, but the changes of v%d were not recorded (retried at the next ingest or start of planbot serve): %w", rep.ID, rep.Version, r.Version, r.err)}
		}
		rec.Sets = append(rec.Sets, r.rec.Sets...)
		rec.Changes += r.rec.Changes
		rec.Queued += r.rec.Queued
	}
	return rep, rec, nil
}

// notRecorded is an ingest that stored the document but did not record
// its changes yet: not a failed ingest, as the recording is retried.
type notRecorded struct{ err error }

func (e notRecorded) Error() string { return e.err.Error() }
func (e notRecorded) Unwrap() error { return e.err }

// earlierVersionNote says, for an ingest that stored nothing because the
// bytes were those of an earlier version, that the current one was kept.
func (m *Main) earlierVersionNote(rep ingest.Report) string {
	if !rep.Unchanged || rep.Doc == nil {
		return ""
	}
	meta, _ := m.db.Meta(rep.ID)
	if v, ok := meta.VersionWithHash(rep.Doc.Hash); ok && v.Version != meta.Version {
		return store.EarlierVersionNote(meta, v.Version)
	}
	return ""
}

// pendingResult is what recording one pending version's changes did.
type pendingResult struct {
	store.PendingChange
	rec follow.Recorded
	err error
}

// recordPending records the changes of every version still marked
// pending and queues their notices, clearing each mark once that
// succeeded. A version that fails stays marked, for the next ingest or
// start; its error is logged and returned in its result. Running it
// twice, or alongside another run, queues nothing twice (OnIngest is
// idempotent).
func (m *Main) recordPending(ctx context.Context, f *follow.Service) ([]pendingResult, error) {
	pending, err := m.db.PendingChanges()
	if err != nil {
		return nil, err
	}
	log := m.logger()
	var out []pendingResult
	for _, pc := range pending {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		r := pendingResult{PendingChange: pc}
		r.rec, r.err = m.recordVersion(ctx, f, pc)
		if r.err != nil {
			log.Error("changes not recorded; retried at the next ingest or start", "doc", pc.DocID, "version", pc.Version, "err", r.err)
		} else {
			log.Info("changes recorded", "doc", pc.DocID, "version", pc.Version, "changes", r.rec.Changes, "notices", r.rec.Queued)
		}
		out = append(out, r)
	}
	return out, nil
}

func (m *Main) recordVersion(ctx context.Context, f *follow.Service, pc store.PendingChange) (follow.Recorded, error) {
	doc, err := m.db.Document(ctx, pc.DocID, pc.Version)
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		// Nothing left to compare: keeping the mark would retry forever.
		m.logger().Warn("version gone before its changes were recorded; mark dropped", "doc", pc.DocID, "version", pc.Version)
		return follow.Recorded{}, m.db.ChangesRecorded(pc.DocID, pc.Version)
	}
	if err != nil {
		return follow.Recorded{}, err
	}
	rec, err := f.OnIngest(ctx, doc, pc.Version, pc.Previous)
	if err != nil {
		return rec, err
	}
	return rec, m.db.ChangesRecorded(pc.DocID, pc.Version)
}

// watch ingests .txt files dropped into dir, oldest (by modification
// time) first, so a folder holding several versions of a document ends
// with the newest current. A file is taken once its size has stayed the
// same for one poll (so half-written files wait); each version of a file
// (size, modification time, content) is tried once, and what was handled
// is kept in the index, so a restart does not ingest the folder again.
func (s *services) watch(ctx context.Context, dir string, every time.Duration) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	log := s.m.logger()
	log.Info("watching for documents", "dir", abs)
	settling := map[string]string{} // path -> size|mtime seen once
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for _, f := range watchedFiles(abs, log) {
			if ctx.Err() != nil {
				break
			}
			s.watchFile(ctx, f, settling)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

type fileInfo struct {
	path string
	info os.FileInfo
}

// watchedFiles lists the .txt files of dir, oldest first.
func watchedFiles(dir string, log *slog.Logger) []fileInfo {
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Error("cannot read watched folder", "dir", dir, "err", err)
	}
	var out []fileInfo
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(strings.ToLower(e.Name()), ".txt") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed since listed
		}
		out = append(out, fileInfo{filepath.Join(dir, e.Name()), info})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].info.ModTime(), out[j].info.ModTime()
		if !a.Equal(b) {
			return a.Before(b)
		}
		return out[i].path < out[j].path
	})
	return out
}

// watchFile ingests one file of the watched folder if it is new or
// changed and has settled.
func (s *services) watchFile(ctx context.Context, f fileInfo, settling map[string]string) {
	log := s.m.logger()
	size, mtime := f.info.Size(), f.info.ModTime().UTC()
	seen, ok, err := s.m.db.WatchedFile(f.path)
	if err != nil {
		log.Error("cannot read watch state", "file", f.path, "err", err)
		return
	}
	if ok && seen.Size == size && seen.ModTime.Equal(mtime) {
		return
	}
	quick := fmt.Sprintf("%d|%d", size, mtime.UnixNano())
	if settling[f.path] != quick {
		settling[f.path] = quick // wait one poll for the size to settle
		return
	}
	delete(settling, f.path)
	state := store.WatchedFile{Size: size, ModTime: mtime}
	data, err := os.ReadFile(f.path)
	if err != nil {
		log.Error("cannot read document", "file", f.path, "err", err)
		s.markWatched(f.path, state)
		return
	}
	sum := sha256.Sum256(data)
	state.Hash = hex.EncodeToString(sum[:])
	if ok && seen.Hash == state.Hash {
		s.markWatched(f.path, state) // touched, not changed
		return
	}
	rep, rec, err := s.m.ingestAndRecord(ctx, s.follow, filepath.Base(f.path), data, parse.Options{})
	if ctx.Err() != nil {
		return // interrupted: tried again after the restart
	}
	s.markWatched(f.path, state)
	if err != nil {
		log.Error("document from the watched folder not ingested or not recorded", "file", f.path, "err", err)
		return
	}
	for _, w := range rep.Warnings {
		log.Info("ingest note", "file", f.path, "note", w)
	}
	log.Info("ingested from the watched folder", "file", f.path, "report", rep.String(), "changes", rec.Changes, "notices", rec.Queued)
	if s.bot != nil {
		s.bot.Kick()
	}
}

func (s *services) markWatched(path string, w store.WatchedFile) {
	if err := s.m.db.SetWatchedFile(path, w); err != nil {
		s.m.logger().Error("watch state not recorded; the file may be tried again after a restart", "file", path, "err", err)
	}
}
