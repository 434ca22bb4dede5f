package feed

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The Reddit fixtures were counted with a short script: data.children of
// the Listing, kind t3 each; an ad has data.promoted true, its advertiser
// promoted_display_name or promoted_by (null in both files) else author.
// A Listing looks the same from every endpoint, so without the URL the
// endpoint is the generic "listing" and organic posts are unknown.
var rdFixtures = []fixtureCase{
	{
		// 100 t3, none promoted; the logged-in front page (/best) lists
		// the communities the user joined.
		file: "reddit/best_frontpage_listing.json", url: "https://oauth.reddit.com/best?limit=100&raw_json=1",
		endpoint: "frontpage", surface: Home, posts: 100,
		reasons: map[Reason]int{Followed: 100},
		bare:    bareCase{"listing", Listing, map[Reason]int{Unknown: 100}},
	},
	{
		// 25 t3 linking youtube.com, 5 promoted (self-serve ads with
		// subreddit null); /api/info is a lookup, so organic posts are
		// search results.
		file: "reddit/info_url_listing_promoted.json", url: "https://oauth.reddit.com/api/info/?url=youtube.com&raw_json=1",
		endpoint: "info", surface: SearchS, posts: 25,
		advertisers: []string{"Droppinbodies", "AvastON", "ShesUncensored", "ShesUncensored", "DonGoesMVlog"},
		reasons:     map[Reason]int{Ad: 5, Search: 20},
		bare:        bareCase{"listing", Listing, map[Reason]int{Ad: 5, Unknown: 20}},
	},
}

func TestRedditFixtures(t *testing.T) { checkFixtures(t, rdFixtures) }

func rdPost(id, sub string, extra string) string {
	return fmt.Sprintf(`{"kind":"t3","data":{"id":%q,"name":"t3_%s","title":"Title %s","selftext":"","author":"u_%s","subreddit":%q,
	"url":"https://www.bbc.co.uk/news/%s","domain":"bbc.co.uk","is_self":false,"post_hint":"link","is_video":false,
	"created_utc":1525500000.0,"score":42,"ups":42,"num_comments":7,"num_crossposts":1,"view_count":null%s}}`, id, id, id, id, sub, id, extra)
}

func rdListing(children ...string) []byte {
	return []byte(`{"kind":"Listing","data":{"modhash":"","dist":2,"children":[` + strings.Join(children, ",") + `],"after":null,"before":null}}`)
}

