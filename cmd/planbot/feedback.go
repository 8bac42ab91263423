package main

import (
	"context"
	"encoding/json"

	"github.com/planbot/planbot/store"
)

// runFeedback exports 👍/👎 feedback as JSON lines for review.
func (m *Main) runFeedback(ctx context.Context, args []string) error {
	fs := m.flags("feedback", "[--bad]")
	bad := fs.Bool("bad", false, "only 👎")
	if _, err := m.parseArgs(fs, args); err != nil {
		return err
	}
	if err := m.open(ctx, false); err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	return m.db.EachFeedback(func(f store.Feedback) error {
		if *bad && f.Helpful {
			return nil
		}
		return enc.Encode(f)
	})
}
