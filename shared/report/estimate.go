package report

import "math"

// z95 is the standard normal quantile for a two-sided 95% interval.
const z95 = 1.959963984540054

// Estimate is the debiased distribution of one field over n reports.
type Estimate struct {
	N float64
	// Shares are unbiased estimates of the share of participants whose true
	// category is each category. They are not clamped to [0, 1]: clamping
	// would bias them, and small negative values are an honest "about 0".
	Shares []float64
	// CI95 are normal-approximation 95% intervals around Shares.
	CI95 [][2]float64
}

// EstimateShares debiases the counts of reported categories of one field
// (k = len(counts)) randomised with budget eps. With observed share
// λ_j = c_j/n, the unbiased estimate is π_j = (λ_j − q)/(p − q) and its
// variance λ_j(1−λ_j)/(n(p−q)²). noiseVar is the variance of central noise
// added to each count (0 without), which widens the intervals accordingly.
func EstimateShares(counts []float64, eps, noiseVar float64) Estimate {
	k := len(counts)
	var n float64
	for _, c := range counts {
		n += c
	}
	est := Estimate{N: n, Shares: make([]float64, k), CI95: make([][2]float64, k)}
	if n <= 0 || k < 2 {
		return est
	}
	p, q := Probabilities(eps, k)
	for j, c := range counts {
		lambda := c / n
		share := (lambda - q) / (p - q)
		v := (math.Max(lambda*(1-lambda), 0)/n + noiseVar/(n*n)) / ((p - q) * (p - q))
		half := z95 * math.Sqrt(v)
		est.Shares[j] = share
		est.CI95[j] = [2]float64{share - half, share + half}
	}
	return est
}
