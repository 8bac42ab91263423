package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/planbot/planbot/extract"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/store"
)

// Watch adds the documents (extract.Extensions: text, PDF, Word, web
// pages) dropped into dir until ctx ends, looking
// every interval, oldest (by modification time) first, so a folder
// holding several versions of a document ends with the newest current. A
// file is taken once its size has stayed the same for one look (so
// half-written files wait); each version of a file (size, modification
// time, content) is tried once, and what was handled is kept in the
// index, so a restart does not ingest the folder again.
func (l *Library) Watch(ctx context.Context, dir string, every time.Duration) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	l.log().Info("watching for documents", "dir", abs)
	w := &watcher{lib: l, settling: map[string]string{}}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for _, f := range w.files(abs) {
			if ctx.Err() != nil {
				break
			}
			w.take(ctx, f)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// watcher is one Watch's state.
type watcher struct {
	lib      *Library
	settling map[string]string // path -> size|mtime seen once
}

type fileInfo struct {
	path string
	info os.FileInfo
}

// files lists the documents of dir, oldest first: the formats planbot
// reads, and those it refuses with advice (.doc), so the log says why.
func (w *watcher) files(dir string) []fileInfo {
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.lib.log().Error("cannot read watched folder", "dir", dir, "err", err)
	}
	var out []fileInfo
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || !slices.Contains(extract.Extensions, ext) && !slices.Contains(extract.Refused, ext) {
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

// take adds one file of the watched folder if it is new or changed and
// has settled.
func (w *watcher) take(ctx context.Context, f fileInfo) {
	state, data, ok := w.changed(f)
	if !ok {
		return
	}
	log := w.lib.log()
	res, err := w.lib.Add(ctx, filepath.Base(f.path), data, parse.Options{})
	if ctx.Err() != nil {
		return // interrupted: tried again after the restart
	}
	w.mark(f.path, state)
	if err != nil {
		log.Error("document from the watched folder not ingested or not recorded", "file", f.path, "err", err)
		return
	}
	for _, n := range res.Notes() {
		log.Info("ingest note", "file", f.path, "note", n)
	}
	log.Info("ingested from the watched folder", "file", f.path, "report", res.String(), "changes", res.Changes, "notices", res.Queued)
}

// changed reads a file that is new or changed since it was last handled
// and has settled, returning its state to record once it is handled. A
// file only touched (same content) is recorded at once; ok is false.
func (w *watcher) changed(f fileInfo) (state store.WatchedFile, data []byte, ok bool) {
	log := w.lib.log()
	size, mtime := f.info.Size(), f.info.ModTime().UTC()
	seen, known, err := w.lib.DB.WatchedFile(f.path)
	if err != nil {
		log.Error("cannot read watch state", "file", f.path, "err", err)
		return state, nil, false
	}
	if known && seen.Size == size && seen.ModTime.Equal(mtime) {
		return state, nil, false
	}
	quick := fmt.Sprintf("%d|%d", size, mtime.UnixNano())
	if w.settling[f.path] != quick {
		w.settling[f.path] = quick // wait one look for the size to settle
		return state, nil, false
	}
	delete(w.settling, f.path)
	state = store.WatchedFile{Size: size, ModTime: mtime}
	// The limit is an Add's with no options: the parser's default.
	data, err = ReadFile(f.path, parse.DefaultMaxBytes)
	if err != nil {
		log.Error("document in the watched folder not read; skipped until it changes", "file", f.path, "err", err)
		w.mark(f.path, state)
		return state, nil, false
	}
	sum := sha256.Sum256(data)
	state.Hash = hex.EncodeToString(sum[:])
	if known && seen.Hash == state.Hash {
		w.mark(f.path, state) // touched, not changed
		return state, nil, false
	}
	return state, data, true
}

// mark records a file's state as handled.
func (w *watcher) mark(path string, state store.WatchedFile) {
	if err := w.lib.DB.SetWatchedFile(path, state); err != nil {
		w.lib.log().Error("watch state not recorded; the file may be tried again after a restart", "file", path, "err", err)
	}
}
