package feed

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The Mastodon fixtures were counted with jq: the top-level array's
// statuses, none with a reblog. The home timeline shows the accounts the
// user follows (statuses carry no follow flag, so the endpoint says it);
// the federated public timeline shows the server's statuses, not the
// user's follows. Without the URL an array of statuses could be any
// timeline: the generic "statuses" endpoint.
var mdFixtures = []fixtureCase{
	{
		file: "mastodon/home_timeline_fosstodon.json", url: "https://fosstodon.org/api/v1/timelines/home?limit=5",
		endpoint: "timelines/home", surface: Following, posts: 5,
		reasons: map[Reason]int{Followed: 5},
		bare:    bareCase{"statuses", Unlabeled, map[Reason]int{Unknown: 5}},
	},
	{
		file: "mastodon/public_timeline_mastodon_social.json", url: "https://mastodon.social/api/v1/timelines/public?limit=20",
		endpoint: "timelines/public", surface: Listing, posts: 20,
		reasons: map[Reason]int{Recommended: 20},
		bare:    bareCase{"statuses", Unlabeled, map[Reason]int{Unknown: 20}},
	},
}

func TestMastodonFixtures(t *testing.T) { checkFixtures(t, mdFixtures) }

func mdStatusJSON(id, acct, extra string) string {
	return fmt.Sprintf(`{"id":%q,"created_at":"2025-07-17T10:00:00.000Z","in_reply_to_id":null,"sensitive":false,"spoiler_text":"",
	"visibility":"public","language":"en","uri":"https://social.example/users/%s/statuses/%s","url":"https://social.example/@%s/%s",
	"replies_count":1,"reblogs_count":2,"favourites_count":3,
	"content":"<p>Hello <a href=\"https://social.example/tags/go\" class=\"mention hashtag\" rel=\"tag\">#<span>go</span></a> see <a href=\"https://go.dev/blog\" rel=\"nofollow noopener\" target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"\">go.dev/blog</span><span class=\"invisible\"></span></a></p>",
	"reblog":null,"account":{"id":"1","username":%q,"acct":%q,"display_name":"%s name","bot":false,"group":false,"followers_count":10},
	"media_attachments":[],"mentions":[],"tags":[{"name":"go","url":"https://social.example/tags/go"}],"emojis":[],"card":null%s}`, id, acct, id, acct, id, acct, acct, acct, extra)
}

func mdTimeline(statuses ...string) []byte { return []byte("[" + strings.Join(statuses, ",") + "]") }

func TestMastodonRules(t *testing.T) {
	reblog := strings.Replace(mdStatusJSON("2", "friend", ""), `"reblog":null`, `"reblog":`+mdStatusJSON("1", "origin@far.example", ""), 1)
	checkRules(t, Mastodon, []ruleCase{
		{
			name: "home: fields, a boost, media, a content warning, a card", url: "https://social.example/api/v1/timelines/home",
			body: mdTimeline(mdStatusJSON("1", "alice", ""), reblog,
				mdStatusJSON("3", "b", `,"media_attachments":[{"type":"image"},{"type":"image"}]`),
				mdStatusJSON("4", "c", `,"media_attachments":[{"type":"gifv"}],"spoiler_text":"CW: spiders"`),
				strings.Replace(mdStatusJSON("5", "d", ""), `"card":null`, `"card":{"url":"https://www.bbc.co.uk/news/1"}`, 1),
				`{"nothing":true}`),
			endpoint: "timelines/home", reasons: []Reason{Followed, Repost, Followed, Followed, Followed},
			media: []Media{Text, Text, Carousel, Video, Text}, unknown: 1,
			check: func(t *testing.T, f Feed) {
				p := f.Posts[0]
				if p.ID != "https://social.example/users/alice/statuses/1" || p.Text != "Hello #go see https://go.dev/blog" || p.Lang != "en" ||
					p.Author != (Author{Handle: "alice", Name: "alice name", Followers: 10}) || !slices.Equal(p.Hashtags, []string{"go"}) ||
					!slices.Equal(p.Links, []string{"https://go.dev/blog"}) || p.Engagement != (Engagement{Likes: 3, Reposts: 2, Replies: 1, Views: -1}) ||
					!p.Created.Equal(time.Date(2025, 7, 17, 10, 0, 0, 0, time.UTC)) {
					t.Errorf("status %+v", p)
				}
				rb := f.Posts[1]
				if rb.ID != "https://social.example/users/origin@far.example/statuses/1" || rb.Author.Handle != "origin@far.example" {
					t.Errorf("a boost shows the boosted status: %+v", rb)
				}
				if ev := rb.Evidence[1]; ev.Path != "1.reblog" || ev.Value != "boosted by @friend" {
					t.Errorf("boost evidence %+v", ev)
				}
				if !strings.HasPrefix(f.Posts[3].Text, "CW: spiders\n") {
					t.Errorf("content warning %q", f.Posts[3].Text)
				}
				if !slices.Equal(f.Posts[4].Domains, []string{"go.dev", "bbc.co.uk"}) {
					t.Errorf("card link %v", f.Posts[4].Domains)
				}
			},
		},
		{
			name: "a hashtag's timeline is a search", url: "https://mastodon.social/api/v1/timelines/tag/rstats?limit=20",
			body: mdTimeline(mdStatusJSON("1", "a", "")), endpoint: "timelines/tag", reasons: []Reason{Search}, media: []Media{Text},
		},
		{
			name: "trending statuses are recommended", url: "https://mastodon.social/api/v1/trends/statuses",
			body: mdTimeline(mdStatusJSON("1", "a", "")), endpoint: "trends/statuses", reasons: []Reason{Recommended}, media: []Media{Text},
		},
		{
			name: "an account's statuses say nothing", url: "https://mastodon.social/api/v1/accounts/109/statuses",
			body: mdTimeline(mdStatusJSON("1", "a", "")), endpoint: "accounts/statuses", reasons: []Reason{Unknown}, media: []Media{Text},
		},
		{
			name: "v2 search holds statuses beside accounts and hashtags", url: "https://mastodon.social/api/v2/search?q=go",
			body:     []byte(`{"accounts":[],"hashtags":[],"statuses":[` + mdStatusJSON("1", "a", "") + `]}`),
			endpoint: "search", reasons: []Reason{Search}, media: []Media{Text},
			check: func(t *testing.T, f Feed) {
				if p := f.Posts[0].Evidence[0].Path; p != "statuses.0" {
					t.Errorf("evidence path %q", p)
				}
			},
		},
	})
}

func TestMastodonAnyServer(t *testing.T) {
	for url, want := range map[string]string{
		"https://fosstodon.org/api/v1/timelines/home?limit=5": "mastodon timelines/home",
		"https://hachyderm.io/api/v1/timelines/list/42":       "mastodon timelines/list",
		"https://x.com/api/v1/timelines/home":                 " ",
		"https://fosstodon.org/api/v1/notifications":          " ",
	} {
		p, ep, ok := Match(url)
		if got := string(p) + " " + ep; got != want || ok != (want != " ") {
			t.Errorf("Match(%q) = %q %v, want %q", url, got, ok, want)
		}
	}
}

func BenchmarkMastodon(b *testing.B) { benchFixtures(b, mdFixtures) }

func FuzzMastodon(f *testing.F) {
	fuzzParse(f, "https://social.example/api/v1/timelines/home", mdFixtures,
		mdTimeline(mdStatusJSON("1", "a", ""), strings.Replace(mdStatusJSON("2", "b", ""), `"reblog":null`, `"reblog":`+mdStatusJSON("3", "c", ""), 1)))
}
