package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lower returns strings.ToLower(s), without its lookup of every
// character in Unicode's case tables when s is Chinese text with nothing
// to lower: the characters from U+3000 to U+9FFF (CJK punctuation, kana,
// ideographs) have no case.
func Lower(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return strings.ToLower(s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !caseless(r) && (r == utf8.RuneError && size == 1 || unicode.ToLower(r) != r) {
			// Something to lower, or invalid UTF-8, which ToLower
			// makes U+FFFD.
			return strings.ToLower(s)
		}
		i += size
	}
	return s
}

// caseless reports a character of the range Lower knows has no case.
func caseless(r rune) bool { return r >= 0x3000 && r <= 0x9FFF }
