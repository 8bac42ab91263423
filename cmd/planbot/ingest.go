package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
)

func (m *Main) runIngest(ctx context.Context, args []string) error {
	fs := m.flags("ingest", "[--id ID] [--region REGION] FILE...")
	id := fs.String("id", "", "document ID (default: region/years/genre, so a corrected copy replaces the old one)")
	region := fs.String("region", "", "region the document covers, when its title does not say")
	maxMB := fs.Int("max-size", parse.DefaultMaxBytes>>20, "largest document accepted, in MB")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return plan.Errorf(plan.EINVALID, "name at least one file to ingest")
	}
	if *id != "" && len(pos) > 1 {
		return plan.Errorf(plan.EINVALID, "--id names one document; ingest the files one at a time")
	}
	if err := m.open(ctx, false); err != nil {
		return err
	}
	m.lib.Ingester.Parser.MaxBytes = *maxMB << 20
	big := false // show each stage of documents that take a while
	m.lib.Ingester.Progress = func(name, stage string) {
		if big || len(pos) > 1 {
			fmt.Fprintf(m.Stderr, "  %s: %s…\n", name, stage)
		}
	}
	failed := 0
	for i, path := range pos {
		if len(pos) > 1 {
			fmt.Fprintf(m.Stderr, "[%d/%d] %s…\n", i+1, len(pos), path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(m.Stderr, "planbot: read %s: %v\n", path, err)
			failed++
			continue
		}
		big = len(data) > 1<<20
		res, err := m.lib.Add(ctx, path, data, parse.Options{ID: *id, Region: *region})
		var nr *library.NotRecorded
		switch {
		case errors.As(err, &nr):
			fmt.Fprintf(m.Stderr, "planbot: warning: %v\n", err)
		case err != nil:
			fmt.Fprintf(m.Stderr, "planbot: %v\n", err)
			failed++
			continue
		}
		fmt.Fprintln(m.Stdout, res.String())
		for _, n := range res.Notes() {
			fmt.Fprintf(m.Stdout, "  note: %s\n", n)
		}
		if res.Changes > 0 || res.Queued > 0 {
			fmt.Fprintf(m.Stdout, "  %d changes against earlier documents (planbot diff %s); %d notices queued for subscribers, sent by planbot serve\n", res.Changes, res.ID, res.Queued)
		}
	}
	if failed < len(pos) {
		// Replaced versions leave dead records in the value log.
		if _, err := m.db.ReclaimSpace(ctx); err != nil {
			m.logger().Warn("index space not reclaimed; it will be at the next ingest", "err", err)
		}
	}
	if failed > 0 {
		return plan.Errorf(plan.EINVALID, "%d of %d files not ingested; the index holds the rest, and its earlier content is unchanged", failed, len(pos))
	}
	return nil
}
