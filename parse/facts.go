package parse

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/nlp/numeral"
	"github.com/planbot/planbot/plan"
)

// maxLead is the longest first sentence that reads as a paragraph's topic
// (教育实力大幅增强。) rather than as content.
const maxLead = 20

// facts extracts every figure of the document, with its subject, year,
// kind and location, and the value of each indicator that has no figure:
// first from the body, part by part, then from the appendix tables. A
// fact's ID is its place in that order.
func (p *Parser) facts(doc *plan.Document) {
	pages := map[int]int{} // sentence ID -> page, for indicators
	for _, s := range doc.Sentences() {
		pages[s.ID] = s.Page
	}
	var facts []plan.Fact
	add := func(f plan.Fact) {
		f.ID = len(facts)
		facts = append(facts, f)
	}
	for pi := range doc.Parts {
		if glossaryRe.MatchString(doc.Parts[pi].Title) && doc.Parts[pi].Annex != "" {
			continue // 附件：名词、术语注释: what words mean, no figures of the year
		}
		p.partFacts(doc, &doc.Parts[pi], pages, add)
	}
	for _, t := range doc.Tables {
		p.tableFacts(doc, t, add)
	}
	doc.Facts = facts
}

// partFacts adds the facts of a part in reading order: its own paragraphs
// and indicators, then each section's, with each task's paragraphs.
func (p *Parser) partFacts(doc *plan.Document, pt *plan.Part, pages map[int]int, add func(plan.Fact)) {
	base := plan.Location{Outline: doc.Outline, Part: pt.Number, PartTitle: pt.Title, Annex: pt.Annex}
	tc := partContext(doc, pt)
	p.paragraphFacts(doc, pt.Paragraphs, pt, base, &tc, add)
	p.indicatorFacts(pt.Indicators, pt, base, pages, add)
	for _, s := range pt.Sections {
		loc := base
		loc.Section, loc.SectionTitle = s.Number, s.Title
		spt := p.headedBy(doc, pt, s.Title)
		p.paragraphFacts(doc, s.Paragraphs, spt, loc, &tc, add)
		p.indicatorFacts(s.Indicators, spt, loc, pages, add)
		for _, t := range s.Tasks {
			tl := loc
			tl.Task, tl.TaskTitle = t.Number, t.Title
			p.paragraphFacts(doc, t.Paragraphs, p.headedBy(doc, spt, t.Title), tl, &tc, add)
		}
	}
}

// headedBy is the part as its facts under a heading see it: when the part
// says nothing of what it holds (第一篇 开启全面建设社会主义现代化新征程) and
// the heading does (第二节 主要目标, 第一节 发展基础), the heading's kind, of
// the year the document plans for or reports on.
func (p *Parser) headedBy(doc *plan.Document, pt *plan.Part, title string) *plan.Part {
	if pt.Kind != plan.KindOther || pt.Annex != "" || strings.ContainsAny(title, "，,") {
		// A heading of two clauses is a theme (着力办好办实民生实事，人民
		// 生活品质稳步提高): its words say what was done, not what it holds.
		return pt
	}
	k := p.words.kindOf(title)
	if k == plan.KindOther {
		return pt
	}
	cp := *pt
	cp.Kind, cp.Year = k, doc.PlanYear
	if k == plan.KindResult {
		cp.Year = doc.ReportYear
	}
	return &cp
}

