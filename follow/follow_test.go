package follow

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/ingest"
	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/nlp"
	"github.com/planbot/planbot/parse"
	"github.com/planbot/planbot/plan"
)

func setup(t *testing.T) *Service {
	t.Helper()
	db, in := testindex.Seeded(t)
	return &Service{DB: db, Synonyms: in.Analyzer().Synonyms, IsUser: isUser}
}

// isUser tells people from channels as the Slack front end does
// (bot.IsUserID), so notices go to users U1… and channels C9….
func isUser(owner string) bool { return strings.HasPrefix(owner, "U") }

func TestResolve(t *testing.T) {
	s := setup(t)
	ctx := context.Background()
	tests := []struct {
		q    string
		want string // IDs joined by |, or an error fragment after "!"
	}{
		{"20", "task:福田区:提升教育事业发展质效"},
		{"任务20", "task:福田区:提升教育事业发展质效"},
		{"task 7", "task:福田区:扩大金融竞争优势"},
		{"教育", "task:福田区:提升教育事业发展质效"},
		{"GDP", "indicator:福田区:地区生产总值"},
		{"本区生产总值", "indicator:福田区:地区生产总值"},
		{"失业率", "indicator:福田区:城镇居民登记失业率"},
		{"城区", "task:福田区:推进智能城区建设|task:福田区:推进法治城区建设|task:福田区:推进枢纽城区建设|task:福田区:推进韧性城区建设|task:福田区:推进平安城区建设"},
		{"99", "!没有任务99"},
		{"火星基地", "!没有找到"},
	}
	for _, tt := range tests {
		ts, err := s.Resolve(ctx, tt.q)
		var ids []string
		for _, t := range ts {
			ids = append(ids, t.ID())
		}
		got := strings.Join(ids, "|")
		if err != nil {
			got = "!" + err.Error()
		}
		if strings.HasPrefix(tt.want, "!") {
			if !strings.Contains(got, tt.want[1:]) || plan.ErrorCode(err) != plan.ENOTFOUND {
				t.Errorf("Resolve(%q) = %q; want error with %q", tt.q, got, tt.want[1:])
			}
			continue
		}
		if got != tt.want {
			t.Errorf("Resolve(%q) = %q; want %q", tt.q, got, tt.want)
		}
	}
}

func TestSubscribeUnsubscribeAndNotices(t *testing.T) {
	s := setup(t)
	edu := plan.Target{Kind: plan.TargetTask, Region: "福田区", Name: "提升教育事业发展质效", Number: 20}
	gdp := plan.Target{Kind: plan.TargetIndicator, Region: "福田区", Name: "本区生产总值"}
	for _, sub := range []struct {
		u string
		t plan.Target
	}{{"U1", edu}, {"U2", gdp}, {"C9", edu}} {
		if created, err := s.Subscribe(sub.u, sub.t); err != nil || !created {
			t.Fatalf("subscribe: %v %v", created, err)
		}
	}
	if created, _ := s.Subscribe("U1", edu); created {
		t.Error("a second subscription to the same target was created")
	}
	doc := &plan.Document{ID: "d", Title: "t", Region: "福田区"}
	changes := []plan.Change{
		{Kind: plan.FigureChanged, Subject: "新增学位", Before: "9510座", After: "9800座", Targets: []plan.Target{edu}},
		{Kind: plan.ResultReported, Subject: "地区生产总值增长", Before: "增长6.0%以上", After: "增长3.0%", Targets: []plan.Target{{Kind: plan.TargetIndicator, Region: "福田区", Name: "地区生产总值"}}},
	}
	items, err := s.Notices(doc, 2, "", changes)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, it := range items {
		got[it.User+it.Channel] = string(it.Payload)
	}
	if len(got) != 3 || !strings.Contains(got["U1"], "9800座") || !strings.Contains(got["U2"], "增长3.0%") || strings.Contains(got["U2"], "9800座") || got["C9"] == "" {
		t.Errorf("notices = %v", got)
	}
	removed, err := s.Unsubscribe("U1", "20")
	if err != nil || len(removed) != 1 {
		t.Errorf("unsubscribe 20: %v %v", removed, err)
	}
	if _, err := s.Unsubscribe("U1", "20"); plan.ErrorCode(err) != plan.ENOTFOUND {
		t.Errorf("second unsubscribe: %v", err)
	}
}

