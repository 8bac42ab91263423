package parse

import (
	"cmp"
	"fmt"
	"maps"
	"path/filepath"
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
	notRegion = []string{"全区", "我区", "本区", "全市", "我市", "本市", "全省", "我省", "全县", "我县", "新区", "全新区"}
)

// metadata reads what the document says about itself, step by step: the
// date, the title (and the preamble lines that are not title), the genre,
// the region, the years, then a title completed with region and year. Each
// step is a seam that can be replaced on its own; opt overrides any.
func (p *Parser) metadata(doc *plan.Document, pre []line, linePerParagraph bool, opt Options) {
	date, dateLine := docDate(pre)
	doc.Date = date
	doc.Title, doc.Preamble = p.docTitle(pre, dateLine, linePerParagraph)
	doc.Genre = cmp.Or(opt.Genre, p.docGenre(doc))

	doc.Region = cmp.Or(opt.Region, p.docRegion(doc))
	if doc.Region == "" {
		doc.Warnings = append(doc.Warnings, "no region found in the title or opening lines; set one with --region")
	}

	p.docYears(doc, opt.Year)
	if y := nameYear(doc.Source); doc.ReportYear == 0 && doc.PlanYear == 0 && y != 0 && doc.Genre == "work-report" {
		// 龙华区 2021's report opening a term names no year anywhere; its
		// file does (longhua_2021_gwr.txt, 2021年龙华区…政府工作报告.txt).
		p.docYears(doc, y)
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("no years found in the title, date or headings: read %d as the year planned from the file name; correct with --year", y))
	}
	if doc.ReportYear == 0 && doc.PlanYear == 0 {
		doc.Warnings = append(doc.Warnings, "no years found in the title, date or headings: facts carry no year; set the year with --year")
	}
	doc.Title = cmp.Or(opt.Title, fullTitle(doc))
	if opt.ID != "" {
		doc.ID = opt.ID
	}
}

// digitsRe is a run of digits.
var digitsRe = regexp.MustCompile(`[0-9]+`)

