package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/follow"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

var timeRe = regexp.MustCompile(`^(\d{1,2})[:：](\d{2})$`)

// runDigest handles /plan digest on [HH:MM] [TZ] | off | now, and the
// same with me for the asker's own digest by DM (digest me 08:30, digest
// me off): it reads the command; the digest package keeps the schedules.
func runDigest(ctx context.Context, b *Bot, req Request, args string) (Message, error) {
	if b.svc.Digests == nil {
		return Message{}, notAvailable("每日摘要")
	}
	f := strings.Fields(args)
	// "me" (我) makes it the asker's own digest by DM, wherever it
	// stands: digest me off and digest off me are one command.
	personal := false
	var rest []string
	for _, w := range f {
		if strings.EqualFold(w, "me") || w == "我" {
			personal = true
		} else {
			rest = append(rest, w)
		}
	}
	sub := "on"
	if len(rest) > 0 {
		sub = strings.ToLower(rest[0])
	} else if !personal {
		sub = "now"
	}
	switch sub {
	case "on", "开", "开启":
		return b.digestOn(req, personal, rest[min(1, len(rest)):])
	case "off", "关", "关闭":
		return b.digestOff(req, personal)
	case "now", "现在", "预览":
		return b.digestNow(ctx, req)
	}
	if timeRe.MatchString(sub) {
		return b.digestOn(req, personal, rest) // digest me 08:30
	}
	return Message{}, plan.Errorf(plan.EINVALID, "用法：`/plan digest on 09:00`、`/plan digest off`、`/plan digest now`；在私信中接收：`/plan digest me 08:30`，关闭：`/plan digest me off`。")
}

// digestHint names the commands that turn a digest off and preview it.
func digestHint(personal bool) string {
	if personal {
		return "`/plan digest me off` 关闭私信摘要，`/plan digest now` 预览。"
	}
	return "`/plan digest off` 关闭本频道的摘要，`/plan digest now` 预览。"
}

// digestOn turns on (or moves) the channel's digest, or with personal
// set the user's own by DM, at the time and zone args give.
func (b *Bot) digestOn(req Request, personal bool, args []string) (Message, error) {
	s := digest.NewSchedule(req.Channel, req.User, personal, b.cfg.Now())
	if err := parseDigestTime(args, &s); err != nil {
		return Message{}, err
	}
	next, err := digest.Schedule(b.db, s, b.cfg.Now())
	if err != nil {
		return Message{}, err
	}
	where := "本频道"
	if personal {
		where = "你的私信"
	}
	return Message{Text: fmt.Sprintf("好的：每天 %02d:%02d（%s）在%s发送指标摘要；下一次 %s。%s", s.Hour, s.Minute, s.TZ, where, next.Format("01-02 15:04"), digestHint(personal)), Ephemeral: true}, nil
}

// parseDigestTime reads the arguments of /plan digest on into s: a time
// (HH:MM, 24-hour) and an IANA time zone, each optional.
func parseDigestTime(args []string, s *store.DigestSchedule) error {
	for _, a := range args {
		if m := timeRe.FindStringSubmatch(a); m != nil {
			hour, _ := strconv.Atoi(m[1])
			minute, _ := strconv.Atoi(m[2])
			if hour > 23 || minute > 59 {
				return plan.Errorf(plan.EINVALID, "时间 %s 不对：用 24 小时制，例如 09:00 或 18:30。", a)
			}
			s.Hour, s.Minute = hour, minute
		} else if a != "on" && a != "off" {
			if _, err := digest.Location(a); err != nil {
				return plan.Errorf(plan.EINVALID, "%v", err)
			}
			s.TZ = a
		}
	}
	return nil
}

// digestOff turns the channel's digest off, or with personal set the
// user's own.
func (b *Bot) digestOff(req Request, personal bool) (Message, error) {
	key := req.Channel
	if personal {
		key = digest.PersonalKey(req.User)
	}
	found, err := b.db.DeleteDigest(key)
	if err != nil {
		return Message{}, err
	}
	switch {
	case !found && personal:
		return Message{Text: "你本来就没有开启私信摘要。", Ephemeral: true}, nil
	case !found:
		return Message{Text: "本频道本来就没有开启每日摘要（私信摘要用 `/plan digest me off` 关闭）。", Ephemeral: true}, nil
	case personal:
		return Message{Text: "已关闭你的私信摘要。", Ephemeral: true}, nil
	}
	return Message{Text: "已关闭本频道的每日摘要。", Ephemeral: true}, nil
}

// digestNow previews the channel's digest, with the last day's updates.
func (b *Bot) digestNow(ctx context.Context, req Request) (Message, error) {
	d, err := b.svc.Digests.Build(ctx, req.Channel, b.cfg.Now(), b.cfg.Now().AddDate(0, 0, -1))
	if err != nil {
		return Message{}, err
	}
	msg := renderDigest(d)
	msg.Ephemeral = true
	return msg, nil
}