// `/plan unsubscribe 2` removes task 2 only, not 12, 20 and 22; words
// still match labels.
func TestUnsubscribeMatchesTaskNumbersExactly(t *testing.T) {
	s := setup(t)
	targets := []plan.Target{
		{Kind: plan.TargetTask, Region: "福田区", Name: "二号任务", Number: 2},
		{Kind: plan.TargetTask, Region: "福田区", Name: "十二号任务", Number: 12},
		{Kind: plan.TargetTask, Region: "福田区", Name: "提升教育事业发展质效", Number: 20},
		{Kind: plan.TargetTask, Region: "福田区", Name: "二十二号任务", Number: 22},
		{Kind: plan.TargetIndicator, Region: "福田区", Name: "PM2.5年均浓度"},
	}
	tests := []struct {
		query string
		want  string // labels removed, joined by |; "!" for not found
	}{
		{"2", "任务2 二号任务"},
		{"任务2", "任务2 二号任务"},
		{"task 22", "任务22 二十二号任务"},
		{"第12项", "任务12 十二号任务"},
		{"7", "!"},
		{"教育", "任务20 提升教育事业发展质效"},
		{"PM2.5", "指标 PM2.5年均浓度"},
		{"号任务", "任务2 二号任务|任务12 十二号任务|任务22 二十二号任务"},
		{"task:福田区:提升教育事业发展质效", "任务20 提升教育事业发展质效"},
	}
	for i, tt := range tests {
		owner := fmt.Sprintf("U%d", i)
		for _, tg := range targets {
			if _, err := s.Subscribe(owner, tg); err != nil {
				t.Fatal(err)
			}
		}
		removed, err := s.Unsubscribe(owner, tt.query)
		var labels []string
		for _, r := range removed {
			labels = append(labels, r.Label)
		}
		got := strings.Join(labels, "|")
		if err != nil {
			got = "!"
			if plan.ErrorCode(err) != plan.ENOTFOUND {
				t.Errorf("unsubscribe %q: %v", tt.query, err)
			}
		}
		if got != tt.want {
			t.Errorf("unsubscribe %q removed %q; want %q", tt.query, got, tt.want)
		}
		left, _ := s.DB.Subscriptions(owner)
		if tt.want != "!" && len(left)+len(removed) != len(targets) {
			t.Errorf("unsubscribe %q: %d left, %d removed", tt.query, len(left), len(removed))
		}
	}
}

// With two plans of the same year, subscribing by number and every other
// "newest plan" pick the same document.
func TestCurrentPlanIsTheCatalogsNewestPlan(t *testing.T) {
	s := setup(t)
	data, _ := os.ReadFile("../seeds/futian-2021-execution-2022-plan.txt")
	an, _ := nlp.New(nil)
	if _, err := ingest.New(s.DB, parse.New(), nlp.New, an, nil).Ingest(context.Background(), "copy", data, parse.Options{ID: "福田区/zz-copy"}); err != nil {
		t.Fatal(err)
	}
	doc, err := s.CurrentPlan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	newest, _ := s.DB.Catalog().NewestPlan("")
	if doc.ID != newest.ID || doc.ID != "福田区/2021-2022/plan-execution" {
		t.Errorf("CurrentPlan = %s; catalog's newest plan %s", doc.ID, newest.ID)
	}
}

