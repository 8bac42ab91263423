package nlp

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func t2sConverter(t testing.TB) *converter {
	t.Helper()
	c, err := newConverter("t2s")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sameAsOpenCC fails t when convert and opencc's Convert differ on s.
func sameAsOpenCC(t testing.TB, c *converter, s string) {
	t.Helper()
	want, werr := c.cc.Convert(s)
	got, err := c.Convert(s)
	if got != want || (err == nil) != (werr == nil) {
		t.Fatalf("convert(%q) = %q, %v; opencc's Convert gives %q, %v", s, got, err, want, werr)
	}
}

// dictKeys returns every key of the tries the t2s conversion reads, in
// the order of their dictionaries.
func dictKeys(t testing.TB, c *converter) []string {
	t.Helper()
	var keys []string
	for _, g := range c.cc.DictChains {
		for _, d := range g.Dicts {
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				k, err := d.Trie.Key(id)
				if err != nil {
					t.Fatal(err)
				}
				keys = append(keys, string(k))
			}
		}
	}
	if len(keys) < 4000 {
		t.Fatalf("%d keys in opencc's t2s dictionaries, want its 4,000 characters and phrases", len(keys))
	}
	return keys
}

// TestConvertAsOpenCC checks that convert gives what opencc's Convert
// gives: for every key of its dictionaries alone, between its
// neighbours and all in one text; for random texts of their characters
// mixed with simplified ones, ASCII and others; and for the texts left
// to Convert itself (invalid UTF-8, NUL).
func TestConvertAsOpenCC(t *testing.T) {
	cc := t2sConverter(t)
	keys := dictKeys(t, cc)
	for i, k := range keys {
		sameAsOpenCC(t, cc, k)
		if i > 0 && i+1 < len(keys) {
			sameAsOpenCC(t, cc, keys[i-1]+k+keys[i+1])
			sameAsOpenCC(t, cc, "的"+k+"a")
		}
	}
	sameAsOpenCC(t, cc, strings.Join(keys, ""))
	sameAsOpenCC(t, cc, strings.Join(keys, "了"))

	alphabet := []string{"a", "1", " ", "年", "的", "学", "发", "干", "后", "\u00e9", "😀", "\ufffd", "\u0301", "，", "\x00", "\x01", "\xff", "\xe5"}
	for _, k := range keys {
		for _, r := range k {
			alphabet = append(alphabet, string(r))
		}
	}
	rnd := rand.New(rand.NewPCG(14, 1))
	for range 20000 {
		var b strings.Builder
		for range 1 + rnd.IntN(30) {
			if rnd.IntN(4) == 0 {
				b.WriteString(keys[rnd.IntN(len(keys))])
			} else {
				b.WriteString(alphabet[rnd.IntN(len(alphabet))])
			}
		}
		sameAsOpenCC(t, cc, b.String())
	}

	for _, s := range []string{"", "學\xff位", "\xe5\xad", "學\x00位", "\x00", "\x01鍊", "2022年新增學位多少"} {
		sameAsOpenCC(t, cc, s)
	}
}

// FuzzConvert compares convert with opencc's Convert on any text.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{"2022年新增學位多少", "一目瞭然的上鍊", "乾隆皇帝", "學\xff", "a\x00後"} {
		f.Add(s)
	}
	cc := t2sConverter(f)
	f.Fuzz(func(t *testing.T, s string) {
		if utf8.RuneCountInString(s) > 200 {
			return
		}
		sameAsOpenCC(t, cc, s)
	})
}

// BenchmarkConvert measures the conversion of a question with a
// traditional character, against opencc's Convert.
func BenchmarkConvert(b *testing.B) {
	cc := t2sConverter(b)
	const q = "2022年新增學位多少"
	b.Run("nlp", func(b *testing.B) {
		for b.Loop() {
			cc.Convert(q)
		}
	})
	b.Run("opencc", func(b *testing.B) {
		for b.Loop() {
			cc.cc.Convert(q)
		}
	})
}

// TestConvertStarts checks that no key of opencc's dictionaries starts
// with a character convert takes for starting none (but the odd bytes,
// which leave a text to opencc): the trie has no path through any such
// character, nor a key in it.
func TestConvertStarts(t *testing.T) {
	c := t2sConverter(t)
	for gi, g := range c.cc.DictChains {
		for _, d := range g.Dicts {
			for r := rune(0); r <= unicode.MaxRune; r++ {
				if c.starts[gi].anyRune(r) || !utf8.ValidRune(r) || r < utf8.RuneSelf && c.odd[r] {
					continue
				}
				b := utf8.AppendRune(nil, r)
				if _, err := d.Trie.Jump(b, 0); err == nil {
					t.Fatalf("a key of group %d starts with %q, which convert skips", gi, r)
				}
				if n, v := longestKey(d.Trie, d.Values, b); n > 0 {
					t.Fatalf("a key of group %d (to %q) is a part of %q, which convert skips", gi, v, r)
				}
			}
		}
	}
}
