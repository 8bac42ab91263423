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
	tasks, sections := doc.WorkTasks()
	fmt.Fprintf(m.Stdout, "%s (%s)\n", doc.Title, doc.ID)
	if sections {
		fmt.Fprintln(m.Stdout, m.t("没有编号任务；以下是部署工作的各部分，可按编号查询和订阅：", "no numbered tasks; the sections of its planned work, which can be asked about and followed by number:"))
	}
	for _, t := range tasks {
		where := t.Section.Title
		if t.IsSection() {
			where = t.Part.Title // the part a section stands in
		}
		if where != "" && where != t.Task.Title {
			where = "  〔" + where + "〕"
		} else {
			where = "" // a part standing for a task
		}
		page := ""
		if t.Task.Page > 0 {
			page = fmt.Sprintf(" p%d", t.Task.Page)
		}
		fmt.Fprintf(m.Stdout, "%3d. %s%s%s\n", t.Task.Number, t.Task.Title, where, page)
	}
	if len(tasks) == 0 {
		fmt.Fprintln(m.Stdout, m.t("这份文件没有编号任务。", "this document has no numbered tasks."))
	}
	return nil
}
