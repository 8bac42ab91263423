package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/planbot/planbot/store"
)

// handleEvent processes one Events API event, answering it once however
// often Slack delivers it (X-Slack-Retry-Num, or the same envelope after a
// Socket Mode reconnect): the event is claimed on arrival and marked
// answered only once the reply is out, so a redelivery after a crash in
// between is answered and one of an answered event is ignored.
func (b *Bot) handleEvent(ctx context.Context, eventID string, ev slackevents.EventsAPIEvent) {
	name, work := b.eventWork(ev)
	if work == nil {
		return // nothing to answer, so nothing to remember
	}
	if eventID != "" {
		st, err := b.events.Claim(eventID)
		switch {
		case err != nil:
			b.log.Error("cannot record event; handling it anyway", "event", eventID, "err", err)
		case st == store.EventAnswered:
			b.log.Info("duplicate event ignored", "event", eventID)
			return
		case st == store.EventAnswering:
			b.log.Info("duplicate of an event being answered ignored", "event", eventID)
			return
		case st == store.EventStale:
			b.log.Info("answering an event an earlier run claimed but did not answer", "event", eventID)
		}
		if b.afterClaim != nil && b.afterClaim(eventID) != nil {
			return
		}
	}
	b.goReply(name, func(ctx context.Context) {
		err := errors.New("reply panicked")
		defer func() { b.finishEvent(eventID, err) }()
		err = work(ctx)
	})
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

// eventWork returns what to do about an event, or nil to ignore it.
func (b *Bot) eventWork(ev slackevents.EventsAPIEvent) (string, func(context.Context) error) {
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if b.fromBot(e.User, e.BotID) {
			return "", nil
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		return "mention", func(ctx context.Context) error {
			return b.answerMessage(ctx, Request{User: e.User, Channel: e.Channel, Text: cleanText(e.Text), Surface: "mention"}, e.TimeStamp, thread)
		}
	case *slackevents.MessageEvent:
		if e.ChannelType != "im" || e.SubType != "" || b.fromBot(e.User, e.BotID) {
			return "", nil // edits, joins, bot messages, and channel chatter without a mention
		}
		return "dm", func(ctx context.Context) error {
			return b.answerMessage(ctx, Request{User: e.User, Channel: e.Channel, Text: cleanText(e.Text), Surface: "dm"}, e.TimeStamp, e.ThreadTimeStamp)
		}
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

// answerMessage answers a mention or DM: 👀 at once, the reply in the
// question's thread (or the DM), then 👀 removed. The error is the
// reply's: the question is unanswered.
func (b *Bot) answerMessage(ctx context.Context, req Request, ts, thread string) error {
	if !b.limiter.Allow(req.User) {
		if b.limiter.ShouldWarn(req.User) {
			if _, err := b.post(ctx, req.Channel, thread, b.overCap()); err != nil {
				b.log.Warn("over-the-cap notice not posted", "channel", req.Channel, "err", err)
			}
		}
		b.log.Info("question over the per-user cap", "user", req.User)
		return nil
	}
	b.react(ctx, true, req.Channel, ts, "eyes")
	msg := b.respond(ctx, req)
	_, err := b.post(ctx, req.Channel, thread, msg)
	if err != nil {
		b.log.Error("reply not posted", "channel", req.Channel, "err", err)
		err = fmt.Errorf("reply in %s: %w", req.Channel, err)
	}
	b.react(ctx, false, req.Channel, ts, "eyes")
	return err
}

// overCap tells a user politely that they asked too often.
func (b *Bot) overCap() Message {
	return Message{Text: fmt.Sprintf("您提问有点频繁（每分钟最多 %d 个问题），请稍等片刻再问。", b.cfg.QuestionsPerMinute), Ephemeral: true}
}

// handleCommand answers /plan through its response_url; the command was
// acknowledged already.
func (b *Bot) handleCommand(ctx context.Context, cmd slack.SlashCommand) {
	req := Request{User: cmd.UserID, Channel: cmd.ChannelID, Text: cleanText(cmd.Text), Surface: "command"}
	b.goReply("command", func(ctx context.Context) {
		var msg Message
		if _, args := b.findCommand(req.Text); args == req.Text && req.Text != "" && !b.limiter.Allow(req.User) {
			msg = b.overCap()
		} else {
			msg = b.respond(ctx, req)
		}
		if err := b.respondURL(ctx, cmd.ResponseURL, msg, false); err != nil {
			b.log.Error("command reply not delivered", "err", err)
		}
	})
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