// nameYear is the one year a file's name holds (guangming_2022_gwr.txt),
// 0 for none or several.
func nameYear(source string) int {
	year := 0
	for _, d := range digitsRe.FindAllString(filepath.Base(source), -1) {
		y, _ := strconv.Atoi(d)
		if len(d) != 4 || y < 1949 || y > 2199 {
			continue
		}
		if year != 0 && y != year {
			return 0
		}
		year = y
	}
	return year
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

// maxTitleLines is how many opening lines a title may run over; maxTitle
// how long a title line may be.
const (
	maxTitleLines = 3
	maxTitle      = 60
)

// docTitle returns the title and the preamble. The title starts at the
// first opening line that names a genre (政府工作报告, 计划执行情况 …) —
// what comes before it is the page's chrome — or at the first line when
// none does, and runs over the lines that do not end a sentence, at most
// maxTitleLines of them, up to the "——…在…会议上" line of a speech or a
// line opening with a date (what follows is signature). A web page's
// title is one line. The other lines are preamble, except a speech's
// unfinished lines before any title line; skip is the date's own line,
// neither title nor preamble. In text whose every line is a paragraph (a
// web page), a line ending in a genre's word is the whole title.
func (p *Parser) docTitle(pre []line, skip int, linePerParagraph bool) (string, []plan.Paragraph) {
	var title []string
	var preamble []plan.Paragraph
	from := p.titleStart(pre, skip)
	oneLine := linePerParagraph && len(pre) > 0 && endsTitle(pre[from].text)
	spoken := false // past the "——…在…会议上" line of a speech: the rest is signature
	for i, l := range pre {
		if i == skip || i < from {
			continue
		}
		if strings.HasPrefix(l.text, "—") || len(title) > 0 && (speechDateRe.MatchString(l.text) || issuerRe.MatchString(strings.TrimSpace(l.text)) || approvalRe.MatchString(strings.TrimSpace(l.text))) {
			spoken = true
		}
		if endsTerminal(l.text) || spoken || len(title) >= maxTitleLines || oneLine && len(title) == 1 || titleComplete(title) {
			if len(title) > 0 || endsTerminal(l.text) {
				preamble = append(preamble, plan.Paragraph{Sentences: splitSentences(l.text, []pageMark{{0, l.page}})})
			}
			continue
		}
		if m := siteSuffixRe.FindStringSubmatch(l.text); m != nil && len(title) == 0 {
			// A saved page's title bar: the document's title, then the site's.
			title, oneLine = append(title, m[1]), true
			continue
		}
		title = append(title, l.text)
	}
	return dropPublisher(strings.Join(strings.Fields(strings.Join(title, "")), "")), preamble
}

// publisherRe is the name of a newspaper or site run into the title a
// page shows (滁州日报多媒体数字报刊滁州市2024年…统计公报).
var publisherRe = regexp.MustCompile(`^\p{Han}{2,12}(?:日报|晚报|报刊|数字报|网站|门户网)`)

// dropPublisher cuts a publisher's name off the front of a title when a
// year follows it closely: what the page names, not the document.
func dropPublisher(t string) string {
	m := publisherRe.FindString(t)
	if m == "" {
		return t
	}
	rest := t[len(m):]
	if y := strings.IndexFunc(rest, func(r rune) bool { return r >= '0' && r <= '9' }); y < 0 || utf8.RuneCountInString(rest[:y]) > 12 {
		return t
	}
	return rest
}

// siteSuffixRe is a title followed by the name of the site that shows it:
// 北京市2024年国民经济和社会发展统计公报-红黑统计公报库.
var siteSuffixRe = regexp.MustCompile(`^(.*(?:报告|计划|纲要|公报|规划|[（(]草案[)）]))\s*[-_|｜—–]+\s*\S.*$`)

// titleComplete reports title lines that end as only a whole title does
// (…的报告, …统计公报, …规划纲要): what follows (a page's dates, 发文单位)
// is not more of it.
func titleComplete(title []string) bool {
	if len(title) == 0 {
		return false
	}
	t := strings.TrimSpace(title[len(title)-1])
	for _, w := range []string{"的报告", "公报", "纲要", "（书面）", "(书面)"} {
		if strings.HasSuffix(t, w) {
			return true
		}
	}
	return false
}

// speechDateRe opens the line saying when and where a report was given:
// 2026年1月14日在浙江省第十四届人民代表大会第四次会议上.
var speechDateRe = regexp.MustCompile(`^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日`)

// issuerRe is a line naming who issued the document, under its title:
// 某区统计局, 国家统计局, 深圳市发展和改革委员会, 某市人民政府办公室.
var issuerRe = regexp.MustCompile(`^[\p{Han}（）()]{1,24}(?:统计局|调查队|局|办公室|办公厅|委员会|人民政府|政府)$`)

// approvalRe is the bracketed line under an outline's title saying when a
// congress approved it: （2021年2月5日市第七届人民代表大会第六次会议批准）.
var approvalRe = regexp.MustCompile(`^[（(].*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.*(?:批准|通过|审议|印发)[)）]$`)

// titleStart returns the index of the first opening line that names a
// genre and could be a title (not a sentence, not too long), preferring
// one that also names a year or place; 0 when none does.
func (p *Parser) titleStart(pre []line, skip int) int {
	first := -1
	for i, l := range pre {
		t := strings.TrimSpace(l.text)
		if i == skip || endsTerminal(t) || utf8.RuneCountInString(t) > maxTitle || !p.words.namesGenre(t) {
			continue
		}
		if len(yearsIn(numeral.NormalizeYears(t))) > 0 || len(p.places.Find(t)) > 0 {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return max(first, 0)
}

// endsTitle reports a line that is a whole title: it ends in the word of a
// genre (…政府工作报告, …计划（草案）, …统计公报).
func endsTitle(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, "（草案）"), "(草案)")
	for _, w := range []string{"报告", "计划", "纲要", "公报", "草案", "规划"} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// docGenre is the genre the title names, else what the preamble says: a
// report delivered to a congress (向大会报告政府工作) is a work report.
func (p *Parser) docGenre(doc *plan.Document) string {
	if g := p.words.genreOf(doc.Title); g != "" {
		return g
	}
	for _, para := range doc.Preamble {
		t := para.Text()
		if strings.Contains(t, "计划执行情况") || strings.Contains(t, "计划草案") {
			return "plan-execution" // 受…委托，向大会报告…计划执行情况
		}
		if strings.Contains(t, "政府工作报告") || strings.Contains(t, "向大会") && strings.Contains(t, "报告") {
			return "work-report"
		}
	}
	return "plan"
}

// Evidence for a document's region, strongest first.
const (
	byTitle     = 4 // 深圳市福田区2021年…计划
	bySpeech    = 3 // 在福田区第七届人民代表大会第二次会议上
	bySignature = 2 // 福田区人民政府区长 某某
	byMentions  = 1 // named most often in the text
)

// docRegion finds the region from the strongest evidence: the places the
// title names (the most specific), where the report was delivered, whose
// government signed it, and which of these the text names most — each a
// division the gazetteer knows, so 我代表省 (in 我代表省人民政府) is none.
// Without any, a title starting with a name of a unit of administration
// (a 新区 the list lacks) is taken as it is.
func (p *Parser) docRegion(doc *plan.Document) string {
	votes := map[string]int{}
	if r := p.titleRegion(doc.Title); r != "" {
		votes[r] += byTitle
	}
	for _, para := range doc.Preamble {
		txt := para.Text()
		if m := speechRe.FindStringSubmatch(txt); m != nil {
			// Where it was delivered: a division the gazetteer knows, else
			// the unit of administration the congress is of.
			if r := cmp.Or(p.mostSpecific(m[1]), unitOf(m[1])); r != "" {
				votes[r] += bySpeech
			}
		}
		if r := p.delegateRegion(txt); r != "" {
			votes[r] += bySpeech
		}
		if signatureRe.MatchString(txt) {
			if r := p.mostSpecific(txt); r != "" {
				votes[r] += bySignature
			}
		}
	}
	if len(votes) == 0 {
		// 我代表区人民政府 opens it, and the thanks near the end name the
		// government: 我代表福田区人民政府，向全区…致以崇高的敬意.
		for _, s := range doc.Sentences() {
			if r := p.delegateRegion(s.Text); r != "" {
				votes[r] += bySpeech
			}
		}
	}
	if len(votes) > 0 {
		p.voteMentions(doc, votes)
		return p.bestVoted(votes)
	}
	return cmp.Or(p.unitRegion(doc.Title), p.dominantPlace(doc))
}

// Thresholds of dominantPlace: how often the place must be named, and how
// many times more than the next.
const (
	minPlaceMentions = 5
	placeLead        = 2
)

// dominantPlace is the division a text with no other evidence names far
// more than any other (我代表省人民政府, then 广东 eighty times): by its
// full name or its name without the unit (坪山 for 坪山区), of the level
// the speech is made for (省, 市, 区, 县) when it says; "" when none leads.
func (p *Parser) dominantPlace(doc *plan.Document) string {
	level := ""
	for _, para := range doc.Preamble {
		if m := levelRe.FindStringSubmatch(para.Text()); m != nil {
			level = strings.TrimPrefix(m[1], "新") // a 新区 is of a district's level
		}
	}
	body := bodyText(doc)
	counts := map[string]int{}
	outer, most := "", 0 // the place of another level named most
	for _, m := range p.places.FindAll(body) {
		if _, seen := counts[m.Name]; seen {
			continue
		}
		n := p.mentions(body, m.Name)
		counts[m.Name] = n
		if n > most && !ofLevel(m.Name, level) {
			outer, most = m.Name, n
		}
	}
	if outer != "" {
		// A district's report names its city (深圳) and itself by a short
		// name the gazetteer will not find on its own (盐田, a common word
		// too): count the city's divisions of the level asked.
		for _, name := range p.places.Names() {
			if name != outer && ofLevel(name, level) && p.places.Within(name, outer) {
				counts[name] = p.mentions(body, name)
			}
		}
	}
	maps.DeleteFunc(counts, func(name string, _ int) bool { return !ofLevel(name, level) })
	best, second := "", 0
	for _, name := range slices.Sorted(maps.Keys(counts)) {
		switch n := counts[name]; {
		case best == "" || n > counts[best]:
			best, second = name, counts[best]
		case n > second:
			second = n
		}
	}
	if best == "" || counts[best] < minPlaceMentions || counts[best] < placeLead*second {
		return ""
	}
	return best
}

// levelRe is the level of government a speech is made for, in 我代表省人民政府.
var levelRe = regexp.MustCompile(`我代表(省|市|区|县|新区)(?:人民政府|政府|管理委员会|管委会)`)

// ofLevel reports a division of the level named (any, for "").
func ofLevel(name, level string) bool {
	switch level {
	case "":
		return true
	case "省":
		return strings.HasSuffix(name, "省") || strings.HasSuffix(name, "自治区")
	}
	return strings.HasSuffix(name, level)
}

var (
	leadingYearRe = regexp.MustCompile(`^\s*\d{4}\s*年度?`)
	speechRe      = regexp.MustCompile(`在(\p{Han}{2,30}?)第[一二三四五六七八九十\d]+届`)
	signatureRe   = regexp.MustCompile(`(省长|市长|区长|县长|州长|盟长|旗长|主席)\s*\p{Han}`)
	delegateRe    = regexp.MustCompile(`我代表(\p{Han}{2,30}?)(?:人民政府|管理委员会|管委会)`)
)

// delegateRegion is the government a speech is made for (我代表南山区人民
// 政府 → 南山区), a division the gazetteer knows: 我代表省人民政府 names
// none, "" then.
func (p *Parser) delegateRegion(s string) string {
	if m := delegateRe.FindStringSubmatch(s); m != nil {
		// A division the gazetteer knows, else a unit it lacks (我代表大鹏
		// 新区管理委员会: a 新区 run by a committee).
		return cmp.Or(p.mostSpecific(m[1]), unitOf(m[1]))
	}
	if strings.Contains(s, "我代表国务院") {
		return National // the State Council speaks for the whole country
	}
	return ""
}

// National is the region of a document of the national government.
const National = "全国"

// mostSpecific returns, of the divisions s names, the most specific one
// that lies in all the others (深圳市南山区 → 南山区), or "".
func (p *Parser) mostSpecific(s string) string {
	best := ""
	for _, m := range p.places.FindAll(s) {
		if best == "" || p.places.Within(m.Name, best) {
			best = m.Name
		}
	}
	return best
}

// voteMentions adds a vote for the candidate the text names most often,
// by its full or short name.
func (p *Parser) voteMentions(doc *plan.Document, votes map[string]int) {
	body := bodyText(doc)
	best, most := "", 0
	for _, r := range slices.Sorted(maps.Keys(votes)) {
		if n := p.mentions(body, r); n > most {
			best, most = r, n
		}
	}
	if best != "" {
		votes[best] += byMentions
	}
}

// bodyText is the text of every sentence of doc, run together.
func bodyText(doc *plan.Document) string {
	var b strings.Builder
	for _, s := range doc.Sentences() {
		b.WriteString(s.Text)
	}
	return b.String()
}

// mentions counts how often body names the division, by any of its
// names: each is a prefix of the full name, so the most found counts
// every mention once.
func (p *Parser) mentions(body, name string) int {
	n := 0
	for _, a := range p.places.Aliases(name) {
		n = max(n, strings.Count(body, a))
	}
	return n
}

// bestVoted returns the candidate with most votes; of equals, the more
// specific (福田区 before 深圳市), then the first by name.
func (p *Parser) bestVoted(votes map[string]int) string {
	best := ""
	for _, r := range slices.Sorted(maps.Keys(votes)) {
		switch {
		case best == "", votes[r] > votes[best]:
			best = r
		case votes[r] == votes[best] && p.places.Within(r, best) && r != best:
			best = r
		}
	}
	return best
}

// docYears sets the year the document reports on, the year it plans for
// and the year of each part: the years its part headings name first, then
// those of the title or date, then what the kinds of its parts imply, and
// last each remaining part's year from its relative words (今年) or its
// kind.
func (p *Parser) docYears(doc *plan.Document, year int) {
	switch {
	case year != 0:
		// Told: the year the document plans for (its title's year for a
		// work report); the year before is the one it reports on.
		doc.PlanYear, doc.ReportYear = year, year-1
		partYearsFromHeadings(doc)
	case doc.Genre == "five-year-plan" && fiveYearPlanOf(doc) != 0:
		// An outline plans its five years (第十四个五年规划: 2021—2025) and
		// reviews the years up to them; 二〇三五年远景目标 in its title is
		// a horizon, not its year.
		per := plan.FiveYearPlan(fiveYearPlanOf(doc))
		doc.ReportYear, doc.PlanYear = per.From-1, per.To
		partYearsFromHeadings(doc)
	case doc.Genre == "work-report" && workReportYear(doc) != 0:
		// A work report's title or delivery date names the year it plans
		// for, whatever its review's headings say.
		doc.PlanYear = workReportYear(doc)
		doc.ReportYear = doc.PlanYear - 1
		partYearsFromHeadings(doc)
	default:
		headingYears(doc)
		if doc.ReportYear == 0 && doc.PlanYear == 0 {
			doc.ReportYear, doc.PlanYear = titleOrDateYears(doc)
		}
		if doc.ReportYear == 0 && doc.PlanYear == 0 {
			doc.ReportYear, doc.PlanYear = termYears(doc)
		}
		if doc.ReportYear == 0 && doc.PlanYear == 0 {
			doc.ReportYear, doc.PlanYear = reviewOpeningYears(doc)
		}
	}
	if doc.PlanYear == 0 && doc.ReportYear != 0 && hasPlanParts(doc) {
		doc.PlanYear = doc.ReportYear + 1
	}
	reviewParts(doc) // 关于2019年工作 before 关于2020年工作: a review
	if doc.ReportYear == 0 && doc.PlanYear != 0 && hasKind(doc, plan.KindResult) {
		doc.ReportYear = doc.PlanYear - 1
	}
	p.remainingPartYears(doc)
	reviewParts(doc)
	groupedParts(doc)
	continuedParts(doc)
	bulletinParts(doc)
	notesParts(doc)
}

// reviewOpeningYears reads the years of a report whose review opens on
// its year (一、过去一年和五年工作回顾 / 2022年是…极为重要的一年): it
// reports on that year and plans the next; 0, 0 when no review opens so.
func reviewOpeningYears(doc *plan.Document) (report, planned int) {
	for _, pt := range doc.Parts {
		if pt.Kind != plan.KindResult || len(pt.Paragraphs) == 0 || len(pt.Paragraphs[0].Sentences) == 0 {
			continue
		}
		if m := yearIsRe.FindStringSubmatch(numeral.NormalizeYears(pt.Paragraphs[0].Sentences[0].Text)); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y, y + 1
		}
		return 0, 0
	}
	return 0, 0
}

// yearIsRe opens a review on its year: 2022年是…, 刚刚过去的2022年，….
var yearIsRe = regexp.MustCompile(`^(?:刚刚过去的|过去的)?(\d{4})年(?:是|，|,)`)

// termYears reads the years of a report opening a congress's five-year
// term, which names none of its own (一、过去五年工作回顾 二、今后五年的主要
// 工作): it reviews the five years up to the newest five-year plan it
// names (“十四五”规划) and plans that plan's years; its parts looking ahead
// are the plan's. 0, 0 when its parts do not look back and ahead by five
// years.
func termYears(doc *plan.Document) (report, planned int) {
	ahead := -1
	for i, pt := range doc.Parts {
		if containsAny(pt.Title, "今后五年", "未来五年") {
			ahead = i
			break
		}
	}
	if ahead < 0 {
		return 0, 0
	}
	newest := 0
	for _, s := range doc.Sentences() {
		for t := s.Text; ; {
			n, _, end := plan.FiveYearPlanIn(t)
			if n == 0 {
				break
			}
			newest, t = max(newest, n), t[end:]
		}
	}
	if newest == 0 {
		return 0, 0
	}
	per := plan.FiveYearPlan(newest)
	for i := ahead; i < len(doc.Parts); i++ {
		if pt := &doc.Parts[i]; pt.Kind == plan.KindOther && pt.Annex == "" {
			pt.Kind = plan.KindTask // 今后五年的总体发展思路
		}
	}
	return per.From - 1, per.From
}

// notesParts makes the closing notes kept for the figures they revise
// (dropTail) results of the year the first revision names, the year
// before the one reported on.
func notesParts(doc *plan.Document) {
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		if !slices.Contains(notesLabels, pt.Annex) || len(pt.Paragraphs) == 0 || len(pt.Paragraphs[0].Sentences) == 0 {
			continue
		}
		if ys := yearsIn(numeral.NormalizeYears(pt.Paragraphs[0].Sentences[0].Text)); len(ys) > 0 {
			pt.Kind, pt.Year = plan.KindResult, ys[0]
		}
	}
}

