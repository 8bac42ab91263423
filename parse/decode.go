package parse

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/planbot/planbot/plan"
)

// DefaultMaxBytes bounds a document's size. A plan or work report is a few
// hundred kilobytes of text; anything near this is not one document.
const DefaultMaxBytes = 16 << 20

// decode turns raw bytes into text, accepting UTF-8 (with or without BOM),
// UTF-16 (with a BOM, or without one when the NUL bytes make it plain) and
// GB18030/GBK. It refuses what is not text.
func decode(data []byte, maxBytes int) (text string, warnings []string, err error) {
	if len(data) > maxBytes {
		return "", nil, plan.Errorf(plan.EINVALID, "the document is %s, more than the %s a plan document can be: split it into one file per document, or raise the limit with --max-size",
			humanBytes(len(data)), humanBytes(maxBytes))
	}
	// The encoding comes first: UTF-16 text is full of bytes below 0x20 that
	// would otherwise be taken for binary data.
	data, warnings, err = unmark(data)
	if err != nil {
		return "", nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", nil, plan.Errorf(plan.EINVALID, "the document is empty: give a text file with the plan's content (UTF-8 or GBK)")
	}
	if kind := binaryKind(data); kind != "" {
		// planbot ingest reads PDF, Word and web pages before the parser
		// (package extract); what still arrives here is not a plan.
		return "", nil, plan.Errorf(plan.EINVALID, "the document is %s, not text: planbot reads plans as PDF (with a text layer), Word (.docx), saved web pages (.html) or text; save it as one of these", kind)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", nil, plan.Errorf(plan.EINVALID, "the document contains NUL bytes, so it is binary (or UTF-16 that could not be read), not text: extract its text and save it as UTF-8")
	}
	if utf8.Valid(data) {
		return string(data), warnings, nil
	}
	// A file cut off in the middle of a character: keep what is whole.
	if cut := validPrefix(data); len(data)-cut <= 3 && cut > 0 && utf8.Valid(data[:cut]) {
		return string(data[:cut]), append(warnings, "the file ends in the middle of a character; it may have been truncated"), nil
	}
	out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
	if err == nil && looksLikeChinese(string(out)) {
		return string(out), []string{"decoded as GB18030/GBK"}, nil
	}
	return "", nil, plan.Errorf(plan.EINVALID, "the document is neither valid UTF-8 nor GBK/GB18030 text (first bad byte at offset %d): re-save it as UTF-8", validPrefix(data))
}

// unmark drops a UTF-8 byte-order mark and turns UTF-16 into UTF-8: with
// a byte-order mark, or without one when the NUL bytes make it plain and
// the result reads as Chinese text with newlines.
func unmark(data []byte) ([]byte, []string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], nil, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		// The byte-order mark overrides the default endianness.
		out, err := decodeUTF16(data, xunicode.LittleEndian, xunicode.UseBOM)
		if err != nil {
			return nil, nil, plan.Errorf(plan.EINVALID, "the document starts with a UTF-16 mark but does not decode as UTF-16 (%v): save it as UTF-8", err)
		}
		return out, nil, nil
	}
	if order, name, ok := bomlessUTF16(data); ok {
		if out, err := decodeUTF16(data, order, xunicode.IgnoreBOM); err == nil && looksLikeChinese(string(out)) && bytes.IndexByte(out, '\n') >= 0 {
			// Read with the wrong byte order, a document has no newlines.
			return out, []string{"decoded as " + name + " (the file has no byte-order mark)"}, nil
		}
	}
	return data, nil, nil
}

func decodeUTF16(data []byte, order xunicode.Endianness, bom xunicode.BOMPolicy) ([]byte, error) {
	out, _, err := transform.Bytes(xunicode.UTF16(order, bom).NewDecoder(), data)
	if err != nil {
		return nil, fmt.Errorf("decode UTF-16: %w", err)
	}
	return out, nil
}

// bomlessUTF16 guesses UTF-16 without a byte-order mark from where the NUL
// bytes fall: the newlines, digits and spaces of UTF-16 text put a NUL in
// every other byte, on one side. Characters such as 一 (U+4E00) and the
// ideographic space (U+3000) put some on the other side, so that side need
// only be quieter. The caller still checks that the result reads as text.
func bomlessUTF16(data []byte) (xunicode.Endianness, string, bool) {
	sample := data
	if len(sample) > 4096 {
		sample = sample[:4096]
	}
	sample = sample[:len(sample)&^1]
	units := len(sample) / 2
	var even, odd int // NULs at even and odd byte offsets
	for i, c := range sample {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	switch {
	case units < 8:
		return xunicode.LittleEndian, "", false
	case odd*20 >= units && odd >= 2*even: // ASCII's high byte second
		return xunicode.LittleEndian, "UTF-16LE", true
	case even*20 >= units && even >= 2*odd:
		return xunicode.BigEndian, "UTF-16BE", true
	}
	return xunicode.LittleEndian, "", false
}

// validPrefix returns the length of the longest valid UTF-8 prefix.
func validPrefix(b []byte) int {
	i := 0
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return i
}

// looksLikeChinese guards the GB18030 fallback: any byte soup decodes as
// GB18030, so demand that the result reads as Chinese text.
func looksLikeChinese(s string) bool {
	han, other, total := 0, 0, 0
	for _, r := range s {
		total++
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r == utf8.RuneError, unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f':
			other++
		}
	}
	return total > 0 && han*5 >= total && other*50 < total
}

// binaryKind names well-known binary formats people mistake for text.
func binaryKind(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "a PDF"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "a zip archive (a .docx or .xlsx?)"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "an old Office file (.doc/.xls)"
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "an image"
	}
	// Many control characters mean binary even without a known signature.
	sample := data
	if len(sample) > 4096 {
		sample = sample[:4096]
	}
	ctl := 0
	for _, c := range sample {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B {
			ctl++
		}
	}
	if ctl*20 > len(sample) {
		return "binary data"
	}
	return ""
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// foldWidth turns full-width ASCII letters, digits and the few symbols used
// in figures into their ASCII forms, and ideographic spaces into spaces.
// Chinese punctuation (，：；（）) is kept: it carries the clause structure.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			return r - 0xFEE0
		case r == '％', r == '．', r == '＋', r == '／', r == '～', r == '－':
			return r - 0xFEE0
		case r == '\u3000', r == '\u00a0':
			return ' '
		case r == '\ufeff', r == '\u200b':
			return -1
		}
		return r
	}, s)
}
