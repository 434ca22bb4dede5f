package feed

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The LinkedIn fixture was counted with a short script: data.*elements
// lists 9 URNs, each an included[] entity of $type
// com.linkedin.voyager.feed.render.UpdateV2. Two have
// updateMetadata.trackingData.sponsoredTracking and actor.subDescription
// "Promoted" (Grab, Traders Fair & Traders Awards). Of the other seven,
// header.text.text says "Cara Bennett reposted this" on one (a repost),
// "… commented on this" (2), "… likes this" and "… finds this funny" on
// four (network); the last two have no header, no follow button (no
// FollowingInfo) and actor.supplementaryActorInfo " • 1st": first-degree
// connections, whom LinkedIn members follow.
var liFixtures = []fixtureCase{
	{
		file: "linkedin/voyager_feed_updates_promoted.json", url: "https://www.linkedin.com/voyager/api/feed/updatesV2?count=10&q=feed&start=19",
		endpoint: "updates", surface: Home, posts: 9,
		advertisers: []string{"Grab", "Traders Fair & Traders Awards"},
		reasons:     map[Reason]int{Ad: 2, Repost: 1, Network: 4, Followed: 2},
	},
}

func TestLinkedInFixtures(t *testing.T) { checkFixtures(t, liFixtures) }

const liURL = "https://www.linkedin.com/voyager/api/feed/updatesV2?count=10&q=feed"

// liUpdate describes a hand-made update entity.
type liUpdate struct {
	activity    string // the activity id; the URN ends ",true)" when sponsored is set
	actor       string // a member id, or "company:<n>" for a company
	header      string // header text; a member is named in it unless headerPlain
	headerPlain bool
	sub         string // actor.subDescription
	degree      string // actor.supplementaryActorInfo
	following   string // the actor's FollowingInfo.following ("" for none)
	sponsored   bool
	content     string // the content's $type suffix
	commentary  string // the commentary's JSON
	extra       string // spliced into the update
}

func (u liUpdate) urn() string {
	return fmt.Sprintf("urn:li:fs_updateV2:(urn:li:activity:%s,MAIN_FEED,EMPTY,DEFAULT,%v)", u.activity, u.sponsored)
}

