package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

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
// that each of its blocks, and its index, match their checksums; with
// full unset, only what badger reads of a table to open it (its index,
// its last block), for a salvage.
func verifyTables(dir string, opt badger.Options, full bool) error {
	f, err := os.Open(filepath.Join(dir, badger.ManifestFilename))
	if err != nil {
		return err
	}
	mf, _, err := badger.ReplayManifestFile(f, opt.ExternalMagicVersion, opt)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", badger.ManifestFilename, err)
	}
	ids := slices.Sorted(mapKeys(mf.Tables))
	errs := make([]error, len(ids))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ids)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(ids); i = int(next.Add(1) - 1) {
				errs[i] = verifyTable(table.NewFilename(ids[i], dir), mf.Tables[ids[i]].Compression, opt, full)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
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
func verifyTable(path string, compression options.CompressionType, opt badger.Options, full bool) (err error) {
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
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	check := options.OnTableRead
	if !full {
		check = options.OnBlockRead
	}
	_, err = table.OpenTable(&z.MmapFile{Data: data, Fd: fd}, table.Options{
		ReadOnly:    true,
		BlockSize:   opt.BlockSize,
		ChkMode:     check,
		Compression: compression,
	})
	if err != nil {
		return fmt.Errorf("table %s: %w", name, err)
	}
	return nil
}
