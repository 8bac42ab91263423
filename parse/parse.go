// Package parse turns the text of a plan document (a plan-execution report
// and plan, a government work report, a progress report) into a
// plan.Document. It repairs what PDF extraction breaks: hard line breaks,
// page numbers, stray characters at page breaks and paragraphs of two
// tasks interleaved across a page. Nothing in it knows any one document:
// headings are recognised by their numbering and classified by word lists
// in data/.
package parse

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/nlp/gazetteer"
	"github.com/planbot/planbot/nlp/numeral"
	"github.com/planbot/planbot/plan"
)

// Parser reads plan documents. It is safe for concurrent use.
type Parser struct {
	// MaxBytes bounds the input size; DefaultMaxBytes when zero.
	MaxBytes int

	fig    *figure.Extractor
	words  words
	places *gazetteer.Gazetteer
}

// New returns a Parser with the built-in word lists.
func New() *Parser {
	return &Parser{fig: figure.New(), words: loadWords(), places: gazetteer.New()}
}

// Options override what the parser would infer.
type Options struct {
	ID     string // document ID; derived from region, years and genre when empty
	Region string // region; read from the title or opening lines when empty
}

// Parse reads one document. name is the file it came from, for messages.
// It returns a *plan.Error with code EINVALID for input that is not a plan
// document of a kind planbot can read, saying what is wrong.
func (p *Parser) Parse(name string, data []byte, opt Options) (*plan.Document, error) {
	maxBytes := p.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	text, warnings, err := decode(data, maxBytes)
	if err != nil {
		return nil, err
	}
	lines := splitLines(text)
	lines = p.dropClutter(lines)

	b := &builder{p: p, lines: lines, doc: &plan.Document{Source: name}, width: typicalWidth(lines)}
	b.doc.Warnings = warnings
	b.linePerParagraph = linePerParagraph(lines)
	b.run()
	doc := b.doc
	if len(doc.Parts) == 0 {
		return nil, plan.Errorf(plan.EINVALID, "%s has no recognisable structure: planbot expects a plan document or government work report with numbered parts (一、…), sections (（一）…) or tasks (1. …); check that the file holds the document's text", name)
	}
	for _, l := range lines {
		if l.page > doc.Pages {
			doc.Pages = l.page
		}
	}
	sum := sha256.Sum256(data)
	doc.Hash = hex.EncodeToString(sum[:])
	p.metadata(doc, b.preambleLines, opt)
	numberSentences(doc)
	p.splitRunningTargets(doc)
	if b.appendixStart >= 0 {
		doc.Tables = p.tables(b.lines[b.appendixStart:], doc)
	}
	p.facts(doc)
	if doc.ID == "" {
		doc.ID = defaultID(doc)
	}
	return doc, nil
}

// maxClutter is the longest line that can be site clutter (打印, 【字号：大
// 中 小】, 来源：… 发布时间：…); longer lines are text and skip the patterns.
const maxClutter = 80

