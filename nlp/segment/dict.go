// Package segment cuts Chinese text into words exactly as
// github.com/go-ego/gse v0.80.3 does — its dictionary lookups, its
// shortest-path segmentation (Slice, in normal and search mode) and its
// DAG segmentation without HMM (Cut(s, false)) — over a dictionary that
// takes milliseconds to build instead of gse's 90–150 ms: a hash of every
// word and every prefix of one, where gse builds a double-array trie and
// segments every word of the dictionary in advance for search mode
// (done here on first use, per word).
//
// Exactness is the point: planbot's index was built with gse, and every
// term, posting and answer depends on how text is cut. The tests compare
// the two on the seed, the corpus and every question set.
package segment

import (
	"maps"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// minTokenFreq is gse's default minimum frequency of a dictionary word
// (Segmenter.Init): rarer words are left out.
const minTokenFreq = 2.0

// Dict is a segmentation dictionary. Build one with a Builder; it is
// immutable, and safe for concurrent use, once built.
type Dict struct {
	// tokens are the words, in the order added; a Dict extended from
	// another shares the other's (Extend), which never change.
	tokens []token
	// index maps every word, and every prefix of one ending at a
	// character boundary, to the word's index in tokens, or -1 for a
	// prefix that is no word: gse's trie answers the same two questions
	// (is this a word; could a longer one start so).
	index       map[string]int32
	totalFreq   float64
	maxTokenLen int // the most units (see units) a word has

	// What depends on every word, computed by Build: the words' path
	// lengths, and their own segments in search mode (gse's
	// Token.segments), computed on first use.
	distance []float32 // log2(total/freq), gse's path length
	logTotal float64   // math.Log(totalFreq), for Cut
	segs     []atomic.Pointer[[]sub]
}

// token is a dictionary word.
type token struct {
	text  string // lower-cased as gse stores it (ASCII letters)
	units int    // how many units (see units) it has
	freq  float64
	ln    float64 // math.Log(freq), which Cut weighs paths by
	pos   string
}

// sub is a segment of a word in search mode: a dictionary word (tok >= 0)
// or a single unit no word starts with (tok < 0), and its text.
type sub struct {
	tok  int32
	text string
}

// Builder adds words to a dictionary, the first of a word winning, as
// gse's loads do.
type Builder struct {
	d *Dict
}

// NewBuilder returns a Builder for a dictionary of about n words.
func NewBuilder(n int) *Builder {
	return &Builder{d: &Dict{index: make(map[string]int32, n*3)}}
}

// Extend returns a Builder that starts with d's words: a dictionary
// built from it is the one a single load of d's words and then the new
// ones would give. d is not changed.
func (d *Dict) Extend() *Builder {
	return &Builder{d: &Dict{
		tokens:      d.tokens[:len(d.tokens):len(d.tokens)], // appending copies
		index:       maps.Clone(d.index),
		totalFreq:   d.totalFreq,
		maxTokenLen: d.maxTokenLen,
	}}
}

// AddLines adds the words of a dictionary in gse's text format, a word a
// line: "word frequency [part-of-speech]", as Segmenter.LoadDictStr reads
// it: a line without a frequency, or below the minimum frequency, is
// skipped, and a single character's frequency is taken as 2.
func (b *Builder) AddLines(text string) {
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		// The first three of the line's fields split at single spaces,
		// as strings.Split(line, " ") gives them.
		word, more, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		freqText, more, hasPos := strings.Cut(more, " ")
		freq, ok := parseFreq(strings.TrimSpace(freqText))
		if !ok || freq < minTokenFreq {
			continue
		}
		pos := ""
		if hasPos {
			p, _, _ := strings.Cut(more, " ")
			pos = strings.TrimSpace(strings.Trim(p, "\n"))
		}
		b.add(strings.TrimSpace(word), freq, pos)
	}
}

