package answer

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
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

// Scoring a question gives what it gives whatever was scored before it:
// what a matcher keeps from one question to the next (the dictionary's
// answers, the words taken out of subjects, its slots of contexts) serves
// only the words it was found for. Each question is scored after another
// one and after its own readings as a target and a result, which share
// its words, and some by a new matcher.
func TestScoringIgnoresEarlierQuestions(t *testing.T) {
	set := scoringSet(t)
	var asked []scoringQuestion
	for _, a := range set.asked {
		for _, v := range []nlp.Question{a.q, asTarget(a.q), asResult(a.q)} {
			a.q = v
			asked = append(asked, a)
		}
	}
	score := func(a scoringQuestion) []scored { return scoreCandidates(a.q, a.scope, a.recs, a.st, set.an, nil, nil) }
	first := make([][]scored, len(asked))
	for i, a := range asked {
		first[i] = score(a)
	}
	for i := len(asked) - 1; i >= 0; i-- {
		if got := score(asked[i]); !slices.EqualFunc(got, first[i], sameScored) {
			t.Errorf("%s: scored after other questions, not as before", asked[i].q.Text)
		}
	}
	for i := 0; i < len(asked); i += 23 {
		runtime.GC() // twice empties the pool of matchers: a new one scores
		runtime.GC()
		if got := score(asked[i]); !slices.EqualFunc(got, first[i], sameScored) {
			t.Errorf("%s: scored by a new matcher, not as after other questions", asked[i].q.Text)
		}
	}
}

// holdsID, which skips by a set of the text's characters the words a text
// cannot hold, finds what holds finds, for every question word in every
// fact's subject, own words and clause.
func TestHoldsIDFindsWhatHoldsFinds(t *testing.T) {
	set := scoringSet(t)
	checked := 0
	for _, a := range set.asked {
		m := newMatcher(a.q, a.st, set.an)
		for _, c := range a.recs {
			for j := range c.facts {
				ff := &c.facts[j]
				for id, w := range m.words {
					for _, in := range []struct {
						text string
						set  *smallRuneSet
					}{{ff.subject, &ff.subjectSet}, {ff.own, &ff.ownSet}, {ff.clause, &ff.clauseSet}} {
						if got, want := m.holdsID(in.text, in.set, id), m.holds(in.text, w); got != want {
							t.Errorf("%s: holdsID(%q, %q) = %v, holds %v", a.q.Text, in.text, w, got, want)
						}
						checked++
					}
				}
			}
		}
		m.release()
	}
	if checked < 10000 {
		t.Fatalf("only %d words checked", checked)
	}
}

// stripAll removes the words as a strings.ReplaceAll of each in turn does.
func TestStripAll(t *testing.T) {
	words := []string{"增加值", "工业", "增长", "业增", "长", "", "gdp"}
	for _, s := range []string{"", "规上工业增加值增长", "工业增长", "业增长率", "万元gdp水耗", "增增长长", "长长", "其他"} {
		want := s
		for _, w := range words {
			if w != "" {
				want = strings.ReplaceAll(want, w, "")
			}
		}
		if got := stripAll(s, newWordList(words)); got != want {
			t.Errorf("stripAll(%q) = %q, want %q", s, got, want)
		}
	}
}

// scoringSet is every question of the test sets over the test texts, with
// the candidates each retrieves, for scoring alone.
type scoringQuestions struct {
	an    *nlp.Analyzer
	asked []scoringQuestion
}

type scoringQuestion struct {
	q     nlp.Question
	scope Scope
	recs  []*candidate
	st    stats
}

func scoringSet(tb testing.TB) scoringQuestions {
	tb.Helper()
	texts, _ := filepath.Glob("testdata/*.txt")
	db, in := testindex.Seeded(tb, texts...)
	e := New(db, in.Analyzer())
	e.Now = func() time.Time { return time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC) }
	ctx := context.Background()
	an, cat := e.Analyzer(), db.Catalog()
	set := scoringQuestions{an: an}
	sets, _ := filepath.Glob("testdata/*.jsonl")
	for _, path := range sets {
		for _, question := range questionsOf(tb, path) {
			q, _ := e.analyze(an, question, cat)
			q.Kind = nlp.AskFigure
			scope := e.scope(q, cat).search
			if recs, st := e.retrieve(ctx, q, scope); len(recs) > 0 {
				set.asked = append(set.asked, scoringQuestion{q, scope, recs, st})
			}
		}
	}
	if len(set.asked) < 100 {
		tb.Fatalf("only %d questions retrieve anything", len(set.asked))
	}
	return set
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

// A fitting candidate a little below a best of the other kind than asked
// (or a rate for an amount) answers; one far below, or behind a best of
// another indicator, does not.
func TestPromoteFitting(t *testing.T) {
	fit := scored{score: 0.884, coverage: 0.91, mismatch: fits}
	for _, tt := range []struct {
		best scored
		want bool
	}{
		{scored{score: 0.92, coverage: 1, mismatch: wrongKind}, true},
		{scored{score: 0.92, coverage: 1, mismatch: rateForAmount}, true},
		{scored{score: 1.2, coverage: 1, mismatch: wrongKind}, false},
		{scored{score: 0.92, coverage: 1, mismatch: otherIndicator}, false},
	} {
		all := []scored{tt.best, fit}
		promoteAmount(all)
		if got := all[0] == fit; got != tt.want {
			t.Errorf("best %+v: promoted %v; want %v", tt.best, got, tt.want)
		}
	}
}
