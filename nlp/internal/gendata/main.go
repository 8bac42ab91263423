// Command gendata writes the base dictionary nlp takes from gse's
// simplified-Chinese dictionary (data/dict/zh/s_1.txt of the gse version
// go.mod requires, read from the module cache):
//
//	go run ./nlp/internal/gendata          # from the module root
//	go run ./nlp/internal/gendata -check   # exit 1 if the files differ
//
// nlp/data/dict.txt holds its most frequent words. It also writes
// nlp/data/traditional.txt, the characters whose presence means a text
// may need the traditional-to-simplified conversion of the opencc version
// go.mod requires (see the file's header). Run it after upgrading gse or
// opencc. (Place names come from the national division list instead: see
// nlp/gazetteer/internal/gendivisions.)
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	gseModule    = "github.com/go-ego/gse"
	openccModule = "github.com/longbridgeapp/opencc"
)

func main() {
	dictPath := flag.String("dict", "nlp/data/dict.txt", "where to write the base dictionary")
	tradPath := flag.String("traditional", "nlp/data/traditional.txt", "where to write the characters that call for conversion")
	check := flag.Bool("check", false, "only report whether the files are as generated")
	flag.Parse()
	if err := run(*dictPath, *tradPath, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run(dictPath, tradPath string, check bool) error {
	dir, version, err := moduleDir(gseModule)
	if err != nil {
		return err
	}
	words, err := readDict(filepath.Join(dir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		return err
	}
	ccDir, ccVersion, err := moduleDir(openccModule)
	if err != nil {
		return err
	}
	trad, err := traditionalFile(ccDir, ccVersion, dictFile(words, version))
	if err != nil {
		return err
	}
	files := []struct {
		path string
		data []byte
	}{
		{dictPath, dictFile(words, version)},
		{tradPath, trad},
	}
	for _, f := range files {
		if !check {
			if err := os.WriteFile(f.path, f.data, 0o644); err != nil {
				return err
			}
			continue
		}
		old, err := os.ReadFile(f.path)
		if err != nil {
			return err
		}
		if !bytes.Equal(old, f.data) {
			return fmt.Errorf("%s is not what gse %s and opencc %s give: run go run ./nlp/internal/gendata", f.path, version, ccVersion)
		}
	}
	return nil
}

// moduleDir returns the module cache directory and version of the module
// that go.mod requires.
func moduleDir(module string) (dir, version string, err error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", module).Output()
	if err != nil {
		return "", "", fmt.Errorf("find %s in the module cache: %w", module, err)
	}
	dir, version, ok := strings.Cut(strings.TrimSpace(string(out)), " ")
	if !ok || dir == "" {
		return "", "", fmt.Errorf("find %s in the module cache: not downloaded (go mod download %s)", module, module)
	}
	return dir, version, nil
}

// word is one line of gse's dictionary: word, frequency, part of speech.
type word struct {
	text string
	freq int
	pos  string
	line string
}

func readDict(path string) ([]word, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read gse dictionary: %w", err)
	}
	var words []word
	for l := range strings.Lines(string(data)) {
		l = strings.TrimRight(l, "\r\n")
		f := strings.Fields(l)
		if len(f) != 3 {
			return nil, fmt.Errorf("read gse dictionary %s: line %q is not word, frequency, part of speech", path, l)
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			return nil, fmt.Errorf("read gse dictionary %s: line %q: %w", path, l, err)
		}
		words = append(words, word{f[0], n, f[2], l})
	}
	return words, nil
}

// dictSize is how many words the base dictionary keeps: loading all of
// gse's 350,000 costs seconds and >100 MB, and the words plan documents
// need beyond these come from the documents.
const dictSize = 20000

// dictFile is the dictSize most frequent words, most frequent first (ties
// in reverse byte order of the word, as the list was first cut).
func dictFile(words []word, version string) []byte {
	words = slices.Clone(words)
	slices.SortFunc(words, func(x, y word) int {
		return cmp.Or(cmp.Compare(y.freq, x.freq), strings.Compare(y.text, x.text), strings.Compare(x.line, y.line))
	})
	var b bytes.Buffer
	fmt.Fprintf(&b, `# The %d most frequent words of gse's simplified-Chinese dictionary,
# most frequent first: word, frequency, part of speech. From
# %s %s, data/dict/zh/s_1.txt (Apache-2.0; in part
# from jieba, MIT). The whole dictionary (350,000 words) costs seconds
# and >100 MB to load; the words plan documents need beyond these come
# from the documents. Regenerate with: go run ./nlp/internal/gendata
`, dictSize, gseModule, version)
	for _, w := range words[:min(dictSize, len(words))] {
		b.WriteString(w.line + "\n")
	}
	return b.Bytes()
}

// traditionalFile lists the characters without which opencc's t2s
// conversion leaves a text as it is: every character its character table
// changes, and for each phrase it changes that holds none of those (反覆
// → 反复), the phrase's rarest character by the base dictionary's
// frequencies. opencc replaces phrases and characters that stand in the
// text, each by its first value; a text holding none of these characters
// holds no phrase or character it would change.
func traditionalFile(dir, version string, dict []byte) ([]byte, error) {
	freq := map[rune]int{}
	for l := range strings.Lines(string(dict)) {
		if f := strings.Fields(l); len(f) == 3 && utf8.RuneCountInString(f[0]) == 1 {
			n, _ := strconv.Atoi(f[1])
			r, _ := utf8.DecodeRuneInString(f[0])
			freq[r] = n
		}
	}
	chars, err := readConversions(filepath.Join(dir, "dictionary", "TSCharacters.txt"))
	if err != nil {
		return nil, err
	}
	phrases, err := readConversions(filepath.Join(dir, "dictionary", "TSPhrases.txt"))
	if err != nil {
		return nil, err
	}
	set := map[rune]bool{}
	for _, c := range chars {
		for _, r := range c {
			set[r] = true
		}
	}
	for _, p := range phrases {
		if strings.ContainsFunc(p, func(r rune) bool { return set[r] }) {
			continue
		}
		rs := []rune(p)
		rarest := rs[0]
		for _, r := range rs[1:] {
			if freq[r] < freq[rarest] {
				rarest = r
			}
		}
		set[rarest] = true
	}
	runes := slices.Sorted(maps.Keys(set))
	var b bytes.Buffer
	fmt.Fprintf(&b, `# The characters without which opencc's traditional-to-simplified
# conversion (t2s) leaves a text as it is, so that nlp loads and runs it
# only for a text holding one: every character its table changes, and for
# each phrase it changes holding none of those, the phrase's rarest
# character. From %s %s, dictionary/TSCharacters.txt and
# TSPhrases.txt (Apache-2.0). Regenerate with: go run ./nlp/internal/gendata
`, openccModule, version)
	for i, r := range runes {
		b.WriteRune(r)
		if i%64 == 63 || i == len(runes)-1 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes(), nil
}

// readConversions reads an opencc dictionary as its da package does
// (lines up to the last newline, a key and values split at tabs, else
// at spaces) and returns the keys whose first value differs from them.
func readConversions(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read opencc dictionary: %w", err)
	}
	var out []string
	for l := range strings.Lines(string(data)) {
		if !strings.HasSuffix(l, "\n") {
			break // da.Build drops a last line without a newline
		}
		items := strings.Split(strings.TrimSpace(l), "\t")
		if len(items) < 2 {
			continue
		}
		values := items[1:]
		if len(items) == 2 {
			values = strings.Fields(items[1])
		}
		if len(values) == 0 || values[0] != items[0] {
			out = append(out, items[0])
		}
	}
	return out, nil
}
