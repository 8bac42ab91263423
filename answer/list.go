package answer

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// maxListItems bounds a list answer: a year's target list runs to 15
// or so items, and a chat message shows 20 well.
const maxListItems = 20

// listAnswer answers 有哪些 (指标 / 任务 / 重点项目 / 民生实事) and 教育
// 方面有什么计划: each item an answer with its source. What is listed
// depends on what is asked: a plan's headline indicators, its tasks, the
// tasks on a topic with their figures, the items under a heading named
// by the question (附件 2026年民生实事), else the figures the question's
// words describe.
func (e *Engine) listAnswer(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer, cat *store.Catalog) Answer {
	doc, ok := e.listedDoc(ctx, q, sc, cat)
	if !ok {
		return Answer{Message: "索引中没有可以列举的计划文件。(No plan to list from.)"}
	}
	content := strings.ToLower(q.Content)
	var items []Item
	var what string
	if q.Topic && len(contentTerms(q)) == 0 {
		// 都有哪些任务: no subject, so the things themselves.
		q.Topic, content = false, q.ListOf
	}
	switch {
	case q.Topic:
		if ranked := rankTasks(doc, q); len(ranked) > 0 {
			for _, r := range ranked {
				if r.score == ranked[0].score {
					its := e.taskItems(doc, r.ref)
					// A title naming the topic opens on it, unless the topic
					// is one of several it names and its opening is on
					// another (坚持教育优先发展、科技自立自强、人才引领驱动：
					// 办好人民满意的教育。 for 人才).
					if s := topicSentence(r.ref, q, doc.figured); s != "" && (!namesTopic(r.ref.Task.Title, q) || namesLater(r.ref.Task.Title, q)) {
						its[0].Excerpt = r.ref.Task.Title + "：" + s
					}
					items = append(items, its...)
				}
			}
			what = "相关任务及其数字"
		}
	case slices.ContainsFunc([]string{"指标", "预期目标", "主要目标", "总体目标", "发展目标"}, func(w string) bool { return strings.Contains(content, w) }):
		items, what = e.indicatorItems(doc, q, content), "指标"
	case strings.Contains(content, "任务") || doc.sectionTasks && strings.Contains(content, "工作"):
		for _, ref := range doc.tasks {
			items = append(items, e.taskItems(doc, ref)[0])
		}
		what = "任务"
	}
	if len(items) == 0 {
		items, what = e.headingItems(doc, content)
	}
	if len(items) == 0 {
		items, what = e.describedItems(ctx, withoutQualifiers(q), sc, an)
	}
	if len(items) == 0 {
		all, _ := e.search(ctx, q, sc.search, an)
		return Answer{Answers: all, Message: "文件中没有找到可以列举的内容，以下是最接近的内容。(Nothing to list; nearest statements follow.)"}
	}
	if q.Topic && !plansAnything(doc) {
		// 教育方面有什么计划 of a statistical bulletin: it plans nothing,
		// and what it reports is shown as such.
		return Answer{Answers: items, Message: fmt.Sprintf("《%s》不含计划或任务，以下是它报告的相关情况。(The document plans nothing; what it reports follows.)", doc.Title)}
	}
	// A task's figures follow it; what is counted is the tasks, or the
	// items of a list of figures.
	n := countRoles(items)
	items = fitList(items, n)
	msg := fmt.Sprintf("《%s》中的%s，共%d项。", doc.Title, what, n)
	if shown := countRoles(items); shown < n {
		msg = fmt.Sprintf("《%s》中的%s，共%d项，以下是前%d项。", doc.Title, what, n, shown)
	}
	return Answer{Found: true, Answers: items, Message: msg}
}

// listedDoc is the document a list is of: the plan of the year asked (or
// whose years the question names), else the newest plan.
func (e *Engine) listedDoc(ctx context.Context, q nlp.Question, sc scoping, cat *store.Catalog) (*planDoc, bool) {
	regions := sc.search.Regions
	for _, y := range q.Years {
		for _, m := range cat.Docs {
			if (m.PlanYear == y || m.ReportYear == y) && (len(regions) == 0 || slices.Contains(regions, m.Region)) {
				if doc, err := e.plan(ctx, m.ID); err == nil {
					return doc, true
				}
			}
		}
	}
	return e.newestPlanDoc(ctx, q, cat, regions)
}

