package feed

import (
	"strings"
	"testing"
)

// TestRef: the key each platform's web page marks a post with, where it
// is not the post's ID (the extension finds a post's element by it).
func TestRef(t *testing.T) {
	fbStory := func(postID, wwwURL string) string {
		e := fbTestEdge("ORGANIC", fbTestStory{postID: postID})
		if wwwURL != "" {
			e = strings.Replace(e, `"story":{"id":"UzpfSTEwODpWSzo5OQ==",`, `"story":{"id":"UzpfSTEwODpWSzo5OQ==","wwwURL":"`+wwwURL+`",`, 1)
		}
		return e
	}
	// A boost (local id 2) of a status whose local id is 7: the web app
	// draws the boosted status, div.status[data-id="7"].
	boost := strings.Replace(mdStatusJSON("2", "friend", ""), `"reblog":null`, `"reblog":`+mdStatusJSON("7", "origin@far.example", ""), 1)
	cases := []struct {
		name, url string
		body      []byte
		ids, refs []string
	}{
		{"mastodon: local id, the boosted status's for a boost", "https://social.example/api/v1/timelines/home",
			mdTimeline(mdStatusJSON("1", "alice", ""), boost),
			[]string{"https://social.example/users/alice/statuses/1", "https://social.example/users/origin@far.example/statuses/7"},
			[]string{"1", "7"}},
		{"bluesky: the at:// uri's record key", "https://bsky.social/xrpc/app.bsky.feed.getTimeline",
			bsFeed(`{"post":` + bsPostJSON("3lpk2lf7k6k2t", "alice.test", true, "") + `}`),
			[]string{"at://did:plc:alice.test/app.bsky.feed.post/3lpk2lf7k6k2t"}, []string{"3lpk2lf7k6k2t"}},
		{"instagram: the shortcode", igTimelineURL,
			igTimeline(igFeedItem(igMediaJSON("42", "bob", true, ""))),
			[]string{"42"}, []string{"C42"}},
		{"facebook: the permalink's last segment, none when it is the post id or unknown", "https://www.facebook.com/api/graphql/",
			fbFeed([]string{
				fbStory("11", "https://www.facebook.com/AcmePage/posts/pfbid0AbC?__tn__=R"),
				fbStory("12", "https://www.facebook.com/AcmePage/videos/269853602134593/"),
				fbStory("13", "https://www.facebook.com/groups/g/permalink/13/"),
				fbStory("14", ""),
			}),
			[]string{"11", "12", "13", "14"}, []string{"pfbid0AbC", "269853602134593", "", ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(c.url, c.body)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Posts) != len(c.ids) {
				t.Fatalf("%d posts, want %d", len(f.Posts), len(c.ids))
			}
			for i, p := range f.Posts {
				if p.ID != c.ids[i] || p.Ref != c.refs[i] {
					t.Errorf("post %d: id %q ref %q, want id %q ref %q", i, p.ID, p.Ref, c.ids[i], c.refs[i])
				}
			}
		})
	}
}
