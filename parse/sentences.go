package parse

import (
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/plan"
)

// closers are the closing quotes and brackets that may follow the mark
// ending a sentence or clause.
const closers = "”’」』》）)\""

// endsTerminal reports text ending a sentence or a clause (。！？；：),
// closers aside.
func endsTerminal(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, closers))
	switch r {
	case '。', '！', '？', '!', '?', '；', ';', '：', ':':
		return true
	}
	return false
}

// endsSentence is endsTerminal without the clause marks ；and ：.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, closers))
	switch r {
	case '。', '！', '？', '!', '?':
		return true
	}
	return false
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
