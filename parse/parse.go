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
	"unicode/utf8"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/nlp/gazetteer"
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
	doc.Pages = pageCount(lines)
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
