package metrics

import (
	"math"
	"sort"
	"strings"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

// Metrics are the figures of one window of posts. Shares are in 0..1.
// A figure that is undefined for the window is nil (a map: absent as a
// whole), so JSON shows null; docs/METRICS.md defines each one, and
// Lookup reads them by name.
type Metrics struct {
	// Counts, always defined; each is the basis of the figures below it.
	Posts          int `json:"posts"`           // posts seen
	UniqueAuthors  int `json:"unique_authors"`  // distinct author keys
	AuthorPosts    int `json:"author_posts"`    // posts with a known author
	TopicPosts     int `json:"topic_posts"`     // posts with a topic label
	TierPosts      int `json:"tier_posts"`      // posts whose author tier is known
	PoliticalPosts int `json:"political_posts"` // posts by known political accounts
	LeaningPosts   int `json:"leaning_posts"`   // posts with a known linked-domain leaning

	// Advertising and why posts are there, over all posts.
	AdShare               *float64                `json:"ad_share"`
	SelfDisclosedShare    *float64                `json:"self_disclosed_share"`
	LikelyCommercialShare *float64                `json:"likely_commercial_share"`
	ReasonShare           map[feed.Reason]float64 `json:"reason_share"` // every feed.Reasons key

	// Topics, over posts with a topic label.
	TopicShare      map[classify.Topic]float64 `json:"topic_share"` // every classify.Topics key
	TopicEntropy    *float64                   `json:"topic_entropy"`
	EffectiveTopics *float64                   `json:"effective_topics"`
	TopTopic        *classify.Topic            `json:"top_topic"`

	// Author concentration, over posts with a known author.
	AuthorHHI     *float64 `json:"author_hhi"`
	Top10Share    *float64 `json:"top10_share"`
	AuthorGini    *float64 `json:"author_gini"`
	AuthorEntropy *float64 `json:"author_entropy"`

	// Reach inequality, over all posts (tier_entropy: over known tiers).
	TierShare     map[classify.Tier]float64 `json:"tier_share"` // every classify.Tiers key
	TierEntropy   *float64                  `json:"tier_entropy"`
	VerifiedShare *float64                  `json:"verified_share"`
	BrandShare    *float64                  `json:"brand_share"`

	// Manipulative tactics, over all posts.
	TacticRate       *float64                        `json:"tactic_rate"`
	TacticRateByKind map[classify.TacticKind]float64 `json:"tactic_rate_by_kind"` // every classify.TacticKinds key

	// Viewpoints.
	LeaningMean   *float64           `json:"leaning_mean"`
	LeaningSpread *float64           `json:"leaning_spread"`
	PartyShare    map[string]float64 `json:"party_share"` // parties seen only

	// Novelty against the previous window.
	Novelty *float64 `json:"novelty"`

	// The feed diversity score 0..100 and its parts (score.go).
	DiversityScore *float64 `json:"diversity_score"`
	// DiversityCoverage is the summed weight of the parts the window
	// defines, 0..1: how much of the formula the score rests on.
	DiversityCoverage float64 `json:"diversity_coverage"`
	DiversityParts    []Part  `json:"diversity_parts"`
}

// Compute returns the metrics of a window of posts. previous is the window
// before it (e.g. the day before), used only for novelty; nil or empty
// leaves novelty undefined.
func Compute(posts []Post, previous []Post) Metrics {
	m := Metrics{Posts: len(posts)}
	var (
		ads, selfDisclosed, likely  int
		verified, brand, withTactic int
		reasons                     = make([]int, len(feed.Reasons))
		topics                      = make([]int, len(classify.Topics))
		tiers                       = make([]int, len(classify.Tiers))
		tactics                     = make([]int, len(classify.TacticKinds))
		parties                     = map[string]int{}
		exposures                   = map[string]int{}
		leaningSum, leaningSquares  float64
	)
	unknownReason := index(feed.Reasons, feed.Unknown)
	unknownTier := index(classify.Tiers, classify.UnknownTier)
	for i := range posts {
		p := &posts[i]
		if p.Ad {
			ads++
		}
		switch p.Commercial {
		case classify.SelfDisclosedAd:
			selfDisclosed++
		case classify.LikelyCommercial:
			likely++
		}
		if p.Verified {
			verified++
		}
		if p.Brand {
			brand++
		}
		// Values outside the known sets count as unknown, so no post is
		// lost from a distribution that must sum to one.
		r := index(feed.Reasons, p.Reason)
		if r < 0 {
			r = unknownReason
		}
		reasons[r]++
		t := index(classify.Tiers, p.Tier)
		if t < 0 {
			t = unknownTier
		}
		tiers[t]++
		if k := index(classify.Topics, p.Topic); k >= 0 {
			topics[k]++
			m.TopicPosts++
		}
		// A kind counts once per post however often it matched; kinds
		// outside classify.TacticKinds are not counted at all.
		var kinds uint64
		for _, kind := range p.Tactics {
			if k := index(classify.TacticKinds, kind); k >= 0 && kinds&(1<<k) == 0 {
				kinds |= 1 << k
				tactics[k]++
			}
		}
		if kinds != 0 {
			withTactic++
		}
		if p.Party != "" {
			parties[p.Party]++
			m.PoliticalPosts++
		}
		if p.Leaning != nil && !math.IsNaN(*p.Leaning) && !math.IsInf(*p.Leaning, 0) {
			l := math.Max(-1, math.Min(1, *p.Leaning))
			leaningSum += l
			leaningSquares += l * l
			m.LeaningPosts++
		}
		if p.Author != "" {
			exposures[p.Author]++
			m.AuthorPosts++
		}
	}
	m.UniqueAuthors = len(exposures)
	m.TierPosts = m.Posts - tiers[unknownTier]

	if n := m.Posts; n > 0 {
		m.AdShare = ratio(ads, n)
		m.SelfDisclosedShare = ratio(selfDisclosed, n)
		m.LikelyCommercialShare = ratio(likely, n)
		m.ReasonShare = shares(feed.Reasons, reasons, n)
		m.TierShare = shares(classify.Tiers, tiers, n)
		m.VerifiedShare = ratio(verified, n)
		m.BrandShare = ratio(brand, n)
		m.TacticRate = ratio(withTactic, n)
		m.TacticRateByKind = shares(classify.TacticKinds, tactics, n)
	}
	if n := m.TopicPosts; n > 0 {
		m.TopicShare = shares(classify.Topics, topics, n)
		h := entropy(topics, n)
		m.TopicEntropy = number(clamp01(h / math.Log(float64(len(classify.Topics)))))
		m.EffectiveTopics = number(math.Exp(h))
		top := 0
		for k := range topics {
			if topics[k] > topics[top] { // strict: ties keep the earlier topic
				top = k
			}
		}
		topTopic := classify.Topics[top]
		m.TopTopic = &topTopic
	}
	if m.TierPosts > 0 {
		known := make([]int, 0, len(tiers)-1)
		for k, c := range tiers {
			if k != unknownTier {
				known = append(known, c)
			}
		}
		m.TierEntropy = number(clamp01(entropy(known, m.TierPosts) / math.Log(float64(len(known)))))
	}
	if m.AuthorPosts > 0 {
		concentration(&m, exposures)
	}
	if n := m.PoliticalPosts; n > 0 {
		m.PartyShare = make(map[string]float64, len(parties))
		for party, c := range parties {
			m.PartyShare[party] = float64(c) / float64(n)
		}
	}
	if n := float64(m.LeaningPosts); n > 0 {
		mean := leaningSum / n
		m.LeaningMean = number(mean)
		m.LeaningSpread = number(math.Sqrt(math.Max(0, leaningSquares/n-mean*mean)))
	}
	m.Novelty = novelty(exposures, previous)
	score(&m)
	return m
}

// concentration fills the author figures from the exposures per author.
func concentration(m *Metrics, exposures map[string]int) {
	counts := make([]int, 0, len(exposures))
	for _, c := range exposures {
		counts = append(counts, c)
	}
	sort.Ints(counts)
	n := float64(m.AuthorPosts)
	var hhi, ranked float64
	top := 0
	for i, c := range counts {
		s := float64(c) / n
		hhi += s * s
		// Gini from the ascending order: G = 2·Σ i·x_i / (N·Σx) − (N+1)/N
		// with i counted from 1.
		ranked += float64(i+1) * float64(c)
		if i >= len(counts)-10 {
			top += c
		}
	}
	N := float64(len(counts))
	m.AuthorHHI = number(hhi)
	m.Top10Share = number(float64(top) / n)
	m.AuthorGini = number(clamp01(2*ranked/(N*n) - (N+1)/N))
	// The most even spread of n exposures is n different authors, so
	// the entropy is normalised by ln n; one exposure has no spread.
	if m.AuthorPosts >= 2 {
		m.AuthorEntropy = number(clamp01(entropy(counts, m.AuthorPosts) / math.Log(n)))
	}
}

// novelty is the share of this window's authors that the previous window
// did not show; undefined without authors on either side.
func novelty(exposures map[string]int, previous []Post) *float64 {
	seen := make(map[string]bool, len(previous))
	for i := range previous {
		if a := previous[i].Author; a != "" {
			seen[a] = true
		}
	}
	if len(seen) == 0 || len(exposures) == 0 {
		return nil
	}
	fresh := 0
	for a := range exposures {
		if !seen[a] {
			fresh++
		}
	}
	return ratio(fresh, len(exposures))
}

// entropy is the Shannon entropy (natural log) of counts summing to n.
func entropy(counts []int, n int) float64 {
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(n)
			h -= p * math.Log(p)
		}
	}
	return h
}

