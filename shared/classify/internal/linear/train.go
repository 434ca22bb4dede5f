package linear

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Example is one training document: its features and its class.
type Example struct {
	Feats  []uint32
	Class  int
	Weight float64 // 0 means 1
}

// TrainConfig are the settings of a training run.
type TrainConfig struct {
	Epochs int
	Rate   float64 // AdaGrad learning rate
	L2     float64 // L2 penalty per update
	Seed   uint64  // the shuffle seed: same seed, same data → same model
}

// Train fits a model by AdaGrad on the softmax loss. It is deterministic:
// the same examples, settings and seed give a byte-identical model on a
// given architecture (products are rounded explicitly so that no fused
// multiply-add changes a result).
func Train(f Features, classes []string, data []Example, cfg TrainConfig) (*Model, error) {
	K := len(classes)
	if K < 2 || K > MaxClasses {
		return nil, fmt.Errorf("linear: %d classes, want 2..%d", K, MaxClasses)
	}
	if len(data) == 0 {
		return nil, errors.New("linear: no training examples")
	}
	mask := uint32(1)<<f.Bits - 1
	w := make([]float64, K<<f.Bits)
	g2 := make([]float64, K<<f.Bits)
	bias := make([]float64, K)
	bg2 := make([]float64, K)
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	p := make([]float64, K)
	grad := make([]float64, K)
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, idx := range order {
			ex := &data[idx]
			if ex.Class < 0 || ex.Class >= K {
				return nil, fmt.Errorf("linear: example %d has class %d of %d", idx, ex.Class, K)
			}
			x := invSqrt(len(ex.Feats))
			for k := 0; k < K; k++ {
				p[k] = bias[k]
			}
			for _, h := range ex.Feats {
				row := w[int(h&mask)*K:]
				for k := 0; k < K; k++ {
					p[k] += float64(row[k] * x)
				}
			}
			Softmax(p)
			weight := ex.Weight
			if weight == 0 {
				weight = 1
			}
			for k := 0; k < K; k++ {
				t := 0.0
				if k == ex.Class {
					t = 1
				}
				grad[k] = float64((p[k] - t) * weight)
			}
			for k := 0; k < K; k++ {
				bg2[k] += float64(grad[k] * grad[k])
				bias[k] -= float64(cfg.Rate*grad[k]) / math.Sqrt(bg2[k]+1e-8)
			}
			for _, h := range ex.Feats {
				at := int(h&mask) * K
				for k := 0; k < K; k++ {
					gk := float64(grad[k]*x) + float64(cfg.L2*w[at+k])
					g2[at+k] += float64(gk * gk)
					w[at+k] -= float64(cfg.Rate*gk) / math.Sqrt(g2[at+k]+1e-8)
				}
			}
		}
	}
	return quantize(f, classes, bias, w), nil
}

// quantize maps the weights to int8 with one scale for the model: the
// largest weight becomes ±127.
func quantize(f Features, classes []string, bias, w []float64) *Model {
	maxAbs := 0.0
	for _, v := range w {
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	scale := maxAbs / 127
	if scale == 0 {
		scale = 1
	}
	m := &Model{Features: f, Classes: slices.Clone(classes), Bias: make([]float32, len(bias)),
		Scale: float32(scale), W: make([]int8, len(w)), mask: uint32(1)<<f.Bits - 1}
	for k, v := range bias {
		m.Bias[k] = float32(v)
	}
	for i, v := range w {
		m.W[i] = int8(math.Round(v / scale))
	}
	return m
}
