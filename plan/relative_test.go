package plan

import "testing"

func TestRelativeYears(t *testing.T) {
	byWord := map[string]RelativeYear{}
	for _, r := range RelativeYears() {
		byWord[r.Word] = r
	}
	tests := []struct {
		word     string
		question int // offset from this year
		inDoc    int // in a document reporting on 2021 and planning 2022
	}{
		{"今年", 0, 2022},
		{"明年", 1, 2023},
		{"去年", -1, 2021},
		{"过去一年", -1, 2021},
		{"前年", -2, 2020},
		{"上一年", -1, 0}, // questions only
	}
	for _, tt := range tests {
		r, ok := byWord[tt.word]
		if !ok {
			t.Errorf("%s: not listed", tt.word)
			continue
		}
		if r.Offset != tt.question {
			t.Errorf("%s: question offset %d; want %d", tt.word, r.Offset, tt.question)
		}
		if got := r.InDocument(2021, 2022); got != tt.inDoc {
			t.Errorf("%s: in document %d; want %d", tt.word, got, tt.inDoc)
		}
	}
	if got := byWord["去年"].InDocument(0, 2022); got != 0 {
		t.Errorf("去年 with no report year: %d; want 0", got)
	}
}
