package store

import (
	"context"
	"testing"
	"time"
)

// CopyState carries what people made (subscriptions, digests, feedback,
// conversations) and the version counters into a new index, and marks it
// used, so the seed never fills a rebuilt index.
func TestCopyState(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	from := openTest(t, dir)
	if _, err := from.Put(ctx, testDoc("doc", "甲区", "h1", 2021, "100座"), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := from.Subscribe(Subscription{User: "U1", Target: "task:20", Kind: "task", Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := from.PutDigest(DigestSchedule{Channel: "C1", Hour: 9, TZ: "Asia/Shanghai"}); err != nil {
		t.Fatal(err)
	}
	if err := from.SetConversation("C1", "1.1", Conversation{Question: "q"}, time.Hour); err != nil {
		t.Fatal(err)
	}
	from.Close()
	from, err := Open(dir, Options{Salvage: true})
	if err != nil {
		t.Fatal(err)
	}
	defer from.Close()
	to := openTest(t, t.TempDir())
	defer to.Close()
	rep, err := CopyState(ctx, from, to)
	if err != nil || rep.Keys < 5 || rep.Skipped != 0 {
		t.Fatalf("CopyState = %+v, %v", rep, err)
	}
	if subs, err := to.Subscribers("task:20"); err != nil || len(subs) != 1 || subs[0] != "U1" {
		t.Errorf("subscribers = %v, %v", subs, err)
	}
	if ds, err := to.Digests(); err != nil || len(ds) != 1 || ds[0].Channel != "C1" {
		t.Errorf("digests = %+v, %v", ds, err)
	}
	if c, ok, err := to.Conversation("C1", "1.1"); !ok || err != nil || c.Question != "q" {
		t.Errorf("conversation = %+v %v %v", c, ok, err)
	}
	if to.NeverUsed() {
		t.Error("a rebuilt index passes for a new one")
	}
	// The next version of the document numbers after the old one.
	res, err := to.Put(ctx, testDoc("doc", "甲区", "h2", 2021, "200座"), time.Now())
	if err != nil || res.Version != 2 {
		t.Errorf("put after the copy = %+v, %v; want version 2", res, err)
	}
}
