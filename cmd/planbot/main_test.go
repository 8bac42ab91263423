package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/fakeslack"
)

// run runs planbot with args against the index in dir, returning exit
// code, stdout and stderr.
func run(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(stdin), &out, &errb)
	code := m.Run(context.Background(), append(args, "--db", dir))
	m.Close()
	return code, out.String(), errb.String()
}

func TestAskFillsEmptyIndexFromSeed(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "", "ask", "--lang", "zh", "2022年新增学位多少")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"9510座", "2022年", "计划任务", "新增9510座学位", "第23页", "置信度"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, dir, "", "ask", "--json", "2021年GDP是多少")
	var a struct {
		Found   bool
		Answers []struct{ Figure, Excerpt string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &a) != nil || !a.Found || a.Answers[0].Figure != "5318.2亿元" {
		t.Errorf("ask --json: exit %d %s", code, out)
	}
}

// Every stdin line gets exactly one JSON line, bad questions included, so
// replies stay aligned with questions.
func TestAskLinesJSON(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("学位", 300)
	in := "2022年新增学位多少\n\n" + long + "\n😀\n2021年新改扩建学校多少所\n"
	code, out, errs := run(t, dir, in, "ask", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %s", sc.Text())
		}
		lines = append(lines, m)
	}
	if len(lines) != 5 {
		t.Fatalf("got %d reply lines for 5 questions", len(lines))
	}
	if lines[0]["found"] != true || lines[4]["found"] != true {
		t.Errorf("good questions not answered: %v / %v", lines[0], lines[4])
	}
	for _, i := range []int{1, 2} {
		if lines[i]["found"] != false || lines[i]["error"] == nil {
			t.Errorf("line %d: want an error reply, got %v", i+1, lines[i])
		}
	}
	if lines[3]["found"] != false || lines[3]["error"] != nil {
		t.Errorf("emoji question: want an honest not-found, got %v", lines[3])
	}
}

