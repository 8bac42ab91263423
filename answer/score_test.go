package answer

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/nlp"
)

// Scoring only the facts a caller may read gives that caller what scoring
// every fact gives: the bound it rests on (a fit never raises a score)
// holds for every question of the test sets. Readings of a question as a
// target or a result sharing what its words cover score as each alone.
func TestBoundedScoringKeepsWhatIsRead(t *testing.T) {
	texts, _ := filepath.Glob("testdata/*.txt")
	db, in := testindex.Seeded(t, texts...)
	e := New(db, in.Analyzer())
	e.Now = func() time.Time { return time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	an, cat := e.Analyzer(), db.Catalog()
	sets, _ := filepath.Glob("testdata/*.jsonl")
	asked := 0
	for _, set := range sets {
		for _, question := range questionsOf(t, set) {
			q, _ := e.analyze(an, question, cat)
			scope := e.scope(q, cat).search
			recs, st := e.retrieve(ctx, q, scope)
			if len(recs) == 0 {
				continue
			}
			var cov covered // shared by the readings, as targetAndResult shares it
			for _, v := range []nlp.Question{q, asTarget(q), asResult(q)} {
				v.Kind = nlp.AskFigure
				full := scoreCandidates(v, scope, recs, st, an, nil, nil)
				if len(full) == 0 {
					continue
				}
				asked++
				best := scoreCandidates(v, scope, recs, st, an, readsBest, nil)
				if !sameScored(best[0], full[0]) {
					t.Errorf("%s: best %+v, scoring every fact %+v", question, best[0], full[0])
				}
				if shared := scoreCandidates(v, scope, recs, st, an, readsBest, &cov); !sameScored(shared[0], full[0]) {
					t.Errorf("%s: best with coverage shared %+v, scoring every fact %+v", question, shared[0], full[0])
				}
				if got, want := searched(scoreCandidates(v, scope, recs, st, an, searchReads, nil)), searched(full); !slices.EqualFunc(got, want, sameScored) {
					t.Errorf("%s: items %+v, scoring every fact %+v", question, got, want)
				}
			}
		}
	}
	if asked < 100 {
		t.Fatalf("only %d questions scored", asked)
	}
}

// searched is what search reads of all: the items it gives.
func searched(all []scored) []scored {
	promoteAmount(all)
	var out []scored
	distinct(all, func(s scored) { out = append(out, s) })
	return out
}

func sameScored(a, b scored) bool {
	return a.c == b.c && a.fact == b.fact && a.score == b.score && a.coverage == b.coverage && a.missing == b.missing && a.mismatch == b.mismatch
}

func questionsOf(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct{ Q string }
		if json.Unmarshal(sc.Bytes(), &l) == nil && l.Q != "" {
			out = append(out, l.Q)
		}
	}
	return out
}
