// Package follow lets people follow plan tasks and indicators: it
// resolves what a user names (a task number, words of a title, an
// indicator or its abbreviation) to targets, keeps subscriptions, and
// turns the changes an ingest found into one notice per subscriber.
package follow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sahilm/fuzzy"

	"github.com/planbot/planbot/diff"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// Service resolves names and keeps subscriptions.
type Service struct {
	DB *store.DB
	// Synonyms expands a word to its synonyms (GDP → 地区生产总值 …).
	Synonyms func(string) []string
	// Region is the region assumed when several are indexed.
	Region string
	// IsUser reports whether a subscriber is a person, told by direct
	// message, rather than a channel: the chat front end knows its IDs
	// (bot.IsUserID). When nil, every subscriber is a channel.
	IsUser func(owner string) bool
	Now    func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// CurrentPlan is the newest plan of the service's region, or of any
// region when none is set (store.Catalog.NewestPlan, the same document
// `/plan tasks` and the digest use).
func (s *Service) CurrentPlan(ctx context.Context) (*plan.Document, error) {
	m, ok := s.DB.Catalog().NewestPlan(s.Region)
	if !ok {
		return nil, plan.Errorf(plan.ENOTFOUND, "还没有收录计划文件，无法订阅。")
	}
	return s.DB.Document(ctx, m.ID, 0)
}

// taskNumber reads a task number out of a query (20, 任务20, task 20,
// 第20项, #20); ok is false for anything else.
func taskNumber(query string) (int, bool) {
	q := strings.TrimSpace(query)
	for _, p := range []string{"task", "任务", "第", "#"} {
		q = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(q), p))
	}
	q = strings.TrimSuffix(q, "项")
	n, err := strconv.Atoi(q)
	return n, err == nil
}

// Resolve finds the targets a query names. One target means a clear
// answer; several mean the query is ambiguous and the user should pick;
// none is an ENOTFOUND error saying what can be followed.
func (s *Service) Resolve(ctx context.Context, query string) ([]plan.Target, error) {
	doc, err := s.CurrentPlan(ctx)
	if err != nil {
		return nil, err
	}
	if n, ok := taskNumber(query); ok {
		return taskByNumber(doc, n)
	}
	all := followable(doc)
	words := []string{strings.TrimSpace(query)}
	if s.Synonyms != nil {
		words = append(words, s.Synonyms(strings.ToLower(words[0]))...)
	}
	if named := s.byName(all, words); len(named) > 0 {
		return named, nil
	}
	if near := s.nearest(all, words[0]); len(near) > 0 {
		return near, nil
	}
	return nil, plan.Errorf(plan.ENOTFOUND, "没有找到与“%s”对应的任务或指标。可以用任务编号（`/plan subscribe 20`）、任务名中的词（`/plan subscribe 教育`）或指标名（`/plan subscribe GDP`）。", query)
}

// taskByNumber is task n of doc.
func taskByNumber(doc *plan.Document, n int) ([]plan.Target, error) {
	tasks, _ := doc.WorkTasks()
	for _, t := range tasks {
		if t.Task.Number == n {
			return []plan.Target{plan.TaskTarget(doc.Region, t.Task)}, nil
		}
	}
	return nil, plan.Errorf(plan.ENOTFOUND, "%s 没有任务%d（共 %d 项）；`/plan tasks` 列出全部任务。", doc.Title, n, len(tasks))
}

// followable lists what can be followed in doc: its tasks, then its
// headline indicators.
func followable(doc *plan.Document) []plan.Target {
	var all []plan.Target
	tasks, _ := doc.WorkTasks()
	for _, t := range tasks {
		all = append(all, plan.TaskTarget(doc.Region, t.Task))
	}
	for _, n := range doc.IndicatorNames() {
		all = append(all, plan.Target{Kind: plan.TargetIndicator, Region: doc.Region, Name: n})
	}
	return all
}

// byName returns the targets one of words names exactly, or else those
// whose names hold one of them. The words are the query, then its
// synonyms; an empty query names nothing.
func (s *Service) byName(all []plan.Target, words []string) []plan.Target {
	var exact, holding []plan.Target
	for _, t := range all {
		for _, w := range words {
			switch {
			case w == "":
			case t.Name == w:
				exact = append(exact, t)
			case strings.Contains(t.Name, w):
				holding = append(holding, t)
			default:
				continue
			}
			break
		}
	}
	if len(exact) > 0 {
		return s.dedupe(exact)
	}
	return s.dedupe(holding)
}

// nearest returns the five targets whose names match word best, fuzzily.
func (s *Service) nearest(all []plan.Target, word string) []plan.Target {
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.Name
	}
	var out []plan.Target
	for _, m := range fuzzy.Find(word, names) {
		out = append(out, all[m.Index])
	}
	out = s.dedupe(out)
	if len(out) > 5 {
		out = out[:5]
	}
	return out
}