func (p *Parser) dropClutter(lines []line) []line {
	out := lines[:0]
	for _, l := range lines {
		if len(l.text) <= maxClutter*3 && utf8.RuneCountInString(l.text) <= maxClutter && p.words.isClutter(l.text) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// linePerParagraph reports text where each line is a whole paragraph (a
// report copied from a web page) rather than a PDF's fixed-width lines.
func linePerParagraph(lines []line) bool {
	ends := 0
	for _, l := range lines {
		if endsTerminal(l.text) {
			ends++
		}
	}
	return len(lines) > 0 && ends*10 >= len(lines)*6
}

var (
	partRe    = regexp.MustCompile(`^(?:第([一二三四五六七八九十]{1,3})部分[：:、\s]*|([一二三四五六七八九十]{1,3})\s*[、．.]\s*)(.+)$`)
	sectionRe = regexp.MustCompile(`^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.+)$`)
	taskRe    = regexp.MustCompile(`^(?:(\d{1,3})\s*[.、]|[（(](\d{1,3})[）)])\s*([\p{Han}“‘《"].*)$`)
	dashRe    = regexp.MustCompile(`^(?:——|—|--|－－|―)\s*(.+)$`)
	appendRe  = regexp.MustCompile(`^(?:附件|附表|附\s*[：:])`)
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
	return title, rest, n > 0 && n <= maxHeading
}

func chineseInt(s string) int {
	v, ok := numeral.Parse(s)
	if !ok {
		return 0
	}
	return int(v)
}

// terminal characters end a sentence; closing quotes may follow them.
func endsTerminal(s string) bool {
	s = strings.TrimRight(s, "”’」』》）)\"")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '。', '！', '？', '!', '?', '；', ';', '：', ':':
		return true
	}
	return false
}

// builder walks the lines once and grows the document tree.
type builder struct {
	p                *Parser
	lines            []line
	doc              *plan.Document
	width            int
	linePerParagraph bool

	preambleLines []line
	appendixStart int

	para          *paraBuf
	lastSection   int
	lastTask      int
	maxTask       int    // highest task number in the current part
	taskStyle     string // how the last task heading was numbered (numberStyle)
	sectionOpened bool   // a section began since the last task
	recent        []headingRef
}

// paraBuf is a paragraph being assembled from lines.
type paraBuf struct {
	text      strings.Builder
	pages     []pageMark
	indicator bool
	last      line
}

type pageMark struct{ offset, page int } // rune offset where a page begins

type headingRef struct {
	title *string
	line  int // index in b.lines
}

func (pb *paraBuf) add(l line) {
	cur := pb.text.String()
	if cur != "" {
		last, _ := utf8.DecodeLastRuneInString(cur)
		first, _ := utf8.DecodeRuneInString(l.text)
		if isASCIIAlnum(last) && isASCIIAlnum(first) && (unicode.IsLetter(last) || unicode.IsLetter(first)) {
			pb.text.WriteByte(' ')
		}
	}
	off := utf8.RuneCountInString(pb.text.String())
	if len(pb.pages) == 0 || pb.pages[len(pb.pages)-1].page != l.page {
		pb.pages = append(pb.pages, pageMark{off, l.page})
	}
	pb.text.WriteString(l.text)
	pb.last = l
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// run files each line in turn: a stray at a page break, the start of the
// appendix (where the body ends), a part, section or task heading, a
// headline indicator, a line of the preamble before the first part, or
// body text.
func (b *builder) run() {
	b.appendixStart = -1
	for i := 0; i < len(b.lines); i++ {
		l := b.lines[i]
		if l.stray {
			b.stray(i)
			continue
		}
		if b.inBody() && appendRe.MatchString(l.text) {
			b.closePara()
			b.appendixStart = i
			return
		}
		if b.part(l) || b.section(l) {
			continue
		}
		if next, ok := b.task(i); ok {
			i = next
			continue
		}
		if b.indicatorLine(l) {
			continue
		}
		if !b.inBody() {
			b.preambleLines = append(b.preambleLines, l)
			continue
		}
		b.text(l)
	}
	b.closePara()
}

// inBody reports whether the first part has begun.
func (b *builder) inBody() bool {
	return len(b.doc.Parts) > 0
}

// part opens a part at a heading numbered one more than the last part's
// (一、…, 第一部分…).
func (b *builder) part(l line) bool {
	m := partRe.FindStringSubmatch(l.text)
	if m == nil {
		return false
	}
	n := chineseInt(cmp.Or(m[1], m[2]))
	title, rest, ok := heading(m[3])
	if !ok || n != len(b.doc.Parts)+1 {
		return false
	}
	b.openPart(n, title, l)
	b.startRest(rest, l)
	return true
}

// section opens a section at a heading （一）… numbered one more than the
// last section's, or restarting at 1.
func (b *builder) section(l line) bool {
	m := sectionRe.FindStringSubmatch(l.text)
	if m == nil || !b.inBody() {
		return false
	}
	n := chineseInt(m[1])
	title, rest, ok := heading(m[2])
	if !ok || (n != b.lastSection+1 && n != 1) {
		return false
	}
	b.openSection(n, title, l)
	b.startRest(rest, l)
	return true
}

// task opens a task at the numbered heading lines[i] (1.…, （1）…) and
// returns the index of the last line it consumed. A number in sequence
// heads a task unless it continues a list, and may interrupt the task
// before across a page break (interleaved); a number out of sequence
// heads a task only if the line looks like a task heading, with a
// warning.
func (b *builder) task(i int) (int, bool) {
	l := b.lines[i]
	m := taskRe.FindStringSubmatch(l.text)
	if m == nil || !b.inBody() {
		return i, false
	}
	n, _ := strconv.Atoi(cmp.Or(m[1], m[2]))
	title, rest, ok := heading(m[3])
	if !ok || numberedText(m[3]) {
		return i, false
	}
	inSequence := n == b.lastTask+1 || n == 1 && (b.lastTask == 0 || b.sectionOpened)
	switch {
	case inSequence && b.inList():
		return i, false
	case inSequence:
		if next, ok := b.interleaved(i, n, title, rest); ok {
			return next, true
		}
	default:
		warn := b.outOfSequence(n, l, m[3], title, rest)
		if warn == "" {
			return i, false
		}
		b.doc.Warnings = append(b.doc.Warnings, warn)
	}
	b.openTask(n, title, l)
	b.startRest(rest, l)
	return i, true
}

// indicatorLine starts a headline indicator at a dashed line (——地区生产总
// 值增长5%左右；): a paragraph of its own, closed at the end of its
// sentence.
func (b *builder) indicatorLine(l line) bool {
	m := dashRe.FindStringSubmatch(l.text)
	if m == nil || !b.inBody() {
		return false
	}
	b.closePara()
	b.para = &paraBuf{indicator: true}
	b.para.add(line{text: m[1], page: l.page, no: l.no})
	if endsTerminal(m[1]) {
		b.closePara()
	}
	return true
}

// text adds a body line, deciding whether it continues the open paragraph.
func (b *builder) text(l line) {
	if b.para != nil {
		prev := b.para.last.text
		switch {
		case b.para.indicator:
			if endsTerminal(prev) {
				b.closePara()
			}
		case endsTerminal(prev) && (b.linePerParagraph || utf8.RuneCountInString(prev) <= b.width-2):
			b.closePara()
		}
	}
	if b.para == nil {
		b.para = &paraBuf{}
	}
	b.para.add(l)
}

func (b *builder) startRest(rest string, l line) {
	if rest == "" {
		return
	}
	b.para = &paraBuf{}
	b.para.add(line{text: rest, page: l.page, no: l.no})
}

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
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(b.para.last.text, "”’」』》）)\""))
	return r == '；' || r == ';'
}

