package figure

import (
	"fmt"
	"strings"
	"testing"

	"github.com/planbot/planbot/nlp/numeral"
)

func TestExtract(t *testing.T) {
	e := New()
	tests := []struct {
		text string
		want []string // Text|Value|High|Unit|Approx|Change
	}{
		{"地区生产总值5318.2亿元，增长8.6%；", []string{"5318.2亿元|5318.2|5318.2|亿元||", "增长8.6%|8.6|8.6|%||增长"}},
		{"城镇居民登记失业率控制在2.0%以内。", []string{"2.0%以内|2|2|%|以内|"}},
		{"筹集公共住房近9000套", []string{"近9000套|9000|9000|套|近|"}},
		{"全社会固定资产投资628亿元左右，基本持平", []string{"628亿元左右|628|628|亿元|左右|"}},
		{"新增9510座学位", []string{"9510座|9510|9510|座||"}},
		{"PM2.5浓度18.4微克/立方米，同比下降11.2%", []string{"18.4微克/立方米|18.4|18.4|微克/立方米||", "同比下降11.2%|11.2|11.2|%||下降"}},
		// Units in Latin letters end a quantity; a letter that is no
		// unit makes a code (5G, C919).
		{"PM2.5平均浓度32μg/m3；新增智能算力1.7万P，算力规模突破190Eflops", []string{"32μg/m3|32|32|μg/m3||", "1.7万P|1.7|1.7|万P||", "突破190Eflops|190|190|Eflops|突破|"}},
		{"C919大飞机交付5架", []string{"5架|5|5|架||"}},
		{"PM2.5平均浓度为37微克每立方米", []string{"37微克每立方米|37|37|微克/立方米||"}},
		{"实施1000亿级、500亿级企业培育计划，新增上市企业15家", []string{"15家|15|15|家||"}},
		{"全区现有超10亿企业111家", []string{"超10亿|10|10|亿|超|", "111家|111|111|家||"}},
		// Ratios: three parts, or two with 1 last; not a time of day.
		{"三次产业结构为3.3:60.9:35.8，城乡居民收入比缩小到2.25∶1，10:30开幕", []string{"3.3:60.9:35.8|3.3|3.3|||", "2.25∶1|2.25|2.25|||"}},
		// Change words with an adverb: 微降, 逆势增长.
		{"CPI微降0.1%，出口逆势增长17.8%", []string{"微降0.1%|0.1|0.1|%||下降", "逆势增长17.8%|17.8|17.8|%||增长"}},
		{"辖区税收高速增长30.3%，达1325亿元", []string{"高速增长30.3%|30.3|30.3|%||增长", "1325亿元|1325|1325|亿元||"}},
		// A note between the change and its figure.
		{"地区生产总值372亿元，同比增长（下同）13%；", []string{"372亿元|372|372|亿元||", "同比增长（下同）13%|13|13|%||增长"}},
		{"一般公共预算收入增长5% 左右", []string{"增长5% 左右|5|5|%|左右|增长"}},
		{"投资增长（含2项）13%", []string{"2项|2|2|项||", "13%|13|13|%||"}},
		{"开通5450个5G基站，建设3400根多功能智能杆", []string{"5450个|5450|5450|个||", "3400根|3400|3400|根||"}},
		{"2021年以来，在1-9月，“5.21”“6.14”两轮疫情", []string{"两轮|2|2|轮||"}},
		{"《规划（2017—2035年）》", nil},
		{"推动11号线二期东延线", nil},
		{"“1+8”大型接种点，7×24小时", nil},
		{"促进2万余人就业", []string{"2万余人|2|2|万人|余|"}},
		{"增加值占地区生产总值比重40%以上", []string{"40%以上|40|40|%|以上|"}},
		{"总规模占全市近四分之一", []string{"近四分之一|0.25|0.25||近|"}},
		{"新建学校十所，招聘教师三百五十名", []string{"十所|10|10|所||", "三百五十名|350|350|名||"}},
		{"十大专项规划，三大新引擎，一网统管", nil},
		{"增长5%-6%", []string{"增长5%-6%|5|6|%||增长"}},
		{"区级总部企业数量突破500家", []string{"突破500家|500|500|家|突破|"}},
		{"万元 GDP建设用地 下降 5.0%", []string{"5.0%|5|5|%||"}},
		{"连续17年领跑全市", []string{"17年|17|17|年||"}},
		{"实现福田跨境电商1210、9610、9710和9810模式全覆盖", nil},
		// A concentration written per cubic metre first.
		{"臭氧评价浓度由每立方米159微克降至141微克", []string{"159微克|159|159|微克/立方米||", "141微克|141|141|微克/立方米||"}},
		// A minus sign makes a fall; a range's dash and a code's do not.
		{"GDP增速一季度-9.9%，上半年－6.2%", []string{"-9.9%|-9.9|-9.9|%||", "－6.2%|-6.2|-6.2|%||"}},
		{"增长5%-6%，建成5G-A基站300个", []string{"增长5%-6%|5|6|%||增长", "300个|300|300|个||"}},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range e.Extract(tt.text) {
			got = append(got, strings.Join([]string{f.Text, fmtF(f.Value), fmtF(f.High), f.Unit, f.Approx, string(f.Change)}, "|"))
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("Extract(%q):\n got %q\nwant %q", tt.text, got, tt.want)
		}
	}
}

