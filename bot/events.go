package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/planbot/planbot/store"
)

// receive does what must be done with an Events API event before Slack
// is told it arrived (the Socket Mode envelope acknowledged, the HTTP
// request answered): Slack does not deliver an acknowledged event again,
// so a question is stored first, with what answering it needs, and any
// other event is claimed. It returns what to do once Slack has been told;
// ok is false when the event could not be recorded, and then it must not
// be acknowledged, so that Slack delivers it again.
//
// Every event is answered once however often Slack delivers it
// (X-Slack-Retry-Num, or the same envelope after a reconnect): a stored
// question's key is reserved, and a redelivery of it is ignored.
func (b *Bot) receive(eventID string, ev slackevents.EventsAPIEvent) (after func(), ok bool) {
	if q, isQuestion := b.questionOf(ev); isQuestion {
		q.Event = eventID
		return b.receiveQuestion(q)
	}
	name, work := b.eventWork(ev)
	if work == nil {
		return func() {}, true // nothing to answer, so nothing to remember
	}
	if eventID != "" {
		st, err := b.events.Claim(eventID)
		switch {
		case err != nil:
			b.log.Error("cannot record event; not acknowledged, so Slack delivers it again", "event", eventID, "err", err)
			return nil, false
		case st == store.EventAnswered:
			b.log.Info("duplicate event ignored", "event", eventID)
			return func() {}, true
		case st == store.EventAnswering:
			b.log.Info("duplicate of an event being answered ignored", "event", eventID)
			return func() {}, true
		case st == store.EventStale:
			b.log.Info("answering an event an earlier run claimed but did not answer", "event", eventID)
		}
	}
	return func() {
		if eventID != "" && b.afterClaim != nil && b.afterClaim(eventID) != nil {
			return
		}
		b.goReply(name, func(ctx context.Context) {
			err := errors.New("reply panicked")
			defer func() { b.finishEvent(eventID, err) }()
			err = work(ctx)
		})
	}, true
}

// receiveQuestion stores a question, then, once Slack was told, puts 👀 on
// it and queues it for its answer. A question over its asker's cap is
// dropped from the store (its key stays reserved) and the asker told,
// for them alone, once a minute per place.
func (b *Bot) receiveQuestion(q question) (func(), bool) {
	added, err := b.storeQuestion(q)
	if err != nil {
		b.log.Error("cannot store question; not acknowledged, so Slack delivers it again", "key", q.key(), "err", err)
		return nil, false
	}
	if !added {
		b.log.Info("duplicate delivery of a question ignored", "key", q.key(), "event", q.Event)
		return func() {}, true
	}
	if !b.limiter.Allow(q.User, q.Channel) {
		b.log.Info("question over the per-user cap", "user", q.User, "channel", q.Channel)
		if it, ok, err := b.storedItem(q.key()); err == nil && ok {
			b.db.Drop(it)
		}
		return func() {
			if b.limiter.ShouldWarn(q.User, q.Channel) {
				go b.ephemeral(q.Channel, q.User, q.Thread, b.overCap().Text)
			}
		}, true
	}
	return func() {
		b.eyesOn(q.key(), q.Channel, q.TS)
		b.tellQueued(q, b.enqueue(q))
	}, true
}

// handleEvent receives an event and acts on it at once, for callers with
// nothing to acknowledge in between.
func (b *Bot) handleEvent(eventID string, ev slackevents.EventsAPIEvent) {
	if after, ok := b.receive(eventID, ev); ok {
		after()
	}
}

// finishEvent marks an event answered, or releases it for a redelivery
// when the reply failed.
func (b *Bot) finishEvent(eventID string, err error) {
	if eventID == "" {
		return
	}
	if err != nil {
		b.log.Warn("event not answered; a redelivery may try again", "event", eventID, "err", err)
		if err := b.events.Release(eventID); err != nil {
			b.log.Error("release event", "err", err)
		}
		return
	}
	if err := b.events.Done(eventID); err != nil {
		b.log.Error("record event answered", "err", err)
	}
}

