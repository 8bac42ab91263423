package extract

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// font turns the codes a PDF shows into text and widths (PDF 32000-1 §9).
type font struct {
	cmap      *cmap                    // ToUnicode: code → text
	codes     *cmap                    // the encoding's code space (composite fonts), for splitting codes
	predef    func(code []byte) string // a predefined CJK encoding's text, when no ToUnicode maps the code
	simple    [256]rune                // simple fonts: code → rune from the encoding
	composite bool
	widths    map[int]float64 // code (simple) or CID (composite) → width in 1/1000 em
	dw        float64         // default width
	scale     float64         // glyph space to text space: 1/1000 except Type 3
	cidOf     func(code uint32, text string) int
}

// glyph is one code shown: its text (empty when the font cannot tell)
// and its width in text space units (1/1000 of the font size).
type shown struct {
	text  string
	width float64
	space bool // the single-byte code 32, which word spacing applies to
}

// decode splits s into codes and returns them.
func (f *font) decode(s string, out []shown) []shown {
	out = out[:0]
	for len(s) > 0 {
		n := 1
		if f.composite {
			n = f.codes.codeLen(s)
		}
		if n > len(s) {
			n = len(s)
		}
		code := s[:n]
		s = s[n:]
		v := codeValue(code)
		text, ok := f.cmap.lookup(code)
		if !ok {
			switch {
			case f.predef != nil:
				text = f.predef([]byte(code))
			case !f.composite && f.simple[v] != 0:
				text = string(f.simple[v])
			}
		}
		var w float64
		if f.composite {
			w = f.dw
			if ww, ok := f.widths[f.cidOf(v, text)]; ok {
				w = ww
			}
		} else if ww, ok := f.widths[int(v)]; ok {
			w = ww
		} else {
			w = f.dw
		}
		out = append(out, shown{text: text, width: w * f.scale, space: !f.composite && v == 32})
	}
	return out
}

func codeValue(code string) uint32 {
	var v uint32
	for i := 0; i < len(code); i++ {
		v = v<<8 | uint32(code[i])
	}
	return v
}

// loadFont reads a font dictionary.
func loadFont(fd pdf.Value) *font {
	f := &font{dw: 1000, scale: 1, widths: map[int]float64{}}
	if tu := fd.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.cmap = parseCMap(streamBytes(tu, 1<<22))
	}
	switch fd.Key("Subtype").Name() {
	case "Type0":
		f.loadComposite(fd)
	default:
		f.loadSimple(fd)
	}
	return f
}

func (f *font) loadComposite(fd pdf.Value) {
	f.composite = true
	desc := fd.Key("DescendantFonts").Index(0)
	if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		f.dw = dw.Float64()
	}
	readW(desc.Key("W"), f.widths)
	f.codes = &cmap{}
	f.cidOf = func(code uint32, _ string) int { return int(code) } // Identity
	enc := fd.Key("Encoding")
	if enc.Kind() == pdf.Stream {
		// An embedded CMap: its code space and CIDs.
		f.codes = parseCMap(streamBytes(enc, 1<<22))
		f.cidOf = func(code uint32, _ string) int { return f.codes.cid(code) }
		return
	}
	name := enc.Name()
	f.codes.spaces = []codeRange{{lo: "\x00\x00", hi: "\xff\xff"}}
	switch {
	case strings.HasPrefix(name, "Identity"):
	case strings.Contains(name, "UCS2"):
		f.predef = func(c []byte) string { return string(utf16.Decode([]uint16{uint16(c[0])<<8 | uint16(c[len(c)-1])})) }
		f.cidOf = adobeASCII
	case strings.Contains(name, "UTF16"):
		f.codes.spaces = []codeRange{{lo: "\x00\x00", hi: "\xd7\xff"}, {lo: "\xd8\x00\x00\x00", hi: "\xdb\xff\xff\xff"}, {lo: "\xe0\x00", hi: "\xff\xff"}}
		f.predef = decodeUTF16BE
		f.cidOf = adobeASCII
	case strings.HasPrefix(name, "GB"):
		f.codes.spaces = []codeRange{{lo: "\x00", hi: "\x80"}, {lo: "\x81\x40", hi: "\xfe\xfe"}}
		f.predef = decoderFor(simplifiedchinese.GB18030)
		f.cidOf = adobeASCII
	case strings.Contains(name, "B5") || strings.HasPrefix(name, "ETen"):
		f.codes.spaces = []codeRange{{lo: "\x00", hi: "\x80"}, {lo: "\x81\x40", hi: "\xfe\xfe"}}
		f.predef = decoderFor(traditionalchinese.Big5)
		f.cidOf = adobeASCII
	}
}

// adobeASCII gives the CID of a character in the Adobe CJK collections,
// good enough for widths: ASCII has its proportional CIDs 1–95, the rest
// the default width.
func adobeASCII(_ uint32, text string) int {
	r, _ := utf8.DecodeRuneInString(text)
	if r >= 0x20 && r < 0x7f {
		return int(r) - 0x1f
	}
	return -1
}

