package bench

import (
	"os"
	"strings"
	"testing"

	"github.com/planbot/planbot/parse"
)

func generator(t testing.TB) *Generator {
	data, err := os.ReadFile("../../seeds/futian-2021-execution-2022-plan.txt")
	if err != nil {
		t.Fatal(err)
	}
	return &Generator{Seed: string(data), SeedRegion: "福田区", SeedYear: 2021, Regions: Regions()}
}

func TestGeneratedDocumentsParse(t *testing.T) {
	g := generator(t)
	if len(g.Regions) < 100 {
		t.Fatalf("only %d regions", len(g.Regions))
	}
	p := parse.New()
	for _, i := range []int{0, 1, 7, 500, 4321, 9999} {
		d := g.Doc(i)
		doc, err := p.Parse(d.Name, d.Data, parse.Options{})
		if err != nil {
			t.Fatalf("doc %d: %v", i, err)
		}
		if doc.Region != d.Region || doc.ReportYear != d.ReportYear || doc.PlanYear != d.ReportYear+1 {
			t.Errorf("doc %d: region %q years %d→%d; want %q %d", i, doc.Region, doc.ReportYear, doc.PlanYear, d.Region, d.ReportYear)
		}
		n := len(doc.Tasks())
		if n < 15 || n > 27 {
			t.Errorf("doc %d: %d tasks", i, n)
		}
		for k, tr := range doc.Tasks() {
			if tr.Task.Number != k+1 {
				t.Errorf("doc %d: task %d numbered %d", i, k+1, tr.Task.Number)
				break
			}
		}
		if strings.Contains(string(d.Data), "福田") && d.Region != "福田区" {
			t.Errorf("doc %d still names 福田", i)
		}
	}
	if string(g.Doc(42).Data) != string(g.Doc(42).Data) {
		t.Error("generation is not deterministic")
	}
}
