// Package bench holds what planbot's benchmarks share: a corpus generator
// that makes realistic plan documents from a seed (other regions and
// years, shifted figures, shuffled and dropped tasks), the benchmark
// questions, and the measurements cmd/planbot-bench reports (latency
// percentiles, RSS, index size). Only tests and planbot-bench use it.
package bench

import (
	_ "embed"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"

	"github.com/planbot/planbot/internal/wordlist"
	"github.com/planbot/planbot/nlp/gazetteer"
)

var (
	//go:embed testdata/questions.txt
	questionsData string
	//go:embed testdata/templates.txt
	templatesData string
)

// Questions are the benchmark's questions about the seed.
func Questions() []string {
	return wordlist.Lines(questionsData)
}

// Regions returns district names (…区) from the gazetteer, in a stable
// order, for generated documents.
func Regions() []string {
	var out []string
	for _, n := range gazetteer.New().Names() {
		if strings.HasSuffix(n, "区") && len([]rune(n)) == 3 {
			out = append(out, n)
		}
	}
	return out
}

// Doc is a generated document.
type Doc struct {
	Name       string
	Region     string
	ReportYear int
	Data       []byte
}

// Generator makes documents from a seed plan.
type Generator struct {
	Seed       string // the seed document's text
	SeedRegion string // 福田区
	SeedYear   int    // the year the seed reports on (2021)
	Regions    []string
}

var (
	figureRe = regexp.MustCompile(`([^\d.\n])(\d+(?:\.\d+)?)(%|亿|万|座|所|个|套|家|项|人|张|户|名|根|剂|支|位|栋|层|片|吨|平方|立方|微克)`)
	taskRe   = regexp.MustCompile(`^(\s?)(\d{1,2})\.(\p{Han})`)
	partRe   = regexp.MustCompile(`^\s?[一二三四五六七八九十]、`)
	secRe    = regexp.MustCompile(`^\s?（[一二三四五六七八九十]+）`)
)

var chineseDigits = []string{"○", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

func chineseYear(y int) string {
	var b strings.Builder
	for _, c := range strconv.Itoa(y) {
		b.WriteString(chineseDigits[c-'0'])
	}
	return b.String()
}

// Doc returns the i-th generated document: region i mod the region count,
// years shifted by i div the region count (over thirty years), figures
// scaled by a factor drawn for i, tasks shuffled and dropped within their
// sections. The same i always gives the same document.
func (g *Generator) Doc(i int) Doc {
	rng := rand.New(rand.NewPCG(uint64(i), 0x9e3779b97f4a7c15))
	region := g.Regions[i%len(g.Regions)]
	year := 2000 + (i/len(g.Regions))%30
	text := g.Seed

	// Years first (through placeholders, so 2021→2005 cannot cascade),
	// then the region, then figures.
	shift := year - g.SeedYear
	for k := 2; k >= 0; k-- {
		y := g.SeedYear + k
		text = strings.ReplaceAll(text, strconv.Itoa(y), fmt.Sprintf("\x00Y%d\x00", k))
		text = strings.ReplaceAll(text, chineseYear(y), fmt.Sprintf("\x00C%d\x00", k))
	}
	for k := 0; k <= 2; k++ {
		text = strings.ReplaceAll(text, fmt.Sprintf("\x00Y%d\x00", k), strconv.Itoa(g.SeedYear+k+shift))
		text = strings.ReplaceAll(text, fmt.Sprintf("\x00C%d\x00", k), chineseYear(g.SeedYear+k+shift))
	}
	short := strings.TrimSuffix(g.SeedRegion, "区")
	text = strings.ReplaceAll(text, g.SeedRegion, region)
	text = strings.ReplaceAll(text, short, strings.TrimSuffix(region, "区"))

	factor := 0.8 + 0.45*rng.Float64()
	text = figureRe.ReplaceAllStringFunc(text, func(m string) string {
		sm := figureRe.FindStringSubmatch(m)
		v, err := strconv.ParseFloat(sm[2], 64)
		if err != nil {
			return m
		}
		dec := 0
		if i := strings.IndexByte(sm[2], '.'); i >= 0 {
			dec = len(sm[2]) - i - 1
		}
		nv := v * factor
		if dec == 0 {
			nv = math.Max(1, math.Round(nv))
		}
		return sm[1] + strconv.FormatFloat(nv, 'f', dec, 64) + sm[3]
	})
	text = shuffleTasks(text, rng)
	return Doc{Name: fmt.Sprintf("gen-%05d-%s-%d.txt", i, region, year), Region: region, ReportYear: year, Data: []byte(text)}
}

// shuffleTasks reorders (30% of sections) and drops (10% of tasks) the
// numbered tasks within their sections, then renumbers them in order.
func shuffleTasks(text string, rng *rand.Rand) string {
	lines := strings.Split(text, "\n")
	type block struct{ lines []string }
	var out []string
	var sec []block // task blocks of the current section
	flush := func() {
		if len(sec) == 0 {
			return
		}
		if rng.Float64() < 0.3 {
			rng.Shuffle(len(sec), func(i, j int) { sec[i], sec[j] = sec[j], sec[i] })
		}
		kept := sec[:0]
		for _, b := range sec {
			if rng.Float64() >= 0.1 || len(kept) == 0 {
				kept = append(kept, b)
			}
		}
		for _, b := range kept {
			out = append(out, b.lines...)
		}
		sec = nil
	}
	inTasks := false
	for _, l := range lines {
		switch {
		case partRe.MatchString(l) || strings.HasPrefix(strings.TrimSpace(l), "附件"):
			flush()
			inTasks = false
			out = append(out, l)
		case secRe.MatchString(l):
			flush()
			out = append(out, l)
		case taskRe.MatchString(l):
			inTasks = true
			sec = append(sec, block{lines: []string{l}})
		case inTasks && len(sec) > 0:
			sec[len(sec)-1].lines = append(sec[len(sec)-1].lines, l)
		default:
			out = append(out, l)
		}
	}
	flush()
	// Renumber tasks in their new order.
	n := 0
	for i, l := range out {
		if partRe.MatchString(l) {
			n = 0
		}
		if m := taskRe.FindStringSubmatch(l); m != nil {
			n++
			out[i] = m[1] + strconv.Itoa(n) + "." + l[len(m[0])-len(m[3]):]
		}
	}
	return strings.Join(out, "\n")
}

// QuestionsFor returns questions about a generated document, naming its
// region and years (testdata/templates.txt).
func QuestionsFor(d Doc) []string {
	rep := strings.NewReplacer("{R}", d.Region, "{Y}", strconv.Itoa(d.ReportYear), "{P}", strconv.Itoa(d.ReportYear+1))
	var out []string
	for _, l := range wordlist.Lines(templatesData) {
		out = append(out, rep.Replace(l))
	}
	return out
}