// topicSentence is the sentence of a task that says most of the topic
// asked — the phrase whole (提升海洋经济能级… for 海洋经济方面有什么计划),
// else the most of its words — or "" when none holds any. A task that is a
// whole part of sections (一、奋力决战“四大攻坚行动”… （四）奋力决战旅游品
// 质提升攻坚行动) also weighs each section's title, which says more than
// a sentence under it: the title then leads what is quoted.
//
// Work reports head a paragraph, or a run of its sentences, with a short
// sentence of its own (高水平建设健康龙华。办好义务教育。): a sentence is
// quoted after the subheading it stands under, and a subheading with what
// it plans; among sentences alike, one stating a figure (figured, by
// sentence ID) says more of a plan.
func topicSentence(ref plan.TaskRef, q nlp.Question, figured map[int]bool) string {
	phrase := strings.ToLower(bareContent(q.Terms))
	score := func(text string) int {
		low := strings.ToLower(text)
		n := 0
		whole := utf8.RuneCountInString(phrase) >= 3 && strings.Contains(low, phrase)
		if whole {
			n += 10
		}
		for _, term := range q.Terms {
			if term.Intent != "" {
				continue
			}
			most := 0
			for _, a := range term.Alts {
				most = max(most, strings.Count(low, a))
			}
			if most > 0 {
				n += 2
			}
			if !whole {
				// The sentence that keeps to a one-word topic (坚持教育优先
				// 发展战略，制定教育先行示范…的教育) over one naming it in
				// passing.
				n += min(most-1, 2)
			}
		}
		return n
	}
	type quote struct{ head, text string } // a sentence and the subheading it stands under
	var best, next quote                   // next is the runner-up, quoted after the best
	most, nextMost := 0, 0
	for _, p := range ref.Task.Paragraphs {
		for i, s := range p.Sentences {
			n := score(s.Text)
			if n == 0 {
				continue
			}
			qt := quote{text: s.Text}
			if i > 0 && isSubheading(p.Sentences[0].Text) {
				// 坚决打好蓝天保卫战。今年二氧化硫…要分别下降3%…开展重点行业
				// 污染治理专项行动。: the paragraph's own heading, with the
				// first figure it plans, before the sentence on the topic.
				qt.head = p.Sentences[0].Text
				for _, t := range p.Sentences[1:i] {
					if figured[t.ID] {
						qt.head += t.Text + "……"
						break
					}
				}
			}
			if isSubheading(s.Text) {
				n += 3 // a subheading (努力打造教育现代化的罗湖样本。) says what follows is on it
				// What it heads, to the next subheading: its first figure.
				var first, figure string
				for _, t := range p.Sentences[i+1:] {
					if isSubheading(t.Text) {
						break
					}
					first = cmp.Or(first, t.Text)
					if figured[t.ID] {
						figure = t.Text
						n++
						break
					}
				}
				qt.text += cmp.Or(figure, first)
			} else {
				if figured[s.ID] {
					n++
				}
			}
			switch {
			case n > most:
				next, nextMost = best, most
				best, most = qt, n
			case n > nextMost:
				next, nextMost = qt, n
			}
		}
	}
	said := best.head + best.text
	if next.text != "" && nextMost >= max(2, most-10) && !strings.Contains(said, next.text) {
		// 住房保障: the sentence naming it (完善住房市场和住房保障两个体系),
		// then the one planning for it (建设筹集保障性住房10万套).
		if next.head != "" && !strings.Contains(said, next.head) {
			said += "……" + next.head + next.text
		} else {
			said += "……" + next.text
		}
	}
	if ref.Section == nil || ref.Section.Title != "" || ref.Part == nil {
		return said
	}
	// A section whose title names the topic is what the part plans for
	// it, however often sentences elsewhere mention it.
	titled, top := "", 0
	for _, sec := range ref.Part.Sections {
		if n := score(sec.Title); n > top && len(sec.Paragraphs) > 0 && len(sec.Paragraphs[0].Sentences) > 0 {
			titled, top = sec.Title+"："+sec.Paragraphs[0].Sentences[0].Text, n
		}
	}
	return cmp.Or(titled, said)
}

