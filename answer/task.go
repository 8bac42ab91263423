package answer

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// maxTaskFigures is how many of a task's figures an answer lists.
const maxTaskFigures = 6

// taskAnswer answers 第20项任务是什么: the task of the plan asked (of the
// year named, else the newest plan), with its title, section, first
// sentence and key figures; a number the plan lacks is refused with the
// numbers it has.
func (e *Engine) taskAnswer(ctx context.Context, q nlp.Question, cat *store.Catalog) Answer {
	regions, _ := e.coveredRegions(q.Regions, cat)
	doc, ok := e.newestPlanDoc(ctx, q, cat, regions)
	a := Answer{Kind: string(nlp.AskTask), Scope: Scope{Regions: regions, Years: q.Years}}
	if !ok {
		a.Message = "索引中没有带编号任务的计划文件。(No plan with numbered tasks is indexed.)"
		return a
	}
	refs := doc.tasks
	i := slices.IndexFunc(refs, func(r plan.TaskRef) bool { return r.Task.Number == q.TaskNumber })
	if i < 0 {
		zh, en := taskRange(refs, q.TaskNumber)
		a.Message = fmt.Sprintf("《%s》%s。(%s)", doc.Title, zh, en)
		return a
	}
	a.Found = true
	a.Answers = e.taskItems(doc, refs[i])
	a.Message = fmt.Sprintf("第%d项任务：%s（%s）。", refs[i].Task.Number, refs[i].Task.Title, a.Answers[0].LocationText)
	return a
}

// taskRange says which task numbers a plan has: 的任务编号为1—27，没有第40项.
func taskRange(refs []plan.TaskRef, asked int) (zh, en string) {
	if len(refs) == 0 {
		return "没有编号的任务", "The newest plan has no numbered tasks."
	}
	lo, hi := refs[0].Task.Number, refs[0].Task.Number
	for _, r := range refs {
		lo, hi = min(lo, r.Task.Number), max(hi, r.Task.Number)
	}
	return fmt.Sprintf("的任务编号为%d—%d，没有第%d项", lo, hi, asked),
		fmt.Sprintf("The newest plan's tasks are numbered %d–%d; there is no task %d.", lo, hi, asked)
}

// taskItems are a task as an answer: the task itself (its title and first
// sentence, where it stands), then its key figures.
func (e *Engine) taskItems(doc *planDoc, ref plan.TaskRef) []Item {
	loc := ref.Location(doc.Outline, 0) // a heading standing for a task is where it stands
	inTask := func(l plan.Location) bool {
		return l.Task == ref.Task.Number && (ref.Section == nil || l.Section == ref.Section.Number)
	}
	if ref.IsSection() {
		inTask = func(l plan.Location) bool { return l.Section == ref.Section.Number }
	}
	summary := ""
	if len(ref.Task.Paragraphs) > 0 && len(ref.Task.Paragraphs[0].Sentences) > 0 {
		summary = ref.Task.Paragraphs[0].Sentences[0].Text
	}
	year := ref.Part.Year
	if year == 0 && doc.sectionTasks {
		year = doc.PlanYear // a part headed by a theme of the year planned
	}
	task := Item{
		Figure: fmt.Sprintf("任务%d", ref.Task.Number), Subject: ref.Task.Title, Year: year,
		Kind: plan.KindTask, KindLabel: plan.KindTask.Label(), Role: "task",
		Excerpt: ref.Task.Title + "：" + summary, Location: loc, LocationText: loc.String(),
		Document: doc.ID, DocTitle: doc.Title, Region: doc.Region, Version: doc.version, Confidence: 1,
	}
	items := []Item{task}
	for _, f := range doc.Facts {
		if !inTask(f.Loc) || f.Loc.PartTitle != ref.Part.Title || f.Qualitative {
			continue
		}
		items = append(items, Item{
			Figure: f.Figure, Value: f.Value, High: f.High, Unit: f.Unit, Approx: f.Approx, Change: f.Change,
			Subject: f.Subject, Year: f.Year, Kind: f.Kind, KindLabel: f.Kind.Label(), Role: "figure",
			Excerpt: doc.sentence(f.Sentence), Location: f.Loc, LocationText: f.Loc.String(), Document: doc.ID, DocTitle: doc.Title,
			Region: doc.Region, Version: doc.version, Sentence: f.Sentence, FactID: f.ID, Confidence: 1,
		})
		if len(items) > maxTaskFigures {
			break
		}
	}
	return items
}

// taskByTopic answers 住房方面是哪项任务: the task whose title, then text,
// holds the question's words best; when two tasks match alike, both are
// offered and none is claimed.
func (e *Engine) taskByTopic(ctx context.Context, q nlp.Question, sc scoping, cat *store.Catalog) Answer {
	doc, ok := e.newestPlanDoc(ctx, q, cat, sc.search.Regions)
	if !ok {
		return Answer{Message: "索引中没有带编号任务的计划文件。(No plan with numbered tasks is indexed.)"}
	}
	ranked := rankTasks(doc, q)
	if len(ranked) == 0 {
		return Answer{Message: fmt.Sprintf("《%s》的任务中没有找到与问题相关的。(No task matches.)", doc.Title)}
	}
	if len(ranked) > 1 && ranked[1].score == ranked[0].score {
		var items []Item
		for _, r := range ranked[:min(3, len(ranked))] {
			items = append(items, e.taskItems(doc, r.ref)[0])
		}
		return Answer{Answers: items, Message: "有几项任务都与问题相关，请看以下任务。(Several tasks match; here they are.)"}
	}
	items := e.taskItems(doc, ranked[0].ref)
	return Answer{Found: true, Answers: items, Message: fmt.Sprintf("是第%d项任务：%s。", ranked[0].ref.Task.Number, ranked[0].ref.Task.Title)}
}

type rankedTask struct {
	ref   plan.TaskRef
	score int
	hits  int // how often its text names the topic's words: the tie-break
}

// rankTasks scores each task of doc by the question's words (any of
// their synonyms): three a word in its title, one a word in its text.
func rankTasks(doc *planDoc, q nlp.Question) []rankedTask {
	var out []rankedTask
	// The topic as asked, whole (海洋经济), outweighs its words apart
	// (经济 in any task about the economy).
	phrase := strings.ToLower(bareContent(q.Terms))
	for i, ref := range doc.tasks {
		title, text := doc.taskTitles[i], doc.taskTexts[i]
		score, hits := 0, 0
		if utf8.RuneCountInString(phrase) >= 4 {
			switch {
			case strings.Contains(title, phrase):
				score += 6
			case strings.Contains(text, phrase):
				score += 3
			}
		}
		for _, t := range q.Terms {
			if t.Intent != "" {
				continue
			}
			switch {
			case slices.ContainsFunc(t.Alts, func(a string) bool { return strings.Contains(title, a) }):
				score += 3
			default:
				// A task that keeps coming back to the word is more about
				// it than one that mentions it once.
				n := 0
				for _, a := range t.Alts {
					n = max(n, strings.Count(text, a))
				}
				hits += n
				switch {
				case n >= 6:
					score += 3
				case n >= 3:
					score += 2
				case n >= 1:
					score++
				}
			}
		}
		if score > 0 {
			out = append(out, rankedTask{ref, score, hits})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].score > out[j].score || out[i].score == out[j].score && out[i].hits > out[j].hits
	})
	return out
}

// taskText is a task's text, lower-cased.
func taskText(t *plan.Task) string {
	var b strings.Builder
	for _, p := range t.Paragraphs {
		b.WriteString(p.Text())
	}
	return strings.ToLower(b.String())
}
