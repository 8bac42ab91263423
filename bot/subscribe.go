package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// actionPick is a button offered when a subscription name is ambiguous.
const actionPick = "subscribe_pick"

func runSubscribe(ctx context.Context, b *Bot, req Request, args string) (Message, error) {
	if b.svc.Follow == nil {
		return Message{}, notAvailable("订阅")
	}
	query := strings.TrimSpace(args)
	owner := req.User
	// "/plan subscribe 20 频道" makes the channel follow it (for its digest).
	for _, w := range []string{"频道", "channel"} {
		if strings.HasSuffix(query, " "+w) {
			query, owner = strings.TrimSpace(strings.TrimSuffix(query, w)), req.Channel
		}
	}
	if query == "" {
		return Message{}, plan.Errorf(plan.EINVALID, "订阅什么？例如 `/plan subscribe 20`（任务编号）、`/plan subscribe 教育` 或 `/plan subscribe GDP`。")
	}
	targets, err := b.svc.Follow.Resolve(ctx, query)
	if err != nil {
		return Message{}, err
	}
	if len(targets) == 1 {
		return b.follow(owner, targets[0])
	}
	// Ambiguous: ask which one.
	var btns []slack.BlockElement
	for _, t := range targets {
		if len(btns) == 5 {
			break
		}
		v, _ := json.Marshal(pick{Owner: owner, Target: t})
		btns = append(btns, button(actionPick, t.Label(), string(v), ""))
	}
	text := fmt.Sprintf("“%s”对应多项，你想订阅哪一个？", escape(query))
	return Message{Text: text, Blocks: []slack.Block{section(text), slack.NewActionBlock("pick_target", btns...)}, Ephemeral: true}, nil
}

// IsUserID reports whether a Slack ID names a person (U…, or W… in
// Enterprise Grid) rather than a channel (C…, G…, D…). Subscriptions and
// digests belong to either; a person is told by direct message.
func IsUserID(id string) bool { return strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") }

// pick is what an ambiguity button carries.
type pick struct {
	Owner  string      `json:"o"`
	Target plan.Target `json:"t"`
}

func (b *Bot) follow(owner string, t plan.Target) (Message, error) {
	created, err := b.svc.Follow.Subscribe(owner, t)
	if err != nil {
		return Message{}, err
	}
	who := "你"
	if !IsUserID(owner) {
		who = "本频道"
	}
	if !created {
		return Message{Text: fmt.Sprintf("%s已订阅%s。", who, escape(t.Label())), Ephemeral: true}, nil
	}
	return Message{Text: fmt.Sprintf("%s已订阅%s：新文件改变或报告它时会通知%s。", who, escape(t.Label()), who), Ephemeral: true}, nil
}

// subscribeTask handles the 订阅任务 button under an answer or a task.
func (b *Bot) subscribeTask(ctx context.Context, user string, r ref) (Message, error) {
	if b.svc.Follow == nil {
		return Message{}, notAvailable("订阅")
	}
	meta, _ := b.db.Meta(r.Doc)
	return b.follow(user, plan.Target{Kind: plan.TargetTask, Region: meta.Region, Name: r.Title, Number: r.Task})
}

func (b *Bot) unsubscribe(ctx context.Context, user, query string) (Message, error) {
	if b.svc.Follow == nil {
		return Message{}, notAvailable("订阅")
	}
	removed, err := b.svc.Follow.Unsubscribe(user, query)
	if err != nil {
		return Message{}, err
	}
	var ls []string
	for _, s := range removed {
		ls = append(ls, escape(s.Label))
	}
	return Message{Text: "已取消订阅：" + strings.Join(ls, "、"), Ephemeral: true}, nil
}

func runUnsubscribe(ctx context.Context, b *Bot, req Request, args string) (Message, error) {
	if strings.TrimSpace(args) == "" {
		return Message{}, plan.Errorf(plan.EINVALID, "取消哪一项？例如 `/plan unsubscribe 20`；`/plan subscriptions` 列出你的订阅。")
	}
	return b.unsubscribe(ctx, req.User, args)
}

func runSubscriptions(ctx context.Context, b *Bot, req Request, args string) (Message, error) {
	subs, err := b.db.Subscriptions(req.User)
	if err != nil {
		return Message{}, err
	}
	chSubs, err := b.db.Subscriptions(req.Channel)
	if err != nil {
		return Message{}, err
	}
	if len(subs)+len(chSubs) == 0 {
		return Message{Text: "你还没有订阅任何任务或指标。用 `/plan subscribe 20` 订阅。", Ephemeral: true}, nil
	}
	var ls []string
	for _, s := range subs {
		ls = append(ls, "• "+escape(s.Label))
	}
	for _, s := range chSubs {
		ls = append(ls, "• "+escape(s.Label)+"（本频道）")
	}
	return Message{Text: "你的订阅：\n" + strings.Join(ls, "\n"), Ephemeral: true}, nil
}