// isSubheading reports a sentence short and whole enough to head what
// follows it (提升海洋经济能级。).
func isSubheading(s string) bool {
	return utf8.RuneCountInString(s) <= subheadingRunes && !strings.ContainsAny(s, "，,；;")
}

// subheadingRunes is the longest a sentence that heads what follows
// (提升海洋经济能级。) may run.
const subheadingRunes = 24

// namesLater reports a title naming several themes (坚持教育优先发展、科技
// 自立自强、人才引领驱动) whose first does not name the topic: its
// opening is on another.
func namesLater(title string, q nlp.Question) bool {
	themes := strings.FieldsFunc(title, func(r rune) bool { return r == '、' || r == '，' || r == ',' })
	return len(themes) > 1 && !namesTopic(themes[0], q)
}

// namesTopic reports a task title that holds a word of the question: its
// opening then says what it plans for the topic.
func namesTopic(title string, q nlp.Question) bool {
	low := strings.ToLower(title)
	named := false
	for _, t := range q.Terms {
		if t.Intent != "" {
			continue
		}
		if !slices.ContainsFunc(t.Alts, func(a string) bool { return strings.Contains(low, a) }) {
			return false // 住房保障: a title on 保障和改善民生 names half of it
		}
		named = true
	}
	return named
}

// plansAnything reports a document that states a target or a task.
func plansAnything(doc *planDoc) bool {
	return len(doc.tasks) > 0 || slices.ContainsFunc(doc.Facts, func(f plan.Fact) bool {
		return f.Kind == plan.KindTarget || f.Kind == plan.KindTask
	})
}

// termList reports a list of indicators set for a five-year term: opened
// by words naming the term (今后五年经济社会发展的主要预期目标是：, 未来五年，
// 政府要努力实现以下目标：, “十四五”时期的主要目标是：). A heading naming
// the plan says nothing alone: a theme opening it (全力推动“十五五”开好局)
// heads the year's list.
func termList(doc *planDoc, ind plan.Indicator) bool {
	opening, _, found := strings.Cut(doc.sentence(ind.Sentence), "：")
	if !found {
		return false
	}
	n, _, _ := plan.FiveYearPlanIn(opening)
	if n > 0 || namesTerm(opening) {
		return true
	}
	// 到2025年，全区经济社会发展的主要预期目标是：… in a report planning 2021.
	m := reachYearRe.FindStringSubmatch(opening)
	if m == nil || doc.PlanYear == 0 {
		return false
	}
	y, _ := strconv.Atoi(m[1])
	return y > doc.PlanYear
}

// namesTerm reports words naming a five-year term (未来五年的主要目标).
func namesTerm(text string) bool {
	return plan.AheadTermIn(text) != "" || strings.Contains(text, "五年内")
}

// reachYearRe names the year a list is to be reached by (到2025年).
var reachYearRe = regexp.MustCompile(`(?:^|[^\d])到(\d{4})年`)

