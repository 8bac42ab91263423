package main

import (
	"bytes"
	"context"
	"flag"
	"strings"
	"testing"

	"github.com/planbot/planbot/digest"
)

// runArgs runs planbot with exactly args (no --db appended).
func runArgs(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(stdin), &out, &errb)
	m.Getenv = func(string) string { return "" } // no PLANBOT_*, no locale
	code := m.Run(context.Background(), args)
	m.Close()
	return code, out.String(), errb.String()
}

// One CLI: global flags before the command, one error line and exit 2
// for a bad flag, agreeing exit codes, version, suggestions, help that
// lists every flag, and plurals.
func TestCLIConventions(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name     string
		args     []string
		code     int
		out, err string // substrings of stdout and stderr
		notOut   string
	}{
		{"global flag before the command", []string{"--db", dir, "docs"}, 0, "福田区/2021-2022/plan-execution", "", ""},
		{"global flag with =", []string{"--db=" + dir, "-v", "docs", "--json"}, 0, `"id":"福田区/2021-2022/plan-execution"`, "", ""},
		{"global flag after the command", []string{"docs", "--db", dir}, 0, "1 document\n", "", "1 documents"},
		{"unknown flag", []string{"--db", dir, "docs", "--frob"}, 2, "", "flag provided but not defined: -frob", ""},
		{"unknown global flag", []string{"--frob", "docs"}, 2, "", "flag provided but not defined: --frob", ""},
		{"empty question", []string{"--db", dir, "ask", ""}, 2, "", "empty", ""},
		{"empty question, JSON", []string{"--db", dir, "ask", "--json", ""}, 2, `"error"`, "empty", ""},
		{"version", []string{"version"}, 0, "planbot ", "", ""},
		{"--version", []string{"--version"}, 0, "planbot ", "", ""},
		{"typo", []string{"aks", "GDP"}, 2, "", "did you mean ask?", ""},
		{"typo, Chinese", []string{"--lang", "zh", "dcos"}, 2, "", "你是想用 docs 吗", ""},
		{"help", []string{"help"}, 0, "--explain", "", ""},
		{"help of a command", []string{"help", "feedback"}, 0, "--bad", "", ""},
		{"-h of a command", []string{"ask", "-h"}, 0, "--json", "", ""},
		{"diff, English", []string{"--db", dir, "diff", seedID, seedID}, 0, "No changes.", "", "没有变化"},
		{"diff, Chinese", []string{"--db", dir, "--lang", "zh", "diff", seedID, seedID}, 0, "没有变化。", "", "No changes"},
		{"found answer's caveat", []string{"--db", dir, "ask", "今年新增学位多少"}, 0, "Note: ", "", ""},
		{"found answer's caveat, Chinese", []string{"--db", dir, "--lang", "zh", "ask", "今年新增学位多少"}, 0, "注意：（现有最新文件为2022年计划", "", "Note"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runArgs(t, "", tc.args...)
			if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errs, tc.err) || (tc.notOut != "" && strings.Contains(out, tc.notOut)) {
				t.Errorf("planbot %q: exit %d\nstdout: %s\nstderr: %s\nwant exit %d, stdout with %q (not %q), stderr with %q", tc.args, code, out, errs, tc.code, tc.out, tc.notOut, tc.err)
			}
			if strings.Count(errs, "planbot:") > 1 {
				t.Errorf("the error is printed %d times:\n%s", strings.Count(errs, "planbot:"), errs)
			}
		})
	}
}

// The help lists every flag of every command, as the commands define
// them.
func TestHelpListsEveryFlag(t *testing.T) {
	_, help, _ := runArgs(t, "", "help")
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	for _, c := range commands() {
		fs := m.commandFlags(c.name)
		if fs == nil {
			continue
		}
		for _, name := range []string{"db", "v", "lang"} {
			if fs.Lookup(name) == nil {
				t.Errorf("%s lacks the global flag --%s", c.name, name)
			}
		}
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(help, flagName(f)) && !globalFlag(f.Name) {
				t.Errorf("help lacks %s %s", c.name, flagName(f))
			}
		})
	}
	for _, want := range []string{"--explain", "--for", "--json", "--bad", "--watch", "--tz", "--max-size", "--api-url", "--lang", "--db"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %s", want)
		}
	}
}

// The docs table aligns Chinese text by its display width.
func TestDocsTableAligned(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "", "docs") // the seed
	run(t, dir, "", "ingest", "../../parse/testdata/nanshan-plan/input.txt")
	code, out, _ := run(t, dir, "", "docs")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 4 || lines[3] != "2 documents" {
		t.Fatalf("docs: %d\n%s", code, out)
	}
	// Every row's TITLE starts at the same display column.
	col := -1
	for _, l := range lines[:3] {
		fields := strings.Split(l, "  ")
		last := strings.TrimSpace(fields[len(fields)-1])
		c := digest.Width(l) - digest.Width(last)
		if col >= 0 && c != col {
			t.Errorf("misaligned: %q (title at column %d, want %d)", l, c, col)
		}
		col = c
	}
}

// digest --print shows its time in the digest's zone (Asia/Shanghai by
// default, as in Slack), whatever the machine's.
func TestDigestPrintTimeZone(t *testing.T) {
	t.Setenv("TZ", "UTC")
	dir := t.TempDir()
	code, out, errs := run(t, dir, "", "digest", "--print")
	if code != 0 || !strings.Contains(strings.SplitN(out, "\n", 2)[0], "CST") {
		t.Errorf("digest: %d %s\n%s", code, errs, out)
	}
	code, out, _ = run(t, dir, "", "digest", "--print", "--tz", "Europe/Berlin")
	if first := strings.SplitN(out, "\n", 2)[0]; code != 0 || !(strings.Contains(first, "CET") || strings.Contains(first, "CEST")) {
		t.Errorf("digest --tz Europe/Berlin: %s", first)
	}
}
