package answer

import (
	"fmt"
	"testing"
)

// A list of tasks too long for a message keeps every task, with as many
// of each one's figures as leave room for all.
func TestFitList(t *testing.T) {
	var items []Item
	for task := 1; task <= 8; task++ {
		items = append(items, Item{Role: "task", Subject: fmt.Sprint(task)})
		for f := 0; f < 5; f++ {
			items = append(items, Item{Role: "figure"})
		}
	}
	got := fitList(items, countRoles(items))
	if len(got) > maxListItems || countRoles(got) != 8 {
		t.Fatalf("%d rows, %d tasks; want ≤ %d rows and all 8 tasks", len(got), countRoles(got), maxListItems)
	}
	if got[1].Role != "figure" || got[2].Role != "task" {
		t.Errorf("each task keeps one figure: %+v", got[:3])
	}
	// A list of figures alone is cut at the bound.
	flat := make([]Item, 30)
	if got := fitList(flat, countRoles(flat)); len(got) != maxListItems {
		t.Errorf("%d rows of a flat list; want %d", len(got), maxListItems)
	}
}
