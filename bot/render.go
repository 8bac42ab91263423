package bot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/internal/lang"
	"github.com/planbot/planbot/plan"
)

// Block Kit limits. Slack counts characters; slack-go's own validation
// counts bytes, which refuses Chinese text at a third of the real limit,
// so planbot truncates by runes itself and stays well inside.
const (
	maxBlocks      = 50
	maxSectionText = 2900 // of 3000
	maxHeaderText  = 150
	maxButtonText  = 75
	maxButtonValue = 1900 // of 2000
	maxFallback    = 3000
)

// Message is a reply: Block Kit blocks with a plain-text fallback.
type Message struct {
	Text      string
	Blocks    []slack.Block
	Ephemeral bool // for slash commands: only the asker sees it
}

// escape makes document or user text safe in mrkdwn: nobody can trigger
// <!channel> or a fake link through planbot.
func escape(s string) string {
	s = strings.ReplaceAll(s, "&", "&amp;")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return strings.ReplaceAll(s, ">", "&gt;")
}

// truncate cuts s to at most n characters (runes), marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, truncate(s, maxSectionText), false, false)
}

func plain(s string, n int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, truncate(s, n), true, false)
}

func section(s string) slack.Block { return slack.NewSectionBlock(mrkdwn(s), nil, nil) }

func contextBlock(parts ...string) slack.Block {
	var els []slack.MixedElement
	for _, p := range parts {
		if p != "" && len(els) < 10 {
			els = append(els, mrkdwn(p))
		}
	}
	return slack.NewContextBlock("", els...)
}

func button(actionID, text, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, truncate(value, maxButtonValue), plain(text, maxButtonText))
	if style != "" {
		b.Style = style
	}
	return b
}

// limitBlocks keeps a message within Slack's block count, saying so.
func limitBlocks(bs []slack.Block) []slack.Block {
	if len(bs) <= maxBlocks {
		return bs
	}
	out := append([]slack.Block(nil), bs[:maxBlocks-1]...)
	return append(out, contextBlock(fmt.Sprintf("…还有 %d 项未显示", len(bs)-maxBlocks+1)))
}

// Action IDs of planbot's buttons.
const (
	actionSubscribe = "subscribe_task"
	actionMore      = "more_sources"
	actionUp        = "feedback_up"
	actionDown      = "feedback_down"
	actionShare     = "share_answer"
	actionUnsub     = "unsubscribe"
)

// ref is what a button carries about the answer it sits under.
type ref struct {
	Q     string `json:"q"`
	Doc   string `json:"d,omitempty"`
	Task  int    `json:"t,omitempty"`
	Title string `json:"tt,omitempty"`
	Fig   string `json:"f,omitempty"`
	Found bool   `json:"ok,omitempty"`
	Subj  string `json:"s,omitempty"`
}

func (r ref) value() string {
	b, _ := json.Marshal(r)
	if len(b) > maxButtonValue {
		r.Q = truncate(r.Q, 100)
		r.Title = truncate(r.Title, 40)
		b, _ = json.Marshal(r)
	}
	return string(b)
}

func parseRef(v string) (ref, error) {
	var r ref
	err := json.Unmarshal([]byte(v), &r)
	return r, err
}

// renderAnswer renders an answer as Block Kit. shareable adds the button
// that posts an ephemeral answer to the channel.
func renderAnswer(a answer.Answer, shareable bool) Message {
	if !a.Found {
		return renderNotFound(a)
	}
	if a.Kind != "" {
		return renderKind(a, shareable)
	}
	top := a.Answers[0]
	var bs []slack.Block
	bs = append(bs, slack.NewHeaderBlock(plain(top.Figure, maxHeaderText)))
	bs = append(bs, contextBlock(
		fmt.Sprintf("*%d年* · %s", top.Year, top.KindLabel),
		escape(top.Subject),
		fmt.Sprintf("置信度 %.0f%%", 100*top.Confidence),
	))
	bs = append(bs, section("> "+escape(top.Excerpt)))
	bs = append(bs, contextBlock("📄 "+escape(sourceLine(top))))
	// A caveat of a found answer (whose region's figure it is of several;
	// how 今年 was read) is part of the answer, not a footnote of --json.
	warning := lang.Pick(lang.ZH, a.Message)
	if warning != "" {
		bs = append(bs, contextBlock("⚠️ "+escape(warning)))
	}
	if alts := a.Answers[1:]; len(alts) > 0 && top.Confidence < 0.95 {
		var lines []string
		for _, it := range alts {
			lines = append(lines, fmt.Sprintf("• %s *%s*（%d年 · %s）", escape(it.Subject), escape(it.Figure), it.Year, it.KindLabel))
		}
		bs = append(bs, section("其他可能的答案：\n"+strings.Join(lines, "\n")))
	}
	bs = append(bs, answerActions(a, top, shareable))
	text := fmt.Sprintf("%s（%d年 · %s · %s）—「%s」%s", top.Figure, top.Year, top.KindLabel, top.Subject, top.Excerpt, sourceLine(top))
	if warning != "" {
		text += " " + warning
	}
	return Message{Text: truncate(escape(text), maxFallback), Blocks: limitBlocks(bs)}
}

