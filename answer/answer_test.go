package answer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

const (
	seedPath     = "../seeds/futian-2021-execution-2022-plan.txt"
	nanshanPath  = "../parse/testdata/nanshan-plan/input.txt"
	reportPath   = "../parse/testdata/workreport/input.txt"
	bulletinPath = "../parse/testdata/bulletin/input.txt"
	outlinePath  = "../parse/testdata/outline-volumes/input.txt"
)

// env is an engine over a real badger index in a temp dir.
type env struct {
	db *store.DB
	e  *answer.Engine
	in *ingest.Ingester
}

func newEnv(t testing.TB, paths ...string) *env {
	t.Helper()
	db, in := testindex.Open(t)
	ev := &env{db: db, in: in}
	ev.e = answer.New(db, in.Analyzer())
	ev.e.Now = func() time.Time { return time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC) }
	for _, p := range paths {
		ev.ingest(t, p, parse.Options{})
	}
	return ev
}

func (ev *env) ingest(t testing.TB, path string, opt parse.Options) ingest.Report {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ev.in.Ingest(context.Background(), path, data, opt)
	if err != nil {
		t.Fatal(err)
	}
	ev.e.SetAnalyzer(ev.in.Analyzer())
	return rep
}

func (ev *env) ask(t testing.TB, q string) answer.Answer {
	t.Helper()
	a, err := ev.e.Ask(context.Background(), q)
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	return a
}

type gold struct {
	Q          string   `json:"q"`
	Figure     *string  `json:"figure"`
	Sources    []string `json:"sources"`
	Verdict    *string  `json:"verdict"`
	Task       *int     `json:"task"`
	MinAnswers int      `json:"min_answers"`
}

func readGold(t *testing.T, path string) []gold {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []gold
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g gold
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
	}
	return out
}

