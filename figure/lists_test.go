package figure

import (
	"strings"
	"testing"
)

func TestRespectively(t *testing.T) {
	e := New()
	tests := []struct{ text, want string }{
		{"适龄儿童入园率和普惠率分别达96%和94%", "适龄儿童入园率|适龄儿童普惠率"},
		{"六大优势产业、高技术制造业、绿色低碳优势产业增加值分别增长6.8%、12.3%、7.8%", "六大优势产业增加值增长|高技术制造业增加值增长|绿色低碳优势产业增加值增长"},
		{"城乡居民人均可支配收入分别增长4.4%、5.6%", "城镇居民人均可支配收入增长|农村居民人均可支配收入增长"},
		{"金融业、软件和信息服务业增加值分别增长9.7%、15.3%", "金融业增加值增长|软件和信息服务业增加值增长"},
		{"对东盟、欧盟进出口分别增长16.7%、40.2%", "对东盟进出口增长|欧盟进出口增长"},
		{"力争全年交通、水利、能源领域投资额分别达2400亿元、450亿元、1700亿元", "交通投资额|水利投资额|能源领域投资额"},
		{"城乡居民人均可支配收入分别达6.9万元、3.4万元，增长4.2%、5.3%", "城镇居民人均可支配收入|农村居民人均可支配收入|城镇居民人均可支配收入增长|农村居民人均可支配收入增长"},
		{"细颗粒物（PM2.5）、可吸入颗粒物（PM10）、二氧化硫（SO2）年均浓度分别为30.5微克/立方米、54微克/立方米和3微克/立方米", "细颗粒物（PM2.5）年均浓度|可吸入颗粒物（PM10）年均浓度|二氧化硫（SO2）年均浓度"},
		// 分别 opening its clause: the items are the clauses before, one figure each.
		{"辖区公共财政收入7238.8亿元，地方一般公共预算收入2727.1亿元，分别增长30.4%和30.9%", "||辖区公共财政收入增长|地方一般公共预算收入增长"},
		{"新增学位9510座，建成学校10所，增长5%", "||"},
		// Without 分别: items right before as many figures.
		{"改造老旧供热、燃气、排水管网800公里、600公里、300公里", "改造老旧供热管网|改造老旧燃气管网|改造老旧排水管网"},
		{"地区生产总值5318.2亿元、增长8.6%", "|"},
		// Not as many items as figures: no pairing.
		{"培育引进规上加工企业、精深加工项目分别达到200个以上", ""},
		{"新增学位9510座，建成学校10所", "|"},
	}
	for _, tt := range tests {
		figs := e.Extract(tt.text)
		got := e.Respectively(tt.text, figs)
		for i, f := range figs {
			if got[i] != "" && f.Change != "" && f.Percent() {
				got[i] += string(f.Change)
			}
		}
		if s := strings.Join(got, "|"); s != tt.want {
			t.Errorf("Respectively(%q) = %q; want %q", tt.text, s, tt.want)
		}
	}
}

func TestBaselines(t *testing.T) {
	e := New()
	tests := []struct{ text, want string }{
		{"全国重点实验室由7家增至16家", "true false"},
		{"一般公共预算收入从7248亿元提高到8865亿元", "true false"},
		{"最低生活保障标准由800元增加至1250元", "true false"},
		{"新增学位9510座，建成学校10所", "false false"},
		{"地方一般公共预算收入突破4000亿元、达到4211亿元", "true false"},
		{"地区生产总值迈上6万亿元台阶，达到62661亿元", "true false"},
		{"营业收入突破4000亿元、利润达到200亿元", "false false"},
	}
	for _, tt := range tests {
		figs := e.Extract(tt.text)
		var got []string
		for _, b := range Baselines(tt.text, figs) {
			got = append(got, map[bool]string{true: "true", false: "false"}[b])
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("Baselines(%q) = %s; want %s", tt.text, s, tt.want)
		}
	}
}
