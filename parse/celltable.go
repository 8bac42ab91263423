package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// maxCellHeader is the most header lines a table laid out a cell a line
// may have (2021 年 | 增长目标 | 2021 年 | 预计完成 | 2022 年 | 计划增长).
const maxCellHeader = 8

// minCellRows is how many rows, a cell a line, make a table: fewer could
// be short lines of prose that happen to fit.
const minCellRows = 2

// joinCellTables rewrites the tables that PDF text lays out a cell a line
// (指标 | 单位 | 绝对数 | 比上年增长（%） | 地区生产总值 | 亿元 | 3215.67 | 5.8 …)
// as a header line and a line a row, the layout the table readers know.
// Left alone, such a table is glued into one paragraph, and its numbers
// into figures of the wrong indicators. A table is recognised only when a
// header word stands alone on its line and at least minCellRows rows
// follow, each a name and exactly one cell a column.
func (p *Parser) joinCellTables(lines []line) []line {
	var out []line
	for i := 0; i < len(lines); i++ {
		if head, rows, next, ok := p.cellTable(lines, i); ok {
			out = append(out, head)
			out = append(out, rows...)
			i = next - 1
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

// cellTable reads a table laid out a cell a line whose header word is
// lines[at]: its header as one line, its rows a line each, and the index
// after the table.
func (p *Parser) cellTable(lines []line, at int) (line, []line, int, bool) {
	word := strings.TrimSpace(lines[at].text)
	if m := tableHeaderRe.FindString(word); m == "" || strings.TrimSpace(m) != word {
		return line{}, nil, 0, false
	}
	for h := 1; h <= maxCellHeader && at+1+h < len(lines); h++ {
		frags := make([]string, 0, h)
		for _, l := range lines[at+1 : at+1+h] {
			frags = append(frags, l.text)
		}
		if !headerCells(frags) {
			break
		}
		cols := p.columns(frags)
		rows, next := cellRows(lines, at+1+h, len(cols))
		if len(rows) < minCellRows {
			continue
		}
		headers := make([]string, len(cols))
		for k, c := range cols {
			headers[k] = strings.ReplaceAll(c.Header, " ", "")
		}
		head := lines[at]
		head.text = word + " " + strings.Join(headers, " ")
		return head, rows, next, true
	}
	return line{}, nil, 0, false
}

// headerCells reports lines that can be a header's cells: short, no
// sentence, no row of their own.
func headerCells(frags []string) bool {
	for _, f := range frags {
		if f == "" || utf8.RuneCountInString(f) > 16 || endsTerminal(f) || tableRow(f) != nil || groupRe.MatchString(f) {
			return false
		}
	}
	return true
}

// cellRows reads rows of a name line and ncols cell lines each from
// lines[from], group lines (一、预期性指标) kept between them, and returns
// each row joined into one line, with the index where they stopped.
func cellRows(lines []line, from, ncols int) ([]line, int) {
	var rows []line
	j := from
	for j < len(lines) {
		if groupLine(lines[j].text) {
			rows = append(rows, lines[j])
			j++
			continue
		}
		if ncols == 0 || j+ncols >= len(lines) || !cellName(lines[j].text) {
			break
		}
		cells := make([]string, 0, ncols)
		ok, value := true, false
		for _, l := range lines[j+1 : j+1+ncols] {
			c := squeeze(l.text)
			if c == "" || l.stray || utf8.RuneCountInString(c) > 12 || endsTerminal(c) || strings.Contains(c, " ") {
				ok = false
				break
			}
			value = value || valueCell(c)
			cells = append(cells, c)
		}
		if !ok || !value {
			break
		}
		row := lines[j]
		row.text = strings.TrimSpace(lines[j].text) + " " + strings.Join(cells, " ")
		rows = append(rows, row)
		j += 1 + ncols
	}
	// Group lines after the last row belong to what follows.
	for len(rows) > 0 && groupLine(rows[len(rows)-1].text) {
		rows = rows[:len(rows)-1]
		j--
	}
	n := 0
	for _, r := range rows {
		if !groupLine(r.text) {
			n++
		}
	}
	if n < minCellRows {
		return nil, from
	}
	return rows, j
}

// valueCellRe is a cell that holds a value: a number, maybe signed, with
// a change word before it or a unit after it (3215.67, -2.4, 下降5.0%,
// 6.0%以上, 18.7亿美元).
var valueCellRe = regexp.MustCompile(`^(?:增长|下降|提高|降低|减少|增加)?[-+−]?\d[\d.,]*\s*(?:%|‰|\p{Han}{0,4}|[a-zA-Z/²³]{0,6})(?:以上|以内|左右|以下)?$`)

// valueCell reports a cell with a value in it, and not a header's year
// (2021 年), which would make the header's lines pass for rows.
func valueCell(c string) bool {
	return valueCellRe.MatchString(c) && !headerYearRe.MatchString(c)
}

// cellName reports a line that can name a row laid out a cell a line: a
// short name in Chinese, no sentence, and no cells of its own.
func cellName(t string) bool {
	return hasHan(t) && utf8.RuneCountInString(t) <= 30 && !endsTerminal(t) && !cellRow(t, 1) && !strings.ContainsAny(t, "，。；：")
}
