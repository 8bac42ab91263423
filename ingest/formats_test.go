package ingest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/extract"
	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
)

// fixtures holds the seed rendered as PDF, Word and a web page
// (extract/testdata/make-fixtures.sh).
const fixtures = "../extract/testdata"

// gold is a question of the gold set (testdata/questions.jsonl, a copy of
// shared/eval/questions.jsonl): the figure the first answer must give and
// phrases one of which its excerpt must hold; a null figure must not be
// answered.
type gold struct {
	Q       string   `json:"q"`
	Figure  *string  `json:"figure"`
	Sources []string `json:"sources"`
}

func loadGold(t *testing.T) []gold {
	t.Helper()
	f, err := os.Open("testdata/questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []gold
	sc := bufio.NewScanner(f)
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

// norm drops white space and folds full-width forms, as score.go does.
func norm(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		}
		return r
	}, s)
}

func passes(g gold, a answer.Answer) bool {
	if g.Figure == nil {
		return !a.Found
	}
	if !a.Found || len(a.Answers) == 0 || !strings.Contains(norm(a.Answers[0].Figure), norm(*g.Figure)) {
		return false
	}
	for _, s := range g.Sources {
		if strings.Contains(norm(a.Answers[0].Excerpt), norm(s)) {
			return true
		}
	}
	return false
}

// ask ingests one file into a fresh index and asks the gold questions.
func ask(t *testing.T, path string, qs []gold) (passed int, answers []answer.Answer) {
	t.Helper()
	db, in := testindex.Open(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Ingest(context.Background(), filepath.Base(path), data, parse.Options{}); err != nil {
		t.Fatalf("ingest %s: %v", path, err)
	}
	engine := answer.New(db, in.Analyzer())
	for _, g := range qs {
		a, err := engine.Ask(context.Background(), g.Q)
		if err != nil {
			t.Fatal(err)
		}
		if passes(g, a) {
			passed++
		} else {
			t.Logf("%s: %q not answered right", filepath.Base(path), g.Q)
		}
		answers = append(answers, a)
	}
	return passed, answers
}

// The seed rendered to PDF, Word and a web page answers the gold
// questions as the text does; a PDF's answers cite the PDF's pages, a
// Word file's say the page is unknown.
func TestFormatsAnswerLikeText(t *testing.T) {
	qs := loadGold(t)
	want, _ := ask(t, seedPath, qs)
	if want != len(qs) {
		t.Logf("the text answers %d of %d", want, len(qs))
	}
	for _, name := range []string{"seed-lo.pdf", "seed-stsong.pdf", "seed.docx", "seed-lo.docx", "seed.html"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(fixtures, name)
			got, answers := ask(t, path, qs)
			if got != want {
				t.Errorf("%d of %d answered right; the text answers %d", got, len(qs), want)
			}
			var pages []string
			if strings.HasSuffix(name, ".pdf") {
				data, _ := os.ReadFile(path)
				doc, err := extract.Read(name, data, 0)
				if err != nil {
					t.Fatal(err)
				}
				pages = strings.Split(string(doc.Text), "\f")
			}
			for i, a := range answers {
				if !a.Found || qs[i].Figure == nil {
					continue
				}
				top := a.Answers[0]
				switch {
				case pages != nil:
					// The figure's words are on the page cited (or run
					// onto the next, for a sentence across the break).
					p := top.Location.Page
					if p < 1 || p > len(pages) {
						t.Errorf("%q: page %d of %d", qs[i].Q, p, len(pages))
						continue
					}
					on := norm(pages[p-1])
					if p < len(pages) {
						on += norm(pages[p])
					}
					if !strings.Contains(on, norm(top.Figure)) || !strings.Contains(top.LocationText, "第") {
						t.Errorf("%q: %s not on the cited page %d (%s)", qs[i].Q, top.Figure, p, top.LocationText)
					}
				case strings.HasSuffix(name, ".docx"):
					if top.Location.Page != 0 || !strings.Contains(top.LocationText, "页码不详") {
						t.Errorf("%q: a Word file's location %q", qs[i].Q, top.LocationText)
					}
				default:
					if top.Location.Page != 0 || strings.Contains(top.LocationText, "页") {
						t.Errorf("%q: a web page's location %q", qs[i].Q, top.LocationText)
					}
				}
			}
		})
	}
}

// Scanned, encrypted and damaged PDFs and old Word files are refused with
// what to do, and the index stays as it was.
func TestRefusedFilesLeaveIndexUnchanged(t *testing.T) {
	in, db := newIngester(t)
	data, _ := os.ReadFile(seedPath)
	if _, err := in.Ingest(context.Background(), "seed.txt", data, parse.Options{}); err != nil {
		t.Fatal(err)
	}
	before := db.Documents()
	for name, says := range map[string]string{"scanned.pdf": "OCR", "encrypted.pdf": "password", "damaged.pdf": "damaged", "seed.doc": ".docx"} {
		bad, err := os.ReadFile(filepath.Join(fixtures, name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = in.Ingest(context.Background(), name, bad, parse.Options{})
		if plan.ErrorCode(err) != plan.EINVALID || !strings.Contains(plan.ErrorMessage(err), says) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if after := db.Documents(); !reflect.DeepEqual(before, after) {
		t.Errorf("a refused file changed the index:\n%+v\n%+v", before, after)
	}
}

// BenchmarkIngestPDF measures reading, parsing, indexing and storing the
// 50-page PDF (LibreOffice export with embedded subset fonts, 524 KB) in
// a warm process; planbot ingest's peak memory for it is in BENCHMARKS.md.
func BenchmarkIngestPDF(b *testing.B) {
	in, _ := newIngester(b)
	data, err := os.ReadFile(filepath.Join(fixtures, "bench.pdf"))
	if err != nil {
		b.Fatal(err)
	}
	in.Ingest(context.Background(), "warm.pdf", data, parse.Options{ID: "warm"})
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		i++
		if _, err := in.Ingest(context.Background(), "bench.pdf", data, parse.Options{ID: "doc" + strconv.Itoa(i)}); err != nil {
			b.Fatal(err)
		}
	}
}
