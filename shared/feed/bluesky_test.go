package feed

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The Bluesky fixtures were counted with jq over feed[*]: a reason.$type
// of app.bsky.feed.defs#reasonRepost is a repost, otherwise
// post.author.viewer.following present means a followed author. In the
// timeline the 6 posts without it are all by bskyr.bsky.social, whose DID
// is the repository of every follow record: the user's own posts, for
// which no reason fits (unknown). Without the URL a feed[*] payload could
// be any of the feed methods: the generic "feed" endpoint.
var bsFixtures = []fixtureCase{
	{
		// 49 items: 3 reposts, 40 by followed authors, 6 own posts.
		file: "bluesky/getTimeline.json", url: "https://bsky.social/xrpc/app.bsky.feed.getTimeline?limit=50",
		endpoint: "getTimeline", surface: Following, posts: 49,
		reasons: map[Reason]int{Repost: 3, Followed: 40, Unknown: 6},
		bare:    bareCase{"feed", Unlabeled, map[Reason]int{Repost: 3, Followed: 40, Unknown: 6}},
	},
	{
		// A feed generator's 7 posts: 5 by followed authors, 2 pushed by
		// the feed's algorithm.
		file: "bluesky/getFeed_feedgenerator.json", url: "https://bsky.social/xrpc/app.bsky.feed.getFeed?feed=at%3A%2F%2Fdid%3Aplc%3Az72i7hdynmk6r22z27h6tvur%2Fapp.bsky.feed.generator%2Fbsky-team",
		endpoint: "getFeed", surface: ForYou, posts: 7,
		reasons: map[Reason]int{Followed: 5, Recommended: 2},
		bare:    bareCase{"feed", Unlabeled, map[Reason]int{Followed: 5, Unknown: 2}},
	},
}

func TestBlueskyFixtures(t *testing.T) { checkFixtures(t, bsFixtures) }

const bsViewer = "did:plc:viewer"

// bsPostJSON is a hand-made post view; following says whether the user
// follows its author, extra is spliced into the post.
func bsPostJSON(rkey, handle string, following bool, extra string) string {
	viewer := `{"muted":false}`
	if following {
		viewer = `{"muted":false,"following":"at://` + bsViewer + `/app.bsky.graph.follow/f` + rkey + `"}`
	}
	return fmt.Sprintf(`{"uri":"at://did:plc:%s/app.bsky.feed.post/%s","cid":"c","author":{"did":"did:plc:%s","handle":%q,"displayName":"%s name","viewer":%s},
	"record":{"$type":"app.bsky.feed.post","text":"hello #go https://go.dev","langs":["en"],"createdAt":"2025-05-19T17:24:22.643828Z",
	"facets":[{"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"go"}]},{"features":[{"$type":"app.bsky.richtext.facet#link","uri":"https://go.dev"}]}]},
	"replyCount":1,"repostCount":2,"likeCount":3,"quoteCount":0,"indexedAt":"2025-05-19T17:24:24.224Z"%s}`, handle, rkey, handle, handle, handle, viewer, extra)
}

func bsFeed(items ...string) []byte {
	return []byte(`{"cursor":"c","feed":[` + strings.Join(items, ",") + `]}`)
}

