package parse

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planbot/planbot/plan"
)

// builder walks the lines once and grows the document tree.
type builder struct {
	p                *Parser
	lines            []line
	doc              *plan.Document
	width            int  // typicalWidth: a line ending a sentence short of it ends its paragraph
	linePerParagraph bool // every line is a paragraph

	preambleLines []line // the lines before the first part, for metadata
	appendixStart int    // index of the appendix's first line, -1 for none

	para          *paraBuf
	numbered      int  // the number of the last numbered part; unnumbered parts restart it
	annex         bool // in a text annex (附件): every line is text
	salutation    bool // past the opening lines of the preamble (各位代表：, a sentence)
	lastSection   int
	lastTask      int
	carriedTask   int          // the last task of an earlier part, which the next part's may continue
	maxTask       int          // highest task number in the current part
	taskStyle     string       // how the last task heading was numbered (numberStyle)
	sectionOpened bool         // a section began since the last task
	recent        []headingRef // headings opened, for a stray that completes one
	bodyTables    []bodyTable  // tables standing in the text (专栏), read as tables
}

// bodyTable is a table in the body of a document (a 专栏 of indicators in
// a five-year plan outline): its lines, header first, and its title.
type bodyTable struct {
	lines []line
	title string
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

// add joins a line to the paragraph across a hard line break: with no
// space, except between a Latin letter and a letter or digit (5G |
// network) — not after a capital before a digit (PM | 2.5); and notes
// where a new page begins.
func (pb *paraBuf) add(l line) {
	cur := pb.text.String()
	if cur != "" {
		last, _ := utf8.DecodeLastRuneInString(cur)
		first, _ := utf8.DecodeRuneInString(l.text)
		// …but a code broken after its letters (PM | 2.5) is one word.
		if isASCIIAlnum(last) && isASCIIAlnum(first) && (unicode.IsLetter(last) || unicode.IsLetter(first)) && !(unicode.IsUpper(last) && unicode.IsDigit(first)) {
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
	b.doc.Outline = outlineOf(b.lines)
	for i := 0; i < len(b.lines); i++ {
		if b.wrappedHeading(i) {
			b.lines[i].text += strings.TrimSpace(b.lines[i+1].text)
			b.lines = slices.Delete(b.lines, i+1, i+2)
		}
		l := b.lines[i]
		if l.stray {
			b.stray(i)
			continue
		}
		if l.notes {
			// The notes kept for the figures they revise (notesParts
			// dates them).
			b.openPart(0, "", l)
			b.doc.Parts[len(b.doc.Parts)-1].Annex = l.text
			b.annex = true
			continue
		}
		if b.inBody() && appendRe.MatchString(l.text) {
			if hasTable(b.lines[i:]) {
				b.closePara()
				b.appendixStart = i
				return
			}
			i = b.openAnnex(i)
			continue
		}
		if b.annex {
			b.text(l)
			continue
		}
		if next, ok := b.bodyTable(i); ok {
			i = next
			continue
		}
		if b.part(l) || b.unnumberedPart(l) || b.section(l) {
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
			b.salutation = b.salutation || endsTerminal(l.text) || strings.HasSuffix(strings.TrimSpace(l.text), "：")
			continue
		}
		b.text(l)
	}
	b.closePara()
}

// maxHeadingTail is the longest end of a heading a line wrap may leave on
// the next line, in runes.
const maxHeadingTail = 12

// wrappedHeading reports a part or section heading that fills its line
// and goes on, a few characters, on the next (一、2021年国民经济和社会发展计划执
// | 行情况): in large print a heading wraps like any line.
func (b *builder) wrappedHeading(i int) bool {
	if b.linePerParagraph || i+1 >= len(b.lines) || b.width == 0 {
		return false
	}
	l, next := b.lines[i].text, strings.TrimSpace(b.lines[i+1].text)
	if !partRe.MatchString(l) && !sectionRe.MatchString(l) || utf8.RuneCountInString(l) < b.width-2 || endsTerminal(l) {
		return false
	}
	n := utf8.RuneCountInString(next)
	return n > 0 && n <= maxHeadingTail && !b.lines[i+1].stray && !isHeadingLine(next) && !strings.ContainsAny(next, "，。；：")
}

// inBody reports whether the first part has begun.
func (b *builder) inBody() bool {
	return len(b.doc.Parts) > 0
}

// part opens a part at a heading numbered one more than the last part's
// (一、…, 第一部分…).
func (b *builder) part(l line) bool {
	var n int
	var text string
	switch b.doc.Outline {
	case plan.OutlineVolumes, plan.OutlineChapters:
		re := chapterRe
		if b.doc.Outline == plan.OutlineVolumes {
			re = volumeRe
		}
		m := re.FindStringSubmatch(strings.TrimSpace(l.text))
		if m == nil {
			return false
		}
		n, text = chineseInt(m[1]), m[2]
	default:
		m := partRe.FindStringSubmatch(l.text)
		if m == nil {
			return false
		}
		n, text = chineseInt(cmp.Or(m[1], m[2])), m[3]
	}
	title, rest, ok := heading(text)
	if !ok || n != b.numbered+1 {
		return false
	}
	b.openPart(n, title, l)
	b.numbered = n
	b.startRest(rest, l)
	return true
}

// maxUnnumbered is the longest heading without a number, in runes.
const maxUnnumbered = 40

// unnumberedPart opens a part at a heading without a number, as some work
// reports head their review and their plan (“十四五”时期发展成就和2025年
// 工作回顾), when every line is a paragraph, so no line is a fragment of
// one: after the opening lines, a short line that ends no sentence, names
// a year, a five-year plan or a term (过去五年工作回顾, 未来五年工作,
// 本届政府工作回顾, 新一届政府工作思路和目标任务), and
// says what the part holds. The numbered
// parts after it start again at 一.
func (b *builder) unnumberedPart(l line) bool {
	t := strings.TrimSpace(l.text)
	if !b.linePerParagraph || !b.inBody() && !b.salutation || utf8.RuneCountInString(t) > maxUnnumbered ||
		endsTerminal(t) || strings.ContainsAny(t, "，；：:,;！!") || b.p.words.kindOf(t) == plan.KindOther ||
		len(yearsIn(t)) == 0 && !strings.Contains(t, "五”") && !strings.Contains(t, "五时期") && !namesTerm(t) && !containsAny(t, "本届政府", "新一届政府") {
		return false
	}
	b.openPart(0, t, l)
	b.numbered = 0
	return true
}

// hasTable reports an appendix holding a table (a header line 指标名称 …):
// tables are read on their own (Parser.tables); other annexes are text.
func hasTable(lines []line) bool {
	return slices.ContainsFunc(lines, func(l line) bool { return tableHeaderRe.MatchString(l.text) })
}

// openAnnex opens a part for a text annex at its label lines[i] (附件,
// 附件1, 附件：2026年民生实事), titled by the rest of the label or the short
// line after it, and returns the index of the last line it consumed.
func (b *builder) openAnnex(i int) int {
	l := b.lines[i]
	label, title := annexLabel(l.text)
	if title == "" && i+1 < len(b.lines) {
		if next := strings.TrimSpace(b.lines[i+1].text); next != "" && !endsTerminal(next) && utf8.RuneCountInString(next) <= maxHeading {
			title = next
			i++
		}
	}
	b.openPart(0, title, l)
	b.doc.Parts[len(b.doc.Parts)-1].Annex = label
	b.annex = true
	return i
}

// annexLabel splits 附件1：2026年民生实事 into 附件1 and its title.
func annexLabel(s string) (label, title string) {
	s = strings.TrimSpace(s)
	m := annexRe.FindStringSubmatch(s)
	if m == nil {
		return "附件", s
	}
	return strings.ReplaceAll(m[1], " ", ""), strings.TrimSpace(m[2])
}

var annexRe = regexp.MustCompile(`^((?:附件|附表)\s*[0-9一二三四五六七八九十]*)\s*[：:、.]?\s*(.*)$`)

// section opens a section at a heading （一）… numbered one more than the
// last section's, or restarting at 1.
func (b *builder) section(l line) bool {
	re := sectionRe
	switch b.doc.Outline {
	case plan.OutlineVolumes:
		re = chapterRe
	case plan.OutlineChapters:
		re = nodeRe
	}
	m := re.FindStringSubmatch(strings.TrimSpace(l.text))
	if m == nil || !b.inBody() {
		return false
	}
	n := chineseInt(m[1])
	title, rest, ok := heading(m[2])
	// Chapters number on across volumes: a volume's first may be 第五章.
	continued := b.doc.Outline == plan.OutlineVolumes && b.lastSection == 0 && n > 0
	if !ok || (n != b.lastSection+1 && n != 1 && !continued) {
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
	if b.doc.Outline == plan.OutlineVolumes {
		return b.nodeTask(i)
	}
	m := taskRe.FindStringSubmatch(l.text)
	if m == nil || !b.inBody() {
		return i, false
	}
	n, _ := strconv.Atoi(cmp.Or(m[1], m[2]))
	title, rest, ok := heading(m[3])
	if !ok || numberedText(m[3]) {
		return i, false
	}
	// 7. opening part 二 after 6. closed part 一: tasks numbered through
	// the parts (光明2023's 1.—30. under 一、—五、).
	inSequence := n == b.lastTask+1 || n == 1 && (b.lastTask == 0 || b.sectionOpened) || b.lastTask == 0 && b.carriedTask > 0 && n == b.carriedTask+1
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

// nodeTask opens a task at a 第一节 heading of a document numbered by
// volumes and chapters, where 节 is the finest heading: numbered from 1 in
// each chapter.
func (b *builder) nodeTask(i int) (int, bool) {
	l := b.lines[i]
	m := nodeRe.FindStringSubmatch(strings.TrimSpace(l.text))
	if m == nil || !b.inBody() || len(b.doc.Parts[len(b.doc.Parts)-1].Sections) == 0 {
		return i, false
	}
	n := chineseInt(m[1])
	title, rest, ok := heading(m[2])
	if !ok || n != b.lastTask+1 && !(n == 1 && b.sectionOpened) {
		return i, false
	}
	b.openTask(n, title, l)
	b.startRest(rest, l)
	return i, true
}

// bodyTable takes a table standing in the text at lines[i] — a header
// line (指标 2020年 2025年 …) followed at once by numbered rows — out of
// the text, to be read as a table: run together as a paragraph, its cells
// would make figures of the wrong indicators. It returns the index of the
// table's last line.
func (b *builder) bodyTable(i int) (int, bool) {
	if !b.inBody() || !tableHeaderRe.MatchString(b.lines[i].text) || i+1 >= len(b.lines) {
		return i, false
	}
	ncols := len(strings.Fields(tableHeaderRe.ReplaceAllString(b.lines[i].text, "")))
	isRow := func(t string) bool { return tableRow(t) != nil && !b.headingNext(t) || cellRow(t, ncols) }
	if !isRow(strings.TrimSpace(b.lines[i+1].text)) {
		return i, false
	}
	j := i + 1
	for ; j < len(b.lines); j++ {
		t := strings.TrimSpace(b.lines[j].text)
		if b.lines[j].stray || isRow(t) {
			continue
		}
		// A wrapped cell: short, no sentence, no heading.
		if utf8.RuneCountInString(t) <= maxHeadingTail && !endsTerminal(t) && !isHeadingLine(t) && !endsTable(t) {
			continue
		}
		break
	}
	b.closePara()
	title := ""
	if pl := b.doc.Parts[len(b.doc.Parts)-1]; len(pl.Paragraphs) > 0 || len(pl.Sections) > 0 {
		title = b.lastShortLine(i)
	}
	b.bodyTables = append(b.bodyTables, bodyTable{lines: slices.Clone(b.lines[i:j]), title: title})
	return j - 1, true
}

// headingNext reports a numbered line that is a heading of the document
// (第三章 …) rather than a row.
func (b *builder) headingNext(t string) bool {
	return volumeRe.MatchString(t) || chapterRe.MatchString(t) || nodeRe.MatchString(t)
}

// lastShortLine is the line before lines[i] when it is short enough to be
// a table's title (专栏1 “十四五”时期经济社会发展主要指标), else "".
func (b *builder) lastShortLine(i int) string {
	if i == 0 {
		return ""
	}
	t := strings.TrimSpace(b.lines[i-1].text)
	if utf8.RuneCountInString(t) > maxHeading || endsTerminal(t) {
		return ""
	}
	return t
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

// text adds a body line, to the open paragraph unless that ended on the
// line before: a headline indicator ends at the end of its sentence; a
// paragraph at a line that ends a sentence and is shorter than a full
// line (any such line, when every line is a paragraph).
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

// startRest starts a paragraph with the text a heading line carries after
// its title (一、总体要求。今年…).
func (b *builder) startRest(rest string, l line) {
	if rest == "" {
		return
	}
	b.para = &paraBuf{}
	b.para.add(line{text: rest, page: l.page, no: l.no})
}

// openPart, openSection and openTask close the open paragraph, append
// the heading to the tree, reset the numbering below it and remember the
// title for a stray that may complete it.
func (b *builder) openPart(n int, title string, l line) {
	b.closePara()
	b.doc.Parts = append(b.doc.Parts, plan.Part{Number: n, Title: title, Page: l.page, Kind: b.p.words.kindOf(title)})
	if b.lastTask > 0 {
		b.carriedTask = b.lastTask
	}
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

// indexOf returns the index in b.lines of the first line from l's line of
// the file.
func (b *builder) indexOf(l line) int {
	return max(0, slices.IndexFunc(b.lines, func(x line) bool { return x.no == l.no }))
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
	if !b.p.isHeadline(ind) {
		// ——经济实力实现整体跃升。顶住… opens a paragraph on a theme.
		b.fileParagraph(para)
		return
	}
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

// Longest name and value of a headline indicator, in runes.
const (
	maxIndicatorName  = 20
	maxIndicatorValue = 40
)

// isHeadline reports a ——… line that names an indicator and says what it
// is (——地区生产总值增长6.0%以上), not the opening of a paragraph on a
// theme that a report marks the same way.
func (p *Parser) isHeadline(ind plan.Indicator) bool {
	if ind.Name == "" || utf8.RuneCountInString(ind.Name) > maxIndicatorName || utf8.RuneCountInString(ind.Value) > maxIndicatorValue {
		return false
	}
	return p.statesValue(ind.Value)
}

// statesValue reports what an indicator's value must be: a figure at its
// start (增长6.0%以上, 5318.2亿元) or a target in words (力争正增长, 与经济
// 增长同步, 以市下达目标为准), not a clause that happens to hold a figure
// (增长、防风险、保民生三项基本任务).
func (p *Parser) statesValue(v string) bool {
	if figs := p.fig.Extract(v); len(figs) > 0 && figs[0].Start <= 6 {
		return true
	}
	return utf8.RuneCountInString(v) <= 20 && slices.ContainsFunc(qualitativeValues, func(w string) bool { return strings.Contains(v, w) })
}

// qualitativeValues are the words of targets stated without a figure.
var qualitativeValues = []string{"正增长", "持平", "同步", "下达", "为准", "完成", "控制在", "稳定在", "基本", "保持", "高于", "快于", "低于", "稳步提升", "稳步提高", "稳步增长", "稳规模", "稳中", "促稳", "保稳", "稳定增长", "合理增长", "持续改善", "持续提升", "稳中有降", "继续下降", "继续减少", "持续下降", "持续减少", "稳步下降", "稳定改善", "重点控制", "严格控制", "合理控制", "有效控制", "进一步改善", "达标", "量稳质升", "达到", "最优", "基本稳定", "有效防控", "进展", "回稳向好", "稳中向好"}

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
