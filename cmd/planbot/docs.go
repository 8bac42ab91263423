package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/internal/lang"
	"github.com/planbot/planbot/plan"
)

// runDocs lists the documents in the index.
func (m *Main) runDocs(ctx context.Context, args []string) error {
	fs := m.flags("docs", "[--json]")
	asJSON := fs.Bool("json", false, m.t("输出 JSON", "print JSON"))
	if _, err := m.parseArgs(fs, args); err != nil {
		return err
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	docs := m.db.Documents()
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(docs)
	}
	// Columns aligned by display width (digest.Table: a Chinese character
	// takes two columns), which text/tabwriter, counting runes, gets wrong.
	rows := [][]string{{"ID", m.t("地区", "REGION"), m.t("类型", "GENRE"), m.t("年份", "YEARS"), m.t("版本", "VERSION"), m.t("数字", "FACTS"), m.t("标题", "TITLE")}}
	for _, d := range docs {
		cur := d.Current()
		rows = append(rows, []string{d.ID, d.Region, m.genre(d.Genre), fmt.Sprintf("%d→%d", d.ReportYear, d.PlanYear), fmt.Sprintf("v%d", d.Version), fmt.Sprint(cur.Facts), d.Title})
	}
	fmt.Fprint(m.Stdout, digest.Table(rows))
	fmt.Fprintln(m.Stdout, m.t(fmt.Sprintf("共 %d 份文件", len(docs)), lang.Plural(len(docs), "document", "documents")))
	return nil
}

// genre names a document's genre in the terminal's language: its label
// (政府工作报告) in Chinese, its ID (work-report) in English.
func (m *Main) genre(id string) string {
	return m.t(plan.GenreLabel(id), id)
}