// tableFacts adds a fact for each cell of a table with a column: its
// figure, or its words when it has none.
func (p *Parser) tableFacts(doc *plan.Document, t plan.Table, add func(plan.Fact)) {
	growth := slices.ContainsFunc(t.Columns, func(c plan.Column) bool {
		return strings.Contains(c.Header, "增长") // a table of growth rates: 增长目标, 计划增长
	})
	unitCol := slices.IndexFunc(t.Columns, func(c plan.Column) bool { return c.Header == "单位" || c.Header == "计量单位" })
	for _, r := range t.Rows {
		for ci, cell := range r.Cells {
			if ci >= len(t.Columns) {
				break
			}
			col := t.Columns[ci] // of the kind its year gives it (columnOf, at parse)
			if col.Kind == plan.KindOther && strings.Contains(col.Header, "属性") || ci == unitCol {
				continue // 预期性/约束性, 亿元: what kind or unit, not a figure
			}
			if noValue(cell) {
				continue // — or / : the table gives no figure here
			}
			rr := r
			if _, u := nameUnit(col.Header); u != "" {
				rr.Name = rr.Name + "（" + u + "）" // 比上年增长（%） 5.8
			} else if unitCol >= 0 && unitCol < len(r.Cells) {
				rr.Name = rr.Name + "（" + r.Cells[unitCol] + "）" // 单位 亿元
			}
			if neg := negativeRe.FindString(cell); neg != "" && !strings.Contains(col.Header, "下降") &&
				(growth || strings.Contains(rr.Name, "%") || containsAny(rr.Name, "增长", "增速", "增幅", "增加")) {
				cell = "下降" + strings.TrimPrefix(cell, neg) // -3.2 of a growth: a decline, never 3.2
			}
			f := p.cellFact(t, rr, col, cell, growth)
			// 年均增长〔累计〕: a plain cell is a yearly mean, a bracketed one
			// the total over the plan's years.
			switch {
			case strings.HasPrefix(cell, "〔") || strings.Contains(col.Header, "累计") && !strings.Contains(col.Header, "年均"):
				f.Aggregate = plan.Cumulative
			case strings.Contains(col.Header, "年均"):
				f.Aggregate = plan.YearlyMean
			}
			if f.Aggregate != plan.Annual && doc.Genre == "five-year-plan" && doc.PlanYear-doc.ReportYear == 5 {
				f.Period = plan.Period{From: doc.ReportYear + 1, To: doc.PlanYear}
			}
			add(f)
		}
	}
}

// columnOf gives a column that says nothing of its kind (2020年, 2025年,
// 年均增长) the kind its year has in the document: a year it reports on is
// a result, one it plans for a target; a column of yearly means or totals
// in a plan is a target over its years.
func columnOf(doc *plan.Document, c plan.Column) plan.Column {
	if c.Kind != plan.KindOther || doc.ReportYear == 0 {
		return c
	}
	switch {
	case c.Year != 0 && c.Year <= doc.ReportYear:
		c.Kind = plan.KindResult
	case c.Year != 0 && doc.PlanYear != 0 && c.Year <= doc.PlanYear:
		c.Kind = plan.KindTarget
	case c.Year == 0 && doc.PlanYear > doc.ReportYear && (strings.Contains(c.Header, "年均") || strings.Contains(c.Header, "累计")):
		c.Kind, c.Year = plan.KindTarget, doc.PlanYear
	case c.Year == 0 && doc.Genre == "statistical-bulletin":
		c.Kind, c.Year = plan.KindResult, doc.ReportYear // 绝对数, 比上年增长: the year reported
	}
	return c
}

// cellFact reads one cell of a table row. In a table of growth rates, a
// bare percentage of an indicator that is not a level is a rise.
func (p *Parser) cellFact(t plan.Table, r plan.Row, col plan.Column, cell string, growth bool) plan.Fact {
	f := plan.Fact{
		Year: col.Year, Kind: col.Kind, Sentence: r.Sentence,
		Loc: plan.Location{Table: t.Title, Row: r.Number, Page: t.Page},
		Own: r.Name + cell, Clause: r.Name + " " + col.Header + " " + cell,
		Context: strings.Join(nonEmpty(t.Title, r.Group, col.Header), " "), Column: col.Header,
	}
	name, unit := nameUnit(r.Name)
	bare := strings.Trim(cell, "〔〕")
	bound := ""
	for _, b := range []string{"<", "＜", "≤", "≦"} {
		if strings.HasPrefix(bare, b) {
			bound, bare = b, strings.TrimPrefix(bare, b)
		}
	}
	figs := p.fig.Extract(bare)
	if unit != "" && (len(figs) == 0 || figs[0].Unit == "" && figs[0].Start == 0) {
		// 地区生产总值（亿元） 6000: the row names the unit once.
		if more := p.fig.Extract(bare + unit); len(more) > 0 && more[0].Unit != "" {
			figs = more
		}
	}
	if len(figs) == 0 {
		f.Figure, f.Subject, f.Qualitative = cell, name, true
		return f
	}
	fg := figs[0]
	if bound != "" {
		// <5 in a table: at most 5, as 5%以内 in a sentence.
		fg.Text, fg.Approx = bound+fg.Text, "以内"
	}
	named := namedChange(name) // 单位地区生产总值能源消耗降低（%） 〔13.5〕: a decline
	switch {
	case fg.Change != "" || !fg.Percent():
	case named != "":
		fg.Change = named
	case growth && !isLevel(r.Name):
		fg.Change = figure.Up
	}
	if unit != "" && fg.Unit != "" && unit != fg.Unit && strings.HasPrefix(unit, fg.Unit) {
		fg.Text += strings.TrimPrefix(unit, fg.Unit) // 36万元 of 全员劳动生产率（万元/人）: 36万元/人
	}
	setFigure(&f, fg)
	f.Subject = name
	if fg.Change != "" && fg.Percent() && named == "" {
		f.Subject += string(fg.Change)
	}
	return f
}

