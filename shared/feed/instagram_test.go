package feed

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The Instagram fixtures were counted with a short script over the
// payloads: feed_items[*] holding media_or_ad are posts (an ad has
// media_or_ad.injected), suggested_users modules are not;
// media_or_ad.user.friendship_status.following says followed. In explore,
// every media under sectional_items[*].layout_content (medias[*].media,
// fill_items[*].media, one_by_two_item.clips.items[*].media) is a post.
var igFixtures = []fixtureCase{
	{
		// 6 feed items: 5 media_or_ad (4 with following true, 1 with
		// injected.label "Sponsored" by mango_man, full_name "MANGO Man")
		// and 1 suggested_users module, which is no post.
		file: "instagram/feed_timeline_sponsored.json", url: "https://i.instagram.com/api/v1/feed/timeline/",
		endpoint: "feed_timeline", surface: Home, posts: 5,
		advertisers: []string{"MANGO Man"},
		reasons:     map[Reason]int{Followed: 4, Ad: 1},
	},
	{
		// 6 sections: 4 media_grid with 3 medias each, 2 one_by_two_*
		// with 1 clip and 4 fill_items each → 12 + 10 = 22 media, none
		// injected, every author with following false: all recommended.
		file: "instagram/discover_topical_explore.json", url: "https://i.instagram.com/api/v1/discover/topical_explore/?is_prefetch=false&module=explore_popular",
		endpoint: "explore", surface: Explore, posts: 22,
		reasons: map[Reason]int{Recommended: 22},
	},
}

func TestInstagramFixtures(t *testing.T) { checkFixtures(t, igFixtures) }

const igTimelineURL = "https://i.instagram.com/api/v1/feed/timeline/"

// igMediaJSON builds a hand-made media object; extra is spliced in at
// the top level (injected, product_type, counts…).
func igMediaJSON(pk, username string, following bool, extra string) string {
	return fmt.Sprintf(`{"pk":%q,"id":"%s_1","code":"C%s","media_type":1,"product_type":"feed","taken_at":1665452095,
	"caption":{"text":"hello from %s #Test #día"},"like_count":10,"comment_count":2,%s
	"user":{"pk":"1","username":%q,"full_name":"%s name","is_verified":true,"friendship_status":{"following":%v}}}`,
		pk, pk, pk, username, extra, username, username, following)
}

func igTimeline(items ...string) []byte {
	return []byte(`{"num_results":` + fmt.Sprint(len(items)) + `,"more_available":true,"feed_items":[` + strings.Join(items, ",") + `],"status":"ok"}`)
}

func igFeedItem(media string) string { return `{"media_or_ad":` + media + `}` }

// igWeb builds a web GraphQL response of the given connection.
func igWeb(connection string, nodes ...string) []byte {
	var edges []string
	for _, n := range nodes {
		edges = append(edges, `{"node":`+n+`,"cursor":"c"}`)
	}
	return []byte(`{"data":{"` + connection + `":{"edges":[` + strings.Join(edges, ",") + `],"page_info":{"has_next_page":true}}},"extensions":{"is_final":true}}`)
}

// igNode is a web feed item: a union whose members are all present and
// all but one null.
func igNode(member, value string) string {
	n := `{"__typename":"XDTFeedItem"`
	for _, k := range []string{"media", "ad", "explore_story", "suggested_users", "end_of_feed_demarcator", "stories_netego"} {
		v := "null"
		if k == member {
			v = value
		}
		n += `,"` + k + `":` + v
	}
	return n + "}"
}

func TestInstagramFields(t *testing.T) {
	f, err := Parse(igTimelineURL, igTimeline(igFeedItem(igMediaJSON("11", "alice", true,
		`"play_count":900,"view_count":5,"media_repost_count":3,"user_extra":1,`))))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Posts[0]
	if p.ID != "11" || p.Text != "hello from alice #Test #día" || p.Media != Image || p.Reason != Followed ||
		!p.Created.Equal(time.Unix(1665452095, 0)) || p.Lang != "" {
		t.Errorf("post %+v", p)
	}
	if want := (Author{Handle: "alice", Name: "alice name", Followers: -1, Verified: true, Followed: true}); p.Author != want {
		t.Errorf("author %+v, want %+v", p.Author, want)
	}
	if want := (Engagement{Likes: 10, Reposts: 3, Replies: 2, Views: 900}); p.Engagement != want {
		t.Errorf("engagement %+v, want %+v (play_count before view_count)", p.Engagement, want)
	}
	if !slices.Equal(p.Hashtags, []string{"Test", "día"}) {
		t.Errorf("hashtags %q", p.Hashtags)
	}
	if ev := p.Evidence[1]; ev.Path != "feed_items.0.media_or_ad.user.friendship_status.following" || ev.Value != "true" {
		t.Errorf("followed evidence %+v", ev)
	}
}

