package report

import (
	"math"
	"math/rand/v2"
)

// Probabilities returns the k-ary randomised response probabilities for
// budget eps: a true category is reported as itself with probability
// p = e^ε/(e^ε+k−1) and as each particular other category with
// q = 1/(e^ε+k−1). Then p/q = e^ε exactly, which is what makes one answer
// ε-locally differentially private, and p+(k−1)q = 1.
func Probabilities(eps float64, k int) (p, q float64) {
	e := math.Exp(eps)
	d := e + float64(k-1)
	return e / d, 1 / d
}

// Randomize returns the category to report for the true category v of a
// field with k categories, under budget eps.
func Randomize(r *rand.Rand, v, k int, eps float64) int {
	p, _ := Probabilities(eps, k)
	if r.Float64() < p {
		return v
	}
	// One of the k−1 other categories, uniformly.
	o := r.IntN(k - 1)
	if o >= v {
		o++
	}
	return o
}