// negativeRe is a minus sign opening a cell, in any of its forms.
var negativeRe = regexp.MustCompile(`^\s*[-－−–]\s*`)

func containsAny(s string, subs ...string) bool {
	return slices.ContainsFunc(subs, func(x string) bool { return strings.Contains(s, x) })
}

// namedChange is the direction a row's name ends on (…能源消耗降低, …增长),
// "" when it names none.
func namedChange(name string) figure.Change {
	ends := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.HasSuffix(name, w) })
	}
	switch {
	case ends("降低", "下降", "减少", "削减"):
		return figure.Down
	case ends("提高", "增长", "增加", "提升"):
		return figure.Up
	}
	return ""
}

// noValue reports a cell that holds no value: a dash, a slash, nothing.
func noValue(cell string) bool {
	return strings.Trim(cell, "—–-－/／…　 ") == ""
}

// nameUnit splits a row name that gives its unit (地区生产总值（亿元）)
// into the name and the unit; unit is "" when it gives none.
func nameUnit(name string) (string, string) {
	name = strings.TrimSpace(name)
	for _, pair := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasSuffix(name, pair[1]) {
			if i := strings.LastIndex(name, pair[0]); i > 0 {
				u := name[i+len(pair[0]) : len(name)-len(pair[1])]
				if u != "" && utf8.RuneCountInString(u) <= 6 && !strings.ContainsAny(u, "，,；") {
					return strings.TrimSpace(name[:i]), u
				}
			}
		}
	}
	return name, ""
}

