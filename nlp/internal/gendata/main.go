// Command gendata writes the base dictionary nlp takes from gse's
// simplified-Chinese dictionary (data/dict/zh/s_1.txt of the gse version
// go.mod requires, read from the module cache):
//
//	go run ./nlp/internal/gendata          # from the module root
//	go run ./nlp/internal/gendata -check   # exit 1 if the files differ
//
// nlp/data/dict.txt holds its most frequent words. Run it after upgrading
// gse. (Place names come from the national division list instead: see
// nlp/gazetteer/internal/gendivisions.)
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const gseModule = "github.com/go-ego/gse"

func main() {
	dictPath := flag.String("dict", "nlp/data/dict.txt", "where to write the base dictionary")
	check := flag.Bool("check", false, "only report whether the files are as generated")
	flag.Parse()
	if err := run(*dictPath, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}

func run(dictPath string, check bool) error {
	dir, version, err := gseDir()
	if err != nil {
		return err
	}
	words, err := readDict(filepath.Join(dir, "data", "dict", "zh", "s_1.txt"))
	if err != nil {
		return err
	}
	files := []struct {
		path string
		data []byte
	}{
		{dictPath, dictFile(words, version)},
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
			return fmt.Errorf("%s is not what gse %s gives: run go run ./nlp/internal/gendata", f.path, version)
		}
	}
	return nil
}

// gseDir returns the module cache directory and version of the gse that
// go.mod requires.
func gseDir() (dir, version string, err error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", gseModule).Output()
	if err != nil {
		return "", "", fmt.Errorf("find %s in the module cache: %w", gseModule, err)
	}
	dir, version, ok := strings.Cut(strings.TrimSpace(string(out)), " ")
	if !ok || dir == "" {
		return "", "", fmt.Errorf("find %s in the module cache: not downloaded (go mod download %s)", gseModule, gseModule)
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
