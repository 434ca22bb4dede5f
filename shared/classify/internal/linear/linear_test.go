package linear

import (
	"bytes"
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
	n := len(f.Extract(&tk, nil))
	goal := m.Weight(m.WordFeatures(&tk, 0, nil), 0, n)
	minister := m.Weight(m.WordFeatures(&tk, 1, nil), 0, n)
	if goal <= 0 || minister >= 0 {
		t.Errorf("weights towards sports: goal %.3f (want > 0), minister %.3f (want < 0)", goal, minister)
	}
}
