package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/planbot/planbot/digest"
	"github.com/planbot/planbot/plan"
)

// runDigest renders the digest in the terminal.
func (m *Main) runDigest(ctx context.Context, args []string) error {
	fs := m.flags("digest", "--print [--region R] [--for CHANNEL|USER] [--since DURATION] [--tz ZONE]")
	print := fs.Bool("print", false, m.t("在终端显示摘要", "render the digest in the terminal"))
	region := fs.String("region", m.getenv("PLANBOT_REGION"), m.t("摘要的地区（$PLANBOT_REGION）", "region of the digest ($PLANBOT_REGION)"))
	owner := fs.String("for", "", m.t("加入这个 Slack 频道或用户关注的内容", "include what this Slack channel or user follows"))
	since := fs.Duration("since", 24*time.Hour, m.t("报告这段时间内收录的更新", "report updates ingested within this long"))
	tz := fs.String("tz", digest.DefaultTZ, m.t("摘要的时区（IANA 名称，与 Slack 中的摘要相同）", "the digest's time zone (an IANA name; Slack's digests default to it too)"))
	asJSON := fs.Bool("json", false, m.t("以 JSON 输出摘要", "print the digest as JSON"))
	if _, err := m.parseArgs(fs, args); err != nil {
		return err
	}
	if !*print && !*asJSON {
		fs.Usage()
		return plan.Errorf(plan.EINVALID, "%s", m.t("用 --print 在这里显示摘要；Slack 频道的摘要由 planbot serve 发送（/plan digest on 09:00）", "use --print to render the digest here; Slack channels get theirs from planbot serve (/plan digest on 09:00)"))
	}
	loc, err := digest.Location(*tz)
	if err != nil {
		return plan.Errorf(plan.EINVALID, "%v", err)
	}
	if err := m.open(ctx, true); err != nil {
		return err
	}
	// The digest's times in its own zone, as in Slack, not the machine's.
	now := time.Now().In(loc)
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
