package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// A line of any length gets one reply: over 1 MB, an error saying so,
// and the lines after it are still answered (bufio.Scanner stopped the
// run at the long line, with one reply for four questions).
func TestAskJSONLongLine(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("学位", 1<<20/3) // 2 MB
	in := "2022年新增学位多少\n" + long + "\n2021年新改扩建学校多少所\n2021年GDP是多少"
	code, out, errs := run(t, dir, in, "ask", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d reply lines for 4 questions:\n%.2000s", len(lines), out)
	}
	for i, l := range lines {
		var r struct {
			Found bool
			Error string
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d is not JSON: %.200s", i+1, l)
		}
		switch {
		case i == 1 && (r.Found || !strings.Contains(r.Error, "longer than 1 MB")):
			t.Errorf("the 2 MB line: %.300s; want an error naming the limit", l)
		case i != 1 && (!r.Found || r.Error != ""):
			t.Errorf("line %d not answered: %.300s", i+1, l)
		}
	}
}

func TestReadLine(t *testing.T) {
	const max = 100 // with a 16-byte buffer: lines span several reads
	long := strings.Repeat("x", 101)
	tests := []struct {
		in   string
		want []string // "LONG" for a line over max
	}{
		{"", nil},
		{"a\nb\n", []string{"a", "b"}},
		{"a\n\nb", []string{"a", "", "b"}},
		{strings.Repeat("y", 100) + "\n", []string{strings.Repeat("y", 100)}},
		{"a\n" + long + "\nb\n", []string{"a", "LONG", "b"}},
		{long, []string{"LONG"}},
		{"a\r\n", []string{"a\r"}},
	}
	for _, tt := range tests {
		r := bufio.NewReaderSize(strings.NewReader(tt.in), 16)
		var got []string
		for {
			line, long, err := readLine(r, max)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if long {
				if len(line) != 0 {
					t.Errorf("%q: a long line kept %d bytes", tt.in, len(line))
				}
				got = append(got, "LONG")
				continue
			}
			got = append(got, string(line))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("%q: lines %q; want %q", tt.in, got, tt.want)
		}
	}
}

// At the prompt a question that names only a year is the previous one
// asked of that year, as in a Slack thread; lines of --json are not.
func TestAskPromptFollowsUp(t *testing.T) {
	dir := t.TempDir()
	in := "2022年新增学位多少\n那2021年呢？\n"
	terminal := true
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(in), &out, &errb)
	m.terminal = &terminal
	code := m.Run(context.Background(), []string{"ask", "--lang", "zh", "--db", dir})
	m.Close()
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	replies := strings.Split(strings.TrimSpace(out.String()), "\n\n") // an answer ends with a blank line
	if len(replies) != 2 || !strings.Contains(replies[0], "9510座") {
		t.Fatalf("want two answers, the first 9510座:\n%s", out.String())
	}
	if !strings.Contains(replies[1], "按“2021年新增学位多少”理解") || !strings.HasPrefix(replies[1], "9270座") {
		t.Errorf("那2021年呢？ was not read as the first question asked of 2021:\n%s", replies[1])
	}
	if !strings.Contains(errb.String(), prompt1) {
		t.Errorf("no prompt shown: %q", errb.String())
	}
	_, jsonOut, _ := run(t, dir, in, "ask", "--json", "-")
	if strings.Contains(jsonOut, "接上一问") {
		t.Errorf("ask --json - read a line as a follow-up:\n%s", jsonOut)
	}
}
