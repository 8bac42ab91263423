package bot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/internal/lang"
)

// renderKind renders an answer to more than "how much": a verdict, a
// task, a difference or ratio, a list, a trend. Each figure keeps its
// quotation and where it stands, as a plain answer does.
func renderKind(a answer.Answer, shareable bool) Message {
	summary := lang.Pick(lang.ZH, a.Message)
	var bs []slack.Block
	top := a.Answers[0]
	switch a.Kind {
	case "verdict":
		bs = append(bs, slack.NewHeaderBlock(plain(verdictHeader(top.Verdict), maxHeaderText)))
		bs = append(bs, section(escape(summary)))
		bs = append(bs, citedBlocks(a.Answers)...)
	case "difference", "ratio":
		bs = append(bs, slack.NewHeaderBlock(plain(top.Figure, maxHeaderText)))
		bs = append(bs, contextBlock("*计算* "+escape(top.Calc)))
		bs = append(bs, section(escape(summary)))
		bs = append(bs, citedBlocks(a.Answers[1:])...)
	case "task":
		bs = append(bs, taskBlocks(a.Answers)...)
	case "list":
		bs = append(bs, section("*"+escape(summary)+"*"))
		bs = append(bs, listBlocks(a.Answers)...)
	case "trend":
		bs = append(bs, section(escape(summary)))
		bs = append(bs, trendBlocks(a.Answers)...)
	default:
		bs = append(bs, section(escape(summary)))
		bs = append(bs, citedBlocks(a.Answers)...)
	}
	// The buttons act on the figure the answer stands on: the task of a
	// task answer, the result of a verdict, the first item of a list.
	subject := top
	if (a.Kind == "difference" || a.Kind == "ratio") && len(a.Answers) > 1 {
		subject = a.Answers[1]
	}
	bs = append(bs, answerActions(a, subject, shareable))
	return Message{Text: truncate(escape(summary), maxFallback), Blocks: limitBlocks(bs)}
}

// verdictHeader says whether a target was met.
func verdictHeader(v string) string {
	switch v {
	case "met":
		return "✅ 完成目标"
	case "missed":
		return "❌ 未完成目标"
	}
	return "❔ 无法判断是否完成"
}

// roleName says what a cited figure is in a composite answer.
func roleName(role string) string {
	switch role {
	case "result":
		return "实际"
	case "target":
		return "目标"
	case "compared":
		return "比较"
	}
	return ""
}

// citedBlocks shows figures one after another: role, figure, the quoted
// sentence and its source.
func citedBlocks(items []answer.Item) []slack.Block {
	var bs []slack.Block
	for _, it := range items {
		head := fmt.Sprintf("*%s* %s（%s · %s）", escape(it.Figure), escape(it.Subject), yearText(it.Year), it.KindLabel)
		if r := roleName(it.Role); r != "" {
			head = r + "　" + head
		}
		bs = append(bs, section(head+"\n> "+escape(truncate(it.Excerpt, 300))))
		bs = append(bs, contextBlock("📄 "+escape(sourceLine(it))))
	}
	return bs
}

// taskBlocks shows a task: its number and title, where it stands, its
// first sentence, then its figures.
func taskBlocks(items []answer.Item) []slack.Block {
	var bs []slack.Block
	var figs []string
	for _, it := range items {
		if it.Role != "task" {
			figs = append(figs, fmt.Sprintf("• %s *%s*（%s）", escape(it.Subject), escape(it.Figure), it.KindLabel))
			continue
		}
		if len(figs) > 0 {
			bs = append(bs, section("数字：\n"+strings.Join(figs, "\n")))
			figs = nil
		}
		bs = append(bs, slack.NewHeaderBlock(plain(it.Figure+"："+it.Subject, maxHeaderText)))
		bs = append(bs, contextBlock("📄 "+escape(sourceLine(it))))
		if _, summary, ok := strings.Cut(it.Excerpt, "："); ok && summary != "" {
			bs = append(bs, section("> "+escape(summary)))
		}
	}
	if len(figs) > 0 {
		bs = append(bs, section("数字：\n"+strings.Join(figs, "\n")))
	}
	return bs
}

// listBlocks numbers a list's items, each with where it stands; a task's
// figures go under it.
func listBlocks(items []answer.Item) []slack.Block {
	var lines []string
	n := 0
	for _, it := range items {
		if it.Role == "figure" {
			lines = append(lines, fmt.Sprintf("　　◦ %s *%s*", escape(it.Subject), escape(it.Figure)))
			continue
		}
		n++
		lines = append(lines, fmt.Sprintf("%d. %s *%s*（%s · %s）\n　　_%s_", n, escape(it.Subject), escape(it.Figure), yearText(it.Year), it.KindLabel, escape(it.LocationText)))
	}
	bs := []slack.Block{section(strings.Join(lines, "\n"))}
	if len(items) > 0 && items[0].DocTitle != "" {
		bs = append(bs, contextBlock("📄 "+escape(items[0].DocTitle)))
	}
	return bs
}

// trendBlocks shows a series or a comparison of regions as a compact
// table (monospaced, aligned by display width), then each value's
// quotation and source, numbered as in the table.
func trendBlocks(items []answer.Item) []slack.Block {
	regions := map[string]bool{}
	for _, it := range items {
		regions[it.Region] = true
	}
	head := []string{"年份"}
	if len(regions) > 1 {
		head = append(head, "地区")
	}
	rows := [][]string{append(head, "数字", "类型", "出处")}
	var cites []string
	for i, it := range items {
		row := []string{yearText(it.Year)}
		if len(regions) > 1 {
			row = append(row, it.Region)
		}
		rows = append(rows, append(row, it.Figure, it.KindLabel, fmt.Sprintf("[%d]", i+1)))
		cites = append(cites, fmt.Sprintf("[%d] %s\n> %s", i+1, escape(sourceLine(it)), escape(truncate(it.Excerpt, 120))))
	}
	return []slack.Block{
		section("```\n" + escape(digest.Table(rows)) + "```"),
		section(strings.Join(cites, "\n")),
	}
}

func yearText(y int) string {
	if y == 0 {
		return "年份不详"
	}
	return fmt.Sprintf("%d年", y)
}
