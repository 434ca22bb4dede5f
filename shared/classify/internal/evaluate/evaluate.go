// Package evaluate measures the classifiers on the labelled data in the
// shared ground-truth folder: the numbers `make eval` prints and
// docs/MODEL.md records. Only dev, test and eval-only data is used here,
// never the data the shipped weights were trained on.
package evaluate

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/classify/internal/dataset"
	"github.com/feedlens/feedlens/shared/classify/internal/score"
)

// Row is one line of the evaluation table. Fields that do not apply to a
// task are negative.
type Row struct {
	Task, Data, Lang string
	N                int
	Accuracy         float64
	MacroF1          float64
	Precision        float64
	Recall           float64
	F1               float64
}

func newRow(task, data, lang string) Row {
	return Row{Task: task, Data: data, Lang: lang, Accuracy: -1, MacroF1: -1, Precision: -1, Recall: -1, F1: -1}
}

// Run evaluates c on everything under root (the shared folder).
func Run(c *classify.Classifier, root string) ([]Row, error) {
	var rows []Row
	for _, step := range []func(*classify.Classifier, string) ([]Row, error){topics, clickbait, darkPatterns, outrage} {
		r, err := step(c, root)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r...)
	}
	return rows, nil
}

func topics(c *classify.Classifier, root string) ([]Row, error) {
	type set struct {
		data, lang string
		read       func() ([]dataset.Example, error)
	}
	sets := []set{
		{"SIB-200 dev (no geography)", "en", func() ([]dataset.Example, error) { return dataset.ShipSIB(root, "en", "dev") }},
		{"SIB-200 dev (no geography)", "de", func() ([]dataset.Example, error) { return dataset.ShipSIB(root, "de", "dev") }},
		{"AG News dev (eval only)", "en", func() ([]dataset.Example, error) { return dataset.EvalAGNews(root) }},
		{"BBC News (eval only)", "en", func() ([]dataset.Example, error) { return dataset.EvalBBC(root) }},
	}
	var rows []Row
	for _, s := range sets {
		exs, err := s.read()
		if err != nil {
			return nil, err
		}
		var gold, pred []string
		for _, ex := range exs {
			gold = append(gold, ex.Label)
			pred = append(pred, string(c.Text(ex.Text, s.lang).Topic))
		}
		r := newRow("topic", s.data, s.lang)
		r.N = len(exs)
		r.Accuracy, r.MacroF1 = score.Accuracy(gold, pred), score.MacroF1(gold, pred)
		rows = append(rows, r)
	}
	return rows, nil
}

func clickbait(c *classify.Classifier, root string) ([]Row, error) {
	_, dev, err := dataset.ShipClickbait(root)
	if err != nil {
		return nil, err
	}
	var cm score.Confusion
	for _, ex := range dev {
		cm.Add(ex.Label == dataset.IsClickbait, c.Text(ex.Text, "").Clickbait >= 0.5)
	}
	r := rowOf(&cm, "clickbait", "Chakraborty 2016 dev split (10%)", "en")
	return []Row{r}, nil
}

// darkPatternKinds maps the dark-pattern categories to our tactics.
var darkPatternKinds = map[string]classify.TacticKind{"Urgency": classify.Urgency, "Scarcity": classify.Scarcity, "Social Proof": classify.SocialProof}

func darkPatterns(c *classify.Classifier, root string) ([]Row, error) {
	var rows []Row
	yada, err := dataset.EvalYada(root)
	if err != nil {
		return nil, err
	}
	mathur, err := dataset.EvalMathur(root)
	if err != nil {
		return nil, err
	}
	for _, set := range []struct {
		name string
		data []dataset.DarkPattern
	}{{"Yada 2022 (eval only)", yada}, {"Mathur 2019 (GPL, eval only; positives only)", mathur}} {
		per := map[string]*score.Confusion{}
		var any score.Confusion
		for _, d := range set.data {
			l := c.Text(d.Text, classify.English)
			found := map[classify.TacticKind]bool{}
			for _, t := range l.Tactics {
				found[t.Kind] = true
			}
			for _, cat := range []string{"Urgency", "Scarcity", "Social Proof"} {
				if per[cat] == nil {
					per[cat] = &score.Confusion{}
				}
				per[cat].Add(d.Category == cat, found[darkPatternKinds[cat]])
			}
			_, isOurs := darkPatternKinds[d.Category]
			if d.Category == "" || isOurs {
				any.Add(isOurs, found[classify.Urgency] || found[classify.Scarcity] || found[classify.SocialProof])
			}
		}
		for _, cat := range []string{"Urgency", "Scarcity", "Social Proof"} {
			rows = append(rows, rowOf(per[cat], "tactic "+string(darkPatternKinds[cat]), set.name, "en"))
		}
		rows = append(rows, rowOf(&any, "tactic urgency|scarcity|social_proof", set.name, "en"))
	}
	return rows, nil
}

func outrage(c *classify.Classifier, root string) ([]Row, error) {
	exs, err := dataset.ShipGermEval(root, "test")
	if err != nil {
		return nil, err
	}
	var cm score.Confusion
	for _, ex := range exs {
		l := c.Text(ex.Text, classify.German)
		hit := false
		for _, t := range l.Tactics {
			hit = hit || t.Kind == classify.Outrage
		}
		cm.Add(ex.Label == "OFFENSE", hit)
	}
	return []Row{rowOf(&cm, "tactic outrage", "GermEval 2018 test (OFFENSE)", "de")}, nil
}

// rowOf turns binary counts into a table row.
func rowOf(c *score.Confusion, task, data, lang string) Row {
	r := newRow(task, data, lang)
	r.N = c.N()
	r.Accuracy, r.Precision, r.Recall, r.F1 = c.Accuracy(), c.Precision(), c.Recall(), c.F1()
	return r
}

// Print writes rows as an aligned table; "–" marks what does not apply.
func Print(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "task\tdata\tlang\tn\taccuracy\tmacro-F1\tprecision\trecall\tF1")
	for _, r := range rows {
		cells := []string{r.Task, r.Data, r.Lang, fmt.Sprint(r.N)}
		for _, v := range []float64{r.Accuracy, r.MacroF1, r.Precision, r.Recall, r.F1} {
			if v < 0 {
				cells = append(cells, "–")
			} else {
				cells = append(cells, fmt.Sprintf("%.3f", v))
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}
