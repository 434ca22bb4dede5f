package linear

import (
	"bytes"
	"slices"
	"testing"

	"github.com/feedlens/feedlens/shared/classify/internal/token"
)

var toy = []struct{ text, class string }{
	{"the team won the match", "sports"}, {"a goal in the final minute", "sports"},
	{"the striker scored twice", "sports"}, {"fans cheered the football team", "sports"},
	{"parliament passed the law", "politics"}, {"the minister resigned", "politics"},
	{"voters elected a new government", "politics"}, {"the senate debated the bill", "politics"},
}

func train(t *testing.T, f Features) *Model {
	t.Helper()
	classes := []string{"sports", "politics"}
	var tk token.Tokens
	var data []Example
	for _, ex := range toy {
		tk.Split(ex.text)
		k := 0
		if ex.class == "politics" {
			k = 1
		}
		data = append(data, Example{Feats: f.Extract(&tk, nil), Class: k})
	}
	m, err := Train(f, classes, data, TrainConfig{Epochs: 20, Rate: 0.2, L2: 1e-5, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainPredictsUnseenSentences(t *testing.T) {
	f := Features{Bits: 12, Bigrams: true, CharMin: 3, CharMax: 4}
	m := train(t, f)
	var tk token.Tokens
	p := make([]float64, 2)
	for text, want := range map[string]int{"the team scored a goal": 0, "the government and the minister": 1} {
		tk.Split(text)
		m.Scores(f.Extract(&tk, nil), p)
		if p[want] < 0.6 {
			t.Errorf("%q: p(%s) = %.2f, want > 0.6", text, m.Classes[want], p[want])
		}
		if s := p[0] + p[1]; s < 0.999 || s > 1.001 {
			t.Errorf("%q: probabilities sum to %v", text, s)
		}
	}
}

func TestTrainIsDeterministicAndRoundTrips(t *testing.T) {
	f := Features{Bits: 10, Bigrams: true, CharMin: 3, CharMax: 5}
	a, err := train(t, f).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := train(t, f).MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Fatal("two training runs with the same seed gave different models")
	}
	m, err := Load(a)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := m.MarshalBinary()
	if !bytes.Equal(a, again) {
		t.Fatal("Load → MarshalBinary changed the model")
	}
	if m.Features != f || len(m.Classes) != 2 || m.Classes[1] != "politics" {
		t.Fatalf("loaded header %+v %v", m.Features, m.Classes)
	}
}

func TestLoadRejectsDamagedFiles(t *testing.T) {
	good, _ := train(t, Features{Bits: 10}).MarshalBinary()
	for name, b := range map[string][]byte{
		"empty":     nil,
		"magic":     append([]byte("XXXXXX\n"), good[7:]...),
		"truncated": good[:len(good)-1],
		"header":    good[:10],
		"long":      append(append([]byte{}, good...), 0),
	} {
		if _, err := Load(b); err == nil {
			t.Errorf("%s: Load succeeded, want an error", name)
		}
	}
}

func TestWeightExplainsTheWinningClass(t *testing.T) {
	f := Features{Bits: 12}
	m := train(t, f)
	var tk token.Tokens
	tk.Split("goal minister")
	feats, starts := f.ExtractTokens(&tk, nil, nil)
	sums := m.TokenSums(feats, starts, nil)
	goal := m.WeightOf(sums[0:2], 0, len(feats))
	minister := m.WeightOf(sums[2:4], 0, len(feats))
	if goal <= 0 || minister >= 0 {
		t.Errorf("weights towards sports: goal %.3f (want > 0), minister %.3f (want < 0)", goal, minister)
	}
}

// TestTokenSums: logits from token sums are exactly those of Logits, and
// a token's weight is its features' weights read straight from W, for a
// model of every class count with random weights, over texts split into
// two lists as the topic's text and hashtags are.
func TestTokenSums(t *testing.T) {
	f := Features{Bits: 10, Bigrams: true, CharMin: 3, CharMax: 5, WordWeight: 2}
	var tk, extra token.Tokens
	tk.Split("Der Bundestag debattiert 2024 über das Klimaschutzgesetz, the team won 3:1 @someone 漢字")
	extra.Split("Fussball news")
	feats, starts := f.ExtractTokens(&tk, nil, nil)
	efeats, estarts := f.ExtractTokens(&extra, nil, nil)
	all := append(append([]uint32(nil), feats...), efeats...)
	seed := uint32(1)
	for K := 2; K <= MaxClasses; K++ {
		m := &Model{Features: f, Classes: make([]string, K), Bias: make([]float32, K), Scale: 0.01, W: make([]int8, K<<f.Bits), mask: 1<<f.Bits - 1}
		for i := range m.W {
			seed = seed*1664525 + 1013904223
			m.W[i] = int8(seed >> 24)
		}
		for k := range m.Bias {
			m.Bias[k] = float32(k) / 10
		}
		sums := m.TokenSums(feats, starts, nil)
		esums := m.TokenSums(efeats, estarts, nil)
		if len(sums) != K*len(tk.List) || len(esums) != K*len(extra.List) {
			t.Fatalf("K=%d: %d and %d sums for %d and %d tokens", K, len(sums), len(esums), len(tk.List), len(extra.List))
		}
		want := make([]float64, K)
		got := make([]float64, K)
		m.Logits(all, want)
		m.LogitsOf(got, len(all), sums, esums)
		for k := range want {
			if got[k] != want[k] {
				t.Fatalf("K=%d: LogitsOf %v, Logits %v", K, got, want)
			}
		}
		for i := range tk.List {
			var sum, tot int32
			for _, h := range feats[starts[i]:starts[i+1]] {
				for k := 0; k < K; k++ {
					w := int32(m.W[int(h&m.mask)*K+k])
					tot += w
					if k == K-1 {
						sum += w
					}
				}
			}
			want := (float64(sum) - float64(tot)/float64(K)) * float64(m.Scale) * invSqrt(len(all))
			if got := m.WeightOf(sums[i*K:(i+1)*K], K-1, len(all)); got != want {
				t.Fatalf("K=%d token %d: WeightOf %v, want %v", K, i, got, want)
			}
		}
	}
}

// TestAddRowsLanes: addRows sums exactly for tokens of more features than
// its 16-bit lanes hold at once (laneFeats), with weights at both ends of
// int8, for every class count.
func TestAddRowsLanes(t *testing.T) {
	const bits = 8
	for K := 2; K <= MaxClasses; K++ {
		m := &Model{Classes: make([]string, K), W: make([]int8, K<<bits), mask: 1<<bits - 1}
		for i := range m.W {
			switch i % 3 {
			case 0:
				m.W[i] = 127
			case 1:
				m.W[i] = -128
			default:
				m.W[i] = int8(i)
			}
		}
		for _, n := range []int{0, 1, laneFeats - 1, laneFeats, laneFeats + 1, 3*laneFeats + 7} {
			feats := make([]uint32, n)
			for i := range feats {
				// bucket 0 (127, -128, …) most of the time: sums far from 0
				if i%5 == 4 {
					feats[i] = uint32(i * 2654435761)
				}
			}
			want := make([]int32, K)
			for _, h := range feats {
				for k := range want {
					want[k] += int32(m.W[int(h&m.mask)*K+k])
				}
			}
			got := m.TokenSums(feats, []int32{0, int32(n)}, nil)
			if !slices.Equal(got, want) {
				t.Fatalf("K=%d, %d features: sums %v, want %v", K, n, got, want)
			}
		}
	}
}
