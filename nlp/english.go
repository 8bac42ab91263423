package nlp

import (
	_ "embed"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/planbot/planbot/internal/wordlist"
)

//go:embed data/english.txt
var englishData string

// glossary is the English a question may use, longest phrase first.
type glossary []struct{ en, zh string }

func readGlossary() glossary {
	var g glossary
	for _, l := range wordlist.Lines(englishData) {
		en, zh, ok := strings.Cut(l, "\t")
		if !ok {
			continue
		}
		if zh == "-" {
			zh = ""
		}
		g = append(g, struct{ en, zh string }{strings.TrimSpace(en), strings.TrimSpace(zh)})
	}
	sort.SliceStable(g, func(i, j int) bool { return len(g[i].en) > len(g[j].en) })
	return g
}

var (
	englishWordRe = regexp.MustCompile(`[a-z][a-z&.\-']*`)
	taskNumberEn  = regexp.MustCompile(`\btask\s*(?:no\.?|number)?\s*(\d+)\b`)
	yearEn        = regexp.MustCompile(`\b(19|20|21)(\d\d)\b`)
)

// isEnglish reports a question written in English: Latin words, hardly
// any Chinese.
func isEnglish(s string) bool {
	han, letters := 0, 0
	for _, r := range s {
		switch {
		case isHanRune(r):
			han++
		case r < 0x80 && unicode.IsLetter(r):
			letters++
		}
	}
	return letters >= 4 && han*5 < letters
}

// fromEnglish reads an English question through the glossary: task 20 →
// 第20项任务, 2022 → 2022年, phrases longest first. It returns the Chinese
// reading and the English words it could not read.
func (g glossary) fromEnglish(s string) (string, []string) {
	s = " " + strings.ToLower(strings.Trim(s, " ?？!.")) + " "
	s = taskNumberEn.ReplaceAllString(s, " 第${1}项任务 ")
	s = yearEn.ReplaceAllString(s, " ${1}${2}年 ")
	for _, e := range g {
		s = replaceWord(s, e.en, e.zh)
	}
	var unknown []string
	for _, w := range englishWordRe.FindAllString(s, -1) {
		if w != "pm2.5" && w != "r&d" {
			unknown = append(unknown, w)
		}
	}
	return chineseOrder(strings.Fields(s)), unknown
}

// chineseOrder puts the words of a translated question in Chinese order:
// the year first, the question word last (2022年地区生产总值增长目标是多少),
// none for a task or a verdict, which ask by themselves.
func chineseOrder(words []string) string {
	var years, rest []string
	asks := false
	for _, w := range words {
		switch {
		case strings.HasSuffix(w, "年") && len(w) == len("2022年"):
			years = append(years, w)
		case w == "多少":
			asks = true
		default:
			rest = append(rest, w)
		}
	}
	out := strings.Join(years, "") + strings.Join(rest, "")
	if asks && !strings.Contains(out, "任务") && !strings.Contains(out, "吗") && !strings.Contains(out, "有哪些") {
		out += "是多少"
	}
	return out
}

// replaceWord replaces en where it stands as whole words.
func replaceWord(s, en, zh string) string {
	for from := 0; ; {
		i := strings.Index(s[from:], en)
		if i < 0 {
			return s
		}
		i += from
		j := i + len(en)
		if isWordBoundary(s, i-1) && isWordBoundary(s, j) {
			s = s[:i] + " " + zh + " " + s[j:]
			from = i + len(zh) + 2
			continue
		}
		from = j
	}
}

func isWordBoundary(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	c := s[i]
	return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '&' || c == '-')
}
