package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/store"
)

// kindQuestion marks a question waiting for its answer in the outbox.
// Questions are kept there, like digests and notices, so that one Slack
// was told was received (the envelope acknowledged) survives a crash: it
// is stored before the acknowledgement, answered by the next run if this
// one dies, and removed once the answer is posted. The outbox's key
// reservation makes a redelivery of a stored question a no-op.
const kindQuestion = "question"

// question is what answering a mention or DM needs, as stored.
type question struct {
	Event   string `json:"event,omitempty"`
	User    string `json:"user"`
	Channel string `json:"channel"`
	TS      string `json:"ts"`               // the question's message
	Thread  string `json:"thread,omitempty"` // where the answer goes; "" for a DM's main view
	Text    string `json:"text"`             // cleaned
	Surface string `json:"surface"`          // mention, dm
}

// key identifies a question by its message, so two deliveries of it,
// whatever their event IDs, are one question.
func (q question) key() string {
	if q.TS == "" {
		return "question:event:" + q.Event
	}
	return "question:" + q.Channel + ":" + q.TS
}

func (q question) request() Request {
	return Request{User: q.User, Channel: q.Channel, Text: q.Text, Surface: q.Surface, Thread: q.Thread}
}

// storeQuestion records q in the outbox; added is false when it was
// stored (or answered) before: a redelivery.
func (b *Bot) storeQuestion(q question) (added bool, err error) {
	payload, err := json.Marshal(q)
	if err != nil {
		return false, fmt.Errorf("encode question %s: %w", q.key(), err)
	}
	n, err := b.db.Enqueue(store.OutboxItem{Key: q.key(), Channel: q.Channel, Kind: kindQuestion, Payload: payload, Created: b.cfg.Now()})
	if err != nil {
		return false, fmt.Errorf("store question %s: %w", q.key(), err)
	}
	return n > 0, nil
}

// queues are the questions waiting for their answer, a queue per channel
// answered in order by one worker each.
type queues struct {
	mu sync.Mutex
	ch map[string]*chanQueue
}

type chanQueue struct {
	keys    []string
	running bool
}

// enqueue puts a stored question at the end of its channel's queue,
// starting the channel's worker if it is idle, and returns how many
// answers are ahead of it.
func (b *Bot) enqueue(q question) int {
	b.queues.mu.Lock()
	defer b.queues.mu.Unlock()
	if b.queues.ch == nil {
		b.queues.ch = map[string]*chanQueue{}
	}
	cq := b.queues.ch[q.Channel]
	if cq == nil {
		cq = &chanQueue{}
		b.queues.ch[q.Channel] = cq
	}
	if slices.Contains(cq.keys, q.key()) {
		return len(cq.keys)
	}
	cq.keys = append(cq.keys, q.key())
	if !cq.running {
		cq.running = true
		b.inflight.Add(1)
		go b.runQueue(q.Channel, cq)
	}
	return len(cq.keys) - 1
}

// runQueue answers a channel's questions one after another until the
// queue is empty or the bot stops; what is left stays stored for the next
// run.
func (b *Bot) runQueue(channel string, cq *chanQueue) {
	defer b.inflight.Done()
	for {
		b.queues.mu.Lock()
		if len(cq.keys) == 0 || b.work.Err() != nil {
			cq.running = false
			delete(b.queues.ch, channel)
			b.queues.mu.Unlock()
			return
		}
		key := cq.keys[0]
		b.queues.mu.Unlock()
		if err := b.answerStored(b.work, key); err != nil && b.work.Err() == nil {
			b.log.Error("question not answered; it stays stored for the next start", "key", key, "err", err)
		}
		b.queues.mu.Lock()
		cq.keys = cq.keys[1:]
		b.queues.mu.Unlock()
	}
}

// tellQueued tells the asker, for them alone, that their answer waits
// behind others when it will take a while (once a minute per channel).
func (b *Bot) tellQueued(q question, ahead int) {
	wait := b.pacer.backlog(q.Channel, ahead)
	if wait < b.cfg.QueueNotice || !b.told.ShouldWarn(q.User, q.Channel) {
		return
	}
	text := fmt.Sprintf("收到。这里前面还有 %d 个问题在排队（Slack 限制每个频道的发言速度），大约 %d 秒后回答你。", ahead, int(wait.Round(time.Second).Seconds()))
	go b.ephemeral(q.Channel, q.User, q.Thread, text)
}

