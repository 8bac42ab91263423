package answer_test

import (
	"context"
	"testing"
)

func TestExamplesAreAnswered(t *testing.T) {
	for _, path := range []string{seedPath, nanshanPath} {
		ev := newEnv(t, path)
		ex := ev.e.Examples(context.Background(), 4)
		if len(ex) < 3 {
			t.Errorf("%s: examples %q", path, ex)
		}
		for _, q := range ex {
			if a := ev.ask(t, q); !a.Found {
				t.Errorf("%s: example %q is not answered", path, q)
			}
		}
		t.Log(ex)
	}
}
