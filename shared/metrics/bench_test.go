package metrics

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

// syntheticPosts makes n posts shaped like a heavy user's week: authors
// drawn Zipf-like from a pool of n/4 (a few accounts seen often, most
// once), every label set, a tactic on one post in ten, a leaning on one in
// five, a political account on one in twenty, spread over seven days.
func syntheticPosts(n int, seed uint64) []Post {
	r := rand.New(rand.NewPCG(seed, 1))
	zipf := rand.NewZipf(r, 1.2, 1, uint64(n/4))
	posts := make([]Post, n)
	for i := range posts {
		p := &posts[i]
		p.Platform = feed.Platforms[r.IntN(len(feed.Platforms))]
		p.Day = fmt.Sprintf("2025-03-%02d", 10+r.IntN(7))
		p.Author = fmt.Sprintf("%s:user%d", p.Platform, zipf.Uint64())
		p.Reason = feed.Reasons[r.IntN(len(feed.Reasons))]
		p.Ad = r.IntN(6) == 0
		p.Topic = classify.Topics[r.IntN(len(classify.Topics))]
		p.Tier = classify.Tiers[r.IntN(len(classify.Tiers))]
		p.Verified = r.IntN(8) == 0
		p.Brand = r.IntN(10) == 0
		if r.IntN(10) == 0 {
			p.Tactics = []classify.TacticKind{classify.TacticKinds[r.IntN(len(classify.TacticKinds))]}
		}
		if r.IntN(5) == 0 {
			p.Leaning = leaning(2*r.Float64() - 1)
		}
		if r.IntN(20) == 0 {
			p.Party = []string{"SPD", "CDU", "GRÜNE", "FDP", "AfD", "LINKE"}[r.IntN(6)]
		}
	}
	return posts
}

func BenchmarkCompute10k(b *testing.B) {
	posts, previous := syntheticPosts(10_000, 1), syntheticPosts(10_000, 2)
	b.ReportAllocs()
	for b.Loop() {
		Compute(posts, previous)
	}
}

func BenchmarkComputeNoPrevious10k(b *testing.B) {
	posts := syntheticPosts(10_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		Compute(posts, nil)
	}
}

// BenchmarkDailySeries10k is what a weekly dashboard does: group a week of
// posts by day and compute each day against the day before.
func BenchmarkDailySeries10k(b *testing.B) {
	posts := syntheticPosts(10_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		Series(ByDay(posts))
	}
}