// entities returns the update and the entities it refers to.
func (u liUpdate) entities() []string {
	actorURN, mini, miniEntity := "urn:li:member:"+u.actor, `"*miniProfile":"urn:li:fs_miniProfile:P`+u.actor+`"`,
		`{"$type":"com.linkedin.voyager.identity.shared.MiniProfile","entityUrn":"urn:li:fs_miniProfile:P`+u.actor+`","publicIdentifier":"member-`+u.actor+`","firstName":"M"}`
	if id, ok := strings.CutPrefix(u.actor, "company:"); ok {
		actorURN, mini, miniEntity = "urn:li:company:"+id, `"*miniCompany":"urn:li:fs_miniCompany:`+id+`"`,
			`{"$type":"com.linkedin.voyager.entities.shared.MiniCompany","entityUrn":"urn:li:fs_miniCompany:`+id+`","universalName":"company-`+id+`","name":"Co"}`
	}
	followRef := "urn:li:fs_followingInfo:" + actorURN
	actor := `"actor":{"urn":"` + actorURN + `","name":{"text":"Name ` + u.actor + `","attributes":[{"start":0,"length":4,` + mini + `,"type":"PROFILE_FULLNAME"}]},` +
		`"subDescription":{"text":"` + u.sub + `"},"supplementaryActorInfo":{"text":"` + u.degree + `"},` +
		`"navigationContext":{"actionTarget":"https://www.linkedin.com/in/nav-` + u.actor + `?miniProfileUrn=x"}`
	ents := []string{miniEntity}
	if u.following != "" {
		actor += `,"followAction":{"*followingInfo":"` + followRef + `","type":"FOLLOW_TOGGLE"}`
		ents = append(ents, `{"$type":"com.linkedin.voyager.common.FollowingInfo","entityUrn":"`+followRef+`","following":`+u.following+`,"trackingUrn":"`+actorURN+`","followerCount":1941}`)
	}
	actor += "}"
	header := "null"
	if u.header != "" {
		attrs := `[{"*miniProfile":"urn:li:fs_miniProfile:H1","start":0,"length":4,"type":"PROFILE_FULLNAME"}]`
		if u.headerPlain {
			attrs = `[]`
		}
		header = `{"text":{"text":"` + u.header + `","attributes":` + attrs + `}}`
	}
	tracking := `{"trackingId":"x","requestId":"y"}`
	if u.sponsored {
		tracking = `{"trackingId":"x","sponsoredTracking":{"displayFormat":"Promoted","adUrn":"urn:li:sponsoredCreative:5","sponsoredCampaignUrn":"urn:li:sponsoredCampaign:6"}}`
	}
	detail := "urn:li:fs_socialDetail:urn:li:activity:" + u.activity
	update := `{"$type":"com.linkedin.voyager.feed.render.UpdateV2","entityUrn":"` + u.urn() + `",` + actor + `,"header":` + header + `,` +
		`"updateMetadata":{"urn":"urn:li:activity:` + u.activity + `","shareUrn":"urn:li:share:` + u.activity + `","trackingData":` + tracking + `},` +
		`"content":{"$type":"com.linkedin.voyager.feed.render.` + cmp(u.content, "ImageComponent") + `"},` + u.extra +
		`"commentary":` + cmp(u.commentary, `{"text":{"text":"Post #go","attributes":[{"type":"HASHTAG","trackingUrn":"urn:li:hashtag:go","link":"https://www.linkedin.com/feed/hashtag/?keywords=go"}]}}`) + `,` +
		`"*socialDetail":"` + detail + `"}`
	counts := "urn:li:fs_socialActivityCounts:urn:li:activity:" + u.activity
	return append(ents, update,
		`{"$type":"com.linkedin.voyager.feed.SocialDetail","entityUrn":"`+detail+`","*totalSocialActivityCounts":"`+counts+`"}`,
		`{"$type":"com.linkedin.voyager.feed.shared.SocialActivityCounts","entityUrn":"`+counts+`","numLikes":40,"numComments":3,"numShares":2,"numViews":null}`)
}

