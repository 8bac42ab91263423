package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

const pWatched = "wf\x00" // path -> WatchedFile (a watched file already handled)

// WatchedFile is what the folder watcher last handled of a file, kept so
// a restart does not ingest the folder again (and roll documents back to
// older files).
type WatchedFile struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime"`
	Hash    string    `json:"hash"` // sha256 of the bytes, hex
}

func watchedKey(path string) []byte { return key(pWatched, path) }

// WatchedFile returns the state recorded for a watched file.
func (s *DB) WatchedFile(path string) (WatchedFile, bool, error) {
	w, found, err := getJSON[WatchedFile](s, watchedKey(path))
	if err != nil {
		return WatchedFile{}, false, fmt.Errorf("read watch state of %s: %w", path, err)
	}
	return w, found, nil
}

// SetWatchedFile records that the watcher handled a file in this state.
func (s *DB) SetWatchedFile(path string, w WatchedFile) error {
	b, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("encode watch state of %s: %w", path, err)
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(watchedKey(path), b) }); err != nil {
		return fmt.Errorf("record watch state of %s: %w", path, err)
	}
	return nil
}
