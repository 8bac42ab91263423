package extract_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/planbot/planbot/extract"
	"github.com/planbot/planbot/plan"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const seedPath = "../seeds/futian-2021-execution-2022-plan.txt"

func read(t testing.TB, name string) extract.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Read(name, data, 0)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// Each fixture's text is kept as a golden file: a change in extraction
// shows as a readable diff (go test ./extract -update rewrites them).
func TestGolden(t *testing.T) {
	for _, name := range []string{"seed-lo.pdf", "seed-stsong.pdf", "seed-cid.pdf", "restricted.pdf", "turned.pdf", "seed.docx", "seed-lo.docx", "seed.html"} {
		t.Run(name, func(t *testing.T) {
			got := read(t, name).Text
			golden := filepath.Join("testdata", "golden", name+".txt")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./extract -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("text differs from %s (go test ./extract -update, then review the diff)", golden)
			}
		})
	}
}

// hanCounts counts the Chinese characters of a text, and those that are
// wrong in a document's text: radicals standing for characters, private
// use code points, U+FFFD.
func hanCounts(s string) (map[rune]int, int, int) {
	m := map[rune]int{}
	total, wrong := 0, 0
	for _, r := range s {
		switch {
		case r >= 0x2E80 && r <= 0x2FDF, r >= 0x31C0 && r <= 0x31EF, r >= 0xE000 && r <= 0xF8FF, r == 0xFFFD:
			wrong++
		case unicode.Is(unicode.Han, r):
			m[r]++
			total++
		}
	}
	return m, total, wrong
}

// The Chinese text of every rendering is the seed's, character for
// character: CID fonts with ToUnicode maps, a non-embedded CID font with a
// predefined CMap, simple subset fonts, a ToUnicode map that gives Kangxi
// radicals, Word's XML and a GBK web page.
func TestCharacters(t *testing.T) {
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	want, wantTotal, _ := hanCounts(string(seed))
	for _, name := range []string{"seed-lo.pdf", "seed-stsong.pdf", "seed.docx", "seed-lo.docx", "seed.html"} {
		got, total, wrong := hanCounts(string(read(t, name).Text))
		missing := 0
		for r, n := range want {
			missing += max(n-got[r], 0)
		}
		// The web page adds its title and the PDFs the footer digits; no
		// character of the seed may be missing or wrong.
		if missing > 0 || wrong > 0 || total < wantTotal {
			t.Errorf("%s: %d of the seed's %d Chinese characters missing, %d wrong", name, missing, wantTotal, wrong)
		}
	}
	// Three pages printed through cairo, whose ToUnicode map says ⼀ for 一.
	text := string(read(t, "seed-cid.pdf").Text)
	if _, _, wrong := hanCounts(text); wrong > 0 {
		t.Errorf("seed-cid.pdf: %d radicals or unreadable characters", wrong)
	}
	for _, w := range []string{"一、2021年国民经济和社会发展计划执行情况", "——一般公共预算收入214.3亿元，增长17.2%；", "7．城镇居民登记失业率  3.0%以内  2.0%以内  2.0%以内"} {
		if !strings.Contains(text, w) {
			t.Errorf("seed-cid.pdf lacks %q", w)
		}
	}
}

// A PDF's pages are separated by form feeds and each ends with its
// printed number: the parser's 第N页 is the PDF's page.
func TestPDFPages(t *testing.T) {
	for name, pages := range map[string]int{"seed-lo.pdf": 28, "seed-stsong.pdf": 20, "bench.pdf": 50} {
		doc := read(t, name)
		texts := strings.Split(string(doc.Text), "\f")
		if doc.Pages != pages || len(texts) != pages {
			t.Fatalf("%s: %d pages, %d page texts; want %d", name, doc.Pages, len(texts), pages)
		}
		for i, p := range texts {
			lines := strings.Split(strings.TrimSpace(p), "\n")
			if n := regexp.MustCompile(`\d+`).FindString(lines[len(lines)-1]); n != strconv.Itoa(i+1) {
				t.Errorf("%s page %d ends with %q", name, i+1, lines[len(lines)-1])
			}
		}
	}
}

