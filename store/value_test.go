package store

import (
	"fmt"
	"strings"
	"testing"
)

func TestValueCodec(t *testing.T) {
	type rec struct {
		Text string `json:"text"`
		N    int    `json:"n"`
	}
	long := strings.Repeat("2022年新增学位9510座。", 200)
	tests := []struct {
		name string
		in   []byte // stored bytes; nil means encode want
		want rec
	}{
		{"compressed round trip", nil, rec{Text: long, N: 7}},
		{"empty", nil, rec{}},
		{"plain JSON from an older index", []byte(`{"text":"旧格式","n":2}`), rec{Text: "旧格式", N: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.in
			if b == nil {
				var err error
				if b, err = encodeValue(tt.want); err != nil {
					t.Fatal(err)
				}
				if b[0] != compressedMark {
					t.Fatalf("encoded value starts with %#x, want the compression mark", b[0])
				}
			}
			var got rec
			if err := decodeValue(b, &got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("decoded %+v, want %+v", got, tt.want)
			}
		})
	}
	b, _ := encodeValue(rec{Text: long})
	if len(b) >= len(long)/4 {
		t.Errorf("repetitive record compressed to %d bytes of %d", len(b), len(long))
	}
	if err := decodeValue([]byte{compressedMark, 0xff, 0xff}, new(rec)); err == nil {
		t.Error("corrupt compressed value decoded without error")
	}
}

func TestIDEncoding(t *testing.T) {
	ids := []int{0, 1, 2, 130, 5000, 70000}
	if got, err := decodeIDs(encodeIDs(append([]int(nil), ids...))); err != nil || fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Errorf("round trip = %v", got)
	}
}
