package main

import "testing"

// TestCommittedFiles checks that the committed dictionary is what gse's
// dictionary gives, so its header tells the truth.
func TestCommittedFiles(t *testing.T) {
	if _, _, err := gseDir(); err != nil {
		t.Skip(err)
	}
	if err := run("../../data/dict.txt", true); err != nil {
		t.Fatal(err)
	}
}
