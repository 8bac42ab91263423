package extract

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// CMaps as producers write them: mixed one- and two-byte code spaces,
// bfchar, bfrange onto a start (later codes add to its last unit) and
// onto an array, a surrogate pair; cidrange for widths.
func TestCMap(t *testing.T) {
	m := parseCMap([]byte(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test def
2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
2 beginbfchar <0041> <4E00> <8141> <D840DC00> endbfchar
2 beginbfrange <8150> <8152> <5341> <8160> <8161> [<957F> <2F00>] endbfrange
1 begincidrange <8140> <81FE> 100 endcidrange
endcmap CMapName currentdict /CMap defineresource pop end end`))
	for _, c := range []struct {
		code string
		n    int
		want string
	}{
		{"\x41", 1, ""}, // one byte: <0041> is a two-byte code
		{"\x00\x41", 1, ""},
		{"\x81\x41", 2, "\U00020000"},
		{"\x81\x50", 2, "十"},
		{"\x81\x52", 2, "千"},
		{"\x81\x60", 2, "长"},
		{"\x81\x61", 2, "⼀"},
	} {
		if n := m.codeLen(c.code); n != c.n {
			t.Errorf("codeLen(% x) = %d, want %d", c.code, n, c.n)
		}
		if got, _ := m.lookup(c.code[:m.codeLen(c.code)]); got != c.want {
			t.Errorf("lookup(% x) = %q, want %q", c.code, got, c.want)
		}
	}
	if cid := m.cid(0x8145); cid != 105 {
		t.Errorf("cid(8145) = %d, want 105", cid)
	}
	if got := fixRadicals("⼀⻓⼯作"); got != "一长工作" {
		t.Errorf("fixRadicals = %q", got)
	}
}

// Predefined CJK encodings: GBK (GBK-EUC-H), UTF-16 (UniGB-UTF16-H).
func TestPredefinedEncodings(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("福田"))
	if got := decoderFor(simplifiedchinese.GB18030)(gbk[:2]); got != "福" {
		t.Errorf("GBK %x = %q", gbk[:2], got)
	}
	if got := decodeUTF16BE([]byte{0xD8, 0x40, 0xDC, 0x00, 0x4E, 0x00}); got != "\U00020000一" {
		t.Errorf("UTF-16 = %q", got)
	}
	gb := &cmap{spaces: []codeRange{{lo: "\x00", hi: "\x80"}, {lo: "\x81\x40", hi: "\xfe\xfe"}}}
	if n := gb.codeLen("A\xb8\xa3"); n != 1 {
		t.Errorf("GBK code space: ASCII takes %d bytes", n)
	}
	if n := gb.codeLen("\xb8\xa3A"); n != 2 {
		t.Errorf("GBK code space: a character takes %d bytes", n)
	}
	for name, want := range map[string]rune{"uni4E00": '一', "u1F600": 0x1F600, "period": '.', "A": 'A', "g123": 0} {
		if got := glyphRune(name); got != want {
			t.Errorf("glyphRune(%q) = %U, want %U", name, got, want)
		}
	}
}