// questionOf reads a mention or a DM as a question; ok is false for any
// other event, and for messages of bots, edits and joins.
func (b *Bot) questionOf(ev slackevents.EventsAPIEvent) (question, bool) {
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if b.fromBot(e.User, e.BotID) {
			return question{}, false
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		return question{User: e.User, Channel: e.Channel, TS: e.TimeStamp, Thread: thread, Text: cleanText(e.Text), Surface: "mention"}, true
	case *slackevents.MessageEvent:
		if e.ChannelType != "im" || e.SubType != "" || b.fromBot(e.User, e.BotID) {
			return question{}, false // edits, joins, bot messages, and channel chatter without a mention
		}
		return question{User: e.User, Channel: e.Channel, TS: e.TimeStamp, Thread: e.ThreadTimeStamp, Text: cleanText(e.Text), Surface: "dm"}, true
	}
	return question{}, false
}

// eventWork returns what to do about an event that is not a question, or
// nil to ignore it.
func (b *Bot) eventWork(ev slackevents.EventsAPIEvent) (string, func(context.Context) error) {
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "home" {
			return "", nil
		}
		return "home", func(ctx context.Context) error { return b.publishHome(ctx, e.User) }
	case *slackevents.FileSharedEvent:
		return "file", func(ctx context.Context) error { return b.fileShared(ctx, e) }
	}
	return "", nil
}

func (b *Bot) fromBot(user, botID string) bool {
	return botID != "" || user == "" || user == b.botUserID
}

// overCap tells a user politely that they asked too often.
func (b *Bot) overCap() Message {
	return Message{Text: fmt.Sprintf("您在这里提问有点频繁（每分钟最多 %d 个问题），请稍等片刻再问。", b.cfg.QuestionsPerMinute), Ephemeral: true}
}

// kindCommand marks a /plan command waiting for its reply in the outbox:
// like a question, it is stored before it is acknowledged, so one Slack
// was told was received outlives a crash.
const kindCommand = "command"

// responseURLLife is how long Slack takes replies at a response_url.
const responseURLLife = 30 * time.Minute

// storedCommand is what replying to a /plan command needs, as stored.
type storedCommand struct {
	User        string `json:"user"`
	Channel     string `json:"channel"`
	Text        string `json:"text"`
	ResponseURL string `json:"response_url"`
}

// receiveCommand stores a /plan command (keyed by its trigger ID, unique
// to each invocation) before it is acknowledged, and returns what to do
// once it is: reply through its response_url. ok is false when it could
// not be stored: it must not be acknowledged then.
func (b *Bot) receiveCommand(cmd slack.SlashCommand) (after func(), ok bool) {
	sc := storedCommand{User: cmd.UserID, Channel: cmd.ChannelID, Text: cleanText(cmd.Text), ResponseURL: cmd.ResponseURL}
	if cmd.TriggerID == "" {
		// Nothing to know a redelivery by: reply without storing.
		return func() { b.goReply("command", func(ctx context.Context) { b.replyCommand(ctx, sc) }) }, true
	}
	key := "command:" + cmd.TriggerID
	payload, err := json.Marshal(sc)
	if err != nil {
		return nil, false
	}
	n, err := b.db.Enqueue(store.OutboxItem{Key: key, Channel: cmd.ChannelID, Kind: kindCommand, Payload: payload, Created: b.cfg.Now()})
	if err != nil {
		b.log.Error("cannot store command; not acknowledged, so Slack delivers it again", "key", key, "err", err)
		return nil, false
	}
	if n == 0 {
		b.log.Info("duplicate delivery of a command ignored", "key", key)
		return func() {}, true
	}
	return func() { b.goReply("command", func(ctx context.Context) { b.answerCommand(ctx, key) }) }, true
}

// answerCommand replies to a stored command and removes it. One whose
// response_url has expired (a restart more than 30 minutes later) is
// dropped with a log line.
func (b *Bot) answerCommand(ctx context.Context, key string) {
	it, ok, err := b.storedItem(key)
	if err != nil || !ok {
		return
	}
	var sc storedCommand
	if err := json.Unmarshal(it.Payload, &sc); err != nil {
		b.log.Error("unreadable stored command dropped", "key", key, "err", err)
		b.db.Drop(it)
		return
	}
	if b.afterStore != nil && b.afterStore(key) != nil {
		return
	}
	if b.cfg.Now().Sub(it.Created) > responseURLLife {
		b.log.Warn("command not answered before its response_url expired; dropped", "key", key, "user", sc.User, "text", sc.Text)
		b.db.Drop(it)
		return
	}
	if err := b.replyCommand(ctx, sc); err != nil {
		if ctx.Err() != nil {
			return // stays stored for the next start
		}
		b.db.Drop(it)
		return
	}
	if err := b.db.Sent(it, b.cfg.Now()); err != nil {
		b.log.Error("command answered but not recorded", "key", key, "err", err)
	}
}