// bulletinParts makes the parts of a statistical bulletin that name no
// year (一、综合, 二、工业) results of the year it reports on: a bulletin
// reports one year's outcomes and nothing else.
func bulletinParts(doc *plan.Document) {
	if doc.Genre != "statistical-bulletin" || doc.ReportYear == 0 {
		return
	}
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		if pt.Kind == plan.KindOther && pt.Year == 0 && pt.Annex == "" {
			pt.Kind, pt.Year = plan.KindResult, doc.ReportYear
		}
	}
}

// groupedParts makes the numbered parts under an unnumbered review
// heading (2023年工作回顾, then 一、激发…的干劲 … 六、…) that say nothing of
// what they hold and name no year results of its year: the numbers
// restart under each such heading, whose parts they are. (The themes
// under a plan's heading continue the plan part before them:
// continuedParts.)
func groupedParts(doc *plan.Document) {
	var group *plan.Part
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		switch {
		case pt.Annex != "":
			group = nil
		case pt.Number == 0:
			group = pt
		case group != nil && group.Kind == plan.KindResult && group.Year != 0 && len(yearsIn(numeral.NormalizeYears(pt.Title))) == 0:
			// Whatever words a theme's heading uses (主要指标好于预期, 各项
			// 工作蹄疾步稳), under a review it reviews.
			pt.Kind, pt.Year = group.Kind, group.Year
		}
	}
}

