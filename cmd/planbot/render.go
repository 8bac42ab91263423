package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/internal/lang"
)

// renderText is the terminal form of an answer, its labels in l; the
// figures, quotations and the engine's summaries are the documents' own
// words. Each kind of question (answer.Answer.Kind) has its own layout,
// and every figure shown carries its quotation and where it stands.
func renderText(a answer.Answer, l lang.Lang) string {
	var b strings.Builder
	if !a.Found {
		renderNotFound(&b, a, l)
		return b.String()
	}
	switch a.Kind {
	case "verdict":
		renderVerdict(&b, a, l)
	case "task":
		renderTask(&b, a, l)
	case "difference", "ratio":
		renderComputed(&b, a, l)
	case "list":
		renderList(&b, a, l)
	case "trend":
		renderTrend(&b, a, l)
	default:
		renderFigure(&b, a, l)
	}
	return b.String()
}

// renderFigure shows one figure: the answer to 多少.
func renderFigure(b *strings.Builder, a answer.Answer, l lang.Lang) {
	top := a.Answers[0]
	fmt.Fprintf(b, "%s  （%s · %s · %s）\n", top.Figure, yearLabel(top.Year, l), kindLabel(top, l), top.Subject)
	fmt.Fprintf(b, "“%s”\n", top.Excerpt)
	fmt.Fprintf(b, "— %s", sourceText(top))
	fmt.Fprintf(b, l.T("  （置信度 %.2f）\n", "  (confidence %.2f)\n"), top.Confidence)
	// A caveat is part of the answer: whose region's figure this is of
	// several, how 今年 was read.
	if msg := lang.Pick(l, a.Message); msg != "" {
		fmt.Fprintf(b, l.T("注意：%s\n", "Note: %s\n"), msg)
	}
	if len(a.Answers) > 1 {
		b.WriteString(l.T("其他相关：\n", "Also relevant:\n"))
		for _, it := range a.Answers[1:] {
			fmt.Fprintf(b, "  · %s %s（%s · %s）\n", it.Subject, it.Figure, yearLabel(it.Year, l), kindLabel(it, l))
		}
	}
}

// renderVerdict shows whether a target was met: the verdict, how the
// result compares, then the result and the target with their sources.
func renderVerdict(b *strings.Builder, a answer.Answer, l lang.Lang) {
	fmt.Fprintf(b, "%s  %s\n", verdictLabel(a.Answers[0].Verdict, l), lang.Pick(l, a.Message))
	for _, it := range a.Answers {
		writeItem(b, it, l)
	}
}

// renderComputed shows a difference or a ratio: the result and the
// arithmetic, then the two figures it was computed from.
func renderComputed(b *strings.Builder, a answer.Answer, l lang.Lang) {
	calc := a.Answers[0]
	fmt.Fprintf(b, "%s  （%s）\n", calc.Figure, calc.Calc)
	fmt.Fprintln(b, lang.Pick(l, a.Message))
	b.WriteString(l.T("依据：\n", "From:\n"))
	for _, it := range a.Answers[1:] {
		writeItem(b, it, l)
	}
}

// renderTask shows a task: its number and title, where it stands, its
// first sentence and its figures.
func renderTask(b *strings.Builder, a answer.Answer, l lang.Lang) {
	var rest []answer.Item
	for _, it := range a.Answers {
		if it.Role != "task" {
			rest = append(rest, it)
			continue
		}
		fmt.Fprintf(b, "%s  %s\n", it.Figure, it.Subject)
		fmt.Fprintf(b, "— %s\n", sourceText(it))
		if _, summary, ok := strings.Cut(it.Excerpt, "："); ok && summary != "" {
			fmt.Fprintf(b, "“%s”\n", summary)
		}
	}
	if len(rest) > 0 {
		b.WriteString(l.T("数字：\n", "Figures:\n"))
		for _, it := range rest {
			fmt.Fprintf(b, "  · %s %s（%s · %s）— “%s”\n", it.Subject, it.Figure, yearLabel(it.Year, l), kindLabel(it, l), truncate(it.Excerpt, 60))
		}
	}
}

// renderList shows the items of a list, numbered, each with its source; a
// task's figures stand under it.
func renderList(b *strings.Builder, a answer.Answer, l lang.Lang) {
	fmt.Fprintln(b, lang.Pick(l, a.Message))
	n := 0
	for _, it := range a.Answers {
		if it.Role == "figure" {
			fmt.Fprintf(b, "      · %s %s（%s）\n", it.Subject, it.Figure, kindLabel(it, l))
			continue
		}
		n++
		fmt.Fprintf(b, "%2d. %s %s（%s · %s）\n", n, it.Subject, it.Figure, yearLabel(it.Year, l), kindLabel(it, l))
		fmt.Fprintf(b, "    — %s\n", it.LocationText)
	}
	if docs := documentsOf(a.Answers); len(docs) == 1 {
		fmt.Fprintf(b, l.T("出处：%s\n", "Source: %s\n"), docs[0])
	}
}

