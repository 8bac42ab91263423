package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/store/storetest"
)

// historyDocs are the documents the histories are made of: the seed and
// two real work reports, each in variants that differ a little (a
// paragraph broken differently, a figure changed), as corrected copies do.
var historyDocs = []string{
	seedPath,
	"../answer/testdata/corpus/henan_2026_gwr.txt",
	"../answer/testdata/corpus/xizang_2026_gwr.txt",
}

const historyVariants = 3

// variant is the v-th version of a document: v blank lines after its
// first sentence, and from the second on, its first percentage raised by
// a tenth (an edit that changes an answer).
func variant(data []byte, v int) []byte {
	s := string(data)
	if i := strings.Index(s, "。"); i >= 0 && v > 0 {
		s = s[:i+len("。")] + strings.Repeat("\n", v) + s[i+len("。"):]
	}
	if v >= 2 {
		s = strings.Replace(s, "%", "1%", 1)
	}
	return []byte(s)
}

// historyQuestions are asked of both indexes: each document's own.
func historyQuestions(t *testing.T) []string {
	t.Helper()
	var qs []string
	for _, f := range []string{"../answer/testdata/paraphrases.jsonl", "../answer/testdata/corpus/questions.jsonl"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			var g struct {
				Q   string `json:"q"`
				Doc string `json:"doc"`
			}
			if json.Unmarshal(sc.Bytes(), &g) == nil && (g.Doc == "" || strings.Contains(historyDocs[1]+historyDocs[2], g.Doc)) {
				qs = append(qs, g.Q)
			}
		}
	}
	return qs
}

// TestHistoriesAnswerAsFresh replays random histories of ingests — new
// documents, corrected copies, identical bytes again, older copies again,
// ingests that fail — and checks that the index then answers every
// question exactly as a fresh index given only the current versions.
func TestHistoriesAnswerAsFresh(t *testing.T) {
	histories, steps := 4, 10
	if testing.Short() {
		histories, steps = 1, 6
	}
	var docs [][]byte
	for _, p := range historyDocs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, data)
	}
	questions := historyQuestions(t)
	rng := rand.New(rand.NewPCG(7, 11))
	for h := range histories {
		history := storetest.Generate(rng, storetest.Config{Docs: len(docs), Variants: historyVariants, Steps: steps})
		t.Run(fmt.Sprint(h), func(t *testing.T) {
			replayed := answerer(t)
			for _, st := range history {
				ctx := context.Background()
				if st.Op == storetest.Fail {
					c, cancel := context.WithCancel(ctx)
					cancel()
					ctx = c
				}
				replayed.add(ctx, t, st.Doc, variant(docs[st.Doc], st.Variant))
			}
			fresh := answerer(t)
			for d, v := range storetest.Current(history) {
				fresh.add(context.Background(), t, d, variant(docs[d], v))
			}
			for _, q := range questions {
				if a, b := replayed.ask(t, q), fresh.ask(t, q); a != b {
					t.Errorf("history %v: %q\nreplayed: %s\n   fresh: %s", history, q, a, b)
				}
			}
		})
	}
}

// historyIndex is an index with its ingester and engine.
type historyIndex struct {
	in *ingest.Ingester
	e  *answer.Engine
}

func answerer(t *testing.T) *historyIndex {
	db, in := testindex.Open(t)
	e := answer.New(db, in.Analyzer())
	e.Now = func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }
	return &historyIndex{in, e}
}

// add ingests one document's bytes; a cancelled context makes it fail,
// leaving the index as it was.
func (x *historyIndex) add(ctx context.Context, t *testing.T, doc int, data []byte) {
	_, err := x.in.Ingest(ctx, fmt.Sprintf("doc%d.txt", doc), data, parse.Options{})
	if err != nil && ctx.Err() == nil {
		t.Fatal(err)
	}
	x.e.SetAnalyzer(x.in.Analyzer())
}

// ask answers q as JSON, without what differs between indexes by history
// alone: version numbers and timing.
func (x *historyIndex) ask(t *testing.T, q string) string {
	a, err := x.e.Ask(context.Background(), q)
	if err != nil {
		return "error: " + err.Error()
	}
	a.Elapsed = 0
	for i := range a.Answers {
		a.Answers[i].Version = 0
	}
	b, _ := json.Marshal(a)
	return string(b)
}
