package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/store"
)

// metadataType marks planbot's outbox messages in Slack, so that after a
// crash the sender can see whether a message in flight got through.
const metadataType = "planbot_outbox"

// maxAttempts bounds retries of a message Slack keeps refusing for a
// reason that will not pass by itself (invalid blocks, a revoked token).
// Transient failures are retried without a bound.
const maxAttempts = 8

// History search: a page per call, and a bound on how far back to page
// (only reached for an item without a Created time in a busy channel).
const (
	historyPage     = 200
	maxHistoryPages = 100
	// clockSkew widens the search: Slack stamps messages by its clock,
	// Created is by ours.
	clockSkew = 10 * time.Minute
)

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
		if it.Kind == kindQuestion || it.Kind == kindCommand || it.NotBefore.After(b.cfg.Now()) {
			continue // questions and commands are answered as they come (questions.go, events.go)
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

// maybeDone lists ok:false errors after which, by Slack's documentation,
// part of the operation may have succeeded: a message may have been
// posted although Slack answered with an error.
var maybeDone = map[string]bool{
	"internal_error": true, "fatal_error": true, "request_timeout": true, "service_unavailable": true,
}

// slackCode is the Slack error code of err, or "" when Slack gave none.
func slackCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// notPosted reports whether a failed chat.postMessage certainly did not
// post: Slack answered and said so. A transport error, a timeout, a 5xx or
// an error of maybeDone leaves it unknown.
func notPosted(err error) bool {
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	switch {
	case errors.As(err, &rl):
		return true // a 429 is refused before any work
	case errors.As(err, &se):
		return !maybeDone[se.Err]
	case errors.As(err, &sc):
		return sc.Code < 500
	}
	return false
}

// transient reports whether a failure may pass by itself (Slack down or
// busy, the network), so the item is retried however often it takes.
func transient(err error) bool {
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	switch {
	case errors.Is(err, errHistoryTooLong):
		return false
	case errors.As(err, &rl):
		return true
	case errors.As(err, &se):
		return maybeDone[se.Err] || se.Err == "ratelimited" || se.Err == "rate_limited"
	case errors.As(err, &sc):
		return sc.Code >= 500
	}
	return true // transport errors and timeouts
}

// deliver sends one item exactly once. It marks the item in flight before
// posting; an item found in flight (the process died after posting, or
// the post failed in a way that leaves it unknown whether Slack took it)
// is first looked for in the channel's history by its metadata, and is
// posted again only if that search finds nothing.
func (b *Bot) deliver(ctx context.Context, it store.OutboxItem) (bool, error) {
	channel, err := b.recipient(ctx, it)
	if err != nil {
		return false, b.notDelivered(ctx, it, err)
	}
	if it.InFlight {
		found, err := b.posted(ctx, channel, it)
		if err != nil {
			// Posting without knowing could send it twice: try later.
			return false, b.notDelivered(ctx, it, err)
		}
		if found {
			b.log.Info("message in flight at the last attempt had been sent; not sending it again", "key", it.Key)
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
	if err := b.postItem(ctx, channel, it, msg); err != nil {
		it.InFlight = !notPosted(err)
		return false, b.notDelivered(ctx, it, fmt.Errorf("post %s: %w", it.Key, err))
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

// recipient is the channel an item goes to: its channel, or the DM with
// its user.
func (b *Bot) recipient(ctx context.Context, it store.OutboxItem) (string, error) {
	if it.User == "" {
		return it.Channel, nil
	}
	v, err := b.retry(ctx, "conversations.open", func() (any, error) {
		ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{it.User}, ReturnIM: true})
		return ch, err
	})
	if err != nil {
		return "", fmt.Errorf("open a DM with %s: %w", it.User, err)
	}
	return v.(*slack.Channel).ID, nil
}

// postItem posts an outbox message, its key in the message metadata.
// Only rate limits are retried here: after any other failure Slack may
// have posted, so the next attempt must search the history first.
func (b *Bot) postItem(ctx context.Context, channel string, it store.OutboxItem, msg Message) error {
	_, err := b.postPaced(ctx, channel, msgOptions(msg, "", outboxMetadata(it.Key)), false)
	return err
}

// notDelivered handles a failed attempt (failed), unless it failed
// because ctx ended: then the item stays as the index holds it, in flight
// if it was marked so, for the next run.
func (b *Bot) notDelivered(ctx context.Context, it store.OutboxItem, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return b.failed(ctx, it, err)
}

// posted reports whether a message carrying the item's key is in the
// channel's history, paging back to just before the item was queued.
func (b *Bot) posted(ctx context.Context, channel string, it store.OutboxItem) (bool, error) {
	p := &slack.GetConversationHistoryParameters{ChannelID: channel, Limit: historyPage, IncludeAllMetadata: true}
	if !it.Created.IsZero() {
		p.Oldest = slackTS(it.Created.Add(-clockSkew))
	}
	for page := 0; page < maxHistoryPages; page++ {
		v, err := b.retry(ctx, "conversations.history", func() (any, error) {
			return b.api.GetConversationHistoryContext(ctx, p)
		})
		if err != nil {
			return false, fmt.Errorf("search %s's history for %s: %w", channel, it.Key, err)
		}
		h := v.(*slack.GetConversationHistoryResponse)
		for _, m := range h.Messages {
			if m.Metadata.EventType == metadataType && fmt.Sprint(m.Metadata.EventPayload["key"]) == it.Key {
				return true, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			return false, nil
		}
		p.Cursor = h.ResponseMetaData.NextCursor
	}
	return false, fmt.Errorf("search %s's history for %s: %w (%d messages since %q)", channel, it.Key, errHistoryTooLong, maxHistoryPages*historyPage, p.Oldest)
}

// errHistoryTooLong is a search given up: it will not pass by itself.
var errHistoryTooLong = errors.New("history too long to search")

// slackTS formats t as a Slack message timestamp.
func slackTS(t time.Time) string {
	us := t.UnixMicro()
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// failed handles a refused delivery: a recipient that is gone is cleaned
// up (logged, not retried); anything else is retried later with backoff,
// transient failures however often it takes, others up to a limit.
func (b *Bot) failed(ctx context.Context, it store.OutboxItem, err error) error {
	code := slackCode(err)
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
	if it.Attempts >= maxAttempts && !transient(err) {
		b.log.Error("message dropped after repeated failures", "key", it.Key, "attempts", it.Attempts, "err", err)
		return b.db.Drop(it)
	}
	it.NotBefore = b.cfg.Now().Add(backoff(it.Attempts))
	b.log.Warn("delivery failed; will retry", "key", it.Key, "attempt", it.Attempts, "next", it.NotBefore, "in_flight", it.InFlight, "err", err)
	return b.db.Retry(it)
}

// backoff is the wait before attempt n+1: a minute, doubling, at most an
// hour.
func backoff(n int) time.Duration {
	return min(time.Duration(1<<min(n, 7))*30*time.Second, time.Hour)
}
