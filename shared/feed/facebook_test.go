package feed

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The Facebook fixtures were counted by reading them (each holds one
// story): the stream line's data is one edge with category ENGAGEMENT,
// node.__typename Story, sponsored_data null and the header "Suggested
// for you"; the two comet_sections fragments are one organic group post
// (no sponsored_data, no sponsored label strategy, posted to a Group whose
// join button is null) and one sponsored story (content.story.
// sponsored_data.ad_id, CometStorySponsoredLabelStrategy, actor "The B2W
// Group").
var fbFixtures = []fixtureCase{
	{
		file: "facebook/newsfeed_stream_edge_engagement.json", url: "https://www.facebook.com/api/graphql/",
		endpoint: "news_feed", surface: Home, posts: 1,
		reasons: map[Reason]int{Recommended: 1},
	},
	{
		// A fragment, as saved by WhoTargetsMe: the shape decides, with
		// or without the GraphQL URL.
		file: "facebook/story_comet_sections_organic.json", url: "https://www.facebook.com/api/graphql/",
		endpoint: "story_sections", surface: Unlabeled, posts: 1,
		reasons: map[Reason]int{Followed: 1},
	},
	{
		file: "facebook/story_comet_sections_sponsored.json", url: "https://www.facebook.com/api/graphql/",
		endpoint: "story_sections", surface: Unlabeled, posts: 1,
		advertisers: []string{"The B2W Group"},
		reasons:     map[Reason]int{Ad: 1},
	},
}

func TestFacebookFixtures(t *testing.T) { checkFixtures(t, fbFixtures) }

const fbURL = "https://www.facebook.com/api/graphql/"

// fbTestStory describes a hand-made story; the zero value is an organic
// photo post by a page, with no category, header or sponsored data.
type fbTestStory struct {
	postID, feedbackID    string
	actor, actorType      string
	sponsored             string // sponsored_data's JSON, "null" when empty
	strategy              string // a metadata strategy's __typename
	header                string
	group                 string // the group posted to
	joinGroup             string // if_viewer_can_join_group's JSON
	recommendation        string
	followButton          string
	attachment            string // the attachment's JSON
	message               string
	ranges                string
	feedback, newFeedback bool
}

func (s fbTestStory) sections() string {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	actor := fmt.Sprintf(`{"__typename":%q,"id":"108","name":%q,"url":"https:\/\/www.facebook.com\/%s\/"}`,
		or(s.actorType, "Page"), or(s.actor, "Acme Page"), strings.ReplaceAll(or(s.actor, "Acme Page"), " ", ""))
	title := `"story":{"actors":[` + actor + `]`
	if s.postID != "" {
		title += `,"post_id":"` + s.postID + `"`
	}
	if s.group != "" {
		title += `,"to":{"__typename":"Group","id":"9","name":"` + s.group + `"}`
	}
	title += `,"recommendation_context":` + or(s.recommendation, "null") + `,"comet_sections":{"follow_button":` + or(s.followButton, "null") + `}}`
	if s.joinGroup != "" {
		title += `,"if_viewer_can_join_group":` + s.joinGroup
	}
	feedback := ""
	if s.feedback {
		feedback = `,"feedback":{"story":{"feedback_context":{"feedback_target_with_context":{"ufi_renderer":{"feedback":{"total_comment_count":12,
			"comet_ufi_summary_and_actions_renderer":{"feedback":{"reaction_count":{"count":345},"share_count":{"count":6},"video_view_count":7000}}}}}}}}`
	}
	if s.newFeedback {
		feedback = `,"feedback":{"story":{"story_ufi_container":{"story":{"feedback_context":{"feedback_target_with_context":{
			"comet_ufi_summary_and_actions_renderer":{"feedback":{"reaction_count":{"count":11},"share_count":{"count":2},"comment_rendering_instance":{"comments":{"total_count":3}}}}}}}}}}`
	}
	header := ""
	if s.header != "" {
		header = `,"header":{"__typename":"CometFeedStoryFallbackHeaderStrategy","story":{"story_header":{"title":{"text":"` + s.header + `"}}}}`
	}
	return `{"content":{"__typename":"CometFeedStoryDefaultContentStrategy","story":{"id":"UzpfSTEwODpWSzo5OQ==","feedback":{"id":"` + s.feedbackID + `"},
		"message":{"text":"` + or(s.message, "hello #world") + `","ranges":[` + s.ranges + `]},"sponsored_data":` + or(s.sponsored, "null") + `,
		"actors":[` + actor + `],"attachments":[` + or(s.attachment, `{"styles":{"__typename":"StoryAttachmentPhotoStyleRenderer","attachment":{"media":{"__typename":"Photo"}}}}`) + `]}},
		"context_layout":{"story":{"comet_sections":{"actor_photo":{"story":{"actors":[` + actor + `]}},
		"metadata":[{"__typename":"` + or(s.strategy, "CometFeedStoryMinimizedTimestampStrategy") + `","story":{"creation_time":1683738003}}],
		"title":{"__typename":"CometFeedStoryTitleWithActorStrategy",` + title + `}}}}` + header + feedback + `}`
}

func (s fbTestStory) node() string {
	id := ""
	if s.postID != "" {
		id = `"post_id":"` + s.postID + `",`
	}
	return `{"__typename":"Story",` + id + `"id":"UzpfSTEwODpWSzo5OQ==","sponsored_data":` + map[bool]string{true: s.sponsored, false: "null"}[s.sponsored != ""] +
		`,"comet_sections":` + s.sections() + `}`
}

func fbTestEdge(category string, s fbTestStory) string {
	return `{"category":"` + category + `","sponsored_auction_distance":0,"node":` + s.node() + `,"cursor":"c"}`
}

// fbFeed is a first news-feed response followed by streamed lines.
func fbFeed(edges []string, lines ...string) []byte {
	first := `{"data":{"viewer":{"news_feed":{"edges":[` + strings.Join(edges, ",") + `]}}},"extensions":{"is_final":false}}`
	return []byte(strings.Join(append([]string{first}, lines...), "\r\n"))
}

func fbLine(n int, edge string) string {
	return fmt.Sprintf(`{"label":"CometNewsFeed_viewer$stream$CometNewsFeed_viewer_news_feed","path":["viewer","news_feed","edges",%d],"data":%s}`, n, edge)
}

func TestFacebookRules(t *testing.T) {
	checkRules(t, Facebook, []ruleCase{
		{
			name: "the first response and the streamed lines; deferred fragments, paging and the closing line are no posts", url: fbURL,
			body: fbFeed([]string{fbTestEdge("ORGANIC", fbTestStory{postID: "1"})},
				fbLine(1, fbTestEdge("SPONSORED", fbTestStory{postID: "2", sponsored: `{"ad_id":"6001","client_token":"AI@x"}`})),
				`{"label":"CometFeedStoryFeedbackSection_story$defer$CometUFI","path":["viewer","news_feed","edges",1,"node"],"data":{"feedback":{}}}`,
				`{"label":"CometNewsFeed_viewer$defer$CometNewsFeedPaginationQuery_page_info","path":["viewer","news_feed"],"data":{"page_info":{"has_next_page":true}}}`,
				fbLine(2, `{"category":"ENGAGEMENT","node":{"__typename":"PeopleYouMayKnowUnit","id":"x"}}`),
				`{"label":"SomethingNew$stream$x","path":["viewer"],"data":{"novel":{}}}`,
				`{"errors":[{"message":"rate limited"}]}`,
				`{"something":"else"}`,
				`{"extensions":{"is_final":true}}`),
			reasons: []Reason{Followed, Ad}, unknown: 4,
			check: func(t *testing.T, f Feed) {
				if !slices.Equal(f.UnknownKinds, []string{"node:PeopleYouMayKnowUnit", "stream payload:SomethingNew", "errors", "document without data"}) {
					t.Errorf("unknown kinds %q", f.UnknownKinds)
				}
				ad := f.Posts[1]
				if ad.Ad.AdID != "6001" || ad.Ad.Advertiser != "Acme Page" || ad.Ad.AdvertiserHandle != "AcmePage" || ad.Ad.Disclosure != "Sponsored" {
					t.Errorf("ad %+v", ad.Ad)
				}
				if ev := ad.Evidence[0]; ev.Path != "line2.data.category" || ev.Value != "SPONSORED" {
					t.Errorf("ad evidence %+v", ev)
				}
				if ev := f.Posts[0].Evidence[1]; ev.Path != "line1.data.viewer.news_feed.edges.0.category" || !strings.HasPrefix(ev.Value, "ORGANIC") {
					t.Errorf("followed evidence %+v", ev)
				}
			},
		},
		{
			name: "sponsored_data alone, or the sponsored label strategy alone, makes an ad", url: fbURL,
			body: fbFeed([]string{
				`{"node":` + fbTestStory{postID: "1", sponsored: `{"ad_id":"7"}`}.node() + `}`,
				`{"node":` + fbTestStory{postID: "2", strategy: "CometStorySponsoredLabelStrategy"}.node() + `}`,
				`{"node":` + strings.Replace(fbTestStory{postID: "3"}.node(), `"sponsored_data":null,"comet_sections"`, `"sponsored_data":{"whatsapp":false},"comet_sections"`, 1) + `}`,
			}),
			reasons: []Reason{Ad, Ad, Ad},
			check: func(t *testing.T, f Feed) {
				if ev := f.Posts[0].Evidence[0]; ev.Path != "data.viewer.news_feed.edges.0.node.sponsored_data" || !strings.Contains(ev.Value, "ad_id 7") {
					t.Errorf("sponsored_data evidence %+v", ev)
				}
				if ev := f.Posts[1].Evidence[0]; ev.Path != "data.viewer.news_feed.edges.1.node.comet_sections.context_layout.story.comet_sections.metadata.0.__typename" {
					t.Errorf("label strategy evidence %+v", ev)
				}
			},
		},
		{
			name: "recommendations: the category, a localised header, recommendation_context, a join button, a follow button", url: fbURL,
			body: fbFeed([]string{
				fbTestEdge("ENGAGEMENT", fbTestStory{postID: "1"}),
				fbTestEdge("", fbTestStory{postID: "2", header: "Suggestions pour vous"}),
				fbTestEdge("", fbTestStory{postID: "3", recommendation: `{"text":"Popular near you"}`}),
				fbTestEdge("", fbTestStory{postID: "4", group: "Gardeners", joinGroup: `{"id":"9"}`}),
				fbTestEdge("", fbTestStory{postID: "5", followButton: `{"__typename":"CometFollowButton"}`}),
			}),
			reasons: []Reason{Recommended, Recommended, Recommended, Recommended, Recommended},
			check: func(t *testing.T, f Feed) {
				if ev := f.Posts[1].Evidence[1]; ev.Path != "data.viewer.news_feed.edges.1.node.comet_sections.header.story.story_header.title.text" {
					t.Errorf("header evidence %+v", ev)
				}
			},
		},
		{
			name: "group posts: a member's group is followed and names the group as a hint; no signal at all is unknown", url: fbURL,
			body: fbFeed([]string{
				fbTestEdge("", fbTestStory{postID: "1", group: "Expats", joinGroup: "null", actorType: "User", actor: "Pam Ball"}),
				fbTestEdge("", fbTestStory{postID: "2"}),
			}),
			reasons: []Reason{Followed, Unknown},
			check: func(t *testing.T, f Feed) {
				if p := f.Posts[0]; !slices.Equal(p.Hints, []string{"Expats"}) || p.Author.Organization || p.Author.Handle != "PamBall" {
					t.Errorf("group post %+v", p)
				}
				if ev := f.Posts[1].Evidence[1]; ev.Decision != "reason=unknown" || ev.Path != "data.viewer.news_feed.edges.1.node.comet_sections" {
					t.Errorf("unknown evidence %+v", ev)
				}
			},
		},
		{
			name: "media kinds from the attachment", url: fbURL,
			body: fbFeed([]string{
				fbTestEdge("ORGANIC", fbTestStory{postID: "1", attachment: `{"styles":{"__typename":"StoryAttachmentVideoStyleRenderer","attachment":{"media":{"__typename":"Video","is_clip":false,"is_live_streaming":false}}}}`}),
				fbTestEdge("ORGANIC", fbTestStory{postID: "2", attachment: `{"styles":{"__typename":"StoryAttachmentVideoStyleRenderer","attachment":{"media":{"__typename":"Video","is_clip":true}}}}`}),
				fbTestEdge("ORGANIC", fbTestStory{postID: "3", attachment: `{"styles":{"__typename":"StoryAttachmentVideoStyleRenderer","attachment":{"media":{"__typename":"Video","is_live_streaming":true}}}}`}),
				fbTestEdge("ORGANIC", fbTestStory{postID: "4", attachment: `{"styles":{"__typename":"StoryAttachmentAlbumStyleRenderer","attachment":{}}}`}),
				fbTestEdge("ORGANIC", fbTestStory{postID: "5"}),
				fbTestEdge("ORGANIC", fbTestStory{postID: "6", attachment: `{"styles":{"__typename":"StoryAttachmentFallbackStyleRenderer"}}`}),
			}),
			reasons: []Reason{Followed, Followed, Followed, Followed, Followed, Followed},
			check: func(t *testing.T, f Feed) {
				var got []Media
				for _, p := range f.Posts {
					got = append(got, p.Media)
				}
				if want := []Media{Video, Short, Live, Carousel, Image, Text}; !slices.Equal(got, want) {
					t.Errorf("media %v, want %v", got, want)
				}
			},
		},
		{
			name: "links through the link shim, outbound only, from attachments and message ranges", url: fbURL,
			body: fbFeed([]string{fbTestEdge("ORGANIC", fbTestStory{postID: "1",
				attachment: `{"styles":{"__typename":"StoryAttachmentShareStyleRenderer","attachment":{"url":"https:\/\/l.facebook.com\/l.php?u=https%3A%2F%2Fwww.bbc.co.uk%2Fnews%2F1&h=AT1",
					"story_attachment_link_renderer":{"attachment":{"web_link":{"url":"https:\/\/l.facebook.com\/l.php?u=https%3A%2F%2Fwww.bbc.co.uk%2Fnews%2F1&h=AT2"}}}}},
					"comet_footer_renderer":{"attachment":{"target":{"__typename":"ExternalUrl","external_url":"https:\/\/www.bbc.co.uk\/news\/1"},
					"call_to_action_renderer":{"action_link":{"url":"https:\/\/www.facebook.com\/ads\/x"}}}}}`,
				ranges: `{"entity":{"__typename":"ExternalUrl","url":"https:\/\/l.facebook.com\/l.php?u=https%3A%2F%2Fexample.org%2Fp"}},{"entity":{"__typename":"User","url":"https:\/\/www.facebook.com\/someone"}}`,
			})}),
			reasons: []Reason{Followed},
			check: func(t *testing.T, f Feed) {
				p := f.Posts[0]
				if !slices.Equal(p.Links, []string{"https://www.bbc.co.uk/news/1", "https://example.org/p"}) || !slices.Equal(p.Domains, []string{"bbc.co.uk", "example.org"}) {
					t.Errorf("links %q domains %q", p.Links, p.Domains)
				}
			},
		},
		{
			name: "fields: ids, handle from an escaped URL, engagement (both UFI layouts), time, text", url: fbURL,
			body: fbFeed([]string{
				fbTestEdge("ORGANIC", fbTestStory{postID: "1", feedback: true}),
				fbTestEdge("ORGANIC", fbTestStory{feedbackID: "ZmVlZGJhY2s6MTAxNjA0Nzk3MTQxODg0NDQ=", newFeedback: true}),
				fbTestEdge("ORGANIC", fbTestStory{feedbackID: "bm90IGZlZWRiYWNr"}),
			}),
			reasons: []Reason{Followed, Followed, Followed},
			check: func(t *testing.T, f Feed) {
				p := f.Posts[0]
				if p.ID != "1" || p.Text != "hello #world" || !slices.Equal(p.Hashtags, []string{"world"}) || !p.Created.Equal(time.Unix(1683738003, 0)) {
					t.Errorf("post %+v", p)
				}
				if want := (Author{Handle: "AcmePage", Name: "Acme Page", Followers: -1, Organization: true}); p.Author != want {
					t.Errorf("author %+v, want %+v", p.Author, want)
				}
				if want := (Engagement{Likes: 345, Reposts: 6, Replies: 12, Views: 7000}); p.Engagement != want {
					t.Errorf("engagement %+v, want %+v", p.Engagement, want)
				}
				if want := (Engagement{Likes: 11, Reposts: 2, Replies: 3, Views: -1}); f.Posts[1].Engagement != want {
					t.Errorf("story_ufi_container engagement %+v, want %+v", f.Posts[1].Engagement, want)
				}
				if f.Posts[1].ID != "10160479714188444" || f.Posts[2].ID != "UzpfSTEwODpWSzo5OQ==" {
					t.Errorf("ids from the feedback id and the story id: %q %q", f.Posts[1].ID, f.Posts[2].ID)
				}
			},
		},
		{
			name: "a group's feed: the first response's skeleton, streamed posts, deferred paging", url: fbURL,
			body: []byte(strings.Join([]string{
				`{"data":{"node":{"__typename":"Group","id":"9","group_feed":{"edges":[{"node":{"__typename":"GroupsSectionHeaderUnit","id":"h"},"cursor":null}]}}},"extensions":{}}`,
				`{"label":"GroupsCometFeedRegularStories_paginationGroup$stream$GroupsCometFeedRegularStories_group_group_feed","path":["node","group_feed","edges",1],"data":` +
					fbTestEdge("", fbTestStory{postID: "1", group: "Gardeners", joinGroup: "null"}) + `}`,
				`{"label":"GroupsCometFeedRegularStories_paginationGroup$defer$GroupsCometFeedRegularStories_paginationGroup_page_info","path":["node","group_feed"],"data":{"page_info":{"has_next_page":true}},"extensions":{"is_final":true}}`,
			}, "\n")),
			reasons: []Reason{Followed},
			check: func(t *testing.T, f Feed) {
				if f.Endpoint != "group_feed" || f.Surface != Community {
					t.Errorf("endpoint %s/%s", f.Endpoint, f.Surface)
				}
			},
		},
		{
			name: "a profile's timeline, first response", url: fbURL,
			body: []byte(`{"data":{"node":{"__typename":"User","id":"4","timeline_list_feed_units":{"edges":[` +
				fbTestEdge("", fbTestStory{postID: "1"}) + `,` + fbTestEdge("", fbTestStory{postID: "2", sponsored: `{"ad_id":"3"}`}) + `]}}}}`),
			reasons: []Reason{Unknown, Ad},
			check: func(t *testing.T, f Feed) {
				if f.Endpoint != "profile_timeline" || f.Surface != Profile {
					t.Errorf("endpoint %s/%s", f.Endpoint, f.Surface)
				}
				if ev := f.Posts[1].Evidence[0]; ev.Path != "data.node.timeline_list_feed_units.edges.1.node.sponsored_data" {
					t.Errorf("ad evidence %+v", ev)
				}
			},
		},
		{
			name: "a single story response is a thread", url: fbURL,
			body:    []byte(`{"data":{"node":` + fbTestStory{postID: "5", sponsored: `{"ad_id":"8"}`}.node() + `},"extensions":{}}`),
			reasons: []Reason{Ad},
			check: func(t *testing.T, f Feed) {
				if f.Endpoint != "story" || f.Surface != Thread {
					t.Errorf("endpoint %s/%s", f.Endpoint, f.Surface)
				}
			},
		},
		{
			name: "a Story node saved alone", url: "",
			body:    []byte(fbTestStory{postID: "6", header: "Suggested for you"}.node()),
			reasons: []Reason{Recommended},
			check: func(t *testing.T, f Feed) {
				if f.Platform != Facebook || f.Endpoint != "story_node" {
					t.Errorf("%s %s", f.Platform, f.Endpoint)
				}
			},
		},
		{
			name: "a story without comet_sections or id is counted, not dropped", url: fbURL,
			body:    fbFeed([]string{`{"category":"ORGANIC","node":{"__typename":"Story","post_id":"1"}}`, `{"node":` + strings.Replace(fbTestStory{}.node(), `"id":"UzpfSTEwODpWSzo5OQ==",`, "", 2) + `}`}),
			unknown: 2,
			check: func(t *testing.T, f Feed) {
				if !slices.Equal(f.UnknownKinds, []string{"story without comet_sections", "story without id"}) {
					t.Errorf("unknown kinds %q", f.UnknownKinds)
				}
			},
		},
	})
}

// TestFacebookOtherQueries checks that a response of another query on the
// GraphQL URL is not taken for a feed.
func TestFacebookOtherQueries(t *testing.T) {
	f, err := Parse(fbURL, []byte(`{"data":{"viewer":{"notifications":{"edges":[]}}}}`))
	if !errors.Is(err, ErrUnknownEndpoint) || !strings.Contains(err.Error(), "without data.node") || len(f.Posts) != 0 {
		t.Errorf("%d posts, %v", len(f.Posts), err)
	}
}

func BenchmarkFacebook(b *testing.B) { benchFixtures(b, fbFixtures) }

func FuzzFacebook(f *testing.F) {
	fuzzParse(f, fbURL, fbFixtures,
		fbFeed([]string{fbTestEdge("ORGANIC", fbTestStory{postID: "1", feedback: true})}, fbLine(1, fbTestEdge("SPONSORED", fbTestStory{postID: "2", sponsored: `{"ad_id":"1"}`}))),
		[]byte(fbTestStory{postID: "3", group: "G", joinGroup: "null"}.sections()))
}

// TestFacebookPagePreload reads a saved facebook.com page: its first
// stories come in data-sjs JSON scripts, as relay results nested in
// module calls; the other preloaded queries are not feed entries.
func TestFacebookPagePreload(t *testing.T) {
	script := func(json string) string {
		return `<script type="application/json" data-content-len="` + fmt.Sprint(len(json)) + `" data-sjs>` + json + `</script>`
	}
	relay := func(id, result string) string {
		return `{"require":[["ScheduledServerJS","handle",null,[{"__bbox":{"require":[["RelayPrefetchedStreamCache","next",[],["` + id + `",{"__bbox":{"complete":true,"result":` + result + `,"sequence_number":0}}]]]}}]]]}`
	}
	page := `<!DOCTYPE html><html><head>` +
		script(`{"require":[["CometSSRMergedContentInjector","onPayloadReceived",null,[{"__bbox":{"result":{"data":{"viewer":{"actor":{"name":"Me"}}}}}}]]]}`) +
		`</head><body>` +
		script(relay("adp_CometNewsFeedQuery_1", `{"data":{"viewer":{"news_feed":{"edges":[`+
			fbTestEdge("ORGANIC", fbTestStory{postID: "1"})+","+
			fbTestEdge("SPONSORED", fbTestStory{postID: "2", sponsored: `{"ad_id":"6001","client_token":"AI@x"}`})+`]}}},"extensions":{"is_final":true}}`)) +
		`</body></html>`
	for _, url := range []string{"https://www.facebook.com/", ""} {
		f, err := Parse(url, []byte(page))
		if err != nil {
			t.Fatalf("%q: %v", url, err)
		}
		if f.Platform != Facebook || f.Endpoint != "preload" || len(f.Posts) != 2 || f.Unknown != 0 {
			t.Fatalf("%q: %s/%s %d posts, %d not understood (%v)", url, f.Platform, f.Endpoint, len(f.Posts), f.Unknown, f.UnknownKinds)
		}
		if f.Posts[0].ID != "1" || f.Posts[0].Reason != Followed || f.Posts[1].Reason != Ad || f.Posts[1].Ad.AdID != "6001" {
			t.Errorf("%q: posts %+v", url, f.Posts)
		}
		if p := f.Posts[1].Evidence[0].Path; !strings.HasPrefix(p, "embedded2.require.0.3.0.__bbox.require.0.3.1.__bbox.result.data.viewer.news_feed.edges.1") {
			t.Errorf("%q: evidence path %q", url, p)
		}
		checkPosts(t, f)
	}
}
