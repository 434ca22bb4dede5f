// Package score computes the classification figures feedlens reports:
// accuracy, precision, recall, F1 and macro-F1.
package score

// Confusion counts binary decisions.
type Confusion struct{ TP, FP, FN, TN int }

// Add counts one decision.
func (c *Confusion) Add(gold, pred bool) {
	switch {
	case gold && pred:
		c.TP++
	case pred:
		c.FP++
	case gold:
		c.FN++
	default:
		c.TN++
	}
}

// N is the number of decisions.
func (c *Confusion) N() int { return c.TP + c.FP + c.FN + c.TN }

// Accuracy is the share of right decisions.
func (c *Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.N()) }

// Precision is TP / (TP + FP), 0 when nothing was predicted.
func (c *Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), 0 when there is nothing to find.
func (c *Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c *Confusion) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Accuracy is the share of pred that equals gold.
func Accuracy(gold, pred []string) float64 {
	n := 0
	for i := range gold {
		if gold[i] == pred[i] {
			n++
		}
	}
	return ratio(n, len(gold))
}

// MacroF1 is the mean F1 over the classes present in gold. A prediction
// of a class that gold lacks still costs recall of the true class.
func MacroF1(gold, pred []string) float64 {
	classes := map[string]bool{}
	for _, g := range gold {
		classes[g] = true
	}
	if len(classes) == 0 {
		return 0
	}
	sum := 0.0
	for cl := range classes {
		var c Confusion
		for i := range gold {
			c.Add(gold[i] == cl, pred[i] == cl)
		}
		sum += c.F1()
	}
	return sum / float64(len(classes))
}