// The appendix table comes out a row a line, cells two spaces apart, the
// cells that wrap over two lines (names, 以市下达目标为准) whole: from
// ruled PDF tables (turned.pdf: drawn turned on a portrait page), Word
// tables and HTML tables alike.
func TestTables(t *testing.T) {
	rows := []string{
		"指标名称  2021年增长目标  2021年预计完成  2022年计划增长",
		"一、预期性指标",
		"2．现代服务业增加值  6.6%  8.5%  6.2%",
		"4．社会消费品零售总额  2.0%  10.0%  6.0%",
		"二、约束性指标",
		"9．万元GDP水耗  以市下达目标为准  完成市下达目标  以市下达目标为准",
		"10．能耗总量和强度  以市下达目标为准  完成市下达目标  以市下达目标为准",
	}
	for _, name := range []string{"seed-lo.pdf", "seed-stsong.pdf", "turned.pdf", "seed.docx", "seed.html"} {
		lines := map[string]bool{}
		for _, l := range strings.Split(string(read(t, name).Text), "\n") {
			lines[strings.ReplaceAll(l, "万元 GDP", "万元GDP")] = true
		}
		for _, r := range rows {
			if !lines[r] {
				t.Errorf("%s: no line %q", name, r)
			}
		}
	}
}

// Footnotes and their marks are left out; a Word file's list labels are
// rendered from numbering.xml, counted as Word counts them.
func TestWordAndFootnotes(t *testing.T) {
	for _, name := range []string{"seed.docx", "seed-lo.docx", "seed-lo.pdf"} {
		doc := read(t, name)
		text := string(doc.Text)
		if strings.Contains(text, "正式发布为准") || strings.Contains(text, "初步测算1") || !strings.Contains(text, "\n初步测算，主要指标") {
			t.Errorf("%s: the footnote or its mark is in the text", name)
		}
		if strings.HasSuffix(name, ".docx") {
			if !doc.PagesUnknown || doc.Pages != 0 || len(doc.Notes) != 1 {
				t.Errorf("%s: pages unknown %v, pages %d, notes %v", name, doc.PagesUnknown, doc.Pages, doc.Notes)
			}
			// Sections restart in each part; tasks count on across sections.
			for _, w := range []string{"\n（八）全力提升环境品质", "\n（一）预期性指标", "\n（一）稳步推进三大战略平台建设", "\n1.高水平建设", "\n4.推动消费提质升级", "\n27.打造低碳生活空间"} {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q", name, w[1:])
				}
			}
		}
	}
}

// A saved government page gives its article: the title first, and none
// of the site around it.
func TestWebPage(t *testing.T) {
	text := string(read(t, "seed.html").Text)
	if !strings.HasPrefix(text, "福田区2021年国民经济和社会发展计划执行情况与2022年计划\n二○二二年一月\n") {
		t.Errorf("page starts %q", text[:min(len(text), 200)])
	}
	for _, clutter := range []string{"首页", "当前位置", "打印", "关闭", "字号", "分享", "微博", "浏览次数", "索引号", "上一篇", "相关链接", "扫一扫", "版权所有", "ICP", "夜景", "规划计划", "区域规划", "年度计划", "English", "登录"} {
		if strings.Contains(text, clutter) {
			t.Errorf("the page's text holds %q", clutter)
		}
	}
}