// endsSentence is endsTerminal without the clause marks ；and ：.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, "”’」』》）)\""))
	switch r {
	case '。', '！', '？', '!', '?':
		return true
	}
	return false
}

func isHeadingLine(t string) bool {
	return partRe.MatchString(t) || sectionRe.MatchString(t) || taskRe.MatchString(t) || dashRe.MatchString(t)
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

func (b *builder) occursElsewhere(s string) bool {
	for _, l := range b.lines {
		if !l.stray && strings.Contains(l.text, s) {
			return true
		}
	}
	return false
}

func (b *builder) openPart(n int, title string, l line) {
	b.closePara()
	b.doc.Parts = append(b.doc.Parts, plan.Part{Number: n, Title: title, Page: l.page, Kind: b.p.words.kindOf(title)})
	b.lastSection, b.lastTask, b.maxTask, b.sectionOpened = 0, 0, 0, false
	p := &b.doc.Parts[len(b.doc.Parts)-1]
	b.recent = append(b.recent, headingRef{&p.Title, b.indexOf(l)})
}

func (b *builder) openSection(n int, title string, l line) {
	b.closePara()
	p := &b.doc.Parts[len(b.doc.Parts)-1]
	p.Sections = append(p.Sections, plan.Section{Number: n, Title: title, Page: l.page})
	b.lastSection = n
	b.sectionOpened = true
	s := &p.Sections[len(p.Sections)-1]
	b.recent = append(b.recent, headingRef{&s.Title, b.indexOf(l)})
}

func (b *builder) openTask(n int, title string, l line) {
	b.closePara()
	p := &b.doc.Parts[len(b.doc.Parts)-1]
	if len(p.Sections) == 0 {
		// Tasks directly under a part: give them an untitled section.
		p.Sections = append(p.Sections, plan.Section{Page: l.page})
	}
	s := &p.Sections[len(p.Sections)-1]
	s.Tasks = append(s.Tasks, plan.Task{Number: n, Title: title, Page: l.page})
	b.lastTask = n
	b.maxTask = max(b.maxTask, n)
	b.taskStyle = numberStyle(l.text)
	b.sectionOpened = false
	t := &s.Tasks[len(s.Tasks)-1]
	b.recent = append(b.recent, headingRef{&t.Title, b.indexOf(l)})
}

func (b *builder) indexOf(l line) int {
	for i := range b.lines {
		if b.lines[i].no == l.no {
			return i
		}
	}
	return 0
}

// closePara splits the open paragraph into sentences and files it under
// the innermost open heading.
func (b *builder) closePara() {
	pb := b.para
	b.para = nil
	if pb == nil || strings.TrimSpace(pb.text.String()) == "" || !b.inBody() {
		return
	}
	para := plan.Paragraph{Sentences: splitSentences(pb.text.String(), pb.pages)}
	if pb.indicator {
		b.fileIndicator(para)
		return
	}
	b.fileParagraph(para)
}

// fileIndicator files a headline indicator and its paragraph under the
// open section while it has no tasks (the section's title is the
// indicator's group), else under the part.
func (b *builder) fileIndicator(para plan.Paragraph) {
	p := &b.doc.Parts[len(b.doc.Parts)-1]
	ind := b.p.indicator(para.Text())
	if len(p.Sections) > 0 && len(p.Sections[len(p.Sections)-1].Tasks) == 0 {
		s := &p.Sections[len(p.Sections)-1]
		ind.Group = s.Title
		s.Indicators = append(s.Indicators, ind)
		s.Paragraphs = append(s.Paragraphs, para)
		return
	}
	p.Indicators = append(p.Indicators, ind)
	p.Paragraphs = append(p.Paragraphs, para)
}

// fileParagraph files a paragraph under the open task, else the open
// section, else the part.
func (b *builder) fileParagraph(para plan.Paragraph) {
	p := &b.doc.Parts[len(b.doc.Parts)-1]
	if len(p.Sections) == 0 {
		p.Paragraphs = append(p.Paragraphs, para)
		return
	}
	s := &p.Sections[len(p.Sections)-1]
	if len(s.Tasks) == 0 {
		s.Paragraphs = append(s.Paragraphs, para)
		return
	}
	t := &s.Tasks[len(s.Tasks)-1]
	t.Paragraphs = append(t.Paragraphs, para)
}

// splitSentences cuts a paragraph at 。！？ (keeping closing quotes with
// the sentence they close) and gives each sentence the page it starts on.
func splitSentences(text string, pages []pageMark) []plan.Sentence {
	rs := []rune(text)
	var out []plan.Sentence
	start := 0
	pageAt := func(off int) int {
		pg := 0
		for _, m := range pages {
			if m.offset <= off {
				pg = m.page
			}
		}
		return pg
	}
	emit := func(end int) {
		s := strings.TrimSpace(string(rs[start:end]))
		if s != "" {
			out = append(out, plan.Sentence{Text: s, Page: pageAt(start)})
		}
		start = end
	}
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '。', '！', '？', '!', '?':
			j := i + 1
			for j < len(rs) && strings.ContainsRune("”’」』）)\"。！？", rs[j]) {
				j++
			}
			emit(j)
			i = j - 1
		}
	}
	emit(len(rs))
	return out
}

