package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchIndex builds an index of 24 documents of 256 KB for the checksum
// benchmarks.
func benchIndex(b *testing.B) string {
	dir := b.TempDir()
	db, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for i := range 24 {
		ix := bigDoc(fmt.Sprintf("doc%d", i), []string{"甲区", "乙区", "丙区"}[i%3], 256<<10, uint64(i))
		if _, err := db.Put(context.Background(), ix, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// What verifying checksums costs: opening (every table read), and
// reading (every block read from disk rather than the cache, every value
// from the log).
func BenchmarkChecksums(b *testing.B) {
	dir := benchIndex(b)
	var tables, logs int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, _ := e.Info()
		switch filepath.Ext(e.Name()) {
		case ".sst":
			tables += info.Size()
		case ".vlog":
			logs += info.Size()
		}
	}
	b.Logf("%d KB of tables, %d KB of value log", tables>>10, logs>>10)
	for _, verify := range []bool{false, true} {
		opt := Options{skipChecksums: !verify, CacheMB: 1}
		name := map[bool]string{false: "unverified", true: "verified"}[verify]
		b.Run("open/"+name, func(b *testing.B) {
			for b.Loop() {
				db, err := Open(dir, opt)
				if err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
		b.Run("question/"+name, func(b *testing.B) {
			db, err := Open(dir, opt)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			words := bigDoc("w", "", 64<<10, 99).Terms
			rng := rand.New(rand.NewPCG(1, 1))
			ctx := context.Background()
			for b.Loop() {
				// A question: statistics of a few terms, their postings,
				// the sentences they point at.
				terms := words[rng.IntN(len(words))][:4]
				err := db.Read(func(r *Reader) error {
					if _, _, err := r.DocFreq(terms, nil); err != nil {
						return err
					}
					var refs []SentRef
					for _, t := range terms {
						dps, err := r.DocPostings(ctx, nil, nil, t, 200)
						if err != nil {
							return err
						}
						for _, dp := range dps {
							for _, s := range dp.Sentences {
								refs = append(refs, SentRef{DocID: dp.DocID, Version: dp.Version, Sentence: s})
							}
						}
					}
					_, err := r.Sentences(ctx, refs[:min(len(refs), 50)])
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("document/"+name, func(b *testing.B) {
			db, err := Open(dir, opt)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			i := 0
			for b.Loop() {
				if _, err := db.Document(context.Background(), fmt.Sprintf("doc%d", i%24), 0); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

func BenchmarkVerifyTables(b *testing.B) {
	dir := benchIndex(b)
	opt := badgerOptions(dir, Options{})
	for b.Loop() {
		if err := verifyTables(dir, opt, true); err != nil {
			b.Fatal(err)
		}
	}
}
