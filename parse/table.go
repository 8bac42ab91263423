package parse

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/plan"
)

var (
	tableHeaderRe = regexp.MustCompile(`^(?:类别\s+|领域\s+)?(指标名称|指标|项目名称|项目|序号)(\s|$)`)
	// A row may open with its group's name when the group is a column of
	// its own (经济发展 1.地区生产总值（亿元） 4500 6000 6%左右 预期性).
	rowRe         = regexp.MustCompile(`^(?:(\p{Han}{2,8})\s+)?(\d{1,3})\s*[.、]\s*(\S.*)$`)
	decimalRe     = regexp.MustCompile(`^(?:\p{Han}{2,8}\s+)?\d{1,3}\.\d`)
	groupRe       = regexp.MustCompile(`^[一二三四五六七八九十]{1,3}\s*[、.]\s*(\S.{0,20})$`)
	noteRe        = regexp.MustCompile(`^(注|备注|说明)\s*[：:]`)
	headerYearRe  = regexp.MustCompile(`^\d{4}\s*年`)
	appendixLabel = regexp.MustCompile(`^(附件|附表)\s*\d*\s*$`)
)

// tables reads the indicator tables of an appendix. A table starts at a
// header line (指标名称); its value columns are the header fragments that
// follow, a fragment starting with a year opening a new column; rows are
// numbered lines whose cells are read from the right, so a name may hold
// spaces. Rows whose cells wrap over several lines are rebuilt. The lines
// before a header (other than 附件 labels and strays) are its title.
func (p *Parser) tables(lines []line) []plan.Table {
	var out []plan.Table
	var titleLines []string
	for i := 0; i < len(lines); {
		if !tableHeaderRe.MatchString(lines[i].text) {
			if !appendixLabel.MatchString(lines[i].text) && !lines[i].stray {
				titleLines = append(titleLines, lines[i].text)
			}
			i++
			continue
		}
		tbl, next := p.table(lines, i, tableTitle(titleLines))
		if len(tbl.Columns) > 0 {
			out = append(out, tbl)
		}
		titleLines = nil
		i = next
	}
	return out
}

// table reads the table whose header line is lines[at] and returns it
// with the index of the line after it. A header with no value columns
// gives a table without columns, to be skipped.
func (p *Parser) table(lines []line, at int, title string) (plan.Table, int) {
	tbl := plan.Table{Title: title, Page: lines[at].page}
	frags, next := headerFragments(lines, at)
	if tbl.Columns = p.columns(frags); len(tbl.Columns) == 0 {
		return tbl, next
	}
	tbl.Rows, next = p.rows(lines, next, len(tbl.Columns))
	return tbl, next
}

// ownColumn marks a header fragment that is a column by itself.
const ownColumn = "\x00"

// headerFragments returns the fragments of the header at lines[at]: the
// rest of the header line, then the lines up to the first row or group;
// and the index of that row or group.
func headerFragments(lines []line, at int) ([]string, int) {
	var frags []string
	if rest := strings.TrimSpace(tableHeaderRe.ReplaceAllString(lines[at].text, "")); rest != "" {
		fields := strings.Fields(rest)
		if len(fields) > 1 {
			// A header written on one line, a column a field (2020年 2025年
			// 年均增长〔累计〕 属性): no field continues another. "\x00" marks
			// each as a column of its own for columns.
			for i := range fields {
				fields[i] = ownColumn + fields[i]
			}
		}
		frags = append(frags, fields...)
	}
	ncols := 0 // of a header on one line, whose rows may go unnumbered
	if len(frags) > 1 {
		ncols = len(frags)
	}
	j := at + 1
	for ; j < len(lines) && tableRow(lines[j].text) == nil && !groupRe.MatchString(lines[j].text) && !cellRow(lines[j].text, ncols); j++ {
		frags = append(frags, lines[j].text)
	}
	return frags, j
}

// rows reads rows from lines[j] up to a note, the next header or an
// appendix label, and returns them with the index where they stopped. A
// group line (一、预期性指标) names the group of the rows after it.
func (p *Parser) rows(lines []line, j, ncols int) ([]plan.Row, int) {
	var rows []plan.Row
	group := ""
	for j < len(lines) {
		t := lines[j].text
		switch {
		case endsTable(t):
			return rows, j
		case groupLine(t):
			group = strings.TrimSpace(groupRe.FindStringSubmatch(t)[1])
			j++
		case tableRow(t) == nil && cellRow(t, ncols):
			// A row without a number (统计公报: 地区生产总值 亿元 3215.67 5.8).
			row := p.row(t, nil, ncols)
			row.Number = len(rows) + 1
			row.Group = group
			row.Text = strings.Join(strings.Fields(t), " ") // a layout's padding is no part of the quote
			rows = append(rows, row)
			j++
		case tableRow(t) != nil:
			m := tableRow(t)
			if m[1] != "" {
				group = m[1]
			}
			cont, next := rowContinuation(lines, j+1)
			row := p.row(m[3], cont, ncols)
			row.Number, _ = strconv.Atoi(m[2])
			row.Group = group
			row.Text = strings.Join(strings.Fields(t+" "+strings.Join(regroup(cont, ncols), " ")), " ")
			rows = append(rows, row)
			j = next
		default:
			j++
		}
	}
	return rows, j
}

// groupLine reports a line naming the group of the rows after it
// (一、预期性指标), not a row itself.
func groupLine(t string) bool { return groupRe.MatchString(t) && tableRow(t) == nil }

// tableRow matches a numbered row line (1.本区生产总值 6.8% 8.6%) and
// returns rowRe's submatches, or nil. A decimal is a cell, not a row
// numbered 6 named 8%: PDF text often puts each cell on a line of its own
// (1.本区生产总值 | 6.8% | 8.6% | 6.0%以上).
func tableRow(t string) []string {
	if decimalRe.MatchString(t) {
		return nil
	}
	return rowRe.FindStringSubmatch(t)
}

