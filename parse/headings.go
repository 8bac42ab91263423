package parse

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp/numeral"
	"github.com/planbot/planbot/plan"
)

var (
	partRe    = regexp.MustCompile(`^(?:第([一二三四五六七八九十]{1,3})部分[：:、\s]*|([一二三四五六七八九十]{1,3})\s*[、．.]\s*)(.+)$`)
	sectionRe = regexp.MustCompile(`^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.+)$`)
	taskRe    = regexp.MustCompile(`^(?:(\d{1,3})\s*[.、]|[（(](\d{1,3})[）)])\s*([\p{Han}“‘《"].*)$`)
	dashRe    = regexp.MustCompile(`^(?:——|—|--|－－|―)\s*(.+)$`)
	appendRe  = regexp.MustCompile(`^(?:附件|附表|附\s*[：:])`)
	// Five-year plan outlines number their headings 第一篇 > 第一章 > 第一节.
	volumeRe  = regexp.MustCompile(`^第\s*([一二三四五六七八九十百]{1,4})\s*篇[：:、\s]*(.+)$`)
	chapterRe = regexp.MustCompile(`^第\s*([一二三四五六七八九十百]{1,4})\s*章[：:、\s]*(.+)$`)
	nodeRe    = regexp.MustCompile(`^第\s*([一二三四五六七八九十]{1,3})\s*节[：:、\s]*(.+)$`)
)

// maxHeading is the longest title a heading line may carry before its
// first full stop; longer lines starting with 一、 are enumerations.
const maxHeading = 50

// heading splits "title。rest" and checks the title is heading-sized.
func heading(s string) (title, rest string, ok bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "。！？"); i >= 0 {
		title, rest = s[:i], strings.TrimSpace(s[i+len("。"):])
	} else {
		title = s
	}
	title = strings.TrimRight(title, "：:；;")
	n := utf8.RuneCountInString(title)
	// A line that is nothing but its title may run longer (（三）充分激发全国
	// 创新百强区第二…的潜能，在…中扛大旗): no sentence ends on it.
	lone := title == s && !strings.ContainsAny(s, "；;") && n <= maxLoneHeading
	return title, rest, n > 0 && (n <= maxHeading || lone)
}

// maxLoneHeading is the longest title a heading line that holds nothing
// else may carry.
const maxLoneHeading = 80

// chineseInt reads a Chinese number (十二 → 12), 0 when s is none.
func chineseInt(s string) int {
	v, ok := numeral.Parse(s)
	if !ok {
		return 0
	}
	return int(v)
}

// isHeadingLine reports a line shaped like a part, section, task or
// indicator heading, whatever its number.
func isHeadingLine(t string) bool {
	return partRe.MatchString(t) || sectionRe.MatchString(t) || taskRe.MatchString(t) || dashRe.MatchString(t) ||
		volumeRe.MatchString(t) || chapterRe.MatchString(t) || nodeRe.MatchString(t)
}

// maxTaskJump is how far a task number may run ahead of the one before it
// (a task or two left unnumbered) and still be taken as a task heading.
const maxTaskJump = 3

// maxTaskTitle is the longest task title accepted out of sequence: task
// titles are short phrases, list items and sentences run longer.
const maxTaskTitle = 30

// outOfSequence decides whether a numbered line whose number does not
// follow the previous task's (skipped, repeated or restarted) still heads
// a task, and returns the warning naming the numbers if it does, or "".
// Numbering mistakes are common in these documents, and dropping the
// heading would file the task's text and figures under the task before.
// raw is the line after its number; title and rest are heading's split.
func (b *builder) outOfSequence(n int, l line, raw, title, rest string) string {
	last, top := b.lastTask, b.maxTask
	var warn string
	switch {
	case last > 0 && n == last:
		warn = fmt.Sprintf("task number %d is repeated", n)
	case last > 0 && n == 1:
		warn = fmt.Sprintf("task numbering restarts at 1 after task %d", last)
	case last > 0 && n > last+1 && n <= last+maxTaskJump:
		warn = fmt.Sprintf("task numbering jumps from %d to %d", last, n)
	case last < top && n == top+1:
		warn = fmt.Sprintf("task numbering returns to %d after task %d", n, last)
	case last < top && n > top+1 && n <= top+maxTaskJump:
		warn = fmt.Sprintf("task numbering jumps from %d to %d", top, n)
	default:
		return ""
	}
	if !b.looksLikeTaskHeading(l, raw, title, rest) {
		return ""
	}
	return fmt.Sprintf("line %d: %s; check the document's numbering", l.no, warn)
}

