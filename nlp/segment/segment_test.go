package segment

import (
	"slices"
	"testing"

	"github.com/go-ego/gse"
)

// A small dictionary with the cases gse's loading treats specially:
// repeated words (the first wins), a single character (frequency 2),
// words below the minimum frequency, upper case, kana, lines without a
// frequency or part of speech, and a word that is a prefix of another.
const tinyDict = `新增 500 v
学位 300 n
新增学位 50 n
学 9000 n
学 1 v
位 80 q
GDP 700 eng
gdp 5 n
增长 900 v
增长率 40 n
长率 3 n
年 1000 q
カタカナ 30 n
カ 20 n
低频 1 n
无频
词性缺 77
PM2.5 60 n
`

func tinyBoth(t *testing.T) (*Dict, *gse.Segmenter) {
	t.Helper()
	b := NewBuilder(32)
	b.AddLines(tinyDict)
	var g gse.Segmenter
	g.SkipLog = true
	if err := g.LoadDictStr(tinyDict); err != nil {
		t.Fatal(err)
	}
	return b.Build(), &g
}

func TestTinyDictionaryMatchesGse(t *testing.T) {
	d, g := tinyBoth(t)
	if d.Len() != g.Dict.NumTokens() {
		t.Errorf("%d words; gse %d", d.Len(), g.Dict.NumTokens())
	}
	for _, s := range []string{"新增学位", "新增学位多少", "GDP增长率", "gdp增长", "2022年GDP增长6.5%", "PM2.5年均", "カタカナ", "新增学位カタカナ学", "学", "", "词性缺", "无频", "ÄÖ学位", "ＧＤＰ增长"} {
		for _, c := range []struct {
			name      string
			got, want []string
		}{
			{"Cut", d.Cut(s), g.Cut(s, false)},
			{"Slice", d.Slice(s, false), g.Slice(s, false)},
			{"Slice search", d.Slice(s, true), g.Slice(s, true)},
		} {
			if !slices.Equal(c.got, c.want) {
				t.Errorf("%s(%q) = %q; gse %q", c.name, s, c.got, c.want)
			}
		}
	}
	for _, w := range []string{"新", "新增", "新增学", "学", "gdp", "GDP", "长率", "低频", "无频", "词性缺", "カ", "pm2", "pm2.5", "x"} {
		f1, p1, ok1 := d.Find(w)
		f2, p2, ok2 := g.Dict.Find([]byte(w))
		if f1 != f2 || p1 != p2 || ok1 != ok2 {
			t.Errorf("Find(%q) = %v %q %v; gse %v %q %v", w, f1, p1, ok1, f2, p2, ok2)
		}
	}
}

// A dictionary extended with more words is the one a single load of all
// of them gives, and the one it extends is left as it was.
func TestExtend(t *testing.T) {
	b := NewBuilder(32)
	b.AddLines(tinyDict)
	base := b.Build()
	before := base.Slice("新增学位增长率", true)
	more := "学位增长 20000 n\n新增 1 n\n"
	x := base.Extend()
	x.AddLines(more)
	ext := x.Build()
	var g gse.Segmenter
	g.SkipLog = true
	if err := g.LoadDictStr(tinyDict + more); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"新增学位增长率", "学位增长"} {
		if got, want := ext.Slice(s, true), g.Slice(s, true); !slices.Equal(got, want) {
			t.Errorf("extended Slice(%q) = %q; gse %q", s, got, want)
		}
		if got, want := ext.Cut(s), g.Cut(s, false); !slices.Equal(got, want) {
			t.Errorf("extended Cut(%q) = %q; gse %q", s, got, want)
		}
	}
	if after := base.Slice("新增学位增长率", true); !slices.Equal(after, before) {
		t.Errorf("the base changed: %q, was %q", after, before)
	}
}

func TestAppendOffsets(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want []int
	}{{"", []int{0}}, {"a学b", []int{0, 1, 4, 5}}, {"新增", []int{0, 3, 6}}} {
		if got := AppendOffsets(nil, tt.s); !slices.Equal(got, tt.want) {
			t.Errorf("AppendOffsets(%q) = %v; want %v", tt.s, got, tt.want)
		}
	}
}
