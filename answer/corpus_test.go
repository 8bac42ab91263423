package answer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Floors of TestRealReports, below what planbot reaches on each set: any
// set read worse than its floor, any document worse than documentFloor,
// or any confident wrong answer, fails.
var realSets = []struct {
	dir   string
	floor float64
}{
	{"testdata/corpus", 0.95},    // work reports: 1,775 of 1,815
	{"testdata/bulletins", 0.95}, // statistical bulletins: 124 of 125
}

const documentFloor = 0.80

// TestRealReports asks real documents of other regions and genres their
// own questions, each document in a fresh index, as a user who ingests
// one would: documents planbot was not written for, page clutter included.
func TestRealReports(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests fifty-one documents")
	}
	for _, set := range realSets {
		t.Run(filepath.Base(set.dir), func(t *testing.T) { askRealSet(t, set.dir, set.floor) })
	}
}

func askRealSet(t *testing.T, dir string, floor float64) {
	type question struct {
		gold
		Doc string `json:"doc"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "questions.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	byDoc := map[string][]gold{}
	var docs []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var q question
		if err := json.Unmarshal([]byte(l), &q); err != nil {
			t.Fatal(err)
		}
		if _, ok := byDoc[q.Doc]; !ok {
			docs = append(docs, q.Doc)
		}
		byDoc[q.Doc] = append(byDoc[q.Doc], q.gold)
	}
	total, passed, wrong := 0, 0, 0
	for _, doc := range docs {
		ev := newEnv(t, filepath.Join(dir, doc))
		ev.e.Now = func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
		ok := 0
		for _, g := range byDoc[doc] {
			a := ev.ask(t, g.Q)
			why := check(g, a)
			if why == "" {
				ok++
				continue
			}
			if a.Found {
				wrong++
			}
			t.Logf("%s: %s: %s", doc, g.Q, why)
		}
		total, passed = total+len(byDoc[doc]), passed+ok
		if acc := float64(ok) / float64(len(byDoc[doc])); acc < documentFloor {
			t.Errorf("%s: %d of %d (%.0f%%), below %.0f%%", doc, ok, len(byDoc[doc]), 100*acc, 100*documentFloor)
		}
	}
	t.Logf("%d of %d answered right, %d confidently wrong", passed, total, wrong)
	if acc := float64(passed) / float64(total); acc < floor {
		t.Errorf("%d of %d (%.1f%%), below %.0f%%", passed, total, 100*acc, 100*floor)
	}
	if wrong > 0 {
		t.Errorf("%d answers given with confidence were wrong", wrong)
	}
}
