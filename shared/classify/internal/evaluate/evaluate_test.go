package evaluate

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/classify/internal/score"
)

func TestConfusionRow(t *testing.T) {
	var c score.Confusion
	for _, d := range [][2]bool{{true, true}, {true, true}, {true, false}, {false, true}, {false, false}, {false, false}} {
		c.Add(d[0], d[1])
	}
	r := rowOf(&c, "x", "d", "en")
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
