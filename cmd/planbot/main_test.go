package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs planbot with args against the index in dir, returning exit
// code, stdout and stderr.
func run(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(stdin), &out, &errb)
	code := m.Run(context.Background(), append(args, "--db", dir))
	return code, out.String(), errb.String()
}

func TestAskFillsEmptyIndexFromSeed(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, dir, "", "ask", "2022年新增学位多少")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"9510座", "2022年", "计划任务", "新增9510座学位", "第23页"} {
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
	if code != 2 || !strings.Contains(errs, "pdftotext") || !strings.Contains(errs, "unchanged") {
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
