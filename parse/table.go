package parse

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/plan"
)

var (
	tableHeaderRe = regexp.MustCompile(`^(指标名称|指标|项目名称|项目|序号)(\s|$)`)
	rowRe         = regexp.MustCompile(`^(\d{1,3})\s*[.、]\s*(\S.*)$`)
	groupRe       = regexp.MustCompile(`^[一二三四五六七八九十]{1,3}\s*[、.]\s*(\S.{0,20})$`)
	noteRe        = regexp.MustCompile(`^(注|备注|说明)\s*[：:]`)
	headerYearRe  = regexp.MustCompile(`^\d{4}\s*年`)
	appendixLabel = regexp.MustCompile(`^(附件|附表)\s*\d*\s*$`)
)

// tables reads the indicator tables of an appendix. A table starts at a
// header line (指标名称); its value columns are the header fragments that
// follow, a fragment starting with a year opening a new column; rows are
// numbered lines whose cells are read from the right, so a name may hold
// spaces. Rows whose cells wrap over several lines are rebuilt.
func (p *Parser) tables(lines []line, doc *plan.Document) []plan.Table {
	var out []plan.Table
	var titleLines []string
	for i := 0; i < len(lines); i++ {
		t := lines[i].text
		if !tableHeaderRe.MatchString(t) {
			if !appendixLabel.MatchString(t) && !lines[i].stray {
				titleLines = append(titleLines, t)
			}
			continue
		}
		tbl := plan.Table{Title: tableTitle(titleLines), Page: lines[i].page}
		titleLines = nil
		// Header fragments: the rest of the header line, then lines up to the
		// first row or group.
		var frags []string
		if rest := strings.TrimSpace(tableHeaderRe.ReplaceAllString(t, "")); rest != "" {
			frags = append(frags, strings.Fields(rest)...)
		}
		j := i + 1
		for ; j < len(lines) && !rowRe.MatchString(lines[j].text) && !groupRe.MatchString(lines[j].text); j++ {
			frags = append(frags, lines[j].text)
		}
		tbl.Columns = p.columns(frags)
		if len(tbl.Columns) == 0 {
			i = j - 1
			continue
		}
		group := ""
		for j < len(lines) {
			t := lines[j].text
			switch {
			case noteRe.MatchString(t), tableHeaderRe.MatchString(t), appendixLabel.MatchString(t):
				goto done
			case groupRe.MatchString(t) && !rowRe.MatchString(t):
				group = strings.TrimSpace(groupRe.FindStringSubmatch(t)[1])
				j++
				continue
			case rowRe.MatchString(t):
				m := rowRe.FindStringSubmatch(t)
				var cont []string
				k := j + 1
				for ; k < len(lines); k++ {
					u := lines[k].text
					if rowRe.MatchString(u) || groupRe.MatchString(u) || noteRe.MatchString(u) || tableHeaderRe.MatchString(u) || appendixLabel.MatchString(u) {
						break
					}
					if !lines[k].stray {
						cont = append(cont, u)
					}
				}
				row := p.row(m[2], cont, len(tbl.Columns))
				row.Number = atoi(m[1])
				row.Group = group
				row.Text = strings.TrimSpace(t + " " + strings.Join(regroup(cont, len(tbl.Columns)), " "))
				tbl.Rows = append(tbl.Rows, row)
				j = k
				continue
			default:
				j++
			}
		}
	done:
		out = append(out, tbl)
		i = j - 1
	}
	// Rows are quoted like sentences: give them IDs after the body's.
	next := len(doc.Sentences())
	for ti := range out {
		for ri := range out[ti].Rows {
			out[ti].Rows[ri].Sentence = next
			next++
		}
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
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
		f = squeeze(f)
		if f == "" {
			continue
		}
		if years == 0 || headerYearRe.MatchString(f) || len(cols) == 0 {
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
		if k > 0 && hasDigit(tok) && p.isChangeWord(tokens[k-1]) {
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

func (p *Parser) isChangeWord(s string) bool {
	for _, w := range []string{"增长", "下降", "提高", "降低", "减少", "增加"} {
		if s == w {
			return true
		}
	}
	return false
}

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
