// Package storetest generates random ingest histories for property
// tests of the index: whatever the history, the index must answer as a
// fresh one built from the versions that are current at its end. A
// history is a list of steps over a few documents, each of which the
// test has in a few variants (distinct bytes, each a small edit of the
// one before); Current says which variant of each document answers after
// it. store's tests replay histories against the store itself; tests of
// ingest and cmd can replay the same histories through their own layers.
package storetest

import (
	"fmt"
	"math/rand/v2"
)

// Op is what a step does.
type Op int

const (
	// Put ingests a variant of a document.
	Put Op = iota
	// Fail is an ingest that fails before the variant is made current
	// (a cancelled context, a write error): nothing changes.
	Fail
	// Crash is an ingest during which the process dies, at point At; the
	// test closes and reopens the index there.
	Crash
)

// Crash points, in the order an ingest passes them.
const (
	// BeforeSwitch: staged but not yet current; the old version answers.
	BeforeSwitch = iota
	// AfterSwitch: current, its statistics not yet folded in.
	AfterSwitch
	// WhileFolding: current, part of its statistics folded in.
	WhileFolding
	// CrashPoints counts the points.
	CrashPoints
)

// Step is one step of a history.
type Step struct {
	Op      Op
	Doc     int // 0 … Config.Docs-1
	Variant int // 0 … Config.Variants-1
	At      int // for Crash: where the process dies
}

func (s Step) String() string {
	switch s.Op {
	case Fail:
		return fmt.Sprintf("fail(d%d v%d)", s.Doc, s.Variant)
	case Crash:
		return fmt.Sprintf("crash(d%d v%d @%d)", s.Doc, s.Variant, s.At)
	}
	return fmt.Sprintf("put(d%d v%d)", s.Doc, s.Variant)
}

// Config shapes the histories Generate makes.
type Config struct {
	Docs, Variants, Steps int
	// Crashes allows Crash steps, for tests that can kill an ingest
	// part-way; without it failures are Fail steps only.
	Crashes bool
}

// Generate returns a random history: puts of a document's current
// variant again (identical bytes), of a small edit of it (the next or
// previous variant), of any variant (an older file read again, another
// document), failed puts and, when allowed, crashes.
func Generate(rng *rand.Rand, c Config) []Step {
	cur := make([]int, c.Docs)
	for i := range cur {
		cur[i] = -1
	}
	out := make([]Step, 0, c.Steps)
	for range c.Steps {
		d := rng.IntN(c.Docs)
		v := rng.IntN(c.Variants)
		if cur[d] >= 0 {
			switch r := rng.IntN(10); {
			case r < 2: // the same bytes again
				v = cur[d]
			case r < 6: // a small edit
				v = min(max(cur[d]+1-2*rng.IntN(2), 0), c.Variants-1)
			}
		}
		st := Step{Op: Put, Doc: d, Variant: v}
		switch r := rng.IntN(10); {
		case r == 0:
			st.Op = Fail
		case r == 1 && c.Crashes:
			st.Op, st.At = Crash, rng.IntN(CrashPoints)
		}
		out = append(out, st)
		if stored(st) && (cur[d] < 0 || v != cur[d]) {
			cur[d] = v // approximate: Current applies the no-rollback rule
		}
	}
	return out
}

// stored reports a step that makes its variant current when it is not
// the current one or an earlier one.
func stored(s Step) bool {
	return s.Op == Put || s.Op == Crash && s.At >= AfterSwitch
}

// Current returns the variant of each document that answers after the
// history: a document's first stored variant, then any variant not
// stored before (bytes identical to the current version, or to an
// earlier one, change nothing: an older file read again never rolls a
// document back). Documents never stored are absent.
func Current(steps []Step) map[int]int {
	cur := map[int]int{}
	seen := map[[2]int]bool{}
	for _, s := range steps {
		if !stored(s) || seen[[2]int{s.Doc, s.Variant}] {
			continue
		}
		seen[[2]int{s.Doc, s.Variant}] = true
		cur[s.Doc] = s.Variant
	}
	return cur
}