// norm folds as the project's scorer does: no spaces, ASCII for full width.
func norm(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == 0x3000 || unicode.IsSpace(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// check applies the scorer's rule to one answer.
func check(g gold, a answer.Answer) string {
	switch {
	case g.Figure == nil:
		if a.Found {
			return "answered a question the documents cannot answer: " + a.Answers[0].Figure
		}
		return ""
	case !a.Found || len(a.Answers) == 0:
		return "not found"
	case !strings.Contains(norm(a.Answers[0].Figure), norm(*g.Figure)):
		return "figure " + a.Answers[0].Figure
	case g.Verdict != nil && a.Answers[0].Verdict != *g.Verdict:
		return "verdict " + a.Answers[0].Verdict
	case g.Task != nil && a.Answers[0].Location.Task != *g.Task:
		return fmt.Sprintf("task %d", a.Answers[0].Location.Task)
	case len(a.Answers) < g.MinAnswers:
		return fmt.Sprintf("%d answers", len(a.Answers))
	}
	for _, s := range g.Sources {
		if strings.Contains(norm(a.Answers[0].Excerpt), norm(s)) {
			return ""
		}
	}
	if len(g.Sources) == 0 {
		return ""
	}
	return "excerpt " + a.Answers[0].Excerpt
}

// The question sets under testdata are answered as well as the project's
// own gold set: paraphrases (traditional characters, Chinese numerals,
// full width, synonyms) and questions the seed cannot answer.
func TestQuestionSets(t *testing.T) {
	ev := newEnv(t, seedPath)
	for _, set := range []struct {
		file string
		min  float64
	}{
		{"testdata/paraphrases.jsonl", 0.95},
		{"testdata/unanswerable.jsonl", 1.0},
		// A reviewer's questions, figures checked against the seed by hand.
		{"testdata/review.jsonl", 0.97},
		// Questions that ask for more than a figure: verdicts, tasks,
		// differences, lists, trends, English.
		{"testdata/kinds.jsonl", 1.0},
	} {
		cases := readGold(t, set.file)
		pass := 0
		for _, g := range cases {
			if why := check(g, ev.ask(t, g.Q)); why != "" {
				t.Logf("%s: %s: %s", set.file, g.Q, why)
			} else {
				pass++
			}
		}
		if acc := float64(pass) / float64(len(cases)); acc < set.min {
			t.Errorf("%s: accuracy %.1f%% below %.0f%%", set.file, 100*acc, 100*set.min)
		}
	}
}

func TestAnswerCarriesSource(t *testing.T) {
	ev := newEnv(t, seedPath)
	a := ev.ask(t, "2022年新增学位多少")
	if !a.Found {
		t.Fatalf("not found: %+v", a)
	}
	top := a.Answers[0]
	if top.Figure != "9510座" || top.Year != 2022 || top.Kind != plan.KindTask || top.Location.Task != 20 || top.Location.Page != 23 {
		t.Errorf("answer = %+v", top)
	}
	if !strings.Contains(top.Excerpt, "新增9510座学位") || !strings.Contains(top.LocationText, "20. 提升教育事业发展质效") {
		t.Errorf("source = %q at %q", top.Excerpt, top.LocationText)
	}
	if top.Confidence < 0.8 || len(a.Answers) < 2 {
		t.Errorf("confidence %.2f with %d alternatives", top.Confidence, len(a.Answers)-1)
	}
}

func TestNotFoundSaysWhatIsCovered(t *testing.T) {
	ev := newEnv(t, seedPath)
	a := ev.ask(t, "2023年地区生产总值增长目标")
	if a.Found || !strings.Contains(a.Message, "2023年") || !strings.Contains(a.Message, "福田区 2021年、2022年") {
		t.Errorf("year not covered: found=%v message=%q", a.Found, a.Message)
	}
	if len(a.Answers) == 0 || !strings.Contains(a.Answers[0].Subject, "地区生产总值") {
		t.Errorf("nearest facts = %+v", a.Answers)
	}
	a = ev.ask(t, "2022年南山区新增学位多少")
	if a.Found || !strings.Contains(a.Message, "南山区") {
		t.Errorf("region not covered: found=%v message=%q", a.Found, a.Message)
	}
	a = ev.ask(t, "福田区常住人口有多少")
	if a.Found || a.Message == "" {
		t.Errorf("absent subject: %+v", a)
	}
}

func TestBadQuestions(t *testing.T) {
	ev := newEnv(t, seedPath)
	for _, q := range []string{"", "   ", strings.Repeat("新增学位多少", 2000)} {
		if _, err := ev.e.Ask(context.Background(), q); plan.ErrorCode(err) != plan.EINVALID {
			t.Errorf("Ask(%.20q…) error = %v; want invalid", q, err)
		}
	}
	for _, q := range []string{"😀😀😀", "？？？", "What is the weather today", "asdfghjkl"} {
		a := ev.ask(t, q)
		if a.Found {
			t.Errorf("Ask(%q) found %+v", q, a.Answers[0])
		}
	}
}

// With several regions, a question naming one is answered from it alone.
func TestRegionsAndGenres(t *testing.T) {
	ev := newEnv(t, seedPath, nanshanPath, reportPath)
	cases := []struct{ q, figure, region string }{
		{"2022年南山区新增公办学位多少", "1.2万个", "南山区"},
		{"南山区2023年新改扩建学校多少所", "12所", "南山区"},
		{"福田区2022年新增学位多少", "9510座", "福田区"},
		{"南山2023年地区生产总值增长目标", "6%", "南山区"},
		{"2021年福田区地区生产总值是多少", "5318.2亿元", "福田区"},
	}
	for _, c := range cases {
		a := ev.ask(t, c.q)
		if !a.Found || !strings.Contains(a.Answers[0].Figure, c.figure) || a.Answers[0].Region != c.region {
			t.Errorf("Ask(%q) = found %v %+v; want %s from %s", c.q, a.Found, first(a), c.figure, c.region)
		}
	}
	ev.e.DefaultRegion = "福田区"
	if a := ev.ask(t, "2022年新增学位多少"); !a.Found || a.Answers[0].Region != "福田区" {
		t.Errorf("default region ignored: %+v", first(a))
	}
}

// A statistical bulletin's figures are results of the year it reports on,
// and a change written after its amount (…1288.9亿元，比上年增长7.2%)
// measures the amount's subject. Two figures of one indicator family in a
// sentence are not confused: the modifier asked (存款) picks one.
func TestStatisticalBulletin(t *testing.T) {
	ev := newEnv(t, bulletinPath)
	cases := []struct{ q, figure, kind string }{
		{"2023年地区生产总值是多少", "3215.67亿元", "result"},
		{"2023年GDP增长多少", "5.8%", "result"},
		{"社零增长多少", "增长7.2%", "result"},
		{"社会消费品零售总额是多少", "1288.9亿元", "result"},
		{"常住人口增加多少", "1.35万人", "result"},
		{"年末常住人口多少", "158.42万人", "result"},
		{"存款余额增长多少", "增长8.1%", "result"},
		{"贷款余额增长多少", "增长10.4%", "result"},
		{"居民消费价格上涨多少", "上涨0.9%", "result"},
		{"进口总额下降多少", "下降1.0%", "result"},
		{"2023年新增学位多少", "6120个", "result"},
		// From the table (表1): a unit column, a growth column in %, a
		// negative growth, rows without numbers.
		{"建筑业增加值是多少", "120.5亿元", "result"},
		{"建筑业增加值增长多少", "4.1%", "result"},
		{"批发业销售额下降多少", "下降2.4%", "result"},
		// 增长多少 asks the growth rate whatever its sign: a fall is it.
		{"进口总额增长多少", "下降1.0%", "result"},
		{"批发业销售额增长多少", "下降2.4%", "result"},
	}
	for _, c := range cases {
		a := ev.ask(t, c.q)
		// The text's 增长5.8% or the table's 5.8% (of 比上年增长（%）).
		if !a.Found || !strings.Contains(a.Answers[0].Figure, c.figure) || string(a.Answers[0].Kind) != c.kind || a.Answers[0].Year != 2023 {
			t.Errorf("Ask(%q) = found %v %+v; want %s (%s, 2023)", c.q, a.Found, first(a), c.figure, c.kind)
		}
	}
	// A bulletin plans nothing: asked for a plan, it says so and shows
	// what it reports.
	if a := ev.ask(t, "教育方面有什么计划"); a.Found || len(a.Answers) == 0 || !strings.Contains(a.Message, "plans nothing") {
		t.Errorf("plan of a bulletin = %v %q %d", a.Found, a.Message, len(a.Answers))
	}
	// A fall asked of what grew presumes what the bulletin does not say.
	ev.expectRefused(t, "2024年GDP目标", "出口总额下降多少", "工业投资是多少")
	// Asked whether a target was met, it cannot judge: it gives the
	// result, and no target.
	if a := ev.ask(t, "2023年GDP目标完成了吗"); !a.Found || first(a).Verdict != "unclear" || first(a).Figure != "3215.67亿元" {
		t.Errorf("verdict of a bulletin = %v %+v; want unclear with the result", a.Found, first(a))
	}
}

// A web page saved as one line of text (menus, the title with the site's
// name, headings run into their paragraphs, chart captions, footnote
// marks) reads as the bulletin it shows: figures past the marks, quotes
// as the page has them, captions not read as figures.
func TestFlattenedPage(t *testing.T) {
	ev := newEnv(t, "../parse/testdata/flat-page.txt")
	doc := ev.db.Documents()[0]
	if doc.Title != "(中国)某市2024年国民经济和社会发展统计公报" || doc.Genre != "statistical-bulletin" {
		t.Errorf("read as %q %q", doc.Title, doc.Genre)
	}
	cases := []struct{ q, figure, quote string }{
		{"2024年地区生产总值是多少", "4984.3亿元", "地区生产总值[2]4984.3亿元"},
		{"2024年GDP比上年增长多少", "增长5.2%", "比上年增长5.2%"},
		{"2024年末常住人口有多少", "218.3万人", "常住人口[5]218.3万人"},
		{"2024年规模以上工业增加值增长多少", "增长6.7%", "规模以上工业[10]增加值"},
		{"2024年一般公共预算收入是多少", "637.2亿元", "一般公共预算收入637.2亿元"},
		{"2024年一般公共预算收入比上年增长多少", "增长3.1%", "比上年增长3.1%"},
		{"2024年全市固定资产投资比上年增长多少", "增长5.1%", "固定资产投资（不含农户）"},
		{"2024年PM2.5年均浓度是多少", "30.5微克/立方米", "细颗粒物（PM2.5）"},
	}
	for _, c := range cases {
		a := ev.ask(t, c.q)
		if !a.Found || first(a).Figure != c.figure || !strings.Contains(first(a).Excerpt, c.quote) {
			t.Errorf("Ask(%q) = %v %+v; want %s quoting %s", c.q, a.Found, first(a), c.figure, c.quote)
		}
	}
	// Registered unemployment is not the surveyed rate the page gives;
	// no year of a caption (表12024年…) is a figure.
	ev.expectRefused(t, "2024年城镇登记失业率是多少", "2024年一般公共预算收入目标")
	if a := ev.ask(t, "2024年城镇调查失业率是多少"); !a.Found || first(a).Figure != "4.1%" {
		t.Errorf("调查失业率 = %v %+v", a.Found, first(a))
	}
}

// A five-year plan outline (第一篇/第一章/第一节, its indicators in a 专栏
// table) answers for its years: the base year's results, the plan's
// targets, yearly means and totals over the five years; a cell without a
// value is no answer.
func TestFiveYearPlanOutline(t *testing.T) {
	ev := newEnv(t, outlinePath)
	cases := []struct{ q, figure, kind string }{
		{"2025年地区生产总值目标", "2.5万亿元", "target"}, // the table's, or the text's 2.5万亿元左右
		{"2020年地区生产总值是多少", "1.8万亿元", "result"},
		{"十四五期间GDP年均增长多少", "6.5%左右", "target"},
		{"2025年每万人口高价值发明专利拥有量目标", "40件", "target"},
		{"单位GDP二氧化碳排放降低多少", "18%", "target"},
		{"新增中小学学位多少", "20万个", "target"},
		{"十三五时期GDP年均增长多少", "增长7.1%", "result"},
	}
	for _, c := range cases {
		a := ev.ask(t, c.q)
		// The table's cell (6.5%左右) or the text's (增长6.5%左右).
		if !a.Found || !strings.Contains(a.Answers[0].Figure, c.figure) || string(a.Answers[0].Kind) != c.kind {
			t.Errorf("Ask(%q) = found %v %+v; want %s (%s)", c.q, a.Found, first(a), c.figure, c.kind)
		}
	}
	if a := ev.ask(t, "2020年社会消费品零售总额增长多少"); a.Found {
		t.Errorf("a cell marked — answered: %+v", first(a))
	}
	if a := ev.ask(t, "新增中小学学位多少"); !strings.Contains(first(a).LocationText, "第二章 指导思想和主要目标 › 第二节 主要目标") {
		t.Errorf("location %q does not number the headings as the outline does", first(a).LocationText)
	}
}

// An appendix table with a unit column (指标名称 单位 2022年计划 …): each
// cell in its row's unit, a negative growth a decline — never the same
// number as a rise — and verdicts from the plan and result columns.
func TestTableUnitColumn(t *testing.T) {
	ev := newEnv(t, "testdata/unit-column.txt")
	ev.expectFigures(t, map[string]string{
		"2022年社会消费品零售总额目标": "500亿元",
		"2022年社零完成多少":      "480亿元",
		"2023年社零计划":        "520亿元",
		"2022年固定资产投资增长多少":  "下降3.2%",
	})
	if a := ev.ask(t, "2022年固定资产投资目标完成了吗"); !a.Found || first(a).Verdict != "missed" {
		t.Errorf("verdict = %+v", first(a))
	}
}

// A progress report's half-year figures answer questions about the half
// year (上半年, 1-6月), never about the whole year, and say which they are.
func TestPartOfYear(t *testing.T) {
	ev := newEnv(t, "testdata/half-year.txt")
	for q, want := range map[string]string{
		"2023年上半年GDP增长多少": "同比增长5.2%",
		"上半年社零是多少":        "680.5亿元",
		"1-6月社零增长多少":      "同比增长8.4%",
	} {
		a := ev.ask(t, q)
		if !a.Found || first(a).Figure != want || first(a).Within != "上半年" || !strings.HasPrefix(first(a).KindLabel, "上半年") {
			t.Errorf("Ask(%q) = %v %+v; want %s of 上半年", q, a.Found, first(a), want)
		}
	}
	for _, q := range []string{"2023年地区生产总值是多少", "规上工业增加值增长多少", "一季度GDP增长多少"} {
		if a := ev.ask(t, q); a.Found || !strings.Contains(a.Message, "上半年") {
			t.Errorf("Ask(%q) = %v %q %+v; want no answer, saying only 上半年's figure is given", q, a.Found, a.Message, first(a))
		}
	}
}

// A figure whose sentence gives the modifier asked to another figure of
// the same indicator is not the answer, even when that figure's own
// subject was cut (按可比口径计算增长8.1%): better no answer than the
// loans' growth for the deposits'. A word the sentence uses of something
// else (学校) does not count.
func TestSiblingIndicators(t *testing.T) {
	ev := newEnv(t, "testdata/siblings.txt")
	if a := ev.ask(t, "存款余额增长多少"); a.Found {
		t.Errorf("存款余额增长多少 answered %+v", first(a))
	}
	ev.expectFigures(t, map[string]string{"贷款余额增长多少": "增长10.4%", "学校新增学位多少": "9270座"})
}

// A figure whose subject the text leaves to the reader: a bare measure
// after what it measures, a clause that names it before its figure, a
// hedge inside it, 相当于 for 占.
func TestUnstatedSubjects(t *testing.T) {
	ev := newEnv(t, "testdata/unstated-subjects.txt")
	ev.expectFigures(t, map[string]string{
		"2025年规模以上工业增加值增长多少":         "增长4.3%",
		"2025年进出口总值是多少":              "2468亿元",
		"全社会研发经费投入年均增长多少":            "增长8.5%",
		"2026年研发经费支出占全市生产总值的比例要达到多少": "3.1%左右",
	})
}

// A name that shares the field but ends in another quantity is another
// indicator: expenditure is not revenue, sales output not value added.
func TestOtherMeasure(t *testing.T) {
	ev := newEnv(t, "testdata/other-measure.txt")
	// Nor is a channel of trade the whole of it, nor a level reached a
	// growth rate.
	ev.expectRefused(t, "2024年规模以上工业增加值增长多少", "2024年一般公共预算收入是多少", "2024年一般公共预算收入增长多少",
		"2024年进出口总额增长多少", "2024年社零增长了多少", "2024年末常住人口是多少")
	if a := ev.ask(t, "2024年一般公共预算支出是多少"); !a.Found || first(a).Figure != "839.5亿元" {
		t.Errorf("支出 = %v %+v", a.Found, first(a))
	}
	// Private investment is a part; the total is the answer.
	if a := ev.ask(t, "2024年固定资产投资比上年下降多少"); !a.Found || first(a).Figure != "下降7.7%" {
		t.Errorf("固定资产投资 = %v %+v", a.Found, first(a))
	}
}

// A level to reach by a period's last year (到2030年…达到3.2%左右) answers
// for that year; a figure for the whole period does not.
func TestPeriodEndLevel(t *testing.T) {
	ev := newEnv(t, "testdata/period-end.txt")
	if a := ev.ask(t, "到2030年全社会研发投入强度要达到多少"); !a.Found || first(a).Figure != "3.2%左右" {
		t.Errorf("2030 level = %v %+v", a.Found, first(a))
	}
	// The period's end asked is its last year's level.
	ev.expectFigures(t, map[string]string{"十五五末常住人口城镇化率目标是多少": "70%"})
	// From one level to another over a five-year review: the start is
	// its year's, the end the period's last year's.
	for q, want := range map[string]string{
		"2025年全省生产总值达到多少":  "4.93万亿元",
		"2020年全省生产总值是多少":   "3.68万亿元",
		"2025年一般公共预算收入是多少": "4398.6亿元",
	} {
		if a := ev.ask(t, q); !a.Found || !strings.HasSuffix(first(a).Figure, want) {
			t.Errorf("Ask(%q) = %v %+v; want %s", q, a.Found, first(a), want)
		}
	}
	// 近两年 are the years reported and planned, not the period's horizon.
	if a := ev.ask(t, "近两年地区生产总值增长"); !a.Found || len(a.Answers) < 2 || a.Answers[0].Year != 2025 {
		var ys []int
		for _, it := range a.Answers {
			ys = append(ys, it.Year)
		}
		t.Errorf("近两年 = %v, years %v; want 2025 and 2026", a.Found, ys)
	}
	if a := ev.ask(t, "2030年新增学位多少"); a.Found {
		t.Errorf("2030年新增学位 answered with the period's %+v", first(a))
	}
}

// A work report numbers no tasks: the sections of the part that plans
// (（二）办好人民满意的教育) are its tasks, listed, asked by number or topic,
// each with its own figures.
func TestSectionsAsTasks(t *testing.T) {
	ev := newEnv(t, "testdata/work-sections.txt")
	a := ev.ask(t, "2026年重点工作有哪些")
	var titles []string
	for _, it := range a.Answers {
		if it.Role == "task" {
			titles = append(titles, it.Subject)
		}
	}
	if !a.Found || len(titles) != 3 || !strings.Contains(titles[1], "教育") {
		t.Errorf("重点工作 = %v %q", a.Found, titles)
	}
	a = ev.ask(t, "第二项重点工作是什么")
	if !a.Found || !strings.Contains(first(a).Subject, "教育") || first(a).Location.Task != 0 {
		t.Errorf("第二项 = %v %+v", a.Found, first(a))
	}
	for _, it := range a.Answers[1:] {
		if it.Figure != "80所" && it.Figure != "5万个" {
			t.Errorf("第二项's figure %s is another section's", it.Figure)
		}
	}
	if a := ev.ask(t, "教育方面有什么计划"); !a.Found || !strings.Contains(first(a).Subject, "教育") {
		t.Errorf("教育方面 = %v %+v", a.Found, first(a))
	}
}

// A work report heads a paragraph, or a run of its sentences, with a
// short sentence (高水平建设健康丁区。办好义务教育。): a topic answer quotes
// a sentence with the subheading it stands under, and a subheading with
// what it plans, preferring the one that states a figure.
func TestTopicQuotesSubheadings(t *testing.T) {
	ev := newEnv(t, "testdata/subheadings.txt")
	for q, want := range map[string][]string{
		// The sentence naming 医疗卫生 stands under a subheading that
		// does not: both are quoted.
		"2026年医疗卫生方面有什么计划": {"高水平建设健康丁区。", "提升基层医疗卫生服务水平"},
		// Four subheadings name 教育 alike; the first planning a figure
		// is quoted with it.
		"2026年义务教育方面有什么计划": {"办好义务教育。", "升级改造校园20所"},
		"2026年学前教育方面有什么计划": {"办好学前教育。", "增加学前学位1200座"},
		// The sentence on 污染治理 stands in a paragraph headed by one
		// that names no topic word: it is quoted too, with its figure.
		"2026年大气污染治理有什么打算": {"坚决打好蓝天保卫战。", "下降3%", "污染治理专项行动"},
		// A title naming the topic among others: the sentence on it, not
		// the title's first theme.
		"2026年人才方面有什么打算": {"打造东部人才高地", "博士人才400名"},
	} {
		a := ev.ask(t, q)
		ex := first(a).Excerpt
		if !a.Found {
			t.Errorf("%s: not found: %s", q, a.Message)
			continue
		}
		for _, w := range want {
			if !strings.Contains(ex, w) {
				t.Errorf("%s: excerpt %q lacks %q", q, ex, w)
			}
		}
		if strings.Count(ex, want[0]) > 1 {
			t.Errorf("%s: excerpt %q repeats %q", q, ex, want[0])
		}
	}
}

// A concentration is asked without the words its text wraps it in
// (PM2.5浓度 for PM2.5年均浓度值, PM2.5年均值), and the level reached
// keeps none of 降至.
func TestConcentrationNames(t *testing.T) {
	ev := newEnv(t, "testdata/concentration.txt")
	ev.expectFigures(t, map[string]string{
		"2024年PM2.5浓度是多少":   "13.9微克/立方米",
		"2025年PM2.5浓度目标是多少": "14.0微克/立方米以内",
	})
	if a := ev.ask(t, "近两年PM2.5浓度"); !a.Found || len(a.Answers) < 2 {
		t.Errorf("近两年PM2.5浓度 = %v, %d answers: %s", a.Found, len(a.Answers), a.Message)
	}
}

// The year's list of targets leaves out those set for the five-year term,
// under a heading naming the plan or a sentence naming the term; the
// term's own list is still there when the term is asked.
func TestYearListLeavesTermTargets(t *testing.T) {
	ev := newEnv(t, "testdata/term-list.txt")
	a := ev.ask(t, "2021年主要目标有哪些")
	var got []string
	for _, it := range a.Answers {
		got = append(got, it.Subject+" "+it.Figure)
	}
	want := []string{"地区生产总值增长 增长8%以上", "一般公共预算收入增长 增长5%左右", "城镇调查失业率 3.5%以内"}
	if !a.Found || !slices.Equal(got, want) {
		t.Errorf("2021年主要目标 = %v %q; want %q", a.Found, got, want)
	}
	for _, q := range []string{"十四五期间主要目标有哪些", "未来五年的主要目标有哪些"} {
		if a := ev.ask(t, q); !a.Found || !strings.Contains(first(a).Excerpt, "今后五年") {
			t.Errorf("%s = %v %+v", q, a.Found, first(a))
		}
	}
}

// A trend's point of a year is that year's figure, not a five-year total
// dated by the term's last year (经过五年持续奋斗，…新增学位35460个):
// without one, the year is said to be missing.
func TestTrendPointsAreYears(t *testing.T) {
	ev := newEnv(t, "testdata/term-list.txt")
	a := ev.ask(t, "近两年新增学位")
	var got []string
	for _, it := range a.Answers {
		got = append(got, fmt.Sprintf("%d %s", it.Year, it.Figure))
	}
	if want := []string{"2021 9360个"}; a.Found || !slices.Equal(got, want) || !strings.Contains(a.Message, "2020年：文件中没有") {
		t.Errorf("近两年新增学位 = %v %q %s; want unfound %q, 2020 missing", a.Found, got, a.Message, want)
	}
	// A level its own clause dates, in a sentence of the five years, is
	// that year's: 由2016年的532亿元跃升至2020年的801亿元.
	ev.expectFigures(t, map[string]string{"2016年地区生产总值是多少": "532亿元", "2020年地区生产总值是多少": "801亿元"})
}

// A rate named once for the sentence (GDP增速一季度-9.9%…全年增速达到2%)
// answers the year's growth with its sign kept for the quarters, and no
// 总量 question.
func TestRatesNamedOnce(t *testing.T) {
	ev := newEnv(t, "testdata/signed-rates.txt")
	ev.expectFigures(t, map[string]string{
		"2020年GDP增长多少":        "2%",
		"2021年比2020年GDP增速高多少": "5个百分点",
	})
	// Not a rate for an amount, nor a share of something else for a
	// growth rate.
	ev.expectRefused(t, "2020年GDP总量是多少", "2021年进出口增长目标是多少")
	ev.expectFigures(t, map[string]string{"2021年服务贸易占对外贸易总额比重目标": "21%左右"})
	// The review judges the year's growth in words elsewhere: that is the
	// verdict, both sentences cited.
	a := ev.ask(t, "2020年GDP增长目标完成了吗")
	if !a.Found || first(a).Verdict != "missed" || first(a).Figure != "2%" || len(a.Answers) < 2 || !strings.Contains(a.Answers[1].Excerpt, "未能实现年度预期目标") {
		t.Errorf("verdict = %v %+v", a.Found, a.Answers)
	}
	// With no figure at all, the review's words are the verdict, cited;
	// of an indicator they do not name, there is none.
	a = ev.ask(t, "2020年进出口增长目标完成了吗")
	if !a.Found || first(a).Verdict != "missed" || !strings.Contains(first(a).Excerpt, "预期增长目标未能实现") {
		t.Errorf("verdict in words = %v %+v", a.Found, a.Answers)
	}
	if a := ev.ask(t, "2020年社会消费品零售总额目标完成了吗"); a.Found {
		t.Errorf("verdict of an indicator not judged = %+v", first(a))
	}
}

// 提高了多少 of a level its sentence reached from a start it names is the
// two subtracted, both quoted; 提高到多少 is still the level.
func TestSpanChange(t *testing.T) {
	ev := newEnv(t, "testdata/spans.txt")
	for q, want := range map[string]string{
		"2023年集中供养孤儿提高多少":        "68元",
		"小规模纳税人增值税起征点提高了多少":      "5万元",
		"过去五年高铁运营里程增加了多少":        "1.7万公里",
		"2023年制造业税率降了几个百分点":      "3个百分点",      // the start found first, named after it
		"PM2.5从2017年到2022年下降了多少": "12.8微克/立方米", // years and a unit inside the span
		// The year's growth is no change over five years; the level
		// reached, with its start, is.
		"过去五年一般公共预算收入增加了多少": "3555亿元",
	} {
		a := ev.ask(t, q)
		if top := first(a); !a.Found || top.Figure != want || top.Role != "difference" || !strings.Contains(top.Calc, "−") {
			t.Errorf("%s = %v %+v; want %s computed", q, a.Found, top, want)
		}
	}
	ev.expectFigures(t, map[string]string{"2023年集中供养孤儿提高到多少": "2017元", "过去五年一般公共预算收入年均增长多少": "增长6.6%"})
	if a := ev.ask(t, "PM2.5从2019年到2022年下降了多少"); a.Found && first(a).Role == "difference" {
		t.Errorf("a span of other years computed: %+v", first(a))
	}
	// A share right after an amount is of the amount's subject, and an
	// intensity is that share of the economy.
	ev.expectFigures(t, map[string]string{"2023年研发投入强度是多少": "3.14%"})
	// A milestone passed (突破6000亿元) ranks after the value itself.
	ev.expectFigures(t, map[string]string{"2022年地区生产总值是多少": "6216亿元"})
}

// 出口 is not 进出口, either way round: a subject holding the word asked
// only inside a longer one, or only the tail of it, is another indicator.
func TestTradeWordsInsideLongerOnes(t *testing.T) {
	ev := newEnv(t, "testdata/trade.txt")
	ev.expectFigures(t, map[string]string{"2021年出口总额是多少": "254.1亿美元", "2020年进出口总额是多少": "1.08万亿美元",
		// A sector's (海洋生产总值) is not the economy's.
		"2020年GDP增长多少": "增长3.1%", "2020年海洋生产总值增长多少": "增长13.8%"})
	ev.expectRefused(t, "2020年出口总额是多少", "2021年进出口总额是多少")
}

// Tasks that name a topic alike are offered in the order of how often
// they name it: the section on transport before one naming a hub once.
func TestTopicTiesByMentions(t *testing.T) {
	ev := newEnv(t, "testdata/topic-ties.txt")
	a := ev.ask(t, "2020年交通方面有什么打算")
	if !a.Found || !strings.HasPrefix(first(a).Subject, "高水平推进城市规划建设") {
		t.Errorf("交通 = %v %+v", a.Found, first(a))
	}
}

// A computed difference shows its arithmetic apart (Calc) and quotes the
// sentences it was computed from as its excerpt, so its sources are
// checked like any answer's.
func TestDifferenceQuotesItsSources(t *testing.T) {
	ev := newEnv(t, seedPath)
	a := ev.ask(t, "2022年比2021年新增学位多了多少")
	top := first(a)
	if !a.Found || top.Figure != "240座" || top.Calc != "9510座 − 9270座 = 240座" {
		t.Fatalf("difference = %v %+v", a.Found, top)
	}
	for _, src := range []string{"新增9510座学位", "9270座"} {
		if !strings.Contains(top.Excerpt, src) {
			t.Errorf("excerpt %q lacks the source %q", top.Excerpt, src)
		}
	}
	// The other way than asked: the figure says so, the message once.
	a = ev.ask(t, "2021年比2022年新增学位多了多少")
	if top := first(a); top.Figure != "少240座" || strings.Contains(a.Message, "少少") {
		t.Errorf("reverse difference = %q, message %q", top.Figure, a.Message)
	}
}

// Two indicators of one year compared (城镇居民…比农村居民高多少): each
// found on its own, the difference computed from both.
func TestTwoIndicatorsDifference(t *testing.T) {
	ev := newEnv(t, "testdata/bulletins/nanyang_2022_tjgb.txt")
	// 近两年 of a bulletin whose notes give last year's verified figure:
	// both years.
	if a := ev.ask(t, "南阳近两年生产总值"); !a.Found || len(a.Answers) < 2 || a.Answers[0].Figure != "4279.65亿元" || a.Answers[0].Year != 2021 || a.Answers[1].Figure != "4555.40亿元" {
		t.Errorf("近两年 = %v %+v", a.Found, a.Answers)
	}
	a := ev.ask(t, "2022年城镇居民人均可支配收入比农村居民高多少")
	if !a.Found || first(a).Figure != "18991元" || len(a.Answers) != 3 || a.Answers[1].Figure != "37774元" || a.Answers[2].Figure != "18783元" {
		t.Errorf("difference = %v %+v", a.Found, a.Answers)
	}
}

// 近两年 of a bulletin that gives one year only: its one figure shown,
// no trend.
func TestTrendOfOneYear(t *testing.T) {
	ev := newEnv(t, "testdata/bulletins/suihua_2024_tjgb.html")
	if a := ev.ask(t, "绥化近两年地区生产总值"); a.Found || len(a.Answers) == 0 {
		t.Errorf("近两年 of one year = %v %+v", a.Found, a.Answers)
	}
}

// Parts headed by themes (一年接着一年干…, 一鼓作气勇争先，全力推动“十五五”…)
// hold what their years say: the review's figures are results even under
// a section about 民生实事, the plan's running target list targets, its
// sections its tasks.
func TestThemeParts(t *testing.T) {
	ev := newEnv(t, "testdata/theme-parts.txt")
	for q, want := range map[string]string{"2025年城镇新增就业多少": "result", "2026年城镇新增就业目标是多少": "target"} {
		if a := ev.ask(t, q); !a.Found || string(first(a).Kind) != want {
			t.Errorf("Ask(%q) = %v %s %s; want a %s", q, a.Found, first(a).Figure, first(a).Kind, want)
		}
	}
	// A target stated in words (增速高于地区生产总值增速) is one of them.
	a := ev.ask(t, "2026年主要预期目标有哪些")
	worded := slices.ContainsFunc(a.Answers, func(it answer.Item) bool {
		return strings.Contains(it.Figure, "高于") && it.Year == 2026 && it.Kind == plan.KindTarget
	})
	dated := !slices.ContainsFunc(a.Answers, func(it answer.Item) bool { return it.Year != 2026 })
	if !a.Found || len(a.Answers) < 5 || !worded || !dated {
		t.Errorf("targets = %v %d, worded %v, all of 2026 %v", a.Found, len(a.Answers), worded, dated)
	}
	a = ev.ask(t, "第二项重点工作是什么")
	if !a.Found || !strings.HasPrefix(first(a).Subject, "办好人民满意的教育") || first(a).Year != 2026 {
		t.Errorf("第二项重点工作 = %v %+v", a.Found, first(a))
	}
}

// An amount of change (比上年增加20.55万吨) answers 增加多少, and gives way
// to the level (1205.74万吨) when the level is asked.
func TestAmountOfChange(t *testing.T) {
	ev := newEnv(t, "testdata/bulletins/suihua_2024_tjgb.html")
	ev.expectFigures(t, map[string]string{"2024年绥化粮食产量比上年增加多少": "20.55万吨", "2024年绥化粮食产量是多少": "1205.74万吨"})
}

// An item of a parallel list (对非洲、拉美市场出口分别增长20%、7.6%) is
// answered by its own figure, not a sibling's that holds more of the
// question's words; and the two compare.
func TestParallelListItems(t *testing.T) {
	ev := newEnv(t, "testdata/corpus/fujian_2026_gwr.txt")
	// A topic whole (海洋经济) finds its section over one that only
	// shares a word (经济), and quotes what it says of the topic.
	if a := ev.ask(t, "海洋经济方面有什么计划"); !a.Found || !strings.Contains(first(a).Excerpt, "海洋经济") {
		t.Errorf("海洋经济 = %v %q", a.Found, first(a).Excerpt)
	}
	ev.expectFigures(t, map[string]string{
		"2025年福建对非洲市场出口增速":         "增长20%",
		"2025年福建对非洲市场出口增速比拉美市场高多少": "12.4个百分点",
	})
}

// expectFigures asks each question and wants it answered with the figure
// given for it.
func (ev *env) expectFigures(t *testing.T, want map[string]string) {
	t.Helper()
	for q, w := range want {
		if a := ev.ask(t, q); !a.Found || first(a).Figure != w {
			t.Errorf("Ask(%q) = %v %+v; want %s", q, a.Found, first(a), w)
		}
	}
}

// expectRefused asks each question and wants it unanswered: what the
// documents give is another thing's figure.
func (ev *env) expectRefused(t *testing.T, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if a := ev.ask(t, q); a.Found {
			t.Errorf("Ask(%q) answered %+v; want no answer", q, first(a))
		}
	}
}

func first(a answer.Answer) answer.Item {
	if len(a.Answers) == 0 {
		return answer.Item{}
	}
	return a.Answers[0]
}

// A corrected copy replaces the document; a broken file changes nothing.
func TestReingest(t *testing.T) {
	ev := newEnv(t, seedPath)
	data, _ := os.ReadFile(seedPath)
	edited := bytes.Replace(data, []byte("新增9510座学位"), []byte("新增9800座学位"), 1)
	path := t.TempDir() + "/corrected.txt"
	os.WriteFile(path, edited, 0o644)
	rep := ev.ingest(t, path, parse.Options{})
	if rep.Version != 2 || rep.Previous != 1 {
		t.Fatalf("report = %+v", rep)
	}
	if a := ev.ask(t, "2022年新增学位多少"); first(a).Figure != "9800座" || first(a).Version != 2 {
		t.Errorf("after correction: %+v", first(a))
	}
	if _, err := ev.in.Ingest(context.Background(), "junk.bin", []byte("%PDF-1.4 garbage"), parse.Options{}); plan.ErrorCode(err) != plan.EINVALID {
		t.Errorf("junk ingest error = %v", err)
	}
	if a := ev.ask(t, "2022年新增学位多少"); first(a).Figure != "9800座" {
		t.Errorf("index changed by a rejected file: %+v", first(a))
	}
	docs := ev.db.Documents()
	if len(docs) != 1 || len(docs[0].Versions) != 2 {
		t.Errorf("documents = %+v", docs)
	}
}

// BenchmarkAsk measures a warm ask over the seed (the 41 gold questions'
// kinds, cycled).
func BenchmarkAsk(b *testing.B) {
	ev := newEnv(b, seedPath)
	qs := []string{"2022年新增学位多少", "2021年福田区地区生产总值是多少", "规上工业增加值增速", "疫苗接种了多少人", "福田区常住人口有多少", "2022年GDP增长目标"}
	for _, q := range qs {
		ev.ask(b, q) // warm the caches
	}
	i := 0
	for b.Loop() {
		ev.e.Ask(context.Background(), qs[i%len(qs)])
		i++
	}
}

// Relative years resolve against the engine's clock.
func TestRelativeYears(t *testing.T) {
	ev := newEnv(t, seedPath)
	ev.e.Now = func() time.Time { return time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC) }
	if a := ev.ask(t, "今年新增学位多少"); first(a).Figure != "9510座" {
		t.Errorf("今年 in 2022: %+v", first(a))
	}
	if a := ev.ask(t, "去年新改扩建学校多少所"); first(a).Figure != "16所" {
		t.Errorf("去年 in 2022: %+v", first(a))
	}
	// Asked long after the newest plan, 今年 means that plan's year, and
	// the answer says so.
	ev.e.Now = func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }
	if a := ev.ask(t, "今年新增学位多少"); first(a).Figure != "9510座" || !strings.Contains(a.Message, "按2022年理解") {
		t.Errorf("今年 in 2026: %+v %q", first(a), a.Message)
	}
	if a := ev.ask(t, "咱们区去年社零增长了多少？"); first(a).Figure != "增长10.0%" && first(a).Figure != "10.0%" {
		t.Errorf("去年 in 2026: %+v", first(a))
	}
	// An explicit year is never moved.
	if a := ev.ask(t, "2026年新增学位多少"); a.Found {
		t.Errorf("2026 answered: %+v", first(a))
	}
}

