package parse

import (
	_ "embed"
	"regexp"
	"slices"
	"strings"

	"github.com/planbot/planbot/internal/wordlist"
	"github.com/planbot/planbot/plan"
)

var (
	//go:embed data/kinds.txt
	kindsData string
	//go:embed data/genres.txt
	genresData string
	//go:embed data/clutter.txt
	clutterData string
	//go:embed data/indicator.txt
	indicatorData string
)

// words holds the parser's word lists, read from data/.
type words struct {
	kinds     []kindWord
	columns   []kindWord
	genres    [][2]string // genre, title word
	relative  []plan.RelativeYear
	clutter   []*regexp.Regexp
	clutterKW []string // a line must hold one to be clutter
	valueVerb []string
}

type kindWord struct {
	kind plan.Kind
	word string
}

func loadWords() words {
	var w words
	for _, e := range wordlist.Sections(kindsData) {
		if k, ok := strings.CutPrefix(e.Section, "column-"); ok {
			w.columns = append(w.columns, kindWord{plan.Kind(k), e.Word})
			continue
		}
		w.kinds = append(w.kinds, kindWord{plan.Kind(e.Section), e.Word})
	}
	for _, l := range wordlist.Lines(genresData) {
		if f := strings.Fields(l); len(f) == 2 {
			w.genres = append(w.genres, [2]string{f[0], f[1]})
		}
	}
	w.relative = plan.RelativeYears()
	for _, l := range wordlist.Lines(clutterData) {
		if kw, ok := strings.CutPrefix(l, "keyword:"); ok {
			w.clutterKW = append(w.clutterKW, strings.TrimLeft(kw, " "))
			continue
		}
		w.clutter = append(w.clutter, regexp.MustCompile(l))
	}
	w.valueVerb = wordlist.Lines(indicatorData)
	return w
}

// kindOf classifies a heading by its words.
func (w *words) kindOf(title string) plan.Kind {
	for _, k := range w.kinds {
		if strings.Contains(title, k.word) {
			return k.kind
		}
	}
	return plan.KindOther
}

// columnKind classifies a table column header (2021年预计完成 → result).
func (w *words) columnKind(header string) plan.Kind {
	for _, k := range w.columns {
		if strings.Contains(header, k.word) {
			return k.kind
		}
	}
	return plan.KindOther
}

// genreOf classifies a document by its title (政府工作报告 → work-report),
// "" when no genre word matches.
func (w *words) genreOf(title string) string {
	for _, g := range w.genres {
		if strings.Contains(title, g[1]) {
			return g[0]
		}
	}
	return ""
}

// namesGenre reports a line holding a genre's title word.
func (w *words) namesGenre(s string) bool { return w.genreOf(s) != "" }

// relativeYearIn resolves 今年/去年 … in s against the document's years.
func (w *words) relativeYearIn(s string, reportYear, planYear int) int {
	for _, r := range w.relative {
		if r.DocBase != "" && strings.Contains(s, r.Word) {
			return r.InDocument(reportYear, planYear)
		}
	}
	return 0
}

// isClutter reports a line of web-site clutter (打印, 【字号：大 中 小】):
// one that holds a clutter keyword and matches a clutter pattern.
func (w *words) isClutter(s string) bool {
	return slices.ContainsFunc(w.clutterKW, func(kw string) bool { return strings.Contains(s, kw) }) &&
		slices.ContainsFunc(w.clutter, func(re *regexp.Regexp) bool { return re.MatchString(s) })
}
