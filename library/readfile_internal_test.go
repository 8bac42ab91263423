package library

import (
	"io"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

// countingReader is an endless file: it counts what was read of it.
type countingReader struct{ n int }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	r.n += len(p)
	return len(p), nil
}

// A file that grows while it is read (its metadata said it was small) is
// read to one byte past the limit and refused.
func TestReadAtMostBoundsAGrowingFile(t *testing.T) {
	r := &countingReader{}
	_, err := readAtMost("growing.txt", r, 10, 1000)
	if plan.ErrorCode(err) != plan.EINVALID || !strings.Contains(err.Error(), "grew past") {
		t.Fatalf("growing file: %v; want it refused", err)
	}
	if r.n > 1001 {
		t.Errorf("read %d bytes of a file limited to 1000", r.n)
	}
	data, err := readAtMost("small.txt", io.LimitReader(r, 1000), 1000, 1000)
	if err != nil || len(data) != 1000 {
		t.Errorf("a file at the limit: %d bytes, %v", len(data), err)
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{
		12: "12 bytes", 1536: "1.5 KB", 16 << 20: "16 MB", 3 << 30: "3 GB", 3<<30 + 200<<20: "3.2 GB",
	} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q; want %q", n, got, want)
		}
	}
}
