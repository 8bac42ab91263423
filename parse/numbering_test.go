package parse

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestTaskNumbering covers task numbers out of sequence: a skipped number,
// a repeated one, numbering that restarts, and numbered lines that are not
// task headings at all (list items inside a paragraph, table rows).
func TestTaskNumbering(t *testing.T) {
	cases := []struct {
		fixture  string
		tasks    []string          // "number title", in order
		warnings []string          // each must appear in a warning
		facts    map[string]string // sentence fragment -> "task title" citing it
		text     map[string]string // sentence fragment -> "task title" whose text holds it ("" = not in a task)
	}{
		{
			fixture:  "numbering-gap",
			tasks:    []string{"1 稳定有效投资", "2 扩大消费", "4 稳定外贸", "5 优化营商环境", "6 提升教育质量", "7 提升医疗水平"},
			warnings: []string{"task numbering jumps from 2 to 4"},
			facts:    map[string]string{"进出口总额增长3.0%": "4 稳定外贸", "新增学位6000座": "6 提升教育质量"},
		},
		{
			fixture: "numbering-restart",
			tasks:   []string{"1 发展先进制造业", "2 发展现代服务业", "3 养老服务", "3 医疗服务", "4 住房保障", "5 生态环境", "1 重复编号", "6 城市管理"},
			warnings: []string{
				"task number 3 is repeated",
				"task numbering restarts at 1 after task 5",
				"task numbering returns to 6 after task 1",
			},
			facts: map[string]string{"新增病床800张": "3 医疗服务", "新建碧道20公里": "1 重复编号", "新增停车位5000个": "6 城市管理"},
		},
		{
			fixture: "numbered-text",
			tasks:   []string{"1 稳定有效投资", "2 扩大消费", "3 稳定就业", "4 提升教育质量"},
			facts:   map[string]string{"新增就业岗位1.5万个": "3 稳定就业", "新增学位5000座": "4 提升教育质量"},
			text: map[string]string{
				"1.地区生产总值 4.2% 5.5%":    "",
				"2.社会消费品零售总额 2.1% 6.0%": "",
				"1.培育新型消费；":             "2 扩大消费",
				"2.提升传统消费；":             "2 扩大消费",
				"3.扩大服务消费。":             "2 扩大消费",
				"1.深化商事登记改革；2.推进":       "2 扩大消费",
				"1.本年度新增就业岗位两万个":        "3 稳定就业",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.fixture, func(t *testing.T) {
			doc := parseFile(t, "testdata/"+tc.fixture+"/input.txt")
			var got []string
			for _, tr := range doc.Tasks() {
				got = append(got, fmt.Sprintf("%d %s", tr.Task.Number, tr.Task.Title))
			}
			if strings.Join(got, ", ") != strings.Join(tc.tasks, ", ") {
				t.Errorf("tasks = %q\nwant    %q", got, tc.tasks)
			}
			// Every out-of-sequence number is reported, and nothing else is.
			var numbering []string
			for _, w := range doc.Warnings {
				if strings.Contains(w, "task num") {
					numbering = append(numbering, w)
				}
			}
			if len(numbering) != len(tc.warnings) {
				t.Errorf("numbering warnings = %q; want %d", numbering, len(tc.warnings))
			}
			for _, want := range tc.warnings {
				if !strings.Contains(strings.Join(doc.Warnings, "\n"), want) {
					t.Errorf("no warning %q in %q", want, doc.Warnings)
				}
			}
			for frag, want := range tc.facts {
				cited := false
				for _, f := range doc.Facts {
					if s, _ := doc.SentenceByID(f.Sentence); strings.Contains(s.Text, frag) {
						cited = true
						if got := fmt.Sprintf("%d %s", f.Loc.Task, f.Loc.TaskTitle); got != want {
							t.Errorf("%q cited under task %q; want %q", frag, got, want)
						}
					}
				}
				if !cited {
					t.Errorf("no fact from a sentence holding %q", frag)
				}
			}
			for frag, want := range tc.text {
				holder := "?"
				for _, tr := range doc.Tasks() {
					if strings.Contains(text(tr.Task.Paragraphs), frag) {
						holder = fmt.Sprintf("%d %s", tr.Task.Number, tr.Task.Title)
					}
				}
				for _, s := range doc.Sentences() {
					if holder == "?" && strings.Contains(s.Text, frag) {
						holder = ""
					}
				}
				if holder != want {
					t.Errorf("%q is in task %q; want %q", frag, holder, want)
				}
			}
		})
	}
}

// A section heading that is a line of its own may run past maxHeading
// when no sentence ends on it.
func TestLongLoneHeading(t *testing.T) {
	long := "充分激发全国创新百强区第二、国高企业第一区的潜能，在助力深圳建设具有全球重要影响力的产业科技创新中心中扛大旗"
	text := "甲区2024年政府工作报告\n各位代表：\n一、2023年工作回顾\n地区生产总值增长6%。\n二、2024年工作安排\n" +
		"（一）牢牢扭住实现新型工业化这个关键任务\n新增规上工业企业300家。\n（二）以落实前海总规谱写新篇\n建成前海湾公园。\n" +
		"（三）" + long + "\n新增国家高新技术企业500家。\n（四）激发有潜能的消费\n社零增长5%。\n"
	doc, err := New().Parse("doc.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Parts[len(doc.Parts)-1]
	if len(p.Sections) != 4 || p.Sections[2].Title != long {
		var titles []string
		for _, s := range p.Sections {
			titles = append(titles, s.Title)
		}
		t.Errorf("sections = %q; want 4, the third %q", titles, long)
	}
}

// Tasks numbered through the parts (1.—3. under 一、, 4.—5. under 二、)
// are all tasks: the first under a part may continue the last part's.
func TestTasksNumberedThroughParts(t *testing.T) {
	text := "甲区2023年政府工作报告\n各位代表：\n　　现在，我代表区人民政府向大会报告工作，请予审议。\n本届政府工作回顾\n　　地区生产总值增长6.5%。\n　　城镇新增就业1万人。\n新一届政府工作思路和目标任务\n　　新一届政府的总体思路是：坚持高质量发展。\n" +
		"一、加快建设科学城\n1.加快建设重大科技基础设施。启用设施平台5个。\n2.大力引进大院大所。引进机构3家。\n3.积极开展基础研究。实施项目10个。\n" +
		"二、着力发展先进制造业\n4.持续加强经济运行调度。新增规上企业100家。\n5.推出系列产业扶持政策。出台政策6项。\n"
	doc, err := New().Parse("t.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, p := range doc.Parts {
		for _, s := range p.Sections {
			for _, tk := range s.Tasks {
				got = append(got, tk.Number)
			}
		}
	}
	if !slices.Equal(got, []int{1, 2, 3, 4, 5}) {
		t.Errorf("tasks %v; want 1—5", got)
	}
}
