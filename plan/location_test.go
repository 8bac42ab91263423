package plan

import "testing"

// A location names the page when known, says a page is unknown when the
// file does not record pages (Word), and says nothing for text without
// pages.
func TestLocationString(t *testing.T) {
	task := Location{Part: 3, PartTitle: "2022年经济社会发展主要任务", Task: 20, TaskTitle: "提升教育事业发展质效"}
	for _, c := range []struct {
		page    int
		unknown bool
		want    string
	}{
		{23, false, "三、2022年经济社会发展主要任务 › 20. 提升教育事业发展质效 › 第23页"},
		{0, true, "三、2022年经济社会发展主要任务 › 20. 提升教育事业发展质效 › 页码不详"},
		{0, false, "三、2022年经济社会发展主要任务 › 20. 提升教育事业发展质效"},
	} {
		l := task
		l.Page, l.PageUnknown = c.page, c.unknown
		if got := l.String(); got != c.want {
			t.Errorf("page %d unknown %v: %q, want %q", c.page, c.unknown, got, c.want)
		}
	}
}
