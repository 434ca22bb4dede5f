package report

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestProbabilitiesMatchEpsilonExactly(t *testing.T) {
	for _, eps := range []float64{0.05, 0.5, 1, math.Log(3), 2.5, 8} {
		for _, k := range []int{2, 3, 5, 9, 64} {
			p, q := Probabilities(eps, k)
			if got := math.Log(p / q); math.Abs(got-eps) > 1e-12 {
				t.Errorf("eps=%v k=%d: ln(p/q) = %.15f, want %.15f", eps, k, got, eps)
			}
			if sum := p + float64(k-1)*q; math.Abs(sum-1) > 1e-12 {
				t.Errorf("eps=%v k=%d: p+(k-1)q = %.15f, want 1", eps, k, sum)
			}
			ed := math.Exp(eps) + float64(k-1)
			if p != math.Exp(eps)/ed || q != 1/ed {
				t.Errorf("eps=%v k=%d: p,q = %v,%v, want e^ε/(e^ε+k−1), 1/(e^ε+k−1)", eps, k, p, q)
			}
		}
	}
	// ln 3 with k=2 gives p = 3/4, q = 1/4: a case checkable by hand.
	if p, q := Probabilities(math.Log(3), 2); math.Abs(p-0.75) > 1e-15 || math.Abs(q-0.25) > 1e-15 {
		t.Errorf("Probabilities(ln 3, 2) = %v, %v; want 0.75, 0.25", p, q)
	}
}

// A whole report spends exactly the study's ε: the worst-case likelihood
// ratio over all fields is the product of the per-field p/q.
func TestReportSpendsStudyEpsilon(t *testing.T) {
	s := exampleStudy(t)
	logRatio := 0.0
	for _, f := range s.Fields {
		p, q := Probabilities(s.FieldEpsilon(), len(f.Categories))
		logRatio += math.Log(p / q)
	}
	if math.Abs(logRatio-s.Epsilon) > 1e-12 {
		t.Errorf("report likelihood ratio is e^%v, want e^%v", logRatio, s.Epsilon)
	}
}

// Empirically, the randomiser reports the truth with probability p and each
// other category with probability q: over 1M draws per case every observed
// frequency lies within 4.5 standard errors (fixed seed, deterministic).
func TestRandomizeEmpirical(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	const n = 1_000_000
	for _, c := range []struct {
		eps     float64
		k, true int
	}{{0.5, 4, 0}, {0.5, 4, 3}, {1.2, 9, 4}, {3, 2, 1}} {
		p, q := Probabilities(c.eps, c.k)
		counts := make([]int, c.k)
		for range n {
			counts[Randomize(r, c.true, c.k, c.eps)]++
		}
		for j, got := range counts {
			want := q
			if j == c.true {
				want = p
			}
			se := math.Sqrt(want * (1 - want) / n)
			if f := float64(got) / n; math.Abs(f-want) > 4.5*se {
				t.Errorf("eps=%v k=%d true=%d: category %d reported %.5f of the time, want %.5f ± %.5f",
					c.eps, c.k, c.true, j, f, want, 4.5*se)
			}
		}
	}
}

func TestRandomizeStaysInRange(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for k := 2; k < 12; k++ {
		for v := range k {
			for range 200 {
				if o := Randomize(r, v, k, 0.1); o < 0 || o >= k {
					t.Fatalf("Randomize(%d, %d) = %d, out of range", v, k, o)
				}
			}
		}
	}
}