// continuedParts gives a part that says nothing of what it holds (一、把铸
// 牢中华民族共同体意识作为…) and no year the kind and year of the plan part
// before it: the plan goes on under themes.
func continuedParts(doc *plan.Document) {
	for i := 1; i < len(doc.Parts); i++ {
		pt, prev := &doc.Parts[i], doc.Parts[i-1]
		if pt.Annex != "" {
			continue
		}
		switch {
		case pt.Kind == plan.KindOther && pt.Year == 0 && (prev.Kind == plan.KindTask || prev.Kind == plan.KindTarget):
			pt.Kind, pt.Year = prev.Kind, prev.Year
		case pt.Kind == plan.KindTarget && prev.Kind == plan.KindTask && (pt.Year == 0 || pt.Year == prev.Year) &&
			pt.Number == prev.Number+1 && pt.Number > 1 && strings.ContainsAny(pt.Title, "，,"):
			// 八、以人民群众满意为努力方向和奋斗目标，不断提高政府服务效能:
			// the next theme of the work, whose 目标 is a word of it.
			pt.Kind, pt.Year = prev.Kind, prev.Year
		}
	}
}

// reviewParts makes a part of tasks or targets for a year before the one
// the document plans for a review of results: 2025年主要工作 in a report
// planning 2026 tells what was done.
func reviewParts(doc *plan.Document) {
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		planned := pt.Kind == plan.KindTask || pt.Kind == plan.KindTarget
		// 一、迎难而上、顽强拼搏，2022年经济社会发展取得新进步: a theme
		// naming a year before the plan's reviews it too.
		theme := pt.Kind == plan.KindOther && pt.Annex == ""
		if (planned || theme) && pt.Year != 0 && doc.PlanYear != 0 && pt.Year < doc.PlanYear {
			pt.Kind = plan.KindResult
		}
	}
}

