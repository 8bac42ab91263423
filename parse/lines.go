package parse

import (
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
	no        int    // 1-based line number in the file, for warnings
}

// Page-number lines: — 12 —, - 12 -, －12－, 第12页, 第 3 页 共 20 页.
var pageNumberRe = regexp.MustCompile(`^(?:[-—–―~_·\s]+(\d{1,4})[-—–―~_·\s]+|[-—–―\s]*第\s*(\d{1,4})\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?[-—–―\s]*|(\d{1,4})\s*/\s*\d{1,4})$`)

// A character stuck after the end of a sentence: 项目。 系
var trailingStrayRe = regexp.MustCompile(`^(.*[。！？；”])\s+(\S)$`)

// splitLines cuts text into lines, works out pages and flags stray
// characters. Page breaks are form feeds when the text has any; otherwise a
// line indented by a single space (how some extractors mark a new page)
// when such lines are rare; and page-number lines, which also calibrate
// the count to the printed numbers.
func splitLines(text string) ([]line, []string) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	raw := strings.Split(text, "\n")

	hasFF := strings.ContainsRune(text, '\f')
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
	useIndent := !hasFF && indented > 0 && indented*100 <= nonBlank*15

	var (
		out         []line
		warnings    []string
		page        = 1
		pendingBrk  bool
		calibration = map[int]int{} // offset -> votes
		lastWasMark bool
	)
	for i, l := range raw {
		pieces := strings.Split(l, "\f")
		for pi, piece := range pieces {
			if pi > 0 {
				pendingBrk = true
			}
			t := strings.TrimSpace(foldWidth(piece))
			if t == "" {
				continue
			}
			if m := pageNumberRe.FindStringSubmatch(t); m != nil {
				n := firstNonEmpty(m[1:]...)
				printed, _ := strconv.Atoi(n)
				if lastWasMark && len(out) > 0 {
					// A header number: it names the page just started.
					calibration[printed-page]++
				} else {
					calibration[printed-page]++
					pendingBrk = true
				}
				continue
			}
			start := false
			if pendingBrk || (useIndent && pi == 0 && markedIndent(l) && len(out) > 0) {
				if len(out) > 0 {
					page++
				}
				start = true
				pendingBrk = false
			}
			lastWasMark = start
			if m := trailingStrayRe.FindStringSubmatch(t); m != nil && utf8.RuneCountInString(m[1]) > 1 {
				out = append(out, line{text: strings.TrimSpace(m[1]), page: page, pageStart: start, no: i + 1})
				out = append(out, line{text: m[2], page: page, stray: true, no: i + 1})
				continue
			}
			out = append(out, line{text: t, page: page, pageStart: start, no: i + 1})
		}
	}
	// A one-character line next to a page break is debris of the break.
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
	// Calibrate counted pages to the printed numbers.
	offset, votes := 0, 0
	for off, v := range calibration {
		if v > votes || v == votes && off < offset {
			offset, votes = off, v
		}
	}
	if votes > 0 {
		for i := range out {
			out[i].page += offset
			if out[i].page < 1 {
				out[i].page = 1
			}
		}
	}
	if !hasFF && !useIndent && votes == 0 {
		// No page information at all (a web page, a plain text file).
		for i := range out {
			out[i].page = 0
		}
	}
	return out, warnings
}

// markedIndent reports a line indented by exactly one ASCII space.
func markedIndent(l string) bool {
	return len(l) > 1 && l[0] == ' ' && l[1] != ' ' && l[1] != '\t'
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
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
