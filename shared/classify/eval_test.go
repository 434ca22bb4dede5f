package classify_test

import (
	"path/filepath"
	"testing"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/classify/internal/evaluate"
	"github.com/feedlens/feedlens/shared/groundtruth"
)

// TestEvaluationTargets runs `make eval` and checks the targets of the
// classifiers issue plus floors under the other figures, so that a change
// that makes a classifier worse fails here.
func TestEvaluationTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluation skipped in -short mode")
	}
	root := filepath.Dir(filepath.Dir(groundtruth.Path(t, "data/SOURCES.md")))
	rows, err := evaluate.Run(newClassifier(t, classify.Options{}), root)
	if err != nil {
		t.Fatal(err)
	}
	find := func(task, data, lang string) evaluate.Row {
		for _, r := range rows {
			if r.Task == task && r.Data == data && r.Lang == lang {
				return r
			}
		}
		t.Fatalf("no row %s / %s / %s", task, data, lang)
		return evaluate.Row{}
	}
	checks := []struct {
		task, data, lang, metric string
		min                      float64
	}{
		{"topic", "SIB-200 dev (no geography)", "en", "macro-F1", 0.75},
		{"topic", "SIB-200 dev (no geography)", "de", "macro-F1", 0.70},
		{"topic", "AG News dev (eval only)", "en", "macro-F1", 0.60},
		{"topic", "BBC News (eval only)", "en", "macro-F1", 0.65},
		{"clickbait", "Chakraborty 2016 dev split (10%)", "en", "F1", 0.93},
		{"tactic scarcity", "Yada 2022 (eval only)", "en", "F1", 0.75},
		{"tactic social_proof", "Yada 2022 (eval only)", "en", "F1", 0.65},
		{"tactic urgency", "Yada 2022 (eval only)", "en", "F1", 0.55},
		{"tactic outrage", "GermEval 2018 test (OFFENSE)", "de", "F1", 0.55},
	}
	for _, c := range checks {
		r := find(c.task, c.data, c.lang)
		v := r.F1
		if c.metric == "macro-F1" {
			v = r.MacroF1
		}
		if v < c.min {
			t.Errorf("%s on %s (%s): %s %.3f, want ≥ %.2f", c.task, c.data, c.lang, c.metric, v, c.min)
		}
	}
}