// cellRow reports a line that is a table row without a number: a name,
// then ncols cells, a figure among them (a unit, a dash or a bracketed
// total may stand in the others).
func cellRow(t string, ncols int) bool {
	fields := strings.Fields(t)
	if ncols == 0 || len(fields) < ncols+1 || endsTerminal(t) {
		return false
	}
	cells := fields[len(fields)-ncols:]
	if !slices.ContainsFunc(cells, hasDigit) {
		return false
	}
	for _, c := range cells {
		if utf8.RuneCountInString(c) > 12 {
			return false
		}
	}
	return hasHan(strings.Join(fields[:len(fields)-ncols], ""))
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// endsTable reports a line no table row runs past: a note (注：), a new
// header or an appendix label.
func endsTable(t string) bool {
	return noteRe.MatchString(t) || tableHeaderRe.MatchString(t) || appendixLabel.MatchString(t)
}

// rowContinuation returns the lines from lines[from] that continue a row,
// the cells that wrapped, without strays; and the index of the line after
// them: the next row or group, or the end of the table.
func rowContinuation(lines []line, from int) ([]string, int) {
	var cont []string
	k := from
	for ; k < len(lines); k++ {
		u := lines[k].text
		if tableRow(u) != nil || groupRe.MatchString(u) || endsTable(u) {
			break
		}
		if !lines[k].stray {
			cont = append(cont, u)
		}
	}
	return cont, k
}

// numberRows gives table rows sentence IDs from next on, after the body's:
// rows are quoted like sentences.
func numberRows(tables []plan.Table, next int) {
	for ti := range tables {
		for ri := range tables[ti].Rows {
			tables[ti].Rows[ri].Sentence = next
			next++
		}
	}
}

// tableTitle joins the lines before a table's header, dropping the 附件：
// label and a title printed twice (once in the body's list of appendices,
// once over the table).
func tableTitle(lines []string) string {
	s := strings.Join(lines, "")
	s = strings.Join(strings.Fields(s), "")
	for _, p := range []string{"附件：", "附件:", "附表：", "附表:"} {
		s = strings.TrimPrefix(s, p)
	}
	rs := []rune(s)
	if n := len(rs); n%2 == 0 && n > 0 && string(rs[:n/2]) == string(rs[n/2:]) {
		return string(rs[:n/2])
	}
	return s
}

// columns groups header fragments into value columns: 2021 年 | 增长目标 |
// 2021 年 | 预计完成 … gives 2021年增长目标, 2021年预计完成. Without years,
// each fragment is a column.
func (p *Parser) columns(frags []string) []plan.Column {
	var cols []plan.Column
	years := 0
	for _, f := range frags {
		if headerYearRe.MatchString(f) {
			years++
		}
	}
	for _, f := range frags {
		own := strings.HasPrefix(f, ownColumn)
		f = squeeze(strings.TrimPrefix(f, ownColumn))
		if f == "" {
			continue
		}
		if own || years == 0 || headerYearRe.MatchString(f) || len(cols) == 0 {
			cols = append(cols, plan.Column{Header: f})
		} else {
			cols[len(cols)-1].Header += f
		}
	}
	for i := range cols {
		if ys := yearsIn(cols[i].Header); len(ys) > 0 {
			cols[i].Year = ys[0]
		}
		cols[i].Kind = p.words.columnKind(cols[i].Header)
	}
	return cols
}

// row reads a row's name and cells. Cells are taken from the right of the
// row line, a change word joining the number after it (下降 5.0%); when the
// cells wrapped onto following lines, those lines are regrouped into cells.
func (p *Parser) row(rest string, cont []string, ncols int) plan.Row {
	tokens := strings.Fields(rest)
	if len(cont) > 0 {
		cells := regroup(cont, ncols)
		if len(cells) == ncols {
			return plan.Row{Name: squeeze(rest), Cells: cells}
		}
		tokens = append(tokens, cells...)
	}
	var cells []string
	k := len(tokens) - 1
	for len(cells) < ncols && k >= 0 {
		tok := tokens[k]
		if k > 0 && hasDigit(tok) && slices.Contains(changeWords, tokens[k-1]) {
			tok = tokens[k-1] + tok
			k--
		}
		cells = append([]string{tok}, cells...)
		k--
	}
	name := squeeze(strings.Join(tokens[:k+1], " "))
	return plan.Row{Name: name, Cells: cells}
}

// regroup joins wrapped cell fragments: six fragments for three columns
// are three cells of two lines each. Fragments that do not divide evenly
// are returned as they are.
func regroup(frags []string, ncols int) []string {
	if ncols == 0 || len(frags) == 0 || len(frags)%ncols != 0 {
		return frags
	}
	per := len(frags) / ncols
	out := make([]string, 0, ncols)
	for i := 0; i < len(frags); i += per {
		out = append(out, squeeze(strings.Join(frags[i:i+per], "")))
	}
	return out
}

// changeWords name the direction of a change written before its number.
var changeWords = []string{"增长", "下降", "提高", "降低", "减少", "增加"}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// squeeze removes spaces next to Chinese characters, which PDF tables
// scatter (万元 GDP建设用地, 2021 年), and keeps those between Latin words.
func squeeze(s string) string {
	fields := strings.Fields(s)
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(fields[i-1])
			next, _ := utf8.DecodeRuneInString(f)
			if prev < utf8.RuneSelf && next < utf8.RuneSelf && unicode.IsLetter(prev) && unicode.IsLetter(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f)
	}
	return b.String()
}
