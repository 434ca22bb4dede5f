package classify_test

import (
	"testing"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

// benchPosts are typical feed posts: a tweet-length German post with a
// link and hints, an English influencer post, a short reply.
var benchPosts = []feed.Post{
	{Platform: feed.X, Text: "Nur heute: 30% Rabatt auf alle Laufschuhe! Der Bundestag diskutiert derweil über das neue Klimaschutzgesetz – was meint ihr? Teilen, wenn ihr dafür seid. https://www.example.de/artikel",
		Author: feed.Author{Handle: "DrTurgutAltug", Name: "Turgut", Followers: 25_000}, Reason: feed.Recommended,
		Links: []string{"https://www.example.de/artikel"}, Domains: []string{"example.de"}, Hashtags: []string{"Klimaschutz"}, Lang: "de"},
	{Platform: feed.Instagram, Text: "My morning skincare routine ✨ This serum changed everything, only 3 left in my size. Use code GLOW20 for 20% off! #ad #skincare #beauty",
		Author: feed.Author{Handle: "glowwithmia", Name: "Mia", Followers: 240_000, Verified: true}, Reason: feed.Followed,
		Hashtags: []string{"ad", "skincare", "beauty"}, Hints: []string{"Beauty & Style"}},
	{Platform: feed.Reddit, Text: "Honestly the referee ruined that match, what a joke", Author: feed.Author{Handle: "u1", Followers: -1},
		Reason: feed.Recommended, Hints: []string{"soccer"}},
}

func BenchmarkPost(b *testing.B) {
	c, err := classify.New(classify.Options{Leanings: classify.Leanings{"example.de": -0.2}})
	if err != nil {
		b.Fatal(err)
	}
	bytes := 0
	for _, p := range benchPosts {
		bytes += len(p.Text)
	}
	b.SetBytes(int64(bytes / len(benchPosts)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.Post(&benchPosts[i%len(benchPosts)])
	}
}

func BenchmarkText(b *testing.B) {
	c, err := classify.New(classify.Options{})
	if err != nil {
		b.Fatal(err)
	}
	text := "You Won't Believe What This Politician Said About The New Tax Law"
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		c.Text(text, "")
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"Nur heute -70%!", "#ad code SAVE20 https://amzn.to/x?tag=a", "", "\xff\xfe", "LAST CHANCE only 3 left", "(a|b"} {
		f.Add(s)
	}
	c, err := classify.New(classify.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"", "en", "de"} {
			l := c.Text(s, lang)
			if l.TopicScore < 0 || l.TopicScore > 1 || l.Clickbait < 0 || l.Clickbait > 1 {
				t.Fatalf("%q: scores out of range: %+v", s, l)
			}
		}
		p := feed.Post{Text: s, Links: []string{s}, Hashtags: []string{s}, Hints: []string{s}, Author: feed.Author{Handle: s, Name: s}}
		c.Post(&p)
	})
}
