package gazetteer

import (
	"slices"
	"strings"
	"testing"
)

func TestFindAndLeading(t *testing.T) {
	g := New()
	tests := []struct {
		in            string
		find, leading string
	}{
		{"深圳市南山区2023年政府工作报告", "深圳市,南山区", "深圳市,南山区"},
		{"福田区2021年国民经济", "福田区", "福田区"},
		{"创建全国文明城市示范区", "", ""},
		{"政府工作报告南山区", "南山区", ""},
		{"上海市2021年GDP", "上海市", "上海市"},
		// Short names of provinces and prefectures are found, standing
		// for the full name; a leading place must be named in full.
		{"新疆2025年地区生产总值", "新疆维吾尔自治区", ""},
		{"2026年广西壮族自治区政府工作报告", "广西壮族自治区", ""},
		{"内蒙古和宁夏的粮食产量", "内蒙古自治区,宁夏回族自治区", ""},
		{"深圳2022年新增学位", "深圳市", ""},
		// A county-level city the province governs directly stands as a
		// prefecture.
		{"济源2022年地区生产总值", "济源市", ""},
		// 吉林 is the province before the city.
		{"吉林省吉林市", "吉林省,吉林市", "吉林省,吉林市"},
		{"吉林去年GDP", "吉林省", ""},
		// District names that are mostly words are not found.
		{"老城区改造", "", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(g.Find(tt.in), ","); got != tt.find {
			t.Errorf("Find(%q) = %q; want %q", tt.in, got, tt.find)
		}
		if got := strings.Join(g.Leading(tt.in), ","); got != tt.leading {
			t.Errorf("Leading(%q) = %q; want %q", tt.in, got, tt.leading)
		}
	}
}

func TestFindAllOffsets(t *testing.T) {
	s := "请问新疆2025年"
	ms := New().FindAll(s)
	if len(ms) != 1 {
		t.Fatalf("FindAll(%q) = %+v; want one match", s, ms)
	}
	m := ms[0]
	if m.Text != "新疆" || s[m.Start:m.End] != "新疆" || !m.Short || m.Name != "新疆维吾尔自治区" {
		t.Errorf("FindAll(%q) = %+v", s, m)
	}
}

func TestShortNames(t *testing.T) {
	g := New()
	tests := []struct{ name, want string }{
		{"新疆维吾尔自治区", "新疆"},
		{"广西壮族自治区", "广西"},
		{"内蒙古自治区", "内蒙古"},
		{"宁夏回族自治区", "宁夏"},
		{"西藏自治区", "西藏"},
		{"黑龙江省", "黑龙江"},
		{"北京市", "北京"},
		{"深圳市", "深圳"},
		{"福田区", "福田"},
		{"黔东南苗族侗族自治州", "黔东南"},
		{"巴音郭楞蒙古自治州", "巴音郭楞"},
		{"湘西土家族苗族自治州", "湘西"},
		{"阿克苏地区", "阿克苏"},
		{"锡林郭勒盟", "锡林郭勒"},
		{"神农架林区", "神农架"},
		{"城区", ""},
		{"沛县", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(g.ShortNames(tt.name), ","); got != tt.want {
			t.Errorf("ShortNames(%q) = %q; want %q", tt.name, got, tt.want)
		}
	}
}

func TestAbbreviations(t *testing.T) {
	g := New()
	if got := g.Abbreviations("上海市"); !slices.Equal(got, []string{"沪"}) {
		t.Errorf("Abbreviations(上海市) = %q", got)
	}
	if got := g.Abbreviated("新"); !slices.Equal(got, []string{"新疆维吾尔自治区"}) {
		t.Errorf("Abbreviated(新) = %q", got)
	}
	// Every abbreviated name is a division of the list.
	for _, l := range strings.Split(shortData, "\n") {
		if f := strings.Fields(l); len(f) > 1 && !strings.HasPrefix(l, "#") && g.LevelOf(f[0]) != Province {
			t.Errorf("short.txt names %q, which is no province", f[0])
		}
	}
}

func TestWithinAndCanonical(t *testing.T) {
	g := New()
	for _, tt := range []struct {
		inner, outer string
		want         bool
	}{
		{"福田区", "深圳市", true},
		{"福田区", "广东省", true},
		{"深圳市", "福田区", false},
		{"福田区", "北京市", false},
		{"朝阳区", "北京市", true}, // two 朝阳区: one is Beijing's
		{"朝阳区", "吉林省", true},
		{"浙江省", "浙江省", true},
	} {
		if got := g.Within(tt.inner, tt.outer); got != tt.want {
			t.Errorf("Within(%s, %s) = %v", tt.inner, tt.outer, got)
		}
	}
	if got := g.Canonical("吉林"); !slices.Equal(got, []string{"吉林省", "吉林市"}) {
		t.Errorf("Canonical(吉林) = %q", got)
	}
	if got := g.Canonical("新疆"); !slices.Equal(got, []string{"新疆维吾尔自治区"}) {
		t.Errorf("Canonical(新疆) = %q", got)
	}
	if p, ok := g.Parent(g.Places("福田区")[0]); !ok || p.Name != "深圳市" {
		t.Errorf("Parent(福田区) = %v, %v", p, ok)
	}
}

func TestAdd(t *testing.T) {
	g := New()
	g.Add("前海合作区")
	if got := g.Find("前海合作区2025年"); !slices.Equal(got, []string{"前海合作区"}) {
		t.Errorf("an added region is not found: %q", got)
	}
	if !g.Has("前海合作区") || g.LevelOf("前海合作区") != Other {
		t.Error("an added region has no level Other")
	}
}

func TestWordsArePlacesOnlyAfterAPlace(t *testing.T) {
	g := New()
	if got := g.Find("洛阳市老城区2025年"); !slices.Equal(got, []string{"洛阳市", "老城区"}) {
		t.Errorf("Find(洛阳市老城区) = %q", got)
	}
	if got := g.Find("推进老城区改造"); len(got) != 0 {
		t.Errorf("Find(推进老城区改造) = %q; want none", got)
	}
}

func TestSameRegion(t *testing.T) {
	g := New()
	tests := []struct {
		a, b string
		want bool
	}{
		{"光明新区", "光明区", true}, // the district before 2017
		{"福田区", "福田区", true},
		{"大鹏新区", "大鹏", true},
		{"福田区", "罗湖区", false},
		{"光明新区", "光山县", false},
	}
	for _, tt := range tests {
		if got := g.SameRegion(tt.a, tt.b); got != tt.want {
			t.Errorf("SameRegion(%s, %s) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSiblings(t *testing.T) {
	g := New()
	sib := g.Siblings("福田区")
	if !slices.Contains(sib, "罗湖区") || !slices.Contains(sib, "南山区") || slices.Contains(sib, "福田区") || slices.Contains(sib, "天河区") {
		t.Errorf("Siblings(福田区) = %q", sib)
	}
	if got := g.Siblings("广东省"); len(got) != 0 {
		t.Errorf("Siblings(广东省) = %q; want none", got)
	}
}