// shares divides the count of each key by n; every key is present.
func shares[K comparable](keys []K, counts []int, n int) map[K]float64 {
	out := make(map[K]float64, len(keys))
	for i, k := range keys {
		out[k] = float64(counts[i]) / float64(n)
	}
	return out
}

func index[K comparable](keys []K, k K) int {
	for i, x := range keys {
		if x == k {
			return i
		}
	}
	return -1
}

func ratio(k, n int) *float64 { return number(float64(k) / float64(n)) }

func number(v float64) *float64 { return &v }

// clamp01 removes rounding overshoot such as 1.0000000000000002.
func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// Lookup reads one figure by the name a study field uses (see
// docs/METRICS.md): a top-level JSON name such as "ad_share", or
// "<map>.<key>" such as "topic_share.politics", "tactic_rate.urgency" or
// "diversity_part.topics". top_topic is a label. ok is false for an
// unknown name and for a figure undefined in this window.
func (m *Metrics) Lookup(name string) (num float64, label string, ok bool) {
	if get, ok := scalars[name]; ok {
		return value(get(m))
	}
	switch name {
	case "posts":
		return float64(m.Posts), "", true
	case "unique_authors":
		return float64(m.UniqueAuthors), "", true
	case "author_posts":
		return float64(m.AuthorPosts), "", true
	case "topic_posts":
		return float64(m.TopicPosts), "", true
	case "tier_posts":
		return float64(m.TierPosts), "", true
	case "political_posts":
		return float64(m.PoliticalPosts), "", true
	case "leaning_posts":
		return float64(m.LeaningPosts), "", true
	case "diversity_coverage":
		return m.DiversityCoverage, "", true
	case "top_topic":
		if m.TopTopic == nil {
			return 0, "", false
		}
		return 0, string(*m.TopTopic), true
	}
	family, key, dotted := strings.Cut(name, ".")
	if !dotted {
		return 0, "", false
	}
	switch family {
	case "reason_share":
		return mapValue(m.ReasonShare, feed.Reason(key))
	case "topic_share":
		return mapValue(m.TopicShare, classify.Topic(key))
	case "tier_share":
		return mapValue(m.TierShare, classify.Tier(key))
	case "tactic_rate":
		return mapValue(m.TacticRateByKind, classify.TacticKind(key))
	case "party_share":
		// Parties form an open set: any party not seen among the
		// political posts has a share of 0.
		if m.PartyShare == nil || key == "" {
			return 0, "", false
		}
		return m.PartyShare[key], "", true
	case "diversity_part":
		for _, p := range m.DiversityParts {
			if p.Name == key {
				return value(p.Value)
			}
		}
	}
	return 0, "", false
}

