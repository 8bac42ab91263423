package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// runBackup writes a snapshot of the index to a file, while it serves:
// beside a running serve, the command runs inside it. The file appears
// only when whole.
func (m *Main) runBackup(ctx context.Context, args []string) error {
	fs := m.flags("backup", "FILE")
	pos, err := m.parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return plan.Errorf(plan.EINVALID, "%s", m.t("用法：planbot backup FILE", "usage: planbot backup FILE"))
	}
	if err := m.open(ctx, false); err != nil {
		return err
	}
	path := m.path(pos[0])
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".part-*")
	if err != nil {
		return plan.Errorf(plan.EINVALID, "backup: cannot write beside %s: %v", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	w := bufio.NewWriterSize(tmp, 1<<20)
	if err := m.db.Backup(ctx, w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	st, _ := tmp.Stat()
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	fmt.Fprintf(m.Stdout, m.t("已备份 %d 份文件到 %s（%d 字节）。\n", "Backed up %d documents to %s (%d bytes).\n"), len(m.db.Documents()), path, st.Size())
	return nil
}

// runRestore makes the index (--db) from a backup file. It refuses a
// directory that already holds an index.
func (m *Main) runRestore(ctx context.Context, args []string) error {
	fs := m.flags("restore", "FILE")
	pos, err := m.parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return plan.Errorf(plan.EINVALID, "%s", m.t("用法：planbot restore FILE", "usage: planbot restore FILE"))
	}
	f, err := os.Open(m.path(pos[0]))
	if err != nil {
		return plan.Errorf(plan.EINVALID, "restore: %v", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return plan.Errorf(plan.EINVALID, "restore: %v", err)
	}
	rep, err := store.Restore(ctx, m.DBDir, f, st.Size(), store.Options{Logger: m.logger()})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, m.t("已恢复到 %s：%d 份文件，%d 个版本，检查无误。\n", "Restored into %s: %d documents, %d versions; the index checks sound.\n"), m.DBDir, rep.Documents, rep.Versions)
	return nil
}
