// Package testlong says whether the exhaustive variants of the fault and
// scale tests run. By default `go test ./...` runs each property a few
// times, enough to catch a regression on a slow CI machine in minutes;
// PLANBOT_LONG_TESTS=1 runs them as many times as when they were written
// (kill loops, bit flips, random histories, big documents).
package testlong

import (
	"os"
	"testing"
)

// Env is the variable that turns the long runs on.
const Env = "PLANBOT_LONG_TESTS"

// Enabled reports whether the long runs were asked for (and -short was not).
func Enabled() bool {
	return !testing.Short() && os.Getenv(Env) != ""
}

// Pick returns long when the long runs are enabled, short under -short,
// and normal otherwise.
func Pick[T any](short, normal, long T) T {
	switch {
	case testing.Short():
		return short
	case Enabled():
		return long
	}
	return normal
}
