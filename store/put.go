package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/planbot/planbot/plan"
)

// Indexed is a parsed document with the index terms of its sentences.
type Indexed struct {
	Doc    *plan.Document
	Terms  map[int][]string // sentence ID -> its distinct terms (context included)
	Domain []string         // words for the segmenter's dictionary
	// Force stores a new version even when the bytes are unchanged (to
	// re-index under a new schema).
	Force bool
}

// PutResult says what a Put did.
type PutResult struct {
	ID        string
	Version   int
	Previous  int  // the version it replaced; 0 for a new document
	Unchanged bool // nothing stored: the bytes are the current version's, or an earlier one's
	// Earlier is set when the bytes are those of an earlier, replaced
	// version: Put keeps the current version rather than roll the
	// document back, and Note says so.
	Earlier int
	Note    string
}

// earlierVersionNote explains why bytes identical to an earlier version
// were not stored.
func earlierVersionNote(m DocMeta, earlier int) string {
	return fmt.Sprintf("identical to %s v%d, which v%d replaced: not stored again, v%d stays current (an older file is never made current again, so re-reading a folder cannot roll a document back)", m.ID, earlier, m.Version, m.Version)
}

// Put stores a new version of a document and makes it current. The new
// version, and its change to the term statistics, are staged under keys
// of their own and switched to in one small transaction, so a failure or
// crash at any point leaves the previous version answering, statistics
// included; earlier versions stay readable through Document. Bytes
// identical to the current version, or to an earlier one (an older file
// read again), store nothing unless ix.Force is set. The switch also
// marks the version's changes as pending (PendingChanges) unless
// ix.Force is set: a forced put re-indexes the same text.
func (s *DB) Put(ctx context.Context, ix Indexed, now time.Time) (PutResult, error) {
	doc := ix.Doc
	if doc == nil || doc.ID == "" {
		return PutResult{}, plan.Errorf(plan.EINVALID, "a document needs an ID to be stored")
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()

	old, exists := s.Meta(doc.ID)
	if res, stored := storedAlready(ix, old, exists); stored {
		return res, nil
	}
	res := PutResult{ID: doc.ID, Previous: old.Version}
	if err := s.writable(); err != nil {
		return res, fmt.Errorf("store %s: %w", doc.ID, err)
	}
	// A change an earlier Put could not finish folding in; readers see
	// it either way, but changes should not pile up.
	if err := s.finishStatChanges(ctx); err != nil {
		return res, fmt.Errorf("store %s: finish updating statistics: %w", doc.ID, err)
	}
	ver, records, err := s.stage(ctx, ix, old)
	if err != nil {
		if ver > 0 {
			s.discard(ctx, doc.ID, ver)
		}
		return res, err
	}
	if err := s.failpoint("staged"); err != nil {
		return res, err
	}
	res.Version = ver
	meta := newMeta(doc, ver, old.Versions, len(records), now)
	if err := s.switchTo(meta, old, exists, !ix.Force); err != nil {
		s.discard(ctx, doc.ID, ver)
		return res, err
	}
	if err := s.failpoint("switched"); err != nil {
		return res, err
	}
	// The version answers from here on, its statistics through the staged
	// change until they are folded in.
	if err := s.fold(context.WithoutCancel(ctx), statChange{DocID: doc.ID, Version: ver}); err != nil {
		if errors.Is(err, errFailpoint) {
			return res, err
		}
		s.log.Warn("statistics of a new version not yet folded in; finished at the next ingest or start", "doc", doc.ID, "version", ver, "err", err)
	}
	if exists {
		s.retire(ctx, doc.ID, old.Version)
	}
	return res, nil
}

// storedAlready reports bytes that Put need not store, and what it then
// returns: those of the current version, or of an earlier, replaced one
// (never made current again, so re-reading a folder of older files
// cannot roll a document back). A forced put stores them again.
func storedAlready(ix Indexed, old DocMeta, exists bool) (PutResult, bool) {
	doc := ix.Doc
	if !exists || ix.Force {
		return PutResult{}, false
	}
	res := PutResult{ID: doc.ID, Version: old.Version, Previous: old.Version, Unchanged: true}
	if old.Current().Hash == doc.Hash {
		return res, true
	}
	if v, ok := old.VersionWithHash(doc.Hash); ok && doc.Hash != "" {
		res.Earlier, res.Note = v.Version, earlierVersionNote(old, v.Version)
		return res, true
	}
	return PutResult{}, false
}

// newMeta describes doc once version ver, holding sentences indexed
// sentences, is current; earlier are the versions stored before it.
func newMeta(doc *plan.Document, ver int, earlier []VersionInfo, sentences int, now time.Time) DocMeta {
	return DocMeta{
		ID: doc.ID, Title: doc.Title, Region: doc.Region, Genre: doc.Genre,
		ReportYear: doc.ReportYear, PlanYear: doc.PlanYear, Date: doc.Date, Source: doc.Source,
		Version: ver, Versions: append(slices.Clone(earlier), VersionInfo{
			Version: ver, Hash: doc.Hash, Source: doc.Source, IngestedAt: now.UTC(),
			Sentences: sentences, Facts: len(doc.Facts),
		}),
		Years: factYears(doc),
		Tasks: len(doc.Tasks()),
	}
}

// switchTo makes a staged version current. Staging may take any number
// of transactions; this is the one that must not be split, so it holds
// only what changes which version answers, a few keys whatever the size
// of the document: its meta, the garbage marks (cleared for the new
// version, set for the replaced one, which retire then removes), the
// pending-change mark when markPending, the mark that the index was used,
// and the activation of the version's staged change to the statistics.
func (s *DB) switchTo(meta DocMeta, old DocMeta, exists, markPending bool) error {
	id, ver := meta.ID, meta.Version
	var st statsState
	err := s.commitVisible(func(txn *badger.Txn) error {
		if err := putMeta(txn, meta); err != nil {
			return err
		}
		if err := txn.Delete(gcKey(id, ver)); err != nil {
			return err
		}
		if exists {
			if err := txn.Set(gcKey(id, old.Version), []byte(regionKey(old.Region))); err != nil {
				return err
			}
		}
		if markPending {
			if err := setPending(txn, PendingChange{DocID: id, Version: ver, Previous: old.Version}); err != nil {
				return err
			}
		}
		if err := txn.Set([]byte(kUsed), nil); err != nil {
			return err
		}
		var err error
		st, err = activate(txn, statChange{DocID: id, Version: ver})
		return err
	}, &meta)
	if err != nil {
		return fmt.Errorf("switch %s to v%d: %w", id, ver, err)
	}
	s.counters.advance(st.Gen-1, st.Gen, nil)
	s.markUsed()
	return nil
}

func putMeta(txn *badger.Txn, meta DocMeta) error {
	b, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	return txn.Set(docKey(meta.ID), b)
}

// retire removes a replaced version's postings and sentences; if that
// fails, the garbage mark the switch set has the next start finish it.
func (s *DB) retire(ctx context.Context, id string, ver int) {
	if err := s.removeVersion(ctx, id, ver); err != nil {
		s.log.Warn("old version not yet removed from the index; retried at next start", "doc", id, "version", ver, "err", err)
	}
}

// discard removes what a failed Put staged, at once rather than at the
// next start (the version stays marked as garbage if this fails too).
func (s *DB) discard(ctx context.Context, id string, ver int) {
	if err := s.removeVersion(context.WithoutCancel(ctx), id, ver); err != nil {
		s.log.Warn("unfinished version not yet removed from the index; retried at next start", "doc", id, "version", ver, "err", err)
	}
}

// factYears lists the years a document's facts speak of, sorted.
func factYears(doc *plan.Document) []int {
	var out []int
	for _, f := range doc.Facts {
		if f.Year != 0 {
			out = append(out, f.Year)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