func cmp(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// liResponse builds a normalised feed response of the updates, in order.
func liResponse(updates ...liUpdate) []byte {
	var urns, included []string
	for _, u := range updates {
		urns = append(urns, `"`+u.urn()+`"`)
		included = append(included, u.entities()...)
	}
	return []byte(`{"data":{"metadata":{"paginationToken":"t"},"*elements":[` + strings.Join(urns, ",") + `],"paging":{"count":10,"start":0},"$type":"com.linkedin.restli.common.CollectionResponse"},` +
		`"included":[` + strings.Join(included, ",") + `]}`)
}

func TestLinkedInFields(t *testing.T) {
	id := "7058424411992842240"
	f, err := Parse(liURL, liResponse(liUpdate{activity: id, actor: "1", following: "true"}))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Posts[0]
	if p.ID != "urn:li:share:"+id || p.Text != "Post #go" || p.Media != Image || p.Reason != Followed ||
		!p.Created.Equal(time.Date(2023, 4, 30, 12, 58, 39, 3e6, time.UTC)) || !slices.Equal(p.Hashtags, []string{"go"}) {
		t.Errorf("post %+v", p)
	}
	if want := (Author{Handle: "member-1", Name: "Name 1", Followers: 1941, Followed: true}); p.Author != want {
		t.Errorf("author %+v, want %+v", p.Author, want)
	}
	if want := (Engagement{Likes: 40, Reposts: 2, Replies: 3, Views: -1}); p.Engagement != want {
		t.Errorf("engagement %+v, want %+v", p.Engagement, want)
	}
	if ev := p.Evidence[1]; !strings.HasPrefix(ev.Path, "included.") || !strings.HasSuffix(ev.Path, ".following") || ev.Value != "true" {
		t.Errorf("followed evidence %+v", ev)
	}
}

func TestLinkedInRules(t *testing.T) {
	checkRules(t, LinkedIn, []ruleCase{
		{
			name: "sponsoredTracking makes an ad; the label the user sees is the disclosure", url: liURL,
			body:    liResponse(liUpdate{activity: "1", actor: "company:7", sub: "Gesponsert", sponsored: true, following: "false"}),
			reasons: []Reason{Ad},
			check: func(t *testing.T, f Feed) {
				want := AdInfo{Advertiser: "Name company:7", AdvertiserHandle: "company-7", Disclosure: "Gesponsert", AdID: "urn:li:sponsoredCreative:5", CampaignID: "urn:li:sponsoredCampaign:6"}
				if *f.Posts[0].Ad != want {
					t.Errorf("ad %+v, want %+v", *f.Posts[0].Ad, want)
				}
				if a := f.Posts[0].Author; !a.Organization || a.Followers != 1941 {
					t.Errorf("company author %+v", a)
				}
			},
		},
		{
			name: "the Promoted label alone, or the URN ending ,true) alone, makes an ad", url: liURL,
			body: liResponse(liUpdate{activity: "1", actor: "company:7", sub: "Sponsorisé"},
				liUpdate{activity: "2", actor: "company:8", sponsored: true, extra: `"x":1,`}),
			reasons: []Reason{Ad, Ad},
			check: func(t *testing.T, f Feed) {
				if d := f.Posts[0].Ad.Disclosure; d != "Sponsorisé" {
					t.Errorf("disclosure %q", d)
				}
				if ev := f.Posts[0].Evidence[0]; !strings.HasSuffix(ev.Path, ".actor.subDescription.text") {
					t.Errorf("label evidence %+v", ev)
				}
			},
		},
		{
			name: "headers: reposts, reactions and comments of connections, any header naming a member", url: liURL,
			body: liResponse(
				liUpdate{activity: "1", actor: "1", header: "Cara Bennett reposted this", following: "false"},
				liUpdate{activity: "2", actor: "2", header: "Ann and 3 others like this", headerPlain: true},
				liUpdate{activity: "3", actor: "3", header: "Bo is curious about this", headerPlain: true},
				liUpdate{activity: "4", actor: "4", header: "Jan Novák to komentoval"},
				liUpdate{activity: "5", actor: "5", header: "Suggested", headerPlain: true, following: "false"},
				liUpdate{activity: "6", actor: "6", header: "Mystery header", headerPlain: true},
			),
			reasons: []Reason{Repost, Network, Network, Network, Recommended, Recommended},
			check: func(t *testing.T, f Feed) {
				if ev := f.Posts[3].Evidence[1]; !strings.HasSuffix(ev.Path, ".header.text.attributes") || !strings.Contains(ev.Value, "komentoval") {
					t.Errorf("member-named header evidence %+v", ev)
				}
				if ev := f.Posts[5].Evidence[1]; ev.Path != "" || !strings.Contains(ev.Value, "no follow state") {
					t.Errorf("default evidence %+v", ev)
				}
			},
		},
		{
			name: "follow state and connection degree", url: liURL,
			body: liResponse(
				liUpdate{activity: "1", actor: "1", following: "true"},
				liUpdate{activity: "2", actor: "2", degree: " • 1st"},
				liUpdate{activity: "3", actor: "3", degree: " • 1er"},
				liUpdate{activity: "4", actor: "4", degree: " • 2nd", following: "false"},
				liUpdate{activity: "5", actor: "5", degree: " • 3rd+"},
			),
			reasons: []Reason{Followed, Followed, Followed, Recommended, Recommended},
			check: func(t *testing.T, f Feed) {
				if ev := f.Posts[3].Evidence[1]; !strings.HasSuffix(ev.Path, ".following") || !strings.Contains(ev.Value, "not followed") {
					t.Errorf("not followed evidence %+v", ev)
				}
			},
		},
		{
			name: "media kinds and links: images, several images, video, documents, articles", url: liURL,
			body: liResponse(
				liUpdate{activity: "1", actor: "1", content: "LinkedInVideoComponent"},
				liUpdate{activity: "2", actor: "2", content: "ImageComponent\",\"images\":[{\"a\":1},{\"a\":2}],\"x\":\"y"},
				liUpdate{activity: "3", actor: "3", content: "DocumentComponent"},
				liUpdate{activity: "4", actor: "4", content: "ArticleComponent\",\"navigationContext\":{\"actionTarget\":\"https://www.theguardian.com/a\"},\"x\":\"y"},
				liUpdate{activity: "5", actor: "5", commentary: `{"text":{"text":"see https://lnkd.in/x and https://example.org","attributes":[` +
					`{"type":"HYPERLINK","link":"https://lnkd.in/x"},{"type":"HYPERLINK","link":"https://example.org/p"},{"type":"HASHTAG","link":"https://www.linkedin.com/feed/hashtag/?keywords=golang"},` +
					`{"type":"PROFILE_MENTION","link":"https://www.linkedin.com/in/someone"}]}}`},
			),
			reasons: []Reason{Recommended, Recommended, Recommended, Recommended, Recommended},
			check: func(t *testing.T, f Feed) {
				var got []Media
				for _, p := range f.Posts {
					got = append(got, p.Media)
				}
				if want := []Media{Video, Carousel, Carousel, Text, Image}; !slices.Equal(got, want) {
					t.Errorf("media %v, want %v", got, want)
				}
				if d := f.Posts[3].Domains; !slices.Equal(d, []string{"theguardian.com"}) {
					t.Errorf("article domains %q", d)
				}
				if p := f.Posts[4]; !slices.Equal(p.Links, []string{"https://example.org/p"}) || !slices.Equal(p.Hashtags, []string{"golang"}) {
					t.Errorf("links %q hashtags %q", p.Links, p.Hashtags)
				}
			},
		},
		{
			name: "elements not included, or not updates, are counted", url: liURL,
			body: []byte(`{"data":{"*elements":["urn:li:fs_updateV2:(urn:li:activity:9,MAIN_FEED,EMPTY,DEFAULT,false)","urn:li:fs_miniProfile:P1"]},
				"included":[{"$type":"com.linkedin.voyager.identity.shared.MiniProfile","entityUrn":"urn:li:fs_miniProfile:P1"}]}`),
			unknown: 2,
			check: func(t *testing.T, f Feed) {
				if !slices.Equal(f.UnknownKinds, []string{"element not included", "element:com.linkedin.voyager.identity.shared.MiniProfile"}) {
					t.Errorf("unknown kinds %q", f.UnknownKinds)
				}
			},
		},
		{
			name: "the GraphQL main feed (dash): data.data…*elements, Update entities, metadata", url: "https://www.linkedin.com/voyager/api/graphql?variables=(start:0,count:10)&queryId=voyagerFeedDashMainFeed.923020905727c01516495a0ac90bb475",
			body: []byte(`{"data":{"data":{"feedDashMainFeedByMainFeed":{"*elements":["urn:li:fsd_update:(urn:li:activity:7061232894400225280,MAIN_FEED,EMPTY,DEFAULT,false)"],"paging":{}}}},
				"included":[{"$type":"com.linkedin.voyager.dash.feed.Update","entityUrn":"urn:li:fsd_update:(urn:li:activity:7061232894400225280,MAIN_FEED,EMPTY,DEFAULT,false)",
				"metadata":{"backendUrn":"urn:li:activity:7061232894400225280","shareUrn":"urn:li:share:7061232893712302080","trackingData":{"sponsoredTracking":null}},
				"actor":{"backendUrn":"urn:li:member:5","name":{"text":"Dash Author"},"subDescription":{"text":"5d •"},
				"navigationContext":{"actionTarget":"https://www.linkedin.com/in/dash-author?mini=1"},"supplementaryActorInfo":{"text":" • 2nd"}},
				"header":{"text":{"text":"Ola Nordmann liker dette","attributesV2":[{"start":0,"length":12,"detailData":{"*profileFullName":"urn:li:fsd_profile:X"}}]}},
				"content":{"linkedInVideoComponent":{"*videoPlayMetadata":"urn:li:digitalmediaAsset:1"}},
				"commentary":{"text":{"text":"dash #go","attributesV2":[{"detailData":{"*hashtag":"urn:li:fsd_hashtag:go"}},{"detailData":{"hyperlink":"https://example.net/x"}}]}}},
				{"$type":"com.linkedin.voyager.dash.feed.SocialActivityCounts","urn":"urn:li:activity:7061232894400225280","numLikes":12,"numComments":1}]}`),
			reasons: []Reason{Network},
			check: func(t *testing.T, f Feed) {
				p := f.Posts[0]
				if f.Endpoint != "main_feed" || p.ID != "urn:li:share:7061232893712302080" || p.Author.Handle != "dash-author" || p.Media != Video ||
					!slices.Equal(p.Hashtags, []string{"go"}) || !slices.Equal(p.Domains, []string{"example.net"}) ||
					p.Engagement != (Engagement{Likes: 12, Reposts: -1, Replies: 1, Views: -1}) {
					t.Errorf("%s: %+v", f.Endpoint, p)
				}
			},
		},
		{
			name: "not normalised: updates inline in elements", url: liURL,
			body: []byte(`{"elements":[{"$type":"com.linkedin.voyager.feed.render.UpdateV2","entityUrn":"urn:li:fs_updateV2:(urn:li:activity:1,MAIN_FEED,EMPTY,DEFAULT,false)",
				"updateMetadata":{"urn":"urn:li:activity:1"},"actor":{"urn":"urn:li:company:3","name":{"text":"Inline Co"},"subDescription":{"accessibilityText":"Promoted"}}}],"paging":{}}`),
			reasons: []Reason{Ad},
			check: func(t *testing.T, f Feed) {
				if p := f.Posts[0]; p.ID != "urn:li:activity:1" || p.Ad.Advertiser != "Inline Co" || !p.Created.IsZero() {
					t.Errorf("inline update %+v", p)
				}
			},
		},
		{
			name: "profile updates have no default reason", url: "https://www.linkedin.com/voyager/api/identity/profileUpdatesV2?q=memberShareFeed",
			body:    liResponse(liUpdate{activity: "1", actor: "1"}),
			reasons: []Reason{Unknown},
		},
	})
}

func TestLinkedInShapes(t *testing.T) {
	for want, body := range map[string][]byte{
		"updates":   liResponse(liUpdate{activity: "1", actor: "1"}),
		"main_feed": []byte(`{"data":{"data":{"feedDashMainFeedByMainFeed":{"*elements":[]}}},"included":[]}`),
	} {
		if f, err := Parse("", body); err != nil || f.Platform != LinkedIn || f.Endpoint != want {
			t.Errorf("%s: %s %s %v", want, f.Platform, f.Endpoint, err)
		}
	}
	if _, err := Parse("https://www.linkedin.com/voyager/api/graphql?queryId=voyagerIdentityDashProfiles.1", []byte(`{"data":{}}`)); err == nil {
		t.Errorf("a profile query parsed as a feed")
	}
}

func TestLinkedInTime(t *testing.T) {
	for urn, want := range map[string]time.Time{
		"urn:li:activity:7049351023336837120": time.Date(2023, 4, 5, 12, 4, 14, 572e6, time.UTC),
		"urn:li:ugcPost:7024851382486581248":  time.Date(2023, 1, 27, 21, 31, 25, 12e6, time.UTC),
		"urn:li:activity:1":                   {},
		"urn:li:fs_updateV2:(urn:li:activity:7049351023336837120,MAIN_FEED,EMPTY,DEFAULT,true)": {},
		"": {},
	} {
		if got := liTime(urn); !got.Equal(want) {
			t.Errorf("liTime(%q) = %v, want %v", urn, got, want)
		}
	}
}

func BenchmarkLinkedIn(b *testing.B) { benchFixtures(b, liFixtures) }

func FuzzLinkedIn(f *testing.F) {
	fuzzParse(f, liURL, liFixtures,
		liResponse(liUpdate{activity: "7058424411992842240", actor: "1", following: "true", header: "A likes this"}, liUpdate{activity: "2", actor: "company:3", sponsored: true}))
}
