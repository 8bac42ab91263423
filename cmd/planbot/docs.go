package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/planbot/planbot/plan"
)

// runDocs lists the documents in the index.
func (m *Main) runDocs(ctx context.Context, args []string) error {
	fs := m.flags("docs", "[--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	docs := m.db.Documents()
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(docs)
	}
	tw := tabwriter.NewWriter(m.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tREGION\tGENRE\tYEARS\tVERSION\tFACTS\tTITLE")
	for _, d := range docs {
		cur := d.Current()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d→%d\tv%d\t%d\t%s\n", d.ID, d.Region, plan.GenreLabel(d.Genre), d.ReportYear, d.PlanYear, d.Version, cur.Facts, d.Title)
	}
	return tw.Flush()
}
