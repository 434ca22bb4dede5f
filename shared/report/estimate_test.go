package report

import (
	"math"
	"math/rand/v2"
	"testing"
)

// simulate draws n participants from the true distribution pi, randomises
// each answer and returns the reported counts.
func simulate(r *rand.Rand, pi []float64, n int, eps float64) []float64 {
	k := len(pi)
	counts := make([]float64, k)
	for range n {
		u, v := r.Float64(), 0
		for v < k-1 && u >= pi[v] {
			u -= pi[v]
			v++
		}
		counts[Randomize(r, v, k, eps)]++
	}
	return counts
}

// On 100,000 simulated reports per repetition, the 95% intervals cover the
// true shares about 95% of the time. With 240 repetitions × 5 categories =
// 1,200 intervals, the standard error of the coverage is 0.63 points; the
// accepted band [93%, 97%] is ±3.2 standard errors, tight enough to catch
// an interval that is 15% too narrow or too wide (coverage ≈ 91% / 98%).
// Seeds are fixed, so the test is deterministic.
func TestEstimateCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 24M reports")
	}
	cases := []struct {
		name string
		pi   []float64
		eps  float64
		reps int
	}{
		{"k5 eps0.5", []float64{0.4, 0.25, 0.2, 0.1, 0.05}, 0.5, 240},
	}
	for _, c := range cases {
		r := rand.New(rand.NewPCG(2026, 11))
		const n = 100_000
		covered, total := 0, 0
		meanErr := make([]float64, len(c.pi))
		for range c.reps {
			est := EstimateShares(simulate(r, c.pi, n, c.eps), c.eps, 0)
			if est.N != n {
				t.Fatalf("N = %v, want %d", est.N, n)
			}
			for j, pi := range c.pi {
				if est.CI95[j][0] <= pi && pi <= est.CI95[j][1] {
					covered++
				}
				total++
				meanErr[j] += (est.Shares[j] - pi) / float64(c.reps)
			}
		}
		rate := float64(covered) / float64(total)
		t.Logf("%s: %d of %d intervals cover the truth (%.1f%%)", c.name, covered, total, 100*rate)
		if rate < 0.93 || rate > 0.97 {
			t.Errorf("%s: coverage %.3f, want 0.95 within [0.93, 0.97]", c.name, rate)
		}
		// Unbiased: the mean error over the repetitions is within 4 of its
		// standard errors of zero.
		p, q := Probabilities(c.eps, len(c.pi))
		for j, pi := range c.pi {
			lambda := q + pi*(p-q)
			se := math.Sqrt(lambda*(1-lambda)/n) / (p - q) / math.Sqrt(float64(c.reps))
			if math.Abs(meanErr[j]) > 4*se {
				t.Errorf("%s: category %d mean error %.5f exceeds 4 standard errors (%.5f): biased", c.name, j, meanErr[j], 4*se)
			}
		}
	}
}

// Two more shapes of the same check, cheaper: binary and many categories.
func TestEstimateCoverageOtherShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 40M reports")
	}
	for _, c := range []struct {
		pi         []float64
		eps        float64
		seed, reps uint64
	}{
		// With k = 2 the two intervals are mirror images and cover together,
		// so only category 0 is counted.
		{[]float64{0.7, 0.3}, 1, 3, 300},
		{[]float64{0.3, 0.2, 0.15, 0.1, 0.08, 0.07, 0.05, 0.03, 0.02}, 0.5, 4, 100},
	} {
		r := rand.New(rand.NewPCG(c.seed, 99))
		covered, total := 0, 0
		for range c.reps {
			est := EstimateShares(simulate(r, c.pi, 100_000, c.eps), c.eps, 0)
			for j, pi := range c.pi {
				if len(c.pi) == 2 && j == 1 {
					break
				}
				if est.CI95[j][0] <= pi && pi <= est.CI95[j][1] {
					covered++
				}
				total++
			}
		}
		rate := float64(covered) / float64(total)
		se := math.Sqrt(0.95 * 0.05 / float64(total))
		t.Logf("k=%d eps=%v: coverage %.3f over %d intervals", len(c.pi), c.eps, rate, total)
		if math.Abs(rate-0.95) > 3.5*se {
			t.Errorf("k=%d eps=%v: coverage %.3f, want 0.95 ± %.3f", len(c.pi), c.eps, rate, 3.5*se)
		}
	}
}

func TestEstimateSharesExactCase(t *testing.T) {
	// ε = ln 3, k = 2: p = 3/4, q = 1/4. 700 of 1000 reported category 0:
	// λ0 = 0.7 → π0 = (0.7−0.25)/0.5 = 0.9, var = 0.21/1000/0.25.
	est := EstimateShares([]float64{700, 300}, math.Log(3), 0)
	if math.Abs(est.Shares[0]-0.9) > 1e-12 || math.Abs(est.Shares[1]-0.1) > 1e-12 {
		t.Errorf("shares = %v, want [0.9 0.1]", est.Shares)
	}
	half := z95 * math.Sqrt(0.21/1000/0.25)
	if math.Abs(est.CI95[0][1]-(0.9+half)) > 1e-12 || math.Abs(est.CI95[0][0]-(0.9-half)) > 1e-12 {
		t.Errorf("ci = %v, want 0.9 ± %v", est.CI95[0], half)
	}
	// Central noise widens the interval.
	noisy := EstimateShares([]float64{700, 300}, math.Log(3), 8)
	if noisy.CI95[0][1]-noisy.CI95[0][0] <= est.CI95[0][1]-est.CI95[0][0] {
		t.Error("noise variance did not widen the interval")
	}
	if e := EstimateShares([]float64{0, 0, 0}, 1, 0); e.N != 0 || len(e.Shares) != 3 {
		t.Errorf("empty counts: %+v", e)
	}
}
