package parse

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A web page copied as text often arrives as one long line whose elements
// (menus, the title, headings, paragraphs) are separated by single spaces.
const (
	flatLineRunes = 600 // shorter lines are never taken for a flattened page
	flatMinBreaks = 8   // nor lines with fewer spaces between Chinese text
)

// flatPieces cuts a flattened page back into its lines: at each space
// that touches a Chinese character or punctuation mark, which Chinese
// prose does not hold inside a sentence. Only a line that holds most of
// the text (total runes) is taken for a page: a long paragraph of a text
// with lines of its own keeps the spaces a PDF extraction may put in it.
// Any other line is returned whole.
func flatPieces(l string, total int) []string {
	n := utf8.RuneCountInString(l)
	if n < flatLineRunes || 2*n < total {
		return []string{l}
	}
	var pieces []string
	start, breaks := 0, 0
	for i, r := range l {
		if !unicode.IsSpace(r) || i == 0 {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(l[:i], unicode.IsSpace))
		after, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(l[i:], unicode.IsSpace))
		if before >= utf8.RuneSelf || after >= utf8.RuneSelf {
			if p := strings.TrimSpace(l[start:i]); p != "" {
				pieces = append(pieces, p)
				breaks++
			}
			start = i
		}
	}
	if breaks < flatMinBreaks {
		return []string{l}
	}
	if p := strings.TrimSpace(l[start:]); p != "" {
		pieces = append(pieces, p)
	}
	// The captions of the page's charts and tables, whose images and
	// grids did not come along: alone they would run into the next line.
	return slices.DeleteFunc(pieces, func(p string) bool {
		return captionRe.MatchString(p) && utf8.RuneCountInString(p) <= maxCaption && !strings.ContainsAny(p, "。，；")
	})
}

// maxCaption is the longest piece of a flattened page taken for a caption.
const maxCaption = 40

// noteMarkRe is a footnote mark a web page keeps in the text: 地区生产总值
// [2]49843.1亿元.
var noteMarkRe = regexp.MustCompile(`([\p{Han}）)”])(\[\d{1,2}\])`)

// hidden stands in for the runes of a footnote mark while figures are
// read: not a digit, so [2]49843.1亿元 is 49843.1亿元, and dropped from
// the subjects read (规模以上工业[10]增加值 measures 规模以上工业增加值).
const hidden = '\u200b'

// hideNotes returns text with each footnote mark's runes replaced by
// hidden, so rune offsets into it are offsets into text; quotations keep
// the marks as the document has them.
func hideNotes(text string) string {
	if !strings.Contains(text, "[") {
		return text
	}
	return noteMarkRe.ReplaceAllStringFunc(text, func(m string) string {
		r, n := utf8.DecodeRuneInString(m)
		return string(r) + strings.Repeat(string(hidden), utf8.RuneCountInString(m[n:]))
	})
}

// unhide drops hidden runes from words read from hideNotes' text.
func unhide(s string) string {
	if !strings.ContainsRune(s, hidden) {
		return s
	}
	return strings.ReplaceAll(s, string(hidden), "")
}

// captionRe is a table or chart caption whose number runs into the year
// it opens with once the page lost its layout: 表12024年… is 表1 2024年….
var captionRe = regexp.MustCompile(`^([表图])(\d{1,2}?)((?:19|20)\d{2}(?:[-—–]\d{4})?年)`)

// spaceCaption parts a caption's number from its year, so neither is
// read as a figure.
func spaceCaption(t string) string {
	return captionRe.ReplaceAllString(t, "$1$2 $3")
}