// A fact that matches the words but not what is asked is not an answer:
// the reply says which part does not fit and shows it as nearest.
func TestMismatchIsNotAnAnswer(t *testing.T) {
	ev := newEnv(t, seedPath)
	cases := []struct {
		q       string
		found   bool
		figure  string // the first item's figure holds this
		message string // the message holds this
	}{
		{"2022年GDP目标", true, "6.0%", ""},
		{"2021年GDP目标", true, "6.8%", ""},
		{"2021年新增学位目标", false, "9270座", "目标"},
		{"2022年实际新增学位多少", false, "9510座", "实际完成"},
		{"2022年GDP完成多少", false, "6.0%", "实际完成"},
		{"2022年地区生产总值是多少", false, "6.0%", "增长速度"},
		{"2021年GDP下降多少", false, "", "方向"},
		{"2021年GDP多少平方米", false, "", "单位"},
		{"2021年引进多少名院士", true, "14人", ""},
		{"新增学位多少个", true, "座", ""},
		{"去年财政收入多少钱", true, "214.3亿元", ""},
		{"2021年GDP增长多少个百分点", true, "8.6%", ""},
		{"对重点企业给予多少支持", true, "17.6亿元", ""},
		{"城市更新单元计划拆除用地多少", true, "62万平方米", ""},
		{"3000年GDP", false, "", "3000年"},
		{"2021年计划执行情况中GDP增长多少", true, "8.6%", ""}, // 计划 and 执行 together ask for no kind
		{"2022年计划新增学位多少", true, "9510座", ""},
	}
	for _, c := range cases {
		a := ev.ask(t, c.q)
		if a.Found != c.found || !strings.Contains(first(a).Figure, c.figure) || !strings.Contains(a.Message, c.message) {
			t.Errorf("Ask(%q) = found %v %q %q; want found %v, figure with %q, message with %q",
				c.q, a.Found, first(a).Figure, a.Message, c.found, c.figure, c.message)
		}
	}
	if a := ev.ask(t, "多少亿"); a.Found || len(a.Answers) > 0 {
		t.Errorf("a question with no subject was answered: %+v", first(a))
	}
}