// answerActions are the buttons under an answer: share (for a private
// answer), follow the task it stands in, more sources, feedback.
func answerActions(a answer.Answer, top answer.Item, shareable bool) slack.Block {
	r := ref{Q: a.Question, Doc: top.Document, Task: top.Location.Task, Title: top.Location.TaskTitle, Fig: top.Figure, Found: true, Subj: top.Subject}
	var btns []slack.BlockElement
	if shareable {
		btns = append(btns, button(actionShare, "在频道中分享", r.value(), slack.StylePrimary))
	}
	if top.Location.Task > 0 {
		btns = append(btns, button(actionSubscribe, fmt.Sprintf("订阅任务%d", top.Location.Task), r.value(), ""))
	}
	btns = append(btns,
		button(actionMore, "更多出处", r.value(), ""),
		button(actionUp, "👍", r.value(), ""),
		button(actionDown, "👎", r.value(), ""),
	)
	return slack.NewActionBlock("answer_actions", btns...)
}

func sourceLine(it answer.Item) string {
	s := it.DocTitle
	if it.LocationText != "" {
		s += " › " + it.LocationText
	}
	return s
}

// renderNotFound says the documents do not answer, what they cover, the
// nearest statements and questions they can answer.
func renderNotFound(a answer.Answer) Message {
	var bs []slack.Block
	bs = append(bs, slack.NewHeaderBlock(plain("未找到确切答案", maxHeaderText)))
	msg := lang.Pick(lang.ZH, a.Message)
	if msg == "" {
		msg = "文件中没有找到回答这个问题的数字。"
	}
	bs = append(bs, section(escape(msg)))
	if len(a.Answers) > 0 {
		var lines, sugg []string
		for _, it := range a.Answers {
			lines = append(lines, fmt.Sprintf("• %s *%s*（%d年 · %s）\n    > %s", escape(it.Subject), escape(it.Figure), it.Year, it.KindLabel, escape(truncate(it.Excerpt, 120))))
			if q := suggestion(it); q != "" && !slices.Contains(sugg, q) {
				sugg = append(sugg, q)
			}
		}
		bs = append(bs, section("文件中最接近的内容：\n"+strings.Join(lines, "\n")))
		if len(sugg) > 0 {
			bs = append(bs, contextBlock("可以这样问："+escape(strings.Join(sugg, " ／ "))))
		}
	}
	r := ref{Q: a.Question}
	bs = append(bs, slack.NewActionBlock("answer_actions",
		button(actionUp, "👍", r.value(), ""),
		button(actionDown, "👎", r.value(), ""),
	))
	return Message{Text: escape("未找到确切答案。" + msg), Blocks: limitBlocks(bs)}
}

var leadingVerbRe = regexp.MustCompile(`^(完成|实现|推动|推进|加快|开展)`)

// suggestion turns a nearby fact into a question planbot can answer.
func suggestion(it answer.Item) string {
	s := strings.TrimSpace(it.Subject)
	if s == "" || utf8.RuneCountInString(s) > 16 || it.Qualitative {
		return ""
	}
	s = leadingVerbRe.ReplaceAllString(s, "")
	if it.Year != 0 {
		return fmt.Sprintf("%d年%s多少", it.Year, s)
	}
	return s + "多少"
}

// renderMore lists every source an answer had, for the "更多出处" button.
func renderMore(a answer.Answer) Message {
	if len(a.Answers) == 0 {
		return Message{Text: "没有更多出处。", Ephemeral: true}
	}
	var bs []slack.Block
	bs = append(bs, section(fmt.Sprintf("“%s”的全部出处：", escape(a.Question))))
	for i, it := range a.Answers {
		bs = append(bs, section(fmt.Sprintf("%d. *%s* %s（%d年 · %s）\n> %s", i+1, escape(it.Figure), escape(it.Subject), it.Year, it.KindLabel, escape(it.Excerpt))))
		bs = append(bs, contextBlock("📄 "+escape(sourceLine(it))))
	}
	return Message{Text: fmt.Sprintf("“%s”的 %d 处出处", escape(a.Question), len(a.Answers)), Blocks: limitBlocks(bs), Ephemeral: true}
}

// renderTask shows a task with its text and figures.
func renderTask(doc *plan.Document, t plan.TaskRef) Message {
	var bs []slack.Block
	title := fmt.Sprintf("任务%d：%s", t.Task.Number, t.Task.Title)
	bs = append(bs, slack.NewHeaderBlock(plain(title, maxHeaderText)))
	where := []string{escape(doc.Title), escape(fmt.Sprintf("（%s）%s", plan.ChineseNumber(t.Section.Number), t.Section.Title))}
	if t.IsSection() {
		where[1] = escape(t.Part.Title)
		if t.Part.Title == t.Task.Title {
			where = where[:1] // a part standing for a task
		}
	}
	if t.Task.Page > 0 {
		where = append(where, fmt.Sprintf("第%d页", t.Task.Page))
	}
	bs = append(bs, contextBlock(where...))
	var body strings.Builder
	for _, p := range t.Task.Paragraphs {
		body.WriteString(p.Text())
	}
	bs = append(bs, section(escape(body.String())))
	var figs []string
	ids := map[int]bool{}
	for _, p := range t.Task.Paragraphs {
		for _, s := range p.Sentences {
			ids[s.ID] = true
		}
	}
	for _, f := range doc.Facts {
		if ids[f.Sentence] {
			figs = append(figs, fmt.Sprintf("• %s *%s*", escape(f.Subject), escape(f.Figure)))
		}
	}
	if len(figs) > 0 {
		bs = append(bs, section("数字：\n"+strings.Join(figs, "\n")))
	}
	r := ref{Doc: doc.ID, Task: t.Task.Number, Title: t.Task.Title}
	bs = append(bs, slack.NewActionBlock("task_actions", button(actionSubscribe, fmt.Sprintf("订阅任务%d", t.Task.Number), r.value(), slack.StylePrimary)))
	return Message{Text: escape(title + "：" + truncate(body.String(), 500)), Blocks: limitBlocks(bs), Ephemeral: true}
}
