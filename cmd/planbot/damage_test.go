package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// flipInLargestTable flips one bit a third of the way into the index's
// largest table: a block planbot reads whatever it is asked.
func flipInLargestTable(t *testing.T, dir string) {
	t.Helper()
	tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(tables) == 0 {
		t.Fatal("no table to damage")
	}
	size := func(p string) int64 { st, _ := os.Stat(p); return st.Size() }
	slices.SortFunc(tables, func(a, b string) int { return int(size(b) - size(a)) })
	b, err := os.ReadFile(tables[0])
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/3] ^= 0x10
	if err := os.WriteFile(tables[0], b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A damaged index is never answered from: every command says so, names
// the index and what to do, and exits 3; check lists what is damaged;
// reindex rebuilds it from what is intact, keeping the damaged directory,
// and the rebuilt index checks sound and answers.
func TestDamagedIndexIsReportedAndRebuilt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if code, _, errs := run(t, dir, "", "ask", "2022年新增学位多少"); code != 0 {
		t.Fatalf("ask: %s", errs)
	}
	if code, out, errs := run(t, dir, "", "check"); code != 0 || !strings.Contains(out, "sound") {
		t.Fatalf("check of a sound index: %d\n%s%s", code, out, errs)
	}
	flipInLargestTable(t, dir)
	for _, args := range [][]string{{"ask", "2022年新增学位多少"}, {"docs"}, {"ask", "--json", "2022年新增学位多少"}} {
		code, out, errs := run(t, dir, "", args...)
		if code != 3 || out != "" || !strings.Contains(errs, dir) || !strings.Contains(errs, "planbot reindex") {
			t.Errorf("%v on a damaged index: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	code, out, errs := run(t, dir, "", "check")
	if code != 3 || !strings.Contains(out, "does not open") || !strings.Contains(out, "·") {
		t.Errorf("check of a damaged index: %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, dir, "", "reindex")
	m := regexp.MustCompile(`Rebuilt: (\d+) documents.*kept at (\S+)\.`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("reindex of a damaged index: %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(m[2], "MANIFEST")); err != nil {
		t.Errorf("the damaged index was not kept: %v", err)
	}
	if code, out, errs := run(t, dir, "", "check"); code != 0 || !strings.Contains(out, "sound") {
		t.Errorf("check after the rebuild: %d\n%s%s", code, out, errs)
	}
	code, out, _ = run(t, dir, "", "docs")
	if code != 0 || !strings.Contains(out, m[1]+" document") {
		t.Errorf("docs after a rebuild of %s documents: %d\n%s", m[1], code, out)
	}
	if m[1] == "1" {
		if code, out, _ := run(t, dir, "", "ask", "2022年新增学位多少"); code != 0 || !strings.Contains(out, "9510座") {
			t.Errorf("ask after the rebuild: %d\n%s", code, out)
		}
	}
}

// An index that lost its MANIFEST is damaged, not new: it is not filled
// with the seed document.
func TestLostManifestIsNotReseeded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if code, _, errs := run(t, dir, "", "ask", "2022年新增学位多少"); code != 0 {
		t.Fatalf("ask: %s", errs)
	}
	if err := os.Remove(filepath.Join(dir, "MANIFEST")); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, dir, "", "ask", "2022年新增学位多少")
	if code != 3 || strings.Contains(out, "9510") || !strings.Contains(errs, "damaged") {
		t.Errorf("ask after MANIFEST was lost: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs = run(t, dir, "", "reindex")
	if code != 3 || !strings.Contains(errs, "restore it from a backup") || strings.Contains(errs, "run `planbot reindex`") {
		t.Errorf("reindex without a MANIFEST: exit %d\n%s", code, errs)
	}
}

// An index too damaged to open even for salvage says to restore a
// backup, not to run reindex again.
func TestUnreadableIndexSaysRestore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if code, _, errs := run(t, dir, "", "ask", "2022年新增学位多少"); code != 0 {
		t.Fatalf("ask: %s", errs)
	}
	tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	for _, tb := range tables {
		b, _ := os.ReadFile(tb)
		b[len(b)-20] ^= 0xff // the table's index: the table cannot be opened at all
		os.WriteFile(tb, b, 0o600)
	}
	for _, cmd := range []string{"check", "reindex"} {
		code, _, errs := run(t, dir, "", cmd)
		if code != 3 || !strings.Contains(errs, "too damaged") || !strings.Contains(errs, "backup") {
			t.Errorf("%s: exit %d\n%s", cmd, code, errs)
		}
	}
}

// On a disk too full to write to (simulated by asking for more free space
// than any disk has), a write exits 4 with a message that says so, and
// reading still works.
func TestFullDiskExitCode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if code, _, errs := run(t, dir, "", "ask", "2022年新增学位多少"); code != 0 {
		t.Fatalf("ask: %s", errs)
	}
	t.Setenv("PLANBOT_MIN_FREE_MB", "1000000000")
	doc := filepath.Join(t.TempDir(), "doc.txt")
	os.WriteFile(doc, []byte("某区2023年国民经济和社会发展计划\n一、主要目标\n地区生产总值增长6%。\n"), 0o644)
	code, _, errs := run(t, dir, "", "ingest", doc)
	if code != 4 || !strings.Contains(errs, "full") {
		t.Errorf("ingest on a full disk: exit %d\n%s", code, errs)
	}
	for _, args := range [][]string{{"ask", "2022年新增学位多少"}, {"docs"}, {"check"}} {
		if code, out, errs := run(t, dir, "", args...); code != 0 || out == "" {
			t.Errorf("%v on a full disk: exit %d\n%s%s", args, code, out, errs)
		}
	}
	t.Setenv("PLANBOT_MIN_FREE_MB", "lots")
	if code, _, errs := run(t, dir, "", "docs"); code != 2 || !strings.Contains(errs, "PLANBOT_MIN_FREE_MB") {
		t.Errorf("a bad PLANBOT_MIN_FREE_MB: exit %d\n%s", code, errs)
	}
}
