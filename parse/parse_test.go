package parse

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/planbot/planbot/plan"
)

var update = flag.Bool("update", false, "rewrite the .golden files")

const seedPath = "../seeds/futian-2021-execution-2022-plan.txt"

func parseFile(t *testing.T, path string) *plan.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := New().Parse(filepath.Base(path), data, Options{})
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return doc
}

func TestSeedStructure(t *testing.T) {
	doc := parseFile(t, seedPath)

	if doc.Region != "福田区" || doc.ReportYear != 2021 || doc.PlanYear != 2022 || doc.Date != "2022-01" {
		t.Errorf("metadata = %q %d %d %q; want 福田区 2021 2022 2022-01", doc.Region, doc.ReportYear, doc.PlanYear, doc.Date)
	}
	if want := "福田区2021年国民经济和社会发展计划执行情况与2022年计划"; doc.Title != want {
		t.Errorf("title = %q; want %q", doc.Title, want)
	}
	// The appendix's 一、预期性指标 must not start a fourth part.
	if len(doc.Parts) != 3 {
		t.Fatalf("got %d parts; want 3", len(doc.Parts))
	}
	p1, p2, p3 := doc.Parts[0], doc.Parts[1], doc.Parts[2]

	if p1.Kind != plan.KindResult || p1.Year != 2021 {
		t.Errorf("part 一 kind/year = %s/%d; want result/2021", p1.Kind, p1.Year)
	}
	if len(p1.Sections) != 8 {
		t.Errorf("part 一 has %d sections; want 8", len(p1.Sections))
	}
	wantInds := []string{"地区生产总值", "现代服务业增加值", "全社会固定资产投资", "社会消费品零售总额", "进出口总额", "一般公共预算收入", "城镇居民登记失业率"}
	if got := indicatorNames(p1.Indicators); strings.Join(got, ",") != strings.Join(wantInds, ",") {
		t.Errorf("part 一 indicators = %q; want %q", got, wantInds)
	}

	if p2.Kind != plan.KindTarget || p2.Year != 2022 {
		t.Errorf("part 二 kind/year = %s/%d; want target/2022", p2.Kind, p2.Year)
	}
	if len(p2.Sections) != 2 || p2.Sections[0].Title != "预期性指标" || p2.Sections[1].Title != "约束性指标" {
		t.Fatalf("part 二 sections = %+v; want 预期性指标, 约束性指标", sectionTitles(p2.Sections))
	}
	if n := len(p2.Sections[0].Indicators); n != 6 {
		t.Errorf("expected (预期性) indicators: %d; want 6", n)
	}
	if got := indicatorNames(p2.Sections[1].Indicators); strings.Join(got, ",") != "城镇居民登记失业率,万元GDP建设用地,万元GDP水耗,能耗总量和强度" {
		t.Errorf("binding (约束性) indicators = %q", got)
	}

	if p3.Kind != plan.KindTask || p3.Year != 2022 {
		t.Errorf("part 三 kind/year = %s/%d; want task/2022", p3.Kind, p3.Year)
	}
	if len(p3.Sections) != 7 {
		t.Errorf("part 三 has %d sections; want 7", len(p3.Sections))
	}
	// The section heading whose last character the extraction dropped at
	// a page break (…现代产业体 … 系) is made whole again.
	if p3.Sections[2].Title != "加快构建现代产业体系" {
		t.Errorf("section 三 title = %q; want 加快构建现代产业体系", p3.Sections[2].Title)
	}
	tasks := doc.Tasks()
	if len(tasks) != 27 {
		t.Fatalf("got %d tasks; want 27", len(tasks))
	}
	for i, tr := range tasks {
		if tr.Task.Number != i+1 {
			t.Errorf("task %d numbered %d", i+1, tr.Task.Number)
		}
	}
	titles := map[int]string{1: "高水平建设河套深港科技创新合作区", 6: "推动投资高质量增长", 20: "提升教育事业发展质效", 21: "提升医疗养老服务水平", 22: "提升住房就业环境", 27: "打造低碳生活空间"}
	for n, want := range titles {
		if got := tasks[n-1].Task.Title; got != want {
			t.Errorf("task %d title = %q; want %q", n, got, want)
		}
	}
	// Tasks 21 and 22 are interleaved across a page: each keeps its own text.
	t21 := text(tasks[20].Task.Paragraphs)
	t22 := text(tasks[21].Task.Paragraphs)
	if !strings.Contains(t21, "推动区社会福利中心（二期）项目") || !strings.HasSuffix(t21, "打造都市养老“福田品牌”。") {
		t.Errorf("task 21 lost its continuation: %q", t21)
	}
	if !strings.HasPrefix(t22, "加快建立多主体供给、多渠道保障、租购并举的住房制度") || strings.Contains(t22, "养老") {
		t.Errorf("task 22 text wrong: %q", t22)
	}

	// Lines that merely start with a number are text, not tasks.
	all := text(p1.Sections[2].Paragraphs) + text(p1.Sections[7].Paragraphs)
	for _, s := range []string{"“一馆三中心”16.7万平方米用地完成产权注销", "同比下降11.2%。"} {
		if !strings.Contains(all, s) {
			t.Errorf("sentence with %q not kept in its paragraph", s)
		}
	}

	// The appendix table: 10 rows, 3 value columns.
	if len(doc.Tables) != 1 {
		t.Fatalf("got %d tables; want 1", len(doc.Tables))
	}
	tbl := doc.Tables[0]
	wantCols := []plan.Column{{Header: "2021年增长目标", Year: 2021, Kind: plan.KindTarget}, {Header: "2021年预计完成", Year: 2021, Kind: plan.KindResult}, {Header: "2022年计划增长", Year: 2022, Kind: plan.KindTarget}}
	if fmt.Sprint(tbl.Columns) != fmt.Sprint(wantCols) {
		t.Errorf("columns = %+v; want %+v", tbl.Columns, wantCols)
	}
	if len(tbl.Rows) != 10 {
		t.Fatalf("got %d rows; want 10", len(tbl.Rows))
	}
	rows := map[int]string{
		1:  "本区生产总值|6.8%|8.6%|6.0%以上",
		3:  "固定资产投资|3.0%|基本持平|力争正增长",
		8:  "万元GDP建设用地|下降5.0%|下降7.7%|下降5.7%",
		9:  "万元GDP水耗|以市下达目标为准|完成市下达目标|以市下达目标为准",
		10: "能耗总量和强度|以市下达目标为准|完成市下达目标|以市下达目标为准",
	}
	for n, want := range rows {
		r := tbl.Rows[n-1]
		if got := r.Name + "|" + strings.Join(r.Cells, "|"); got != want {
			t.Errorf("row %d = %q; want %q", n, got, want)
		}
	}
	if tbl.Rows[0].Group != "预期性指标" || tbl.Rows[9].Group != "约束性指标" {
		t.Errorf("row groups = %q, %q", tbl.Rows[0].Group, tbl.Rows[9].Group)
	}
}

