package store

import (
	"testing"
	"time"
)

// A conversation is kept per channel and thread, survives a reopen, and
// is forgotten after its TTL.
func TestConversations(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	at := time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC)
	if err := db.SetConversation("C1", "1.1", Conversation{Question: "2022年新增学位多少", At: at}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.SetConversation("C1", "", Conversation{Question: "2021年GDP是多少", At: at}, time.Second); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.Conversation("C1", "2.2"); ok || err != nil {
		t.Errorf("another thread: ok=%v err=%v", ok, err)
	}
	db.Close()
	db = openTest(t, dir)
	defer db.Close()
	c, ok, err := db.Conversation("C1", "1.1")
	if err != nil || !ok || c.Question != "2022年新增学位多少" || !c.At.Equal(at) {
		t.Errorf("after reopen: %+v ok=%v err=%v", c, ok, err)
	}
	time.Sleep(1100 * time.Millisecond) // badger's TTL has a resolution of a second
	if c, ok, err := db.Conversation("C1", ""); ok || err != nil {
		t.Errorf("expired conversation still there: %+v err=%v", c, err)
	}
}
