package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2/z"
)

// Every table is verified before badger opens the index, here rather
// than by badger's own verification at open (options.OnTableRead):
// badger verifies tables in goroutines of its own, where a damaged block
// dereferences nil (table.VerifyChecksum reads the offset of the block
// it failed to read) and a damaged footer panics, killing the process
// instead of failing the open. Here the same checks run where a panic
// can be recovered and reported. badger then verifies each block as it
// reads it (options.OnBlockRead).

// verifyTables checks that every table the manifest lists is there and
// that each of its blocks, and its index, match their checksums.
func verifyTables(dir string, opt badger.Options) error {
	f, err := os.Open(filepath.Join(dir, badger.ManifestFilename))
	if err != nil {
		return err
	}
	mf, _, err := badger.ReplayManifestFile(f, opt.ExternalMagicVersion, opt)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", badger.ManifestFilename, err)
	}
	for _, id := range slices.Sorted(mapKeys(mf.Tables)) {
		if err := verifyTable(table.NewFilename(id, dir), mf.Tables[id].Compression, opt); err != nil {
			return err
		}
	}
	return nil
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// verifyTable reads one table and verifies it. The table is read into
// memory rather than mapped, and never closed through badger: OpenTable
// closes its file on some failures and not others, and the table's own
// DecrRef deletes the file.
func verifyTable(path string, compression options.CompressionType, opt badger.Options) (err error) {
	name := filepath.Base(path)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("table %s does not parse: %v: %w", name, r, ErrCorrupt)
		}
	}()
	fd, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	defer fd.Close()
	data, err := io.ReadAll(fd)
	if err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	_, err = table.OpenTable(&z.MmapFile{Data: data, Fd: fd}, table.Options{
		ReadOnly:    true,
		BlockSize:   opt.BlockSize,
		ChkMode:     options.OnTableRead,
		Compression: compression,
	})
	if err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	return nil
}
