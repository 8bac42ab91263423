package store

import (
	"fmt"
	"syscall"
)

// A full disk must be an error, never a crash: badger writes through
// memory-mapped files, and a page that cannot be backed kills the
// process with SIGBUS instead of failing a write. So writes are refused,
// with an error that says so, while the disk has less free space than
// badger may need for one more write (a memtable, a value-log file, a
// compaction's tables); and an index on such a disk opens read-only,
// which maps nothing for writing, so reading keeps working.

// DefaultMinFreeMB is the free space below which writes are refused.
const DefaultMinFreeMB = 128

// minRecoveryFree is the least free space in which an index left by a
// crash is opened for writing (with writes refused) to recover its logs:
// badger maps a new memtable and value log and may compact.
const minRecoveryFree = 16 << 20

// writable returns nil when the index can be written to, and otherwise
// an error with code plan.ENOSPACE (or the reason it was opened
// read-only).
func (s *DB) writable() error {
	if s.readOnlyErr != nil {
		return s.readOnlyErr
	}
	return s.spaceFor(s.dir)
}

// spaceFor checks that dir's disk has the space a write may need.
func (s *DB) spaceFor(dir string) error {
	return checkSpace(dir, s.minFree, s.freeSpace)
}

func checkSpace(dir string, minFree uint64, free func(string) (uint64, error)) error {
	if minFree == 0 || free == nil {
		return nil
	}
	n, err := free(dir)
	if err != nil {
		return nil // unknown: let the write find out
	}
	if n < minFree {
		return noSpace(dir, fmt.Errorf("%d MB free, planbot needs %d MB to write safely: %w", n>>20, minFree>>20, syscall.ENOSPC))
	}
	return nil
}
