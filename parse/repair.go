package parse

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// interleaved handles a task heading printed in the middle of the previous
// task's last paragraph, as PDF extraction does when the heading sat at the
// foot of a page: the previous task ends mid-sentence, the heading's line
// ends mid-sentence, and the lines up to the page break finish the previous
// task's sentence. Those lines go back to the previous task, and the new
// task (number n, titled title, its heading line going on with rest)
// continues after the break. It returns the index of the last line it
// consumed.
func (b *builder) interleaved(i, n int, title, rest string) (int, bool) {
	if b.para == nil || b.para.indicator || b.lastTask == 0 || endsTerminal(b.para.last.text) || endsTerminal(b.lines[i].text) {
		return 0, false
	}
	chunk, strays, brk, ok := b.pageRest(i)
	if !ok {
		return 0, false
	}
	for _, c := range chunk {
		b.para.add(c)
	}
	l := b.lines[i]
	b.doc.Warnings = append(b.doc.Warnings, fmt.Sprintf("line %d: task %d's heading interrupts task %d across a page break; moved %d lines back to task %d", l.no, n, b.lastTask, len(chunk), b.lastTask))
	b.openTask(n, title, l)
	if tail := rest + punctuation(strays); tail != "" {
		b.para = &paraBuf{}
		b.para.add(line{text: tail, page: l.page, no: l.no})
	}
	return brk - 1, true
}

// maxPageRest is the most lines an interleaved task heading can be
// followed by before the page break.
const maxPageRest = 15

// pageRest returns the lines after lines[i] up to the next page break, as
// text and strays, and the index of the line that starts the next page.
// It fails unless the break comes within maxPageRest lines and the text
// holds no heading, comes before any stray and ends a sentence.
func (b *builder) pageRest(i int) (text, strays []line, brk int, ok bool) {
	j := i + 1
	for ; j < len(b.lines) && !b.lines[j].pageStart && j-i <= maxPageRest; j++ {
		if b.lines[j].stray {
			strays = append(strays, b.lines[j])
			continue
		}
		if len(strays) > 0 || isHeadingLine(b.lines[j].text) {
			return nil, nil, 0, false
		}
		text = append(text, b.lines[j])
	}
	if j >= len(b.lines) || !b.lines[j].pageStart || len(text) == 0 || !endsTerminal(text[len(text)-1].text) {
		return nil, nil, 0, false
	}
	return text, strays, j, true
}

// punctuation joins the strays that are punctuation marks: 多渠道保障、|租购
// 并举, where the break swallowed the comma.
func punctuation(strays []line) string {
	var b strings.Builder
	for _, s := range strays {
		if r, _ := utf8.DecodeRuneInString(s.text); unicode.IsPunct(r) {
			b.WriteString(s.text)
		}
	}
	return b.String()
}

// stray deals with a lone character left at a page break. A character that
// completes a recent heading (…产业体 + 系, where 体系 occurs elsewhere in the
// document) is put back; anything else is dropped with a warning.
func (b *builder) stray(i int) {
	l := b.lines[i]
	r, _ := utf8.DecodeRuneInString(l.text)
	if unicode.Is(unicode.Han, r) {
		for k := len(b.recent) - 1; k >= 0; k-- {
			h := b.recent[k]
			if i-h.line > 60 {
				break
			}
			last, _ := utf8.DecodeLastRuneInString(*h.title)
			if b.occursElsewhere(string(last) + l.text) {
				b.doc.Warnings = append(b.doc.Warnings, fmt.Sprintf("line %d: stray %q put back at the end of heading %q", l.no, l.text, *h.title))
				*h.title += l.text
				return
			}
		}
	}
	b.doc.Warnings = append(b.doc.Warnings, fmt.Sprintf("line %d: dropped stray %q at a page break", l.no, l.text))
}

// occursElsewhere reports whether s occurs in a line of the document
// other than a stray.
func (b *builder) occursElsewhere(s string) bool {
	return slices.ContainsFunc(b.lines, func(l line) bool { return !l.stray && strings.Contains(l.text, s) })
}
