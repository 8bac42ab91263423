package plan

import (
	"fmt"
)

// TargetKind says what a target is.
type TargetKind string

// The kinds of target.
const (
	TargetTask      TargetKind = "task"      // a numbered task
	TargetIndicator TargetKind = "indicator" // a headline indicator
)

// Target is something a user can follow: a numbered task or an
// indicator, of a region. Tasks are identified by title, which survives a
// renumbering; the number is for display.
type Target struct {
	Kind   TargetKind `json:"kind"`
	Region string     `json:"region"`
	Name   string     `json:"name"` // task title or indicator name
	Number int        `json:"number,omitempty"`
}

// TaskTarget is the target of task t of a document of region.
func TaskTarget(region string, t *Task) Target {
	return Target{Kind: TargetTask, Region: region, Name: t.Title, Number: t.Number}
}

// ID is the key subscriptions use: task:福田区:提升教育事业发展质效.
func (t Target) ID() string { return string(t.Kind) + ":" + t.Region + ":" + t.Name }

// Label is how the target is shown: 任务20 提升教育事业发展质效, 指标 地区生产总值.
func (t Target) Label() string {
	if t.Kind == TargetTask && t.Number > 0 {
		return fmt.Sprintf("任务%d %s", t.Number, t.Name)
	}
	if t.Kind == TargetTask {
		return "任务 " + t.Name
	}
	return "指标 " + t.Name
}

// ChangeKind says what kind of change a Change is.
type ChangeKind string

// The kinds of change between two versions of a document, or between a
// plan and a later report on it.
const (
	FigureChanged   ChangeKind = "figure_changed"   // 新增学位 9510座 → 9800座
	ResultReported  ChangeKind = "result_reported"  // 2022年计划新增9510座；完成 9600座
	TaskAdded       ChangeKind = "task_added"       // a task only in the new version
	TaskRemoved     ChangeKind = "task_removed"     // a task only in the old version
	TaskRetitled    ChangeKind = "task_retitled"    // same number, other title
	SentenceChanged ChangeKind = "sentence_changed" // the wording changed, not (only) a figure
)

// Label is the kind's name wherever a change is shown: the terminal's
// planbot diff, digests and Slack notices.
func (k ChangeKind) Label() string {
	switch k {
	case FigureChanged:
		return "数字变化"
	case ResultReported:
		return "完成情况"
	case TaskAdded:
		return "新增任务"
	case TaskRemoved:
		return "删除任务"
	case TaskRetitled:
		return "任务改名"
	case SentenceChanged:
		return "表述变化"
	}
	return string(k)
}

// Change is one difference, with what it concerns.
type Change struct {
	Kind        ChangeKind `json:"kind"`
	Targets     []Target   `json:"targets"`
	Subject     string     `json:"subject,omitempty"`
	Before      string     `json:"before,omitempty"` // figure, title or sentence before
	After       string     `json:"after,omitempty"`
	BeforeYear  int        `json:"before_year,omitempty"`
	AfterYear   int        `json:"after_year,omitempty"`
	OldSentence string     `json:"old_sentence,omitempty"`
	NewSentence string     `json:"new_sentence,omitempty"`
	Loc         Location   `json:"loc"` // where it stands in the new document (the old one for removals)
	// Verdict, for a result reported against its target: met, missed or
	// unclear (package verdict), and Judgement how they compare.
	Verdict   string `json:"verdict,omitempty"`
	Judgement string `json:"judgement,omitempty"`
}

// Detail says what changed, without the kind's label:
// 新增学位 9510座 → 9800座, or the new title of an added task.
func (c Change) Detail() string {
	switch c.Kind {
	case FigureChanged:
		return fmt.Sprintf("%s %s → %s", c.Subject, c.Before, c.After)
	case ResultReported:
		d := fmt.Sprintf("%s：%d年目标 %s；完成 %s", c.Subject, c.BeforeYear, c.Before, c.After)
		if c.Judgement != "" {
			d += "（" + c.Judgement + "）"
		}
		return d
	case TaskAdded, SentenceChanged:
		return c.After
	case TaskRemoved:
		return c.Before
	case TaskRetitled:
		return fmt.Sprintf("%s → %s", c.Before, c.After)
	}
	return ""
}

// Summary is one line about the change, for digests and lists. Figures
// speak for themselves (新增学位 9510座 → 9800座); other kinds start with
// their label (新增任务 25. 建设…, 表述变化：…).
func (c Change) Summary() string {
	switch c.Kind {
	case FigureChanged, ResultReported:
		return c.Detail()
	case TaskAdded, TaskRemoved, TaskRetitled:
		return c.Kind.Label() + " " + c.Detail()
	case SentenceChanged:
		return c.Kind.Label() + "：" + c.Detail()
	}
	return string(c.Kind)
}

// Kinds of message queued for delivery (store.OutboxItem.Kind): a daily
// digest for a channel or user, and a notice to a subscriber.
const (
	OutboxDigest = "digest"
	OutboxNotice = "notice"
)
