package parse

import (
	"fmt"
	"regexp"
	"sort"
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

// metadata fills the title, date, region, genre and years from the lines
// before the first part and from the part headings.
func (p *Parser) metadata(doc *plan.Document, pre []line, opt Options) {
	var title []string
	spoken := false // past the "——…在…会议上" line of a speech: the rest is signature
	for _, l := range pre {
		t := numeral.NormalizeYears(l.text)
		if doc.Date == "" {
			if m := dateRe.FindStringSubmatch(t); m != nil {
				doc.Date = fmt.Sprintf("%s-%02d", m[1], chineseOrArabic(m[2]))
				if utf8.RuneCountInString(strings.TrimSpace(dateRe.ReplaceAllString(t, ""))) <= 4 {
					continue // a line that is only the date
				}
			}
		}
		if strings.HasPrefix(l.text, "—") {
			spoken = true
		}
		if endsTerminal(l.text) || spoken || len(title) >= 3 {
			if len(title) > 0 || endsTerminal(l.text) {
				doc.Preamble = append(doc.Preamble, plan.Paragraph{Sentences: splitSentences(l.text, []pageMark{{0, l.page}})})
			}
			continue
		}
		title = append(title, l.text)
	}
	doc.Title = strings.Join(title, "")
	doc.Title = strings.Join(strings.Fields(doc.Title), "")
	doc.Genre = p.words.genreOf(doc.Title)

	// Region: the places named at the start of the title, else where the
	// report was delivered (在南山区第七届人民代表大会…), else the government.
	doc.Region = opt.Region
	if doc.Region == "" {
		doc.Region = p.regionOf(doc.Title)
	}
	if doc.Region == "" {
		for _, para := range doc.Preamble {
			txt := para.Text()
			for _, re := range []*regexp.Regexp{speechRe, govRe} {
				if m := re.FindStringSubmatch(txt); m != nil && doc.Region == "" {
					doc.Region = lastUnit(m[1])
				}
			}
		}
	}
	if doc.Region == "" {
		doc.Warnings = append(doc.Warnings, "no region found in the title or opening lines; set one with --region")
	}

	// Years: parts say which year they report or plan; the title and date
	// fill in what they do not.
	titleYears := yearsIn(numeral.NormalizeYears(doc.Title))
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
	dateYear := 0
	if doc.Date != "" {
		dateYear, _ = strconv.Atoi(doc.Date[:4])
	}
	switch {
	case doc.ReportYear == 0 && doc.PlanYear == 0 && len(titleYears) >= 2:
		doc.ReportYear, doc.PlanYear = titleYears[0], titleYears[len(titleYears)-1]
	case doc.ReportYear == 0 && doc.PlanYear == 0 && len(titleYears) == 1:
		if doc.Genre == "work-report" {
			doc.PlanYear, doc.ReportYear = titleYears[0], titleYears[0]-1
		} else {
			doc.ReportYear = titleYears[0]
			if hasKind(doc, plan.KindTarget) || hasKind(doc, plan.KindTask) {
				doc.PlanYear = titleYears[0] + 1
			}
		}
	case doc.ReportYear == 0 && doc.PlanYear == 0 && dateYear != 0:
		// A report delivered early in a year plans that year and reviews the last.
		doc.PlanYear, doc.ReportYear = dateYear, dateYear-1
	}
	if doc.PlanYear == 0 && doc.ReportYear != 0 && (hasKind(doc, plan.KindTarget) || hasKind(doc, plan.KindTask)) {
		doc.PlanYear = doc.ReportYear + 1
	}
	if doc.ReportYear == 0 && doc.PlanYear != 0 && hasKind(doc, plan.KindResult) {
		doc.ReportYear = doc.PlanYear - 1
	}
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
	if doc.ReportYear == 0 && doc.PlanYear == 0 {
		doc.Warnings = append(doc.Warnings, "no years found in the title, date or headings: facts carry no year")
	}
	// A work report is titled just 政府工作报告: say whose and which year.
	if doc.Title != "" && doc.Region != "" && !strings.Contains(doc.Title, doc.Region) && len(yearsIn(doc.Title)) == 0 && doc.PlanYear != 0 {
		doc.Title = fmt.Sprintf("%s%d年%s", doc.Region, doc.PlanYear, doc.Title)
	}
	if opt.ID != "" {
		doc.ID = opt.ID
	}
}

func hasKind(doc *plan.Document, k plan.Kind) bool {
	for _, p := range doc.Parts {
		if p.Kind == k {
			return true
		}
	}
	return false
}

func chineseOrArabic(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return chineseInt(s)
}

func yearsIn(s string) []int {
	seen := map[int]bool{}
	var out []int
	for _, m := range yearRe.FindAllStringSubmatch(s, -1) {
		y, _ := strconv.Atoi(m[1])
		if y >= 1949 && y <= 2199 && !seen[y] {
			seen[y] = true
			out = append(out, y)
		}
	}
	sort.Ints(out)
	return out
}

// regionOf reads the places a title starts with (深圳市福田区2021年…) and
// returns the most specific one: from the gazetteer, else any name
// ending in a unit of administration that is not a word of the genre.
func (p *Parser) regionOf(title string) string {
	if ps := p.places.Leading(title); len(ps) > 0 {
		return ps[len(ps)-1]
	}
	for _, w := range []string{"政府", "工作", "报告", "关于", "计划", "规划"} {
		if i := strings.Index(title, w); i >= 0 {
			title = title[:i]
		}
	}
	t := title
	if i := strings.IndexFunc(t, func(r rune) bool { return r >= '0' && r <= '9' }); i >= 0 {
		t = t[:i]
	}
	m := regionRe.FindString(t)
	if m == "" {
		return ""
	}
	// Extend over following units: 深圳市福田区.
	rest := t
	var last string
	for {
		u := unitRe.FindString(rest)
		if u == "" || !strings.HasPrefix(rest, u) {
			break
		}
		last = u
		rest = rest[len(u):]
	}
	if last == "" {
		last = m
	}
	for _, n := range notRegion {
		if last == n {
			return ""
		}
	}
	return last
}

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
