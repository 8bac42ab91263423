//go:build !linux

package store

import "os"

// dropCached does nothing here: see pages_linux.go.
func dropCached(*os.File) {}

// AdviseRandomReads does nothing here: see pages_linux.go.
func (s *DB) AdviseRandomReads() error { return nil }