// isLevel reports an indicator measured as a level in percent (失业率,
// 比重), whose percentages are not growth rates.
func isLevel(name string) bool {
	name, _ = nameUnit(name)
	for _, s := range []string{"率", "比重", "占比", "比例"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// nonEmpty returns its non-empty arguments.
func nonEmpty(s ...string) []string {
	return slices.DeleteFunc(s, func(x string) bool { return x == "" })
}

// setFigure copies a figure's text, value, range, unit and direction into
// a fact.
func setFigure(f *plan.Fact, fg figure.Figure) {
	f.Figure = fg.Text
	f.Value = fg.Value
	if fg.High != fg.Value {
		f.High = fg.High
	}
	f.Unit = fg.Unit
	f.Approx = fg.Approx
	f.Change = string(fg.Change)
}

// paragraphFacts adds the facts of the sentences of ps, under the
// headings and location loc in part pt. A fact's context is its headings
// and its paragraph's topic; its time, what the text last said of it (tc).
func (p *Parser) paragraphFacts(doc *plan.Document, ps []plan.Paragraph, pt *plan.Part, loc plan.Location, tc *timeContext, add func(plan.Fact)) {
	heads := nonEmpty(pt.Title, loc.SectionTitle, loc.TaskTitle)
	for _, para := range ps {
		if tc.within != "" && !withinTitled(doc, pt) {
			// 2023年1-11月，进出口总额… speaks for its paragraph; the next
			// one (——新增床位1405张) is the year's.
			tc.within = ""
		}
		context := strings.Join(append(heads, p.topic(para)), " ")
		whole := "" // the subject of the sentence before's last figure
		var lists []int
		if pt.Kind != plan.KindResult {
			lists = p.listStarts(para) // 年初确定的目标是：… in a review lists no targets
		}
		for i, s := range para.Sentences {
			prev := *tc
			tc.update(s.Text, doc, &p.words)
			// 2018年深圳市全民健身… in a review of 2019: that sentence is of
			// 2018, the ones after it of the part's year again.
			once := tc.year != 0 && tc.year != prev.year && pt.Year != 0 && tc.year < pt.Year
			// 2016年向人才配租住房1000套 among the term's targets: that
			// sentence is of 2016, the ones after it of the term again.
			once = once || tc.year != 0 && prev.ahead
			if lead, _, ok := strings.Cut(s.Text, "："); ok && !tc.ahead && tc.period.IsZero() && tc.year == 0 && doc.PlanYear != 0 && plan.AheadTermIn(lead) != "" {
				// 综合各方面因素，未来五年主要目标是：经济总量达4500亿元左右…:
				// that sentence's figures are the term's.
				*tc, once = timeContext{period: plan.Period{From: doc.PlanYear, To: doc.PlanYear + 4}, ahead: true}, true
			}
			listing := lists != nil && lists[i] == 0 // a list of targets runs on
			c, of := context, ""
			if whole != "" && strings.HasPrefix(s.Text, "其中") {
				// 其中，出口43.7亿元 breaks down the figure before it
				// (货物进出口总值56.3亿元): its parts are that whole's.
				c, of = c+" "+whole, whole
			}
			whole = ""
			p.sentenceFacts(doc, s, pt, loc, c, *tc, listing, func(f plan.Fact) {
				whole = cmp.Or(f.Subject, whole) // 其中 breaks down the figure just before it
				f.Subject += sharedHead(of, f.Subject)
				add(f)
			})
			if once {
				*tc = prev
			}
		}
	}
}

// sharedHead is what a part named by the first of the whole's conjuncts
// leaves unsaid: the head they share (产业空间 for 新建改造 of 新建改造和存量
// 纳管产业空间; 居民人均可支配收入 for 城镇 of 城镇和农村居民人均可支配收入),
// taken as what follows a second conjunct as long as the first. "" when
// part is no such conjunct.
func sharedHead(whole, part string) string {
	for _, and := range []string{"和", "及", "与"} {
		first, second, ok := strings.Cut(whole, and)
		if !ok || first != part {
			continue
		}
		if r1, r2 := []rune(first), []rune(second); len(r2) >= len(r1)+2 {
			return string(r2[len(r1):])
		}
	}
	return ""
}

// withinTitled reports a document or part whose title names a part of the
// year (2023年上半年…执行情况): all its figures are of that part.
func withinTitled(doc *plan.Document, pt *plan.Part) bool {
	w1, _, _ := plan.WithinIn(doc.Title)
	w2, _, _ := plan.WithinIn(pt.Title)
	return w1 != "" || w2 != ""
}

// topic is a paragraph's short first sentence without a figure
// (教育实力大幅增强。), which says what the rest is about; "" when it has none.
func (p *Parser) topic(para plan.Paragraph) string {
	if len(para.Sentences) < 2 {
		return ""
	}
	first := para.Sentences[0].Text
	if utf8.RuneCountInString(first) > maxLead || len(p.fig.Extract(first)) > 0 {
		return ""
	}
	return strings.TrimRight(first, "。")
}

// sentenceFacts adds a fact for each figure of sentence s, with its
// subject, its own words and its clause (each with its byte span in s);
// listing says s goes on with a list of targets.
func (p *Parser) sentenceFacts(doc *plan.Document, s plan.Sentence, pt *plan.Part, loc plan.Location, context string, tc timeContext, listing bool, add func(plan.Fact)) {
	if tableDump(s.Text) {
		return // cells of a table run together: no figure has a subject here
	}
	text := hideNotes(s.Text)
	figs := p.fig.Extract(text)
	if len(figs) == 0 {
		return
	}
	subjects := p.fig.Subjects(text, figs)
	paired := p.fig.Respectively(text, figs)
	targetsFrom := targetListStart(text, pt)
	if targetsFrom < 0 && listing {
		targetsFrom = 0 // the list of targets runs on
	}
	baselines := figure.Baselines(text, figs)
	for k, b := range figure.Thresholds(text, figs) {
		baselines[k] = baselines[k] || b // 30亿元以上 in 30亿元以上项目6个 bounds, states nothing
	}
	rs, hrs := []rune(s.Text), []rune(text) // the same runes but for footnote marks
	loc.Page = s.Page
	for k, fg := range figs {
		cs, ce := figure.Clause(hrs, fg)
		os, oe := figure.Own(hrs, figs, k)
		f := plan.Fact{
			Subject: unhide(subjects[k]), Year: pt.Year, Kind: pt.Kind, Sentence: s.ID,
			Own: unhide(string(hrs[os:oe])), Clause: unhide(string(hrs[cs:ce])), Context: context, Loc: loc,
			OwnSpan:    [2]int{len(string(rs[:os])), len(string(rs[:oe]))},
			ClauseSpan: [2]int{len(string(rs[:cs])), len(string(rs[:ce]))},
			Baseline:   baselines[k],
		}
		if paired[k] != "" {
			// One of a parallel list: its own words are its item, which
			// stands apart from its figure, not the list before it.
			f.Subject = unhide(paired[k])
			if fg.Change != "" && fg.Percent() && !strings.HasSuffix(f.Subject, string(fg.Change)) {
				f.Subject += string(fg.Change)
			}
			f.Own = f.Subject + fg.Text
			f.OwnSpan = [2]int{len(string(rs[:fg.Start])), len(string(rs[:fg.End]))}
		}
		setFigure(&f, fg)
		tc.timeOf(&f, pt, doc)
		sinceBase(&f, string(hrs[:fg.Start]))
		levelYear(&f, string(hrs[max(os, fg.Start-levelYearRunes):fg.Start]), string(hrs[fg.End:min(len(hrs), fg.End+levelYearRunes)]))
		if targetsFrom >= 0 && fg.Start >= targetsFrom {
			f.Kind = plan.KindTarget // 主要预期目标是：地区生产总值增长5%左右…
		}
		if f.Kind == plan.KindResult && projected(string(hrs[cs:fg.Start]), string(hrs[fg.End:])) {
			// 启动建设十所学校，预计新增学位3.1万个，将根本缓解…: what a
			// project will bring, not what the year brought.
			f.Kind = plan.KindTarget
		}
		add(f)
	}
}

// baseYearRe is a comparison with a year some way back, earlier in the
// sentence: 与2009年新区成立时相比, 比2015年, 较2012年.
var baseYearRe = regexp.MustCompile(`(?:与|同|比|较)(\d{4})年[^，。；;]{0,12}?(?:相比|相较|比较)?`)

// sinceBase makes a change measured against a year before the last (与2009
// 年新区成立时相比，地区生产总值增长108.3%) a change over the years since:
// not the growth of the fact's own year.
func sinceBase(f *plan.Fact, before string) {
	if f.Change == "" || !f.Period.IsZero() || f.Year == 0 {
		return
	}
	ms := baseYearRe.FindAllStringSubmatch(numeral.NormalizeYears(before), -1)
	if ms == nil {
		return
	}
	base, _ := strconv.Atoi(ms[len(ms)-1][1])
	if base < f.Year-1 && base > f.Year-50 {
		f.Period, f.Aggregate = plan.Period{From: base + 1, To: f.Year}, plan.Cumulative
	}
}

// glossaryRe is the title of an annex explaining the report's terms.
var glossaryRe = regexp.MustCompile(`(?:名词|术语|词语)[^，。]{0,6}(?:解释|注释|说明)`)

// projected reports a figure its clause expects (预计新增学位3.1万个)
// and the sentence then says what it will do (，将根本缓解…): a forecast,
// not a result. 预计全年… alone is a year's estimate, a result.
func projected(clauseBefore, after string) bool {
	if !strings.Contains(clauseBefore, "预计") {
		return false
	}
	next, _, _ := strings.Cut(strings.TrimLeft(after, "，,"), "。")
	return strings.HasPrefix(next, "将") || strings.Contains(next, "，将")
}

// levelYearRe ends the words right before a level that name its year:
// 从2020年的 (3.68万亿元), 增长到2025年的 (4.93万亿元).
var levelYearRe = regexp.MustCompile(`(?:从|由|到|至)(\d{4})年(?:底|末)?的?$`)

// fromRe ends the words right before a starting level (GDP从 3847亿元);
// toLevelRe opens the words after it that lead to the level reached
// (跃升到 4422亿元).
var (
	fromRe    = regexp.MustCompile(`(?:从|由)$`)
	toLevelRe = regexp.MustCompile(`^(?:增长|提高|提升|增加|扩大|上升|跃升|攀升|跨越|降低|下降|减少|缩小|增|降|升)?(?:到|至)`)
)

// levelYearRunes is how far before and after a figure levelYear looks.
const levelYearRunes = 10

// levelYear dates a level by the year written right before it: the start
// of a five-year review's 从2020年的3.68万亿元 is 2020's, outside the
// period the sentence reviews; its end is the period's last year's.
func levelYear(f *plan.Fact, before, after string) {
	m := levelYearRe.FindStringSubmatch(before)
	if m == nil {
		// GDP从3847亿元跃升到4422亿元 in a year's review: the level it
		// started from is the year before's (the period's, in a review
		// of years), not the year's result.
		if f.Kind == plan.KindResult && f.Year != 0 && fromRe.MatchString(before) && toLevelRe.MatchString(after) {
			f.Year = f.Year - 1
			if !f.Period.IsZero() {
				f.Year = f.Period.From - 1
			}
			f.Period = plan.Period{}
		}
		return
	}
	y, _ := strconv.Atoi(m[1])
	f.Year = y
	if !f.Period.Contains(y) {
		f.Period = plan.Period{}
	}
}

// adjacentNumbersRe is two numbers with only spaces between them, as
// table cells stand and sentences never do (a sentence extracted from a
// PDF may space a number from its unit, 5318.2 亿元, not from another
// number).
var adjacentNumbersRe = regexp.MustCompile(`\d(?:\.\d+)?\s+[-+]?\d`)

// tableDump reports text that is table cells run together (地区生产总值
// 亿元 3215.67 5.8规模以上工业增加值 亿元 385.21 3.6…): two or more places
// where numbers stand side by side. Its "figures" would take their
// neighbours' names as subjects and units, so it gives none; its words
// still answer a search.
func tableDump(text string) bool {
	return len(adjacentNumbersRe.FindAllStringIndex(text, 2)) >= 2
}

// targetListStart returns the rune offset where a sentence of a plan's
// part lists the year's targets (今年经济社会发展主要预期目标是：…), -1
// when it does not: those figures are targets, not tasks.
func targetListStart(text string, pt *plan.Part) int {
	if pt.Kind == plan.KindResult {
		return -1 // 年初确定的目标是：… in a review
	}
	loc := runningTargetRe.FindStringIndex(text)
	if loc == nil {
		return -1
	}
	return utf8.RuneCountInString(text[:loc[1]])
}

// indicatorFacts records the value of an indicator that states no figure
// (全社会固定资产投资力争正增长): a target worth answering with its words.
func (p *Parser) indicatorFacts(inds []plan.Indicator, pt *plan.Part, loc plan.Location, pages map[int]int, add func(plan.Fact)) {
	for _, ind := range inds {
		if len(p.fig.Extract(ind.Text)) > 0 || ind.Value == "" {
			continue
		}
		l := loc
		l.Page = pages[ind.Sentence]
		kind := pt.Kind
		if kind == plan.KindTask {
			kind = plan.KindTarget // a listed indicator, even among tasks (主要预期目标是：…)
		}
		add(plan.Fact{
			Figure: strings.TrimRight(ind.Value, "；;。"), Subject: ind.Name, Year: pt.Year, Kind: kind,
			Sentence: ind.Sentence, Own: ind.Text, Clause: ind.Text,
			Context: strings.Join(nonEmpty(pt.Title, loc.SectionTitle, ind.Group), " "), Loc: l, Qualitative: true,
		})
	}
}
