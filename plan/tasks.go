package plan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/planbot/planbot/nlp/numeral"
)

// WorkTasks are the tasks people ask about and follow in d: its numbered
// tasks or, for a document that numbers none (a government work report),
// the sections of the parts that set its planned work (二、2026年重点工作 ›
// （三）…), each a task numbered as its section, or else its numbered
// planning parts without sections. sections reports the latter two.
func (d *Document) WorkTasks() (tasks []TaskRef, sections bool) {
	if tasks = d.Tasks(); len(tasks) > 0 && uniqueNumbers(tasks) {
		return tasks, false
	}
	// The sections of the parts that set the year's work; only when there
	// are none, those of the theme parts that head what is planned, so
	// that two parts' sections never share a number.
	if tasks = d.groupTasks(); len(tasks) > 0 {
		return tasks, true
	}
	tasks = d.sectionTasks(func(pt *Part) bool { return pt.Kind == KindTask && !ownConduct(pt) })
	if len(tasks) == 0 {
		// 二、未来五年奋斗目标和主要任务: targets first, but its sections
		// are the tasks.
		tasks = d.sectionTasks(func(pt *Part) bool {
			return pt.Kind == KindTarget && (strings.Contains(pt.Title, "任务") || strings.Contains(pt.Title, "工作"))
		})
	}
	if len(tasks) == 0 {
		tasks = d.sectionTasks(func(pt *Part) bool { return pt.Kind == KindOther && d.PlansAhead(pt.Title) })
	}
	if len(tasks) == 0 {
		tasks = d.partTasks()
	}
	return tasks, len(tasks) > 0
}

// uniqueNumbers reports tasks numbered through the document (任务1—27),
// not items numbered again under each section (（一）1.…5. （二）1.…):
// such items are the sections' points, and the sections the tasks.
func uniqueNumbers(tasks []TaskRef) bool {
	seen := map[int]bool{}
	for _, t := range tasks {
		if seen[t.Task.Number] {
			return false
		}
		seen[t.Task.Number] = true
	}
	return true
}

// sectionTasks are the sections of the parts planned reports, each a
// task numbered as its section.
func (d *Document) sectionTasks(planned func(*Part) bool) []TaskRef {
	var tasks []TaskRef
	for pi := range d.Parts {
		pt := &d.Parts[pi]
		if !planned(pt) {
			continue
		}
		for si := range pt.Sections {
			sec := &pt.Sections[si]
			t := &Task{Number: sec.Number, Title: sec.Title, Page: sec.Page, Paragraphs: sec.Paragraphs}
			if len(sec.Tasks) > 0 {
				// Items numbered again under each section (1. 培育发展会展
				// 经济。…): the section's text is theirs, each headed by its
				// title (a sentence of no ID).
				t.Paragraphs = slices.Clone(sec.Paragraphs)
				for _, it := range sec.Tasks {
					t.Paragraphs = append(t.Paragraphs, Paragraph{Sentences: []Sentence{{ID: -1, Text: it.Title + "。", Page: it.Page}}})
					t.Paragraphs = append(t.Paragraphs, it.Paragraphs...)
				}
			}
			tasks = append(tasks, TaskRef{Part: pt, Section: sec, Task: t})
		}
	}
	return tasks
}

// groupTasks are the numbered planning parts when two or more of them
// number sections of their own (一、…（一）…（四）二、…（一）…（八）): the
// parts are the work's items, and their sections would share numbers.
// Each part is a task holding its sections' text.
func (d *Document) groupTasks() []TaskRef {
	var tasks []TaskRef
	sectioned := 0
	for pi := range d.Parts {
		pt := &d.Parts[pi]
		if pt.Kind != KindTask || pt.Number == 0 || pt.Annex != "" {
			continue
		}
		if len(pt.Sections) > 0 && !ownConduct(pt) {
			sectioned++
		}
		t := &Task{Number: pt.Number, Title: pt.Title, Page: pt.Page, Paragraphs: slices.Clone(pt.Paragraphs)}
		for _, sec := range pt.Sections {
			t.Paragraphs = append(t.Paragraphs, sec.Paragraphs...)
		}
		tasks = append(tasks, TaskRef{Part: pt, Section: &Section{}, Task: t})
	}
	if sectioned < 2 {
		return nil
	}
	return tasks
}

// ownConduct reports the part a work report closes on, on the
// government's own conduct (四、打铁还需自身硬，切实加强政府自身建设 with its
// own （一）打造有为政府…): its sections are not the year's work, and
// numbering them too would give two （五）.
func ownConduct(pt *Part) bool {
	return strings.Contains(pt.Title, "自身建设")
}

// partTasks are the numbered planning parts without sections (2024年主要
// 工作, then 一、在推动经济…方面实干争先 … 十、…), each a task; none when
// there is only one, which is the plan rather than a list of tasks.
func (d *Document) partTasks() []TaskRef {
	var tasks []TaskRef
	for pi := range d.Parts {
		pt := &d.Parts[pi]
		if pt.Kind == KindTask && pt.Number > 0 && pt.Annex == "" && len(pt.Sections) == 0 {
			t := &Task{Number: pt.Number, Title: pt.Title, Page: pt.Page, Paragraphs: pt.Paragraphs}
			tasks = append(tasks, TaskRef{Part: pt, Section: &Section{}, Task: t})
		}
	}
	if len(tasks) < 2 {
		return nil
	}
	return tasks
}

// PlansAhead reports a part's title that names the year the document
// plans for or the five-year plan it opens (一鼓作气勇争先，全力推动
// “十五五”开好局 in a 2026 report): a theme that heads what is planned.
func (d *Document) PlansAhead(title string) bool {
	if d.PlanYear == 0 {
		return false
	}
	if strings.Contains(numeral.NormalizeYears(title), strconv.Itoa(d.PlanYear)+"年") {
		return true
	}
	n, _, _ := FiveYearPlanIn(title)
	return n != 0 && FiveYearPlan(n).From == d.PlanYear
}

// SectionTask reports whether loc stands in a section, or a part without
// sections, that is one of d's work tasks (WorkTasks) rather than in a
// numbered task, with that task.
func (d *Document) SectionTask(loc Location) (TaskRef, bool) {
	if loc.Task > 0 || loc.Annex != "" {
		return TaskRef{}, false
	}
	tasks, sections := d.WorkTasks()
	if !sections {
		return TaskRef{}, false
	}
	for _, t := range tasks {
		if t.Part.Number == loc.Part && t.Section.Number == loc.Section {
			return t, true
		}
	}
	return TaskRef{}, false
}

// IsSection reports a work task that is a heading standing for a task
// (WorkTasks of a document without numbered tasks): a section, or a part
// without sections.
func (r TaskRef) IsSection() bool {
	for i := range r.Section.Tasks {
		if &r.Section.Tasks[i] == r.Task {
			return false // one of the section's own tasks
		}
	}
	return r.Task.Number == r.Section.Number && r.Task.Title == r.Section.Title ||
		r.Section.Number == 0 && r.Task.Number == r.Part.Number && r.Task.Title == r.Part.Title
}

// Location is where the task stands, at page (its own page when 0).
func (r TaskRef) Location(outline string, page int) Location {
	if page == 0 {
		page = r.Task.Page
	}
	loc := Location{Outline: outline, Annex: r.Part.Annex, Part: r.Part.Number, PartTitle: r.Part.Title, Section: r.Section.Number, SectionTitle: r.Section.Title, Page: page}
	if !r.IsSection() {
		loc.Task, loc.TaskTitle = r.Task.Number, r.Task.Title
	}
	return loc
}
