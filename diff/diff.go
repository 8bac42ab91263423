// Package diff finds what a newly ingested document changes or reports:
// between two versions of one document, figures that changed, tasks added
// or removed, sentences rewritten; between a plan and a later report on
// it, the results reported against the plan's targets. Each change names
// the tasks and indicators it concerns, so subscribers can be told.
package diff

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/verdict"
)

// Compare returns the changes from old to new. Two versions of the same
// document (or two documents of one region and plan year) are compared
// task by task; a report on the year old planned for is read for results
// against old's targets. Unrelated documents give no changes.
func Compare(old, new *plan.Document) []plan.Change {
	if old == nil || new == nil || old.Region != new.Region {
		return nil
	}
	var out []plan.Change
	switch {
	case old.ID == new.ID || (old.PlanYear == new.PlanYear && old.ReportYear == new.ReportYear):
		out = versions(old, new)
	case new.ReportYear != 0 && new.ReportYear == old.PlanYear:
		out = reported(old, new)
	}
	return out
}

// indicatorNames are the names a document gives its headline indicators
// and table rows: facts whose subject starts with one concern it.
func indicatorNames(doc *plan.Document) []string {
	out := doc.IndicatorNames()
	// Longest first, so a subject is matched to the most specific name.
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// targetsOf names what a fact concerns: its task, and the indicator its
// subject names.
func targetsOf(doc *plan.Document, f plan.Fact, indicators []string) []plan.Target {
	var out []plan.Target
	if f.Loc.Task > 0 {
		out = append(out, plan.Target{Kind: plan.TargetTask, Region: doc.Region, Name: f.Loc.TaskTitle, Number: f.Loc.Task})
	} else if t, ok := doc.SectionTask(f.Loc); ok {
		out = append(out, taskTarget(doc, t.Task))
	}
	for _, n := range indicators {
		if strings.HasPrefix(f.Subject, n) {
			out = append(out, plan.Target{Kind: plan.TargetIndicator, Region: doc.Region, Name: n})
			break
		}
	}
	return out
}

func taskTarget(doc *plan.Document, t *plan.Task) plan.Target { return plan.TaskTarget(doc.Region, t) }

// versions compares two versions of one document.
func versions(old, new *plan.Document) []plan.Change {
	var out []plan.Change
	oldTasks, _ := old.WorkTasks()
	newTasks, _ := new.WorkTasks()
	pairs := pairTasks(oldTasks, newTasks)
	matchedNew := map[*plan.Task]bool{}
	for _, p := range pairs {
		matchedNew[p.new.Task] = true
	}
	for _, o := range oldTasks {
		if _, ok := findPair(pairs, o.Task); !ok {
			out = append(out, plan.Change{Kind: plan.TaskRemoved, Targets: []plan.Target{taskTarget(old, o.Task)}, Before: fmt.Sprintf("%d. %s", o.Task.Number, o.Task.Title),
				Loc: o.Location(old.Outline, 0)})
		}
	}
	for _, n := range newTasks {
		if !matchedNew[n.Task] {
			out = append(out, plan.Change{Kind: plan.TaskAdded, Targets: []plan.Target{taskTarget(new, n.Task)}, After: fmt.Sprintf("%d. %s", n.Task.Number, n.Task.Title),
				NewSentence: firstSentence(n.Task), Loc: n.Location(new.Outline, 0)})
		}
	}
	for _, p := range pairs {
		if p.old.Task.Title != p.new.Task.Title {
			out = append(out, plan.Change{Kind: plan.TaskRetitled, Targets: []plan.Target{taskTarget(old, p.old.Task), taskTarget(new, p.new.Task)},
				Before: p.old.Task.Title, After: p.new.Task.Title, Loc: p.new.Location(new.Outline, 0)})
		}
	}
	out = append(out, factChanges(old, new, pairs)...)
	return out
}

type taskPair struct{ old, new plan.TaskRef }

// pairTasks matches tasks by number and title, then by title alone (a
// renumbering), then by number with a similar title (a retitling).
func pairTasks(old, new []plan.TaskRef) []taskPair {
	var pairs []taskPair
	usedO, usedN := map[int]bool{}, map[int]bool{}
	try := func(match func(o, n plan.TaskRef) bool) {
		for i, o := range old {
			if usedO[i] {
				continue
			}
			for j, n := range new {
				if !usedN[j] && match(o, n) {
					pairs = append(pairs, taskPair{o, n})
					usedO[i], usedN[j] = true, true
					break
				}
			}
		}
	}
	try(func(o, n plan.TaskRef) bool { return o.Task.Number == n.Task.Number && o.Task.Title == n.Task.Title })
	try(func(o, n plan.TaskRef) bool { return o.Task.Title == n.Task.Title })
	try(func(o, n plan.TaskRef) bool {
		return o.Task.Number == n.Task.Number && Similarity(o.Task.Title, n.Task.Title) >= 0.4
	})
	return pairs
}

func findPair(pairs []taskPair, t *plan.Task) (taskPair, bool) {
	for _, p := range pairs {
		if p.old.Task == t {
			return p, true
		}
	}
	return taskPair{}, false
}

func firstSentence(t *plan.Task) string {
	for _, p := range t.Paragraphs {
		for _, s := range p.Sentences {
			return s.Text
		}
	}
	return ""
}

// scope is where a fact stands, for pairing facts across versions: its
// task (by title) or, outside tasks, its part and section titles, or its
// table column.
func scope(f plan.Fact) string {
	if f.Loc.Table != "" {
		return "table|" + f.Column
	}
	if f.Loc.Task > 0 {
		return "task|" + f.Loc.TaskTitle
	}
	return "part|" + f.Loc.PartTitle + "|" + f.Loc.SectionTitle
}

// factChanges pairs the facts of two versions by where they stand and
// what they measure, and reports changed figures; sentences whose words
// changed beyond their figures are reported too.
func factChanges(old, new *plan.Document, pairs []taskPair) []plan.Change {
	out, explained := figureChanges(old, new, pairs)
	return append(out, rewrittenSentences(new, pairs, explained)...)
}

// figureChanges reports the facts whose figure changed, paired by scope
// (a retitled task's facts keep theirs), subject, unit, year and kind. It
// also returns the new sentences those changes explain.
func figureChanges(old, new *plan.Document, pairs []taskPair) (out []plan.Change, explained map[int]bool) {
	retitled := map[string]string{} // old task title -> new
	for _, p := range pairs {
		retitled[p.old.Task.Title] = p.new.Task.Title
	}
	oldScope := func(f plan.Fact) string {
		if f.Loc.Task > 0 && f.Loc.Table == "" {
			if t, ok := retitled[f.Loc.TaskTitle]; ok {
				return "task|" + t
			}
		}
		return scope(f)
	}
	key := func(scope string, f plan.Fact) string {
		return fmt.Sprintf("%s|%s|%s|%d|%s", scope, normSubject(f.Subject), baseUnit(f.Unit), f.Year, f.Kind)
	}
	newByKey := map[string][]plan.Fact{}
	for _, f := range new.Facts {
		k := key(scope(f), f)
		newByKey[k] = append(newByKey[k], f)
	}
	oldSent, newSent := sentenceTexts(old), sentenceTexts(new)
	inds := indicatorNames(new)
	explained = map[int]bool{}
	for _, f := range old.Facts {
		k := key(oldScope(f), f)
		cands := newByKey[k]
		if len(cands) == 0 {
			continue
		}
		n := cands[0]
		newByKey[k] = cands[1:]
		if n.Figure == f.Figure {
			continue
		}
		explained[n.Sentence] = true
		out = append(out, plan.Change{
			Kind: plan.FigureChanged, Targets: targetsOf(new, n, inds), Subject: n.Subject,
			Before: f.Figure, After: n.Figure, BeforeYear: f.Year, AfterYear: n.Year,
			OldSentence: oldSent[f.Sentence], NewSentence: newSent[n.Sentence], Loc: n.Loc,
		})
	}
	return out, explained
}

// rewrittenSentences reports the sentences of tasks present in both
// versions that are new in wording, not only in figures (those explained
// by a figure change, or equal to an old one but for figures), each with
// the old sentence it most resembles when there is a close one.
func rewrittenSentences(new *plan.Document, pairs []taskPair, explained map[int]bool) []plan.Change {
	var out []plan.Change
	for _, p := range pairs {
		olds := taskSentences(p.old.Task)
		oldSet := map[string]bool{}
		for _, s := range olds {
			oldSet[s.Text] = true
		}
		for _, s := range taskSentences(p.new.Task) {
			if oldSet[s.Text] || explained[s.ID] {
				continue
			}
			best, sim := mostSimilar(olds, s.Text)
			if sim > 0 && stripFigures(best) == stripFigures(s.Text) {
				continue // only figures changed, reported above
			}
			c := plan.Change{Kind: plan.SentenceChanged, Targets: []plan.Target{taskTarget(new, p.new.Task)}, After: s.Text, NewSentence: s.Text,
				Loc: p.new.Location(new.Outline, s.Page)}
			if sim >= 0.3 {
				c.Before, c.OldSentence = best, best
			}
			out = append(out, c)
		}
	}
	return out
}

// mostSimilar returns the sentence of olds most like text, and how alike
// they are (Similarity); "" and 0 when none shares anything with it.
func mostSimilar(olds []plan.Sentence, text string) (string, float64) {
	best, sim := "", 0.0
	for _, o := range olds {
		if v := Similarity(o.Text, text); v > sim {
			best, sim = o.Text, v
		}
	}
	return best, sim
}

func taskSentences(t *plan.Task) []plan.Sentence {
	var out []plan.Sentence
	for _, p := range t.Paragraphs {
		out = append(out, p.Sentences...)
	}
	return out
}

func sentenceTexts(doc *plan.Document) map[int]string {
	m := map[int]string{}
	for _, s := range doc.Sentences() {
		m[s.ID] = s.Text
	}
	for _, t := range doc.Tables {
		for _, r := range t.Rows {
			m[r.Sentence] = r.Text
		}
	}
	return m
}

// reported reads a report on the year old planned for: each target or
// task figure of old is paired with the result new reports for the same
// subject and unit.
func reported(old, new *plan.Document) []plan.Change {
	var results []plan.Fact
	for _, f := range new.Facts {
		if f.Kind == plan.KindResult && f.Year == old.PlanYear && f.Period.IsZero() {
			results = append(results, f)
		}
	}
	j := verdict.New()
	newSent := sentenceTexts(new)
	oldSent := sentenceTexts(old)
	inds := indicatorNames(old)
	used := map[int]bool{}
	var out []plan.Change
	seen := map[string]bool{}
	for _, f := range old.Facts {
		if f.Year != old.PlanYear || f.Kind == plan.KindResult || !f.Period.IsZero() {
			continue
		}
		best, bestSim := -1, 0.0
		for i, r := range results {
			// A rate answers a rate whichever way it went (a decline is a
			// result too), and words answer words or a rate (基本持平 for
			// 力争正增长).
			if used[i] || !comparable(f, r) {
				continue
			}
			if v := Similarity(normSubject(f.Subject), normSubject(r.Subject)); v > bestSim {
				best, bestSim = i, v
			}
		}
		if best < 0 || bestSim < 0.6 {
			continue
		}
		r := results[best]
		k := normSubject(f.Subject) + "|" + f.Figure + "|" + r.Figure
		if seen[k] {
			continue
		}
		seen[k] = true
		used[best] = true
		v := j.Judge(f.Figure, r.Figure)
		out = append(out, plan.Change{
			Kind: plan.ResultReported, Targets: targetsOf(old, f, inds), Subject: f.Subject,
			Before: f.Figure, After: r.Figure, BeforeYear: f.Year, AfterYear: r.Year,
			OldSentence: oldSent[f.Sentence], NewSentence: newSent[r.Sentence], Loc: r.Loc,
			Verdict: string(v.Outcome), Judgement: v.String(),
		})
	}
	return out
}

// comparable reports a target and a result that can stand for each other:
// figures of one unit, a rate and a rate whatever their direction, a
// target or result in words beside a rate or words.
func comparable(t, r plan.Fact) bool {
	rate := func(f plan.Fact) bool { return f.Unit == "%" || f.Unit == "％" || f.Qualitative }
	switch {
	case t.Qualitative || r.Qualitative:
		return rate(t) && rate(r)
	case rate(t) && rate(r):
		return true
	}
	return baseUnit(r.Unit) == baseUnit(t.Unit) && r.Change == t.Change
}

// normSubject drops the verbs that vary between a plan and its report
// (推动, 实现, 完成, 预计) so 完成新改扩建学校 and 新改扩建学校 pair.
func normSubject(s string) string {
	for _, p := range []string{"预计", "全年", "累计", "实现", "完成", "推动", "推进", "加快", "力争", "确保"} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

func baseUnit(u string) string {
	for _, p := range []string{"万亿", "千万", "百万", "亿", "万", "千"} {
		if strings.HasPrefix(u, p) && len(u) > len(p) {
			return strings.TrimPrefix(u, p)
		}
	}
	return u
}

// stripFigures removes digits so sentences differing only in figures
// compare equal.
func stripFigures(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) || r == '.' || r == '%' {
			return -1
		}
		return r
	}, s)
}

// Similarity is the Dice coefficient of two texts' character bigrams:
// 1 for the same text, 0 for nothing in common.
func Similarity(a, b string) float64 {
	ba, bb := bigrams(a), bigrams(b)
	if len(ba) == 0 || len(bb) == 0 {
		if a == b {
			return 1
		}
		return 0
	}
	common := 0
	for g, n := range ba {
		if m, ok := bb[g]; ok {
			common += min(n, m)
		}
	}
	total := 0
	for _, n := range ba {
		total += n
	}
	for _, n := range bb {
		total += n
	}
	return 2 * float64(common) / float64(total)
}

func bigrams(s string) map[string]int {
	rs := []rune(s)
	m := map[string]int{}
	for i := 0; i+1 < len(rs); i++ {
		m[string(rs[i:i+2])]++
	}
	if len(rs) == 1 {
		m[s]++
	}
	return m
}
