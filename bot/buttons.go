package bot

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/store"
)

// click is one button click being answered.
type click struct {
	cb      slack.InteractionCallback
	act     *slack.BlockAction
	user    string
	channel string // "" for App Home buttons
	ref     ref    // what the button carries about its answer
}

// buttons maps action IDs to what a click on them does.
var buttons = map[string]func(b *Bot, ctx context.Context, c click){
	actionUp:        (*Bot).feedback,
	actionDown:      (*Bot).feedback,
	actionMore:      (*Bot).moreSources,
	actionShare:     (*Bot).share,
	actionSubscribe: (*Bot).subscribeButton,
	actionPick:      (*Bot).pickTarget,
	actionUnsub:     (*Bot).unsubscribeButton,
}

// action answers a click on one of planbot's buttons.
func (b *Bot) action(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction) {
	r, _ := parseRef(act.Value)
	c := click{cb: cb, act: act, user: cb.User.ID, channel: cb.Channel.ID, ref: r}
	b.log.Info("button", "user", c.user, "action", act.ActionID, "question", r.Q)
	handle, ok := buttons[act.ActionID]
	if !ok {
		b.log.Warn("unknown button", "action", act.ActionID)
		return
	}
	handle(b, ctx, c)
}

// reply answers a click, for the clicker alone: through its response_url
// (replacing the message the button sits in when replace is set), or, for
// App Home buttons, which come without a response_url or a channel, in
// the clicker's DM.
func (b *Bot) reply(ctx context.Context, c click, msg Message, replace bool) {
	msg.Ephemeral = true
	var err error
	if c.cb.ResponseURL != "" {
		err = b.respondURL(ctx, c.cb.ResponseURL, msg, replace)
	} else {
		err = b.dm(ctx, c.user, msg)
	}
	if err != nil {
		b.log.Error("button reply not delivered", "action", c.act.ActionID, "err", err)
	}
}

// feedback stores a 👍 or 👎 on an answer.
func (b *Bot) feedback(ctx context.Context, c click) {
	f := store.Feedback{Time: b.cfg.Now(), User: c.user, Channel: c.channel, Question: c.ref.Q, Helpful: c.act.ActionID == actionUp, Figure: c.ref.Fig, Document: c.ref.Doc, Found: c.ref.Found}
	if err := b.db.AddFeedback(f); err != nil {
		b.log.Error("feedback not stored", "err", err)
		b.reply(ctx, c, b.errorMessage(err), false)
		return
	}
	text := "谢谢反馈！"
	if !f.Helpful {
		text = "谢谢反馈，我们会核对这个回答。"
	}
	b.reply(ctx, c, Message{Text: text}, false)
}

// withinCap counts a button that runs a question towards the clicker's
// cap, as a question; over the cap, it says so and reports false.
func (b *Bot) withinCap(ctx context.Context, c click) bool {
	if !b.limiter.Allow(c.user, c.channel) {
		b.reply(ctx, c, b.overCap(), false)
		return false
	}
	return true
}

// ask runs the question a button carries again; ok is false when it
// failed, and the clicker was told.
func (b *Bot) ask(ctx context.Context, c click) (a answer.Answer, ok bool) {
	a, err := b.engine.Ask(ctx, c.ref.Q)
	if err != nil {
		b.reply(ctx, c, b.errorMessage(err), false)
		return a, false
	}
	return a, true
}

// moreSources lists every source of an answer (更多出处).
func (b *Bot) moreSources(ctx context.Context, c click) {
	if !b.withinCap(ctx, c) {
		return
	}
	if a, ok := b.ask(ctx, c); ok {
		b.reply(ctx, c, renderMore(a), false)
	}
}

// share posts an answer only the clicker saw to the channel, saying who
// shared it, and removes the private one.
func (b *Bot) share(ctx context.Context, c click) {
	if !b.withinCap(ctx, c) {
		return
	}
	if c.channel == "" {
		b.reply(ctx, c, Message{Text: "这里无法分享：请在频道中使用 `/plan 问题` 后再分享。"}, false)
		return
	}
	a, ok := b.ask(ctx, c)
	if !ok {
		return
	}
	msg := renderAnswer(a, false)
	msg.Blocks = append(msg.Blocks, contextBlock(fmt.Sprintf("<@%s> 分享了这个回答：%s", c.user, escape(c.ref.Q))))
	if _, err := b.post(ctx, c.channel, "", msg); err != nil {
		b.reply(ctx, c, Message{Text: "无法发到这个频道（planbot 可能不在频道中，请先邀请它）。"}, false)
		return
	}
	if c.cb.ResponseURL != "" {
		b.retry(ctx, "response_url", func() (any, error) {
			return nil, slack.PostWebhookCustomHTTPContext(ctx, c.cb.ResponseURL, b.httpClient, &slack.WebhookMessage{DeleteOriginal: true})
		})
	}
}

// subscribeButton follows the task under an answer or a task (订阅任务).
func (b *Bot) subscribeButton(ctx context.Context, c click) {
	msg, err := b.subscribeTask(ctx, c.user, c.ref)
	if err != nil {
		msg = b.errorMessage(err)
	}
	b.reply(ctx, c, msg, false)
	b.publishHome(ctx, c.user)
}

// pickTarget follows the target picked among those an ambiguous
// /plan subscribe offered, replacing the question.
func (b *Bot) pickTarget(ctx context.Context, c click) {
	var p pick
	if err := json.Unmarshal([]byte(c.act.Value), &p); err != nil || p.Target.Name == "" {
		b.reply(ctx, c, Message{Text: "这个按钮已失效，请重新订阅。"}, false)
		return
	}
	owner := p.Owner
	if owner != c.channel {
		owner = c.user // a pick made for someone else subscribes the clicker
	}
	msg, err := b.follow(owner, p.Target)
	if err != nil {
		msg = b.errorMessage(err)
	}
	b.reply(ctx, c, msg, true)
	b.publishHome(ctx, c.user)
}

// unsubscribeButton stops following a target, from App Home.
func (b *Bot) unsubscribeButton(ctx context.Context, c click) {
	msg, err := b.unsubscribe(ctx, c.user, c.ref.Q)
	if err != nil {
		msg = b.errorMessage(err)
	}
	b.reply(ctx, c, msg, false)
	b.publishHome(ctx, c.user)
}
