// Package seeds embeds the documents planbot ships with, so that a fresh
// install answers questions before anything is ingested.
package seeds

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed *.txt
var files embed.FS

// Doc is one embedded seed document.
type Doc struct {
	Name string
	Data []byte
}

// All returns the embedded seed documents in name order.
func All() []Doc {
	names, _ := fs.Glob(files, "*.txt")
	sort.Strings(names)
	out := make([]Doc, 0, len(names))
	for _, n := range names {
		b, _ := files.ReadFile(n)
		out = append(out, Doc{Name: n, Data: b})
	}
	return out
}
