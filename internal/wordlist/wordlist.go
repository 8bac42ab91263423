// Package wordlist reads the embedded data files the packages keep their
// word lists in: one entry a line, blank lines and # comments skipped.
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