// With several regions indexed, a question naming none that two regions'
// documents answer as well is not answered with either: it says what each
// says and asks for the region.
func TestUnnamedRegionIsSaid(t *testing.T) {
	ev := newEnv(t, seedPath, nanshanPath)
	a := ev.ask(t, "2022年新增学位多少")
	if a.Found || !strings.Contains(a.Message, "福田区") || !strings.Contains(a.Message, "南山区") || len(a.Answers) < 2 {
		t.Errorf("Ask = found %v %q; want not found, both regions named and shown", a.Found, a.Message)
	}
	if a := ev.ask(t, "2022年福田区新增学位多少"); !a.Found || first(a).Figure != "9510座" {
		t.Errorf("naming the region: found %v %q", a.Found, first(a).Figure)
	}
	if a := ev.ask(t, "2022年福田区新增学位多少"); strings.Contains(a.Message, "南山区") {
		t.Errorf("a question naming its region got a note about others: %q", a.Message)
	}
}

func TestExplain(t *testing.T) {
	ev := newEnv(t, seedPath)
	out, err := ev.e.Explain(context.Background(), "今年GDP目标", 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"term gdp head", "intent=target", "地区生产总值增长", "head only a modifier"} {
		if !strings.Contains(out, want) {
			t.Errorf("Explain lacks %q:\n%s", want, out)
		}
	}
}

