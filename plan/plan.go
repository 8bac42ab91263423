// Package plan is planbot's domain model: a government plan document as a
// tree of parts, sections, tasks, paragraphs and sentences, with the
// headline indicators, tables and the facts (figures) found in it; the
// changes between two documents and the targets (tasks, indicators) users
// follow; and the error type. It knows nothing of storage, Slack or
// segmentation.
package plan

import (
	"fmt"
	"strings"
)

// Kind says whether a statement reports what happened or what is planned.
type Kind string

// The kinds of statement a plan document makes.
const (
	KindResult Kind = "result" // 执行情况, 工作回顾: what was achieved
	KindTarget Kind = "target" // 主要目标, 预期性/约束性指标: the year's targets
	KindTask   Kind = "task"   // 主要任务, 重点工作: planned work with its figures
	KindOther  Kind = ""       // anything else (preamble, appendix notes)
)

// Label is the Chinese name of the kind, for display.
func (k Kind) Label() string {
	switch k {
	case KindResult:
		return "完成情况"
	case KindTarget:
		return "目标"
	case KindTask:
		return "计划任务"
	}
	return "其他"
}

// Document is one parsed plan document.
type Document struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Region     string `json:"region"`      // 福田区; the most specific place the document covers
	Genre      string `json:"genre"`       // plan-execution, work-report, progress-report
	ReportYear int    `json:"report_year"` // the year whose results it reports
	PlanYear   int    `json:"plan_year"`   // the year it plans for
	Date       string `json:"date"`        // 2022-01, when stated
	Source     string `json:"source"`      // file name it came from
	Hash       string `json:"hash"`        // sha256 of the raw bytes
	Pages      int    `json:"pages"`
	// Outline is how the document numbers its headings: "" for 一、/
	// （一）/1., OutlineChapters for 第一章/第一节, OutlineVolumes for 第一篇/
	// 第一章/第一节 (five-year plan outlines).
	Outline  string      `json:"outline,omitempty"`
	Preamble []Paragraph `json:"preamble,omitempty"`
	Parts    []Part      `json:"parts"`
	Tables   []Table     `json:"tables,omitempty"`
	Facts    []Fact      `json:"facts"`
	Warnings []string    `json:"warnings,omitempty"` // repairs made and doubts, for the ingest report
}

// Part is a top-level division (一、…), a heading without a number (0),
// or an annex (Annex 附件1).
type Part struct {
	Number     int         `json:"number"`
	Title      string      `json:"title"`
	Annex      string      `json:"annex,omitempty"` // 附件, 附件1: the part is an annex
	Kind       Kind        `json:"kind"`
	Year       int         `json:"year"`
	Page       int         `json:"page"`
	Paragraphs []Paragraph `json:"paragraphs,omitempty"` // before the first section
	Indicators []Indicator `json:"indicators,omitempty"` // headline list (——…) outside sections
	Sections   []Section   `json:"sections,omitempty"`
}

// Section is a division of a part (（一）…).
type Section struct {
	Number     int         `json:"number"`
	Title      string      `json:"title"`
	Page       int         `json:"page"`
	Paragraphs []Paragraph `json:"paragraphs,omitempty"`
	Indicators []Indicator `json:"indicators,omitempty"`
	Tasks      []Task      `json:"tasks,omitempty"`
}

// Task is a numbered task (1. …), numbered through the whole part.
type Task struct {
	Number     int         `json:"number"`
	Title      string      `json:"title"`
	Page       int         `json:"page"`
	Paragraphs []Paragraph `json:"paragraphs"`
}

// Paragraph is a run of sentences.
type Paragraph struct {
	Sentences []Sentence `json:"sentences"`
}