// canonical names an indicator by the first word of its synonym group,
// so 本区生产总值 and 地区生产总值 are one indicator to follow.
func (s *Service) canonical(t plan.Target) plan.Target {
	if t.Kind != plan.TargetIndicator || s.Synonyms == nil {
		return t
	}
	if g := s.Synonyms(strings.ToLower(t.Name)); len(g) > 1 {
		t.Name = g[0]
	}
	return t
}

func (s *Service) dedupe(ts []plan.Target) []plan.Target {
	seen := map[string]bool{}
	var out []plan.Target
	for _, t := range ts {
		t = s.canonical(t)
		if !seen[t.ID()] {
			seen[t.ID()] = true
			out = append(out, t)
		}
	}
	return out
}

// Subscribe makes owner (a user, or a channel for its digest) follow t.
func (s *Service) Subscribe(owner string, t plan.Target) (created bool, err error) {
	t = s.canonical(t)
	return s.DB.Subscribe(store.Subscription{User: owner, Target: t.ID(), Kind: string(t.Kind), Label: t.Label(), Region: t.Region, Created: s.now()})
}

// Unsubscribe removes owner's subscriptions matching query: a target ID,
// a task number (exactly: 2 is task 2, not 12 or 20), or, for anything
// else, words of a label. It returns what was removed.
func (s *Service) Unsubscribe(owner, query string) ([]store.Subscription, error) {
	subs, err := s.DB.Subscriptions(owner)
	if err != nil {
		return nil, err
	}
	q := strings.TrimSpace(query)
	n, numeric := taskNumber(q)
	var removed []store.Subscription
	for _, sub := range subs {
		match := q == "" || sub.Target == q
		switch {
		case match:
		case numeric:
			match = sub.Kind == string(plan.TargetTask) && labelNumber(sub.Label) == strconv.Itoa(n)
		default:
			match = strings.Contains(sub.Label, q)
		}
		if !match {
			continue
		}
		if _, err := s.DB.Unsubscribe(owner, sub.Target); err != nil {
			return removed, err
		}
		removed = append(removed, sub)
	}
	if len(removed) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "你没有订阅“%s”；`/plan subscriptions` 列出你的订阅。", query)
	}
	return removed, nil
}

// labelNumber reads the task number out of 任务20 …
func labelNumber(label string) string {
	l := strings.TrimPrefix(label, "任务")
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return l[:i]
}

// Notice is what one subscriber is told about one ingest.
type Notice struct {
	DocID    string        `json:"doc"`
	DocTitle string        `json:"title"`
	Version  int           `json:"version"`
	Related  string        `json:"related,omitempty"` // the documents the changes are against, 、-separated
	Changes  []plan.Change `json:"changes"`
	Targets  []string      `json:"targets"` // labels of the followed targets touched
}

// Notices turns an ingest's changes into one outbox item per subscriber
// whose targets they touch. The key (recipient, document, version) makes
// a notice go out at most once however often the same ingest is
// processed, and one per ingest however many documents it is compared
// with.
func (s *Service) Notices(doc *plan.Document, version int, related string, changes []plan.Change) ([]store.OutboxItem, error) {
	byUser := map[string]*Notice{}
	touched := map[string]map[string]bool{}
	for _, c := range changes {
		for _, t := range c.Targets {
			t = s.canonical(t)
			users, err := s.DB.Subscribers(t.ID())
			if err != nil {
				return nil, err
			}
			for _, u := range users {
				n := byUser[u]
				if n == nil {
					n = &Notice{DocID: doc.ID, DocTitle: doc.Title, Version: version, Related: related}
					byUser[u] = n
					touched[u] = map[string]bool{}
				}
				if !containsChange(n.Changes, c) {
					n.Changes = append(n.Changes, c)
				}
				if !touched[u][t.Label()] {
					touched[u][t.Label()] = true
					n.Targets = append(n.Targets, t.Label())
				}
			}
		}
	}
	users := make([]string, 0, len(byUser))
	for u := range byUser {
		users = append(users, u)
	}
	sort.Strings(users)
	var out []store.OutboxItem
	for _, u := range users {
		payload, err := json.Marshal(byUser[u])
		if err != nil {
			return nil, fmt.Errorf("encode notice for %s: %w", u, err)
		}
		item := store.OutboxItem{Key: fmt.Sprintf("notify:%s:%s@v%d", u, doc.ID, version), Kind: plan.OutboxNotice, Payload: payload, Created: s.now()}
		if s.IsUser != nil && s.IsUser(u) {
			item.User = u
		} else {
			item.Channel = u
		}
		out = append(out, item)
	}
	return out, nil
}