// resumeQuestions queues the questions an earlier run stored and did not
// answer, oldest first.
func (b *Bot) resumeQuestions() error {
	items, err := b.db.Outbox()
	if err != nil {
		return err
	}
	n := 0
	for _, it := range items {
		if it.Kind == kindCommand {
			key := it.Key
			b.goReply("command", func(ctx context.Context) { b.answerCommand(ctx, key) })
			n++
			continue
		}
		if it.Kind != kindQuestion {
			continue
		}
		var q question
		if err := json.Unmarshal(it.Payload, &q); err != nil {
			b.log.Error("unreadable stored question dropped", "key", it.Key, "err", err)
			b.db.Drop(it)
			continue
		}
		b.enqueue(q)
		n++
	}
	if n > 0 {
		b.log.Info("answering the questions and commands the last run received and did not answer", "count", n)
	}
	return nil
}

// storedItem finds a stored question by key; ok is false once it was
// answered.
func (b *Bot) storedItem(key string) (store.OutboxItem, bool, error) {
	items, err := b.db.Outbox()
	if err != nil {
		return store.OutboxItem{}, false, err
	}
	for _, it := range items {
		if it.Key == key {
			return it, true, nil
		}
	}
	return store.OutboxItem{}, false, nil
}

// answerStored answers a stored question once: it is marked in flight
// before the post, removed from the store as soon as the post succeeded
// (before the 👀 is taken off), and when a post's fate is unknown (a
// timeout, a 5xx, the process killed) the thread is searched for the
// answer by its key before anything is posted again. Failures that may
// pass are retried with backoff for as long as the bot runs; the question
// stays stored across restarts.
func (b *Bot) answerStored(ctx context.Context, key string) error {
	it, ok, err := b.storedItem(key)
	if err != nil || !ok {
		return err
	}
	a := &answering{it: it}
	if err := json.Unmarshal(it.Payload, &a.q); err != nil {
		b.log.Error("unreadable stored question dropped", "key", key, "err", err)
		return b.db.Drop(it)
	}
	if b.afterStore != nil && b.afterStore(key) != nil {
		return nil
	}
	wait := time.Second
	for {
		if done, err := b.tryAnswer(ctx, a); done || err != nil {
			return err
		}
		if err := sleep(ctx, wait+jitter(wait/4)); err != nil {
			return err
		}
		wait = min(wait*2, 30*time.Second)
	}
}

// answering is a stored question being answered: its record as stored,
// and the answer once made.
type answering struct {
	q   question
	it  store.OutboxItem
	msg *Message
}

// tryAnswer makes one attempt at answering; done reports that the
// question needs nothing more (answered, or dropped).
func (b *Bot) tryAnswer(ctx context.Context, a *answering) (done bool, err error) {
	if a.it.InFlight {
		found, err := b.replied(ctx, a.q, a.it)
		if err != nil {
			// Posting without knowing could answer twice: wait.
			b.log.Warn("cannot check whether an answer was posted; will check again", "key", a.it.Key, "err", err)
			return false, nil
		}
		if found {
			b.log.Info("answer in flight at the last attempt had been posted; not posting it again", "key", a.it.Key)
			b.answered(a.q, a.it)
			return true, nil
		}
	}
	if a.msg == nil {
		m := b.respond(ctx, a.q.request())
		a.msg = &m
	}
	a.it.InFlight = true
	if err := b.db.Retry(a.it); err != nil {
		return true, err
	}
	_, err = b.postPaced(ctx, a.q.Channel, msgOptions(*a.msg, a.q.Thread, outboxMetadata(a.it.Key)), false)
	switch {
	case err == nil:
		b.answered(a.q, a.it)
		return true, nil
	case ctx.Err() != nil:
		return true, ctx.Err()
	}
	return b.notAnswered(a, err)
}

// notAnswered handles a failed post: a channel that is gone drops the
// question; content Slack refuses is tried as plain text, then given up
// after maxAttempts; anything else is tried again (done false), after a
// search of the thread when Slack may have posted.
func (b *Bot) notAnswered(a *answering, err error) (done bool, derr error) {
	key := a.it.Key
	if code := slackCode(err); gone[code] {
		b.log.Warn("channel gone; question dropped", "key", key, "slack_error", code)
		b.eyesOff(key, a.q.Channel, a.q.TS)
		return true, b.db.Drop(a.it)
	}
	if notPosted(err) {
		a.it.InFlight = false
		if !transient(err) {
			if len(a.msg.Blocks) > 0 {
				// Blocks Slack will not take: the plain text may do.
				b.log.Warn("answer refused; posting its plain text", "key", key, "err", err)
				a.msg = &Message{Text: a.msg.Text}
				return false, nil
			}
			if a.it.Attempts++; a.it.Attempts >= maxAttempts {
				b.log.Error("answer refused repeatedly; question dropped", "key", key, "err", err)
				b.eyesOff(key, a.q.Channel, a.q.TS)
				return true, b.db.Drop(a.it)
			}
		}
	}
	b.log.Warn("answer not posted; will try again", "key", key, "in_flight", a.it.InFlight, "err", err)
	return false, nil
}

