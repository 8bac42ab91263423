package bench

import (
	"context"
	"testing"

	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/store"
)

// BenchmarkIngestGenerated ingests generated documents, each of another
// region: the path a province-wide corpus takes.
func BenchmarkIngestGenerated(b *testing.B) {
	g := generator(b)
	db, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	an, _ := nlp.New(nil)
	in := ingest.New(db, parse.New(), nlp.New, an, nil)
	i := 0
	for b.Loop() {
		d := g.Doc(i)
		i++
		if _, err := in.Ingest(context.Background(), d.Name, d.Data, parse.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