// fiveYearPlanOf is the number of the five-year plan a title names
// (第十四个五年规划, “十四五”规划 → 14), 0 for none.
func fiveYearPlanOf(doc *plan.Document) int {
	n, _, _ := plan.FiveYearPlanIn(numeral.NormalizeYears(doc.Title))
	return n
}

// workReportYear is the year a work report plans for: its title's year,
// else the year it was delivered; 0 when neither says.
func workReportYear(doc *plan.Document) int {
	if ys := yearsIn(numeral.NormalizeYears(doc.Title)); len(ys) > 0 {
		return ys[len(ys)-1]
	}
	return dateYear(doc.Date)
}

// partYearsFromHeadings gives each part the year its heading names, when
// the document's years are known otherwise.
func partYearsFromHeadings(doc *plan.Document) {
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		if ys := yearsIn(numeral.NormalizeYears(pt.Title)); len(ys) > 0 {
			pt.Year = ys[0]
		}
	}
}

// headingYears gives each part the year its heading names, and takes the
// report year from the first result part with one and the plan year from
// the latest target or task part's.
//
// A horizon (二〇三五年远景目标) is no part's year, and a part headed by a
// five-year plan (二、“十四五”时期主要任务和…) plans no single year.
func headingYears(doc *plan.Document) {
	for i := range doc.Parts {
		pt := &doc.Parts[i]
		title := horizonRe.ReplaceAllString(numeral.NormalizeYears(pt.Title), "")
		if ys := yearsIn(title); len(ys) > 0 {
			pt.Year = ys[0]
		}
		if n, at, _ := plan.FiveYearPlanIn(title); n != 0 && strings.TrimLeft(title[:at], "“\"‘ ") == "" && (pt.Kind == plan.KindTarget || pt.Kind == plan.KindTask) {
			continue
		}
		switch {
		case pt.Kind == plan.KindResult && pt.Year != 0 && doc.ReportYear == 0:
			doc.ReportYear = pt.Year
		case (pt.Kind == plan.KindTarget || pt.Kind == plan.KindTask) && pt.Year > doc.PlanYear:
			// The latest: 关于2019年工作, then 关于2020年工作 plans 2020.
			doc.PlanYear = pt.Year
		}
	}
}

