package answer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Floors of TestRealReports, from what planbot reaches (154 of 160): any
// document it reads worse than this, or any confident wrong answer, fails.
const (
	corpusFloor   = 0.92
	documentFloor = 0.80
)

// TestRealReports asks real work reports of other regions their own
// questions, each document in a fresh index, as a user who ingests one
// would: documents planbot was not written for, page clutter included.
func TestRealReports(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests eight documents")
	}
	type question struct {
		gold
		Doc string `json:"doc"`
	}
	data, err := os.ReadFile("testdata/corpus/questions.jsonl")
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
		ev := newEnv(t, filepath.Join("testdata/corpus", doc))
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
	if acc := float64(passed) / float64(total); acc < corpusFloor {
		t.Errorf("%d of %d (%.1f%%), below %.0f%%", passed, total, 100*acc, 100*corpusFloor)
	}
	if wrong > 0 {
		t.Errorf("%d answers given with confidence were wrong", wrong)
	}
}