func TestBlueskyRules(t *testing.T) {
	timeline := "https://morel.us-east.host.bsky.network/xrpc/app.bsky.feed.getTimeline?limit=30"
	self := strings.Replace(bsPostJSON("s", "me", false, ""), `"did":"did:plc:me"`, `"did":"`+bsViewer+`"`, 1)
	checkRules(t, Bluesky, []ruleCase{
		{
			name: "timeline: followed, a repost, the user's own post, a stranger", url: timeline,
			body: bsFeed(`{"post":`+bsPostJSON("a", "alice", true, "")+`}`,
				`{"post":`+bsPostJSON("b", "bob", false, "")+`,"reason":{"$type":"app.bsky.feed.defs#reasonRepost","by":{"handle":"alice"}}}`,
				`{"post":`+self+`}`,
				`{"post":`+bsPostJSON("c", "carol", false, "")+`,"reply":{"parent":{"author":{"handle":"alice"}}}}`,
				`{"notAPost":true}`),
			endpoint: "getTimeline", reasons: []Reason{Followed, Repost, Unknown, Unknown}, media: []Media{Text, Text, Text, Text}, unknown: 1,
			check: func(t *testing.T, f Feed) {
				p := f.Posts[0]
				if p.ID != "at://did:plc:alice/app.bsky.feed.post/a" || p.Text != "hello #go https://go.dev" || p.Lang != "en" ||
					p.Author != (Author{Handle: "alice", Name: "alice name", Followers: -1, Followed: true}) ||
					!slices.Equal(p.Hashtags, []string{"go"}) || !slices.Equal(p.Domains, []string{"go.dev"}) ||
					p.Engagement != (Engagement{Likes: 3, Reposts: 2, Replies: 1, Views: -1}) || !p.Created.Equal(time.Date(2025, 5, 19, 17, 24, 22, 643828000, time.UTC)) {
					t.Errorf("post %+v", p)
				}
				if ev := p.Evidence[1]; ev.Path != "feed.0.post.author.viewer.following" {
					t.Errorf("followed evidence %+v", ev)
				}
				if ev := f.Posts[1].Evidence[1]; ev.Path != "feed.1.reason.$type" || ev.Value != "reposted by @alice" {
					t.Errorf("repost evidence %+v", ev)
				}
				if v := f.Posts[2].Evidence[1].Value; !strings.Contains(v, "own post") {
					t.Errorf("own post evidence %q", v)
				}
				if v := f.Posts[3].Evidence[1].Value; !strings.Contains(v, "not followed") {
					t.Errorf("stranger evidence %q", v)
				}
			},
		},
		{
			name: "a feed generator recommends whom the user does not follow; embeds give the media", url: "https://public.api.bsky.app/xrpc/app.bsky.feed.getFeed?feed=x",
			body: bsFeed(
				`{"post":`+bsPostJSON("a", "a", false, `,"embed":{"$type":"app.bsky.embed.images#view","images":[{"alt":"1"}]}`)+`}`,
				`{"post":`+bsPostJSON("b", "b", true, `,"embed":{"$type":"app.bsky.embed.images#view","images":[{"alt":"1"},{"alt":"2"}]}`)+`}`,
				`{"post":`+bsPostJSON("c", "c", false, `,"embed":{"$type":"app.bsky.embed.video#view","cid":"v"}`)+`}`,
				`{"post":`+bsPostJSON("d", "d", false, `,"embed":{"$type":"app.bsky.embed.recordWithMedia#view","media":{"$type":"app.bsky.embed.external#view","external":{"uri":"https://www.nytimes.com/x"}}}`)+`}`,
				`{"post":`+bsPostJSON("e", "e", false, `,"embed":{"$type":"app.bsky.embed.external#view","external":{"uri":"https://example.org/a"}}`)+`}`),
			endpoint: "getFeed", reasons: []Reason{Recommended, Followed, Recommended, Recommended, Recommended},
			media: []Media{Image, Carousel, Video, Text, Text},
			check: func(t *testing.T, f Feed) {
				if d := f.Posts[3].Domains; !slices.Equal(d, []string{"go.dev", "nytimes.com"}) {
					t.Errorf("record-with-media link %v", d)
				}
				if d := f.Posts[4].Domains; !slices.Equal(d, []string{"go.dev", "example.org"}) {
					t.Errorf("external link %v", d)
				}
			},
		},
		{
			name: "search results, verified authors, record tags", url: "https://api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=go",
			body:     []byte(`{"posts":[` + strings.Replace(bsPostJSON("a", "a", true, ""), `"viewer"`, `"verification":{"verifiedStatus":"valid"},"viewer"`, 1) + `]}`),
			endpoint: "searchPosts", reasons: []Reason{Search}, media: []Media{Text},
			check: func(t *testing.T, f Feed) {
				if !f.Posts[0].Author.Verified {
					t.Errorf("author %+v", f.Posts[0].Author)
				}
			},
		},
		{
			name: "a profile's feed", url: "https://bsky.social/xrpc/app.bsky.feed.getAuthorFeed?actor=a",
			body:     bsFeed(`{"post":` + bsPostJSON("a", "a", false, "") + `,"reason":{"$type":"app.bsky.feed.defs#reasonPin"}}`),
			endpoint: "getAuthorFeed", reasons: []Reason{Unknown}, media: []Media{Text},
		},
	})
}

func BenchmarkBluesky(b *testing.B) { benchFixtures(b, bsFixtures) }

func FuzzBluesky(f *testing.F) {
	fuzzParse(f, "https://bsky.social/xrpc/app.bsky.feed.getTimeline", bsFixtures,
		bsFeed(`{"post":`+bsPostJSON("a", "a", true, "")+`,"reason":{"$type":"app.bsky.feed.defs#reasonRepost","by":{"handle":"b"}}}`))
}