// parseFreq reads a frequency as strconv.ParseFloat does, quickly for
// the whole numbers dictionaries hold.
func parseFreq(s string) (float64, bool) {
	if n := len(s); n > 0 && n < 16 {
		v := 0
		for i := 0; i < n; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				f, err := strconv.ParseFloat(s, 64)
				return f, err == nil
			}
			v = v*10 + int(c-'0')
		}
		return float64(v), true // exact below 2^53
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// Add adds a word, as a line "word freq pos" of AddLines would.
func (b *Builder) Add(word string, freq float64, pos string) {
	if freq < minTokenFreq {
		return
	}
	b.add(word, freq, pos)
}

func (b *Builder) add(word string, freq float64, pos string) {
	if utf8.RuneCountInString(word) < 2 {
		freq = 2
	}
	key := lowerASCII(word)
	d := b.d
	if i, ok := d.index[key]; ok && i >= 0 {
		return // the first of a word wins
	}
	n := countUnits(key)
	d.tokens = append(d.tokens, token{text: key, units: n, freq: freq, ln: math.Log(freq), pos: pos})
	d.index[key] = int32(len(d.tokens) - 1)
	// Prefixes, longest first: once one is known, so are the shorter.
	for i := len(key) - 1; i > 0; i-- {
		if !utf8.RuneStart(key[i]) {
			continue
		}
		if _, ok := d.index[key[:i]]; ok {
			break
		}
		d.index[key[:i]] = -1
	}
	d.totalFreq += freq
	d.maxTokenLen = max(d.maxTokenLen, n)
}

// Build finishes the dictionary: every word's path length, from the
// total frequency (gse's CalcToken). The Builder must not be used after.
func (b *Builder) Build() *Dict {
	d := b.d
	b.d = nil
	logTotal := float32(math.Log2(d.totalFreq))
	d.distance = make([]float32, len(d.tokens))
	for i := range d.tokens {
		d.distance[i] = logTotal - float32(math.Log2(d.tokens[i].freq))
	}
	d.logTotal = math.Log(d.totalFreq)
	d.segs = make([]atomic.Pointer[[]sub], len(d.tokens))
	return d
}

// Len is the number of words.
func (d *Dict) Len() int { return len(d.tokens) }

// Find reports a word's frequency and part of speech, as gse's
// Dictionary.Find: ok is also true, with no frequency, for the start of
// a longer word.
func (d *Dict) Find(w string) (freq float64, pos string, ok bool) {
	i, ok := d.index[w]
	if !ok {
		return 0, "", false
	}
	if i < 0 {
		return 0, "", true
	}
	t := &d.tokens[i]
	return t.freq, t.pos, true
}

// findLn is Find with math.Log of the frequency: a word that only
// starts words has frequency 0 and log -Inf.
func (d *Dict) findLn(w string) (freq, ln float64, ok bool) {
	i, ok := d.index[w]
	if !ok {
		return 0, 0, false
	}
	if i < 0 {
		return 0, math.Inf(-1), true
	}
	t := &d.tokens[i]
	return t.freq, t.ln, true
}

// lowerASCII lower-cases ASCII letters, as gse does to the runs of
// letters and digits it keeps as one unit (every ASCII letter is in one).
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// units calls fn with the end of each unit of s, in order: gse's
// SplitTextToWords cuts text into single characters, except that a run
// of letters and digits of one or two bytes (Latin, Greek, Cyrillic …)
// stays one unit.
func units(s string, fn func(end int)) {
	inRun := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		alnum := size <= 2 && (unicode.IsLetter(r) || unicode.IsNumber(r))
		if !alnum {
			if inRun {
				fn(i)
				inRun = false
			}
			fn(i + size)
		} else {
			inRun = true
		}
		i += size
	}
	if inRun {
		fn(len(s))
	}
}

func countUnits(s string) int {
	n := 0
	units(s, func(int) { n++ })
	return n
}

// unitEnds appends the end of each unit of s to ends.
func unitEnds(s string, ends []int) []int {
	units(s, func(end int) { ends = append(ends, end) })
	return ends
}