// numberSentences gives every sentence its ID in reading order; indicators
// point at the sentence holding them.
func numberSentences(doc *plan.Document) {
	id := 0
	number := func(ps []plan.Paragraph) {
		for pi := range ps {
			for si := range ps[pi].Sentences {
				ps[pi].Sentences[si].ID = id
				id++
			}
		}
	}
	number(doc.Preamble)
	for pi := range doc.Parts {
		p := &doc.Parts[pi]
		number(p.Paragraphs)
		linkIndicators(p.Indicators, p.Paragraphs)
		for si := range p.Sections {
			s := &p.Sections[si]
			number(s.Paragraphs)
			linkIndicators(s.Indicators, s.Paragraphs)
			for ti := range s.Tasks {
				number(s.Tasks[ti].Paragraphs)
			}
		}
	}
}

func linkIndicators(inds []plan.Indicator, ps []plan.Paragraph) {
	for i := range inds {
		for _, p := range ps {
			for _, s := range p.Sentences {
				if strings.Contains(s.Text, inds[i].Text) || strings.Contains(inds[i].Text, s.Text) {
					inds[i].Sentence = s.ID
				}
			}
		}
	}
}

// indicator reads one headline-list line: its name and what it says.
func (p *Parser) indicator(text string) plan.Indicator {
	text = strings.TrimSpace(text)
	body := strings.TrimRight(text, "；;。，,")
	cut := len(body)
	if figs := p.fig.Extract(body); len(figs) > 0 {
		cut = byteOffset(body, figs[0].Start)
	}
	for _, v := range p.words.valueVerb {
		if i := strings.Index(body, v); i > 0 && i < cut {
			cut = i
		}
	}
	return plan.Indicator{Name: strings.TrimSpace(body[:cut]), Value: strings.TrimSpace(body[cut:]), Text: text}
}

