package plan

import (
	_ "embed"
	"strconv"
	"strings"

	"github.com/planbot/planbot/internal/wordlist"
)

//go:embed data/relative.txt
var relativeData string

// RelativeYear is a word such as 今年 or 去年 that names a year relative to
// when it is said: in a question, to today; in a document, to the years
// the document plans for and reports on.
type RelativeYear struct {
	Word string
	// Offset is the year in a question, relative to the current year.
	Offset int
	// DocBase is "plan" or "report" (the document's plan or report year),
	// or "" for a word not read in documents; DocOffset is added to it.
	DocBase   string
	DocOffset int
}

// RelativeYears returns the relative-year words, in the order documents
// try them (data/relative.txt).
func RelativeYears() []RelativeYear {
	var out []RelativeYear
	for _, l := range wordlist.Lines(relativeData) {
		f := strings.Fields(l)
		if len(f) != 3 {
			continue
		}
		r := RelativeYear{Word: f[0]}
		r.Offset, _ = strconv.Atoi(f[1])
		if f[2] != "-" {
			r.DocBase = f[2]
			if i := strings.IndexAny(f[2], "+-"); i > 0 {
				r.DocBase = f[2][:i]
				r.DocOffset, _ = strconv.Atoi(f[2][i:])
			}
		}
		out = append(out, r)
	}
	return out
}

// InDocument returns the year r names in a document with the given report
// and plan years, or 0 when r is not read in documents or the base year
// is unknown.
func (r RelativeYear) InDocument(reportYear, planYear int) int {
	base := planYear
	switch r.DocBase {
	case "":
		return 0
	case "report":
		base = reportYear
	}
	if base == 0 {
		return 0
	}
	return base + r.DocOffset
}
