package digest

import (
	"context"
	"os"
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
		"固定资产投资":    "3.0%|基本持平|力争正增长|✗ 目标3.0%，实际基本持平",
		"进出口总额":     "2.0%|5.0%以上|力争正增长|✓ 高于目标3.0个百分点",
		"万元GDP水耗":   "以市下达目标为准|完成市下达目标|以市下达目标为准|✓ 完成市下达目标",
	}
	for _, r := range d.Rows {
		if w, ok := want[r.Name]; ok {
			if got := strings.Join([]string{r.LastTarget, r.LastResult, r.ThisTarget, r.Change}, "|"); got != w {
				t.Errorf("%s = %q; want %q", r.Name, got, w)
			}
		}
	}
	for _, r := range d.Rows {
		if r.Verdict == "" || r.Change == "" {
			t.Errorf("%s: no verdict (%q against %q)", r.Name, r.LastResult, r.LastTarget)
		}
		if r.Name == "本区生产总值" && r.LastAmount != "5318.2亿元" {
			t.Errorf("本区生产总值: amount %q; want 5318.2亿元 beside the rate", r.LastAmount)
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

// TestBuildFromWorkReports: a work report lists only this year's targets
// (主要预期目标); last year's results come from its review, last year's
// targets from last year's report, and each row gets its verdict.
func TestBuildFromWorkReports(t *testing.T) {
	db, in := testindex.Open(t)
	for _, f := range []string{"testdata/workreport-2025.txt", "testdata/workreport-2026.txt"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		testindex.Ingest(t, in, f, data)
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	d, err := (&Builder{DB: db, Region: "甲乙省"}).Build(context.Background(), "C1", at, at)
	if err != nil {
		t.Fatal(err)
	}
	if d.Columns != [3]string{"2025年目标", "2025年完成", "2026年目标"} {
		t.Fatalf("columns %v", d.Columns)
	}
	want := map[string]string{
		"地区生产总值":  "增长5.5%左右|增长5.3%|5.2万亿元|增长5%左右|met",
		"城镇调查失业率": "5.5%以内|5.1%||5.5%以内|met",
		"城镇新增就业":  "55万人以上|52万人||55万人以上|missed",
	}
	got := map[string]string{}
	for _, r := range d.Rows {
		got[r.Name] = strings.Join([]string{r.LastTarget, r.LastResult, r.LastAmount, r.ThisTarget, string(r.Verdict)}, "|")
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s = %q; want %q", name, got[name], w)
		}
	}
}
