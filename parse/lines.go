package parse

import (
	"cmp"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one physical line of the document after page analysis.
type line struct {
	text      string // trimmed, width-folded
	page      int    // printed page number (calibrated), 0 when unknown
	pageStart bool   // first line of a page
	stray     bool   // a lone character the PDF extraction dropped at a page break
	notes     bool   // the label of the closing notes kept for their revisions (dropTail)
	no        int    // 1-based line number in the file, for warnings
}

// Page-number lines: — 12 —, - 12 -, －12－, 第12页, 第 3 页 共 20 页.
var pageNumberRe = regexp.MustCompile(`^(?:[-—–―~_·\s]+(\d{1,4})[-—–―~_·\s]+|[-—–―\s]*第\s*(\d{1,4})\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?[-—–―\s]*|(\d{1,4})\s*/\s*\d{1,4})$`)

// A character stuck after the end of a sentence: 项目。 系
var trailingStrayRe = regexp.MustCompile(`^(.*[。！？；”])\s+(\S)$`)

// splitLines cuts text into lines, works out the page of each and flags
// stray characters. Page breaks are form feeds when the text has any;
// otherwise a line indented by a single space (how some extractors mark a
// new page) when such lines are rare; and page-number lines, which also
// calibrate the count to the printed numbers. Text with none of these has
// no pages (page 0).
func splitLines(text string) []line {
	raw := rawLines(text)
	hasFF := strings.ContainsRune(text, '\f')
	pg := pager{page: 1, indentBreaks: !hasFF && indentMarksPages(raw), votes: map[int]int{}}
	var out []line
	total := utf8.RuneCountInString(text)
	for i, l := range raw {
		for _, piece := range flatPieces(l, total) {
			out = pg.read(out, piece, i+1)
		}
	}
	markBreakDebris(out)
	calibrated := calibratePages(out, pg.votes)
	if !hasFF && !pg.indentBreaks && !calibrated {
		// No page information at all (a web page, a plain text file).
		for i := range out {
			out[i].page = 0
		}
	}
	return out
}

// rawLines splits text at any line ending: \r\n, \n or \r.
func rawLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

// indentMarksPages reports text whose extractor marked each new page by
// indenting its first line by one space: such lines are present but rare
// (at most 15% of the non-blank lines); when common, the indentation is
// the text's own.
func indentMarksPages(raw []string) bool {
	indented, nonBlank := 0, 0
	for _, l := range raw {
		if strings.TrimSpace(l) == "" {
			continue
		}
		nonBlank++
		if markedIndent(l) {
			indented++
		}
	}
	return indented > 0 && indented*100 <= nonBlank*15
}

// pager follows the page count while splitLines reads the lines.
type pager struct {
	indentBreaks bool        // a line with markedIndent starts a page
	page         int         // counted page of the current line
	pendingBreak bool        // a form feed or footer number ended the page: the next text line starts one
	lastStarted  bool        // the last text line started a page
	votes        map[int]int // printed minus counted page → page-number lines saying so
}

// read appends the lines of one raw line (no is its 1-based number):
// the text of each piece between form feeds, without page-number lines.
func (pg *pager) read(out []line, raw string, no int) []line {
	for pi, piece := range strings.Split(raw, "\f") {
		if pi > 0 {
			pg.pendingBreak = true
		}
		t := spaceCaption(strings.TrimSpace(foldWidth(piece)))
		if t == "" || pg.pageNumber(t) {
			continue
		}
		start := pg.startsPage(pi == 0 && markedIndent(raw), len(out) > 0)
		out = appendText(out, line{text: t, page: pg.page, pageStart: start, no: no})
	}
	return out
}

// pageNumber reads a page-number line, voting for the offset between the
// printed and the counted page. A number right after a line that started
// a page is a header naming that page; any other is a footer, ending its
// page.
func (pg *pager) pageNumber(t string) bool {
	m := pageNumberRe.FindStringSubmatch(t)
	if m == nil {
		return false
	}
	printed, _ := strconv.Atoi(cmp.Or(m[1:]...))
	pg.votes[printed-pg.page]++
	if !pg.lastStarted {
		pg.pendingBreak = true
	}
	return true
}

// startsPage reports whether a text line starts a page, after a break or
// as an indented line when indentation marks pages, and counts the page.
// The first line of the text starts page 1 without counting.
func (pg *pager) startsPage(indented, afterText bool) bool {
	start := pg.pendingBreak || pg.indentBreaks && indented && afterText
	if start {
		if afterText {
			pg.page++
		}
		pg.pendingBreak = false
	}
	pg.lastStarted = start
	return start
}

// appendText appends a text line, splitting off a character stuck after
// the end of its last sentence (项目。 系) as a stray line.
func appendText(out []line, l line) []line {
	if m := trailingStrayRe.FindStringSubmatch(l.text); m != nil && utf8.RuneCountInString(m[1]) > 1 {
		stray := line{text: m[2], page: l.page, stray: true, no: l.no}
		l.text = strings.TrimSpace(m[1])
		return append(out, l, stray)
	}
	return append(out, l)
}

// markBreakDebris flags a one-character line (a Chinese character or a
// punctuation mark) next to a page break as stray: debris of the break.
func markBreakDebris(out []line) {
	for i := range out {
		if utf8.RuneCountInString(out[i].text) != 1 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(out[i].text)
		if !unicode.Is(unicode.Han, r) && !unicode.IsPunct(r) {
			continue
		}
		nearBreak := out[i].pageStart || (i+1 < len(out) && out[i+1].pageStart) || (i > 0 && out[i-1].page != out[i].page)
		if nearBreak {
			out[i].stray = true
		}
	}
}

// calibratePages shifts the counted pages by the offset most page-number
// lines voted for (the smallest on a tie), so pages read as printed, and
// reports whether there were any votes.
func calibratePages(out []line, votes map[int]int) bool {
	offset, most := 0, 0
	for off, v := range votes {
		if v > most || v == most && off < offset {
			offset, most = off, v
		}
	}
	if most == 0 {
		return false
	}
	for i := range out {
		out[i].page = max(out[i].page+offset, 1)
	}
	return true
}

// markedIndent reports a line indented by exactly one ASCII space.
func markedIndent(l string) bool {
	return len(l) > 1 && l[0] == ' ' && l[1] != ' ' && l[1] != '\t'
}

// typicalWidth is the length in runes of a full line: the 75th percentile
// of line lengths. Paragraphs end on shorter lines.
func typicalWidth(lines []line) int {
	var ns []int
	for _, l := range lines {
		if n := utf8.RuneCountInString(l.text); n > 4 {
			ns = append(ns, n)
		}
	}
	if len(ns) == 0 {
		return 0
	}
	sort.Ints(ns)
	return ns[len(ns)*3/4]
}