func TestSeedPagesAndFacts(t *testing.T) {
	doc := parseFile(t, seedPath)
	pages := map[string]int{
		"地区生产总值5318.2亿元，增长8.6%；": 2,
		"万人全科医生5.6名":             12, // continues from page 12 over its printed footer
		"新增9510座学位":              23,
	}
	for frag, want := range pages {
		found := false
		for _, s := range doc.Sentences() {
			if strings.Contains(s.Text, frag) {
				found = true
				if s.Page != want {
					t.Errorf("sentence with %q on page %d; want %d", frag, s.Page, want)
				}
			}
		}
		if !found {
			t.Errorf("no sentence holds %q", frag)
		}
	}
	facts := map[string]string{ // figure -> subject|year|kind|task
		"9510座":      "新增学位|2022|task|20",
		"5318.2亿元":   "地区生产总值|2021|result|0",
		"突破500家":     "区级总部企业数量|2021|result|0",
		"增长6.0%以上":   "地区生产总值增长|2022|target|0",
		"18.4微克/立方米": "PM2.5浓度|2021|result|0",
		"下降40.7%":    "万元工业增加值用水量下降|2021|result|0",
		"2000套":      "多渠道筹集公共住房|2022|task|22",
	}
	for fig, want := range facts {
		var got []string
		for _, f := range doc.Facts {
			if f.Figure == fig && f.Loc.Table == "" {
				got = append(got, fmt.Sprintf("%s|%d|%s|%d", f.Subject, f.Year, f.Kind, f.Loc.Task))
			}
		}
		if len(got) == 0 || got[0] != want {
			t.Errorf("fact %s = %q; want %q", fig, got, want)
		}
	}
	for _, f := range doc.Facts {
		for _, bad := range []string{"5G", "PM2", "2021深", "98音", "一一"} {
			if strings.HasPrefix(f.Figure, bad) {
				t.Errorf("code or name read as a figure: %q in %q", f.Figure, f.Own)
			}
		}
	}
}