// sameChange reports whether two changes say the same thing, wherever
// they were found: comparing a report with its previous version and with
// its plan can find one figure change twice.
func sameChange(a, b plan.Change) bool {
	return a.Kind == b.Kind && a.Subject == b.Subject && a.Before == b.Before && a.After == b.After && a.NewSentence == b.NewSentence
}

func containsChange(cs []plan.Change, c plan.Change) bool {
	return slices.ContainsFunc(cs, func(x plan.Change) bool { return sameChange(x, c) })
}

// Recorded is what OnIngest found and queued.
type Recorded struct {
	Sets    []store.ChangeSet
	Changes int
	Queued  int
}

// OnIngest finds what a newly stored version changes: against its
// previous version, and, for a report, against the plans of the year it
// reports on. It records the change sets (for digests) and queues one
// notice per subscriber touched. It is idempotent, so a failed run can
// simply be repeated: change sets are keyed by the version's ingest time,
// so a second run replaces them, and notices by recipient and version,
// so a second run queues nothing new.
func (s *Service) OnIngest(ctx context.Context, doc *plan.Document, version, previous int) (Recorded, error) {
	var rec Recorded
	against, err := s.comparisons(ctx, doc, version, previous)
	if err != nil {
		return rec, err
	}
	at := s.ingestedAt(doc.ID, version)
	if len(against) == 0 {
		// A document with nothing to compare with: still an update.
		cs, err := s.record(doc, version, at, "", []plan.Change{})
		if err != nil {
			return rec, err
		}
		rec.Sets = append(rec.Sets, cs)
	}
	var all []plan.Change // every comparison's, for one notice per subscriber
	var related []string
	for _, c := range against {
		if err := ctx.Err(); err != nil {
			return rec, err
		}
		changes := diff.Compare(c.old, doc)
		cs, err := s.record(doc, version, at, c.related, changes)
		if err != nil {
			return rec, err
		}
		rec.Sets = append(rec.Sets, cs)
		rec.Changes += len(changes)
		related = append(related, c.related)
		for _, ch := range changes {
			if !containsChange(all, ch) {
				all = append(all, ch)
			}
		}
	}
	rec.Queued, err = s.queueNotices(doc, version, strings.Join(related, "、"), all)
	return rec, err
}

// comparison is a document a new version is compared with, and how
// notices name it (ID@vN).
type comparison struct {
	old     *plan.Document
	related string
}

// comparisons lists what a new version is compared with: the version it
// replaced, and for a report, the plans of the year it reports on.
func (s *Service) comparisons(ctx context.Context, doc *plan.Document, version, previous int) ([]comparison, error) {
	var out []comparison
	if previous > 0 {
		old, err := s.DB.Document(ctx, doc.ID, previous)
		if err != nil {
			return nil, fmt.Errorf("read %s v%d, which v%d replaced: %w", doc.ID, previous, version, err)
		}
		out = append(out, comparison{old, fmt.Sprintf("%s@v%d", doc.ID, previous)})
	}
	for _, m := range s.DB.Documents() {
		if m.ID == doc.ID || m.Region != doc.Region || doc.ReportYear == 0 || m.PlanYear != doc.ReportYear {
			continue
		}
		old, err := s.DB.Document(ctx, m.ID, 0)
		if err != nil {
			return nil, fmt.Errorf("read %s, the plan %s reports on: %w", m.ID, doc.ID, err)
		}
		out = append(out, comparison{old, fmt.Sprintf("%s@v%d", m.ID, m.Version)})
	}
	return out, nil
}

// record stores the changes a version made against the document related
// names ("" when it had none to compare with), for digests.
func (s *Service) record(doc *plan.Document, version int, at time.Time, related string, changes []plan.Change) (store.ChangeSet, error) {
	cs := store.ChangeSet{DocID: doc.ID, Version: version, Title: doc.Title, Related: related, IngestedAt: at, Changes: changes, Count: len(changes)}
	return cs, s.DB.PutChanges(cs)
}

// queueNotices queues the notices of a version's changes and returns how
// many were new.
func (s *Service) queueNotices(doc *plan.Document, version int, related string, changes []plan.Change) (int, error) {
	items, err := s.Notices(doc, version, related, changes)
	if err != nil {
		return 0, err
	}
	return s.DB.Enqueue(items...)
}

// ingestedAt is when a version was stored; the clock for a version the
// index does not know (a document compared without being stored).
func (s *Service) ingestedAt(id string, version int) time.Time {
	m, _ := s.DB.Meta(id)
	for _, v := range m.Versions {
		if v.Version == version {
			return v.IngestedAt
		}
	}
	return s.now()
}
