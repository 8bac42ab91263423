package bot_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/internal/fakeslack"
)

// A PDF an admin shares in a DM is downloaded with the bot token, read,
// stored as the next version of its document, and its change reaches the
// subscriber of the changed task, citing the PDF's page.
func TestAdminSharesPDF(t *testing.T) {
	ev := newEnv(t, true)
	// The outbox sender, woken by the library when a document is added.
	ctx, cancel := context.WithCancel(context.Background())
	sent := make(chan error, 1)
	go func() { sent <- ev.bot.RunOutbox(ctx, time.Hour) }()
	t.Cleanup(func() { cancel(); <-sent })
	ts, err := ev.follow.Resolve(context.Background(), "20")
	if err != nil || len(ts) != 1 {
		t.Fatalf("resolve task 20: %v %v", ts, err)
	}
	if _, err := ev.follow.Subscribe("U1", ts[0]); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../extract/testdata/seed-v2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	f := ev.srv.AddFile(slack.File{Name: "福田区2022年计划（修订）.pdf"}, data)
	ev.srv.SendEventsAPI(map[string]any{"type": "file_shared", "file_id": f.ID, "user_id": "UADMIN", "channel_id": "DUADMIN", "file": map[string]any{"id": f.ID}, "event_ts": "2.1"})
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 2)
	if err != nil {
		t.Fatal(err)
	}
	var reply, notice string
	for _, c := range calls {
		switch c.Param("channel") {
		case "DUADMIN":
			reply = c.Param("text")
		case "DU1":
			notice = string(c.Blocks) + c.Param("text")
		}
	}
	if !strings.Contains(reply, "已收录") || !strings.Contains(reply, "v2 replaces v1") || !strings.Contains(reply, "通知 1 人") {
		t.Errorf("reply to the admin: %q", reply)
	}
	for _, w := range []string{"9510座 → 9800座", "20. 提升教育事业发展质效", "第"} {
		if !strings.Contains(notice, w) {
			t.Errorf("the subscriber's notice lacks %q: %s", w, notice)
		}
	}
	// Downloaded from url_private with the bot token (the fake, like
	// Slack, redirects other requests to a sign-in page).
	downloads := ev.srv.CallsTo(fakeslack.MethodFileDownload)
	if len(downloads) != 1 || downloads[0].Failed || downloads[0].Token != ev.srv.BotToken() {
		t.Errorf("download: %+v", downloads)
	}
}

// A scanned PDF shared by an admin is refused saying OCR is needed, and
// the index keeps its document as it was.
func TestAdminSharesScan(t *testing.T) {
	ev := newEnv(t, true)
	data, err := os.ReadFile("../extract/testdata/scanned.pdf")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := ev.db.Meta("福田区/2021-2022/plan-execution")
	f := ev.srv.AddFile(slack.File{Name: "scan.pdf"}, data)
	ev.srv.SendEventsAPI(map[string]any{"type": "file_shared", "file_id": f.ID, "user_id": "UADMIN", "channel_id": "DUADMIN", "file": map[string]any{"id": f.ID}, "event_ts": "2.2"})
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
	if err != nil {
		calls = ev.srv.CallsTo("chat.postEphemeral")
	}
	if len(calls) == 0 || !strings.Contains(calls[0].Param("text"), "ocrmypdf") {
		t.Errorf("replies %+v; want the OCR advice", calls)
	}
	if after, _ := ev.db.Meta("福田区/2021-2022/plan-execution"); after.Version != before.Version {
		t.Errorf("the index changed: v%d → v%d", before.Version, after.Version)
	}
}

// A download that gives Slack's sign-in page (the app lacks files:read)
// is not taken for a web page document.
func TestSharedFileSignInPage(t *testing.T) {
	ev := newEnv(t, true)
	data, _ := os.ReadFile("../extract/testdata/seed-v2.pdf")
	base := strings.TrimSuffix(strings.TrimSuffix(ev.srv.APIURL(), "/"), "/api")
	f := ev.srv.AddFile(slack.File{Name: "plan.pdf", URLPrivateDownload: base + "/signin"}, data)
	ev.srv.SendEventsAPI(map[string]any{"type": "file_shared", "file_id": f.ID, "user_id": "UADMIN", "channel_id": "DUADMIN", "file": map[string]any{"id": f.ID}, "event_ts": "2.3"})
	calls, err := ev.srv.WaitFor(wait, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(calls[0].Param("text"), "files:read") {
		t.Errorf("reply %q", calls[0].Param("text"))
	}
	if m, _ := ev.db.Meta("福田区/2021-2022/plan-execution"); m.Version != 1 {
		t.Errorf("the index changed: v%d", m.Version)
	}
}