func fmtF(v float64) string { return numeral.Format(v) }

func TestSubjects(t *testing.T) {
	e := New()
	tests := []struct {
		text string
		want []string
	}{
		{"地区生产总值5318.2亿元，增长8.6%；", []string{"地区生产总值", "地区生产总值增长"}},
		{"继续推动学位建设，完成10所新改扩建学校项目，新增9510座学位。", []string{"完成新改扩建学校项目", "新增学位"}},
		{"累计接种438万剂、211万人，接种进度位列全市各区前三。", []string{"接种", "接种"}},
		{"预计全年规模以上工业增加值500亿元、增长60.0%，增速位列全市各区第一", []string{"规模以上工业增加值", "规模以上工业增加值增长"}},
		{"万元GDP用水量4.3立方米、下降8.2%，万元工业增加值用水量3.5立方米、下降40.7%。", []string{"万元GDP用水量", "万元GDP用水量下降", "万元工业增加值用水量", "万元工业增加值用水量下降"}},
		{"升级改造垃圾站49座、公厕47座", []string{"升级改造垃圾站", "公厕"}},
		{"工业投资预计完成50亿元，创历史新高", []string{"工业投资"}},
		{"科技独角兽企业达到8家", []string{"科技独角兽企业"}},
		// A bare measure after a clause names whose measure it is: the
		// enterprises' value added, the industry's output.
		{"规模以上工业企业达7.6万家、增加值增长3%，", []string{"规模以上工业企业", "规模以上工业增加值增长"}},
		{"全市工业总产值1.2万亿元、增加值3000亿元", []string{"工业总产值", "工业增加值"}},
		{"高新技术企业1200家，营业收入增长12%", []string{"高新技术企业", "高新技术企业营业收入增长"}},
		// A clause without a figure names what the next clause's figure
		// measures, once what it says of it is cut off.
		{"对中亚、东盟进出口分别增长37.2%、19%，全省进出口总值创历史新高，达到5379亿元、增长18.5%", []string{"对中亚、东盟进出口增长", "对中亚、东盟进出口增长", "进出口总值", "进出口总值增长"}},
		// From one level to another: both measure the noun before 从.
		{"全省生产总值从2020年的3.68万亿元增长到2025年的4.93万亿元、实现万亿级跃升，一般公共预算收入从3826.5亿元增长到4398.6亿元", []string{"生产总值", "生产总值", "一般公共预算收入", "一般公共预算收入"}},
		{"人均地区生产总值由5.2万元提高到7.4万元", []string{"人均地区生产总值", "人均地区生产总值"}},
		{"GDP从3847亿元跃升到4422亿元，规上工业总产值从7394亿元跃升到9027亿元", []string{"GDP", "GDP", "规上工业总产值", "规上工业总产值"}},
		{"年末城镇调查失业率从上半年5.5%降到5.3%", []string{"年末城镇调查失业率", "年末城镇调查失业率"}},
		{"实现进出口总额正增长、突破5300亿元", []string{"进出口总额"}},
		// A bound before a noun names a class of it: 30亿元以上项目.
		{"新落户项目274个，其中30亿元以上项目6个", []string{"新落户项目", "其中项目", "30亿元以上项目"}},
		// A clause opening with a part of the region makes the next
		// clause's figure that part's.
		{"海口经济圈产业发展规划完成编制，经济总量年均增长5.8%", []string{"海口经济圈经济总量年均增长"}},
		{"支持社会资本参与园区改造与产业运营，梳理近10万平方米厂房", []string{"梳理厂房"}},
		// A break inside brackets does not end the clause.
		{"全年固定资产投资（不含农户，下同）比上年增长13.1%", []string{"固定资产投资（不含农户，下同）增长"}},
		// A year alone names nothing: the clause before that claims a
		// rise does (GDP增速逐季攀升), and a 总量 or 总额 after is its.
		{"GDP增速逐季攀升，全年增长9.3%，总量达3800亿元。", []string{"GDP增长", "GDP总量"}},
		{"固定资产投资增长20%以上，总额1100亿元左右。", []string{"固定资产投资增长", "固定资产投资总额"}},
		{"一般公共预算收入55亿元，同口径增长5.2%。", []string{"一般公共预算收入", "一般公共预算收入增长"}},
		{"辖区税收迈入千亿元俱乐部，达1017亿元。", []string{"辖区税收俱乐部", "辖区税收"}},
		// The verb of a level reached and a change's adverb are no part of it.
		{"城镇登记失业率低至0.71%", []string{"城镇登记失业率"}},
		{"辖区税收高速增长30.3%，达1325亿元", []string{"辖区税收增长", "辖区税收"}},
		// A bare (下同) is no part of the subject, nor is 同比.
		{"全区实现本区生产总值同比（下同）增长8.2%", []string{"本区生产总值增长"}},
		// A measure with its own owner keeps it.
		{"规模以上工业企业达7.6万家、服务业增加值增长3%", []string{"规模以上工业企业", "服务业增加值增长"}},
		// Long subjects keep whole words, and do not start inside a quotation.
		{"启动教育系统信息化3.0项目，新增10所“5G+智慧”教育模式发展的实验学校。", []string{"新增“5G+智慧”教育模式发展的实验学校"}},
		{"建成“1+8”大型接种点为主、67家社康及医院为辅的接种服务体系", []string{"大型接种点为主社康及医院为辅的接种服务体系"}},
		// What a change measures stands before 从; the words after it say how.
		{"将小规模纳税人增值税起征点从月销售额10万元提高到15万元", []string{"小规模纳税人增值税起征点", "小规模纳税人增值税起征点"}},
		{"财政补助由每人每年380元提高到420元", []string{"财政补助", "财政补助"}},
		// A span of years and its mean say how, not what: the subject is
		// the clause before's.
		{"国内生产总值增加到121万亿元，五年年均增长5.2%", []string{"国内生产总值", "国内生产总值年均增长"}},
		// A level now, named after it, and the level it goes to.
		{"将制造业等行业现行16%的税率降至13%", []string{"制造业等行业税率", "制造业等行业税率"}},
		// How the year's figure was reckoned is no part of its name.
		{"调查失业率全年平均为5.45%", []string{"调查失业率"}},
		// Stages of the same things name them once.
		{"新开工保障性住房1.76万套、竣工2.13万套、供应2.14万套", []string{"新开工保障性住房", "竣工保障性住房", "供应保障性住房"}},
		{"筹集建设公共住房7916套，新增供应3289套", []string{"筹集建设公共住房", "新增供应公共住房"}},
		{"新开工筹集保障性住房和人才住房10012套,供应1357套", []string{"新开工筹集保障性住房和人才住房", "供应保障性住房和人才住房"}},
		// A share after an amount is of the amount's subject.
		{"预计全省研发经费支出超过3800亿元、占地区生产总值比重3.14%，", []string{"研发经费支出", "研发经费支出占地区生产总值比重"}},
		// A rate per month reached: neither the verb nor the month.
		{"最低生活保障标准提升至每月1000元左右", []string{"最低生活保障标准"}},
		// A figure set inside 拟按…安排 keeps neither word.
		{"今年赤字率拟按3.2%左右安排。", []string{"今年赤字率"}},
		// A bare rate is of what the sentence named its rate first.
		{"GDP增速一季度-9.9%，上半年-6.2%，全年增速达到2%。", []string{"GDP增速一季度", "上半年", "GDP增速"}},
		// A stock is of what the sentence gave the change of, not of a comparison.
		{"全区GDP同比增长8.5%、比全市高2.5个百分点，增速连续三年在六个大区中排名第一；总量跃升到5202.01亿元", []string{"GDP增长", "比全市高", "增速连续三年在大区中排名第一", "GDP总量"}},
		// A stock after the count added is of the same things.
		{"新增国家高新技术企业164家，总量达2734家。", []string{"新增国家高新技术企业", "国家高新技术企业总量"}},
		// A level reached keeps none of the verb that reaches it.
		{"PM2.5年均浓度值降至22.8微克/立方米", []string{"PM2.5年均浓度值"}},
		{"年末城镇调查失业率降到5.5%", []string{"年末城镇调查失业率"}},
		{"城镇化率上升至65%", []string{"城镇化率"}},
	}
	for _, tt := range tests {
		got := e.Subjects(tt.text, e.Extract(tt.text))
		if strings.Join(got, "/") != strings.Join(tt.want, "/") {
			t.Errorf("Subjects(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

func TestSubjectsOfLists(t *testing.T) {
	e := New()
	text := "实现政务服务事项314项“容缺办”、195项“一次办”、110项“秒批办”"
	got := e.Subjects(text, e.Extract(text))
	want := []string{"政务服务事项“容缺办”", "政务服务事项“一次办”", "政务服务事项“秒批办”"}
	if strings.Join(got, "/") != strings.Join(want, "/") {
		t.Errorf("Subjects = %q; want %q", got, want)
	}
}

// TestNotFigures: names and dates that hold numerals are not figures.
func TestNotFigures(t *testing.T) {
	e := New()
	for _, s := range []string{"陆家嘴金融城新增企业", "庆祝改革开放40周年", "PM_2.5平均浓度", "千家万户受益", "助力零部件企业进军可穿戴设备", "〇部署"} {
		if figs := e.Extract(s); len(figs) > 0 {
			t.Errorf("Extract(%q) = %q; want no figure", s, figs[0].Text)
		}
	}
	if figs := e.Extract("宁波舟山港集装箱吞吐量达到4500万标箱，开通4000班次"); len(figs) != 2 || figs[0].Unit != "万标箱" || figs[1].Unit != "班次" {
		t.Errorf("compound units: %+v", figs)
	}
}

func TestThresholds(t *testing.T) {
	e := New()
	tests := []struct {
		text string
		want string
	}{
		{"其中30亿元以上项目6个、10-30亿元项目11个", "[true false true false]"},
		{"全年新增就业10万人以上，城镇登记失业率2.3%", "[false false]"},
		{"完成投资100亿元以上，建成项目20个", "[false false]"},
		{"全区现有超10亿企业111家，超50亿企业14家", "[true false true false]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(Thresholds(tt.text, e.Extract(tt.text))); got != tt.want {
			t.Errorf("Thresholds(%q) = %s; want %s", tt.text, got, tt.want)
		}
	}
}