func TestSecondDocument(t *testing.T) {
	path := "testdata/nanshan-plan/input.txt"
	doc := parseFile(t, path)
	if doc.Region != "南山区" || doc.ReportYear != 2022 || doc.PlanYear != 2023 {
		t.Errorf("metadata = %q %d→%d; want 南山区 2022→2023", doc.Region, doc.ReportYear, doc.PlanYear)
	}
	kinds := []plan.Kind{plan.KindResult, plan.KindTarget, plan.KindTask}
	if len(doc.Parts) != 3 {
		t.Fatalf("got %d parts; want 3", len(doc.Parts))
	}
	for i, k := range kinds {
		if doc.Parts[i].Kind != k {
			t.Errorf("part %d kind = %s; want %s", i+1, doc.Parts[i].Kind, k)
		}
	}
	if n := len(doc.Tasks()); n != 12 {
		t.Errorf("got %d tasks; want 12 (full-width and two-digit numbers)", n)
	}
	if got := doc.Tasks()[9].Task.Title; got != "深化污染防治" {
		t.Errorf("task 10 title = %q", got)
	}
	// The targets come as one running sentence.
	if got := indicatorNames(doc.Parts[1].Indicators); strings.Join(got, ",") != "地区生产总值,规模以上工业增加值,一般公共预算收入,城镇调查失业率" {
		t.Errorf("running targets = %q", got)
	}
	if len(doc.Tables) != 1 || len(doc.Tables[0].Rows) != 4 || doc.Tables[0].Rows[2].Cells[1] != "下降2.9%" {
		t.Errorf("table = %+v", doc.Tables)
	}
	// Pages come from form feeds, calibrated to the printed footers.
	for _, s := range doc.Sentences() {
		if strings.Contains(s.Text, "PM2.5年均浓度降至16.2") && s.Page != 4 {
			t.Errorf("page of the PM2.5 sentence = %d; want 4", s.Page)
		}
	}

	// The same document in GBK parses the same.
	data, _ := os.ReadFile(path)
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(data)
	if err != nil {
		t.Fatal(err)
	}
	doc2, err := New().Parse("gbk.txt", gbk, Options{})
	if err != nil {
		t.Fatalf("GBK: %v", err)
	}
	if got, want := strings.Replace(outline(doc2), "warning: decoded as GB18030/GBK\n", "", 1), outline(doc); got != want {
		t.Errorf("the GBK copy parses differently from the UTF-8 one:\n%s\nvs\n%s", got, want)
	}
}

func TestWorkReport(t *testing.T) {
	doc := parseFile(t, "testdata/workreport/input.txt")
	if doc.Genre != "work-report" || doc.Region != "南山区" || doc.ReportYear != 2022 || doc.PlanYear != 2023 {
		t.Errorf("metadata = %s %q %d→%d", doc.Genre, doc.Region, doc.ReportYear, doc.PlanYear)
	}
	if doc.Title != "南山区2023年政府工作报告" {
		t.Errorf("title = %q", doc.Title)
	}
	for _, s := range doc.Sentences() {
		if strings.Contains(s.Text, "打印") || strings.Contains(s.Text, "字号") {
			t.Errorf("web clutter kept: %q", s.Text)
		}
	}
	if len(doc.Parts) != 2 || doc.Parts[0].Kind != plan.KindResult || doc.Parts[0].Year != 2022 || doc.Parts[1].Year != 2023 {
		t.Fatalf("parts = %+v", doc.Parts)
	}
	if got := indicatorNames(doc.Parts[1].Indicators); len(got) != 4 || got[0] != "地区生产总值" {
		t.Errorf("targets = %q", got)
	}
	found := false
	for _, f := range doc.Facts {
		if f.Figure == "增长6%左右" && f.Year == 2023 && f.Subject == "地区生产总值增长" {
			found = true
		}
	}
	if !found {
		t.Error("no 2023 GDP growth target fact")
	}
}