func TestInstagramRules(t *testing.T) {
	injected := `"injected":{"label":"Gesponsert","ad_id":"2385","campaign_id":"2390","ad_title":"Acme Title","hide_label":"Hide"},"product_type":"ad",
		"link":"https://l.instagram.com/?u=https%3A%2F%2Fshop.acme.example%2Fsale&e=AT0",`
	checkRules(t, Instagram, []ruleCase{
		{
			name: "injected makes an ad, with its label, ids, the account as advertiser and the unshimmed link", url: igTimelineURL,
			body:    igTimeline(igFeedItem(igMediaJSON("1", "acme", false, injected))),
			reasons: []Reason{Ad},
			check: func(t *testing.T, f Feed) {
				p := f.Posts[0]
				want := AdInfo{Advertiser: "acme name", AdvertiserHandle: "acme", Disclosure: "Gesponsert", AdID: "2385", CampaignID: "2390"}
				if *p.Ad != want {
					t.Errorf("ad %+v, want %+v", *p.Ad, want)
				}
				if ev := p.Evidence[0]; ev.Path != "feed_items.0.media_or_ad.injected" || !strings.Contains(ev.Value, "Gesponsert") {
					t.Errorf("ad evidence %+v", ev)
				}
				if !slices.Equal(p.Domains, []string{"acme.example"}) {
					t.Errorf("links %q domains %q", p.Links, p.Domains)
				}
			},
		},
		{
			name: "product_type ad alone makes an ad", url: igTimelineURL,
			body:    igTimeline(igFeedItem(strings.Replace(igMediaJSON("1", "acme", false, `"product_type":"ad","injected":null,`), `"product_type":"feed",`, "", 1))),
			reasons: []Reason{Ad},
			check: func(t *testing.T, f Feed) {
				if ad := f.Posts[0].Ad; ad.Disclosure != "Sponsored" || ad.Advertiser != "acme name" {
					t.Errorf("ad %+v", ad)
				}
			},
		},
		{
			name: "an ad whose account has no full name is named by its ad title", url: igTimelineURL,
			body:    igTimeline(igFeedItem(strings.Replace(igMediaJSON("1", "acme", false, injected), `"full_name":"acme name",`, "", 1))),
			reasons: []Reason{Ad},
			check: func(t *testing.T, f Feed) {
				if ad := f.Posts[0].Ad; ad.Advertiser != "Acme Title" || ad.AdvertiserHandle != "acme" {
					t.Errorf("ad %+v", ad)
				}
			},
		},
		{
			name: "followed, not followed (a suggested post on the home feed), no follow flag", url: igTimelineURL,
			body: igTimeline(igFeedItem(igMediaJSON("1", "a", true, "")), igFeedItem(igMediaJSON("2", "b", false, "")),
				igFeedItem(strings.Replace(igMediaJSON("3", "c", false, ""), `"friendship_status":{"following":false}`, `"x":1`, 1))),
			reasons: []Reason{Followed, Recommended, Recommended},
			check: func(t *testing.T, f Feed) {
				if ev := f.Posts[2].Evidence[1]; ev.Path != "" || !strings.Contains(ev.Value, "no follow flag") {
					t.Errorf("evidence without a follow flag %+v", ev)
				}
			},
		},
		{
			name: "modules are not posts; the end-of-feed groups hold more posts; unknown items are counted", url: igTimelineURL,
			body: igTimeline(
				`{"suggested_users":{"type":2,"suggestion_cards":[{"user_card":{"user":{"username":"x"}}}]}}`,
				`{"stories_netego":{"id":"1"}}`,
				igFeedItem(igMediaJSON("1", "a", true, "")),
				`{"end_of_feed_demarcator":{"id":"end","group_set":{"groups":[{"id":"past_posts","feed_items":[`+igFeedItem(igMediaJSON("2", "b", true, ""))+
					`]},{"id":"feed_recs","feed_items":[`+igFeedItem(igMediaJSON("3", "c", false, ""))+`]}]}}}`,
				`{"clips_netego":{"clips_items":[]}}`,
				`{"novel_module":{"items":[]}}`,
				igFeedItem(`{"pk":null,"user":{}}`),
			),
			reasons: []Reason{Followed, Followed, Recommended}, unknown: 2,
			check: func(t *testing.T, f Feed) {
				if !slices.Equal(f.UnknownKinds, []string{"feed item:novel_module", "media without id"}) {
					t.Errorf("unknown kinds %q", f.UnknownKinds)
				}
				if ev := f.Posts[2].Evidence[0]; ev.Path != "feed_items.3.end_of_feed_demarcator.group_set.groups.1.feed_items.0.media_or_ad" {
					t.Errorf("evidence path through '*' %+v", ev)
				}
			},
		},
		{
			name: "media kinds from product_type, media_type and the old __typename", url: igTimelineURL,
			body: igTimeline(
				igFeedItem(strings.Replace(igMediaJSON("1", "a", true, ""), `"product_type":"feed"`, `"product_type":"clips"`, 1)),
				igFeedItem(strings.Replace(igMediaJSON("2", "a", true, ""), `"product_type":"feed"`, `"product_type":"carousel_container"`, 1)),
				igFeedItem(strings.Replace(igMediaJSON("3", "a", true, ""), `"product_type":"feed"`, `"product_type":"igtv"`, 1)),
				igFeedItem(strings.Replace(igMediaJSON("4", "a", true, ""), `"media_type":1`, `"media_type":2`, 1)),
				igFeedItem(strings.Replace(igMediaJSON("5", "a", true, ""), `"media_type":1`, `"media_type":8`, 1)),
				igFeedItem(strings.Replace(igMediaJSON("6", "a", true, ""), `"media_type":1,"product_type":"feed"`, `"__typename":"GraphSidecar"`, 1)),
				igFeedItem(igMediaJSON("7", "a", true, "")),
			),
			reasons: []Reason{Followed, Followed, Followed, Followed, Followed, Followed, Followed},
			check: func(t *testing.T, f Feed) {
				var got []Media
				for _, p := range f.Posts {
					got = append(got, p.Media)
				}
				if want := []Media{Short, Carousel, Video, Video, Carousel, Carousel, Image}; !slices.Equal(got, want) {
					t.Errorf("media %v, want %v", got, want)
				}
			},
		},
		{
			name: "paid partnerships are branded, with evidence, and not ads", url: igTimelineURL,
			body: igTimeline(
				igFeedItem(igMediaJSON("1", "a", true, `"is_paid_partnership":true,"sponsor_tags":[{"sponsor":{"username":"brand"},"permission":true}],`)),
				igFeedItem(igMediaJSON("2", "a", true, `"is_paid_partnership":false,"sponsor_tags":[{"sponsor":{"username":"brand2"}}],`)),
				igFeedItem(igMediaJSON("3", "a", true, `"is_paid_partnership":false,"sponsor_tags":[],`)),
			),
			reasons: []Reason{Followed, Followed, Followed},
			check: func(t *testing.T, f Feed) {
				for i, want := range []bool{true, true, false} {
					if f.Posts[i].Branded != want {
						t.Errorf("post %d branded %v", i, f.Posts[i].Branded)
					}
				}
				if ev := f.Posts[0].Evidence[0]; ev.Decision != "branded" || ev.Path != "feed_items.0.media_or_ad.is_paid_partnership" || !strings.Contains(ev.Value, "@brand") {
					t.Errorf("branded evidence %+v", ev)
				}
				if ev := f.Posts[1].Evidence[0]; ev.Path != "feed_items.1.media_or_ad.sponsor_tags" {
					t.Errorf("sponsor tag evidence %+v", ev)
				}
			},
		},
		{
			name: "organisation: is_business or a business account_type; follower counts", url: igTimelineURL,
			body: igTimeline(
				igFeedItem(strings.Replace(igMediaJSON("1", "a", true, ""), `"is_verified":true`, `"is_verified":false,"is_business":true,"follower_count":5000`, 1)),
				igFeedItem(strings.Replace(igMediaJSON("2", "b", true, ""), `"is_verified":true`, `"account_type":2`, 1)),
				igFeedItem(strings.Replace(igMediaJSON("3", "c", true, ""), `"is_verified":true`, `"account_type":3`, 1)),
			),
			reasons: []Reason{Followed, Followed, Followed},
			check: func(t *testing.T, f Feed) {
				if a := f.Posts[0].Author; !a.Organization || a.Followers != 5000 || a.Verified {
					t.Errorf("author %+v", a)
				}
				if !f.Posts[1].Author.Organization || f.Posts[2].Author.Organization {
					t.Errorf("account types: %+v %+v", f.Posts[1].Author, f.Posts[2].Author)
				}
			},
		},
		{
			name: "web GraphQL timeline: media, suggested posts, ad units, modules", url: "https://www.instagram.com/graphql/query",
			body: igWeb("xdt_api__v1__feed__timeline__connection",
				igNode("media", igMediaJSON("1", "a", true, "")),
				igNode("explore_story", `{"media":`+igMediaJSON("2", "b", false, "")+`}`),
				igNode("ad", `{"ad_id":"77","label":"赞助内容","tracking_token":"t","items":[`+igMediaJSON("3", "shop", false, "")+`]}`),
				igNode("suggested_users", `{"suggestion_cards":[]}`),
				igNode("stories_netego", `{"id":"1"}`),
				igNode("", ""),
				igNode("ad", `{"ad_id":"78","items":[]}`),
			),
			reasons: []Reason{Followed, Recommended, Ad}, unknown: 2,
			check: func(t *testing.T, f Feed) {
				if f.Endpoint != "web_timeline" || f.Surface != Home {
					t.Errorf("endpoint %s/%s", f.Endpoint, f.Surface)
				}
				if ad := f.Posts[2].Ad; ad.AdID != "77" || ad.Disclosure != "赞助内容" || ad.Advertiser != "shop name" {
					t.Errorf("ad %+v", ad)
				}
				if ev := f.Posts[2].Evidence[0]; ev.Path != "data.xdt_api__v1__feed__timeline__connection.edges.2.node.ad" {
					t.Errorf("ad evidence %+v", ev)
				}
				if ev := f.Posts[1].Evidence[1]; ev.Decision != "reason=recommended" || ev.Path != "data.xdt_api__v1__feed__timeline__connection.edges.1.node.explore_story.media" {
					t.Errorf("suggested evidence %+v", ev)
				}
				if !slices.Equal(f.UnknownKinds, []string{"feed item:?", "ad without media"}) {
					t.Errorf("unknown kinds %q", f.UnknownKinds)
				}
			},
		},
		{
			name: "web GraphQL reels", url: "https://www.instagram.com/graphql/query",
			body: igWeb("xdt_api__v1__clips__home__connection_v2",
				`{"media":`+strings.Replace(igMediaJSON("1", "a", false, ""), `"product_type":"feed"`, `"product_type":"clips"`, 1)+`}`),
			reasons: []Reason{Recommended},
			check: func(t *testing.T, f Feed) {
				if f.Endpoint != "web_reels" || f.Surface != ForYou || f.Posts[0].Media != Short {
					t.Errorf("endpoint %s/%s media %s", f.Endpoint, f.Surface, f.Posts[0].Media)
				}
			},
		},
		{
			name: "app reels: items of media, ads among them", url: "https://i.instagram.com/api/v1/clips/discover/",
			body: []byte(`{"items":[{"media":` + igMediaJSON("1", "a", false, "") + `},{"media":` + igMediaJSON("2", "acme", false, injected) +
				`}],"paging_info":{"max_id":"x","more_available":true},"status":"ok"}`),
			reasons: []Reason{Recommended, Ad},
		},
		{
			name: "old web GraphQL timeline: owner, followed_by_viewer and edge counts", url: "https://www.instagram.com/graphql/query/?query_hash=abc",
			body: []byte(`{"data":{"user":{"edge_web_feed_timeline":{"edges":[{"node":{"__typename":"GraphVideo","id":"9","shortcode":"B1",
				"edge_media_to_caption":{"edges":[{"node":{"text":"old #days"}}]},"edge_media_preview_like":{"count":7},"edge_media_to_comment":{"count":1},
				"taken_at_timestamp":1546300800,"video_view_count":70,"owner":{"username":"old","full_name":"Old","followed_by_viewer":true}}},
				{"node":{"__typename":"GraphSuggestedUserFeedUnit"}}]}}},"status":"ok"}`),
			reasons: []Reason{Followed}, unknown: 1,
			check: func(t *testing.T, f Feed) {
				p := f.Posts[0]
				if f.Endpoint != "web_timeline_legacy" || p.ID != "9" || p.Text != "old #days" || p.Media != Video || p.Author.Handle != "old" ||
					p.Engagement != (Engagement{Likes: 7, Reposts: -1, Replies: 1, Views: 70}) || p.Created.Year() != 2019 {
					t.Errorf("%s: %+v", f.Endpoint, p)
				}
			},
		},
		{
			name: "explore: grids, clips, fill items, two-by-two channels; sections without media are counted", url: "https://www.instagram.com/api/v1/discover/web/explore_grid/",
			body: []byte(`{"sectional_items":[
				{"layout_type":"one_by_two_left","layout_content":{"one_by_two_item":{"clips":{"items":[{"media":` + igMediaJSON("1", "a", false, "") + `}]}},"fill_items":[{"media":` + igMediaJSON("2", "b", false, "") + `}]}},
				{"layout_type":"two_by_two_right","layout_content":{"two_by_two_item":{"channel":{"title":"IGTV","media":` + igMediaJSON("3", "c", false, "") + `}},"fill_items":[{"media":` + igMediaJSON("4", "d", true, "") + `}]}},
				{"layout_type":"media_grid","layout_content":{"medias":[{"media":` + igMediaJSON("5", "e", false, injected) + `},{"media":null}]}},
				{"layout_type":"novel_layout","layout_content":{"things":[]}}
				],"more_available":true,"status":"ok"}`),
			reasons: []Reason{Recommended, Recommended, Recommended, Followed, Ad}, unknown: 2,
			check: func(t *testing.T, f Feed) {
				var ids []string
				for _, p := range f.Posts {
					ids = append(ids, p.ID)
				}
				if !slices.Equal(ids, []string{"1", "2", "3", "4", "5"}) {
					t.Errorf("explore order %q", ids)
				}
				if !slices.Equal(f.UnknownKinds, []string{"section item:media_grid", "section:novel_layout"}) {
					t.Errorf("unknown kinds %q", f.UnknownKinds)
				}
				if ev := f.Posts[1].Evidence[0]; ev.Path != "sectional_items.0.layout_content.fill_items.0.media" {
					t.Errorf("evidence path of an 'all' item %+v", ev)
				}
			},
		},
	})
}

