package extract

import (
	"bytes"
	"strconv"
)

// A content stream is a sequence of operands followed by an operator
// (PDF 32000-1 §7.8.2). lexer reads one into operations; the PDF library
// reads objects and streams, but its PostScript reader is made for CMaps
// and stumbles on inline images, so content has its own small lexer.

// objKind is the kind of a content-stream operand.
type objKind uint8

const (
	kNull objKind = iota
	kNum
	kStr
	kName
	kArray
	kDict
	kBool
)

// obj is one operand. Strings are raw bytes (codes for the font).
type obj struct {
	kind objKind
	num  float64
	str  string // string bytes or name
	arr  []obj  // array elements
	dict map[string]obj
}

func (o obj) float() float64 { return o.num }

// lexer reads a content stream.
type lexer struct {
	b   []byte
	pos int
}

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// next reads the next operation: its operands and operator. ok is false at
// the end of the stream.
func (lx *lexer) next(args []obj) (op string, out []obj, ok bool) {
	out = args[:0]
	for {
		lx.skipSpace()
		if lx.pos >= len(lx.b) {
			return "", out, false
		}
		c := lx.b[lx.pos]
		switch {
		case c == '/' || c == '(' || c == '[' || c == '<' || isNumberByte(c):
			out = append(out, lx.object())
		case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
			lx.pos++ // stray delimiter: skip
		default:
			start := lx.pos
			word := string(lx.b[start:lx.wordEnd()])
			switch word {
			case "true", "false":
				out = append(out, obj{kind: kBool, num: boolNum(word == "true")})
				continue
			case "null":
				out = append(out, obj{})
				continue
			case "BI":
				lx.skipInlineImage()
				out = out[:0]
				continue
			}
			return word, out, true
		}
	}
}

func boolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (lx *lexer) skipSpace() {
	for lx.pos < len(lx.b) {
		c := lx.b[lx.pos]
		if c == '%' {
			for lx.pos < len(lx.b) && lx.b[lx.pos] != '\n' && lx.b[lx.pos] != '\r' {
				lx.pos++
			}
			continue
		}
		if !isWhite(c) {
			return
		}
		lx.pos++
	}
}

// skipInlineImage skips an inline image (BI … ID data EI): its data is
// binary and would read as garbage operators.
func (lx *lexer) skipInlineImage() {
	i := bytes.Index(lx.b[lx.pos:], []byte("ID"))
	if i < 0 {
		lx.pos = len(lx.b)
		return
	}
	lx.pos += i + 3
	for lx.pos < len(lx.b) {
		j := bytes.Index(lx.b[lx.pos:], []byte("EI"))
		if j < 0 {
			lx.pos = len(lx.b)
			return
		}
		end := lx.pos + j
		// EI counts only between white space (or at the end).
		if end > 0 && isWhite(lx.b[end-1]) && (end+2 >= len(lx.b) || isWhite(lx.b[end+2])) {
			lx.pos = end + 2
			return
		}
		lx.pos = end + 2
	}
}

// object reads one operand.
func (lx *lexer) object() obj {
	lx.skipSpace()
	if lx.pos >= len(lx.b) {
		return obj{}
	}
	c := lx.b[lx.pos]
	switch {
	case c == '/':
		lx.pos++
		return obj{kind: kName, str: unescapeName(lx.b[lx.pos:lx.wordEnd()])}
	case c == '(':
		return obj{kind: kStr, str: lx.literal()}
	case c == '<' && lx.pos+1 < len(lx.b) && lx.b[lx.pos+1] == '<':
		return lx.dict()
	case c == '<':
		return obj{kind: kStr, str: lx.hex()}
	case c == '[':
		return lx.array()
	}
	return lx.number()
}

// wordEnd moves past a name or keyword and returns where it ends.
func (lx *lexer) wordEnd() int {
	for lx.pos < len(lx.b) && !isWhite(lx.b[lx.pos]) && !isDelimiter(lx.b[lx.pos]) {
		lx.pos++
	}
	return lx.pos
}

// dict reads << /Key value … >>.
func (lx *lexer) dict() obj {
	lx.pos += 2
	d := map[string]obj{}
	for {
		lx.skipSpace()
		if lx.pos >= len(lx.b) {
			return obj{kind: kDict, dict: d}
		}
		if lx.b[lx.pos] == '>' {
			lx.pos += 2
			return obj{kind: kDict, dict: d}
		}
		k := lx.object()
		if k.kind != kName {
			lx.pos++
			continue
		}
		d[k.str] = lx.object()
	}
}

// array reads [ … ], skipping keywords in it (true, null, junk).
func (lx *lexer) array() obj {
	lx.pos++
	var arr []obj
	for {
		lx.skipSpace()
		if lx.pos >= len(lx.b) {
			return obj{kind: kArray, arr: arr}
		}
		if lx.b[lx.pos] == ']' {
			lx.pos++
			return obj{kind: kArray, arr: arr}
		}
		if c := lx.b[lx.pos]; !isDelimiter(c) && !isNumberByte(c) {
			if start := lx.pos; lx.wordEnd() == start {
				lx.pos++
			}
			continue
		}
		arr = append(arr, lx.object())
	}
}

func isNumberByte(c byte) bool {
	return c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')
}

// number reads a number; a stray byte reads as null.
func (lx *lexer) number() obj {
	start := lx.pos
	for lx.pos < len(lx.b) && isNumberByte(lx.b[lx.pos]) {
		lx.pos++
	}
	if lx.pos == start {
		lx.pos++
		return obj{}
	}
	f, err := strconv.ParseFloat(string(lx.b[start:lx.pos]), 64)
	if err != nil {
		// Producers write 0.-1 or --5; take what parses.
		f = leadingNumber(string(lx.b[start:lx.pos]))
	}
	return obj{kind: kNum, num: f}
}

func leadingNumber(s string) float64 {
	for len(s) > 0 {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
		s = s[:len(s)-1]
	}
	return 0
}

// literal reads a (string) with its escapes and balanced parentheses.
func (lx *lexer) literal() string {
	lx.pos++ // (
	var out []byte
	depth := 1
	for lx.pos < len(lx.b) {
		c := lx.b[lx.pos]
		lx.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if lx.pos >= len(lx.b) {
				return string(out)
			}
			e := lx.b[lx.pos]
			lx.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if lx.pos < len(lx.b) && lx.b[lx.pos] == '\n' {
					lx.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && lx.pos < len(lx.b) && lx.b[lx.pos] >= '0' && lx.b[lx.pos] <= '7'; k++ {
						v = v*8 + int(lx.b[lx.pos]-'0')
						lx.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// hex reads a <hex string>.
func (lx *lexer) hex() string {
	lx.pos++ // <
	var out []byte
	var hi byte
	half := false
	for lx.pos < len(lx.b) {
		c := lx.b[lx.pos]
		lx.pos++
		if c == '>' {
			break
		}
		v, ok := hexVal(c)
		if !ok {
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return string(out)
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// unescapeName decodes #xx escapes in a name.
func unescapeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			h, ok1 := hexVal(b[i+1])
			l, ok2 := hexVal(b[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|l)
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}
