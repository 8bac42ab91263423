// Package testindex opens real indexes for other packages' tests: badger
// on disk in the test's temp dir, filled by the real parser and ingester,
// so no test stands on a mock of the storage.
package testindex

import (
	"context"
	"os"
	"testing"

	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/seeds"
	"github.com/planbot/planbot/store"
)

// Open returns an empty index in a temp dir, closed when the test ends,
// and an ingester for it.
func Open(t testing.TB) (*store.DB, *ingest.Ingester) {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	an, err := nlp.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return db, ingest.New(db, parse.New(), nlp.New, an, nil)
}

// Seeded returns an index holding the embedded seed documents, then the
// files at paths.
func Seeded(t testing.TB, paths ...string) (*store.DB, *ingest.Ingester) {
	t.Helper()
	db, in := Open(t)
	for _, d := range seeds.All() {
		Ingest(t, in, d.Name, d.Data)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		Ingest(t, in, p, data)
	}
	return db, in
}

// Ingest ingests one document, failing the test if it is refused.
func Ingest(t testing.TB, in *ingest.Ingester, name string, data []byte) ingest.Report {
	t.Helper()
	rep, err := in.Ingest(context.Background(), name, data, parse.Options{})
	if err != nil {
		t.Fatalf("ingest %s: %v", name, err)
	}
	return rep
}
