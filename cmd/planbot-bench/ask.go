package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/internal/bench"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/store"
)

// askRounds asks every question once to warm the process (first times
// those first asks, whose reads no cache held), then rounds times timed;
// found counts the questions answered (not "not found"). With cpuprofile
// set, the timed rounds are profiled into that file.
func askRounds(ctx context.Context, e *answer.Engine, qs []string, rounds int, cpuprofile string) (lat, first bench.Stats, found int, err error) {
	var firsts []time.Duration
	for _, q := range qs {
		start := time.Now()
		a, _ := e.Ask(ctx, q)
		firsts = append(firsts, time.Since(start))
		if a.Found {
			found++
		}
	}
	first = bench.Summarise(firsts)
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return bench.Stats{}, bench.Stats{}, 0, err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var ds []time.Duration
	perQ := map[string][]time.Duration{}
	for r := 0; r < rounds; r++ {
		for _, q := range qs {
			start := time.Now()
			if _, err := e.Ask(ctx, q); err != nil {
				return bench.Stats{}, bench.Stats{}, 0, err
			}
			d := time.Since(start)
			ds = append(ds, d)
			perQ[q] = append(perQ[q], d)
		}
	}
	if os.Getenv("PLANBOT_BENCH_SLOWEST") != "" {
		printSlowest(perQ)
	}
	return bench.Summarise(ds), first, found, nil
}

// printSlowest lists the eight questions with the highest median time on
// stderr, for finding what to speed up.
func printSlowest(perQ map[string][]time.Duration) {
	type qd struct {
		q string
		d time.Duration
	}
	var all []qd
	for q, d := range perQ {
		all = append(all, qd{q, bench.Summarise(d).P50})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].d > all[j].d })
	for _, x := range all[:min(8, len(all))] {
		fmt.Fprintf(os.Stderr, "  slowest: %s  %s\n", x.d, x.q)
	}
}

// freshIndex opens a new index in dir with an ingester for it.
func (m *Main) freshIndex(dir string) (*store.DB, *ingest.Ingester, error) {
	db, err := store.Open(dir, store.Options{Logger: m.log})
	if err != nil {
		return nil, nil, err
	}
	an, err := nlp.New(nil)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, ingest.New(db, parse.New(), nlp.New, an, nil), nil
}
