package parse

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

// workReportBody is the smallest body a work report needs: a review part,
// a part of this year's work and a sentence of figures in each.
const workReportBody = `一、2025年主要工作和“十四五”发展成就
全年地区生产总值增长5.5%，全省上下共同努力。
二、2026年重点工作
今年地区生产总值增长5%左右。
`

func TestMetadata(t *testing.T) {
	tests := []struct {
		name string
		text string
		opt  Options
		// want
		title, region, genre string
		report, plan         int
	}{
		{
			name: "web page of a provincial work report",
			text: "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n" +
				"2026年甲乙省政府工作报告\n" + // a made-up province: no region from the title
				"2026年1月14日在浙江省第十四届人民代表大会第四次会议上\n" +
				"来源：浙江日报\n时间：2026-01-22\n浙江省省长 某某\n" +
				"各位代表：\n现在，我代表省人民政府向大会作政府工作报告，请予审议。\n" + workReportBody,
			title: "2026年甲乙省政府工作报告", region: "浙江省", genre: "work-report", report: 2025, plan: 2026,
		},
		{
			name: "an autonomous region named in full in the title, a photo caption",
			text: "2026年广西壮族自治区政府工作报告\n——2026年2月2日在广西壮族自治区第十四届人民代表大会第五次会议上\n" +
				"自治区主席 某某\n主席某某作政府工作报告。本报记者 某某摄\n各位代表：\n" + workReportBody,
			title: "2026年广西壮族自治区政府工作报告", region: "广西壮族自治区", genre: "work-report", report: 2025, plan: 2026,
		},
		{
			name:  "only 我代表省人民政府: no region, never 我代表省",
			text:  "政府工作报告\n各位代表：\n现在，我代表省人民政府，向大会报告工作。\n" + workReportBody,
			title: "政府工作报告", region: "", genre: "work-report",
		},
		{
			name: "a district's work report titled without its name",
			text: "打印\n【字号：大 中 小】\n政府工作报告\n——2023年1月6日在深圳市南山区第八届人民代表大会第三次会议上\n" +
				"南山区区长  某某\n各位代表：\n" + strings.NewReplacer("2025", "2022", "2026", "2023").Replace(workReportBody),
			title: "南山区2023年政府工作报告", region: "南山区", genre: "work-report", report: 2022, plan: 2023,
		},
		{
			name:  "a city the province governs directly, by its short name after the year",
			text:  "2022年济源国民经济和社会发展统计公报\n济源市统计局\n一、综合\n全年地区生产总值806.22亿元，比上年增长4.4%。\n二、农业\n粮食产量19.3万吨。\n",
			title: "2022年济源国民经济和社会发展统计公报", region: "济源市", genre: "statistical-bulletin", report: 2022,
		},
		{
			name: "a statistical bulletin's page, the site's name after the title, a complete title before the page's dates",
			text: "关于黄陂区2022年国民经济和社会发展计划执行情况与2023年国民经济和社会发展计划草案的报告\n2023-01-11 15:12\n发文单位\n黄陂区发展和改革局\n" +
				"一、2022年国民经济和社会发展计划执行情况\n全区地区生产总值增长6.7%。\n二、2023年经济社会发展主要任务\n地区生产总值增长6%以上。\n",
			title: "关于黄陂区2022年国民经济和社会发展计划执行情况与2023年国民经济和社会发展计划草案的报告", region: "黄陂区", genre: "plan-execution", report: 2022, plan: 2023,
		},
		{
			name:  "a newspaper's name run into the title",
			text:  "滁州日报多媒体数字报刊滁州市2024年国民经济和社会发展统计公报\n一、综合\n全年地区生产总值3715.6亿元，比上年增长6.2%。\n二、农业\n粮食产量486.3万吨。\n",
			title: "滁州市2024年国民经济和社会发展统计公报", region: "滁州市", genre: "statistical-bulletin", report: 2024,
		},
		{
			name: "a district's plan, title over two lines",
			text: "深圳市福田区2021年国民经济和社会发展计划\n执行情况与2022年计划\n\n二○二二年一月\n\n" +
				"一、2021年国民经济和社会发展计划执行情况\n全区地区生产总值增长6.7%。\n二、2022年经济社会发展主要任务\n地区生产总值增长6%以上。\n",
			title: "深圳市福田区2021年国民经济和社会发展计划执行情况与2022年计划", region: "福田区", genre: "plan-execution", report: 2021, plan: 2022,
		},
		{
			name:  "a district's work report without a title: the government its opening speaks for, a title made of region, year and genre",
			text:  "各位代表：\n现在，我代表南山区人民政府，向大会报告政府工作，请予审议。\n2023年工作回顾\n本地生产总值增长5.1%，达到8566亿元。\n2024年主要工作\n今年本地生产总值增长5.5%左右。\n",
			title: "南山区2024年政府工作报告", region: "南山区", genre: "work-report", report: 2023, plan: 2024,
		},
		{
			name:  "我代表区人民政府 at the start, the district named in the thanks near the end",
			text:  "各位代表：\n现在，我代表区人民政府向大会作政府工作报告，请予审议。\n一、2022年工作回顾\n新增学位1.2万座。\n在这里，我代表福田区人民政府，向全区广大党员、干部群众致以崇高的敬意！\n二、2023年工作安排\n今年地区生产总值增长6.5%。\n",
			title: "福田区2023年政府工作报告", region: "福田区", genre: "work-report", report: 2022, plan: 2023,
		},
		{
			name:  "no title, 向大会作工作报告, a review of 过去一年 and a plan part named by its year alone",
			text:  "各位代表：\n现在，我代表宝安区人民政府，向大会作工作报告，请予审议。\n一、过去一年工作回顾\n2021年是具有里程碑意义的一年。地区生产总值增长6.7%。\n二、高质量做好2022年各项工作，以优异成绩迎接大会召开\n今年地区生产总值增长6.3%左右。\n",
			title: "宝安区2022年政府工作报告", region: "宝安区", genre: "work-report", report: 2021, plan: 2022,
		},
		{
			name: "我代表省人民政府 and no other evidence: the province the text names far more than any",
			text: "各位代表：\n现在，我代表省人民政府，向大会报告政府工作。\n一、2022年工作回顾\n广东经济总量12.8万亿元。广东制造业增加值4.4万亿元。支持深圳建设先行示范区。\n" +
				"广东外贸进出口8.3万亿元。广东粮食产量1291万吨。广东新增城镇就业132万人。\n二、2023年工作安排\n地区生产总值增长5%以上。\n",
			title: "广东省2023年政府工作报告", region: "广东省", genre: "work-report", report: 2022, plan: 2023,
		},
		{
			name: "我代表区人民政府 and no other evidence: the city's district the text names by its short name, over a place inside a word",
			text: "各位代表：\n现在，我代表区人民政府，向大会作政府工作报告。\n一、2014年工作回顾\n盐田生产总值增长8.9%。盐田港集装箱吞吐量增长。建设滨海城区。深圳东部。\n" +
				"壹海城一期开业，壹海城二期开工。盐田新增就业5000人。盐田新建公园3个。盐田完成老旧小区改造5个。\n二、2015年工作安排\n盐田生产总值增长10%左右。深圳东部中心。\n",
			title: "盐田区2015年政府工作报告", region: "盐田区", genre: "work-report", report: 2014, plan: 2015,
		},
		{
			name: "a five-year plan's part naming its horizon (二〇三五年远景目标) before the year's work",
			text: "各位代表：\n现在，我代表福田区人民政府，向大会作报告，请予审议。\n一、2020年工作和“十三五”发展回顾\n福田生产总值增长1.5%。\n" +
				"二、“十四五”时期主要任务和二〇三五年远景目标\n到2025年，福田生产总值达到6500亿元。\n三、2021年工作安排\n福田生产总值增长6%。\n",
			title: "福田区2021年政府工作报告", region: "福田区", genre: "work-report", report: 2020, plan: 2021,
		},
		{
			name: "我代表新区管委会: no 新区 named there; the city's district the text names most",
			text: "同志们：\n根据会议安排，我代表新区管委会向大会报告工作。\n一、2015年工作回顾\n光明新区生产总值增长9.4%。深圳北部中心。光明新城建设提速。\n" +
				"光明新区新增就业5000人。光明凤凰城开工。光明新区新建公园3个。\n二、2016年工作安排\n光明新区生产总值增长8.5%。深圳北部。\n",
			title: "光明区2016年政府工作报告", region: "光明区", genre: "work-report", report: 2015, plan: 2016,
		},
		{
			name:  "no title, no year in the headings: the review opens on its year",
			text:  "各位代表：\n现在，我代表国务院，向大会报告工作，请予审议。\n一、过去一年和五年工作回顾\n2022年是极为重要的一年。国内生产总值增长3%。\n二、对今年政府工作的建议\n国内生产总值增长5%左右。\n",
			title: "全国2023年政府工作报告", region: National, genre: "work-report", report: 2022, plan: 2023,
		},
		{
			name:  "a new term's report: 过去五年, 今后五年, the plan it opens named only as “十四五”",
			text:  "各位代表：\n现在，我代表罗湖区人民政府，向大会报告政府工作。\n一、过去五年工作回顾\n“十三五”圆满收官，地区生产总值2375亿元。\n二、今后五年的主要工作\n实现“十四五”良好开局，到2025年，地区生产总值突破3300亿元。\n",
			title: "罗湖区2021年政府工作报告", region: "罗湖区", genre: "work-report", report: 2020, plan: 2021,
		},
		{
			name:  "a 新区 run by a committee: 我代表大鹏新区管理委员会",
			text:  "各位代表：\n现在，我代表大鹏新区管理委员会，向大会作工作报告。\n一、2023年工作回顾\n地区生产总值增长4.5%。\n二、2024年工作安排\n今年地区生产总值增长5.5%。\n",
			title: "大鹏新区2024年政府工作报告", region: "大鹏新区", genre: "work-report", report: 2023, plan: 2024,
		},
		{
			name:  "关于2019年工作, then 关于2020年工作: the later plans",
			text:  "各位代表：\n现在，我代表福田区人民政府，向大会作报告，请予审议。\n一、关于2019年工作\n地区生产总值增长7.2%。\n二、关于2020年工作\n地区生产总值增长6.6%。\n",
			title: "福田区2020年政府工作报告", region: "福田区", genre: "work-report", report: 2019, plan: 2020,
		},
		{
			name:  "a review headed by a theme naming its year",
			text:  "各位代表：\n现在，我代表龙华区人民政府，向大会报告政府工作，请予审议。\n一、迎难而上、顽强拼搏，2022年经济社会发展取得新进步\n地区生产总值增长4.2%。\n二、埋头苦干、奋勇前进，全力抓好2023年重点工作\n今年地区生产总值增长6%。\n",
			title: "龙华区2023年政府工作报告", region: "龙华区", genre: "work-report", report: 2022, plan: 2023,
		},
		{
			name:  "向大会作报告, no 工作",
			text:  "各位代表：\n现在，我代表光明区人民政府向大会作报告，请予审议。\n一、2024年工作回顾\n地区生产总值增长6.7%。\n二、2025年工作安排\n今年地区生产总值增长6.5%以上。\n",
			title: "光明区2025年政府工作报告", region: "光明区", genre: "work-report", report: 2024, plan: 2025,
		},
		{
			name:  "the national government's report: 我代表国务院",
			text:  "政府工作报告\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n" + workReportBody,
			title: "全国2026年政府工作报告", region: National, genre: "work-report", report: 2025, plan: 2026,
		},
		{
			name:  "a plan-execution report without a title",
			text:  "各位代表：\n受区人民政府委托，现将2022年计划执行情况和2023年计划草案提请大会审议。\n一、2022年国民经济和社会发展计划执行情况\n全区地区生产总值增长6.7%。\n二、2023年经济社会发展主要任务\n地区生产总值增长6%以上。\n",
			title: "", region: "", genre: "plan-execution", report: 2022, plan: 2023,
		},
		{
			name:  "corrected by options",
			text:  "政府工作报告\n各位代表：\n现在，我代表省人民政府，向大会报告工作。\n" + workReportBody,
			opt:   Options{Region: "湖北省", Title: "湖北省政府工作报告", Genre: "work-report", Year: 2024},
			title: "湖北省政府工作报告", region: "湖北省", genre: "work-report", report: 2023, plan: 2024,
		},
		{
			name:  "a statistical bulletin",
			text:  "北京市2025年国民经济和社会发展统计公报\n一、综合\n全年地区生产总值52000亿元。\n",
			title: "北京市2025年国民经济和社会发展统计公报", region: "北京市", genre: "statistical-bulletin",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := New().Parse("doc.txt", []byte(tt.text), tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title || doc.Region != tt.region || doc.Genre != tt.genre {
				t.Errorf("title, region, genre = %q, %q, %q; want %q, %q, %q", doc.Title, doc.Region, doc.Genre, tt.title, tt.region, tt.genre)
			}
			if tt.plan != 0 && (doc.ReportYear != tt.report || doc.PlanYear != tt.plan) {
				t.Errorf("years = %d→%d; want %d→%d", doc.ReportYear, doc.PlanYear, tt.report, tt.plan)
			}
		})
	}
}