func TestWebPageInline(t *testing.T) {
	gbk := []byte("<html><head><title>\xb2\xe2\xca\xd4\xce\xc4\xbc\xfe_\xd5\xfe\xb8\xae\xcd\xf8</title></head><body><div><p>\xd2\xbb\xa1\xa2\xd7\xdc\xcc\xe5\xd2\xaa\xc7\xf3</p></div></body></html>")
	for _, c := range []struct {
		name, page string
		data       []byte
		want       []string
		not        []string
	}{
		{name: "GBK without a charset", data: gbk, want: []string{"测试文件\n一、总体要求"}, not: []string{"政府网"}},
		{name: "UTF-8 without a charset", page: `<html><head><title>规划纲要 - 某某网</title></head><body><p>一、总体要求</p><p>二、主要目标</p></body></html>`,
			want: []string{"规划纲要\n一、总体要求\n二、主要目标\n"}},
		{name: "layout table", page: `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="某区2023年计划"></head><body>
			<table><tr><td><a href="/">首页</a> <a href="/a">政务公开</a> <a href="/b">新闻</a> <a href="/c">服务</a></td></tr>
			<tr><td><p>` + strings.Repeat("经济运行总体平稳，", 30) + `</p><p>（一）稳增长。地区生产总值增长6%。</p>
			<table border="1"><tr><td>指标名称</td><td>2023年目标</td></tr><tr><td>1．生产总值</td><td>6%</td></tr></table></td></tr></table></body></html>`,
			want: []string{"某区2023年计划\n经济运行", "（一）稳增长。地区生产总值增长6%。\n指标名称  2023年目标\n1．生产总值  6%\n"}, not: []string{"首页"}},
		{name: "caption", page: `<html><body><div class="article"><p>一、工作回顾</p><p align="center"><img src="a.jpg"></p><p align="center">图为新建成的学校</p><p>全年新增学位9510座。</p></div></body></html>`,
			want: []string{"一、工作回顾\n全年新增学位9510座。"}, not: []string{"图为"}},
	} {
		data := c.data
		if data == nil {
			data = []byte(c.page)
		}
		doc, err := extract.Read("page.html", data, 0)
		if err != nil || doc.Format != extract.HTML {
			t.Errorf("%s: %v %v", c.name, doc.Format, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(string(doc.Text), w) {
				t.Errorf("%s: text %q lacks %q", c.name, doc.Text, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(string(doc.Text), w) {
				t.Errorf("%s: text %q holds %q", c.name, doc.Text, w)
			}
		}
	}
}

// Files that cannot be read are refused saying what to do.
func TestRefused(t *testing.T) {
	for name, want := range map[string][]string{
		"scanned.pdf":   {"no text layer", "OCR", "ocrmypdf"},
		"encrypted.pdf": {"encrypted", "password", "qpdf --decrypt"},
		"damaged.pdf":   {"damaged", "download"},
		"seed.doc":      {".doc", "save it as .docx"},
	} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = extract.Read(name, data, 0)
		if plan.ErrorCode(err) != plan.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
			continue
		}
		for _, w := range want {
			if !strings.Contains(plan.ErrorMessage(err), w) {
				t.Errorf("%s: %q does not say %q", name, plan.ErrorMessage(err), w)
			}
		}
	}
	// An owner password alone (copying forbidden) does not stop reading.
	if !strings.Contains(string(read(t, "restricted.pdf").Text), "2021年以来") {
		t.Error("restricted.pdf: text not read")
	}
	big := append([]byte("%PDF-1.7\n"), make([]byte, 2<<20)...)
	if _, err := extract.Read("big.pdf", big, 1<<20); plan.ErrorCode(err) != plan.EINVALID || !strings.Contains(err.Error(), "--max-size") {
		t.Errorf("a file over the limit: %v", err)
	}
	// Text is the parser's to decode and to refuse, as before.
	if doc, err := extract.Read("big.txt", make([]byte, 2<<20), 1<<20); err != nil || doc.Format != extract.Text || len(doc.Text) != 2<<20 {
		t.Errorf("big text: %v %v", doc.Format, err)
	}
}

// The format is told by content; the name only decides text or web page.
func TestDetect(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		want extract.Format
	}{
		{"plan.txt", "一、总体要求\n", extract.Text},
		{"plan.txt", "%PDF-1.7\n…", extract.PDF},
		{"plan", "\r\n%PDF-1.4\n…", extract.PDF},
		{"plan.pdf", "一、总体要求", extract.Text},
		{"page.txt", "<!DOCTYPE html><html>", extract.HTML},
		{"page.htm", "<p>一、总体要求</p>", extract.HTML},
		{"page", "\xEF\xBB\xBF  <html lang=zh>", extract.HTML},
		{"note.txt", "a < b and <html> later", extract.Text},
		{"x.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00", "doc"},
		{"scan.jpg", "\xFF\xD8\xFF\xE0", "image"},
	} {
		if got := extract.Detect(c.name, []byte(c.data)); got != c.want {
			t.Errorf("Detect(%q, %q) = %q, want %q", c.name, c.data, got, c.want)
		}
	}
	for name, want := range map[string]extract.Format{"seed.docx": extract.DOCX, "seed-lo.docx": extract.DOCX, "seed.html": extract.HTML, "seed-lo.pdf": extract.PDF} {
		data, _ := os.ReadFile(filepath.Join("testdata", name))
		if got := extract.Detect("renamed.txt", data); got != want {
			t.Errorf("%s renamed .txt: %q, want %q", name, got, want)
		}
	}
}

// BenchmarkReadPDF measures extracting the 50-page PDF (LibreOffice
// export, embedded subset fonts).
func BenchmarkReadPDF(b *testing.B) {
	data, err := os.ReadFile("testdata/bench.pdf")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := extract.Read("bench.pdf", data, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// Damaged files are refused or read, never a panic or a hang: bytes of
// every PDF, Word file and page are overwritten, inside streams and
// object tables alike.
func TestDamagedBytes(t *testing.T) {
	for _, name := range []string{"seed-stsong.pdf", "seed-lo.pdf", "seed.docx", "seed.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 24; i++ {
			bad := append([]byte(nil), data...)
			at := len(bad) * i / 25
			copy(bad[at:], "\x00)]>>endobj<</Length 99999999>>stream\xff")
			_, err := extract.Read(name, bad, 0)
			if err != nil && plan.ErrorCode(err) != plan.EINVALID {
				t.Errorf("%s damaged at %d: %v", name, at, err)
			}
		}
	}
}
