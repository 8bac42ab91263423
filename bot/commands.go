package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Request is one thing a user said to planbot, from any surface.
type Request struct {
	User    string
	Channel string
	Text    string // cleaned: mentions stripped, Slack's escapes undone
	Surface string // mention, dm, command
	// Thread is the conversation the answer goes to (a thread's root;
	// "" for a DM's main view or a slash command), where a question can
	// follow up the one before it.
	Thread string
}

// Command is a /plan subcommand, declared as data so that help, the App
// Home examples and the tests read the same list.
type Command struct {
	Name     string
	Aliases  []string
	Usage    string
	Help     string
	Examples []string
	Run      func(ctx context.Context, b *Bot, req Request, args string) (Message, error)
}

// commands is planbot's command list. Anything that is not a command is a
// question.
func commands() []Command {
	return []Command{
		{Name: "help", Aliases: []string{"帮助", "?", "？"}, Usage: "/plan help", Help: "显示这份说明", Run: runHelp},
		{Name: "docs", Aliases: []string{"文件", "文档"}, Usage: "/plan docs", Help: "列出已收录的计划文件", Run: runDocs},
		{Name: "tasks", Aliases: []string{"任务列表"}, Usage: "/plan tasks", Help: "列出当前计划的编号任务", Run: runTasks},
		{Name: "task", Aliases: []string{"任务"}, Usage: "/plan task 20", Help: "查看一项任务的原文和数字", Examples: []string{"/plan task 20"}, Run: runTask},
		{Name: "subscribe", Aliases: []string{"订阅"}, Usage: "/plan subscribe 20 | 教育 | GDP", Help: "订阅任务或指标，文件更新时私信通知你", Examples: []string{"/plan subscribe 20", "/plan subscribe GDP"}, Run: runSubscribe},
		{Name: "unsubscribe", Aliases: []string{"取消订阅", "退订"}, Usage: "/plan unsubscribe 20", Help: "取消订阅", Run: runUnsubscribe},
		{Name: "subscriptions", Aliases: []string{"我的订阅", "订阅列表"}, Usage: "/plan subscriptions", Help: "列出你的订阅", Run: runSubscriptions},
		{Name: "digest", Aliases: []string{"摘要", "日报"}, Usage: "/plan digest on 09:00 | off | now | me 08:30 | me off", Help: "本频道每日指标摘要（默认 09:00 北京时间），或加 me 在私信中接收；晚于计划时间 15 分钟以上送达的标为迟到", Examples: []string{"/plan digest on 09:00", "/plan digest now", "/plan digest me off"}, Run: runDigest},
	}
}

// examples are questions the indexed documents answer, for help and App
// Home.
func (b *Bot) examples(ctx context.Context) []string { return b.engine.Examples(ctx, 4) }

// findCommand splits "task 20" into the command and its arguments; a text
// that starts with no command word is a question (nil).
func (b *Bot) findCommand(text string) (*Command, string) {
	text = strings.TrimSpace(text)
	word, rest, _ := strings.Cut(text, " ")
	lw := strings.ToLower(word)
	for i := range b.commands {
		c := &b.commands[i]
		if c.Name == lw || slices.Contains(c.Aliases, lw) {
			return c, strings.TrimSpace(rest)
		}
	}
	// Chinese commands need no space: 任务20, 订阅教育.
	for i := range b.commands {
		c := &b.commands[i]
		for _, a := range c.Aliases {
			if strings.HasPrefix(text, a) && len(a) > 3 && looksLikeCommandArg(strings.TrimPrefix(text, a)) {
				return c, strings.TrimSpace(strings.TrimPrefix(text, a))
			}
		}
	}
	return nil, text
}

// looksLikeCommandArg keeps 任务20 a command but lets 任务完成情况如何 be a question.
func looksLikeCommandArg(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	_, err := strconv.Atoi(s)
	return err == nil
}

func runHelp(ctx context.Context, b *Bot, req Request, args string) (Message, error) {
	return Message{Text: "planbot 使用说明", Blocks: []slack.Block{section(helpText(b.examples(ctx), b.commands))}, Ephemeral: true}, nil
}

// helpText is /plan help's mrkdwn. Example questions come from document
// text, so they are escaped like any other; code spans do not protect
// against Slack's <…> markup.
func helpText(examples []string, cmds []Command) string {
	var ex []string
	for _, q := range examples {
		ex = append(ex, "`/plan "+escape(q)+"`")
	}
	return "*planbot* 回答计划文件里的数字，并给出原文和出处。\n直接提问，或 @planbot 提问、私信提问：\n" + strings.Join(ex, "  ") + "\n\n*命令*\n" + commandLines(cmds, "• ")
}