// TestInstagramShapes checks that payloads without a URL find their
// endpoint, and that a GraphQL response of another query yields no post
// but one document not understood.
func TestInstagramShapes(t *testing.T) {
	for want, body := range map[string][]byte{
		"feed_timeline": igTimeline(igFeedItem(igMediaJSON("1", "a", true, ""))),
		"web_timeline":  igWeb("xdt_api__v1__feed__timeline__connection", igNode("media", igMediaJSON("1", "a", true, ""))),
		"web_reels":     igWeb("xdt_api__v1__clips__home__connection_v2", `{"media":`+igMediaJSON("1", "a", true, "")+`}`),
		"reels":         []byte(`{"items":[{"media":` + igMediaJSON("1", "a", true, "") + `}]}`),
	} {
		f, err := Parse("", body)
		if err != nil || f.Platform != Instagram || f.Endpoint != want {
			t.Errorf("%s: %s %s %v", want, f.Platform, f.Endpoint, err)
		}
	}
	f, err := Parse("https://www.instagram.com/graphql/query", []byte(`{"data":{"xdt_api__v1__users__web_profile_info":{}}}`))
	if !errors.Is(err, ErrUnknownEndpoint) || len(f.Posts) != 0 {
		t.Errorf("a profile query is not a feed: %d posts, %v", len(f.Posts), err)
	}
}

func BenchmarkInstagram(b *testing.B) { benchFixtures(b, igFixtures) }

func FuzzInstagram(f *testing.F) {
	fuzzParse(f, igTimelineURL, igFixtures,
		igTimeline(igFeedItem(igMediaJSON("1", "a", true, `"injected":{"label":"Sponsored","ad_id":"1"},`))),
		igWeb("xdt_api__v1__feed__timeline__connection", igNode("ad", `{"ad_id":"1","items":[`+igMediaJSON("2", "b", false, "")+`]}`)),
		[]byte(`{"sectional_items":[{"layout_type":"media_grid","layout_content":{"medias":[{"media":`+igMediaJSON("1", "a", false, "")+`}]}}]}`))
}
