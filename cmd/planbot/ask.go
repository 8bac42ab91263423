package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/planbot/planbot/answer"
	"github.com/planbot/planbot/internal/lang"
	"github.com/planbot/planbot/plan"
)

// runAsk answers questions: one from the arguments, one a stdin line, or
// interactively; --explain shows how one is read and scored.
func (m *Main) runAsk(ctx context.Context, args []string) error {
	fs := m.flags("ask", "[--json | --explain] [QUESTION | -]")
	asJSON := fs.Bool("json", false, m.t("每个问题输出一个 JSON 对象", "print one JSON object per question"))
	explain := fs.Bool("explain", false, m.t("显示如何理解问题、候选答案如何打分", "show how the question is read and how the best candidates score"))
	pos, err := m.parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	switch {
	case *explain:
		out, err := m.engine.Explain(ctx, strings.Join(pos, " "), 10)
		if err != nil {
			return err
		}
		fmt.Fprint(m.Stdout, out)
		return nil
	case len(pos) == 1 && pos[0] == "-":
		return m.askLines(ctx, m.Stdin, *asJSON, false)
	case len(pos) == 0:
		return m.askLines(ctx, m.Stdin, *asJSON, m.stdinIsTerminal())
	}
	return m.askOne(ctx, strings.Join(pos, " "), *asJSON)
}

// askOne answers a question given on the command line. A question that
// cannot be asked is an error (exit 2, with --json or without: the JSON
// reply carries the error too); "not found" is an answer.
func (m *Main) askOne(ctx context.Context, q string, asJSON bool) error {
	ans, err := m.engine.Ask(ctx, q)
	if err != nil && plan.ErrorCode(err) != plan.EINVALID {
		return err
	}
	if asJSON {
		if jerr := writeJSON(m.Stdout, ans, err); jerr != nil {
			return jerr
		}
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprint(m.Stdout, renderText(ans, m.lang))
	return nil
}

// askLines answers one question a line. Every line gets exactly one reply
// line in JSON mode, errors included, so replies stay aligned with
// questions.
func (m *Main) askLines(ctx context.Context, r io.Reader, asJSON, prompt bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if prompt {
		fmt.Fprint(m.Stderr, m.t("planbot — 输入问题，回车提问；Ctrl-D 退出。\n", "planbot — type a question and press Enter; Ctrl-D quits.\n")+prompt1)
	}
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		q := trimQuestion(sc.Text())
		if q == "" && !asJSON {
			if prompt {
				fmt.Fprint(m.Stderr, prompt1)
			}
			continue
		}
		ans, err := m.engine.Ask(ctx, q)
		if err != nil && plan.ErrorCode(err) != plan.EINVALID {
			return err
		}
		if asJSON {
			if err := writeJSON(m.Stdout, ans, err); err != nil {
				return err
			}
		} else if err != nil {
			fmt.Fprintf(m.Stdout, "%s\n\n", lang.Pick(m.lang, plan.ErrorMessage(err)))
		} else {
			fmt.Fprintln(m.Stdout, renderText(ans, m.lang))
		}
		if prompt {
			fmt.Fprint(m.Stderr, prompt1)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}

type jsonReply struct {
	answer.Answer
	Error string `json:"error,omitempty"`
}

func writeJSON(w io.Writer, ans answer.Answer, err error) error {
	r := jsonReply{Answer: ans}
	if err != nil {
		r.Error = plan.ErrorMessage(err)
	}
	b, mErr := json.Marshal(r)
	if mErr != nil {
		return mErr
	}
	_, wErr := fmt.Fprintf(w, "%s\n", b)
	return wErr
}

// prompt1 is the interactive prompt.
const prompt1 = "?> "

// isTerminal reports whether r is a terminal, where askLines prompts.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// trimQuestion drops the spaces around a question read from a line, and
// the byte-order mark a Windows editor starts a file with.
func trimQuestion(s string) string { return strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")) }