// renderTrend shows a series or a comparison across documents as a
// table, then each value's quotation and source, numbered.
func renderTrend(b *strings.Builder, a answer.Answer, l lang.Lang) {
	fmt.Fprintln(b, lang.Pick(l, a.Message))
	regions := len(regionsOf(a.Answers)) > 1
	head := []string{l.T("年份", "YEAR")}
	if regions {
		head = append(head, l.T("地区", "REGION"))
	}
	head = append(head, l.T("数字", "FIGURE"), l.T("类型", "KIND"), l.T("指标", "INDICATOR"), l.T("出处", "SOURCE"))
	rows := [][]string{head}
	for i, it := range a.Answers {
		row := []string{yearLabel(it.Year, l)}
		if regions {
			row = append(row, it.Region)
		}
		rows = append(rows, append(row, it.Figure, kindLabel(it, l), it.Subject, fmt.Sprintf("[%d]", i+1)))
	}
	b.WriteString(digest.Table(rows))
	for i, it := range a.Answers {
		fmt.Fprintf(b, "[%d] “%s”\n    — %s\n", i+1, truncate(it.Excerpt, 80), sourceText(it))
	}
}

// renderNotFound says why there is no answer and shows the nearest
// statements.
func renderNotFound(b *strings.Builder, a answer.Answer, l lang.Lang) {
	b.WriteString(l.T("未找到确切答案。", "No exact answer found. "))
	b.WriteString(lang.Pick(l, a.Message))
	b.WriteString("\n")
	if len(a.Answers) > 0 {
		b.WriteString(l.T("文件中最接近的内容：\n", "Nearest statements in the documents:\n"))
		for _, it := range a.Answers {
			fmt.Fprintf(b, "  · %s %s（%s · %s）— “%s”\n", it.Subject, it.Figure, yearLabel(it.Year, l), kindLabel(it, l), truncate(it.Excerpt, 60))
		}
	}
}

// writeItem shows one cited figure of a composite answer: its role, the
// figure, the quotation and where it stands.
func writeItem(b *strings.Builder, it answer.Item, l lang.Lang) {
	fmt.Fprintf(b, "  %s  %s  %s（%s · %s）\n", roleLabel(it.Role, l), it.Figure, it.Subject, yearLabel(it.Year, l), kindLabel(it, l))
	fmt.Fprintf(b, "      “%s”\n", truncate(it.Excerpt, 120))
	fmt.Fprintf(b, "      — %s\n", sourceText(it))
}

// sourceText is where an item stands: the document and the location in it.
func sourceText(it answer.Item) string {
	if it.LocationText == "" {
		return it.DocTitle
	}
	return it.DocTitle + " › " + it.LocationText
}

func yearLabel(year int, l lang.Lang) string {
	if year == 0 {
		return l.T("年份不详", "year unknown")
	}
	return l.T(fmt.Sprintf("%d年", year), fmt.Sprint(year))
}

// verdictLabel names a verdict: met, missed, or unclear.
func verdictLabel(v string, l lang.Lang) string {
	switch v {
	case "met":
		return l.T("✓ 完成", "✓ met")
	case "missed":
		return l.T("✗ 未完成", "✗ missed")
	}
	return l.T("？无法判断", "? unclear")
}

// roleLabel names what an item of a composite answer is.
func roleLabel(role string, l lang.Lang) string {
	switch role {
	case "result":
		return l.T("实际", "result")
	case "target":
		return l.T("目标", "target")
	case "compared":
		return l.T("比较", "compared")
	}
	return l.T("数字", "figure")
}

// kindLabel names what kind of figure an item is (target, result …) in l.
func kindLabel(it answer.Item, l lang.Lang) string {
	if l == lang.EN && it.Kind != "" {
		return strings.TrimSpace(it.Within + " " + strings.ReplaceAll(string(it.Kind), "_", " "))
	}
	return it.KindLabel
}

// documentsOf lists the titles of the documents items come from.
func documentsOf(items []answer.Item) []string {
	var out []string
	for _, it := range items {
		if it.DocTitle != "" && !slices.Contains(out, it.DocTitle) {
			out = append(out, it.DocTitle)
		}
	}
	return out
}

// regionsOf lists the regions items come from.
func regionsOf(items []answer.Item) []string {
	var out []string
	for _, it := range items {
		if it.Region != "" && !slices.Contains(out, it.Region) {
			out = append(out, it.Region)
		}
	}
	return out
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
