package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/plan"
)

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
	d, err := (&digest.Builder{DB: m.db, Region: *region, Synonyms: m.engine.Analyzer().Synonyms}).Build(ctx, *owner, now, now.Add(-*since))
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(m.Stdout).Encode(d)
	}
	fmt.Fprint(m.Stdout, digest.RenderText(d))
	return nil
}
