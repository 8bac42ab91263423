// Package wordlist reads the embedded data files the packages keep their
// word lists in: one entry a line, blank lines and # comments skipped,
// optionally grouped under [section] headers.
package wordlist

import "strings"

// Lines returns the entries of a word-list file, trimmed.
func Lines(data string) []string {
	var out []string
	for _, l := range strings.Split(data, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// Entry is one entry of a sectioned word list.
type Entry struct {
	Section string // the [section] it stands under; "" before the first
	Word    string
}

// Sections returns the entries of a word-list file in file order, each
// with the [section] header it stands under.
func Sections(data string) []Entry {
	var out []Entry
	section := ""
	for _, l := range Lines(data) {
		if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") {
			section = strings.Trim(l, "[]")
			continue
		}
		out = append(out, Entry{section, l})
	}
	return out
}
