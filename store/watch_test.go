package store

import (
	"testing"
	"time"
)

func TestWatchedFileSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	w := WatchedFile{Size: 10, ModTime: time.Unix(1700000000, 5).UTC(), Hash: "abc"}
	if err := db.SetWatchedFile("/watch/a.txt", w); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openTest(t, dir)
	defer db.Close()
	got, ok, err := db.WatchedFile("/watch/a.txt")
	if err != nil || !ok || got != w {
		t.Errorf("watched file after restart = %+v %v %v", got, ok, err)
	}
	if _, ok, _ := db.WatchedFile("/watch/b.txt"); ok {
		t.Error("unknown file reported as watched")
	}
}
