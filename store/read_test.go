package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A limited read takes the newest years first and stops at the limit.
func TestDocPostingsNewestFirst(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, t.TempDir())
	defer db.Close()
	for i, y := range []int{2019, 2021, 2020} {
		if _, err := db.Put(ctx, testDoc(fmt.Sprint("d", y), "福田区", fmt.Sprint("h", i), y, "100座", "200座"), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	docs := func(dps []DocPostings, err error) string {
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, dp := range dps {
			ids = append(ids, fmt.Sprintf("%s:%d", dp.DocID, len(dp.Sentences)))
		}
		return strings.Join(ids, " ")
	}
	err := db.Read(func(r *Reader) error {
		for _, c := range []struct {
			years []int
			limit int
			want  string
		}{
			{nil, 0, "d2019:2 d2020:2 d2021:2"},
			{nil, 2, "d2021:2"},
			{nil, 3, "d2021:2 d2020:2"},
			{[]int{2020}, 1, "d2020:2"},
		} {
			if got := docs(r.DocPostings(ctx, nil, c.years, "学位", c.limit)); got != c.want {
				t.Errorf("DocPostings(years %v, limit %d) = %s; want %s", c.years, c.limit, got, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
