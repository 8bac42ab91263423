package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/planbot/planbot/internal/lang"
	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
)

// ingestRun is one planbot ingest: the files and how to read them.
type ingestRun struct {
	files    []string
	opt      parse.Options
	maxBytes int
	big      bool // the file being read is big enough to show its stages
	add      library.AddOptions
}

// runIngest adds documents, or replaces them with a corrected version,
// one file after another: a file refused leaves the index as it was and
// the others are still added.
func (m *Main) runIngest(ctx context.Context, args []string) error {
	run, err := m.ingestFlags(args)
	if err != nil {
		return err
	}
	if err := m.open(ctx, false); err != nil {
		return err
	}
	m.showProgress(run)
	failed := 0
	for i, path := range run.files {
		if !m.addFile(ctx, run, i, path) {
			failed++
		}
	}
	if failed < len(run.files) {
		// Replaced versions leave dead records in the value log.
		if _, err := m.db.ReclaimSpace(ctx); err != nil {
			m.logger().Warn("index space not reclaimed; it will be at the next ingest", "err", err)
		}
	}
	if failed > 0 {
		return plan.Errorf(plan.EINVALID, "%d of %s not ingested; the index holds the rest, and its earlier content is unchanged", failed, lang.Plural(len(run.files), "file", "files"))
	}
	return nil
}

// ingestFlags reads planbot ingest's flags and files.
func (m *Main) ingestFlags(args []string) (*ingestRun, error) {
	fs := m.flags("ingest", "[--id ID] [--region REGION] [--title T] [--genre G] [--year Y] FILE...")
	id := fs.String("id", "", "document ID (default: region/years/genre, so a corrected copy replaces the old one)")
	region := fs.String("region", "", "region the document covers, when it was misread")
	title := fs.String("title", "", "the document's title, when it was misread")
	genre := fs.String("genre", "", "genre, when it was misread: "+strings.Join(plan.Genres(), ", "))
	year := fs.Int("year", 0, "the year the document plans for (its title's year for a work report), when it was misread")
	maxMB := fs.Int("max-size", parse.DefaultMaxBytes>>20, "largest document accepted, in MB")
	pos, err := m.parseArgs(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) == 0 {
		fs.Usage()
		return nil, plan.Errorf(plan.EINVALID, "name at least one file to ingest")
	}
	if *id != "" && len(pos) > 1 {
		return nil, plan.Errorf(plan.EINVALID, "--id names one document; ingest the files one at a time")
	}
	if *genre != "" && !slices.Contains(plan.Genres(), *genre) {
		return nil, plan.Errorf(plan.EINVALID, "--genre %s is not one planbot knows; use one of %s", *genre, strings.Join(plan.Genres(), ", "))
	}
	if *year != 0 && (*year < 1949 || *year > 2199) {
		return nil, plan.Errorf(plan.EINVALID, "--year %d is not a year a plan can be for; give it as 2026", *year)
	}
	if len(pos) > 1 && (*title != "" || *year != 0) {
		return nil, plan.Errorf(plan.EINVALID, "--title and --year describe one document; ingest the files one at a time")
	}
	opt := parse.Options{ID: *id, Region: *region, Title: *title, Genre: *genre, Year: *year}
	return &ingestRun{files: pos, opt: opt, maxBytes: *maxMB << 20}, nil
}

// showProgress sets run's adds up: its size limit, and the stages of each
// document on stderr when there are several or one is big. (Per add, not
// on the shared ingester: a planbot serve running this ingest for another
// process ingests from its watched folder meanwhile.)
func (m *Main) showProgress(run *ingestRun) {
	run.add.MaxBytes = run.maxBytes
	run.add.Progress = func(name, stage string) {
		if run.big || len(run.files) > 1 {
			fmt.Fprintf(m.Stderr, "  %s: %s…\n", name, stage)
		}
	}
}

// addFile adds the i-th file of run and prints what it did; it reports
// whether the file was stored.
func (m *Main) addFile(ctx context.Context, run *ingestRun, i int, path string) bool {
	if len(run.files) > 1 {
		fmt.Fprintf(m.Stderr, "[%d/%d] %s…\n", i+1, len(run.files), path)
	}
	data, err := os.ReadFile(m.path(path))
	if err != nil {
		fmt.Fprintf(m.Stderr, "planbot: read %s: %v\n", path, err)
		return false
	}
	run.big = len(data) > 1<<20
	res, err := m.lib.AddWith(ctx, path, data, run.opt, run.add)
	var nr *library.NotRecorded
	switch {
	case errors.As(err, &nr):
		fmt.Fprintf(m.Stderr, "planbot: warning: %v\n", err)
	case err != nil:
		fmt.Fprintf(m.Stderr, "planbot: %v\n", err)
		return false
	}
	m.printAdded(res)
	return true
}

// readAs says what planbot read a document to be, so a misreading shows
// at once: 湖北省 · 政府工作报告 · 回顾2025年、计划2026年 · 《…》.
func readAs(d *plan.Document) string {
	region := d.Region
	if region == "" {
		region = "地区未知 (--region)"
	}
	years := "年份未知 (--year)"
	switch {
	case d.ReportYear != 0 && d.PlanYear != 0 && d.ReportYear != d.PlanYear:
		years = fmt.Sprintf("回顾%d年、计划%d年", d.ReportYear, d.PlanYear)
	case d.PlanYear != 0:
		years = fmt.Sprintf("%d年", d.PlanYear)
	case d.ReportYear != 0:
		years = fmt.Sprintf("%d年", d.ReportYear)
	}
	return fmt.Sprintf("%s · %s · %s · 《%s》 (correct with --region, --genre, --year, --title)", region, plan.GenreLabel(d.Genre), years, d.Title)
}

// printAdded renders what adding a document did.
func (m *Main) printAdded(res library.Result) {
	fmt.Fprintln(m.Stdout, res.String())
	if d := res.Doc; d != nil && !res.Unchanged {
		fmt.Fprintf(m.Stdout, "  read as: %s\n", readAs(d))
	}
	for _, n := range res.Notes() {
		fmt.Fprintf(m.Stdout, m.t("  注：%s\n", "  note: %s\n"), n)
	}
	if res.Changes > 0 || res.Queued > 0 {
		fmt.Fprint(m.Stdout, m.t(fmt.Sprintf("  与之前的文件相比有 %d 处变化（planbot diff %s）；已为订阅者排队 %d 条通知，由 planbot serve 发送\n", res.Changes, res.ID, res.Queued),
			fmt.Sprintf("  %s against earlier documents (planbot diff %s); %s queued for subscribers, sent by planbot serve\n", lang.Plural(res.Changes, "change", "changes"), res.ID, lang.Plural(res.Queued, "notice", "notices"))))
	}
}
