package main

import "testing"

// TestCommittedFiles checks that the committed files are what gse's
// dictionary and opencc's tables give, so their headers tell the truth.
func TestCommittedFiles(t *testing.T) {
	for _, m := range []string{gseModule, openccModule} {
		if _, _, err := moduleDir(m); err != nil {
			t.Skip(err)
		}
	}
	if err := run("../../data/dict.txt", "../../data/traditional.txt", true); err != nil {
		t.Fatal(err)
	}
}
