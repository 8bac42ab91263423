package diff

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
)

const seedPath = "../seeds/futian-2021-execution-2022-plan.txt"

func parseBytes(t *testing.T, name string, data []byte) *plan.Document {
	t.Helper()
	doc, err := parse.New().Parse(name, data, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// editedSeed is the seed with two figures, a task title and a sentence
// changed, as a corrected version would be.
func editedSeed(t *testing.T) (*plan.Document, *plan.Document) {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	edited := data
	for _, r := range [][2]string{
		{"新增9510座学位", "新增9800座学位"},
		{"新增6000个停车位", "新增6500个停车位"},
		{"24.打造一流城市作品", "24.打造一流城市精品"},
		{"创建宁静城市", "创建宁静城区、推广绿色出行"},
	} {
		if !bytes.Contains(edited, []byte(r[0])) {
			t.Fatalf("seed lacks %q", r[0])
		}
		edited = bytes.Replace(edited, []byte(r[0]), []byte(r[1]), 1)
	}
	return parseBytes(t, "seed", data), parseBytes(t, "edited", edited)
}

func TestVersions(t *testing.T) {
	old, new := editedSeed(t)
	changes := Compare(old, new)
	var got []string
	for _, c := range changes {
		var ts []string
		for _, tg := range c.Targets {
			ts = append(ts, tg.ID())
		}
		got = append(got, string(c.Kind)+" "+c.Summary()+" "+strings.Join(ts, ","))
	}
	want := []string{
		"task_retitled 任务改名 打造一流城市作品 → 打造一流城市精品 task:福田区:打造一流城市作品,task:福田区:打造一流城市精品",
		"figure_changed 新增停车位 6000个 → 6500个 task:福田区:推进枢纽城区建设",
		"figure_changed 新增学位 9510座 → 9800座 task:福田区:提升教育事业发展质效",
		"sentence_changed 表述变化：针对建筑工地及重点企业开展智慧监控、无人机执法，创建宁静城区、推广绿色出行。 task:福田区:打造优美生态环境",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, c := range changes {
		if c.Kind == plan.FigureChanged && c.Subject == "新增学位" {
			if !strings.Contains(c.NewSentence, "新增9800座学位") || c.Loc.Task != 20 || c.Loc.Page != 23 {
				t.Errorf("change carries %q at %+v", c.NewSentence, c.Loc)
			}
		}
	}
	if n := len(Compare(old, old)); n != 0 {
		t.Errorf("a document compared with itself has %d changes", n)
	}
}

func TestReportedAgainstPlan(t *testing.T) {
	plan2022, _ := editedSeed(t)
	data, err := os.ReadFile("testdata/futian-2022-execution.txt")
	if err != nil {
		t.Fatal(err)
	}
	report := parseBytes(t, "report", data)
	if report.ReportYear != 2022 || plan2022.PlanYear != 2022 {
		t.Fatalf("years %d / %d", report.ReportYear, plan2022.PlanYear)
	}
	got := map[string]string{}
	for _, c := range Compare(plan2022, report) {
		if c.Kind != plan.ResultReported {
			t.Errorf("unexpected %s", c.Kind)
		}
		got[c.Subject] = fmt.Sprintf("%s→%s %s", c.Before, c.After, c.Verdict)
	}
	want := map[string]string{
		"新增学位":      "9510座→9680座 met",
		"新增停车位":     "6000个→6200个 met",
		"地区生产总值增长":  "增长6.0%以上→增长3.0% missed",
		"多渠道筹集公共住房": "2000套→2300套 met",
		// A decline and a result in words are results too.
		"社会消费品零售总额增长": "增长6.0%→下降2.1% missed",
		"全社会固定资产投资":   "力争正增长→基本持平 unclear",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q; want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b string
		lo   float64
		hi   float64
	}{
		{"新增学位", "新增学位", 1, 1},
		{"打造一流城市作品", "打造一流城市精品", 0.6, 0.9},
		{"新增学位", "地区生产总值", 0, 0},
	}
	for _, tt := range tests {
		if v := Similarity(tt.a, tt.b); v < tt.lo || v > tt.hi {
			t.Errorf("Similarity(%q, %q) = %.2f", tt.a, tt.b, v)
		}
	}
}

// A work report numbers no tasks: a corrected version's changes name the
// section of its planned work they stand in, which is what people follow
// (`/plan subscribe 2`), and are located by section, not as task 2.
func TestVersionsOfAWorkReport(t *testing.T) {
	data, err := os.ReadFile("testdata/hebei_2026_gwr.txt")
	if err != nil {
		t.Fatal(err)
	}
	edited := data
	for _, r := range [][2]string{
		{"建成县域快递物流中心44个", "建成县域快递物流中心46个"},
		{"（三）强化创新驱动发展，加速新旧动能转换", "（三）强化创新驱动发展，加快新旧动能转换"},
	} {
		if !bytes.Contains(edited, []byte(r[0])) {
			t.Fatalf("fixture lacks %q", r[0])
		}
		edited = bytes.Replace(edited, []byte(r[0]), []byte(r[1]), 1)
	}
	old, new := parseBytes(t, "hebei", data), parseBytes(t, "hebei", edited)
	var got []string
	for _, c := range Compare(old, new) {
		var ts []string
		for _, tg := range c.Targets {
			ts = append(ts, tg.ID())
		}
		got = append(got, string(c.Kind)+" "+c.Summary()+" "+strings.Join(ts, ","))
		if c.Loc.Task != 0 || c.Loc.Section == 0 {
			t.Errorf("%s located as task %d, section %d; want its section only", c.Kind, c.Loc.Task, c.Loc.Section)
		}
	}
	want := []string{
		"task_retitled 任务改名 强化创新驱动发展，加速新旧动能转换 → 强化创新驱动发展，加快新旧动能转换 task:河北省:强化创新驱动发展，加速新旧动能转换,task:河北省:强化创新驱动发展，加快新旧动能转换",
		"figure_changed 建成县域快递物流中心 44个 → 46个 task:河北省:充分挖掘内需潜力，推动经济稳定增长",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