func decodeUTF16BE(c []byte) string {
	u := make([]uint16, 0, len(c)/2)
	for i := 0; i+1 < len(c); i += 2 {
		u = append(u, uint16(c[i])<<8|uint16(c[i+1]))
	}
	return string(utf16.Decode(u))
}

func decoderFor(e encoding.Encoding) func([]byte) string {
	return func(c []byte) string {
		out, err := e.NewDecoder().Bytes(c)
		if err != nil {
			return ""
		}
		return string(out)
	}
}

// readW reads a CIDFont's W array: c [w1 w2 …] or cfirst clast w.
func readW(w pdf.Value, out map[int]float64) {
	for i := 0; i < w.Len(); {
		first := int(w.Index(i).Int64())
		if i+1 >= w.Len() {
			return
		}
		if next := w.Index(i + 1); next.Kind() == pdf.Array {
			for j := 0; j < next.Len(); j++ {
				out[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			return
		}
		last := int(w.Index(i + 1).Int64())
		width := w.Index(i + 2).Float64()
		for c := first; c <= last && c-first < 1<<16; c++ {
			out[c] = width
		}
		i += 3
	}
}

func (f *font) loadSimple(fd pdf.Value) {
	f.dw = 500
	if mw := fd.Key("FontDescriptor").Key("MissingWidth"); mw.Kind() == pdf.Integer || mw.Kind() == pdf.Real {
		f.dw = mw.Float64()
	}
	if fd.Key("Subtype").Name() == "Type3" {
		if m := fd.Key("FontMatrix"); m.Len() == 6 {
			f.scale = m.Index(0).Float64() * 1000
		}
	}
	first := int(fd.Key("FirstChar").Int64())
	ws := fd.Key("Widths")
	for i := 0; i < ws.Len(); i++ {
		f.widths[first+i] = ws.Index(i).Float64()
	}
	enc := fd.Key("Encoding")
	base := enc.Name()
	if enc.Kind() == pdf.Dict {
		base = enc.Key("BaseEncoding").Name()
	}
	table := charmap.Windows1252 // Standard and WinAnsi differ only in a few quotes
	if base == "MacRomanEncoding" {
		table = charmap.Macintosh
	}
	for c := 0; c < 256; c++ {
		if c >= 0x20 {
			f.simple[c] = table.DecodeByte(byte(c))
		}
	}
	if enc.Kind() == pdf.Dict {
		diffs := enc.Key("Differences")
		code := 0
		for i := 0; i < diffs.Len(); i++ {
			v := diffs.Index(i)
			switch v.Kind() {
			case pdf.Integer:
				code = int(v.Int64())
			case pdf.Name:
				if code >= 0 && code < 256 {
					f.simple[code] = glyphRune(v.Name())
				}
				code++
			}
		}
	}
}

// glyphRune maps a glyph name to its character: uniXXXX, uXXXX, a letter
// or digit name, or the common punctuation names; 0 when unknown.
func glyphRune(name string) rune {
	if r, ok := glyphNames[name]; ok {
		return r
	}
	if len(name) == 1 {
		return rune(name[0])
	}
	for _, p := range []string{"uni", "u"} {
		if h, ok := strings.CutPrefix(name, p); ok && len(h) >= 4 {
			if v, err := strconv.ParseUint(h[:min(len(h), 6)], 16, 32); err == nil && len(h) <= 6 {
				return rune(v)
			}
			if v, err := strconv.ParseUint(h[:4], 16, 32); err == nil {
				return rune(v)
			}
		}
	}
	return 0
}

var glyphNames = map[string]rune{
	"space": ' ', "exclam": '!', "quotedbl": '"', "numbersign": '#', "dollar": '$', "percent": '%',
	"ampersand": '&', "quotesingle": '\'', "parenleft": '(', "parenright": ')', "asterisk": '*',
	"plus": '+', "comma": ',', "hyphen": '-', "period": '.', "slash": '/', "zero": '0', "one": '1',
	"two": '2', "three": '3', "four": '4', "five": '5', "six": '6', "seven": '7', "eight": '8',
	"nine": '9', "colon": ':', "semicolon": ';', "less": '<', "equal": '=', "greater": '>',
	"question": '?', "at": '@', "bracketleft": '[', "backslash": '\\', "bracketright": ']',
	"underscore": '_', "braceleft": '{', "bar": '|', "braceright": '}', "asciitilde": '~',
	"quoteleft": '‘', "quoteright": '’', "quotedblleft": '“', "quotedblright": '”', "endash": '–',
	"emdash": '—', "bullet": '•', "ellipsis": '…', "periodcentered": '·', "degree": '°',
	"minus": '−', "multiply": '×', "divide": '÷', "registered": '®', "copyright": '©',
}

// cmap is a CMap: code space ranges, code → Unicode (bfchar, bfrange)
// and code → CID (cidchar, cidrange).
type cmap struct {
	spaces []codeRange
	uni    map[string]string
	ranges []uniRange
	cids   []cidRange
}

type codeRange struct{ lo, hi string }

type uniRange struct {
	lo, hi string
	dst    string   // UTF-16BE of lo's text; later codes add to its last unit
	arr    []string // or one text per code
}

type cidRange struct {
	lo, hi uint32
	cid    int
}

// codeLen returns how many bytes the code at the start of s has: the
// length of the code space range that holds it, else the shortest range.
func (m *cmap) codeLen(s string) int {
	if m == nil || len(m.spaces) == 0 {
		return 2
	}
	shortest := 4
	for _, r := range m.spaces {
		n := len(r.lo)
		shortest = min(shortest, n)
		if n > len(s) {
			continue
		}
		in := true
		for i := 0; i < n; i++ {
			if s[i] < r.lo[i] || s[i] > r.hi[i] {
				in = false
				break
			}
		}
		if in {
			return n
		}
	}
	return max(shortest, 1)
}

// lookup returns the text of a code.
func (m *cmap) lookup(code string) (string, bool) {
	if m == nil {
		return "", false
	}
	if t, ok := m.uni[code]; ok {
		return t, true
	}
	for _, r := range m.ranges {
		if len(code) != len(r.lo) || code < r.lo || code > r.hi {
			continue
		}
		off := int(codeValue(code) - codeValue(r.lo))
		if r.arr != nil {
			if off < len(r.arr) {
				return decodeUTF16BE([]byte(r.arr[off])), true
			}
			return "", false
		}
		b := []byte(r.dst)
		if len(b) < 2 {
			return "", false
		}
		last := uint32(b[len(b)-2])<<8 | uint32(b[len(b)-1])
		last += uint32(off)
		b[len(b)-2], b[len(b)-1] = byte(last>>8), byte(last)
		return decodeUTF16BE(b), true
	}
	return "", false
}

func (m *cmap) cid(code uint32) int {
	for _, r := range m.cids {
		if code >= r.lo && code <= r.hi {
			return r.cid + int(code-r.lo)
		}
	}
	return int(code)
}

// parseCMap reads a CMap program: only its code space, bf and cid
// mappings matter.
func parseCMap(data []byte) *cmap {
	m := &cmap{uni: map[string]string{}}
	lx := &lexer{b: data}
	var args []obj
	for {
		op, a, ok := lx.next(args)
		if !ok {
			break
		}
		args = a
		switch op {
		case "endcodespacerange":
			for i := 0; i+1 < len(a); i += 2 {
				if len(a[i].str) > 0 && len(a[i].str) == len(a[i+1].str) {
					m.spaces = append(m.spaces, codeRange{a[i].str, a[i+1].str})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(a); i += 2 {
				if a[i+1].kind == kName {
					m.uni[a[i].str] = string(glyphRune(a[i+1].str))
					continue
				}
				m.uni[a[i].str] = decodeUTF16BE([]byte(a[i+1].str))
			}
		case "endbfrange":
			for i := 0; i+2 < len(a); i += 3 {
				r := uniRange{lo: a[i].str, hi: a[i+1].str}
				if len(r.lo) != len(r.hi) {
					continue
				}
				if a[i+2].kind == kArray {
					for _, e := range a[i+2].arr {
						r.arr = append(r.arr, e.str)
					}
				} else {
					r.dst = a[i+2].str
				}
				// Small ranges are expanded: looking them up is then a map hit.
				if n := codeValue(r.hi) - codeValue(r.lo); n < 256 {
					lo := codeValue(r.lo)
					for k := uint32(0); k <= n; k++ {
						code := encodeCode(lo+k, len(r.lo))
						if t, ok := (&cmap{ranges: []uniRange{r}}).lookup(code); ok {
							m.uni[code] = t
						}
					}
					continue
				}
				m.ranges = append(m.ranges, r)
			}
		case "endcidrange":
			for i := 0; i+2 < len(a); i += 3 {
				m.cids = append(m.cids, cidRange{codeValue(a[i].str), codeValue(a[i+1].str), int(a[i+2].num)})
			}
		case "endcidchar":
			for i := 0; i+1 < len(a); i += 2 {
				v := codeValue(a[i].str)
				m.cids = append(m.cids, cidRange{v, v, int(a[i+1].num)})
			}
		}
	}
	return m
}

func encodeCode(v uint32, n int) string {
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return string(b)
}

// streamBytes reads a stream's decoded data, at most limit bytes; nil
// when it cannot be read (an unsupported filter, damaged data).
func streamBytes(v pdf.Value, limit int64) (data []byte) {
	defer func() {
		if recover() != nil {
			data = nil
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	data, _ = io.ReadAll(io.LimitReader(rc, limit))
	return data
}
