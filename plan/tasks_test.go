package plan

import (
	"fmt"
	"strings"
	"testing"
)

func TestWorkTasks(t *testing.T) {
	numbered := Document{Parts: []Part{{Number: 3, Kind: KindTask, Title: "主要任务", Sections: []Section{
		{Number: 1, Title: "扩大内需", Tasks: []Task{{Number: 1, Title: "推动消费提质升级"}, {Number: 2, Title: "推动投资增长"}}},
	}}}}
	report := Document{PlanYear: 2026, Parts: []Part{
		{Number: 1, Kind: KindResult, Title: "2025年工作回顾", Sections: []Section{{Number: 1, Title: "经济运行稳中向好"}}},
		{Number: 2, Kind: KindOther, Title: "“十五五”时期的主要目标任务", Sections: []Section{{Number: 1, Title: "努力推进创新驱动发展"}}},
		{Number: 3, Kind: KindTask, Title: "2026年主要工作", Sections: []Section{{Number: 1, Title: "纵深推进协同发展"}, {Number: 2, Title: "推动经济稳定增长", Page: 7}}},
	}}
	themed := Document{PlanYear: 2026, Parts: []Part{
		{Number: 2, Kind: KindOther, Title: "一鼓作气勇争先，全力推动“十五五”开好局", Sections: []Section{{Number: 1, Title: "建设现代化产业体系"}}},
		{Number: 3, Kind: KindOther, Title: "加强政府自身建设", Sections: []Section{{Number: 1, Title: "坚持依法行政"}}},
	}}
	tests := []struct {
		name     string
		doc      *Document
		want     string // number. title [where], joined by |
		sections bool
	}{
		{"numbered tasks", &numbered, "1. 推动消费提质升级 [task]|2. 推动投资增长 [task]", false},
		{"a work report's planned part", &report, "1. 纵深推进协同发展 [section]|2. 推动经济稳定增长 [section]", true},
		{"a theme part opening the five-year plan", &themed, "1. 建设现代化产业体系 [section]", true},
		{"numbered planning parts without sections", &Document{PlanYear: 2024, Parts: []Part{
			{Number: 0, Kind: KindTask, Year: 2024, Title: "2024年主要工作"},
			{Number: 1, Kind: KindTask, Year: 2024, Title: "在推动经济持续平稳向好方面实干争先"},
			{Number: 2, Kind: KindTask, Year: 2024, Title: "在筑牢实体经济根基方面实干争先"},
		}}, "1. 在推动经济持续平稳向好方面实干争先 [section]|2. 在筑牢实体经济根基方面实干争先 [section]", true},
		{"planning parts each numbering sections of their own: the parts", &Document{PlanYear: 2020, Parts: []Part{
			{Number: 0, Kind: KindTask, Year: 2020, Title: "2020年主要工作任务"},
			{Number: 1, Kind: KindTask, Year: 2020, Title: "奋力决战四大攻坚行动", Sections: []Section{{Number: 1, Title: "港口"}, {Number: 2, Title: "交通"}}},
			{Number: 2, Kind: KindTask, Year: 2020, Title: "全力抓好八个方面工作", Sections: []Section{{Number: 1, Title: "双区驱动"}, {Number: 2, Title: "产业兴盐"}}},
			{Number: 3, Kind: KindTask, Year: 2020, Title: "提升政府四项能力"},
		}}, "1. 奋力决战四大攻坚行动 [section]|2. 全力抓好八个方面工作 [section]|3. 提升政府四项能力 [section]", true},
		{"items numbered again under each section: the sections", &Document{PlanYear: 2019, Parts: []Part{
			{Number: 2, Kind: KindTask, Year: 2019, Title: "2019年主要工作任务", Sections: []Section{
				{Number: 1, Title: "优化营商环境", Tasks: []Task{{Number: 1, Title: "精准扶持"}, {Number: 2, Title: "减税降费"}}},
				{Number: 2, Title: "加速动能转换", Tasks: []Task{{Number: 1, Title: "壮大产业"}, {Number: 2, Title: "培育会展"}}},
			}},
		}}, "1. 优化营商环境 [section]|2. 加速动能转换 [section]", true},
		{"a closing part on the government's own conduct numbers sections of its own: not the year's work", &Document{PlanYear: 2021, Parts: []Part{
			{Number: 3, Kind: KindTask, Year: 2021, Title: "全力做好2021年各项工作", Sections: []Section{{Number: 1, Title: "疫情防控"}, {Number: 2, Title: "产业体系"}}},
			{Number: 4, Kind: KindTask, Year: 2021, Title: "打铁还需自身硬，切实加强政府自身建设", Sections: []Section{{Number: 1, Title: "打造有为政府"}, {Number: 2, Title: "打造高效政府"}}},
		}}, "1. 疫情防控 [section]|2. 产业体系 [section]", true},
		{"a part of targets and tasks: its sections", &Document{PlanYear: 2021, Parts: []Part{
			{Number: 1, Kind: KindResult, Year: 2020, Title: "过去五年工作回顾", Sections: []Section{{Number: 1, Title: "经济"}}},
			{Number: 2, Kind: KindTarget, Year: 2021, Title: "未来五年奋斗目标和主要任务", Sections: []Section{{Number: 1, Title: "建设创新高地"}, {Number: 2, Title: "打造交通枢纽"}}},
		}}, "1. 建设创新高地 [section]|2. 打造交通枢纽 [section]", true},
		{"one planning part is the plan, not a list", &Document{Parts: []Part{{Number: 2, Kind: KindTask, Title: "2024年主要工作"}}}, "", false},
		{"nothing planned", &Document{Parts: []Part{{Number: 1, Kind: KindResult, Title: "回顾", Sections: []Section{{Number: 1, Title: "稳"}}}}}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasks, sections := tt.doc.WorkTasks()
			var got []string
			for _, r := range tasks {
				kind := "task"
				if r.IsSection() {
					kind = "section"
				}
				got = append(got, fmt.Sprintf("%d. %s [%s]", r.Task.Number, r.Task.Title, kind))
			}
			if g := strings.Join(got, "|"); g != tt.want || sections != tt.sections {
				t.Errorf("WorkTasks = %q, %v; want %q, %v", g, sections, tt.want, tt.sections)
			}
		})
	}
}