// looksLikeTaskHeading tells a task heading from a numbered line of text
// when the number alone cannot: the heading is numbered like the tasks
// before it, starts a paragraph, and its title is a short phrase standing
// alone, closed by a full stop or by the end of a short line.
func (b *builder) looksLikeTaskHeading(l line, raw, title, rest string) bool {
	if b.taskStyle == "" || numberStyle(l.text) != b.taskStyle {
		return false
	}
	// After 。 a new paragraph may start; after ：，； a list goes on.
	if b.para != nil && !endsSentence(b.para.last.text) {
		return false
	}
	if utf8.RuneCountInString(title) > maxTaskTitle || strings.ContainsAny(title, "，,；;：:%") || strings.IndexFunc(title, unicode.IsSpace) >= 0 {
		return false
	}
	if rest != "" || strings.ContainsAny(raw, "。！？") {
		return true
	}
	// A title alone on its line: the line must be short, as a heading's is.
	return title == strings.TrimSpace(raw) && (b.linePerParagraph || utf8.RuneCountInString(l.text) <= b.width-2)
}

// numberStyle is how a task number is written: "." for 1. and １．, "、"
// for 1、, "()" for （1）.
func numberStyle(t string) string {
	t = strings.TrimLeft(t, "0123456789 ")
	r, _ := utf8.DecodeRuneInString(t)
	switch r {
	case '(', '（':
		return "()"
	case '.', '、':
		return string(r)
	}
	return ""
}

// numberedText reports a numbered line that cannot be a heading whatever
// its number: a list item of a running sentence (1.培育新型消费；2.…) or a
// table row (1.地区生产总值 4.2% 5.5%). raw is the line after its number.
func numberedText(raw string) bool {
	head := raw
	if i := strings.IndexAny(head, "。！？"); i >= 0 {
		head = head[:i]
	}
	if strings.ContainsAny(head, "；;") {
		return true
	}
	fields := strings.Fields(head)
	if len(fields) < 3 {
		return false
	}
	figures := 0
	for _, f := range fields[1:] {
		if r, _ := utf8.DecodeRuneInString(f); unicode.IsDigit(r) || strings.Contains(f, "%") {
			figures++
		}
	}
	return figures >= 2
}

// inList reports an open paragraph whose last line ends with ；: the
// numbered line after it is the next item of a list, not a task heading.
func (b *builder) inList() bool {
	if b.para == nil || b.para.indicator {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(b.para.last.text, closers))
	return r == '；' || r == ';'
}

// outlineOf reads how a document numbers its headings: by volumes and
// chapters (第一篇, 第一章: a five-year plan outline), by chapters alone,
// or, by default, 一、/（一）/1. Two headings of a kind make the numbering
// (one may be a reference in the text).
func outlineOf(lines []line) string {
	count := func(re *regexp.Regexp) int {
		n := 0
		for _, l := range lines {
			if m := re.FindStringSubmatch(strings.TrimSpace(l.text)); m != nil {
				if _, _, ok := heading(m[2]); ok {
					n++
				}
			}
		}
		return n
	}
	chapters := count(chapterRe)
	switch {
	case chapters >= 2 && count(volumeRe) >= 2:
		return plan.OutlineVolumes
	case chapters >= 2:
		return plan.OutlineChapters
	}
	return ""
}