// The notes closing a bulletin define its terms: their thresholds are no
// figures and their numbering no tasks.
func TestClosingNotes(t *testing.T) {
	text := "某市2024年国民经济和社会发展统计公报\n一、综合\n全年地区生产总值806.2亿元，比上年增长4.4%。\n二、工业\n规模以上工业增加值增长5.1%。\n" +
		"注释：\n1.本公报中数据均为初步统计数。\n2.规模以上工业企业是指年主营业务收入2000万元及以上的全部法人工业企业。\n3.限额以上零售企业是指年末从业人员60人以上的零售企业。\n"
	doc, err := New().Parse("notes.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Facts {
		if f.Figure == "2000万元" || f.Figure == "60人" {
			t.Errorf("a note's threshold read as a figure: %+v", f)
		}
	}
	if tasks := doc.Tasks(); len(tasks) > 0 {
		t.Errorf("tasks %+v from the notes", tasks)
	}
	// A glossary closing a work report (有关名词解释 1.… 2.…) defines terms:
	// its numbering is no task, its numbers no figures.
	glossary := "2024年某区政府工作报告\n一、2023年工作回顾\n本地生产总值增长5.1%。\n二、2024年主要工作\n本地生产总值增长5.5%左右。\n" +
		"有关名词解释\n1.“四上”企业：对达到一定规模、资质或限额的法人单位的统称。\n2.“1+44+8+N”应急预案体系：由1个区总体预案、44个专项应急预案组成。\n"
	gdoc, err := New().Parse("glossary.txt", []byte(glossary), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tasks := gdoc.Tasks(); len(tasks) > 0 || slices.ContainsFunc(gdoc.Facts, func(f plan.Fact) bool { return f.Figure == "44个" }) {
		t.Errorf("the glossary read: %d tasks, facts %v", len(tasks), gdoc.Facts)
	}
	if len(doc.Facts) < 3 {
		t.Errorf("facts = %d; want the body's 3", len(doc.Facts))
	}
	// Notes under a table, with chapters after them, end nothing.
	outline := "某市国民经济和社会发展第十四个五年规划纲要\n第一章 发展基础\n地区生产总值达到1.8万亿元。\n常住人口1300万人。\n城镇化率达到75%。\n一般公共预算收入1200亿元。\n注：\n1.地区生产总值按当年价格计算。\n第二章 主要目标\n第一节 经济发展\n到2025年，地区生产总值达到2.5万亿元左右。\n"
	doc, err = New().Parse("outline.txt", []byte(outline), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(doc.Facts, func(f plan.Fact) bool { return f.Figure == "2.5万亿元左右" }) {
		t.Errorf("the chapter after a table's notes was dropped: %d facts", len(doc.Facts))
	}
}

// A bulletin's notes may give the year before's figures as finally
// verified: those sentences are kept, located in the notes, as results of
// that year, and the rest of the notes is not; the bulletin still
// reports its own year.
func TestNotesRevisingLastYear(t *testing.T) {
	text := "某市2022年国民经济和社会发展统计公报\n一、综合\n初步核算，全年全市生产总值4555.40亿元，比上年增长4.8%。\n二、工业\n规模以上工业增加值增长6.8%。\n" +
		"注：1.本公报2022年数为初步统计结果。\n2.生产总值绝对数按现行价格计算，增长速度按可比价格计算。经最终核实，2021年全市生产总值为4279.65亿元，比上年增长8.7%。\n3.规模以上工业企业是指年主营业务收入2000万元及以上的工业企业。\n"
	doc, err := New().Parse("notes.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.ReportYear != 2022 {
		t.Errorf("report year %d; want 2022", doc.ReportYear)
	}
	var got []string
	for _, f := range doc.Facts {
		got = append(got, fmt.Sprintf("%s %d %s %s", f.Figure, f.Year, f.Kind, f.Loc.Annex))
	}
	want := []string{"4555.40亿元 2022 result ", "增长4.8% 2022 result ", "增长6.8% 2022 result ", "4279.65亿元 2021 result 注", "增长8.7% 2021 result 注"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("facts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Notes revising nothing leave nothing behind.
	if revisions([]line{{text: "注：1.本公报数据均为初步统计数。"}, {text: "2.规模以上工业企业是指年主营业务收入2000万元及以上的企业。"}}) != nil {
		t.Error("notes without a revision kept")
	}
}

// TestReviewPartIsResult: a work report's review headed 主要工作 (the
// words of tasks) reports results of the year before the one it plans.
func TestReviewPartIsResult(t *testing.T) {
	doc, err := New().Parse("doc.txt", []byte("2026年浙江省政府工作报告\n各位代表：\n"+workReportBody), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p := doc.Parts[0]; p.Kind != plan.KindResult || p.Year != 2025 {
		t.Errorf("part 1 = %s %d; want result 2025", p.Kind, p.Year)
	}
	if p := doc.Parts[1]; p.Kind != plan.KindTask || p.Year != 2026 {
		t.Errorf("part 2 = %s %d; want task 2026", p.Kind, p.Year)
	}
}

func TestWebPageChromeAndTail(t *testing.T) {
	text := "当前位置：\n首页\n>\n政务信息\n>\n要闻\n2026年浙江省政府工作报告\n发表时间：\n2026-02-09 09:45:30\n来源：\n" +
		"阅读量：\n【字体：\n小\n中\n大\n】\n各位代表：\n" + workReportBody +
		"相关报道：\n解读政府工作报告：增长5%左右有底气\n【\n打印本页\n】\n"
	doc, err := New().Parse("doc.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "2026年浙江省政府工作报告" {
		t.Errorf("title = %q", doc.Title)
	}
	for _, f := range doc.Facts {
		if strings.Contains(f.Clause, "解读") {
			t.Errorf("a fact from the page's tail: %+v", f)
		}
	}
	for _, p := range doc.Preamble {
		for _, w := range []string{"阅读量", "首页", "打印"} {
			if strings.Contains(p.Text(), w) {
				t.Errorf("chrome %q in the preamble: %q", w, p.Text())
			}
		}
	}
}

// TestUnnumberedPartsAndAnnex: a work report whose review and plan are
// headed without numbers, with numbered themes after, and a text annex
// of the year's projects, each item a fact located in the annex.
func TestUnnumberedPartsAndAnnex(t *testing.T) {
	text := "2026年甲省政府工作报告\n各位代表：\n现在，我代表省人民政府向大会报告工作。\n" +
		"“十四五”时期发展成就和2025年工作回顾\n全年地区生产总值增长5.5%。\n五年来，城镇新增就业累计106万人。\n过去一年，我们攻坚克难。\n" +
		"“十五五”时期主要目标和2026年重点工作\n今年地区生产总值增长5%左右。\n粮食产量超过840亿斤。\n" +
		"一、把生态保护作为首要任务\n新增造林面积100万亩。\n" +
		"二、把改革开放作为关键一招\n新设外资企业200家。\n" +
		"附件\n2026年全省民生实事\n1.实现城镇新增就业18万人以上。\n2.改造老旧小区500个。\n"
	doc, err := New().Parse("doc.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range doc.Parts {
		got = append(got, fmt.Sprintf("%d %s %s %s %d", p.Number, p.Annex, p.Title, p.Kind, p.Year))
	}
	want := []string{
		"0  “十四五”时期发展成就和2025年工作回顾 result 2025",
		"0  “十五五”时期主要目标和2026年重点工作 target 2026",
		"1  把生态保护作为首要任务 task 2026", // 任务 says so
		"2  把改革开放作为关键一招 task 2026", // continues the part before
		"0 附件 2026年全省民生实事 task 2026",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("parts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var annexFact *plan.Fact
	for i, f := range doc.Facts {
		if f.Figure == "500个" {
			annexFact = &doc.Facts[i]
		}
	}
	if annexFact == nil {
		t.Fatal("no fact from the annex")
	}
	if loc := annexFact.Loc.String(); loc != "附件 2026年全省民生实事" || annexFact.Subject != "改造老旧小区" {
		t.Errorf("annex fact: %q at %q", annexFact.Subject, loc)
	}
}

// TestBrokenLinesOfAWebPage: a web page's line broken inside a code or a
// unit (PM | 2.5, 万标 | 准箱) is one paragraph again, and the code no figure.
func TestBrokenLinesOfAWebPage(t *testing.T) {
	text := "2026年甲省政府工作报告\n各位代表：\n现在，我代表省人民政府向大会报告工作。\n" + workReportBody +
		"持续改善空气质量，PM\n2.5\n年平均浓度保持在20微克/立方米左右。\n港口集装箱吞吐量达到4500万标\n准箱，航线增加20条。\n"
	doc, err := New().Parse("doc.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range doc.Facts {
		got = append(got, f.Figure)
	}
	want := "增长5.5% 增长5%左右 20微克/立方米左右 4500万标准箱 20条"
	if strings.Join(got, " ") != want {
		t.Errorf("figures = %q; want %q", strings.Join(got, " "), want)
	}
}

// TestWrappedHeading: in large print a part heading fills its line and
// wraps; its end on the next line belongs to it.
func TestWrappedHeading(t *testing.T) {
	// Lines of 22 characters, as a PDF in large print has them.
	para := "全区上下坚决贯彻落实中央各项决策部署推动全\n区经济持续恢复，社会大局保持稳定，地区生产\n总值增长6.7%。\n"
	text := "甲区2021年国民经济和社会发展计划\n执行情况与2022年计划\n\n" +
		"一、2021年国民经济和社会发展计划执行情\n况\n" + para + para +
		"二、2022年经济社会发展主要任务\n" + para
	doc, err := New().Parse("doc.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Parts[0].Title; got != "2021年国民经济和社会发展计划执行情况" || doc.Parts[0].Kind != plan.KindResult || doc.ReportYear != 2021 {
		t.Errorf("part 1 = %q (%s), report year %d", got, doc.Parts[0].Kind, doc.ReportYear)
	}
}

// A sentence opening on 其中 breaks down the figure before it: its facts
// carry that figure's subject as context (货物 of 货物进出口总值 for 出口).
func TestBreakdownTakesItsWhole(t *testing.T) {
	text := "某市2024年国民经济和社会发展统计公报\n一、对外经济\n全年货物进出口总值56.3亿元，比上年下降8.8%。其中，出口43.7亿元，增长21.6%；进口12.6亿元，下降51.2%。\n二、工业\n规模以上工业增加值增长5.1%。\n"
	doc, err := New().Parse("b.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Facts {
		part := strings.HasPrefix(f.Subject, "出口") || strings.HasPrefix(f.Subject, "进口")
		if part != strings.Contains(f.Context, "货物进出口总值") {
			t.Errorf("%s %s: context %q", f.Subject, f.Figure, f.Context)
		}
	}
}

// A breakdown is of the figure just before it, and a part named by the
// first of the whole's conjuncts (新建改造 of 新建改造和存量纳管产业空间)
// takes the head they share.
func TestBreakdownNamesTheSharedHead(t *testing.T) {
	text := "某区2021年政府工作报告\n一、2020年工作回顾\n地区生产总值增长3%。\n二、2021年主要工作\n" +
		"实施产业保障房“两个1000万”工程，年内新建改造和存量纳管产业空间不少于350万平方米。其中，新建改造130万平方米以上，统筹纳管220万平方米以上。\n"
	doc, err := New().Parse("b.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"130万平方米以上": "新建改造产业空间", "220万平方米以上": "统筹纳管"}
	for _, f := range doc.Facts {
		if w, ok := want[f.Figure]; ok {
			if f.Subject != w || !strings.Contains(f.Context, "新建改造和存量纳管产业空间") {
				t.Errorf("%s: subject %q context %q; want subject %q", f.Figure, f.Subject, f.Context, w)
			}
			delete(want, f.Figure)
		}
	}
	if len(want) > 0 {
		t.Errorf("no facts for %v", want)
	}
}

func TestSharedHead(t *testing.T) {
	for _, c := range []struct{ whole, part, want string }{
		{"新建改造和存量纳管产业空间", "新建改造", "产业空间"},
		{"城镇和农村居民人均可支配收入", "城镇", "居民人均可支配收入"},
		{"新建改造和存量纳管产业空间", "统筹纳管", ""}, // names no conjunct
		{"进出口总额", "出口", ""},           // no conjunction
		{"出口和进口", "出口", ""},           // nothing shared
	} {
		if got := sharedHead(c.whole, c.part); got != c.want {
			t.Errorf("sharedHead(%q, %q) = %q; want %q", c.whole, c.part, got, c.want)
		}
	}
}

// Numbered parts under an unnumbered heading are its parts: the review's
// themes (一、激发…的干劲) report its year, the plan's themes plan its year.
func TestPartsUnderAnUnnumberedHeading(t *testing.T) {
	text := "各位代表：\n现在，我代表南山区人民政府，向大会报告政府工作。\n2023年工作回顾\n本地生产总值增长5.1%。\n一年来，我们主要做了以下工作。\n" +
		"一、激发“越是艰险越向前”的干劲，全力以赴拼经济，主要指标好于预期\n新增商事主体7.8万家。\n二、厚植“一枝一叶总关情”的情怀，各项工作蹄疾步稳\n新增义务教育学位13740座。\n" +
		"我们也清醒认识到存在不足。\n各位代表，时光不曾语。\n2024年主要工作\n今年本地生产总值增长5.5%左右。\n一、在推动经济持续平稳向好方面实干争先\n新增学位10320座。\n"
	doc, err := New().Parse("ns.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"7.8万家": "2023 result", "13740座": "2023 result", "10320座": "2024 task"}
	for _, f := range doc.Facts {
		if w, ok := want[f.Figure]; ok && fmt.Sprintf("%d %s", f.Year, f.Kind) != w {
			t.Errorf("%s: %d %s; want %s", f.Figure, f.Year, f.Kind, w)
		}
	}
}

// The last theme of the year's work may hold a word of targets
// (八、以人民群众满意为努力方向和奋斗目标，…): it goes on with the work.
func TestThemeWithATargetWordContinuesTheWork(t *testing.T) {
	text := "丙区2021年政府工作报告\n　　一、2020年工作回顾\n　　地区生产总值增长3%。\n　　城镇新增就业1万人。\n　　新建公园5个。\n　　2021年工作安排\n" +
		"　　一、加快科学城建设，快速提升集中度\n　　新建学校5所。\n　　新增学位2000个。\n　　二、聚焦高质量发展，着力打造新增长极\n　　新增企业100家。\n　　新建碧道10公里。\n" +
		"　　三、以人民群众满意为努力方向和奋斗目标，不断提高政府服务效能\n　　办理政务服务事项300项。\n　　新增社康机构5家。\n"
	doc, err := New().Parse("t.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	last := doc.Parts[len(doc.Parts)-1]
	if last.Number != 3 || last.Kind != plan.KindTask || last.Year != 2021 {
		t.Errorf("part %d %q: %s %d; want a 2021 task part", last.Number, last.Title, last.Kind, last.Year)
	}
}

// A report opening a term heads its parts by the term, without numbers or
// years (过去五年工作回顾, 未来五年工作): each is a part, its facts of the
// five years back or ahead.
func TestTermHeadingsWithoutYears(t *testing.T) {
	text := "同志们：\n　　现在，我代表甲区人民政府向大会作工作报告。\n过去五年工作回顾\n　　五年来，全区生产总值年均增长11%。\n　　民生事业持续快速发展。\n" +
		"未来五年工作\n　　今后五年区政府工作的总体思路是：全面落实“十三五”规划。\n　　今后五年区政府着力做好以下两方面工作：\n　　一、深入落实创新驱动\n　　新增国家高新技术企业1000家。\n　　二、多渠道增加公共服务资源\n　　新增公办中小学学位6.68万个，年内新增停车位3000个。\n"
	doc, err := New().Parse("t.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, p := range doc.Parts {
		titles = append(titles, p.Title)
	}
	if !slices.Contains(titles, "过去五年工作回顾") || !slices.Contains(titles, "未来五年工作") {
		t.Errorf("parts %q; want 过去五年工作回顾 and 未来五年工作 among them", titles)
	}
	want := map[string]string{"增长11%": "2015 十二五时期", "6.68万个": "2020 十三五时期", "3000个": "2016 "}
	for _, f := range doc.Facts {
		if w, ok := want[f.Figure]; ok && fmt.Sprintf("%d %s", f.Year, f.Period.Label()) != w {
			t.Errorf("%s: %d %s; want %s", f.Figure, f.Year, f.Period.Label(), w)
		}
	}
}

// A work report naming no year anywhere takes its file's (longhua_2021_
// gwr.txt), and says so; a name with two years, or none, gives none.
func TestYearFromFileName(t *testing.T) {
	text := "各位代表：\n　　现在，我代表龙华区人民政府，向大会报告工作，请予审议。\n一、本届政府工作回顾\n　　地区生产总值增长8%。\n　　城镇新增就业1万人。\n" +
		"二、今后五年政府工作安排\n　　新建学校30所。\n　　新增学位5万个。\n"
	for name, want := range map[string]int{"longhua_2021_gwr.txt": 2021, "dir2019/2021年龙华区政府工作报告.txt": 2021, "report_2020_2021.txt": 0, "report.txt": 0} {
		doc, err := New().Parse(name, []byte(text), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.PlanYear != want {
			t.Errorf("%s: plan year %d; want %d", name, doc.PlanYear, want)
		}
		if want != 0 && !slices.ContainsFunc(doc.Warnings, func(w string) bool { return strings.Contains(w, "file name") }) {
			t.Errorf("%s: no warning that the year came from the file name: %q", name, doc.Warnings)
		}
	}
}
