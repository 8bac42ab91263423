package digest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/testindex"
	"github.com/planbot/planbot/store"
)

func TestBuildFromSeed(t *testing.T) {
	db, _ := testindex.Seeded(t)
	db.Subscribe(store.Subscription{User: "C1", Target: "task:福田区:提升教育事业发展质效", Kind: "task", Label: "任务20 提升教育事业发展质效"})
	at := time.Date(2022, 3, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	d, err := (&Builder{DB: db}).Build(context.Background(), "C1", at, at.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if d.Columns != [3]string{"2021年目标", "2021年完成", "2022年目标"} || len(d.Rows) != 10 {
		t.Fatalf("columns %v rows %d", d.Columns, len(d.Rows))
	}
	want := map[string]string{
		"本区生产总值":    "6.8%|8.6%|6.0%以上|✓ 高于目标1.8个百分点",
		"城镇居民登记失业率": "3.0%以内|2.0%以内|2.0%以内|✓ 控制在目标内",
		"万元GDP建设用地": "下降5.0%|下降7.7%|下降5.7%|✓ 多降2.7个百分点",
		"固定资产投资":    "3.0%|基本持平|力争正增长|",
	}
	for _, r := range d.Rows {
		if w, ok := want[r.Name]; ok {
			if got := strings.Join([]string{r.LastTarget, r.LastResult, r.ThisTarget, r.Change}, "|"); got != w {
				t.Errorf("%s = %q; want %q", r.Name, got, w)
			}
		}
	}
	if len(d.Follows) != 1 || !strings.Contains(strings.Join(d.Follows[0].Figures, " "), "新增学位 9510座") {
		t.Errorf("follows = %+v", d.Follows)
	}
	text := RenderText(d)
	for _, w := range []string{"福田区 每日指标摘要", "本区生产总值", "任务20 提升教育事业发展质效"} {
		if !strings.Contains(text, w) {
			t.Errorf("text lacks %q:\n%s", w, text)
		}
	}
}

func TestTableAlignsWideCharacters(t *testing.T) {
	got := Table([][]string{{"指标", "值"}, {"GDP", "8.6%"}, {"地区生产总值", "5318.2亿元"}})
	lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
	col := -1
	for _, l := range lines {
		// The second column starts at the same display width on every line.
		i := strings.Index(l, "  ")
		for i < len(l) && l[i] == ' ' {
			i++
		}
		w := Width(l[:i])
		if col >= 0 && w != col {
			t.Errorf("misaligned:\n%s", got)
		}
		col = w
	}
}

// A manual digest built while the scheduler builds one shares the
// Builder; run with -race, this caught the unsynchronised lazy set-up of
// the figure extractor.
func TestConcurrentBuilds(t *testing.T) {
	db, _ := testindex.Seeded(t)
	b := &Builder{DB: db}
	at := time.Date(2022, 3, 1, 9, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	rows := make([]int, 4)
	for i := range rows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := b.Build(context.Background(), "C1", at, at.Add(-24*time.Hour))
			if err != nil {
				t.Error(err)
			}
			rows[i] = len(d.Rows)
		}()
	}
	wg.Wait()
	for i, n := range rows {
		if n != 10 {
			t.Errorf("build %d: %d rows; want 10", i, n)
		}
	}
}
