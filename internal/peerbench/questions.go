package peerbench

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/planbot/planbot/internal/bench"
)

// Question is one question of a stream and the set it comes from.
type Question struct {
	Set  string // the file it was read from, such as "kinds" or "gold"
	Text string
}

// SeedStream reads the questions about the seed, each once, in order:
// the seed gold set (shared/eval/questions.jsonl and kinds.jsonl, when
// found beside an ancestor of root or at gold), every answer/testdata/*.jsonl
// of the repository at root, then the benchmark questions of
// internal/bench. A question in several sets keeps the first.
func SeedStream(root, gold string) ([]Question, error) {
	var files []string
	if gold == "" {
		gold = findGold(root)
	}
	if gold != "" {
		files = append(files, gold, filepath.Join(filepath.Dir(gold), "kinds.jsonl"))
	}
	local, err := filepath.Glob(filepath.Join(root, "answer", "testdata", "*.jsonl"))
	if err != nil {
		return nil, err
	}
	if len(local) == 0 {
		return nil, fmt.Errorf("no answer/testdata/*.jsonl under %s: is it planbot's repository?", root)
	}
	slices.Sort(local)
	files = append(files, local...)

	var qs []Question
	seen := map[string]bool{}
	add := func(set, q string) {
		if q != "" && !seen[q] {
			seen[q] = true
			qs = append(qs, Question{Set: set, Text: q})
		}
	}
	for _, f := range files {
		texts, err := readJSONL(f)
		if errors.Is(err, fs.ErrNotExist) && f != gold {
			continue // a gold folder without kinds.jsonl
		}
		if err != nil {
			return nil, err
		}
		set := strings.TrimSuffix(filepath.Base(f), ".jsonl")
		if f == gold {
			set = "gold"
		} else if gold != "" && filepath.Dir(f) == filepath.Dir(gold) {
			set = "gold-" + set
		}
		for _, q := range texts {
			add(set, q)
		}
	}
	for _, q := range bench.Questions() {
		add("bench", q)
	}
	return qs, nil
}

// findGold looks for shared/eval/questions.jsonl beside root and each
// of its ancestors (the shared folder sits beside the integrator's
// repository, a level further from a worktree), "" when there is none.
func findGold(root string) string {
	dir, err := filepath.Abs(root)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, "shared", "eval", "questions.jsonl")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// readJSONL returns the "q" of every line of a question file.
func readJSONL(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var rec struct {
			Q string `json:"q"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, rec.Q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

// FindRoot returns the planbot repository holding dir: the nearest
// ancestor with answer/testdata.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "answer", "testdata")); err == nil && st.IsDir() {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%s is not inside planbot's repository (no answer/testdata above it)", dir)
		}
	}
}

// IndexStreams are the questions about an index that `planbot-bench
// --docs N` generated, chosen as planbot-bench chooses them: naming a
// region and year, for every 97th document (shuffled the same way, at
// most 240), and the same questions naming no region (distinct, sorted).
func IndexStreams(p *Planbot) (named, bare []Question) {
	var docs []bench.Doc
	for i, d := range p.DB.Catalog().Docs {
		if i%97 == 0 {
			docs = append(docs, bench.Doc{Region: d.Region, ReportYear: d.ReportYear})
		}
	}
	var texts []string
	for _, d := range docs {
		texts = append(texts, bench.QuestionsFor(d)...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
	for _, q := range texts[:min(240, len(texts))] {
		named = append(named, Question{Set: "named", Text: q})
	}
	var bareTexts []string
	for _, d := range docs {
		for _, q := range bench.QuestionsFor(bench.Doc{ReportYear: d.ReportYear}) {
			if !slices.Contains(bareTexts, q) {
				bareTexts = append(bareTexts, q)
			}
		}
	}
	slices.Sort(bareTexts)
	for _, q := range bareTexts {
		bare = append(bare, Question{Set: "bare", Text: q})
	}
	return named, bare
}
