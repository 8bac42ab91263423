package main

import (
	"strings"
	"testing"
)

// TestCommittedFiles checks that the committed word lists are what gse's
// dictionary gives, so their headers tell the truth.
func TestCommittedFiles(t *testing.T) {
	if _, _, err := gseDir(); err != nil {
		t.Skip(err)
	}
	if err := run("../../data/dict.txt", "../../gazetteer/places.txt", true); err != nil {
		t.Fatal(err)
	}
}

func TestIsPlace(t *testing.T) {
	tests := []struct {
		w    word
		want bool
	}{
		{word{text: "南山区", freq: 20, pos: "ns"}, true},
		{word{text: "福田", freq: 20, pos: "ns"}, false},   // too short to tell from a word
		{word{text: "丁青县", freq: 20, pos: "n"}, false},   // not tagged a place
		{word{text: "文明城市", freq: 20, pos: "ns"}, false}, // a kind of place
		{word{text: "广东省", freq: 924, pos: "ns"}, true},
		{word{text: "热河省", freq: 3, pos: "ns"}, false}, // a rare province: historical
		{word{text: "苏尼特左旗", freq: 3, pos: "ns"}, true},
	}
	for _, tt := range tests {
		if got := isPlace(tt.w); got != tt.want {
			t.Errorf("isPlace(%s) = %v; want %v", tt.w.text, got, tt.want)
		}
	}
	if got := string(placesFile([]word{{text: "南山区", pos: "ns"}, {text: "七星区", pos: "ns"}, {text: "南山区", pos: "ns"}}, "v0")); !strings.HasSuffix(got, "\n七星区\n南山区\n") {
		t.Errorf("placesFile does not end in the sorted distinct names:\n%s", got)
	}
}
