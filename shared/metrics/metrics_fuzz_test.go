package metrics

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

// postsFrom turns arbitrary bytes into a window: four bytes per post pick
// author, reason, topic, tier, tactics, party, flags and a leaning, with
// values outside the known sets included on purpose.
func postsFrom(b []byte) []Post {
	reasons := append(append([]feed.Reason{}, feed.Reasons...), "", "liked")
	topics := append(append([]classify.Topic{}, classify.Topics...), "", "geography")
	tiers := append(append([]classify.Tier{}, classify.Tiers...), "", "giga")
	kinds := append(append([]classify.TacticKind{}, classify.TacticKinds...), "nagging")
	var posts []Post
	for len(b) >= 4 {
		a, c, d, e := int(b[0]), int(b[1]), int(b[2]), int(b[3])
		b = b[4:]
		p := Post{
			Reason: reasons[c%len(reasons)], Topic: topics[d%len(topics)], Tier: tiers[e%len(tiers)],
			Ad: a&1 != 0, Verified: a&2 != 0, Brand: a&4 != 0,
			Commercial: []classify.Commercial{"", classify.PlatformAd, classify.SelfDisclosedAd, classify.LikelyCommercial}[c>>6],
		}
		if a%7 != 0 {
			p.Author = string(rune('a' + a%13))
		}
		if d&1 != 0 {
			p.Tactics = []classify.TacticKind{kinds[e%len(kinds)], kinds[d%len(kinds)]}
		}
		if e&1 != 0 {
			p.Party = []string{"SPD", "CDU"}[c&1]
		}
		switch e % 5 {
		case 1:
			p.Leaning = leaning(float64(int(c)-128) / 100) // some outside [-1, 1]
		case 2:
			p.Leaning = leaning(math.NaN())
		}
		posts = append(posts, p)
	}
	return posts
}

// FuzzCompute checks what must hold for any window: shares in 0..1,
// distributions summing to 1, the score in 0..100 and equal to the sum of
// its parts' points, and JSON without NaN.
func FuzzCompute(f *testing.F) {
	f.Add([]byte{}, []byte{})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, []byte{1, 2, 3, 4})
	f.Add([]byte{0, 0, 0, 0, 255, 255, 255, 255}, []byte{})
	f.Fuzz(func(t *testing.T, now, before []byte) {
		m := Compute(postsFrom(now), postsFrom(before))
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("JSON: %v", err)
		}
		for name := range scalars {
			v, _, ok := m.Lookup(name)
			if !ok {
				continue
			}
			hi := 1.0
			switch name {
			case "effective_topics":
				hi = float64(len(classify.Topics))
			case "diversity_score":
				hi = 100
			case "leaning_mean":
				if v < -1 {
					t.Errorf("%s = %g", name, v)
				}
				continue
			}
			if !(v >= 0 && v <= hi+1e-9) {
				t.Errorf("%s = %g, want 0..%g", name, v, hi)
			}
		}
		sums := map[string]map[string]float64{"reason_share": asStrings(m.ReasonShare), "topic_share": asStrings(m.TopicShare),
			"tier_share": asStrings(m.TierShare), "party_share": m.PartyShare}
		for name, dist := range sums {
			if dist == nil {
				continue
			}
			s := 0.0
			for _, v := range dist {
				s += v
			}
			if math.Abs(s-1) > 1e-9 {
				t.Errorf("%s sums to %g", name, s)
			}
		}
		if m.DiversityScore != nil {
			s := 0.0
			for _, p := range m.DiversityParts {
				if p.Points != nil {
					s += *p.Points
				}
			}
			if math.Abs(s-*m.DiversityScore) > 1e-9 {
				t.Errorf("points sum to %g, score %g", s, *m.DiversityScore)
			}
		}
	})
}

func asStrings[K ~string](m map[K]float64) map[string]float64 {
	if m == nil {
		return nil
	}
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}
