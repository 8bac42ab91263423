package main

import (
	"context"
	"fmt"

	"github.com/planbot/planbot/plan"
)

// runTasks lists the numbered tasks of a document: the one named, or the
// newest plan (the document /plan tasks and /plan subscribe 20 mean).
func (m *Main) runTasks(ctx context.Context, args []string) error {
	fs := m.flags("tasks", "[DOC]")
	pos, err := m.parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	var id string
	switch {
	case len(pos) > 0:
		id = pos[0]
	default:
		// The same document /plan tasks and /plan subscribe 20 mean.
		newest, ok := m.db.Catalog().NewestPlan(m.engine.DefaultRegion)
		if !ok {
			return plan.Errorf(plan.ENOTFOUND, "no documents in the index; add one with planbot ingest FILE")
		}
		id = newest.ID
	}
	doc, err := m.db.Document(ctx, id, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s (%s)\n", doc.Title, doc.ID)
	for _, t := range doc.Tasks() {
		fmt.Fprintf(m.Stdout, "%3d. %s  〔%s〕 p%d\n", t.Task.Number, t.Task.Title, t.Section.Title, t.Task.Page)
	}
	return nil
}
