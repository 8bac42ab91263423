package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	xunicode "golang.org/x/text/encoding/unicode"
)

// TestEncodings feeds the golden fixtures re-encoded: each copy must parse
// to the same structure and facts as the UTF-8 original, with at most a
// note on how it was decoded.
func TestEncodings(t *testing.T) {
	utf16 := func(order xunicode.Endianness, bom xunicode.BOMPolicy) func(*testing.T, []byte) []byte {
		return func(t *testing.T, data []byte) []byte {
			out, err := xunicode.UTF16(order, bom).NewEncoder().Bytes(data)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	encodings := []struct {
		name   string
		encode func(*testing.T, []byte) []byte
		note   string // warning the decoder adds
	}{
		{"utf-8 bom", func(_ *testing.T, b []byte) []byte { return append([]byte{0xEF, 0xBB, 0xBF}, b...) }, ""},
		{"utf-16le bom", utf16(xunicode.LittleEndian, xunicode.UseBOM), ""},
		{"utf-16be bom", utf16(xunicode.BigEndian, xunicode.UseBOM), ""},
		{"utf-16le", utf16(xunicode.LittleEndian, xunicode.IgnoreBOM), "decoded as UTF-16LE (the file has no byte-order mark)"},
		{"utf-16be", utf16(xunicode.BigEndian, xunicode.IgnoreBOM), "decoded as UTF-16BE (the file has no byte-order mark)"},
	}
	fixtures := map[string]string{
		"futian-seed":  seedPath,
		"nanshan-plan": "testdata/nanshan-plan/input.txt",
		"workreport":   "testdata/workreport/input.txt",
	}
	for fixture, path := range fixtures {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", fixture, "structure.golden"))
		if err != nil {
			t.Fatal(err)
		}
		for _, enc := range encodings {
			t.Run(fixture+"/"+enc.name, func(t *testing.T) {
				doc, err := New().Parse(enc.name, enc.encode(t, data), Options{})
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				got := outline(doc)
				if enc.note != "" {
					if !strings.Contains(got, "warning: "+enc.note+"\n") {
						t.Errorf("no warning %q", enc.note)
					}
					got = strings.Replace(got, "warning: "+enc.note+"\n", "", 1)
				}
				if got != string(want) {
					t.Errorf("parses differently from the UTF-8 original (%s)", filepath.Join("testdata", fixture, "structure.golden"))
				}
			})
		}
	}
}

// TestNotUTF16 checks that guessing UTF-16 does not let binary data or
// stray NUL bytes through.
func TestNotUTF16(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string // part of the error message
	}{
		{"nul every fourth byte", bytes.Repeat([]byte{0x01, 0x02, 0x00, 0x7f}, 100), "binary"},
		{"nul every other byte, not text", bytes.Repeat([]byte{0x81, 0x00, 0x07, 0x00}, 100), "binary"},
		{"utf-16 mark, control characters", append([]byte{0xFF, 0xFE}, bytes.Repeat([]byte{0x01, 0x00, 0x02, 0x00}, 100)...), "binary"},
		{"utf-16 mark, blank", []byte{0xFE, 0xFF, 0x00, 0x20, 0x00, 0x0A}, "empty"},
		{"utf-16 mark, pdf", append([]byte{0xFF, 0xFE}, []byte("%\x00P\x00D\x00F\x00-\x001\x00")...), "PDF"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New().Parse(tc.name, tc.data, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v; want one saying %q", err, tc.want)
			}
		})
	}
}
