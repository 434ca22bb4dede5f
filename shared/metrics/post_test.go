package metrics

import (
	"reflect"
	"testing"
	"time"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/inspect"
)

func TestFromFeedAndFromInspectAgree(t *testing.T) {
	berlin := time.FixedZone("CEST", 2*3600)
	// 23:30 UTC on the 14th is already the 15th in Berlin: the day is the
	// caller's.
	seen := time.Date(2025, 3, 14, 23, 30, 0, 0, time.UTC).In(berlin)
	lean := 0.25
	labels := classify.Labels{
		Commercial: classify.SelfDisclosedAd, Reason: feed.Recommended, Tier: classify.Micro,
		Verified: true, Brand: true, Topic: classify.Sports,
		Tactics:   []classify.Tactic{{Kind: classify.Urgency, Span: "nur heute"}, {Kind: classify.Urgency, Span: "last chance"}, {Kind: classify.FOMO, Span: "exklusiv"}},
		Political: &classify.Political{Party: "SPD", Role: "Bundestag"},
		Leaning:   &lean,
	}
	fp := feed.Post{Platform: feed.Instagram, Author: feed.Author{Handle: "@Anna.Example", Name: "Anna"}, Reason: feed.Followed}
	want := Post{
		Platform: feed.Instagram, Day: "2025-03-15", Author: "instagram:anna.example",
		Reason: feed.Recommended, Commercial: classify.SelfDisclosedAd, Topic: classify.Sports, Tier: classify.Micro,
		Verified: true, Brand: true, Tactics: []classify.TacticKind{classify.Urgency, classify.FOMO},
		Party: "SPD", Leaning: &lean,
	}
	if got := FromFeed(&fp, labels, seen); !reflect.DeepEqual(got, want) {
		t.Errorf("FromFeed:\n got %+v\nwant %+v", got, want)
	}
	ip := inspect.Post{Platform: feed.Instagram, Author: fp.Author, Reason: feed.Followed}
	if got := FromInspect(ip, labels, seen); !reflect.DeepEqual(got, want) {
		t.Errorf("FromInspect:\n got %+v\nwant %+v", got, want)
	}
}

func TestFromFeedWithoutLabels(t *testing.T) {
	// Labels not computed: the adapter's reason and ad mark stand, tier is
	// unknown, topic unset; a zero seen time gives no day.
	ad := &feed.AdInfo{Advertiser: "Acme GmbH"}
	p := feed.Post{Platform: feed.YouTube, Ad: ad, Reason: feed.Ad}
	got := FromFeed(&p, classify.Labels{}, time.Time{})
	want := Post{Platform: feed.YouTube, Author: "youtube:acme gmbh", Reason: feed.Ad, Ad: true, Tier: classify.UnknownTier}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// A label saying "ad" marks the post even if the adapter did not.
	if q := FromFeed(&feed.Post{}, classify.Labels{Commercial: classify.PlatformAd}, time.Time{}); !q.Ad || q.Reason != feed.Unknown {
		t.Errorf("got %+v, want ad with unknown reason", q)
	}
}

func TestAuthorKey(t *testing.T) {
	for _, c := range []struct {
		author feed.Author
		ad     *feed.AdInfo
		want   string
	}{
		{feed.Author{Handle: "Foo"}, nil, "x:foo"},
		{feed.Author{Handle: " @foo "}, nil, "x:foo"},
		{feed.Author{Name: "Foo Bar"}, nil, "x:foo bar"},
		{feed.Author{}, &feed.AdInfo{AdvertiserHandle: "acme", Advertiser: "ACME Inc"}, "x:acme"},
		{feed.Author{}, &feed.AdInfo{Advertiser: "ACME Inc"}, "x:acme inc"},
		{feed.Author{}, &feed.AdInfo{}, ""},
		{feed.Author{Handle: "@"}, nil, ""},
	} {
		if got := authorKey(feed.X, c.author, c.ad); got != c.want {
			t.Errorf("authorKey(%+v, %+v) = %q, want %q", c.author, c.ad, got, c.want)
		}
	}
}