// scalars are the figures that are a number or undefined.
var scalars = map[string]func(*Metrics) *float64{
	"ad_share":                func(m *Metrics) *float64 { return m.AdShare },
	"self_disclosed_share":    func(m *Metrics) *float64 { return m.SelfDisclosedShare },
	"likely_commercial_share": func(m *Metrics) *float64 { return m.LikelyCommercialShare },
	"topic_entropy":           func(m *Metrics) *float64 { return m.TopicEntropy },
	"effective_topics":        func(m *Metrics) *float64 { return m.EffectiveTopics },
	"author_hhi":              func(m *Metrics) *float64 { return m.AuthorHHI },
	"top10_share":             func(m *Metrics) *float64 { return m.Top10Share },
	"author_gini":             func(m *Metrics) *float64 { return m.AuthorGini },
	"author_entropy":          func(m *Metrics) *float64 { return m.AuthorEntropy },
	"tier_entropy":            func(m *Metrics) *float64 { return m.TierEntropy },
	"verified_share":          func(m *Metrics) *float64 { return m.VerifiedShare },
	"brand_share":             func(m *Metrics) *float64 { return m.BrandShare },
	"tactic_rate":             func(m *Metrics) *float64 { return m.TacticRate },
	"leaning_mean":            func(m *Metrics) *float64 { return m.LeaningMean },
	"leaning_spread":          func(m *Metrics) *float64 { return m.LeaningSpread },
	"novelty":                 func(m *Metrics) *float64 { return m.Novelty },
	"diversity_score":         func(m *Metrics) *float64 { return m.DiversityScore },
}

func value(v *float64) (float64, string, bool) {
	if v == nil {
		return 0, "", false
	}
	return *v, "", true
}

// mapValue reads a share of a closed set: defined when the map is (the
// window has a basis) and the key is one of the set.
func mapValue[K comparable](m map[K]float64, k K) (float64, string, bool) {
	v, ok := m[k]
	return v, "", ok
}