// horizonRe is a year a plan looks out to: 2035年远景目标.
var horizonRe = regexp.MustCompile(`\d{4}\s*年\s*远景`)

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
	if doc.Title == "" && doc.Region != "" && doc.Genre != "" && doc.PlanYear+doc.ReportYear != 0 {
		// A text that opens on its speech (各位代表：) has no title: name
		// it by whose, which year and what it is.
		return fmt.Sprintf("%s%d年%s", doc.Region, cmp.Or(doc.PlanYear, doc.ReportYear), plan.GenreLabel(doc.Genre))
	}
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

// titleRegion reads the divisions a title names in full (深圳市福田区2021年…,
// 2026年黑龙江省政府工作报告) and returns the most specific one, or "".
//
// A title that opens with a short name alone (2022年济源国民经济和社会发展
// 统计公报, after any year) is that place's too.
func (p *Parser) titleRegion(title string) string {
	var named []string
	opening := ""
	prefix := leadingYearRe.ReplaceAllString(title, "")
	for _, m := range p.places.FindAll(title) {
		switch {
		case !m.Short:
			named = append(named, m.Name)
		case opening == "" && strings.HasPrefix(prefix, m.Text):
			opening = m.Name
		}
	}
	if len(named) == 0 {
		return opening
	}
	return p.mostSpecific(strings.Join(named, ""))
}

// unitRegion reads a place the gazetteer lacks from the start of a title:
// a name ending in a unit of administration that is not a word of the
// genre (前海深港现代服务业合作区2023年…).
func (p *Parser) unitRegion(title string) string {
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

// unitOf returns the name of a unit of administration s ends with (the
// last of 深圳市南山区), or "" for none or a word such as 全省 or 我代表省.
func unitOf(s string) string {
	us := unitRe.FindAllString(s, -1)
	if len(us) == 0 {
		return ""
	}
	u := us[len(us)-1]
	if slices.Contains(notRegion, u) || strings.ContainsAny(u, "我本全代表") {
		return ""
	}
	return u
}

// placePrefix is the part of a title that can name its place: what comes
// before the first word of the genre (政府, 报告 …) and the first digit,
// after a leading year (2026年甲省政府工作报告).
func placePrefix(title string) string {
	title = leadingYearRe.ReplaceAllString(title, "")
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
