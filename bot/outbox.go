package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/store"
)

// metadataType marks planbot's outbox messages in Slack, so that after a
// crash the sender can see whether a message in flight got through.
const metadataType = "planbot_outbox"

// maxAttempts bounds retries of a message Slack keeps refusing for a
// reason other than a rate limit.
const maxAttempts = 8

// Kick wakes the outbox sender (after an ingest or a digest was queued).
func (b *Bot) Kick() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// RunOutbox delivers queued digests and notices until ctx ends, checking
// every interval and whenever kicked.
func (b *Bot) RunOutbox(ctx context.Context, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := b.DeliverOutbox(ctx); err != nil && !errors.Is(err, context.Canceled) {
			b.log.Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-b.kick:
		}
	}
}

// DeliverOutbox makes one pass over the outbox and returns how many
// messages went out.
func (b *Bot) DeliverOutbox(ctx context.Context) (int, error) {
	items, err := b.db.Outbox()
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		if it.NotBefore.After(b.cfg.Now()) {
			continue
		}
		ok, err := b.deliver(ctx, it)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// gone lists Slack errors meaning the recipient will never take the
// message: the user left or was deactivated, the channel was archived or
// deleted, or planbot was removed from it.
var gone = map[string]bool{
	"channel_not_found": true, "is_archived": true, "channel_is_archived": true, "not_in_channel": true,
	"account_inactive": true, "user_not_found": true, "user_disabled": true, "cannot_dm_bot": true,
}

// deliver sends one item at most once: it marks the item in flight before
// posting, and an item found in flight (the process died after posting)
// is first looked for in the channel's history by its metadata.
func (b *Bot) deliver(ctx context.Context, it store.OutboxItem) (bool, error) {
	channel := it.Channel
	if it.User != "" {
		v, err := b.retry(ctx, "conversations.open", func() (any, error) {
			ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{it.User}, ReturnIM: true})
			return ch, err
		})
		if err != nil {
			return false, b.failed(ctx, it, err)
		}
		channel = v.(*slack.Channel).ID
	}
	if it.InFlight {
		found, err := b.posted(ctx, channel, it.Key)
		if err != nil {
			b.log.Warn("cannot check whether a message in flight was sent; sending it again", "key", it.Key, "err", err)
		}
		if found {
			b.log.Info("message in flight at the last stop had been sent; not sending it again", "key", it.Key)
			return false, b.db.Sent(it, b.cfg.Now())
		}
	}
	msg, err := renderItem(it)
	if err != nil {
		b.log.Error("undeliverable outbox item dropped", "key", it.Key, "err", err)
		return false, b.db.Drop(it)
	}
	it.InFlight = true
	if err := b.db.Retry(it); err != nil {
		return false, err
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(msg.Text, false),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: metadataType, EventPayload: map[string]any{"key": it.Key}}),
	}
	if len(msg.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(msg.Blocks...))
	}
	_, err = b.retry(ctx, "chat.postMessage", func() (any, error) {
		_, ts, err := b.api.PostMessageContext(ctx, channel, opts...)
		return ts, err
	})
	if err != nil {
		it.InFlight = false // Slack answered: it did not take the message
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return false, err
		}
		return false, b.failed(ctx, it, err)
	}
	if b.afterPost != nil {
		if err := b.afterPost(it); err != nil {
			return false, err
		}
	}
	if err := b.db.Sent(it, b.cfg.Now()); err != nil {
		return true, err
	}
	b.log.Info("sent", "kind", it.Kind, "key", it.Key, "channel", channel)
	return true, nil
}

// posted reports whether a message with the outbox key is in the
// channel's recent history.
func (b *Bot) posted(ctx context.Context, channel, key string) (bool, error) {
	v, err := b.retry(ctx, "conversations.history", func() (any, error) {
		return b.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: 50, IncludeAllMetadata: true})
	})
	if err != nil {
		return false, err
	}
	for _, m := range v.(*slack.GetConversationHistoryResponse).Messages {
		if m.Metadata.EventType == metadataType && fmt.Sprint(m.Metadata.EventPayload["key"]) == key {
			return true, nil
		}
	}
	return false, nil
}

// failed handles a refused delivery: a recipient that is gone is cleaned
// up (logged, not retried); anything else is retried later, up to a limit.
func (b *Bot) failed(ctx context.Context, it store.OutboxItem, err error) error {
	var se slack.SlackErrorResponse
	code := err.Error()
	if errors.As(err, &se) {
		code = se.Err
	}
	if gone[code] {
		b.log.Warn("recipient gone; message dropped and their settings removed", "key", it.Key, "channel", it.Channel, "user", it.User, "slack_error", code)
		if it.User != "" {
			if err := b.db.RemoveUser(ctx, it.User); err != nil {
				return err
			}
		} else if it.Channel != "" {
			if _, err := b.db.DeleteDigest(it.Channel); err != nil {
				return err
			}
		}
		return b.db.Drop(it)
	}
	it.Attempts++
	if it.Attempts >= maxAttempts {
		b.log.Error("message dropped after repeated failures", "key", it.Key, "attempts", it.Attempts, "err", err)
		return b.db.Drop(it)
	}
	it.NotBefore = b.cfg.Now().Add(time.Duration(1<<it.Attempts) * 30 * time.Second)
	b.log.Warn("delivery failed; will retry", "key", it.Key, "attempt", it.Attempts, "next", it.NotBefore, "err", err)
	return b.db.Retry(it)
}

// ingestFile downloads a file an admin shared in a DM and ingests it.
func (b *Bot) ingestFile(ctx context.Context, f *slack.File) Message {
	if f.Size > parse.DefaultMaxBytes {
		return Message{Text: fmt.Sprintf("文件 %s 太大（%d 字节）：计划文件的文本不超过 %d MB。", escape(f.Name), f.Size, parse.DefaultMaxBytes>>20)}
	}
	url := f.URLPrivateDownload
	if url == "" {
		url = f.URLPrivate
	}
	var buf bytes.Buffer
	if _, err := b.retry(ctx, "files.download", func() (any, error) {
		buf.Reset()
		return nil, b.api.GetFileContext(ctx, url, &buf)
	}); err != nil {
		b.log.Error("file download failed", "file", f.ID, "err", err)
		return Message{Text: "无法下载这个文件，请稍后再试。"}
	}
	line, err := b.svc.Ingest(ctx, f.Name, buf.Bytes())
	if err != nil {
		return b.errorMessage(err)
	}
	b.Kick()
	return Message{Text: "已收录：" + escape(line)}
}