// answered records a question answered, then takes its 👀 off.
func (b *Bot) answered(q question, it store.OutboxItem) {
	if err := b.db.Sent(it, b.cfg.Now()); err != nil {
		b.log.Error("answer posted but not recorded; the next start checks the thread first", "key", it.Key, "err", err)
	}
	b.eyesOff(it.Key, q.Channel, q.TS)
}

// outboxMetadata tags a message with its outbox key, by which a search
// finds it after a crash.
func outboxMetadata(key string) slack.MsgOption {
	return slack.MsgOptionMetadata(slack.SlackMetadata{EventType: metadataType, EventPayload: map[string]any{"key": key}})
}

// replied reports whether the answer to q is in Slack already: in its
// thread, or in the DM's history.
func (b *Bot) replied(ctx context.Context, q question, it store.OutboxItem) (bool, error) {
	if q.Thread == "" {
		return b.posted(ctx, q.Channel, it)
	}
	p := &slack.GetConversationRepliesParameters{ChannelID: q.Channel, Timestamp: q.Thread, Limit: historyPage, IncludeAllMetadata: true}
	for page := 0; page < maxHistoryPages; page++ {
		var msgs []slack.Message
		var more bool
		var next string
		_, err := b.retry(ctx, "conversations.replies", func() (any, error) {
			var err error
			msgs, more, next, err = b.api.GetConversationRepliesContext(ctx, p)
			return nil, err
		})
		if err != nil {
			if slackCode(err) == "thread_not_found" {
				return false, nil
			}
			return false, fmt.Errorf("search thread %s in %s for %s: %w", q.Thread, q.Channel, it.Key, err)
		}
		for _, m := range msgs {
			if m.Metadata.EventType == metadataType && fmt.Sprint(m.Metadata.EventPayload["key"]) == it.Key {
				return true, nil
			}
		}
		if !more || next == "" {
			return false, nil
		}
		p.Cursor = next
	}
	return false, fmt.Errorf("search thread %s in %s for %s: %w", q.Thread, q.Channel, it.Key, errHistoryTooLong)
}

// ephemeral shows text to user alone in channel (in a thread when thread
// is set): once, briefly, never retried — it is a courtesy, not an answer.
func (b *Bot) ephemeral(channel, user, thread, text string) {
	ctx, cancel := context.WithTimeout(b.work, b.cfg.ReactionTimeout)
	defer cancel()
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	if _, err := b.api.PostEphemeralContext(ctx, channel, user, opts...); err != nil {
		b.log.Warn("ephemeral notice not shown", "channel", channel, "user", user, "err", err)
	}
}

// eyes are the 👀 reactions of questions being answered, by question key.
type eyes struct {
	mu sync.Mutex
	on map[string]chan struct{} // closed when the answer is out
}

// eyesOn puts 👀 on a question, off the answer's path: one try with its own
// short timeout, no retry on a rate limit, and taken off once the answer
// is out (eyesOff).
func (b *Bot) eyesOn(key, channel, ts string) {
	done := make(chan struct{})
	b.eyes.mu.Lock()
	if b.eyes.on == nil {
		b.eyes.on = map[string]chan struct{}{}
	}
	b.eyes.on[key] = done
	b.eyes.mu.Unlock()
	go func() {
		added := b.reactOnce(true, channel, ts)
		select {
		case <-done:
		case <-b.work.Done():
			return
		}
		if added {
			b.reactOnce(false, channel, ts)
		}
	}()
}

// eyesOff takes a question's 👀 off: at once if this run put it on, and
// for a question an earlier run received, on the chance that it did.
func (b *Bot) eyesOff(key, channel, ts string) {
	b.eyes.mu.Lock()
	done, ok := b.eyes.on[key]
	delete(b.eyes.on, key)
	b.eyes.mu.Unlock()
	if ok {
		close(done)
		return
	}
	if ts != "" {
		go b.reactOnce(false, channel, ts)
	}
}

// reactOnce adds or removes 👀, once; it reports success.
func (b *Bot) reactOnce(add bool, channel, ts string) bool {
	ctx, cancel := context.WithTimeout(b.work, b.cfg.ReactionTimeout)
	defer cancel()
	ref := slack.NewRefToMessage(channel, ts)
	var err error
	if add {
		err = b.api.AddReactionContext(ctx, "eyes", ref)
	} else {
		err = b.api.RemoveReactionContext(ctx, "eyes", ref)
	}
	if err != nil {
		b.log.Debug("reaction skipped", "add", add, "channel", channel, "err", err)
		return false
	}
	return true
}
