package score

import (
	"math"
	"testing"
)

func TestMacroF1KnownAnswer(t *testing.T) {
	gold := []string{"a", "a", "a", "b", "b", "c"}
	pred := []string{"a", "a", "b", "b", "c", "x"}
	// a: P 2/2, R 2/3 → F1 0.8; b: P 1/2, R 1/2 → 0.5; c: P 0, R 0 → 0.
	want := (0.8 + 0.5 + 0) / 3
	if got := MacroF1(gold, pred); math.Abs(got-want) > 1e-12 {
		t.Errorf("MacroF1 = %v, want %v", got, want)
	}
	if got := Accuracy(gold, pred); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("Accuracy = %v, want 0.5", got)
	}
	if MacroF1(nil, nil) != 0 {
		t.Error("MacroF1 of nothing is not 0")
	}
}

func TestConfusion(t *testing.T) {
	var c Confusion
	if c.Precision() != 0 || c.Recall() != 0 || c.F1() != 0 || c.Accuracy() != 0 {
		t.Error("empty confusion is not all zero")
	}
	for _, d := range [][2]bool{{true, true}, {true, false}, {false, true}, {false, false}, {false, false}} {
		c.Add(d[0], d[1])
	}
	if c.N() != 5 || c.Precision() != 0.5 || c.Recall() != 0.5 || c.F1() != 0.5 || c.Accuracy() != 0.6 {
		t.Errorf("%+v: P %v R %v F1 %v acc %v", c, c.Precision(), c.Recall(), c.F1(), c.Accuracy())
	}
}