func TestIngestAndDocs(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "", "docs")
	code, out, errs := run(t, dir, "", "ingest", "../../parse/testdata/nanshan-plan/input.txt")
	if code != 0 || !strings.Contains(out, "南山区/2022-2023/plan-execution v1") {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.pdf")
	os.WriteFile(bad, []byte("%PDF-1.5 binary"), 0o644)
	code, _, errs = run(t, dir, "", "ingest", bad)
	if code != 2 || !strings.Contains(errs, "PDF is damaged") || !strings.Contains(errs, "unchanged") {
		t.Errorf("bad file: exit %d, stderr %s", code, errs)
	}
	code, out, _ = run(t, dir, "", "docs")
	if code != 0 || !strings.Contains(out, "福田区/2021-2022/plan-execution") || !strings.Contains(out, "南山区/2022-2023/plan-execution") {
		t.Errorf("docs: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, dir, "", "ask", "南山区2023年新增公办学位多少")
	if code != 0 || !strings.Contains(out, "1.5万个") {
		t.Errorf("ask after ingest: %s", out)
	}
	code, out, _ = run(t, dir, "", "tasks", "福田区/2021-2022/plan-execution")
	if code != 0 || !strings.Contains(out, " 20. 提升教育事业发展质效") {
		t.Errorf("tasks: %s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := run(t, dir, "", "frobnicate"); code != 2 {
		t.Errorf("unknown command exit %d", code)
	}
	if code, _, errs := run(t, dir, "", "ingest"); code != 2 || !strings.Contains(errs, "at least one file") {
		t.Errorf("ingest without files: %d %s", code, errs)
	}
	if code, _, errs := run(t, dir, "", "ingest", "/nonexistent/file.txt"); code != 2 || !strings.Contains(errs, "no such file") {
		t.Errorf("missing file: %d %s", code, errs)
	}
}

func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SLACK_BOT_TOKEN", "")
	t.Setenv("SLACK_APP_TOKEN", "")
	code, _, errs := run(t, dir, "", "serve")
	if code != 2 || !strings.Contains(errs, "SLACK_BOT_TOKEN is not set") {
		t.Errorf("no token: %d %s", code, errs)
	}
	t.Setenv("SLACK_BOT_TOKEN", "xoxp-user-token-secret")
	code, _, errs = run(t, dir, "", "serve")
	if code != 2 || !strings.Contains(errs, "xoxb-") || strings.Contains(errs, "secret") {
		t.Errorf("wrong token: %d %s", code, errs)
	}
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-1")
	code, _, errs = run(t, dir, "", "serve", "--http", ":0")
	if code != 2 || !strings.Contains(errs, "SLACK_SIGNING_SECRET") {
		t.Errorf("http without secret: %d %s", code, errs)
	}
}

// planbot serve end to end against the fake Slack: a mention is answered,
// the health endpoint answers, and SIGTERM-style cancellation stops it.
func TestServeAgainstFakeSlack(t *testing.T) {
	srv := fakeslack.New()
	defer srv.Close()
	t.Setenv("SLACK_BOT_TOKEN", srv.BotToken())
	t.Setenv("SLACK_APP_TOKEN", srv.AppToken())
	dir := t.TempDir()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	health := ln.Addr().String()
	ln.Close()
	var out, errb syncBuf
	m := NewMain(strings.NewReader(""), &out, &errb)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		code := m.Run(ctx, []string{"serve", "--db", dir, "--api-url", srv.APIURL(), "--health", health, "--watch", filepath.Join(dir, "watch")})
		m.Close()
		done <- code
	}()
	if err := srv.WaitConnections(30*time.Second, 1); err != nil {
		cancel()
		t.Fatalf("no Socket Mode connection: %v\n%s", err, errb.String())
	}
	srv.SendEventsAPI(map[string]any{"type": "app_mention", "user": "U1", "channel": "C1", "ts": "9.1", "text": "<@UBOT> 2022年新增学位多少"})
	calls, err := srv.WaitFor(10*time.Second, "chat.postMessage", 1)
	if err != nil || !strings.Contains(string(calls[0].Blocks), "9510座") {
		t.Errorf("serve did not answer: %v", err)
	}
	var hc bytes.Buffer
	hm := NewMain(strings.NewReader(""), &hc, &hc)
	deadline := time.Now().Add(5 * time.Second)
	for hm.Run(context.Background(), []string{"healthcheck", "http://" + health + "/healthz"}) != 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		hc.Reset()
	}
	if !strings.Contains(hc.String(), "ok 1 document,") {
		t.Errorf("healthcheck: %s", hc.String())
	}
	// A document dropped into the watched folder is ingested.
	// The folder may not exist yet if the watcher has not started: the
	// file must land whether it has or not.
	data, _ := os.ReadFile("../../parse/testdata/nanshan-plan/input.txt")
	if err := os.MkdirAll(filepath.Join(dir, "watch"), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "watch", "nanshan.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(20 * time.Second)
	for !strings.Contains(errb.String(), "ingested from the watched folder") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(errb.String(), "ingested from the watched folder") {
		t.Errorf("watched folder not ingested:\n%s", errb.String())
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit %d: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(errb.String(), "planbot stopped") {
		t.Errorf("no clean stop logged")
	}
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestDiffDigestFeedback(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile("../../seeds/futian-2021-execution-2022-plan.txt")
	corrected := filepath.Join(t.TempDir(), "corrected.txt")
	os.WriteFile(corrected, bytes.Replace(data, []byte("新增9510座学位"), []byte("新增9800座学位"), 1), 0o644)
	code, out, errs := run(t, dir, "", "diff", "福田区/2021-2022/plan-execution", corrected)
	if code != 0 || !strings.Contains(out, "新增学位 9510座 → 9800座") || !strings.Contains(out, "任务20 提升教育事业发展质效") {
		t.Errorf("diff: %d\n%s%s", code, out, errs)
	}
	run(t, dir, "", "ingest", corrected)
	code, out, _ = run(t, dir, "", "diff", "福田区/2021-2022/plan-execution")
	if code != 0 || !strings.Contains(out, "9510座 → 9800座") {
		t.Errorf("diff with the previous version: %s", out)
	}
	code, out, _ = run(t, dir, "", "digest", "--print")
	for _, want := range []string{"每日指标摘要", "本区生产总值", "6.8%", "8.6%", "6.0%以上", "新增学位 9510座 → 9800座"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("digest lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, dir, "", "feedback")
	if code != 0 || out != "" {
		t.Errorf("feedback with none recorded: %d %q", code, out)
	}
}

// TestIngestSaysWhatItRead: ingest prints the region, genre, years and
// title it read, and the flags correct a misreading.
func TestIngestSaysWhatItRead(t *testing.T) {
	dir := t.TempDir()
	doc := filepath.Join(dir, "report.txt")
	text := "政府工作报告\n各位代表：\n现在，我代表省人民政府向大会报告工作。\n一、2025年工作回顾\n全省地区生产总值增长5.5%。\n二、2026年重点工作\n今年地区生产总值增长5%左右。\n"
	if err := os.WriteFile(doc, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "db")
	code, out, errs := run(t, db, "", "ingest", doc)
	if code != 0 || !strings.Contains(out, "read as: 地区未知 (--region) · 政府工作报告 · 回顾2025年、计划2026年") {
		t.Fatalf("ingest = %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, db, "", "ingest", "--region", "湖北省", "--year", "2026", "--title", "2026年湖北省政府工作报告", doc)
	if code != 0 || !strings.Contains(out, "read as: 湖北省 · 政府工作报告 · 回顾2025年、计划2026年 · 《2026年湖北省政府工作报告》") {
		t.Fatalf("ingest with corrections = %d %q %q", code, out, errs)
	}
	if _, out, _ := run(t, db, "", "docs"); !strings.Contains(out, "湖北省/2025-2026/work-report") || !strings.Contains(out, "政府工作报告") {
		t.Errorf("docs:\n%s", out)
	}
	if code, _, errs := run(t, db, "", "ingest", "--genre", "novel", doc); code != 2 || !strings.Contains(errs, "work-report") {
		t.Errorf("a bad --genre: %d %q", code, errs)
	}
}

// `planbot tasks` on a work report, which numbers no tasks, lists the
// sections of its planned work and says so.
func TestTasksOfAWorkReport(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run(t, dir, "", "ingest", "../../diff/testdata/hebei_2026_gwr.txt"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errs)
	}
	code, out, _ := run(t, dir, "", "tasks", "--lang", "zh")
	for _, want := range []string{"没有编号任务", "  2. 充分挖掘内需潜力，推动经济稳定增长  〔2026年主要工作〕", "  6. 切实增进百姓福祉"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("tasks: exit %d, output lacks %q:\n%s", code, want, out)
		}
	}
}
