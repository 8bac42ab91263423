package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"

	"github.com/dgraph-io/badger/v4"

	"github.com/planbot/planbot/plan"
)

// Damaged storage and a full disk are reported as domain errors that say
// which index and what to do, so front ends can map them to one clear
// message and exit code; the underlying error stays in the chain.

// ErrCorrupt is in the chain of every error reporting damaged storage.
var ErrCorrupt = errors.New("index damaged")

// errDamagedRecord marks a stored record that does not decode.
var errDamagedRecord = errors.New("damaged record")

// storageError is a user-facing domain error over its cause.
type storageError struct {
	user   *plan.Error
	cause  error
	detail string // what badger found, briefly
}

func (e *storageError) Error() string { return e.user.Message }

// Detail is what was found wrong, without the advice of Error: for a
// message that gives advice of its own.
func (e *storageError) Detail() string  { return e.detail }
func (e *storageError) Unwrap() []error { return []error{e.user, e.cause} }

// corrupt reports damaged storage found in dir.
func corrupt(dir string, cause error) error {
	return &storageError{
		user: plan.Errorf(plan.ECORRUPT, "the index at %s is damaged (%s): restore it from a backup, or run `planbot reindex` if its stored documents are intact (`planbot check` tells which)",
			dir, brief(cause)),
		cause:  errors.Join(ErrCorrupt, cause),
		detail: brief(cause),
	}
}

// noSpace reports a disk too full to write to.
func noSpace(dir string, cause error) error {
	return &storageError{
		user:   plan.Errorf(plan.ENOSPACE, "the disk holding the index at %s is full (%s): free some space; reading and answering still work", dir, brief(cause)),
		cause:  errors.Join(syscall.ENOSPC, cause),
		detail: brief(cause),
	}
}

// brief shortens an error for a user message: badger's chains can run to
// a paragraph.
func brief(err error) string {
	s := err.Error()
	if len(s) > 240 {
		s = s[:240] + "…"
	}
	return s
}

// storageErr turns badger's reports of damaged files or a full disk into
// the errors above; other errors pass through.
func (s *DB) storageErr(err error) error {
	var se *storageError
	switch {
	case err == nil, errors.As(err, &se):
		return err
	case isNoSpace(err):
		return noSpace(s.dir, err)
	case isDamage(err):
		return corrupt(s.dir, err)
	}
	return err
}

// damageSigns are what badger's errors say when a file is damaged or
// missing: it does not export most of them as values, and wraps the rest
// as text.
var damageSigns = []string{
	"checksum mismatch",          // a table block or value failed its checksum
	"failed to verify checksum",  // a table failed verification at open
	"invalid checksum",           // a block's checksum length is wrong
	"Invalid value pointer",      // a value beyond the end of its log
	"Invalid read",               // a value shorter than its header says
	"End of file",                // y.ErrEOF: a value past a cut log
	"unexpected EOF",             // a cut manifest or table
	"file with ID",               // a value log file gone
	"no such file or directory",  // a table the manifest lists is gone
	"Data corrupted",             // a table footer
	"failed to read index",       // a table's index
	"failed to initialize table", // a table that does not parse
	"block out of index",         // a table's block offsets
	"MANIFEST",                   // the manifest does not parse
}

func isDamage(err error) bool {
	var pe *plan.Error
	switch {
	case errors.Is(err, errDamagedRecord), errors.Is(err, ErrCorrupt):
		return true
	case errors.Is(err, badger.ErrKeyNotFound), errors.As(err, &pe),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	}
	msg := err.Error()
	for _, sign := range damageSigns {
		if strings.Contains(msg, sign) {
			return true
		}
	}
	return false
}

func isNoSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "no space left on device")
}

// errFailpoint is what an injected failure returns (tests): Put stops
// there without cleaning up, as a killed process would.
var errFailpoint = errors.New("failpoint")

// failpoint reports an injected failure at a named step of a write.
func (s *DB) failpoint(step string) error {
	if s.failAt == nil {
		return nil
	}
	if err := s.failAt(step); err != nil {
		return fmt.Errorf("%s: %w", step, errors.Join(errFailpoint, err))
	}
	return nil
}