// replyCommand answers /plan through its response_url.
func (b *Bot) replyCommand(ctx context.Context, sc storedCommand) error {
	req := Request{User: sc.User, Channel: sc.Channel, Text: sc.Text, Surface: "command"}
	var msg Message
	if _, args := b.findCommand(req.Text); args == req.Text && req.Text != "" && !b.limiter.Allow(req.User, req.Channel) {
		msg = b.overCap()
	} else {
		msg = b.respond(ctx, req)
	}
	if err := b.respondURL(ctx, sc.ResponseURL, msg, false); err != nil {
		b.log.Error("command reply not delivered", "err", err)
		return err
	}
	return nil
}

// handleInteraction handles a button click; it was acknowledged already.
func (b *Bot) handleInteraction(ctx context.Context, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		return
	}
	for _, act := range cb.ActionCallback.BlockActions {
		act := act
		b.goReply("action", func(ctx context.Context) { b.action(ctx, cb, act) })
	}
}

// dm posts a message to a user's DM with planbot.
func (b *Bot) dm(ctx context.Context, user string, msg Message) error {
	v, err := b.retry(ctx, "conversations.open", func() (any, error) {
		ch, _, _, err := b.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}, ReturnIM: true})
		return ch, err
	})
	if err != nil {
		return fmt.Errorf("open a DM with %s: %w", user, err)
	}
	if _, err := b.post(ctx, v.(*slack.Channel).ID, "", msg); err != nil {
		return fmt.Errorf("DM %s: %w", user, err)
	}
	return nil
}

// publishHome renders the App Home tab for a user.
func (b *Bot) publishHome(ctx context.Context, user string) error {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: b.homeBlocks(ctx, user)}}
	_, err := b.retry(ctx, "views.publish", func() (any, error) {
		return b.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: view})
	})
	if err != nil {
		b.log.Error("App Home not published", "user", user, "err", err)
		return fmt.Errorf("publish App Home for %s: %w", user, err)
	}
	return nil
}

// homeExamples is App Home's list of example questions, phrased from
// document text and so escaped for mrkdwn.
func homeExamples(examples []string) string {
	var ex []string
	for _, q := range examples {
		ex = append(ex, "• "+escape(q))
	}
	return "*可以这样问*（在频道里 @planbot，私信我，或用 `/plan 问题`）：\n" + strings.Join(ex, "\n")
}

func (b *Bot) homeBlocks(ctx context.Context, user string) []slack.Block {
	var bs []slack.Block
	bs = append(bs, slack.NewHeaderBlock(plain("planbot · 计划文件问答", maxHeaderText)))
	bs = append(bs, section("我回答政府计划文件（国民经济和社会发展计划、执行情况报告、政府工作报告）里的数字：给出确切数字、年份、是完成情况还是目标，并引用原文和出处（部分、章节、任务编号、页码）。文件里没有的，我会直说，并列出最接近的内容。"))
	bs = append(bs, section(homeExamples(b.examples(ctx))))
	bs = append(bs, section("*命令*\n"+commandLines(b.commands, "")))
	docs := b.db.Documents()
	var dl []string
	for _, d := range docs {
		dl = append(dl, fmt.Sprintf("• %s（%s，%d→%d年）", escape(d.Title), escape(d.Region), d.ReportYear, d.PlanYear))
	}
	if len(dl) > 0 {
		bs = append(bs, section("*已收录的文件*\n"+strings.Join(dl, "\n")))
	}
	bs = append(bs, slack.NewDividerBlock())
	subs, err := b.db.Subscriptions(user)
	if err != nil {
		b.log.Error("read subscriptions", "err", err)
	}
	if len(subs) == 0 {
		bs = append(bs, section("*你的订阅*\n还没有订阅。用 `/plan subscribe 20` 或回答下方的“订阅任务”按钮订阅任务或指标。"))
	} else {
		bs = append(bs, section("*你的订阅*"))
		for _, s := range subs {
			sec := slack.NewSectionBlock(mrkdwn("• "+escape(s.Label)), nil,
				slack.NewAccessory(button(actionUnsub, "取消订阅", ref{Q: s.Target}.value(), slack.StyleDanger)))
			bs = append(bs, sec)
		}
	}
	bs = append(bs, b.homeDigests(user)...)
	return limitBlocks(bs)
}
