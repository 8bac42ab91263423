package nlp

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// convertWindow is how many characters opencc's Convert looks ahead of
// each position for a key of its dictionaries.
const convertWindow = 10

// converter converts text as an opencc conversion does, without its
// allocations per character.
type converter struct {
	cc *opencc.OpenCC
	// odd are the bytes on which opencc's tries do not follow the text
	// (see newConverter): a text holding one is left to cc itself.
	odd [256]bool
	// starts holds, for each group of dictionaries, the first character
	// of every key: elsewhere there is no key to look for.
	starts []runeSet
}

// newConverter loads the opencc conversion named (t2s) and finds its odd
// bytes: NUL, which the tries' Key leaves out of the keys they match, and
// any byte that leads from a trie's root back to it, which its
// PrefixMatch steps over so that the match it reports is longer than its
// key (opencc then replaces the byte with the key's value).
func newConverter(conversion string) (*converter, error) {
	cc, err := opencc.New(conversion)
	if err != nil {
		return nil, err
	}
	c := &converter{cc: cc, starts: make([]runeSet, len(cc.DictChains))}
	c.odd[0] = true
	for gi, g := range cc.DictChains {
		for _, d := range g.Dicts {
			for b := range 256 {
				if to, err := d.Trie.Jump([]byte{byte(b)}, 0); err == nil && to == 0 {
					c.odd[b] = true
				}
			}
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				key, err := d.Trie.Key(id)
				if err != nil {
					return nil, fmt.Errorf("read opencc %s: %w", conversion, err)
				}
				// Convert steps over a key by its length in bytes, opencc
				// by its characters: the same for UTF-8 only.
				if !utf8.Valid(key) || len(key) == 0 {
					return nil, fmt.Errorf("read opencc %s: key %q is not UTF-8", conversion, key)
				}
				r, _ := utf8.DecodeRune(key)
				c.starts[gi].add(r)
			}
		}
	}
	return c, nil
}

// Convert returns what opencc's Convert returns, reading the same tries
// the same way: at each character, the longest key that starts there
// (within convertWindow characters) of the first dictionary of the group
// that has one, replaced by its first value; else the character itself.
// opencc's Convert makes a []rune of the text, a string of every window
// and a map of every window's matches; this walks the tries over the
// text's bytes and allocates the result only. Text it would read
// otherwise (invalid UTF-8, which []rune makes U+FFFD, or an odd byte)
// is left to opencc.
func (c *converter) Convert(s string) (string, error) {
	if !utf8.ValidString(s) || c.hasOdd(s) {
		return c.cc.Convert(s)
	}
	for gi, g := range c.cc.DictChains {
		s = convertGroup(g, c.starts[gi], s)
	}
	return s, nil
}

func (c *converter) hasOdd(s string) bool {
	for i := 0; i < len(s); i++ {
		if c.odd[s[i]] {
			return true
		}
	}
	return false
}

func convertGroup(g *opencc.Group, starts runeSet, s string) string {
	var path []byte // s, for the tries, which take their path as a slice
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !starts.anyRune(r) {
			i += n
			continue
		}
		if path == nil {
			path = []byte(s)
		}
		for _, d := range g.Dicts {
			if k, v := longestKey(d.Trie, d.Values, path[i:]); k > 0 {
				if b.Len() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[done:i])
				b.WriteString(v)
				n, done = k, i+k
				break
			}
		}
		i += n
	}
	if done == 0 {
		return s // no key stands in s
	}
	b.WriteString(s[done:])
	return b.String()
}

// longestKey returns the length in bytes of the longest key of a trie
// that the first convertWindow characters of w (valid UTF-8) start with,
// and the first of its values; 0 and "" if there is none. It walks the
// trie a byte at a time as the trie's PrefixMatch does (jump, then
// value, at every byte), without collecting the matches.
func longestKey(t trie, values [][]string, w []byte) (int, string) {
	n, v := 0, -1
	for from, k, chars := 0, 0, 0; k < len(w); k++ {
		if utf8.RuneStart(w[k]) {
			if chars++; chars > convertWindow {
				break
			}
		}
		to, err := t.Jump(w[k:k+1], from)
		if err != nil {
			break
		}
		if x, err := t.Value(to); err == nil {
			n, v = k+1, x
		}
		from = to
	}
	if n == 0 {
		return 0, ""
	}
	return n, values[v][0]
}

// trie is what longestKey reads of opencc's tries (cedar's double
// arrays), named here so that nlp needs no import of their package.
type trie interface {
	Jump(path []byte, from int) (to int, err error)
	Value(id int) (value int, err error)
}