func byteOffset(s string, runeOff int) int {
	n := 0
	for i := range s {
		if n == runeOff {
			return i
		}
		n++
	}
	return len(s)
}

// runningTargetRe finds a target list written as one sentence:
// 主要预期目标是：地区生产总值增长5%左右，一般公共预算收入增长5%，…
var runningTargetRe = regexp.MustCompile(`目标(?:是|为|如下)?[：:]`)

// splitRunningTargets turns a target list written as a running sentence
// into indicators of the part or section holding it, where that part or
// section has no headline indicators.
func (p *Parser) splitRunningTargets(doc *plan.Document) {
	for pi := range doc.Parts {
		pt := &doc.Parts[pi]
		if len(pt.Indicators) == 0 {
			pt.Indicators = p.runningTargets(pt.Paragraphs)
		}
		for si := range pt.Sections {
			if s := &pt.Sections[si]; len(s.Indicators) == 0 {
				s.Indicators = p.runningTargets(s.Paragraphs)
			}
		}
	}
}

// runningTargets reads the indicators listed after 目标是： in the
// sentences of ps, one per clause.
func (p *Parser) runningTargets(ps []plan.Paragraph) []plan.Indicator {
	var inds []plan.Indicator
	for _, para := range ps {
		for _, s := range para.Sentences {
			loc := runningTargetRe.FindStringIndex(s.Text)
			if loc == nil {
				continue
			}
			for _, item := range strings.FieldsFunc(s.Text[loc[1]:], func(r rune) bool { return r == '，' || r == '；' || r == '。' }) {
				if ind := p.indicator(item); ind.Name != "" && ind.Value != "" {
					ind.Sentence = s.ID
					inds = append(inds, ind)
				}
			}
		}
	}
	return inds
}
