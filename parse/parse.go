// Package parse turns the text of a plan document (a plan-execution report
// and plan, a government work report, a progress report) into a
// plan.Document. It repairs what PDF extraction breaks: hard line breaks,
// page numbers, stray characters at page breaks and paragraphs of two
// tasks interleaved across a page. Nothing in it knows any one document:
// headings are recognised by their numbering and classified by word lists
// in data/.
package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/nlp/gazetteer"
	"github.com/planbot/planbot/plan"
)

// Parser reads plan documents. It is safe for concurrent use.
type Parser struct {
	// MaxBytes bounds the input size; DefaultMaxBytes when zero.
	MaxBytes int
	// Simplify, when set, turns a text written in traditional characters
	// into simplified ones and reports whether it did (nlp.Analyzer's).
	Simplify func(text string) (string, bool)

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
	Title  string // title; read from the opening lines when empty
	Genre  string // genre (work-report, plan-execution …); read from the title when empty
	Year   int    // the year the document plans for; read from the title, date or headings when 0
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
	if p.Simplify != nil {
		if t, ok := p.Simplify(text); ok {
			// Read, indexed and quoted in the characters questions use.
			text = t
			warnings = append(warnings, "written in traditional characters: read and quoted in simplified ones")
		}
	}
	lines := splitLines(text)
	lines = dropTail(dropChrome(lines))
	lines = p.dropClutter(lines)
	lines, repeat := dropRepeat(lines)
	if repeat > 0 {
		warnings = append(warnings, fmt.Sprintf("the text repeats itself from line %d: the second copy is skipped", repeat))
	}
	lines = p.joinCellTables(lines)

	b := &builder{p: p, lines: lines, doc: &plan.Document{Source: name}, width: typicalWidth(lines)}
	b.doc.Warnings = warnings
	b.linePerParagraph = linePerParagraph(lines)
	b.run()
	doc := b.doc
	if len(doc.Parts) == 0 {
		return nil, plan.Errorf(plan.EINVALID, "%s has no recognisable structure: planbot expects a plan document or government work report with numbered parts (一、…), sections (（一）…) or tasks (1. …); check that the file holds the document's text", name)
	}
	doc.Pages = pageCount(lines)
	sum := sha256.Sum256(data)
	doc.Hash = hex.EncodeToString(sum[:])
	p.metadata(doc, b.preambleLines, b.linePerParagraph, opt)
	numberSentences(doc)
	p.splitRunningTargets(doc)
	for _, bt := range b.bodyTables {
		if tbl, _ := p.table(bt.lines, 0, bt.title); len(tbl.Columns) > 0 {
			doc.Tables = append(doc.Tables, tbl)
		}
	}
	if b.appendixStart >= 0 {
		doc.Tables = append(doc.Tables, p.tables(b.lines[b.appendixStart:])...)
	}
	numberRows(doc.Tables, len(doc.Sentences()))
	for ti := range doc.Tables {
		for ci, c := range doc.Tables[ti].Columns {
			doc.Tables[ti].Columns[ci] = columnOf(doc, c) // 2025年 in a plan to 2025: its target
		}
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

// dropClutter removes the lines of web-site clutter.
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

// maxChrome is how many lines a page's font-size switcher may run over:
// 【字号： 加大 还原 减小 】 or 【字体： 小 中 大 】, a word a line.
const maxChrome = 6

// dropChrome removes a web page's font-size switcher and bracketed
// buttons (【 打印本页 】) when the page was copied a word a line: lines
// of one character such as 大 or 】 are chrome only inside such a block,
// and stray characters at a PDF's page breaks stay.
func dropChrome(lines []line) []line {
	out := lines[:0]
	for i := 0; i < len(lines); i++ {
		if n := chromeBlock(lines[i:]); n > 0 {
			i += n - 1
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

// chromeBlock returns how many lines the block opening ls holds, 0 when
// ls does not open one: 【字号： or 【字体： (or a lone 【) up to a 】
// within maxChrome lines, all of them short.
func chromeBlock(ls []line) int {
	first := strings.TrimSpace(ls[0].text)
	if first != "【" && !strings.HasPrefix(first, "【字号") && !strings.HasPrefix(first, "【字体") {
		return 0
	}
	for i := 0; i < len(ls) && i < maxChrome; i++ {
		t := strings.TrimSpace(ls[i].text)
		if utf8.RuneCountInString(t) > 8 {
			return 0
		}
		if strings.HasSuffix(t, "】") {
			return i + 1
		}
	}
	return 0
}

// minRepeat is how many lines in a row, each at least minRepeatRunes
// long, must repeat earlier ones for the text to be a second copy.
const (
	minRepeat      = 10
	minRepeatRunes = 10
)

// dropRepeat removes a second copy of the text, which saved web pages
// carry (the article, then the same article again under a news agency's
// header): from the first run of minRepeat lines repeating earlier lines
// in order, to the end. It returns the lines kept and the number of the
// first line dropped, 0 when there is no copy. Left in, the copy's review
// would land in the plan's last part and its results read as targets.
func dropRepeat(lines []line) ([]line, int) {
	first := make(map[string]int, len(lines))
	for j, l := range lines {
		t := strings.TrimSpace(l.text)
		i, seen := first[t]
		if !seen {
			first[t] = j
			continue
		}
		if utf8.RuneCountInString(t) < minRepeatRunes {
			continue
		}
		n := 0
		for n < minRepeat && j+n < len(lines) && i+n < j && strings.TrimSpace(lines[i+n].text) == strings.TrimSpace(lines[j+n].text) {
			n++
		}
		if n == minRepeat {
			return lines[:j], lines[j].no
		}
	}
	return lines, 0
}

// tailMarkers open the links and credits a web page puts after the text
// it carries (相关报道： 责任编辑： 相关附件>>).
var tailMarkers = []string{"相关报道", "相关链接", "相关附件", "相关阅读", "相关新闻", "责任编辑", "扫一扫在手机"}

// dropTail removes a web page's tail: from the first line in the last
// third of the text that is a short tail marker, or in the second half
// that opens closing notes, to the end. What follows
// (links, the next article, the page's opening repeated) is not the
// document's.
func dropTail(lines []line) []line {
	for i := len(lines) / 2; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i].text)
		if i >= len(lines)*2/3 && utf8.RuneCountInString(t) <= 12 && slices.ContainsFunc(tailMarkers, func(m string) bool { return strings.HasPrefix(t, m) }) {
			return lines[:i]
		}
		if notesRe.MatchString(t) && !slices.ContainsFunc(lines[i+1:], func(l line) bool { return partHeadingRe.MatchString(l.text) }) {
			// The notes closing a bulletin define its terms (规模以上工业
			// 企业是指年主营业务收入2000万元及以上…): their numbers are
			// thresholds, not figures, and their numbering no tasks. Only
			// the prior year's figures they revise are kept, under the
			// notes' own label.
			return append(lines[:i:i], revisions(lines[i:])...)
		}
	}
	return lines
}

// revisions are the sentences of closing notes that give a year's
// figures as finally verified (经最终核实，2021年全市生产总值为4279.65亿元),
// after a line labelling them as the notes; none when there are none.
func revisions(notes []line) []line {
	var out []line
	for _, l := range notes {
		for _, s := range splitSentences(l.text, nil) {
			if revisionRe.MatchString(s.Text) {
				out = append(out, line{text: strings.TrimSpace(s.Text), page: l.page, no: l.no})
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	label := notes[0]
	label.text = notesLabel(label.text)
	label.notes = true
	return append([]line{label}, out...)
}

// revisionRe is a sentence revising a year's figures: 经最终核实，2021年…
// 为4279.65亿元; 2021年…核定为…; 修订为.
var revisionRe = regexp.MustCompile(`(?:核实|核定|修订|修正)[^。]*(?:19|20)\d\d年[^。]*\d|(?:19|20)\d\d年[^。]*(?:核实|核定|修订|修正)[为是][^。]*\d`)

// notesLabels are the labels closing notes open with.
var notesLabels = []string{"注释", "附注", "注"}

// notesLabel is the label notes open with.
func notesLabel(s string) string {
	for _, l := range notesLabels {
		if strings.HasPrefix(strings.TrimSpace(s), l) {
			return l
		}
	}
	return "注"
}

// notesRe opens the notes that close a document: 注释：, 注：, 附注 or a
// glossary (有关名词解释) alone or before their first item.
var notesRe = regexp.MustCompile(`^(?:注释|附注|注|(?:有关|相关)?名词(?:解释|注释))\s*[：:]?\s*(?:$|[1１①][.．、]?)`)

// partHeadingRe is a line opening a numbered part (一、…, 第三章, 第二篇):
// notes followed by one are a table's, not the document's last words.
var partHeadingRe = regexp.MustCompile(`^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百]{1,4}[章篇节]|第[一二三四五六七八九十]部分)`)

// pageCount is the last page any line is on, 0 for text without pages.
func pageCount(lines []line) int {
	n := 0
	for _, l := range lines {
		n = max(n, l.page)
	}
	return n
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
