package evaluate

import (
	"bytes"
	"math"
	"strings"
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
	if got := accuracy(gold, pred); math.Abs(got-3.0/6) > 1e-12 {
		t.Errorf("accuracy = %v, want 0.5", got)
	}
}

func TestConfusionRow(t *testing.T) {
	var c Confusion
	for _, d := range [][2]bool{{true, true}, {true, true}, {true, false}, {false, true}, {false, false}, {false, false}} {
		c.Add(d[0], d[1])
	}
	r := c.Row("x", "d", "en")
	if r.N != 6 || math.Abs(r.Precision-2.0/3) > 1e-12 || math.Abs(r.Recall-2.0/3) > 1e-12 || math.Abs(r.F1-2.0/3) > 1e-12 || math.Abs(r.Accuracy-4.0/6) > 1e-12 {
		t.Errorf("row %+v", r)
	}
	var b bytes.Buffer
	if err := Print(&b, []Row{r, newRow("topic", "d", "de")}); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "0.667") || !strings.Contains(out, "–") {
		t.Errorf("table:\n%s", out)
	}
}
