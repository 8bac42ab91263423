package bot

import "github.com/planbot/planbot/store"

// SetAfterPost lets tests stop the sender between posting and recording,
// as a crash would.
func (b *Bot) SetAfterPost(f func(store.OutboxItem) error) { b.afterPost = f }

// SetAfterClaim lets tests stop an event's handling after it was claimed
// and before it is answered, as a crash would.
func (b *Bot) SetAfterClaim(f func(eventID string) error) { b.afterClaim = f }

// SetAfterStore lets tests stop a question's handling after it was stored
// and acknowledged and before it is answered, as a crash would.
func (b *Bot) SetAfterStore(f func(key string) error) { b.afterStore = f }