// indicatorItems lists a plan's headline indicators for the year asked
// (its plan year by default): the rows of its indicator table, or its
// listed indicators, of the group named (预期性 / 约束性) when one is.
func (e *Engine) indicatorItems(doc *planDoc, q nlp.Question, content string) []Item {
	year := doc.PlanYear
	if len(q.Years) > 0 {
		year = q.Years[0]
	}
	group := ""
	for _, g := range []string{"预期性", "约束性"} {
		if strings.Contains(content, g) {
			group = g
		}
	}
	var items []Item
	for _, f := range doc.Facts {
		if f.Year != year || f.Kind != plan.KindTarget && f.Kind != plan.KindTask || !f.Period.IsZero() {
			continue
		}
		if f.Loc.Table == "" || group != "" && !strings.Contains(f.Context, group) {
			continue
		}
		items = append(items, e.docItem(doc, f, "indicator"))
	}
	if len(items) > 0 {
		return items
	}
	for p, ind := range doc.ListedIndicators() {
		pYear, pKind := p.Year, p.Kind
		if f, ok := indicatorFact(doc, ind); q.Period.IsZero() && !namesTerm(q.Text) &&
			(termList(doc, ind) || ok && !f.Period.IsZero() && f.Period.From >= doc.PlanYear) {
			// 今后五年…的主要预期目标是：… is not the year's list, but
			// it is its last year's (到2020年的总体目标).
			if !ok || len(q.Years) == 0 || f.Period.IsZero() || f.Period.To != year {
				continue
			}
			pYear = year
		}
		if p.Kind == plan.KindOther && doc.PlansAhead(p.Title) {
			pYear, pKind = doc.PlanYear, plan.KindTarget // a theme heading the year planned
		}
		if pYear != year || pKind != plan.KindTarget && pKind != plan.KindTask || group != "" && !strings.Contains(ind.Group, group) {
			continue
		}
		if f, ok := indicatorFact(doc, ind); ok {
			it := e.docItem(doc, f, "indicator")
			if it.Year == 0 {
				// A target in words under a theme part: the part's year.
				it.Year, it.Kind, it.KindLabel = pYear, pKind, pKind.Label()
			}
			items = append(items, it)
		} else if it, ok := wordedIndicator(doc, p, pYear, pKind, ind); ok {
			items = append(items, it)
		}
	}
	if len(items) > 0 || group != "" {
		return items
	}
	// No table and no list the parser took for one: the year's targets
	// as the text states them (主要预期目标是：… under a part headed by a
	// theme).
	for _, f := range doc.Facts {
		if f.Year == year && f.Kind == plan.KindTarget && f.Period.IsZero() {
			items = append(items, e.docItem(doc, f, "indicator"))
		}
	}
	return items
}

// wordedIndicator is an indicator the list states in words, with no
// figure (居民收入增长和经济增长同步), as an item of the list.
func wordedIndicator(doc *planDoc, p *plan.Part, year int, kind plan.Kind, ind plan.Indicator) (Item, bool) {
	what := cmp.Or(ind.Value, ind.Text)
	if what == "" {
		return Item{}, false
	}
	loc := plan.Location{Outline: doc.Outline, Part: p.Number, PartTitle: p.Title, Annex: p.Annex, Page: p.Page}
	return Item{
		Figure: what, Qualitative: true, Subject: ind.Name, Year: year, Kind: kind, KindLabel: kind.Label(),
		Excerpt: doc.sentence(ind.Sentence), Location: loc, LocationText: loc.String(), Document: doc.ID, DocTitle: doc.Title,
		Region: doc.Region, Version: doc.version, Sentence: ind.Sentence, Confidence: 1, Role: "indicator",
	}, true
}

// indicatorFact is the fact an indicator's sentence gives for it.
// Two indicators of one sentence may state the same figure (规上工业增加值
// 增长5.5%左右, 固定资产投资增长5.5%左右): the one named as the indicator is,
// or whose own words the indicator's text holds, before any with its figure.
func indicatorFact(doc *planDoc, ind plan.Indicator) (plan.Fact, bool) {
	best, rank := plan.Fact{}, 0
	for _, f := range doc.Facts {
		if f.Sentence != ind.Sentence {
			continue
		}
		r := 0
		switch {
		case f.Subject == ind.Name:
			return f, true
		case f.Own != "" && strings.Contains(ind.Text, f.Own):
			r = 2
		case strings.Contains(ind.Text, f.Figure):
			r = 1
		}
		if r > rank {
			best, rank = f, r
		}
	}
	return best, rank > 0
}

// headingItems lists what stands under a heading the question names
// (附件 2026年民生实事 for 民生实事, a section 重点项目): its paragraphs,
// each with its first figure.
func (e *Engine) headingItems(doc *planDoc, content string) ([]Item, string) {
	if content == "" {
		return nil, ""
	}
	for _, p := range doc.Parts {
		if strings.Contains(strings.ToLower(p.Title), content) {
			return e.paragraphItems(doc, p.Number, p.Title), p.Title
		}
		for _, s := range p.Sections {
			if strings.Contains(strings.ToLower(s.Title), content) {
				return e.paragraphItems(doc, p.Number, p.Title, s.Title), s.Title
			}
		}
	}
	return nil, ""
}

