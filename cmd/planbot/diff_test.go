package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedID = "福田区/2021-2022/plan-execution"

// seedAndCorrected returns the seed document and a corrected copy
// (新增学位 9510座 → 9800座).
func seedAndCorrected(t *testing.T) (seed, corrected []byte) {
	t.Helper()
	seed, err := os.ReadFile("../../seeds/futian-2021-execution-2022-plan.txt")
	if err != nil {
		t.Fatal(err)
	}
	return seed, bytes.Replace(seed, []byte("新增9510座学位"), []byte("新增9800座学位"), 1)
}

// planbot tasks lists the newest plan (the document /plan subscribe 20
// means), and planbot diff ID@vN compares version N with the one before.
func TestTasksAndDiffOfVersions(t *testing.T) {
	t.Setenv("PLANBOT_REGION", "")
	seed, corrected := seedAndCorrected(t)
	dir := t.TempDir()
	tmp := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(tmp, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	again := bytes.Replace(corrected, []byte("新增9800座学位"), []byte("新增9900座学位"), 1)
	for _, f := range []string{write("v1.txt", seed), write("v2.txt", corrected), write("v3.txt", again), "../../parse/testdata/nanshan-plan/input.txt"} {
		if code, out, errs := run(t, dir, "", "ingest", f); code != 0 {
			t.Fatalf("ingest %s: %d\n%s%s", f, code, out, errs)
		}
	}
	// A copy of the seed under an ID that sorts after it: same region and plan year.
	if code, out, errs := run(t, dir, "", "ingest", "--id", "福田区/zz-copy", write("copy.txt", seed)); code != 0 {
		t.Fatalf("ingest copy: %d\n%s%s", code, out, errs)
	}
	tests := []struct {
		args       []string
		region     string
		code       int
		want, miss string
	}{
		{[]string{"tasks"}, "", 0, "南山区", "福田区"}, // the newest plan year of all regions
		{[]string{"tasks"}, "福田区", 0, "(" + seedID + ")", "zz-copy"},
		{[]string{"diff", seedID + "@v2"}, "", 0, "新增学位 9510座 → 9800座", "9900座"},
		{[]string{"diff", seedID + "@v3"}, "", 0, "新增学位 9800座 → 9900座", "9510座"},
		{[]string{"diff", seedID}, "", 0, "新增学位 9800座 → 9900座", "9510座"},
		{[]string{"diff", seedID + "@v1"}, "", 2, "", "9900座"},
		{[]string{"diff", seedID + "@v1", seedID + "@v3"}, "", 0, "新增学位 9510座 → 9900座", "9800座"},
	}
	for _, tt := range tests {
		t.Setenv("PLANBOT_REGION", tt.region)
		code, out, errs := run(t, dir, "", tt.args...)
		if code != tt.code || !strings.Contains(out, tt.want) || (tt.miss != "" && strings.Contains(out, tt.miss)) {
			t.Errorf("%v (region %q): exit %d\n%s%s\nwant exit %d, %q, not %q", tt.args, tt.region, code, out, errs, tt.code, tt.want, tt.miss)
		}
	}
}
