package nlp

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// segmentTexts are the texts the segmenter is compared with gse on: the
// seed and the test documents, line by line, and every question of the
// test sets; PLANBOT_SEGMENT_TEXTS may name more files (a corpus), by a
// glob.
func segmentTexts(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../seeds/*.txt")
	more, _ := filepath.Glob("../ingest/testdata/*.txt")
	files = append(files, more...)
	if g := os.Getenv("PLANBOT_SEGMENT_TEXTS"); g != "" {
		more, _ := filepath.Glob(g)
		files = append(files, more...)
	}
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for l := range strings.Lines(string(data)) {
			if l = strings.TrimSpace(l); l != "" {
				texts = append(texts, l)
			}
		}
	}
	qfiles, _ := filepath.Glob("../answer/testdata/*.jsonl")
	for _, f := range qfiles {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			var q struct{ Q string }
			if json.Unmarshal(sc.Bytes(), &q) == nil && q.Q != "" {
				texts = append(texts, q.Q)
			}
		}
		fh.Close()
	}
	// Odd inputs: upper case, full width, Latin runs, kana, numbers.
	texts = append(texts, "GDP增长6.5%", "ＧＤＰ增长", "PM2.5年均浓度", "R&D经费投入强度", "ＡＢＣ", "Ärger über ΑΒΓ", "カタカナとひらがな", "2022年新增学位9510座",
		"", " ", "a", "学", "“十四五”", "5G基站", "ABCdef中文GHI", "一二三四五六七八九十")
	return texts
}

// The segmenter cuts every text exactly as gse does, in every mode, and
// finds every word and prefix gse does, with the dictionary planbot
// builds (the base list, the word lists and documents' words).
func TestSegmentMatchesGse(t *testing.T) {
	a, err := New([]string{"华富北", "新改扩建", "社康", "pm2.5", "gdp"})
	if err != nil {
		t.Fatal(err)
	}
	var g gse.Segmenter
	g.SkipLog = true
	if err := g.LoadDictStr(a.dictionaryText([]string{"华富北", "新改扩建", "社康", "pm2.5", "gdp"})); err != nil {
		t.Fatal(err)
	}
	if a.dict.Len() != g.Dict.NumTokens() {
		t.Errorf("%d words; gse has %d", a.dict.Len(), g.Dict.NumTokens())
	}
	texts := segmentTexts(t)
	// Pieces of texts too: questions are cut a piece at a time.
	rng := rand.New(rand.NewPCG(1, 2))
	n := len(texts)
	for range 4 * n {
		rs := []rune(texts[rng.IntN(n)])
		if len(rs) < 2 {
			continue
		}
		i := rng.IntN(len(rs) - 1)
		j := i + 1 + rng.IntN(min(len(rs)-i, 16))
		texts = append(texts, string(rs[i:j]))
	}
	bad := 0
	check := func(what, text string, got, want []string) {
		if !slices.Equal(got, want) && bad < 20 {
			bad++
			t.Errorf("%s(%q):\n got %q\nwant %q", what, text, got, want)
		}
	}
	for _, text := range texts {
		check("Cut", text, a.dict.Cut(text), g.Cut(text, false))
		check("Slice", text, a.dict.Slice(text, false), g.Slice(text, false))
		check("Slice search", text, a.dict.Slice(text, true), g.Slice(text, true))
	}
	// Find, on every piece of up to six characters of the questions and
	// some of the texts.
	for k, text := range texts {
		if k%7 != 0 {
			continue
		}
		rs := []rune(strings.ToLower(text))
		for i := range rs {
			for j := i + 1; j <= min(len(rs), i+6); j++ {
				w := string(rs[i:j])
				f1, p1, ok1 := a.dict.Find(w)
				f2, p2, ok2 := g.Dict.Find([]byte(w))
				if (f1 != f2 || p1 != p2 || ok1 != ok2) && bad < 20 {
					bad++
					t.Errorf("Find(%q) = %v %q %v; gse %v %q %v", w, f1, p1, ok1, f2, p2, ok2)
				}
			}
		}
	}
	t.Logf("%d texts compared", len(texts))
	_ = utf8.RuneLen
}

// Normalize skips the conversion of traditional characters only where it
// would change nothing: on every test text, and on each character of
// the table and some text around it.
func TestTraditionalSkipIsExact(t *testing.T) {
	a, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	cc, err := a.cc()
	if err != nil {
		t.Fatal(err)
	}
	texts := segmentTexts(t)
	texts = append(texts, "2022年新增學位多少？今年GDP增長目標", "反覆", "回覆率", "瞭解", "沈默", "牴觸", "答覆了嗎")
	skipped := 0
	for _, text := range texts {
		if a.traditional.any(text) {
			continue
		}
		skipped++
		if got, err := cc.Convert(text); err != nil || got != text {
			t.Errorf("%q holds no listed character, yet converts to %q (%v)", text, got, err)
		}
	}
	if skipped < len(texts)/2 {
		t.Errorf("only %d of %d texts skip the conversion", skipped, len(texts))
	}
}

// The hand-written replacements of regular expressions do what the
// expressions did.
func TestRegexpReplacements(t *testing.T) {
	punctRe := regexp.MustCompile(`[\p{P}\p{S}\s]+`)
	unitAskRe := regexp.MustCompile(`(?:多少|几|若干)(万|亿|千)?([\p{Han}%/]{1,6})`)
	askWordRe := regexp.MustCompile(`多少|几|若干|是什么|哪些`)
	texts := append(segmentTexts(t), "，，a。", "。", "a", "", "x  y\t\nz", "“十四五”期间", "+5%…", "a.b|c",
		"多少万", "多少万？", "多少？几个", "若干亿元", "多少千米", "多少%", "几/年", "多少一二三四五六七八", "多少万一二三四五六七", "多少", "几", "是什么",
		"多少几人", "几多少", "若干多少人", "多少\xff几人", "是什么多少", "哪些几", "多少。几所", "多少,若干亿元",
		"2022", "2022年", "2022年度", "2022 年", "2022\t\n年度", "2022  ", "2022年年度", "20222023", "12345年", "123", "二〇二二年", "2022年度2023年", "x2022年y", "2022\u3000年", "2022年\xff", "\xff2022")
	for _, text := range texts {
		if got, want := barPunctuation(text), punctRe.ReplaceAllString(text, "|"); got != want {
			t.Errorf("barPunctuation(%q) = %q; want %q", text, got, want)
		}
		var spans [][]int
		for _, m := range yearSpans(text, nil) {
			spans = append(spans, m[:])
		}
		if got, want := spans, yearRe.FindAllStringSubmatchIndex(text, -1); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("yearSpans(%q) = %v; want %v", text, got, want)
		}
		if got, want := hasDigits(text, 4), regexp.MustCompile(`\d{4}`).MatchString(text); got != want {
			t.Errorf("hasDigits(%q) = %v", text, got)
		}
		if got, want := containsAny(text, askWords), askWordRe.MatchString(text); got != want {
			t.Errorf("containsAny(%q, askWords) = %v", text, got)
		}
		if got, want := unitAsk(text), unitAskRe.FindStringSubmatch(text); !slices.Equal(got, want) {
			t.Errorf("unitAsk(%q) = %q; want %q", text, got, want)
		}
		var got []int
		if start, end, ok := askWordAt(text); ok {
			got = []int{start, end}
		}
		if want := askWordRe.FindStringIndex(text); !slices.Equal(got, want) {
			t.Errorf("askWordAt(%q) = %v; want %v", text, got, want)
		}
	}
}

// Each pattern of questionKind is tried only when the text holds one of
// its words: every match of the pattern holds one.
func TestKindWordsHoldEveryMatch(t *testing.T) {
	texts := append(segmentTexts(t),
		"GDP每年的变化", "GDP每年增长多少", "GDP怎么变", "GDP如何变化", "近几年走势", "这几年来的变化情况", "历年GDP", "逐年走势",
		"比目标高多少", "超出年度计划多少", "落后于预期目标几个百分点", "比计划多下降几个百分点",
		"完成目标的百分之几", "占计划的比例", "有哪些任务", "都有啥", "列举", "做些什么工作", "近三年", "过去两年")
	pairs := []struct {
		name  string
		re    *regexp.Regexp
		words []string
	}{
		{"ratioRe", ratioRe, ratioWords},
		{"againstTargetRe", againstTargetRe, ratioWords},
		{"verdictRe", verdictRe, verdictWords},
		{"moreLessRe", moreLessRe, askWords[:2]},
		{"planTopicRe", planTopicRe, planTopicWords},
		{"recentRe", recentRe, recentWords},
		{"trendWordsRe", trendWordsRe, trendWords},
		{"listRe", listRe, listWords},
		{"taskNumRe", taskNumRe, []string{"任务"}},
	}
	for _, p := range pairs {
		for _, text := range texts {
			for _, m := range p.re.FindAllString(text, -1) {
				if !containsAny(m, p.words) {
					t.Errorf("%s matches %q in %q, which holds none of %q", p.name, m, text, p.words)
				}
			}
		}
	}
}

// trimSpace trims as strings.TrimSpace does: every test text, each of
// its words and odd spaces.
func TestTrimSpace(t *testing.T) {
	a := analyzer(t)
	texts := append(segmentTexts(t), "", " ", " a ", "\u3000学", "学\u3000", "\u2003", "学\u00a0", "\xff ", " \xff", "\xff", "a\tb\n")
	for _, text := range texts {
		for _, w := range append(a.dict.Cut(text), text) {
			if got, want := trimSpace(w), strings.TrimSpace(w); got != want {
				t.Errorf("trimSpace(%q) = %q; want %q", w, got, want)
			}
		}
	}
}

// The CJK ideographs are Han letters, neither punctuation nor symbols,
// as isBar, isHanRune and keepToken take them to be.
func TestIdeographsAreNoBar(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isCJKIdeograph(r) && (unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r) || !unicode.Is(unicode.Han, r) || !unicode.IsLetter(r)) {
			t.Fatalf("%U is taken for a Han letter, neither punctuation nor symbol", r)
		}
	}
}
