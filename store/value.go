package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/klauspost/compress/s2"
)

// Large values (document blobs, sentence records, posting summaries) are
// JSON compressed with S2. They sit in badger's value log, outside the LSM
// tree, so they are compressed here rather than by badger's block
// compression. A leading marker byte tells them apart from plain JSON,
// which older indexes hold and which is still read.
const compressedMark = 0x01

// maxValue is below badger's 64 MB value limit, so an oversized document
// gets a clear error instead of badger's.
const maxValue = 48 << 20

func encodeValue(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 1+s2.MaxEncodedLen(len(raw)))
	buf[0] = compressedMark
	// Encode writes into buf[1:] when it is large enough, as it is here.
	out := buf[:1+len(s2.Encode(buf[1:], raw))]
	if len(out) > maxValue {
		return nil, fmt.Errorf("record is %d MB compressed, over the %d MB limit: split the document", len(out)>>20, maxValue>>20)
	}
	return out, nil
}

func decodeValue(b []byte, v any) error {
	if len(b) > 0 && b[0] == compressedMark {
		raw, err := s2.Decode(nil, b[1:])
		if err != nil {
			return fmt.Errorf("decompress: %w: %v", errDamagedRecord, err)
		}
		b = raw
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%w: %v", errDamagedRecord, err)
	}
	return nil
}

// Posting values are sentence IDs, sorted, as varint deltas.
func encodeIDs(ids []int) []byte {
	slices.Sort(ids)
	buf := make([]byte, 0, len(ids)*2)
	prev := 0
	for _, id := range ids {
		buf = binary.AppendUvarint(buf, uint64(id-prev))
		prev = id
	}
	return buf
}

func decodeIDs(b []byte) ([]int, error) {
	var out []int
	prev := 0
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, fmt.Errorf("posting list: %w", errDamagedRecord)
		}
		prev += int(v)
		out = append(out, prev)
		b = b[n:]
	}
	return out, nil
}