func TestRedditRules(t *testing.T) {
	checkRules(t, Reddit, []ruleCase{
		{
			name: "front page: fields, media kinds, an ad", url: "https://www.reddit.com/.json",
			body: rdListing(
				rdPost("a", "news", ""),
				rdPost("b", "pics", `,"post_hint":"image","url_overridden_by_dest":"https://i.redd.it/b.jpg"`),
				rdPost("c", "videos", `,"is_video":true,"post_hint":"hosted:video"`),
				rdPost("d", "art", `,"is_gallery":true`),
				rdPost("e", "AskReddit", `,"is_self":true,"selftext":"body text","post_hint":"self"`),
				rdPost("f", "", `,"subreddit":null,"promoted":true,"promoted_display_name":"Acme","author":"acme_ads"`),
			),
			endpoint: "frontpage", reasons: []Reason{Followed, Followed, Followed, Followed, Followed, Ad},
			media: []Media{Text, Image, Video, Carousel, Text, Text},
			check: func(t *testing.T, f Feed) {
				p := f.Posts[0]
				if p.ID != "t3_a" || p.Text != "Title a" || p.Author != (Author{Handle: "u_a", Name: "u_a", Followers: -1}) ||
					!slices.Equal(p.Hints, []string{"news"}) || !slices.Equal(p.Domains, []string{"bbc.co.uk"}) ||
					p.Engagement != (Engagement{Likes: 42, Reposts: 1, Replies: 7, Views: -1}) || !p.Created.Equal(time.Unix(1525500000, 0)) {
					t.Errorf("post %+v", p)
				}
				if !slices.Equal(f.Posts[1].Links, []string{"https://i.redd.it/b.jpg"}) {
					t.Errorf("the overridden destination is the link: %v", f.Posts[1].Links)
				}
				if e := f.Posts[4]; e.Links != nil || e.Text != "Title e\nbody text" {
					t.Errorf("self post %+v", e)
				}
				if ad := f.Posts[5].Ad; *ad != (AdInfo{Advertiser: "Acme", AdvertiserHandle: "acme_ads", Disclosure: "Promoted", AdID: "t3_f"}) {
					t.Errorf("ad %+v", ad)
				}
				if ev := f.Posts[5].Evidence[0]; ev.Path != "data.children.5.data.promoted" {
					t.Errorf("ad evidence %+v", ev)
				}
			},
		},
		{
			name: "sr_detail says whether the user joined the community", url: "https://oauth.reddit.com/best?sr_detail=true",
			body:     rdListing(rdPost("a", "golang", `,"sr_detail":{"user_is_subscriber":true}`), rdPost("b", "rust", `,"sr_detail":{"user_is_subscriber":false}`)),
			endpoint: "frontpage", reasons: []Reason{Followed, Recommended}, media: []Media{Text, Text},
			check: func(t *testing.T, f Feed) {
				if ev := f.Posts[0].Evidence[1]; ev.Path != "data.children.0.data.sr_detail.user_is_subscriber" {
					t.Errorf("evidence %+v", ev)
				}
			},
		},
		{
			name: "r/popular is recommended, r/all too", url: "https://www.reddit.com/r/popular/hot.json",
			body: rdListing(rdPost("a", "funny", "")), endpoint: "popular", reasons: []Reason{Recommended}, media: []Media{Text},
		},
		{
			name: "a community's listing: unknown unless joined", url: "https://www.reddit.com/r/golang/new.json",
			body:     rdListing(rdPost("a", "golang", ""), rdPost("b", "golang", `,"sr_detail":{"user_is_subscriber":true}`)),
			endpoint: "subreddit", reasons: []Reason{Unknown, Followed}, media: []Media{Text, Text},
		},
		{
			name: "search results, even from joined communities", url: "https://oauth.reddit.com/r/golang/search?q=generics",
			body: rdListing(rdPost("a", "golang", `,"sr_detail":{"user_is_subscriber":true}`)), endpoint: "search", reasons: []Reason{Search}, media: []Media{Text},
		},
		{
			name: "comments and stubs are not posts; unknown kinds are reported", url: "https://www.reddit.com/user/someone/overview.json",
			body:     rdListing(rdPost("a", "x", ""), `{"kind":"t1","data":{"id":"c1","body":"a comment"}}`, `{"kind":"more","data":{"count":3}}`, `{"kind":"t9","data":{}}`),
			endpoint: "user", reasons: []Reason{Unknown}, media: []Media{Text}, unknown: 1,
			check: func(t *testing.T, f Feed) {
				if !slices.Equal(f.UnknownKinds, []string{"thing:t9"}) {
					t.Errorf("unknown kinds %v", f.UnknownKinds)
				}
			},
		},
	})
}

func TestRedditMatch(t *testing.T) {
	for url, want := range map[string]string{
		"https://www.reddit.com/.json":                        "frontpage",
		"https://oauth.reddit.com/hot":                        "frontpage",
		"https://www.reddit.com/r/all/top.json?t=day":         "popular",
		"https://oauth.reddit.com/r/golang/hot":               "subreddit",
		"https://www.reddit.com/search.json?q=x":              "search",
		"https://oauth.reddit.com/api/info/?id=t3_x":          "info",
		"https://www.reddit.com/user/spez/submitted.json":     "user",
		"https://old.reddit.com/r/golang/comments/abc/x.json": "",
	} {
		_, ep, ok := Match(url)
		if ep != want || ok != (want != "") {
			t.Errorf("Match(%q) = %q %v, want %q", url, ep, ok, want)
		}
	}
}

func BenchmarkReddit(b *testing.B) { benchFixtures(b, rdFixtures) }

func FuzzReddit(f *testing.F) {
	fuzzParse(f, "https://oauth.reddit.com/best", rdFixtures, rdListing(rdPost("a", "x", ""), rdPost("b", "", `,"promoted":true`)))
}
