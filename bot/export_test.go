package bot

import "github.com/planbot/planbot/store"

// SetAfterPost lets tests stop the sender between posting and recording,
// as a crash would.
func (b *Bot) SetAfterPost(f func(store.OutboxItem) error) { b.afterPost = f }
