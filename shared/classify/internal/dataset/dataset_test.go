package dataset

import (
	"path/filepath"
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
)

func root(t *testing.T) string {
	return filepath.Dir(filepath.Dir(groundtruth.Path(t, "data/SOURCES.md")))
}

func TestReaders(t *testing.T) {
	r := root(t)
	sib, err := ShipSIB(r, "de", "train")
	if err != nil {
		t.Fatal(err)
	}
	// 701 rows less the 58 geography sentences.
	if len(sib) != 643 {
		t.Errorf("SIB-200 de train: %d examples, want 643", len(sib))
	}
	for _, ex := range sib {
		if ex.Text == "" || ex.Label == "geography" {
			t.Fatalf("bad example %+v", ex)
		}
	}
	train, dev, err := ShipClickbait(r)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(train) + len(dev); n != 25551 || len(dev) < 2000 || len(dev) > 3100 {
		t.Errorf("clickbait: %d train + %d dev, want 25551 rows with about 10%% dev", len(train), len(dev))
	}
	seen := map[string]bool{}
	for _, ex := range train {
		seen[ex.Text] = true
	}
	for _, ex := range dev {
		if seen[ex.Text] {
			t.Fatalf("headline %q is in both train and dev", ex.Text)
		}
	}
	ge, err := ShipGermEval(r, "test")
	if err != nil || len(ge) != 3532 {
		t.Errorf("GermEval test: %d rows, %v; want 3532", len(ge), err)
	}
	for name, read := range map[string]func(string) ([]Example, error){"AG News": EvalAGNews, "BBC": EvalBBC} {
		ex, err := read(r)
		if err != nil || len(ex) < 2000 {
			t.Errorf("%s: %d rows, %v", name, len(ex), err)
		}
	}
	m, err := EvalMathur(r)
	if err != nil || len(m) != 1512 { // 1818 rows, 306 without a text
		t.Errorf("Mathur: %d rows, %v; want 1512", len(m), err)
	}
	y, err := EvalYada(r)
	if err != nil || len(y) != 2356 {
		t.Errorf("Yada: %d rows, %v; want 2356", len(y), err)
	}
}
