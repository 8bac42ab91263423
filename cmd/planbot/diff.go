package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/planbot/planbot/diff"
	"github.com/planbot/planbot/internal/lang"
	"github.com/planbot/planbot/library"
	"github.com/planbot/planbot/plan"
)

// runDiff shows what changed between two documents or versions, or
// between one and the version before it.
func (m *Main) runDiff(ctx context.Context, args []string) error {
	fs := m.flags("diff", "OLD [NEW]   (a document ID, ID@vN, or a .txt file; with one argument, its previous version)")
	pos, err := m.parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || len(pos) > 2 {
		fs.Usage()
		return plan.Errorf(plan.EINVALID, "name one or two documents: planbot diff OLD NEW")
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	for i, name := range pos {
		pos[i] = m.docName(name)
	}
	old, new, err := m.diffDocuments(ctx, pos)
	if err != nil {
		return err
	}
	m.printDiff(old, new, diff.Compare(old, new))
	return nil
}

// docName is name as the library reads it: a document ID as it is, a file
// resolved against Dir (the caller's working directory).
func (m *Main) docName(name string) string {
	id, _, ok := library.SplitVersion(name)
	if !ok {
		id = name
	}
	if _, indexed := m.db.Meta(id); indexed {
		return name
	}
	if _, err := os.Stat(m.path(name)); err == nil {
		return m.path(name)
	}
	return name
}

// diffDocuments reads the two documents planbot diff compares: the two
// named, or the one named and the version before it.
func (m *Main) diffDocuments(ctx context.Context, names []string) (old, new *plan.Document, err error) {
	if len(names) == 1 {
		return m.lib.WithPrevious(ctx, names[0])
	}
	if old, err = m.lib.Document(ctx, names[0]); err != nil {
		return nil, nil, err
	}
	if new, err = m.lib.Document(ctx, names[1]); err != nil {
		return nil, nil, err
	}
	return old, new, nil
}

// printDiff renders the changes for the terminal, grouped by the task or
// indicator they concern first.
func (m *Main) printDiff(old, new *plan.Document, changes []plan.Change) {
	fmt.Fprintf(m.Stdout, "%s\n→ %s\n", old.Title, new.Title)
	if len(changes) == 0 {
		if old.Region != new.Region {
			fmt.Fprintln(m.Stdout, m.t("（不同地区的文件，不作比较）", "(documents of different regions are not compared)"))
		} else {
			fmt.Fprintln(m.Stdout, m.t("没有变化。", "No changes."))
		}
		return
	}
	fmt.Fprintln(m.Stdout, m.t(fmt.Sprintf("%d 处变化：", len(changes)), lang.Plural(len(changes), "change:", "changes:")))
	groups, order := byTarget(changes)
	for _, k := range order {
		fmt.Fprintf(m.Stdout, "\n%s\n", k)
		for _, c := range groups[k] {
			m.printChange(c)
		}
	}
}

// byTarget groups changes by the label of the first target they concern,
// in the order the groups first appear.
func byTarget(changes []plan.Change) (groups map[string][]plan.Change, order []string) {
	groups = map[string][]plan.Change{}
	for _, c := range changes {
		k := "其他"
		if len(c.Targets) > 0 {
			k = c.Targets[0].Label()
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], c)
	}
	return groups, order
}

// printChange renders one change: its kind and what changed, the new
// sentence and where it stands.
func (m *Main) printChange(c plan.Change) {
	// A result reported without a subject starts with its colon.
	detail := strings.TrimPrefix(c.Detail(), "：")
	label := c.Kind.Label()
	if m.lang == lang.EN {
		label = strings.ReplaceAll(string(c.Kind), "_", " ")
	}
	fmt.Fprintf(m.Stdout, "  [%s] %s\n", label, strings.TrimSpace(detail))
	if c.NewSentence != "" && c.Kind != plan.SentenceChanged {
		fmt.Fprintf(m.Stdout, "      “%s”\n", truncate(c.NewSentence, 80))
	}
	if loc := c.Loc.String(); loc != "" {
		fmt.Fprintf(m.Stdout, "      — %s\n", loc)
	}
}
