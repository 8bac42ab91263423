package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/planbot/planbot/diff"
	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/store"
)

// runDiff shows what changed between two documents or versions.
func (m *Main) runDiff(ctx context.Context, args []string) error {
	fs := m.flags("diff", "OLD [NEW]   (a document ID, ID@vN, or a .txt file; with one argument, its previous version)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || len(pos) > 2 {
		fs.Usage()
		return plan.Errorf(plan.EINVALID, "name one or two documents: planbot diff OLD NEW")
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	var old, new *plan.Document
	if len(pos) == 1 {
		old, new, err = m.lib.WithPrevious(ctx, pos[0])
		if err != nil {
			return err
		}
	} else {
		if old, err = m.lib.Document(ctx, pos[0]); err != nil {
			return err
		}
		if new, err = m.lib.Document(ctx, pos[1]); err != nil {
			return err
		}
	}
	changes := diff.Compare(old, new)
	fmt.Fprintf(m.Stdout, "%s\n→ %s\n", old.Title, new.Title)
	if len(changes) == 0 {
		if old.Region != new.Region {
			fmt.Fprintln(m.Stdout, "（不同地区的文件，不作比较）")
		} else {
			fmt.Fprintln(m.Stdout, "没有变化。")
		}
		return nil
	}
	fmt.Fprintf(m.Stdout, "%d 处变化：\n", len(changes))
	byTarget := map[string][]plan.Change{}
	var order []string
	for _, c := range changes {
		k := "其他"
		if len(c.Targets) > 0 {
			k = c.Targets[0].Label()
		}
		if _, ok := byTarget[k]; !ok {
			order = append(order, k)
		}
		byTarget[k] = append(byTarget[k], c)
	}
	for _, k := range order {
		fmt.Fprintf(m.Stdout, "\n%s\n", k)
		for _, c := range byTarget[k] {
			// A result reported without a subject starts with its colon.
			detail := strings.TrimPrefix(c.Detail(), "：")
			fmt.Fprintf(m.Stdout, "  [%s] %s\n", c.Kind.Label(), strings.TrimSpace(detail))
			if c.NewSentence != "" && c.Kind != plan.SentenceChanged {
				fmt.Fprintf(m.Stdout, "      “%s”\n", truncate(c.NewSentence, 80))
			}
			if loc := c.Loc.String(); loc != "" {
				fmt.Fprintf(m.Stdout, "      — %s\n", loc)
			}
		}
	}
	return nil
}

// runDigest renders the digest in the terminal.
func (m *Main) runDigest(ctx context.Context, args []string) error {
	fs := m.flags("digest", "--print [--region R] [--for CHANNEL|USER] [--since DURATION]")
	print := fs.Bool("print", false, "render the digest in the terminal")
	region := fs.String("region", os.Getenv("PLANBOT_REGION"), "region of the digest ($PLANBOT_REGION)")
	owner := fs.String("for", "", "include what this Slack channel or user follows")
	since := fs.Duration("since", 24*time.Hour, "report updates ingested within this long")
	asJSON := fs.Bool("json", false, "print the digest as JSON")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if !*print && !*asJSON {
		fs.Usage()
		return plan.Errorf(plan.EINVALID, "use --print to render the digest here; Slack channels get theirs from planbot serve (/plan digest on 09:00)")
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	now := time.Now()
	d, err := (&digest.Builder{DB: m.db, Region: *region}).Build(ctx, *owner, now, now.Add(-*since))
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(d)
	}
	fmt.Fprint(m.Stdout, digest.RenderText(d))
	return nil
}

// runFeedback exports 👍/👎 feedback as JSON lines for review.
func (m *Main) runFeedback(ctx context.Context, args []string) error {
	fs := m.flags("feedback", "[--bad]")
	bad := fs.Bool("bad", false, "only 👎")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if err := m.open(ctx, false); err != nil {
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	return m.db.EachFeedback(func(f store.Feedback) error {
		if *bad && f.Helpful {
			return nil
		}
		return enc.Encode(f)
	})
}

// runHealthcheck asks a running planbot's /healthz; Docker's HEALTHCHECK
// runs it (the distroless image has no curl).
func (m *Main) runHealthcheck(ctx context.Context, args []string) error {
	url := "http://127.0.0.1:8081/healthz"
	if len(args) > 0 {
		url = args[0]
	}
	ctx, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return plan.Errorf(plan.EINVALID, "bad health URL %q: %v", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health check %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check %s: %s %s", url, resp.Status, body)
	}
	fmt.Fprint(m.Stdout, string(body))
	return nil
}
