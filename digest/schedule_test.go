package digest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/store"
)

func TestLastDueAndNextAcrossDays(t *testing.T) {
	sh, _ := Location("Asia/Shanghai")
	tests := []struct {
		h, m      int
		now       string // UTC
		last, nxt string // Shanghai local
	}{
		// 09:00 CST is 01:00 UTC.
		{9, 0, "2022-03-01T00:59:00Z", "2022-02-28 09:00", "2022-03-01 09:00"},
		{9, 0, "2022-03-01T01:00:00Z", "2022-03-01 09:00", "2022-03-02 09:00"},
		// 00:30 CST is 16:30 UTC the day before: the local date turns first.
		{0, 30, "2022-03-01T16:29:00Z", "2022-03-01 00:30", "2022-03-02 00:30"},
		{0, 30, "2022-03-01T16:31:00Z", "2022-03-02 00:30", "2022-03-03 00:30"},
		// Month and year ends.
		{23, 59, "2021-12-31T15:58:00Z", "2021-12-30 23:59", "2021-12-31 23:59"},
		{0, 0, "2021-12-31T16:00:00Z", "2022-01-01 00:00", "2022-01-02 00:00"},
	}
	for _, tt := range tests {
		now, _ := time.Parse(time.RFC3339, tt.now)
		last := LastDue(tt.h, tt.m, sh, now).In(sh).Format("2006-01-02 15:04")
		next := Next(tt.h, tt.m, sh, now).In(sh).Format("2006-01-02 15:04")
		if last != tt.last || next != tt.nxt {
			t.Errorf("%02d:%02d at %s: last %s next %s; want %s, %s", tt.h, tt.m, tt.now, last, next, tt.last, tt.nxt)
		}
	}
	if _, err := Location("Mars/Olympus"); err == nil {
		t.Error("unknown zone accepted")
	}
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func setup(t *testing.T) (*Runner, *store.DB, *clock) {
	t.Helper()
	db, _ := testindex.Seeded(t)
	c := &clock{}
	r := &Runner{DB: db, Builder: &Builder{DB: db}, Now: c.now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	return r, db, c
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// A 00:30 Shanghai digest fires once per local day, at 16:30 UTC.
func TestRunnerFiresAtLocalTime(t *testing.T) {
	r, db, c := setup(t)
	c.t = mustTime("2022-03-01T10:00:00Z")
	db.PutDigest(store.DigestSchedule{Channel: "C1", Hour: 0, Minute: 30, TZ: "Asia/Shanghai", Created: c.t})
	ctx := context.Background()
	steps := []struct {
		at   string
		want int
	}{
		{"2022-03-01T16:29:00Z", 0},
		{"2022-03-01T16:30:00Z", 1}, // 00:30 on 2 March, local
		{"2022-03-01T16:45:00Z", 0},
		{"2022-03-02T10:00:00Z", 0},
		{"2022-03-02T16:31:00Z", 1},
	}
	for _, s := range steps {
		c.t = mustTime(s.at)
		n, err := r.Tick(ctx)
		if err != nil || n != s.want {
			t.Errorf("tick at %s queued %d (%v); want %d", s.at, n, err, s.want)
		}
	}
	items, _ := db.Outbox()
	if len(items) != 2 {
		t.Fatalf("outbox has %d items", len(items))
	}
	var d Digest
	json.Unmarshal(items[0].Payload, &d)
	if d.At.In(mustLoc()).Format("2006-01-02 15:04") != "2022-03-02 00:30" || d.Late || len(d.Rows) != 10 {
		t.Errorf("first digest: at %v late %v rows %d", d.At, d.Late, len(d.Rows))
	}
}

func mustLoc() *time.Location { l, _ := Location("Asia/Shanghai"); return l }

// Down over the due time: sent once, late, within the limit; skipped
// beyond it.
func TestRunnerMissedWhileDown(t *testing.T) {
	r, db, c := setup(t)
	c.t = mustTime("2022-03-01T00:00:00Z")
	db.PutDigest(store.DigestSchedule{Channel: "C1", Hour: 9, TZ: "Asia/Shanghai", Created: c.t})
	db.PutDigest(store.DigestSchedule{Channel: "C2", Hour: 9, TZ: "Asia/Shanghai", Created: c.t})
	ctx := context.Background()
	// 09:00 CST = 01:00 UTC; planbot comes back at 03:00 UTC.
	c.t = mustTime("2022-03-01T03:00:00Z")
	if n, _ := r.Tick(ctx); n != 2 {
		t.Fatalf("late digests queued: %d", n)
	}
	if n, _ := r.Tick(ctx); n != 0 {
		t.Errorf("late digests queued twice")
	}
	items, _ := db.Outbox()
	var d Digest
	json.Unmarshal(items[0].Payload, &d)
	if !d.Late {
		t.Error("a late digest is not marked late")
	}
	// Down for more than the late limit: skipped, the next one comes.
	c.t = mustTime("2022-03-02T14:00:00Z") // 13 h after 2 March 09:00
	if n, _ := r.Tick(ctx); n != 0 {
		t.Errorf("a digest 13 h late was queued")
	}
	c.t = mustTime("2022-03-03T01:00:00Z")
	if n, _ := r.Tick(ctx); n != 2 {
		t.Errorf("next day's digests queued: %d", n)
	}
}

// hookHandler runs a function on log lines: the test's way to act at a
// precise point of Tick, between reading the schedules and recording
// that their digests were handled.
type hookHandler struct {
	slog.Handler
	fn func(msg, channel string)
}

func (h hookHandler) Handle(ctx context.Context, r slog.Record) error {
	ch := ""
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "channel" {
			ch = a.Value.String()
		}
		return true
	})
	h.fn(r.Message, ch)
	return nil
}

// `digest off` or `digest on 18:00` while Tick is building digests is
// kept: Tick used to write back the schedule it read at its start,
// bringing a removed schedule back and reverting a changed one.
func TestTickKeepsScheduleChangesMadeMeanwhile(t *testing.T) {
	r, db, c := setup(t)
	c.t = mustTime("2022-03-01T00:00:00Z")
	for _, ch := range []string{"C1", "C2"} {
		db.PutDigest(store.DigestSchedule{Channel: ch, Hour: 9, TZ: "Asia/Shanghai", Created: c.t})
	}
	r.Log = slog.New(hookHandler{Handler: slog.NewTextHandler(io.Discard, nil), fn: func(msg, ch string) {
		if !strings.Contains(msg, "sending it late") {
			return
		}
		switch ch {
		case "C1": // digest off
			if _, err := db.DeleteDigest("C1"); err != nil {
				t.Error(err)
			}
		case "C2": // digest on 18:00
			old, _, _ := db.Digest("C2")
			old.Hour = 18
			if err := db.PutDigest(old); err != nil {
				t.Error(err)
			}
		}
	}})
	ctx := context.Background()
	c.t = mustTime("2022-03-01T03:00:00Z") // 11:00 local: both 09:00 digests late
	if n, err := r.Tick(ctx); n != 2 || err != nil {
		t.Fatalf("tick queued %d (%v)", n, err)
	}
	if _, ok, _ := db.Digest("C1"); ok {
		t.Error("a digest turned off meanwhile came back")
	}
	d, ok, _ := db.Digest("C2")
	if !ok || d.Hour != 18 || !d.LastDue.Equal(mustTime("2022-03-01T01:00:00Z")) {
		t.Errorf("C2 after tick = %+v; want 18:00 with the 09:00 digest handled", d)
	}
	// 18:00 local: the changed schedule fires at its new time, the removed one never.
	c.t = mustTime("2022-03-01T10:00:00Z")
	if n, _ := r.Tick(ctx); n != 1 {
		t.Errorf("18:00 tick queued %d; want 1", n)
	}
	items, _ := db.Outbox()
	if len(items) != 3 || items[2].Key != OutboxKey("C2", mustTime("2022-03-01T10:00:00Z")) {
		t.Errorf("outbox = %d items, last %q", len(items), items[len(items)-1].Key)
	}
}