// paragraphItems are the first fact of each sentence under a heading (the
// part titled partTitle, and the section when one is given).
func (e *Engine) paragraphItems(doc *planDoc, part int, partTitle string, section ...string) []Item {
	var items []Item
	seen := map[int]bool{}
	for _, f := range doc.Facts {
		if f.Loc.Part != part || f.Loc.PartTitle != partTitle || len(section) > 0 && f.Loc.SectionTitle != section[0] || seen[f.Sentence] {
			continue
		}
		seen[f.Sentence] = true
		items = append(items, e.docItem(doc, f, "item"))
	}
	return items
}

// describedItems lists the facts the question's words describe: those
// that hold its content words near their figure, of the year asked, a
// sentence each.
func (e *Engine) describedItems(ctx context.Context, q nlp.Question, sc scoping, an *nlp.Analyzer) ([]Item, string) {
	q.Kind = nlp.AskFigure
	all, _ := e.scoreAll(ctx, q, sc.search, an)
	var items []Item
	seen := map[string]bool{}
	for _, s := range all {
		if s.coverage < foundCoverage || s.missing >= maxMissing {
			continue
		}
		if f := &s.c.rec.Facts[s.fact]; !q.Period.IsZero() && f.Period != q.Period && !(f.Period.IsZero() && q.Period.Contains(f.Year)) {
			continue // 未来五年有什么规划: not what the review says was done
		}
		key := fmt.Sprintf("%s@%d", s.c.rec.DocID, s.c.rec.ID)
		if seen[key] {
			continue
		}
		seen[key] = true
		it := e.item(s)
		it.Role = "item"
		items = append(items, it)
	}
	return items, q.Content
}

// contentTerms are q's content words, intent words left out.
func contentTerms(q nlp.Question) []nlp.Term {
	return slices.DeleteFunc(slices.Clone(q.Terms), func(t nlp.Term) bool { return t.Intent != "" })
}

// listQualifiers say which of a kind of thing (重点项目, 主要指标); a list
// of them is a list of the thing, however a document ranks it.
var listQualifiers = []string{"重点", "主要", "重大", "重要", "关键", "各项", "所有", "全部"}

// withoutQualifiers drops a list question's qualifiers from its content
// words: 2022年有哪些重点项目 lists the projects.
func withoutQualifiers(q nlp.Question) nlp.Question {
	q.Terms = slices.DeleteFunc(slices.Clone(q.Terms), func(t nlp.Term) bool { return slices.Contains(listQualifiers, t.Word) })
	return q
}

// docItem is a fact of doc as an item of a composite answer.
func (e *Engine) docItem(doc *planDoc, f plan.Fact, role string) Item {
	return Item{
		Figure: f.Figure, Value: f.Value, High: f.High, Unit: f.Unit, Approx: f.Approx, Change: f.Change, Qualitative: f.Qualitative,
		Subject: f.Subject, Year: f.Year, Period: f.Period.Label(), Aggregate: string(f.Aggregate), Kind: f.Kind, KindLabel: f.Kind.Label(),
		Excerpt: doc.sentence(f.Sentence), Location: f.Loc, LocationText: f.Loc.String(), Document: doc.ID, DocTitle: doc.Title,
		Region: doc.Region, Version: doc.version, Sentence: f.Sentence, FactID: f.ID, Confidence: 1, Role: role,
	}
}

// countRoles counts the items that are not a task's figures.
// fitList bounds a list to maxListItems rows. Tasks with their figures
// keep every task and as many of each one's figures as leave room for
// all (南山's 八大行动: eight sections, one figure each), rather than the
// first three whole.
func fitList(items []Item, n int) []Item {
	if len(items) <= maxListItems {
		return items
	}
	if n == len(items) || n > maxListItems {
		return items[:maxListItems]
	}
	per := (maxListItems - n) / n
	out := make([]Item, 0, maxListItems)
	shown := 0
	for _, it := range items {
		if it.Role != "figure" {
			shown = 0
		} else if shown++; shown > per {
			continue
		}
		out = append(out, it)
	}
	return out
}

func countRoles(items []Item) int {
	n := 0
	for _, it := range items {
		if it.Role != "figure" {
			n++
		}
	}
	return n
}