// renderDigest is the Slack form of a digest: the indicator table as
// fields-free preformatted text (it aligns), then updates and follows.
func renderDigest(d digest.Digest) Message {
	var bs []slack.Block
	title := fmt.Sprintf("%s 每日指标摘要 · %s", d.Region, d.At.Format("2006-01-02"))
	bs = append(bs, slack.NewHeaderBlock(plain(title, maxHeaderText)))
	if d.Late {
		bs = append(bs, contextBlock("⏰ 迟到的摘要：计划发送时 planbot 未运行（晚于计划时间 15 分钟以上的摘要标为迟到，超过 12 小时的不再补发）。"))
	}
	rows := [][]string{{"指标", d.Columns[0], d.Columns[1], d.Columns[2], "对比"}}
	for _, r := range d.Rows {
		rows = append(rows, []string{r.Name, dash(r.LastTarget), dash(digest.ResultText(r)), dash(r.ThisTarget), dash(r.Change)})
	}
	bs = append(bs, section("```"+escape(digest.Table(rows))+"```"))
	bs = append(bs, contextBlock("📄 "+escape(d.Source)))
	if len(d.Updates) > 0 {
		var ls []string
		for _, u := range d.Updates {
			ls = append(ls, fmt.Sprintf("*%s*（第%d版）", escape(u.Title), u.Version))
			for _, l := range u.Lines {
				ls = append(ls, "  • "+escape(l))
			}
			if u.More > 0 {
				ls = append(ls, fmt.Sprintf("  …另有 %d 处变化", u.More))
			}
		}
		bs = append(bs, section("*上次摘要以来的更新*\n"+strings.Join(ls, "\n")))
	}
	if len(d.Follows) > 0 {
		var ls []string
		for _, f := range d.Follows {
			ls = append(ls, "*"+escape(f.Label)+"*")
			for _, x := range f.Figures {
				ls = append(ls, "  • "+escape(x))
			}
		}
		bs = append(bs, section("*关注的任务和指标*\n"+strings.Join(ls, "\n")))
	}
	text := title
	for _, r := range d.Rows {
		text += fmt.Sprintf("；%s %s", r.Name, dash(r.LastResult))
	}
	return Message{Text: truncate(escape(text), maxFallback), Blocks: limitBlocks(bs)}
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// renderNotice tells a subscriber what a new document changed or reported
// about what they follow: before and after, the new sentence, where.
func renderNotice(n follow.Notice) Message {
	var bs []slack.Block
	head := fmt.Sprintf("你关注的%s有更新", strings.Join(n.Targets, "、"))
	bs = append(bs, section(fmt.Sprintf("*%s*\n来自 %s（第%d版）", escape(head), escape(n.DocTitle), n.Version)))
	for _, c := range n.Changes {
		line := "• " + escape(changeLine(c))
		if c.NewSentence != "" {
			line += "\n> " + escape(truncate(c.NewSentence, 300))
		}
		bs = append(bs, section(line))
		if loc := c.Loc.String(); loc != "" {
			bs = append(bs, contextBlock("📄 "+escape(loc)))
		}
	}
	return Message{Text: truncate(escape(head+"："+summaries(n.Changes)), maxFallback), Blocks: limitBlocks(bs)}
}

// changeLine is a notice's line about one change: its kind's label,
// then what changed.
func changeLine(c plan.Change) string {
	label := c.Kind.Label()
	switch c.Kind {
	case plan.ResultReported:
		line := fmt.Sprintf("%s：%s — %d年目标 %s，报告完成 %s", label, c.Subject, c.BeforeYear, c.Before, c.After)
		if c.Judgement != "" {
			line += " " + c.Judgement
		}
		return line
	case plan.SentenceChanged:
		if c.Before != "" {
			return label + "（原为：" + truncate(c.Before, 80) + "）"
		}
		return "新增表述"
	case plan.FigureChanged, plan.TaskAdded, plan.TaskRemoved, plan.TaskRetitled:
		return label + "：" + c.Detail()
	}
	return c.Summary()
}

func summaries(cs []plan.Change) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Summary())
	}
	return strings.Join(s, "；")
}

// renderItem renders an outbox item's payload.
func renderItem(item store.OutboxItem) (Message, error) {
	switch item.Kind {
	case plan.OutboxDigest:
		var d digest.Digest
		if err := json.Unmarshal(item.Payload, &d); err != nil {
			return Message{}, fmt.Errorf("decode digest %s: %w", item.Key, err)
		}
		return renderDigest(d), nil
	case plan.OutboxNotice:
		var n follow.Notice
		if err := json.Unmarshal(item.Payload, &n); err != nil {
			return Message{}, fmt.Errorf("decode notice %s: %w", item.Key, err)
		}
		return renderNotice(n), nil
	}
	return Message{}, fmt.Errorf("outbox item %s has unknown kind %q", item.Key, item.Kind)
}

// homeDigests lists a user's digest settings for App Home.
func (b *Bot) homeDigests(user string) []slack.Block {
	ds, err := b.db.Digests()
	if err != nil {
		return nil
	}
	var ls []string
	for _, d := range ds {
		switch {
		case d.Personal && d.User == user:
			ls = append(ls, fmt.Sprintf("• 私信摘要：每天 %02d:%02d（%s）", d.Hour, d.Minute, d.TZ))
		case !d.Personal && d.User == user:
			ls = append(ls, fmt.Sprintf("• <#%s> 的摘要：每天 %02d:%02d（%s）", d.Channel, d.Hour, d.Minute, d.TZ))
		}
	}
	if len(ls) == 0 {
		return []slack.Block{section("*每日摘要*\n未开启。在频道中输入 `/plan digest on 09:00`，或 `/plan digest me 08:30` 在私信中接收。")}
	}
	return []slack.Block{section("*每日摘要*\n" + strings.Join(ls, "\n"))}
}
