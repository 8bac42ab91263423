package store

import (
	"context"
	"time"
)

// AdviseEvery advises the index's maps for random reads every interval
// until ctx ends, so the tables badger writes after Open (flushes,
// compactions) are read as those it opened (AdviseRandomReads).
func (s *DB) AdviseEvery(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		if err := s.AdviseRandomReads(); err != nil {
			s.log.Debug("index maps not advised", "err", err)
		}
	}
}