// commandLines lists the commands, one a line, escaped for mrkdwn.
func commandLines(cmds []Command, bullet string) string {
	var lines []string
	for _, c := range cmds {
		lines = append(lines, fmt.Sprintf("%s`%s` — %s", bullet, escape(c.Usage), escape(c.Help)))
	}
	return strings.Join(lines, "\n")
}

func runDocs(ctx context.Context, b *Bot, req Request, args string) (Message, error) {
	docs := b.db.Documents()
	if len(docs) == 0 {
		return Message{Text: "还没有收录任何文件。", Ephemeral: true}, nil
	}
	var lines []string
	for _, d := range docs {
		cur := d.Current()
		lines = append(lines, fmt.Sprintf("• *%s*\n    %s · %d→%d年 · 第%d版 · %d个数字 · `%s`", escape(d.Title), escape(d.Region), d.ReportYear, d.PlanYear, d.Version, cur.Facts, escape(d.ID)))
	}
	return Message{Text: fmt.Sprintf("已收录 %d 份文件", len(docs)), Blocks: limitBlocks([]slack.Block{section("*已收录的文件*\n" + strings.Join(lines, "\n"))}), Ephemeral: true}, nil
}

// currentPlan is the document whose tasks /plan tasks lists: the newest
// plan of the default region (or of any region when none is set).
func (b *Bot) currentPlan(ctx context.Context) (*plan.Document, error) {
	best, ok := b.db.Catalog().NewestPlan(b.cfg.Region)
	if !ok {
		return nil, plan.Errorf(plan.ENOTFOUND, "还没有收录计划文件。")
	}
	return b.db.Document(ctx, best.ID, 0)
}

func runTasks(ctx context.Context, b *Bot, req Request, args string) (Message, error) {
	doc, err := b.currentPlan(ctx)
	if err != nil {
		return Message{}, err
	}
	tasks, sections := doc.WorkTasks()
	var bs []slack.Block
	heading := fmt.Sprintf("*%s* 的编号任务（`/plan task 编号` 查看详情）", escape(doc.Title))
	if sections {
		heading = fmt.Sprintf("*%s* 没有编号任务，以下是其部署工作的各部分（`/plan task 编号` 查看详情）", escape(doc.Title))
	}
	bs = append(bs, section(heading))
	var lines []string
	section := ""
	for _, t := range tasks {
		if t.IsSection() {
			lines = append(lines, fmt.Sprintf("%d. %s", t.Task.Number, escape(t.Task.Title)))
			continue
		}
		if t.Section.Title != section {
			section = t.Section.Title
			lines = append(lines, fmt.Sprintf("*（%s）%s*", plan.ChineseNumber(t.Section.Number), escape(section)))
		}
		lines = append(lines, fmt.Sprintf("%d. %s", t.Task.Number, escape(t.Task.Title)))
	}
	if len(lines) == 0 {
		return Message{Text: "这份文件没有编号任务。", Ephemeral: true}, nil
	}
	// One section per ~40 lines keeps each under the text limit.
	for i := 0; i < len(lines); i += 40 {
		j := min(i+40, len(lines))
		bs = append(bs, slack.NewSectionBlock(mrkdwn(strings.Join(lines[i:j], "\n")), nil, nil))
	}
	return Message{Text: fmt.Sprintf("%s：%d 项任务", doc.Title, len(tasks)), Blocks: limitBlocks(bs), Ephemeral: true}, nil
}

func runTask(ctx context.Context, b *Bot, req Request, args string) (Message, error) {
	n, err := strconv.Atoi(strings.TrimSpace(args))
	if err != nil {
		return Message{}, plan.Errorf(plan.EINVALID, "请给出任务编号，例如 `/plan task 20`。")
	}
	doc, err := b.currentPlan(ctx)
	if err != nil {
		return Message{}, err
	}
	tasks, _ := doc.WorkTasks()
	for _, t := range tasks {
		if t.Task.Number == n {
			return renderTask(doc, t), nil
		}
	}
	return Message{}, plan.Errorf(plan.ENOTFOUND, "%s 没有任务%d（共 %d 项，`/plan tasks` 列出全部）。", doc.Title, n, len(tasks))
}

func notAvailable(what string) error {
	return plan.Errorf(plan.EINVALID, "这个 planbot 没有开启%s。", what)
}