func TestByDayAndSeries(t *testing.T) {
	posts := []Post{
		{Day: "2025-03-02", Author: "x:b"},
		{Day: "2025-03-01", Author: "x:a"},
		{Day: "2025-03-02", Author: "x:a"},
		{Day: "2025-03-04", Author: "x:a"}, // the 3rd is missing
		{Author: "x:c"},                    // unknown day
	}
	ws := ByDay(posts)
	type win struct {
		key, prev string
		n         int
	}
	var got []win
	for _, w := range ws {
		got = append(got, win{w.Key, w.Previous, len(w.Posts)})
	}
	want := []win{{"", "", 1}, {"2025-03-01", "2025-02-28", 1}, {"2025-03-02", "2025-03-01", 2}, {"2025-03-04", "2025-03-03", 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ByDay = %+v, want %+v", got, want)
	}
	if ws[2].Posts[0].Author != "x:b" {
		t.Error("ByDay must keep the order of posts inside a day")
	}
	ms := Series(ws)
	// Day 2 saw a (seen on day 1) and b (new): novelty 1/2. Days 1 and 4
	// have no previous day in the series.
	for i, want := range []*float64{nil, nil, number(0.5), nil} {
		if !reflect.DeepEqual(ms[i].Novelty, want) {
			t.Errorf("window %q novelty = %v, want %v", ws[i].Key, deref(ms[i].Novelty), deref(want))
		}
	}
}

// PlatformDay gives, for every platform and day of a mixed set of posts,
// what ByPlatform, ByDay and Series give that day, novelty included.
func TestPlatformDayIsTheDailySeries(t *testing.T) {
	posts := syntheticPosts(3000, 7)
	checked := 0
	for _, pw := range ByPlatform(posts) {
		days := ByDay(pw.Posts)
		series := Series(days)
		for i, w := range days {
			got := PlatformDay(posts, feed.Platform(pw.Key), w.Key)
			if !reflect.DeepEqual(got, series[i]) {
				t.Fatalf("%s %s: PlatformDay differs from the daily series:\n got %+v\nwant %+v", pw.Key, w.Key, got, series[i])
			}
			if got.Novelty != nil {
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no day had a day before it: novelty was never compared")
	}
	if m := PlatformDay(posts, feed.X, "2030-01-01"); m.Posts != 0 || m.AdShare != nil {
		t.Errorf("a day without posts: %d posts, ad share %v", m.Posts, deref(m.AdShare))
	}
}

func TestByWeek(t *testing.T) {
	// 2024-12-30 is the Monday of ISO week 2025-W01; 2024-12-29 is in
	// 2024-W52; 2025-01-06 starts W02.
	posts := []Post{{Day: "2025-01-06"}, {Day: "2024-12-30"}, {Day: "2025-01-05"}, {Day: "2024-12-29"}, {Day: "bad"}}
	var keys, prevs []string
	var sizes []int
	for _, w := range ByWeek(posts) {
		keys, prevs, sizes = append(keys, w.Key), append(prevs, w.Previous), append(sizes, len(w.Posts))
	}
	if want := []string{"", "2024-W52", "2025-W01", "2025-W02"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	if want := []string{"", "2024-W51", "2024-W52", "2025-W01"}; !reflect.DeepEqual(prevs, want) {
		t.Errorf("previous %v, want %v", prevs, want)
	}
	if want := []int{1, 1, 2, 1}; !reflect.DeepEqual(sizes, want) {
		t.Errorf("sizes %v, want %v", sizes, want)
	}
}

func TestByPlatform(t *testing.T) {
	posts := []Post{{Platform: feed.Mastodon}, {Platform: "myspace"}, {Platform: feed.X}, {Platform: feed.Reddit}, {Platform: feed.X}}
	var keys []string
	for _, w := range ByPlatform(posts) {
		keys = append(keys, w.Key)
		if w.Previous != "" {
			t.Errorf("%s: platforms have no previous window", w.Key)
		}
	}
	if want := []string{"x", "reddit", "mastodon", "myspace"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}
