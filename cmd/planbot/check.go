package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/planbot/planbot/plan"
)

// runCheck reads the whole index, verifying every checksum and that the
// derived records agree with the documents, and reports. A damaged index
// that does not open is opened to salvage instead, so the report can say
// what is damaged. Exit 0 when sound, 3 when damaged.
func (m *Main) runCheck(ctx context.Context, args []string) error {
	fs := m.flags("check", "")
	if _, err := m.parseArgs(fs, args); err != nil {
		return err
	}
	openErr := m.open(ctx, false)
	if errors.Is(openErr, errIndexBusy) {
		return openErr
	}
	db := m.db
	if openErr != nil {
		if plan.ErrorCode(openErr) != plan.ECORRUPT {
			return openErr
		}
		fmt.Fprintf(m.Stdout, "%s\n", m.t("索引打不开：", "The index does not open: ")+openErr.Error())
		var err error
		if db, err = m.salvage(); err != nil {
			return err
		}
		defer db.Close()
	}
	rep, err := db.Check(ctx)
	if err != nil {
		return fmt.Errorf("check index %s: %w", m.DBDir, err)
	}
	fmt.Fprintf(m.Stdout, m.t("已检查 %s：%d 个键，%d 字节，%d 份文件，%d 个版本。\n", "Checked %s: %d keys, %d bytes, %d documents, %d versions.\n"),
		rep.Dir, rep.Keys, rep.Bytes, rep.Documents, rep.Versions)
	if rep.OK() && openErr == nil {
		fmt.Fprintln(m.Stdout, m.t("索引完好。", "The index is sound."))
		return nil
	}
	const shown = 12 // the first problems say what is wrong; the rest are counted
	for _, p := range rep.Problems[:min(len(rep.Problems), shown)] {
		fmt.Fprintf(m.Stdout, "  · %s\n", p)
	}
	if more := rep.Omitted + max(len(rep.Problems)-shown, 0); more > 0 {
		fmt.Fprintf(m.Stdout, m.t("  ……另有 %d 个问题\n", "  … and %d more problems\n"), more)
	}
	return plan.Errorf(plan.ECORRUPT, m.t(
		"索引 %s 已损坏：从备份恢复，或运行 planbot reindex 用其中完好的文件重建（会保留原目录）",
		"the index at %s is damaged: restore it from a backup, or run `planbot reindex` to rebuild it from the documents it still holds (the damaged directory is kept)"), m.DBDir)
}