func TestGolden(t *testing.T) {
	cases := map[string]string{
		"futian-seed":  seedPath,
		"nanshan-plan": "testdata/nanshan-plan/input.txt",
		"workreport":   "testdata/workreport/input.txt",
		"bulletin":     "testdata/bulletin/input.txt",
		// Five-year plan outlines: 第一章/第一节, and 第一篇/第一章/第一节
		// with an indicator table (专栏) standing in the text.
		"outline-chapters": "testdata/outline-chapters/input.txt",
		"outline-volumes":  "testdata/outline-volumes/input.txt",
		// Task numbering out of sequence; numbered lines that are text.
		"numbering-gap":     "testdata/numbering-gap/input.txt",
		"numbering-restart": "testdata/numbering-restart/input.txt",
		"numbered-text":     "testdata/numbered-text/input.txt",
	}
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			got := outline(parseFile(t, path))
			golden := filepath.Join("testdata", name, "structure.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./parse -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("structure differs from %s; review with go test ./parse -update && git diff", golden)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	noStructure := strings.Repeat("这是一段没有任何标题和编号的普通文字，讲的是天气很好。\n", 50)
	cases := []struct {
		name string
		data []byte
		want string // part of the error message
	}{
		{"empty", nil, "empty"},
		{"blank", []byte(" \n\r\n\t "), "empty"},
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "PDF"},
		{"docx", []byte("PK\x03\x04\x14\x00\x06\x00"), "zip"},
		{"binary", bytes.Repeat([]byte{0x01, 0x02, 0x00, 0x7f}, 100), "binary"},
		{"not text", bytes.Repeat([]byte{0x80, 0xff, 0x81, 0xfe, 0xfd}, 200), "neither valid UTF-8 nor GBK"},
		{"no structure", []byte(noStructure), "no recognisable structure"},
		{"too big", bytes.Repeat([]byte("一"), 6<<20), "more than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New().Parse(tc.name, tc.data, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if plan.ErrorCode(err) != plan.EINVALID {
				t.Errorf("code = %s; want %s", plan.ErrorCode(err), plan.EINVALID)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q lacks %q", err, tc.want)
			}
		})
	}
}

func TestTruncatedAndCRLF(t *testing.T) {
	data, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	// Cut in the middle of the last character: the rest still parses.
	cut := data[:len(data)-2]
	doc, err := New().Parse("cut.txt", cut, Options{})
	if err != nil {
		t.Fatalf("truncated file: %v", err)
	}
	if len(doc.Tasks()) != 27 {
		t.Errorf("truncated file: %d tasks", len(doc.Tasks()))
	}
	crlf := bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
	doc2, err := New().Parse("crlf.txt", crlf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if outline(doc2) != outline(parseFile(t, seedPath)) {
		t.Error("CRLF copy parses differently")
	}
}

func indicatorNames(inds []plan.Indicator) []string {
	var out []string
	for _, i := range inds {
		out = append(out, i.Name)
	}
	return out
}

func sectionTitles(ss []plan.Section) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Title)
	}
	return out
}

func text(ps []plan.Paragraph) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text())
	}
	return b.String()
}

