package nlp

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/figure"
	"github.com/planbot/planbot/plan"
)

var (
	testAnOnce sync.Once
	testAn     *Analyzer
)

// analyzer builds one Analyzer for the package's tests: loading the
// dictionary is the slow part and the analyzer is read-only.
func analyzer(t testing.TB) *Analyzer {
	t.Helper()
	testAnOnce.Do(func() {
		var err error
		testAn, err = New([]string{"华富北", "社康"})
		if err != nil {
			panic(err)
		}
	})
	return testAn
}

func TestNormalize(t *testing.T) {
	a := analyzer(t)
	tests := []struct{ in, want string }{
		{"2022年新增學位多少", "2022年新增学位多少"},
		{"二〇二二年新增学位", "2022年新增学位"},
		{"二○二一年GDP增長", "2021年gdp增长"},
		{"２０２２年ＰＭ２．５", "2022年pm2.5"},
		{"a &lt;b&gt; &amp; c", "a <b> & c"},
		{"規上工業增加值增速", "规上工业增加值增速"},
	}
	for _, tt := range tests {
		if got := a.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnalyze(t *testing.T) {
	a := analyzer(t)
	now := time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	isUnit := figure.New().IsUnit
	tests := []struct {
		q       string
		years   string
		regions string
		unit    string
		intent  string // r=rate t=target s=result m=money
		terms   string // content words, head marked with *
	}{
		{"2022年新增学位多少", "2022", "", "", "", "新增 学位*"},
		{"请问二〇二二年新增學位有多少呀？", "2022", "", "", "", "新增 学位*"},
		{"福田区2021年GDP增速", "2021", "福田区", "", "r", "gdp* 增速"},
		{"福田2021年地区生产总值是多少", "2021", "福田区", "", "", "地区生产总值*"},
		{"南山区新增学位多少", "", "南山区", "", "", "新增 学位*"},
		{"疫苗接种了多少人", "", "", "人", "s", "疫苗接种*"},
		{"专项债安排了多少", "", "", "", "", "专项债* 安排"},                   // planned, not done
		{"去年新增学位比今年目标多多少", "2021,2022", "", "", "t", "新增 学位* 目标"}, // years as asked
		{"罗湖持牌金融机构现在有多少家", "2021", "罗湖区", "家", "", "持牌 金融 机构*"},   // 现在: the latest results
		{"今年新增学位比去年多多少", "2022,2021", "", "", "", "新增 学位*"},
		{"2021年新改扩建学校多少所", "2021", "", "所", "", "新改扩建 学校*"},
		{"知识产权证券化为多少家企业提供融资", "", "", "家", "", "知识产权 证券 化为 企业* 提供 融资"},
		{"今年GDP增长目标", "2022", "", "", "rt", "gdp* 增长 目标"},
		{"去年筹集公共住房多少套", "2021", "", "套", "", "筹集 公共住房*"},
		{"华富北项目楼栋拆除率", "", "", "", "", "华富北 项目 楼栋 拆除率*"},
		{"2021年金融业增加值是多少亿元", "2021", "", "元", "m", "金融 业 增加值*"},
		{"公厕升级改造了多少座", "", "", "座", "s", "公厕* 升级 改造"},
		{"去年财政收入多少钱", "2021", "", "", "m", "财政收入*"},
		{"2024年全市固定资产投资增长多少", "2024", "", "", "r", "固定资产投资* 增长"},
		{"进出口总额占全市比重", "", "", "", "r", "进出口总额 占 全市* 比重"},
		{"社零连续多少年领跑全市", "", "", "年", "", "社零 连续 领跑 全市*"},
		{"福田全区新增学位多少", "", "福田区", "", "", "新增 学位*"},
		{"去年居民人均收入增长多少", "2021", "", "", "r", "居民 人均 收入* 增长"},
		{"私募基金管理规模有多大", "", "", "", "", "私募 基金 管理 规模*"},
		{"外贸进出口总额是多少", "", "", "", "", "外贸进出口* 总额"},
		{"国家高新技术企业总量有多少家", "", "", "家", "", "国家高新技术企业* 总量"},
		{"去年外贸规模有多大", "2021", "", "", "", "外贸* 规模"},
		{"居民人均收入达到多少了", "", "", "", "s", "居民 人均 收入* 达到"},
		{"户籍人口涨到多少了", "", "", "", "s", "户籍 人口*"},
		{"新增公路里程多少公里", "", "", "公里", "", "新增 公路 里程*"},
		{"研发投入强度多少", "", "", "", "r", "研发投入* 强度"},
		// 比上年 says what a change is measured from, not the year asked.
		{"2020年GDP比上年增长多少", "2020", "", "", "r", "gdp* 增长"},
		{"2021年GDP增长多少个百分点", "2021", "", "", "r", "gdp* 增长"},
		{"对重点企业给予多少支持", "", "", "", "", "重点 企业 给予 支持*"},
		{"皇岗口岸释放多少土地", "", "", "", "", "皇岗 口岸 释放 土地*"},
		// The phrase after the question word ends on its head.
		{"新增多少普惠型养老床位", "", "", "", "", "新增 普惠型 养老 床位*"},
		{"新增多少公共停车位", "", "", "", "", "新增 公共 停车位*"},
		{"罗湖固定资产投资增速这几年怎么变化", "", "罗湖区", "", "r", "固定资产投资* 增速"},
		{"近两年建设筹集公共住房各多少套", "", "", "套", "", "建设 筹集 公共住房*"},
		// A change counting the things named after the question word is no rate.
		{"要减少多少存量违建", "", "", "", "", "减少 存量违建*"},
		{"能耗减少多少", "", "", "", "r", "能耗* 减少"},
		{"3000年GDP", "3000", "", "", "", "gdp*"},
		{"GDP突破2000亿元", "", "", "", "", "gdp* 突破 亿元"},
		{"咱们区GDP到底涨了多少呀", "", "", "", "rs", "gdp* 涨"},
		{"多少亿", "", "", "", "m", ""},
	}
	for _, tt := range tests {
		q := a.Analyze(tt.q, now, NewRegionIndex([]string{"福田区"}, a.Gazetteer()), isUnit)
		var years, terms []string
		for _, y := range q.Years {
			years = append(years, fmt.Sprint(y))
		}
		for _, term := range q.Terms {
			w := term.Word
			if term.Head {
				w += "*"
			}
			terms = append(terms, w)
		}
		intent := ""
		for _, f := range []struct {
			on bool
			c  string
		}{{q.Rate, "r"}, {q.Target, "t"}, {q.Result, "s"}, {q.Money, "m"}} {
			if f.on {
				intent += f.c
			}
		}
		got := fmt.Sprintf("%s|%s|%s|%s|%s", strings.Join(years, ","), strings.Join(q.Regions, ","), q.Unit, intent, strings.Join(terms, " "))
		want := fmt.Sprintf("%s|%s|%s|%s|%s", tt.years, tt.regions, tt.unit, tt.intent, tt.terms)
		if got != want {
			t.Errorf("Analyze(%q)\n got %s\nwant %s", tt.q, got, want)
		}
	}
}

func TestAnalyzeNothingToAsk(t *testing.T) {
	a := analyzer(t)
	for _, q := range []string{"😀😀😀", "？？？", "请问", "   "} {
		got := a.Analyze(q, time.Now(), nil, figure.New().IsUnit)
		if len(got.Terms) != 0 {
			t.Errorf("Analyze(%q) found terms %+v", q, got.Terms)
		}
	}
}

// TestDictionaryHeader checks that the base dictionary's header comment
// reaches gse as no word at all.
func TestDictionaryHeader(t *testing.T) {
	if !strings.HasPrefix(dictData, "# ") {
		t.Fatal("data/dict.txt has no header saying where it comes from")
	}
	lines := strings.Split(strings.TrimSuffix(withoutComments(dictData), "\n"), "\n")
	if len(lines) != 20000 {
		t.Errorf("data/dict.txt holds %d words; want 20000", len(lines))
	}
	for _, l := range lines {
		if len(strings.Fields(l)) != 3 {
			t.Fatalf("data/dict.txt line %q is not word, frequency, part of speech", l)
		}
	}
	if a := analyzer(t); a.IsWord("#") {
		t.Error("the header's # became a dictionary word")
	}
}

func TestSynonyms(t *testing.T) {
	a := analyzer(t)
	if got := a.Synonyms("gdp"); len(got) < 2 || got[0] != "地区生产总值" {
		t.Errorf("Synonyms(gdp) = %q", got)
	}
	if got := a.Synonyms("规上"); !contains(got, "规模以上") {
		t.Errorf("Synonyms(规上) = %q", got)
	}
	// The name before 2015's budget law (光明2016: 一般公共财政预算收入39亿元).
	if got := a.Synonyms("一般公共预算收入"); !contains(got, "一般公共财政预算收入") {
		t.Errorf("Synonyms(一般公共预算收入) = %q", got)
	}
	if got := a.Synonyms("棚改"); !contains(got, "棚户区住房改造") {
		t.Errorf("Synonyms(棚改) = %q", got)
	}
	if got := a.Synonyms("m2"); !contains(got, "广义货币") {
		t.Errorf("Synonyms(m2) = %q", got)
	}
	if got := a.Synonyms("学校"); len(got) != 1 {
		t.Errorf("Synonyms(学校) = %q; want itself", got)
	}
}

func TestMineTerms(t *testing.T) {
	a := analyzer(t)
	texts := []string{"建成67家社区健康服务，新建9家康乐中心", "完成752个小区污水零直排创建", "基本实现污水零直排"}
	var tokens [][]string
	for _, t := range texts {
		tokens = append(tokens, a.Tokens(t))
	}
	got := a.MineTerms(tokens, []string{"城镇居民登记失业率", "x"})
	if !contains(got, "污水零直排") && !contains(got, "零直排") {
		t.Errorf("MineTerms missed a repeated unknown word: %q", got)
	}
	if !contains(got, "城镇居民登记失业率") || contains(got, "x") {
		t.Errorf("MineTerms names: %q", got)
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// BenchmarkAnalyze measures question analysis in a warm process.
func BenchmarkAnalyze(b *testing.B) {
	a := analyzer(b)
	isUnit := figure.New().IsUnit
	now := time.Now()
	// The index of the documents' regions is built once per index, not
	// per question: it is no part of reading one.
	regions := NewRegionIndex([]string{"福田区"}, a.Gazetteer())
	for b.Loop() {
		a.Analyze("2022年新增學位多少", now, regions, isUnit)
	}
}

// BenchmarkNew measures building the analyzer: the 20,000-word base
// dictionary plus word lists, what a cold start pays.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestQuestionPlaces checks how places in a question become the regions
// to search: documents' regions by any name, other places only where
// they are words of the question, and places inside a document's region
// left as content.
func TestQuestionPlaces(t *testing.T) {
	a := analyzer(t)
	isUnit := figure.New().IsUnit
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	docs := NewRegionIndex([]string{"新疆维吾尔自治区", "浙江省", "上海市", "福田区"}, a.Gazetteer())
	tests := []struct {
		q, regions string
		content    string // a word that must stay a content term, or ""
	}{
		{"2025年新疆地区生产总值是多少", "新疆维吾尔自治区", ""},
		{"新疆维吾尔自治区2025年GDP", "新疆维吾尔自治区", ""},
		{"广西2025年GDP", "广西壮族自治区", ""}, // not indexed: named, so refused later
		{"内蒙古今年粮食产量目标", "内蒙古自治区", ""},
		{"2026年宁波舟山港集装箱吞吐量目标是多少", "", "宁波"}, // in 浙江省: content
		{"深圳2022年新增学位多少", "深圳市", ""},        // 福田区 lies in 深圳市: its document is no answer for the city
		{"推进新建县域商业体系建设多少个", "", ""},
		{"沪2025年GDP增长多少", "上海市", ""},
		{"新增学位多少", "", ""},            // 新 alone is no region
		{"福田新区重点做好哪几方面工作", "福田区", ""}, // a district's older name, whole
		{"罗湖今年教育方面有什么打算", "罗湖区", ""},  // another district of the city: no document's, but a region
	}
	for _, tt := range tests {
		q := a.Analyze(tt.q, now, docs, isUnit)
		if got := strings.Join(q.Regions, ","); got != tt.regions {
			t.Errorf("Analyze(%q).Regions = %q; want %q", tt.q, got, tt.regions)
		}
		if slices.ContainsFunc(q.Terms, func(term Term) bool { return term.Word == "新区" }) {
			t.Errorf("Analyze(%q): 新区 of the region's name left as a term", tt.q)
		}
		if tt.content != "" && !slices.ContainsFunc(q.Terms, func(term Term) bool { return strings.Contains(term.Word, tt.content) }) {
			t.Errorf("Analyze(%q): %s is not a content term: %+v", tt.q, tt.content, q.Terms)
		}
	}
}

// BenchmarkLexicon builds what every Analyzer shares, as the first New of
// a process does.
func BenchmarkLexicon(b *testing.B) {
	for b.Loop() {
		newLexicon()
	}
}

// A document's word that runs a listed word and an intent word together
// (居民消费价格涨幅) stays out of the dictionary, so a question keeps the
// synonyms of the one and the rate of the other.
func TestDomainWordsSplitNamedRates(t *testing.T) {
	a, err := New([]string{"居民消费价格涨幅", "新改扩建", "GDP增速"})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.domainWords([]string{"居民消费价格涨幅", "新改扩建", "GDP增速"}); !slices.Equal(got, []string{"新改扩建"}) {
		t.Errorf("domainWords = %q; want [新改扩建]", got)
	}
	q := a.Analyze("近两年居民消费价格涨幅", time.Now(), nil, figure.New().IsUnit)
	var words []string
	for _, term := range q.Terms {
		words = append(words, term.Word)
	}
	if !slices.Contains(words, "居民消费价格") {
		t.Errorf("terms = %q; want 居民消费价格 apart from its rate", words)
	}
}

// A five-year plan's name takes the words after it that say which part
// of its span is asked (期间, 期末, 末), so none is left to match.
func TestPeriodWords(t *testing.T) {
	a := analyzer(t)
	for _, q := range []string{"“十四五”期末常住人口城镇化率要达到多少", "十四五末城镇化率", "十四五期间城镇化率", "十四五规划期末城镇化率"} {
		got := a.Analyze(q, time.Now(), nil, figure.New().IsUnit)
		if got.Period != plan.FiveYearPlan(14) {
			t.Errorf("%s: period %v", q, got.Period)
		}
		if got.PeriodEnd != strings.Contains(q, "末") {
			t.Errorf("%s: period end %v", q, got.PeriodEnd)
		}
		for _, term := range got.Terms {
			if strings.Contains(term.Word, "末") || strings.Contains(term.Word, "期") {
				t.Errorf("%s: term %q left of the period", q, term.Word)
			}
		}
	}
}

// The five years back or ahead are asked of the documents' years, which
// only they can date: flags, not words of the question.
func TestTermWords(t *testing.T) {
	a := analyzer(t)
	for q, ahead := range map[string]bool{"宝安今后五年要做好哪几方面工作": true, "未来5年新增学位多少": true, "过去五年新增学位多少": false} {
		got := a.Analyze(q, time.Now(), nil, figure.New().IsUnit)
		if got.AheadYears != ahead || got.FiveYears == ahead {
			t.Errorf("%s: ahead %v, back %v", q, got.AheadYears, got.FiveYears)
		}
		for _, term := range got.Terms {
			if strings.Contains(term.Word, "五年") || strings.Contains(term.Word, "今后") {
				t.Errorf("%s: term %q left of the period", q, term.Word)
			}
		}
	}
}
