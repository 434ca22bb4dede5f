package metrics

import "math"

// Part is one part of the feed diversity score, shown to users beside it.
type Part struct {
	Name   string  `json:"name"`   // topics, sources, reach, viewpoints, novelty
	Figure string  `json:"figure"` // the figure the part is read from
	Weight float64 `json:"weight"` // its weight in the formula; the weights sum to 1
	// Value is the part in 0..1 (1 = most diverse); null when the window
	// gives it no basis, and then it is left out of the score.
	Value *float64 `json:"value"`
	// Points is what the part adds to the score: the parts' points sum to
	// diversity_score. Null when Value is.
	Points *float64 `json:"points"`
}

// minBasis is the fewest posts from which a spread counts in the score:
// one observation has no spread, and scoring it 0 would punish a short
// session rather than a narrow feed.
const minBasis = 2

// score fills the diversity score and its parts (docs/METRICS.md gives
// the formula and the reasons for its weights):
//
//	score = 100 · Σ wᵢ·vᵢ / Σ wᵢ   over the parts i defined for the window
func score(m *Metrics) {
	var viewpoints *float64
	if m.LeaningPosts >= minBasis {
		// A standard deviation of 1/√3 is that of leanings spread evenly
		// over the whole scale [-1, 1]: call that fully diverse.
		viewpoints = number(math.Min(1, *m.LeaningSpread*math.Sqrt(3)))
	}
	m.DiversityParts = []Part{
		{Name: "topics", Figure: "topic_entropy", Weight: 0.30, Value: basis(m.TopicEntropy, m.TopicPosts)},
		{Name: "sources", Figure: "author_entropy", Weight: 0.25, Value: basis(m.AuthorEntropy, m.AuthorPosts)},
		{Name: "reach", Figure: "tier_entropy", Weight: 0.15, Value: basis(m.TierEntropy, m.TierPosts)},
		{Name: "viewpoints", Figure: "leaning_spread", Weight: 0.15, Value: viewpoints},
		{Name: "novelty", Figure: "novelty", Weight: 0.15, Value: m.Novelty},
	}
	var weights, sum float64
	for _, p := range m.DiversityParts {
		if p.Value != nil {
			weights += p.Weight
			sum += p.Weight * *p.Value
		}
	}
	m.DiversityCoverage = weights
	if weights == 0 {
		return
	}
	for i := range m.DiversityParts {
		p := &m.DiversityParts[i]
		if p.Value != nil {
			p.Points = number(100 * p.Weight * *p.Value / weights)
		}
	}
	m.DiversityScore = number(100 * sum / weights)
}

// basis keeps a spread figure for the score only when it rests on at least
// minBasis posts.
func basis(v *float64, posts int) *float64 {
	if posts < minBasis {
		return nil
	}
	return v
}