// outline renders a document's structure and facts for golden files.
func outline(doc *plan.Document) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\nregion: %s\ngenre: %s\nyears: %d → %d\ndate: %s\npages: %d\n", doc.Title, doc.Region, doc.Genre, doc.ReportYear, doc.PlanYear, doc.Date, doc.Pages)
	for _, p := range doc.Parts {
		fmt.Fprintf(&b, "part %d %s [%s %d] p%d\n", p.Number, p.Title, p.Kind, p.Year, p.Page)
		for _, i := range p.Indicators {
			fmt.Fprintf(&b, "  indicator %s = %s\n", i.Name, i.Value)
		}
		for _, s := range p.Sections {
			fmt.Fprintf(&b, "  section %d %s p%d\n", s.Number, s.Title, s.Page)
			for _, i := range s.Indicators {
				fmt.Fprintf(&b, "    indicator %s = %s\n", i.Name, i.Value)
			}
			for _, t := range s.Tasks {
				fmt.Fprintf(&b, "    task %d %s p%d\n", t.Number, t.Title, t.Page)
			}
		}
	}
	for _, t := range doc.Tables {
		fmt.Fprintf(&b, "table %s\n", t.Title)
		for _, c := range t.Columns {
			fmt.Fprintf(&b, "  column %s [%s %d]\n", c.Header, c.Kind, c.Year)
		}
		for _, r := range t.Rows {
			fmt.Fprintf(&b, "  row %d %s [%s] %s\n", r.Number, r.Name, r.Group, strings.Join(r.Cells, " | "))
		}
	}
	for _, f := range doc.Facts {
		fmt.Fprintf(&b, "fact %s | %s | %d %s | %s\n", f.Figure, f.Subject, f.Year, f.Kind, f.Loc.String())
	}
	for _, w := range doc.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	return b.String()
}

// Cells of a table run into one sentence give no figures; a sentence
// whose numbers are spaced from their units, as PDF text can be, does.
func TestTableDump(t *testing.T) {
	for text, want := range map[string]bool{
		"地区生产总值 亿元 3215.67 5.8规模以上工业增加值 亿元 385.21 3.6":              true,
		"1.地区生产总值（亿元） 4500 6000 6%左右 预期性2.全员劳动生产率（万元/人） 28 36 5%以上": true,
		"全区地区生产总值 5318.2 亿元，增长 8.6 %，其中第三产业增加值 4500 亿元，增长 9 %。":     false,
		"2021 年新增学位 9270 座，2022 年计划新增 9510 座。":                      false,
	} {
		if got := tableDump(text); got != want {
			t.Errorf("tableDump(%q) = %v; want %v", text, got, want)
		}
	}
}