// Text joins the paragraph's sentences.
func (p Paragraph) Text() string {
	var b strings.Builder
	for _, s := range p.Sentences {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Sentence is the unit facts are quoted from. ID is its index in the
// document, in reading order.
type Sentence struct {
	ID   int    `json:"id"`
	Text string `json:"text"`
	Page int    `json:"page"`
}

// Indicator is one line of a headline indicator list (——地区生产总值增长6.0%以上).
type Indicator struct {
	Name     string `json:"name"`            // 地区生产总值
	Text     string `json:"text"`            // the line as written
	Value    string `json:"value"`           // what it says of the indicator: 增长6.0%以上, 力争正增长
	Sentence int    `json:"sentence"`        // ID of the sentence holding it
	Group    string `json:"group,omitempty"` // 预期性指标 / 约束性指标 when grouped
}

// Table is a table of indicators, such as the appendix 目标建议表.
type Table struct {
	Title   string   `json:"title"`
	Columns []Column `json:"columns"`
	Rows    []Row    `json:"rows"`
	Page    int      `json:"page"`
}

// Column is a value column of a table: its header, year and kind.
type Column struct {
	Header string `json:"header"` // 2021年增长目标
	Year   int    `json:"year"`
	Kind   Kind   `json:"kind"`
}

// Row is one indicator row of a table.
type Row struct {
	Number   int      `json:"number"`
	Group    string   `json:"group,omitempty"` // 预期性指标
	Name     string   `json:"name"`
	Cells    []string `json:"cells"` // one per column
	Text     string   `json:"text"`  // the row as written, for quoting
	Sentence int      `json:"sentence"`
}

// Location says where a statement stands in its document.
type Location struct {
	Outline      string `json:"outline,omitempty"` // the document's heading numbers (Document.Outline)
	Annex        string `json:"annex,omitempty"`   // 附件1, for a statement in an annex
	Part         int    `json:"part,omitempty"`
	PartTitle    string `json:"part_title,omitempty"`
	Section      int    `json:"section,omitempty"`
	SectionTitle string `json:"section_title,omitempty"`
	Task         int    `json:"task,omitempty"`
	TaskTitle    string `json:"task_title,omitempty"`
	Table        string `json:"table,omitempty"`
	Row          int    `json:"row,omitempty"`
	Page         int    `json:"page,omitempty"`
	// PageUnknown marks a document whose pages the file does not record
	// (a Word file): the location says so rather than leave it out.
	PageUnknown bool `json:"page_unknown,omitempty"`
}

// Heading numberings (Document.Outline).
const (
	OutlineChapters = "chapters" // 第一章 … 第一节 … 1.
	OutlineVolumes  = "volumes"  // 第一篇 … 第一章 … 第一节
)

// heading writes a heading's number the way the document does, at level
// 0 (part), 1 (section) or 2 (task).
func (l Location) heading(level, n int, title string) string {
	var forms [3]string
	switch l.Outline {
	case OutlineVolumes:
		forms = [3]string{"第%s篇 %s", "第%s章 %s", "第%s节 %s"}
	case OutlineChapters:
		forms = [3]string{"第%s章 %s", "第%s节 %s", "%s. %s"}
	default:
		forms = [3]string{"%s、%s", "（%s）%s", "%s. %s"}
	}
	num := ChineseNumber(n)
	if strings.HasPrefix(forms[level], "%s.") {
		num = fmt.Sprint(n)
	}
	return fmt.Sprintf(forms[level], num, title)
}

// String renders the location the way staff cite it:
// 三、2022年经济社会发展主要任务 › （六）切实增进民生福祉 › 20. 提升教育事业发展质效 › 第23页.
func (l Location) String() string {
	var parts []string
	switch {
	case l.Annex != "":
		parts = append(parts, strings.TrimSpace(l.Annex+" "+l.PartTitle))
	case l.PartTitle != "" && l.Part == 0:
		parts = append(parts, l.PartTitle) // a heading without a number
	case l.PartTitle != "":
		parts = append(parts, l.heading(0, l.Part, l.PartTitle))
	}
	if l.SectionTitle != "" {
		parts = append(parts, l.heading(1, l.Section, l.SectionTitle))
	}
	if l.TaskTitle != "" {
		parts = append(parts, l.heading(2, l.Task, l.TaskTitle))
	}
	if l.Table != "" {
		t := l.Table
		if l.Row > 0 {
			t = fmt.Sprintf("%s 第%d行", t, l.Row)
		}
		parts = append(parts, t)
	}
	switch {
	case l.Page > 0:
		parts = append(parts, fmt.Sprintf("第%d页", l.Page))
	case l.PageUnknown:
		parts = append(parts, "页码不详")
	}
	return strings.Join(parts, " › ")
}

// Fact is one figure in a document with everything needed to quote it.
type Fact struct {
	ID      int     `json:"id"`
	Figure  string  `json:"figure"` // as written: 9510座, 6.0%以上
	Value   float64 `json:"value"`
	High    float64 `json:"high,omitempty"` // upper end of a range
	Unit    string  `json:"unit"`
	Approx  string  `json:"approx,omitempty"` // 约, 近, 以上 …
	Change  string  `json:"change,omitempty"` // 增长 / 下降
	Subject string  `json:"subject"`
	Year    int     `json:"year"`
	// Period is the span of years the figure covers (十四五时期, 过去五年),
	// Year its last; zero for a figure of one year. Aggregate says when
	// the figure sums or averages over years (累计, 年均).
	Period    Period    `json:"period,omitzero"`
	Aggregate Aggregate `json:"aggregate,omitempty"`
	// Within is the part of the year the figure covers (上半年, 一季度,
	// 前三季度, 1-8月; WithinIn): not the whole year's figure.
	Within   string `json:"within,omitempty"`
	Kind     Kind   `json:"kind"`
	Sentence int    `json:"sentence"` // ID of the sentence it came from
	Own      string `json:"own"`      // the words that belong to this figure alone
	// OwnSpan and ClauseSpan are Own's and Clause's byte offsets in the
	// sentence, when they are part of it (not for table rows).
	OwnSpan    [2]int   `json:"own_span,omitempty"`
	ClauseSpan [2]int   `json:"clause_span,omitempty"`
	Clause     string   `json:"clause"`  // the clause around it
	Context    string   `json:"context"` // headings and paragraph lead it stands under
	Loc        Location `json:"loc"`
	Column     string   `json:"column,omitempty"` // table column header, for table facts
	// Baseline marks the starting value of a change to another figure:
	// 7家 in 由7家增至16家.
	Baseline bool `json:"baseline,omitempty"`
	// Qualitative marks a statement with no number (力争正增长,
	// 完成市下达目标) standing where a figure would: an indicator's value.
	Qualitative bool `json:"qualitative,omitempty"`
}

// Sentences returns every sentence of the document in reading order.
func (d *Document) Sentences() []Sentence {
	var out []Sentence
	for _, p := range d.Preamble {
		out = append(out, p.Sentences...)
	}
	for i := range d.Parts {
		out = append(out, d.Parts[i].Sentences()...)
	}
	return out
}

// Sentences returns the part's sentences in document order.
func (p *Part) Sentences() []Sentence {
	var out []Sentence
	add := func(ps []Paragraph) {
		for _, p := range ps {
			out = append(out, p.Sentences...)
		}
	}
	add(p.Paragraphs)
	for _, s := range p.Sections {
		add(s.Paragraphs)
		for _, t := range s.Tasks {
			add(t.Paragraphs)
		}
	}
	return out
}

// SentenceByID finds a sentence; the returned bool is false when absent.
func (d *Document) SentenceByID(id int) (Sentence, bool) {
	for _, s := range d.Sentences() {
		if s.ID == id {
			return s, true
		}
	}
	for _, t := range d.Tables {
		for _, r := range t.Rows {
			if r.Sentence == id {
				return Sentence{ID: id, Text: r.Text, Page: t.Page}, true
			}
		}
	}
	return Sentence{}, false
}

// Tasks returns all numbered tasks with the part and section they stand in.
func (d *Document) Tasks() []TaskRef {
	var out []TaskRef
	for pi := range d.Parts {
		p := &d.Parts[pi]
		for si := range p.Sections {
			s := &p.Sections[si]
			for ti := range s.Tasks {
				out = append(out, TaskRef{Part: &d.Parts[pi], Section: &p.Sections[si], Task: &s.Tasks[ti]})
			}
		}
	}
	return out
}

// TaskRef points at a task inside its document.
type TaskRef struct {
	Part    *Part
	Section *Section
	Task    *Task
}

// Covers reports whether the document speaks of year y.
func (d *Document) Covers(y int) bool {
	return y == d.ReportYear || y == d.PlanYear
}

// ChineseNumber writes 1..99 as 一..九十九, for headings.
func ChineseNumber(n int) string {
	ds := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0:
		return ""
	case n < 10:
		return ds[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + ds[n-10]
	case n < 100:
		s := ds[n/10] + "十"
		if n%10 != 0 {
			s += ds[n%10]
		}
		return s
	}
	return fmt.Sprint(n)
}

// Genres of document the parser recognises, by their IDs (Document.Genre).
var genreLabels = map[string]string{
	"work-report":          "政府工作报告",
	"plan-execution":       "计划执行情况与计划",
	"plan":                 "计划",
	"five-year-plan":       "五年规划纲要",
	"statistical-bulletin": "统计公报",
	"budget-report":        "预算执行情况报告",
	"progress-report":      "计划进展情况",
}

// GenreLabel names a genre in Chinese (work-report → 政府工作报告); an
// unknown genre is shown as it is.
func GenreLabel(genre string) string {
	if l, ok := genreLabels[genre]; ok {
		return l
	}
	return genre
}

// Genres lists the genre IDs the parser recognises.
func Genres() []string {
	return []string{"work-report", "plan-execution", "plan", "five-year-plan", "statistical-bulletin", "budget-report", "progress-report"}
}