// OnIngest may run twice for one version (a retried pending record): the
// second run queues no notice and records no second change set.
func TestOnIngestTwiceRecordsOnce(t *testing.T) {
	s := setup(t)
	ctx := context.Background()
	if _, err := s.Subscribe("U1", plan.Target{Kind: plan.TargetTask, Region: "福田区", Name: "提升教育事业发展质效", Number: 20}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("../seeds/futian-2021-execution-2022-plan.txt")
	an, _ := nlp.New(nil)
	rep, err := ingest.New(s.DB, parse.New(), nlp.New, an, nil).Ingest(ctx, "corrected", bytes.Replace(data, []byte("新增9510座学位"), []byte("新增9800座学位"), 1), parse.Options{})
	if err != nil || rep.Version != 2 {
		t.Fatalf("ingest corrected: %+v %v", rep, err)
	}
	for run, wantQueued := range []int{1, 0} {
		rec, err := s.OnIngest(ctx, rep.Doc, rep.Version, rep.Previous)
		if err != nil || rec.Queued != wantQueued || rec.Changes == 0 {
			t.Errorf("run %d: %+v %v; want %d queued", run+1, rec, err, wantQueued)
		}
	}
	sets, _ := s.DB.ChangesSince(time.Time{})
	if len(sets) != 1 || sets[0].Version != 2 {
		t.Errorf("%d change sets after two runs; want 1 of v2", len(sets))
	}
	items, _ := s.DB.Outbox()
	if len(items) != 1 || !strings.Contains(string(items[0].Payload), "9800座") {
		t.Errorf("outbox = %+v", items)
	}
}

// An ingest compared with two documents (its previous version and the
// plan it reports on) sends each subscriber one notice, not one each.
func TestOneNoticePerIngest(t *testing.T) {
	s := setup(t)
	ctx := context.Background()
	if _, err := s.Subscribe("U1", plan.Target{Kind: plan.TargetIndicator, Region: "福田区", Name: "地区生产总值"}); err != nil {
		t.Fatal(err)
	}
	report, err := os.ReadFile("../diff/testdata/futian-2022-execution.txt")
	if err != nil {
		t.Fatal(err)
	}
	in := ingest.New(s.DB, parse.New(), nlp.New, mustAnalyzer(t), nil)
	for i, data := range [][]byte{report, bytes.Replace(report, []byte("增长3.0%；"), []byte("增长3.2%；"), 1)} {
		rep, err := in.Ingest(ctx, "report", data, parse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.OnIngest(ctx, rep.Doc, rep.Version, rep.Previous)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && len(rec.Sets) != 2 {
			t.Fatalf("v2 compared with %d documents; want its v1 and the plan", len(rec.Sets))
		}
	}
	items, _ := s.DB.Outbox()
	perVersion := map[string]int{}
	for _, it := range items {
		perVersion[it.Key]++
		if it.User != "U1" {
			t.Errorf("notice to %q", it.User)
		}
	}
	if len(items) != 2 {
		t.Errorf("outbox holds %d notices (%v); want one per ingest", len(items), perVersion)
	}
}

func mustAnalyzer(t *testing.T) *nlp.Analyzer {
	t.Helper()
	an, err := nlp.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return an
}

// A work report numbers no tasks: the sections of its planned work stand
// for them, so `/plan subscribe 2` follows one and a corrected version's
// figure in it reaches the subscriber.
func TestFollowAWorkReportsSection(t *testing.T) {
	db, in := testindex.Open(t)
	s := &Service{DB: db, Synonyms: in.Analyzer().Synonyms, IsUser: isUser}
	ctx := context.Background()
	data, err := os.ReadFile("../diff/testdata/hebei_2026_gwr.txt")
	if err != nil {
		t.Fatal(err)
	}
	testindex.Ingest(t, in, "hebei", data)
	want := "task:河北省:充分挖掘内需潜力，推动经济稳定增长"
	for _, q := range []string{"2", "任务2", "内需"} {
		ts, err := s.Resolve(ctx, q)
		if err != nil || len(ts) != 1 || ts[0].ID() != want {
			t.Fatalf("Resolve(%q) = %v, %v; want %s", q, ts, err, want)
		}
	}
	if _, err := s.Resolve(ctx, "7"); plan.ErrorCode(err) != plan.ENOTFOUND || !strings.Contains(err.Error(), "共 6 项") {
		t.Errorf("Resolve(7) = %v; want not found among 6", err)
	}
	ts, _ := s.Resolve(ctx, "2")
	if _, err := s.Subscribe("U1", ts[0]); err != nil {
		t.Fatal(err)
	}
	rep := testindex.Ingest(t, in, "hebei", bytes.Replace(data, []byte("建成县域快递物流中心44个"), []byte("建成县域快递物流中心46个"), 1))
	if rep.Version != 2 {
		t.Fatalf("corrected version ingested as v%d", rep.Version)
	}
	if _, err := s.OnIngest(ctx, rep.Doc, rep.Version, rep.Previous); err != nil {
		t.Fatal(err)
	}
	items, _ := s.DB.Outbox()
	if len(items) != 1 || items[0].User != "U1" || !strings.Contains(string(items[0].Payload), "46个") {
		t.Errorf("outbox = %+v; want U1 told of 46个", items)
	}
}