// PDF text often puts each cell of a table on a line of its own. A cell
// such as 6.8% or 17.2% is a value, not a row numbered 6 named 8%.
func TestTableCellPerLine(t *testing.T) {
	const src = `某区2023年国民经济和社会发展计划执行情况与2024年计划
一、2023年计划执行情况
全区地区生产总值增长6.1%。
二、2024年主要目标
地区生产总值增长6%左右。
附件
主要指标表
指标名称
2023 年
增长目标
2023 年
预计完成
2024 年
计划增长
一、预期性指标
1．地区生产总值
6.5%
6.1%
6.0%左右
2．一般公共预算收入
4.0%
17.2%
12.5
3．固定资产投资
3.0%
基本持平
力争正增长
二、约束性指标
4．万元 GDP建设用地
下降 5.0%
下降 7.7%
下降 5.7%
注：表中数据以统计部门发布为准
`
	doc, err := New().Parse("cells.txt", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tables) != 1 {
		t.Fatalf("got %d tables; want 1", len(doc.Tables))
	}
	want := []string{
		"1 地区生产总值|6.5%|6.1%|6.0%左右",
		"2 一般公共预算收入|4.0%|17.2%|12.5",
		"3 固定资产投资|3.0%|基本持平|力争正增长",
		"4 万元GDP建设用地|下降5.0%|下降7.7%|下降5.7%",
	}
	var got []string
	for _, r := range doc.Tables[0].Rows {
		got = append(got, fmt.Sprintf("%d %s|%s", r.Number, r.Name, strings.Join(r.Cells, "|")))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTableRow(t *testing.T) {
	cases := []struct {
		line string
		want string // the row's number and rest, "" for none
	}{
		{"1.本区生产总值 6.8% 8.6% 6.0%以上", "1 本区生产总值 6.8% 8.6% 6.0%以上"},
		{"12、研发投入强度", "12 研发投入强度"},
		{"经济发展 1.地区生产总值（亿元） 4500 6000", "1 地区生产总值（亿元） 4500 6000"},
		{"3. 5G基站", "3 5G基站"},
		{"6.8%", ""},
		{"17.2%", ""},
		{"0.5个百分点", ""},
		{"经济发展 4.2 5", ""},
		{"基本持平", ""},
	}
	for _, c := range cases {
		got := ""
		if m := tableRow(c.line); m != nil {
			got = m[2] + " " + m[3]
		}
		if got != c.want {
			t.Errorf("tableRow(%q) = %q; want %q", c.line, got, c.want)
		}
	}
}

// A table laid out a cell a line reads as the same table laid out a row a
// line, and its numbers do not become figures of a glued paragraph.
func TestCellPerLineTable(t *testing.T) {
	rowsOf := func(doc *plan.Document) []string {
		var out []string
		for _, tbl := range doc.Tables {
			out = append(out, fmt.Sprintf("%q %+v", tbl.Title, tbl.Columns))
			for _, r := range tbl.Rows {
				out = append(out, r.Name+"|"+strings.Join(r.Cells, "|"))
			}
		}
		return out
	}
	want := rowsOf(parseFile(t, "testdata/bulletin/input.txt"))
	doc := parseFile(t, "testdata/cell-tables/bulletin.txt")
	if got := rowsOf(doc); strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) < 6 {
		t.Errorf("cell-a-line table:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range doc.Sentences() {
		if strings.Contains(s.Text, "3215.675.8") || strings.Contains(s.Text, "亿元120.5") {
			t.Errorf("table cells glued into a sentence: %q", s.Text)
		}
	}
}

// Short lines after a lone header word are left alone unless they make
// at least two rows of a name and values.
func TestCellTableNotProse(t *testing.T) {
	p := New()
	cases := []struct {
		name  string
		lines []string
	}{
		{"no values", []string{"指标", "单位", "体系", "不断", "完善", "机制", "健全"}},
		{"one row", []string{"指标", "单位", "数值", "地区生产总值", "亿元", "3215.67", "全年经济运行总体平稳。"}},
		{"header years only", []string{"指标名称", "2021 年", "增长目标", "2021 年", "预计完成"}},
		{"not alone", []string{"指标体系进一步完善", "单位", "数值", "地区生产总值", "亿元", "3215.67", "工业", "亿元", "120.5"}},
	}
	for _, c := range cases {
		var lines []line
		for i, s := range c.lines {
			lines = append(lines, line{text: s, no: i + 1})
		}
		if out := p.joinCellTables(lines); len(out) != len(lines) {
			t.Errorf("%s: %d lines became %d", c.name, len(lines), len(out))
		}
	}
}

// A saved web page may carry the article twice; the second copy is
// skipped, with a warning, and short lines repeated (各位代表：) or a few
// long ones repeated are no copy.
func TestDropRepeat(t *testing.T) {
	mk := func(texts ...string) []line {
		var ls []line
		for i, s := range texts {
			ls = append(ls, line{text: s, no: i + 1})
		}
		return ls
	}
	var body []string
	for i := range minRepeat + 2 {
		body = append(body, fmt.Sprintf("第%d行的正文内容，足够长的一句话。", i))
	}
	cases := []struct {
		name     string
		lines    []string
		keep, at int
	}{
		{"a second copy", append(append(append([]string{}, body...), "新华社北京3月12日电", "各位代表："), body...), len(body) + 2, len(body) + 3},
		{"short lines repeat", []string{"各位代表：", "正文第一段，足够长的一句话。", "各位代表：", "正文第二段，足够长的一句话。"}, 4, 0},
		{"a few long lines repeat", append(append(append([]string{}, body...), "其他内容，另起一段话。"), body[:minRepeat-1]...), len(body) + minRepeat, 0},
	}
	for _, c := range cases {
		got, at := dropRepeat(mk(c.lines...))
		if len(got) != c.keep || at != c.at {
			t.Errorf("%s: kept %d lines, copy at line %d; want %d, %d", c.name, len(got), at, c.keep, c.at)
		}
	}
}
