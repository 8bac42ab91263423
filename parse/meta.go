package parse

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp/numeral"
	"github.com/planbot/planbot/plan"
)

var (
	yearRe    = regexp.MustCompile(`(\d{4})\s*年`)
	dateRe    = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月`)
	regionRe  = regexp.MustCompile(`^([\p{Han}]{2,20}?(?:省|自治区|市|自治州|州|地区|盟|区|县|旗))`)
	unitRe    = regexp.MustCompile(`[\p{Han}]+?(?:自治区|自治州|省|市|州|地区|盟|区|县|旗)`)
	speechRe  = regexp.MustCompile(`在([\p{Han}]{2,20}?(?:省|市|区|县|旗))第[一二三四五六七八九十\d]+届`)
	govRe     = regexp.MustCompile(`([\p{Han}]{2,20}?(?:省|市|区|县|旗))人民政府`)
	notRegion = []string{"全区", "我区", "本区", "全市", "我市", "本市", "全省", "我省", "全县", "我县"}
)

// metadata reads what the document says about itself, step by step: the
// date, the title (and the preamble lines that are not title), the genre,
// the region, the years, then a title completed with region and year. Each
// step is a seam that can be replaced on its own.
func (p *Parser) metadata(doc *plan.Document, pre []line, opt Options) {
	date, dateLine := docDate(pre)
	doc.Date = date
	doc.Title, doc.Preamble = docTitle(pre, dateLine)
	doc.Genre = p.words.genreOf(doc.Title)

	doc.Region = opt.Region
	if doc.Region == "" {
		doc.Region = p.docRegion(doc.Title, doc.Preamble)
	}
	if doc.Region == "" {
		doc.Warnings = append(doc.Warnings, "no region found in the title or opening lines; set one with --region")
	}

	p.docYears(doc)
	if doc.ReportYear == 0 && doc.PlanYear == 0 {
		doc.Warnings = append(doc.Warnings, "no years found in the title, date or headings: facts carry no year")
	}
	doc.Title = fullTitle(doc)
	if opt.ID != "" {
		doc.ID = opt.ID
	}
}

// docDate returns the first year and month the opening lines give
// (2022年1月, 二〇二二年一月 → 2022-01) as YYYY-MM, and the index of its
// line when that line holds nothing but the date, else -1.
func docDate(pre []line) (date string, dateLine int) {
	for i, l := range pre {
		t := numeral.NormalizeYears(l.text)
		m := dateRe.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		date = fmt.Sprintf("%s-%02d", m[1], chineseOrArabic(m[2]))
		if utf8.RuneCountInString(strings.TrimSpace(dateRe.ReplaceAllString(t, ""))) <= 4 {
			return date, i
		}
		return date, -1
	}
	return "", -1
}

// maxTitleLines is how many opening lines a title may run over.
const maxTitleLines = 3

// docTitle returns the title and the preamble. The title is the opening
// lines that do not end a sentence, at most maxTitleLines of them and none
// after the "——…在…会议上" line of a speech (what follows is signature).
// The other lines are preamble, except a speech's unfinished lines before
// any title line; skip is the date's own line, neither title nor preamble.
func docTitle(pre []line, skip int) (string, []plan.Paragraph) {
	var title []string
	var preamble []plan.Paragraph
	spoken := false // past the "——…在…会议上" line of a speech: the rest is signature
	for i, l := range pre {
		if i == skip {
			continue
		}
		if strings.HasPrefix(l.text, "—") {
			spoken = true
		}
		if endsTerminal(l.text) || spoken || len(title) >= maxTitleLines {
			if len(title) > 0 || endsTerminal(l.text) {
				preamble = append(preamble, plan.Paragraph{Sentences: splitSentences(l.text, []pageMark{{0, l.page}})})
			}
			continue
		}
		title = append(title, l.text)
	}
	return strings.Join(strings.Fields(strings.Join(title, "")), ""), preamble
}

// docRegion finds the region: the places named at the start of the
// title, else the region named in the preamble.
func (p *Parser) docRegion(title string, preamble []plan.Paragraph) string {
	if r := p.titleRegion(title); r != "" {
		return r
	}
	return preambleRegion(preamble)
}

// docYears sets the year the document reports on, the year it plans for
// and the year of each part: the years its part headings name first, then
// those of the title or date, then what the kinds of its parts imply, and
// last each remaining part's year from its relative words (今年) or its
// kind.
func (p *Parser) docYears(doc *plan.Document) {
	headingYears(doc)
	if doc.ReportYear == 0 && doc.PlanYear == 0 {
		doc.ReportYear, doc.PlanYear = titleOrDateYears(doc)
	}
	if doc.PlanYear == 0 && doc.ReportYear != 0 && hasPlanParts(doc) {
		doc.PlanYear = doc.ReportYear + 1
	}
	if doc.ReportYear == 0 && doc.PlanYear != 0 && hasKind(doc, plan.KindResult) {
		doc.ReportYear = doc.PlanYear - 1
	}
	p.remainingPartYears(doc)
}

// headingYears gives each part the year its heading names, and takes the
// report year from the first result part with one and the plan year from
// the first target or task part with one.
func headingYears(doc *plan.Document) {
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		if ys := yearsIn(numeral.NormalizeYears(pt.Title)); len(ys) > 0 {
			pt.Year = ys[0]
		}
		switch {
		case pt.Kind == plan.KindResult && pt.Year != 0 && doc.ReportYear == 0:
			doc.ReportYear = pt.Year
		case (pt.Kind == plan.KindTarget || pt.Kind == plan.KindTask) && pt.Year != 0 && doc.PlanYear == 0:
			doc.PlanYear = pt.Year
		}
	}
}

// titleOrDateYears reads the report and plan years of a document whose
// headings name none: two years in the title are the report's and the
// plan's; one is the plan's for a work report and the report's otherwise;
// with none, a report delivered early in a year plans that year and
// reviews the last.
func titleOrDateYears(doc *plan.Document) (report, planned int) {
	titleYears := yearsIn(numeral.NormalizeYears(doc.Title))
	switch {
	case len(titleYears) >= 2:
		return titleYears[0], titleYears[len(titleYears)-1]
	case len(titleYears) == 1 && doc.Genre == "work-report":
		return titleYears[0] - 1, titleYears[0]
	case len(titleYears) == 1 && hasPlanParts(doc):
		return titleYears[0], titleYears[0] + 1
	case len(titleYears) == 1:
		return titleYears[0], 0
	case dateYear(doc.Date) != 0:
		return dateYear(doc.Date) - 1, dateYear(doc.Date)
	}
	return 0, 0
}

// dateYear is the year of a YYYY-MM date, 0 for none.
func dateYear(date string) int {
	if date == "" {
		return 0
	}
	y, _ := strconv.Atoi(date[:4])
	return y
}

// remainingPartYears gives a part whose heading names no year the year of
// its relative words (今年工作安排), else the report year for results and
// the plan year for targets and tasks.
func (p *Parser) remainingPartYears(doc *plan.Document) {
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		if pt.Year == 0 {
			pt.Year = p.words.relativeYearIn(pt.Title, doc.ReportYear, doc.PlanYear)
		}
		if pt.Year == 0 {
			switch pt.Kind {
			case plan.KindResult:
				pt.Year = doc.ReportYear
			case plan.KindTarget, plan.KindTask:
				pt.Year = doc.PlanYear
			}
		}
	}
}

// fullTitle says whose and which year a title naming neither is (a work
// report is titled just 政府工作报告): 福田区2022年政府工作报告.
func fullTitle(doc *plan.Document) string {
	if doc.Title != "" && doc.Region != "" && !strings.Contains(doc.Title, doc.Region) && len(yearsIn(doc.Title)) == 0 && doc.PlanYear != 0 {
		return fmt.Sprintf("%s%d年%s", doc.Region, doc.PlanYear, doc.Title)
	}
	return doc.Title
}

// hasKind reports whether any part of doc is of kind k.
func hasKind(doc *plan.Document, k plan.Kind) bool {
	return slices.ContainsFunc(doc.Parts, func(p plan.Part) bool { return p.Kind == k })
}

// hasPlanParts reports whether doc has a part of targets or tasks.
func hasPlanParts(doc *plan.Document) bool {
	return hasKind(doc, plan.KindTarget) || hasKind(doc, plan.KindTask)
}

// chineseOrArabic reads a month written 1 or 一.
func chineseOrArabic(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return chineseInt(s)
}

// yearsIn returns the years (1949–2199) written as 2021年 in s, sorted,
// each once.
func yearsIn(s string) []int {
	var out []int
	for _, m := range yearRe.FindAllStringSubmatch(s, -1) {
		if y, _ := strconv.Atoi(m[1]); y >= 1949 && y <= 2199 {
			out = append(out, y)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// titleRegion reads the places a title starts with (深圳市福田区2021年…)
// and returns the most specific one: from the gazetteer, else any name
// ending in a unit of administration that is not a word of the genre.
func (p *Parser) titleRegion(title string) string {
	if ps := p.places.Leading(title); len(ps) > 0 {
		return ps[len(ps)-1]
	}
	t := placePrefix(title)
	m := regionRe.FindString(t)
	if m == "" {
		return ""
	}
	if last := cmp.Or(leadingUnits(t), m); !slices.Contains(notRegion, last) {
		return last
	}
	return ""
}

// placePrefix is the part of a title that can name its place: what comes
// before the first word of the genre (政府, 报告 …) and the first digit.
func placePrefix(title string) string {
	for _, w := range []string{"政府", "工作", "报告", "关于", "计划", "规划"} {
		if i := strings.Index(title, w); i >= 0 {
			title = title[:i]
		}
	}
	if i := strings.IndexFunc(title, func(r rune) bool { return r >= '0' && r <= '9' }); i >= 0 {
		title = title[:i]
	}
	return title
}

// leadingUnits follows the units of administration s starts with, one
// after another, and returns the last (深圳市福田区 → 福田区), or "".
func leadingUnits(s string) string {
	var last string
	for {
		u := unitRe.FindString(s)
		if u == "" || !strings.HasPrefix(s, u) {
			return last
		}
		last = u
		s = s[len(u):]
	}
}

// preambleRegion reads where a report was delivered (在南山区第七届人民代表
// 大会…), else the government that issued it (…人民政府), from the first
// preamble paragraph that names either.
func preambleRegion(preamble []plan.Paragraph) string {
	for _, para := range preamble {
		txt := para.Text()
		for _, re := range []*regexp.Regexp{speechRe, govRe} {
			if m := re.FindStringSubmatch(txt); m != nil {
				return lastUnit(m[1])
			}
		}
	}
	return ""
}

// lastUnit returns the last unit of administration in s (深圳市南山区 →
// 南山区), or s when it has none.
func lastUnit(s string) string {
	us := unitRe.FindAllString(s, -1)
	if len(us) == 0 {
		return s
	}
	return us[len(us)-1]
}

// defaultID names a document by what it is, so a corrected copy of the
// same report replaces the old one while next year's report does not.
func defaultID(doc *plan.Document) string {
	region := doc.Region
	if region == "" {
		region = "unknown"
	}
	years := ""
	switch {
	case doc.ReportYear != 0 && doc.PlanYear != 0 && doc.ReportYear != doc.PlanYear:
		years = fmt.Sprintf("%d-%d", doc.ReportYear, doc.PlanYear)
	case doc.PlanYear != 0:
		years = strconv.Itoa(doc.PlanYear)
	case doc.ReportYear != 0:
		years = strconv.Itoa(doc.ReportYear)
	default:
		years = doc.Hash[:8]
	}
	return region + "/" + years + "/" + doc.Genre
}
