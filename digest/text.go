package digest

import (
	"fmt"
	"strings"

	"golang.org/x/text/width"
)

// RenderText draws a digest for a terminal, aligning columns by display
// width (a Chinese character is two columns wide).
func RenderText(d Digest) string {
	var b strings.Builder
	title := fmt.Sprintf("%s 每日指标摘要 · %s", d.Region, d.At.Format("2006-01-02 15:04 MST"))
	if d.Late {
		title += "（迟到：计划发送时 planbot 未运行）"
	}
	b.WriteString(title + "\n")
	fmt.Fprintf(&b, "来源：%s\n\n", d.Source)
	header := []string{"指标", d.Columns[0], d.Columns[1], d.Columns[2], "完成对比"}
	rows := [][]string{header}
	for _, r := range d.Rows {
		rows = append(rows, []string{r.Name, dash(r.LastTarget), dash(ResultText(r)), dash(r.ThisTarget), dash(r.Change)})
	}
	b.WriteString(Table(rows))
	b.WriteString("\n")
	if len(d.Updates) > 0 {
		fmt.Fprintf(&b, "自 %s 以来的更新：\n", d.Since.Format("2006-01-02 15:04"))
		for _, u := range d.Updates {
			fmt.Fprintf(&b, "  · %s（第%d版，%s）\n", u.Title, u.Version, u.At.Format("01-02 15:04"))
			for _, l := range u.Lines {
				fmt.Fprintf(&b, "      %s\n", l)
			}
			if u.More > 0 {
				fmt.Fprintf(&b, "      …另有 %d 处变化\n", u.More)
			}
		}
	} else {
		b.WriteString("上次摘要以来没有新文件。\n")
	}
	if len(d.Follows) > 0 {
		b.WriteString("\n关注的任务和指标：\n")
		for _, f := range d.Follows {
			fmt.Fprintf(&b, "  · %s\n", f.Label)
			for _, x := range f.Figures {
				fmt.Fprintf(&b, "      %s\n", x)
			}
		}
	}
	return b.String()
}

// ResultText is last year's result with its amount beside a rate:
// 8.6%（5318.2亿元）.
func ResultText(r Row) string {
	if r.LastAmount != "" && r.LastResult != "" && r.LastAmount != r.LastResult {
		return r.LastResult + "（" + r.LastAmount + "）"
	}
	return r.LastResult
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Width is the display width of s in a terminal.
func Width(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// Table aligns rows of cells into columns separated by two spaces.
func Table(rows [][]string) string {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], Width(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-Width(c)+2))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return b.String()
}