func TestSectionTaskAndLocation(t *testing.T) {
	report := Document{PlanYear: 2026, Parts: []Part{
		{Number: 1, Kind: KindResult, Title: "2025年工作回顾", Sections: []Section{{Number: 2, Title: "经济运行稳中向好"}}},
		{Number: 3, Kind: KindTask, Title: "2026年主要工作", Sections: []Section{{Number: 2, Title: "推动经济稳定增长", Page: 7}}},
	}}
	r, ok := report.SectionTask(Location{Part: 3, Section: 2, SectionTitle: "推动经济稳定增长"})
	if !ok || r.Task.Title != "推动经济稳定增长" {
		t.Fatalf("SectionTask(part 3, section 2) = %+v, %v", r.Task, ok)
	}
	if loc := r.Location("", 0); loc.Task != 0 || loc.TaskTitle != "" || loc.Section != 2 || loc.Part != 3 || loc.Page != 7 {
		t.Errorf("a section task's location = %+v; want part 3, section 2, page 7 and no task", loc)
	}
	for _, loc := range []Location{
		{Part: 1, Section: 2},          // a section of the review, not planned work
		{Part: 3, Section: 2, Task: 5}, // inside a numbered task
		{Part: 3, Section: 2, Annex: "附件1"},
		{Part: 3},
	} {
		if _, ok := report.SectionTask(loc); ok {
			t.Errorf("SectionTask(%+v) found a task", loc)
		}
	}
	numbered := Document{Parts: []Part{{Number: 3, Kind: KindTask, Sections: []Section{{Number: 1, Title: "扩大内需", Tasks: []Task{{Number: 4, Title: "推动消费", Page: 9}}}}}}}
	tasks, _ := numbered.WorkTasks()
	if loc := tasks[0].Location("", 11); loc.Task != 4 || loc.TaskTitle != "推动消费" || loc.Page != 11 {
		t.Errorf("a numbered task's location = %+v", loc)
	}
	if _, ok := numbered.SectionTask(Location{Part: 3, Section: 1}); ok {
		t.Error("a document with numbered tasks has section tasks")
	}
	parts := Document{Parts: []Part{{Number: 1, Kind: KindTask, Title: "扩大内需"}, {Number: 2, Kind: KindTask, Title: "科技创新"}}}
	if r, ok := parts.SectionTask(Location{Part: 2}); !ok || r.Task.Title != "科技创新" || r.Location("", 0).Task != 0 {
		t.Errorf("a fact of a part standing for a task: %+v, %v", r.Task, ok)
	}
}

// A section standing for a task whose items are numbered again holds the
// items' text, each headed by its title, so a topic in an item finds it.
func TestSectionTaskHoldsItsItems(t *testing.T) {
	doc := Document{PlanYear: 2019, Parts: []Part{{Number: 2, Kind: KindTask, Year: 2019, Title: "2019年主要工作任务", Sections: []Section{
		{Number: 1, Title: "优化营商环境", Tasks: []Task{{Number: 1, Title: "精准扶持"}, {Number: 2, Title: "减税降费"}}},
		{Number: 2, Title: "加速动能转换", Tasks: []Task{{Number: 1, Title: "壮大产业"}, {Number: 2, Title: "培育发展会展经济", Paragraphs: []Paragraph{{Sentences: []Sentence{{ID: 7, Text: "承接3场市级以上展会。"}}}}}}},
	}}}}
	tasks, _ := doc.WorkTasks()
	if len(tasks) != 2 || !tasks[1].IsSection() {
		t.Fatalf("WorkTasks = %d tasks; want the 2 sections", len(tasks))
	}
	var text []string
	for _, p := range tasks[1].Task.Paragraphs {
		text = append(text, p.Text())
	}
	if got := strings.Join(text, "|"); got != "壮大产业。|培育发展会展经济。|承接3场市级以上展会。" {
		t.Errorf("section text = %q", got)
	}
	if loc := tasks[1].Location("", 0); loc.Task != 0 || loc.Section != 2 {
		t.Errorf("location = %+v; want section 2, no task", loc)
	}
}
