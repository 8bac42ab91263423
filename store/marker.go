package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// An index that lost its files must not pass for a new one: badger opens
// a directory without its MANIFEST as an empty database, and planbot
// would then fill it with the seed document. So the first document
// stored leaves two marks, a key (kUsed) and, once that is committed, a
// file beside badger's (markerFile): a directory with the file but not
// the key, or badger's data files but no MANIFEST, lost files. The key
// comes first so that a crash between the two leaves a key without a
// file, which Open repairs.

// markerFile names the file that says the index held documents.
const markerFile = "PLANBOT-INDEX"

const markerText = "This directory holds a planbot index that has stored documents.\n" +
	"planbot tells a damaged index from a new one by this file: keep it with the index (and in its backups).\n"

// dirState is what Open finds in the index directory before badger
// opens it (and, for a damaged one, changes it).
type dirState struct {
	marker   bool // markerFile is there
	manifest bool // badger's MANIFEST is there
	data     bool // badger's tables or logs are there
}

// fresh reports a directory badger has not made an index in yet (it may
// hold other files); lostFiles tells it from one that lost its MANIFEST.
func (st dirState) fresh() bool { return !st.manifest }

func inspectDir(dir string) (dirState, error) {
	var st dirState
	entries, err := os.ReadDir(dir)
	if err != nil {
		return st, fmt.Errorf("read index directory: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == markerFile:
			st.marker = true
		case name == badger.ManifestFilename:
			st.manifest = true
		case strings.HasSuffix(name, ".sst"), strings.HasSuffix(name, ".vlog"), strings.HasSuffix(name, ".mem"):
			st.data = true
		}
	}
	return st, nil
}

// lostFiles reports the damage a directory shows before badger opens it.
func (st dirState) lostFiles() error {
	if !st.manifest && (st.marker || st.data) {
		return fmt.Errorf("its %s file is missing", badger.ManifestFilename)
	}
	return nil
}

// checkUsed compares the marker file with the key, after Open, and
// repairs a missing file (or both marks, for an index that predates
// them) when it can write.
func (s *DB) checkUsed(dir dirState) error {
	var used bool
	err := s.view(func(txn *badger.Txn) error {
		_, err := txn.Get([]byte(kUsed))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		used = err == nil
		return err
	})
	if err != nil {
		return err
	}
	if dir.marker && !used {
		return corrupt(s.dir, fmt.Errorf("its %s file says it held documents, but its records are gone", markerFile))
	}
	if !used && len(s.metas) > 0 {
		used = true // an index from before the marks
		if s.writable() == nil {
			if err := s.update(func(txn *badger.Txn) error { return txn.Set([]byte(kUsed), nil) }); err != nil {
				return err
			}
		}
	}
	s.used.Store(used)
	if used && !dir.marker && s.writable() == nil {
		return s.writeMarker()
	}
	return nil
}

// markUsed leaves the marker file once the first document is stored; the
// key went into the switch's transaction.
func (s *DB) markUsed() {
	if s.used.Swap(true) {
		return
	}
	if err := s.writeMarker(); err != nil {
		s.log.Warn("could not write the index's marker file; written at the next start", "err", err)
	}
}

// writeMarker writes markerFile durably: a temporary file renamed over it.
func (s *DB) writeMarker() error {
	tmp := filepath.Join(s.dir, markerFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write index marker: %w", err)
	}
	_, err = fmt.Fprintf(f, "%sFirst stored: %s\n", markerText, time.Now().UTC().Format(time.RFC3339))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(s.dir, markerFile))
	}
	if err == nil {
		err = syncDir(s.dir)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write index marker: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// NeverUsed reports an index that never stored a document: the one
// index the seed documents may fill. An index that lost its files does
// not open at all (its error has code plan.ECORRUPT).
func (s *DB) NeverUsed() bool { return !s.used.Load() }
