package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// runReindex indexes every stored document again. On a sound index it
// does so in place and then repairs what interrupted writes left. On a
// damaged one (it fails its checksums) it rebuilds: a new index beside
// it gets the documents and the people's state (subscriptions, digests,
// feedback, …) that can still be read, then takes the index's place; the
// damaged directory is kept beside it, renamed, for a backup restore or
// a closer look.
func (m *Main) runReindex(ctx context.Context, args []string) error {
	fs := m.flags("reindex", "")
	if _, err := m.parseArgs(fs, args); err != nil {
		return err
	}
	err := m.open(ctx, false)
	switch {
	case errors.Is(err, errIndexBusy):
		return err
	case plan.ErrorCode(err) == plan.ECORRUPT:
		fmt.Fprintf(m.Stdout, "%s\n", m.t("索引已损坏，用其中完好的内容重建：", "The index is damaged; rebuilding it from what can still be read: ")+err.Error())
		return m.rebuild(ctx)
	case err != nil:
		return err
	}
	start := time.Now()
	n, err := m.lib.Reindex(ctx)
	if err != nil {
		return err
	}
	rep, err := m.db.Repair(ctx)
	if err != nil {
		return fmt.Errorf("repair index %s: %w", m.DBDir, err)
	}
	fmt.Fprintf(m.Stdout, m.t("已重新索引 %d 份文件（%v）；清除 %d 个残留键，更正 %d 项统计。\n", "Indexed %d documents again (%v); removed %d leftover keys, corrected %d statistics.\n"),
		n, time.Since(start).Round(time.Millisecond), rep.Leftovers, rep.Counters)
	return nil
}

// rebuild makes a new index from a damaged one and puts it in its place.
func (m *Main) rebuild(ctx context.Context) error {
	old, err := m.salvage()
	if err != nil {
		return err
	}
	defer old.Close()
	stamp := time.Now().UTC().Format("20060102-150405")
	fresh := m.DBDir + ".rebuild-" + stamp
	nw, err := store.Open(fresh, store.Options{Logger: m.logger()})
	if err != nil {
		return err
	}
	abandon := func(err error) error {
		nw.Close()
		os.RemoveAll(fresh)
		return err
	}
	state, err := store.CopyState(ctx, old, nw)
	if err != nil {
		return abandon(fmt.Errorf("rebuild %s: %w", m.DBDir, err))
	}
	an, err := nlp.New(nil)
	if err != nil {
		return abandon(err)
	}
	docs, err := ingest.New(nw, parse.New(), nlp.New, an, nil).CopyFrom(ctx, old)
	if err != nil {
		return abandon(fmt.Errorf("rebuild %s: %w", m.DBDir, err))
	}
	if rep, err := nw.Check(ctx); err != nil || !rep.OK() {
		return abandon(fmt.Errorf("rebuild %s: the new index fails its own check: %v %v", m.DBDir, err, rep.Problems))
	}
	if err := nw.Close(); err != nil {
		return abandon(err)
	}
	old.Close()
	damaged := m.DBDir + ".damaged-" + stamp
	if err := os.Rename(m.DBDir, damaged); err != nil {
		os.RemoveAll(fresh)
		return fmt.Errorf("rebuild %s: move the damaged index aside: %w", m.DBDir, err)
	}
	if err := os.Rename(fresh, m.DBDir); err != nil {
		return fmt.Errorf("rebuild %s: the rebuilt index is at %s and the damaged one at %s; move the rebuilt one to %s: %w", m.DBDir, fresh, damaged, m.DBDir, err)
	}
	fmt.Fprintf(m.Stdout, m.t("已重建：%d 份文件、%d 条记录（订阅、摘要、反馈等）；", "Rebuilt: %d documents, %d records (subscriptions, digests, feedback, …); "), docs.Documents, state.Keys)
	if len(docs.Lost) > 0 || state.Skipped > 0 {
		fmt.Fprintf(m.Stdout, m.t("无法读出 %d 份文件 %v 和 %d 条记录。", "could not read %d documents %v and %d records. "), len(docs.Lost), docs.Lost, state.Skipped)
	}
	fmt.Fprintf(m.Stdout, m.t("损坏的索引保留在 %s。\n", "the damaged index is kept at %s.\n"), damaged)
	return nil
}

// salvage opens a damaged index read-only to copy out what is intact.
func (m *Main) salvage() (*store.DB, error) {
	db, err := store.Open(m.DBDir, store.Options{Salvage: true, Logger: m.logger()})
	if err != nil {
		cause := err.Error()
		var d interface{ Detail() string }
		if errors.As(err, &d) {
			cause = d.Detail()
		}
		return nil, plan.Errorf(plan.ECORRUPT, m.t(
			"索引 %s 损坏到无法读出（%v）：请从备份恢复，或删除该目录后重新收录文件",
			"the index at %s is too damaged to read anything from (%v): restore it from a backup, or remove the directory and ingest the documents again"), m.DBDir, cause)
	}
	return db, nil
}