// Explain searches where Ask searches: a region no document covers, or a
// year none covers, is searched as Ask searches it, for the nearest
// statements, not as a scope with nothing in it.
func TestExplainSearchesWhereAskDoes(t *testing.T) {
	ev := newEnv(t, seedPath)
	for _, q := range []string{
		"2022年南山区新增学位多少",  // a region no document covers
		"2023年地区生产总值增长目标", // a year no document covers
		"福田区2022年新增学位多少",
	} {
		a := ev.ask(t, q)
		out, err := ev.e.Explain(context.Background(), q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("scope regions %v years %v\n", a.Scope.Regions, a.Scope.Years); !strings.Contains(out, want) {
			t.Errorf("Explain(%q) lacks %q:\n%s", q, want, out)
		}
		top := first(a)
		if top.Figure == "" {
			t.Fatalf("Ask(%q) gave no nearest statement: %+v", q, a)
		}
		want := fmt.Sprintf("  %s | %s | %d %s", top.Figure, top.Subject, top.Year, top.KindLabel)
		if got := firstCandidate(out); !strings.Contains(got, want) {
			t.Errorf("Explain(%q) best candidate %q; Ask's best is %q\n%s", q, got, want, out)
		}
	}
}

// firstCandidate is the line of Explain's output after its count of
// candidates: the best candidate, or "".
func firstCandidate(out string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.Contains(l, "candidate sentences") && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	return ""
}

// TestFollowUp: a question that names only a year, region or kind is the
// previous question asked again of it.
func TestFollowUp(t *testing.T) {
	ev := newEnv(t, seedPath, nanshanPath)
	tests := []struct{ q, prev, figure, reads string }{
		{"那2021年呢？", "2022年福田区新增学位多少", "9270座", "2021年福田区新增学位多少"},
		{"南山区呢", "2022年福田区新增学位多少", "", "南山区2022年新增学位多少"},
		{"2021年的呢", "2022年福田区GDP增长目标", "6.8%", "2021年福田区gdp增长目标"},
		// A question of its own is asked as it is.
		{"那2022年新增停车位多少", "2022年福田区新增学位多少", "6000个", ""},
	}
	for _, tt := range tests {
		a, err := ev.e.AskFollowUp(context.Background(), tt.q, tt.prev)
		if err != nil {
			t.Fatal(err)
		}
		if tt.figure != "" && (!a.Found || !strings.Contains(first(a).Figure, tt.figure)) {
			t.Errorf("%q after %q = %v %q; want %s", tt.q, tt.prev, a.Found, first(a).Figure, tt.figure)
		}
		if tt.reads != "" && !strings.Contains(a.Message, "按“"+tt.reads+"”理解") {
			t.Errorf("%q after %q: message %q; want it read as %s", tt.q, tt.prev, a.Message, tt.reads)
		}
		if tt.reads == "" && strings.Contains(a.Message, "接上一问") {
			t.Errorf("%q after %q was read as a follow-up: %q", tt.q, tt.prev, a.Message)
		}
	}
}

// A year's target list is listed whole: a provincial report's runs to 13
// items, the last a target handed down (完成国家下达目标任务), one stated in
// words (稳步提升) among them.
func TestWholeTargetList(t *testing.T) {
	ev := newEnv(t, "testdata/corpus/anhui_2026_gwr.txt")
	a := ev.ask(t, "2026年主要预期目标有哪些")
	var got []string
	for _, it := range a.Answers {
		got = append(got, it.Subject+"|"+it.Figure)
	}
	if !a.Found || len(a.Answers) != 13 || !strings.Contains(a.Message, "共13项") ||
		!slices.Contains(got, "制造业投资和民间投资占比|稳步提升") || !strings.Contains(got[len(got)-1], "完成国家下达目标任务") {
		t.Errorf("targets = %v %q:\n%s", a.Found, a.Message, strings.Join(got, "\n"))
	}
}

// A result that says it was done is judged so; a plan's 全面完成…任务 is a
// target, whose result is not yet known.
func TestVerdictFromDoneWords(t *testing.T) {
	ev := newEnv(t, "testdata/done-words.txt")
	cases := []struct{ q, verdict string }{
		{"2024年公共住房供应任务完成了吗", "met"},
		{"2024年粮食种植任务完成了吗", "met"},
		{"2025年耕地保护任务完成了吗", "unclear"},
	}
	for _, c := range cases {
		a := ev.ask(t, c.q)
		if !a.Found || len(a.Answers) == 0 || a.Answers[0].Verdict != c.verdict {
			t.Errorf("%s: found %v %+v; want verdict %s", c.q, a.Found, a.Answers, c.verdict)
		}
	}
}

// A district's report from before it was renamed names it the old way
// (光明新区完成地区生产总值): asked by its name now (光明), that is the
// region's own figure, not a 新区's part of it.
func TestFormerRegionName(t *testing.T) {
	ev := newEnv(t)
	ev.ingest(t, "testdata/new-area-name.txt", parse.Options{Region: "光明区"})
	ev.expectFigures(t, map[string]string{
		"2015年光明GDP是多少":     "670.6亿元",
		"2015年光明新区GDP是多少":   "670.6亿元",
		"今年光明GDP目标比去年多多少亿元": "54.4亿元",
		"光明今年计划建成多少公里污水支管网": "65公里",
	})
	// An area of the district (光明凤凰城) is not the district.
	ev.expectRefused(t, "2015年光明固定资产投资是多少", "2016年光明固定资产投资目标是多少")
	ev.expectFigures(t, map[string]string{"2015年光明凤凰城固定资产投资是多少": "392亿元"})
	// Another district of the city, by its short name: no document of it,
	// whatever kind of question.
	for _, q := range []string{"福田今年污水方面有什么打算", "福田今年计划建成多少公里污水支管网"} {
		if a := ev.ask(t, q); a.Found || !strings.Contains(a.Message, "福田区") {
			t.Errorf("Ask(%q) = %v %q; want no answer naming 福田区", q, a.Found, a.Message)
		}
	}
}

// A subject saying the figure is expected (广义货币M2预期增长) still
// measures its head, and short names reach the full ones (M2, 棚改).
func TestExpectedAndShortNames(t *testing.T) {
	ev := newEnv(t, "testdata/money-supply.txt")
	ev.expectFigures(t, map[string]string{
		"今年M2增长目标是多少":   "增长13%左右",
		"2016年广义货币增长多少": "增长13%左右",
		"今年棚改计划多少套":     "600万套",
	})
}

// A report opening a term plans its five years under a heading without a
// year (未来五年工作): the year's own clauses answer 今年, the rest the
// term's last year and 今后五年, and 到2020年的总体目标 lists the term's.
func TestTermAhead(t *testing.T) {
	ev := newEnv(t, "testdata/term-ahead.txt")
	ev.expectFigures(t, map[string]string{
		"今年新增多少公共停车位":     "3000个",
		"今年要减少多少存量违建":     "330万平方米以上",
		"今后五年新增公共停车位多少":   "1.2万个以上",
		"2020年地区生产总值目标":   "4100亿元以上",
		"过去五年新增公办中小学学位多少": "3.2万个",
		"居民人均收入达到多少了":     "4.2万元", // what was reached, not the term's target
	})
	if a := ev.ask(t, "到2020年的总体目标有哪些"); !a.Found || len(a.Answers) < 2 || first(a).Figure != "4100亿元以上" {
		t.Errorf("the term's targets = %v %+v", a.Found, a.Answers)
	}
	// What the term plans on a topic, not what the review says was done.
	for _, it := range ev.ask(t, "未来五年生产总值方面有什么规划").Answers {
		if it.Year < 2016 {
			t.Errorf("the term's plans on 生产总值 hold the review's %+v", it)
		}
	}
	if a := ev.ask(t, "今后五年要做好哪几方面工作"); !a.Found || len(a.Answers) != 2 || !strings.Contains(first(a).Excerpt, "深入落实创新驱动") {
		t.Errorf("the term's work = %v %+v", a.Found, a.Answers)
	}
}

// Exports alone (外贸出口总额) and a zone's trade (出口加工区…进出口总额)
// are not the region's 外贸进出口总额, which this report never gives.
func TestExportsAreNotTrade(t *testing.T) {
	ev := newEnv(t, "testdata/export-only.txt")
	ev.expectRefused(t, "2013年外贸进出口总额是多少", "2013年进出口总额是多少")
	ev.expectFigures(t, map[string]string{
		"2013年外贸出口总额是多少": "83.2亿美元",
		"2013年GDP增长多少":   "同比增长（下同）13%",
	})
}
