package feed

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The YouTube fixtures were counted with a short script over the
// payloads: search contents, onResponseReceived* and the fragments'
// roots for the keys videoRenderer, compactVideoRenderer,
// gridVideoRenderer, reelItemRenderer, tileRenderer,
// shortsLockupViewModel, lockupViewModel (tiles) and adSlotRenderer,
// promotedSparklesWebRenderer, promotedVideoRenderer,
// compactPromotedVideoRenderer (ads), not descending into a match, so an
// ad slot wrapping a tile counts once. Advertisers were read by hand from
// each ad renderer.
var ytFixtures = []fixtureCase{
	{
		// 22 videoRenderer and 1 adSlotRenderer in the grid, 12
		// reelItemRenderer in the Shorts shelf and 2 videoRenderer in the
		// "Срочные новости" shelf = 37; the grid's continuationItemRenderer
		// is not a post. The ad is a displayAdRenderer whose
		// secondaryText names GoIT (label "Реклама").
		file: "youtube/browse_home_web_infeed_ad.json", url: "https://www.youtube.com/youtubei/v1/browse?prettyPrint=false",
		endpoint: "browse", surface: Home, posts: 37,
		advertisers: []string{"GoIT"},
		reasons:     map[Reason]int{Ad: 1, Recommended: 36},
	},
	{
		// 3 shelfRenderer: 5 tileRenderer + 1 adSlotRenderer, 8 Shorts
		// tiles, 2 tiles = 16 posts; the ad wraps a 16th tileRenderer,
		// counted once. Its channel line reads "Капитан Кенгуру" beside
		// the "Sponsored" badge.
		file: "youtube/browse_home_tv_ad.json", url: "https://www.youtube.com/youtubei/v1/browse",
		endpoint: "browse", surface: Home, posts: 16,
		advertisers: []string{"Капитан Кенгуру"},
		reasons:     map[Reason]int{Ad: 1, Recommended: 15},
	},
	{
		// The sidebar's itemSectionRenderer holds a
		// promotedSparklesWebRenderer (websiteText "DR SMILE"), 20
		// compactVideoRenderer and a continuation; the chip cloud is not
		// a post. The end-screen videos in playerOverlays are not feed
		// items.
		file: "youtube/watch_ytInitialData_sparkles_ad.json", url: "https://www.youtube.com/watch?v=Hh1nhLmGoUQ",
		endpoint: "next", surface: Watch, posts: 21,
		advertisers: []string{"DR SMILE"},
		reasons:     map[Reason]int{Ad: 1, Recommended: 20},
	},
	{
		// One searchPyvRenderer holding one promotedVideoRenderer by the
		// channel BuenoTalk.
		file: "youtube/search_searchPyvRenderer_fragment.json", url: "https://www.youtube.com/youtubei/v1/search",
		endpoint: "search", surface: SearchS, posts: 1,
		advertisers: []string{"BuenoTalk"},
		reasons:     map[Reason]int{Ad: 1},
	},
	{
		// One promotedSparklesWebRenderer whose websiteText is the
		// advertiser as shown.
		file: "youtube/search_promotedSparklesWebRenderer_fragment.json", url: "https://www.youtube.com/youtubei/v1/search",
		endpoint: "search", surface: SearchS, posts: 1,
		advertisers: []string{"https://music.amazon.com/"},
		reasons:     map[Reason]int{Ad: 1},
	},
}

func TestYouTubeFixtures(t *testing.T) { checkFixtures(t, ytFixtures) }

const ytBrowseURL = "https://www.youtube.com/youtubei/v1/browse?prettyPrint=false"

// Hand-made renderers, shaped like the real ones but small.

func ytVideo(id, channel string, extra string) string {
	return fmt.Sprintf(`{"videoRenderer":{"videoId":%q,"title":{"runs":[{"text":"Video %s #news"}]},
	"ownerText":{"runs":[{"text":%q,"navigationEndpoint":{"browseEndpoint":{"browseId":"UC%s","canonicalBaseUrl":"/@%s"}}}]},
	"viewCountText":{"simpleText":"1,234 views"},"shortViewCountText":{"simpleText":"1.2K views"}%s}}`, id, id, channel, channel, channel, extra)
}

func ytRich(item string) string { return `{"richItemRenderer":{"content":` + item + `}}` }

func ytHome(items ...string) []byte {
	return []byte(`{"responseContext":{"serviceTrackingParams":[{"service":"GFEEDBACK","params":[{"key":"browse_id","value":"FEwhat_to_watch"}]}]},
	"contents":{"twoColumnBrowseResultsRenderer":{"tabs":[{"tabRenderer":{"content":{"richGridRenderer":{"contents":[` + strings.Join(items, ",") + `]}}}}]}}}`)
}

const ytDisplaySlot = `{"adSlotRenderer":{"adSlotMetadata":{"slotId":"s-1","slotType":"SLOT_TYPE_IN_FEED"},
	"fulfillmentContent":{"fulfilledLayout":{"inFeedAdLayoutRenderer":{"adLayoutMetadata":{"layoutId":"L-1"},
	"renderingContent":{"displayAdRenderer":{"titleText":{"simpleText":"Learn Go"},"bodyText":{"simpleText":"Fast"},
	"secondaryText":{"simpleText":"Gopher School"},"badge":{"metadataBadgeRenderer":{"style":"BADGE_STYLE_TYPE_AD","label":"Ad"}},
	"clickCommand":{"urlEndpoint":{"url":"https://www.googleadservices.com/pagead/aclk?ai=IMP1&adurl=https://learn.gopher.example.co.uk/go%3Fx%3D1"}}}}}}}}}`

const ytLockup = `{"lockupViewModel":{"contentId":"LK1","contentType":"LOCKUP_CONTENT_TYPE_VIDEO",
	"contentImage":{"thumbnailViewModel":{"overlays":[{"thumbnailBottomOverlayViewModel":{"badges":[{"thumbnailBadgeViewModel":{"text":"4:05","badgeStyle":"THUMBNAIL_OVERLAY_BADGE_STYLE_DEFAULT"}}]}}]}},
	"metadata":{"lockupMetadataViewModel":{"title":{"content":"Lockup video"},"metadata":{"contentMetadataViewModel":{"metadataRows":[
	{"metadataParts":[{"text":{"content":"Lock Channel","commandRuns":[{"onTap":{"innertubeCommand":{"browseEndpoint":{"browseId":"UClock","canonicalBaseUrl":"/@lockchannel"}}}}],
	  "attachmentRuns":[{"element":{"type":{"imageType":{"image":{"sources":[{"clientResource":{"imageName":"CHECK_CIRCLE_FILLED"}}]}}}}}]}}]},
	{"metadataParts":[{"text":{"content":"3 days ago"}},{"text":{"content":"2.5M views"}}]}]}}}}}}`

func TestYouTubeRules(t *testing.T) {
	checkRules(t, YouTube, []ruleCase{
		{
			name: "home grid: videos, a display ad, a Shorts shelf, lockups; continuation and playlists are not posts", url: ytBrowseURL,
			body: ytHome(
				ytRich(ytDisplaySlot),
				ytRich(ytVideo("v1", "alice", `,"ownerBadges":[{"metadataBadgeRenderer":{"style":"BADGE_STYLE_TYPE_VERIFIED"}}]`)),
				`{"richSectionRenderer":{"content":{"richShelfRenderer":{"title":{"runs":[{"text":"Shorts"}]},"contents":[`+
					ytRich(`{"reelItemRenderer":{"videoId":"r1","headline":{"simpleText":"A short"},"viewCountText":{"simpleText":"2,1 тыс. просмотров"},"navigationEndpoint":{"reelWatchEndpoint":{"videoId":"r1"}}}}`)+`,`+
					ytRich(`{"shortsLockupViewModel":{"entityId":"shorts-shelf-item-s2","onTap":{"innertubeCommand":{"reelWatchEndpoint":{"videoId":"s2"}}},"overlayMetadata":{"primaryText":{"content":"Another"},"secondaryText":{"content":"3.5M views"}}}}`)+`]}}}}`,
				ytRich(ytLockup),
				ytRich(`{"lockupViewModel":{"contentId":"PL1","contentType":"LOCKUP_CONTENT_TYPE_PLAYLIST"}}`),
				`{"continuationItemRenderer":{"trigger":"CONTINUATION_TRIGGER_ON_ITEM_SHOWN"}}`,
			),
			reasons: []Reason{Ad, Recommended, Recommended, Recommended, Recommended},
			media:   []Media{Image, Video, Short, Short, Video},
			check: func(t *testing.T, f Feed) {
				ad := f.Posts[0]
				if ad.ID != "L-1" || *ad.Ad != (AdInfo{Advertiser: "Gopher School", Disclosure: "Ad", AdID: "L-1"}) || ad.Text != "Learn Go\nFast" {
					t.Errorf("display ad %+v %+v", ad, ad.Ad)
				}
				if !slices.Equal(ad.Links, []string{"https://learn.gopher.example.co.uk/go?x=1"}) || !slices.Equal(ad.Domains, []string{"example.co.uk"}) {
					t.Errorf("ad landing %v %v", ad.Links, ad.Domains)
				}
				if ev := ad.Evidence[0]; ev.Path != "contents.twoColumnBrowseResultsRenderer.tabs.0.tabRenderer.content.richGridRenderer.contents.0.richItemRenderer.content.adSlotRenderer" ||
					ev.Value != "adSlotRenderer SLOT_TYPE_IN_FEED" {
					t.Errorf("ad evidence %+v", ev)
				}
				v := f.Posts[1]
				if v.ID != "v1" || v.Author != (Author{Handle: "@alice", Name: "alice", Followers: -1, Verified: true}) || v.Engagement.Views != 1234 ||
					v.Text != "Video v1 #news" || !slices.Equal(v.Hashtags, []string{"news"}) {
					t.Errorf("video %+v", v)
				}
				if ev := v.Evidence[1]; ev.Decision != "reason=recommended" || !strings.HasSuffix(ev.Path, "contents.1.richItemRenderer.content.videoRenderer") {
					t.Errorf("reason evidence %+v", ev)
				}
				if r := f.Posts[2]; r.ID != "r1" || r.Engagement.Views != 2100 || !slices.Equal(r.Hints, []string{"Shorts"}) {
					t.Errorf("reel %+v", r)
				}
				if s := f.Posts[3]; s.ID != "s2" || s.Text != "Another" || s.Engagement.Views != 3500000 {
					t.Errorf("shorts lockup %+v", s)
				}
				if l := f.Posts[4]; l.ID != "LK1" || l.Author != (Author{Handle: "@lockchannel", Name: "Lock Channel", Followers: -1, Verified: true}) || l.Engagement.Views != 2500000 {
					t.Errorf("lockup %+v", l)
				}
			},
		},
		{
			name: "live, upcoming and unknown renderers", url: ytBrowseURL,
			body: ytHome(
				ytRich(ytVideo("live", "bob", `,"viewCountText":{"runs":[{"text":"303"},{"text":" watching"}]},"badges":[{"metadataBadgeRenderer":{"style":"BADGE_STYLE_TYPE_LIVE_NOW","label":"LIVE"}}]`)),
				ytRich(ytVideo("soon", "bob", `,"thumbnailOverlays":[{"thumbnailOverlayTimeStatusRenderer":{"style":"UPCOMING"}}]`)),
				ytRich(`{"fancyNewRenderer":{"videoId":"x"}}`),
				`{"brandNewSectionRenderer":{}}`,
				ytRich(`{"lockupViewModel":{"contentId":"Q","contentType":"LOCKUP_CONTENT_TYPE_HOLOGRAM"}}`),
			),
			reasons: []Reason{Recommended, Recommended}, media: []Media{Live, Video}, unknown: 3,
			check: func(t *testing.T, f Feed) {
				if f.Posts[0].Engagement.Views != -1 || f.Posts[1].Engagement.Views != -1 {
					t.Errorf("viewers or waiting counted as views: %d %d", f.Posts[0].Engagement.Views, f.Posts[1].Engagement.Views)
				}
				if !slices.Equal(f.UnknownKinds, []string{"item:fancyNewRenderer", "item:brandNewSectionRenderer", "tile:LOCKUP_CONTENT_TYPE_HOLOGRAM"}) {
					t.Errorf("unknown kinds %q", f.UnknownKinds)
				}
			},
		},
		{
			name: "lockup ads: a video display slot, an image slot, a masthead", url: ytBrowseURL,
			body: []byte(`{"contents":{"twoColumnBrowseResultsRenderer":{"tabs":[{"tabRenderer":{"content":{"richGridRenderer":{
				"masthead":{"adSlotRenderer":{"adSlotMetadata":{"slotId":"m","slotType":"SLOT_TYPE_ABOVE_FEED"},"fulfillmentContent":{"fulfilledLayout":{"bannerLayout":{"displayAdRenderer":{"secondaryText":{"simpleText":"Masthead Co"}}}}}}},
				"contents":[` + ytRich(`{"adSlotRenderer":{"adSlotMetadata":{"slotId":"s-2","slotType":"SLOT_TYPE_IN_FEED"},"fulfillmentContent":{"fulfilledLayout":{"inFeedAdLayoutRenderer":{
					"adLayoutMetadata":{"layoutId":"L-2"},"renderingContent":{"videoDisplayButtonGroupLayoutViewModel":{"videoLockup":{"lockupViewModel":{"contentId":"adv1",
					"metadata":{"feedAdMetadataViewModel":{"headline":{"content":"Buy now"},"adBadge":{"adBadgeViewModel":{"label":{"content":"Sponsored"}}},
					"adDetailsLine":{"adDetailsLineViewModel":{"attributes":[{"text":{"content":"Acme Corp"}}]}}}}}}}}}}}}}`) + `,` +
				ytRich(`{"adSlotRenderer":{"adSlotMetadata":{"slotId":"s-3"},"fulfillmentContent":{"fulfilledLayout":{"inFeedAdLayoutRenderer":{"renderingContent":{
					"topLandscapeImageLayoutViewModel":{"feedAdMetadata":{"feedAdMetadataViewModel":{"headline":{"content":"Phones"},
					"adAvatar":{"adAvatarViewModel":{"rendererContext":{"accessibilityContext":{"label":"T-Phone"}}}}}}}}}}}}}`) + `]}}}}]}}}`),
			reasons: []Reason{Ad, Ad, Ad}, media: []Media{Image, Video, Image},
			check: func(t *testing.T, f Feed) {
				var ads []string
				for _, p := range f.Posts {
					ads = append(ads, p.Ad.Advertiser+"/"+p.ID+"/"+p.Ad.Disclosure)
				}
				if !slices.Equal(ads, []string{"Masthead Co/m/Sponsored", "Acme Corp/adv1/Sponsored", "T-Phone/s-3/Sponsored"}) {
					t.Errorf("ads %q", ads)
				}
			},
		},
		{
			name: "subscriptions are followed, by the browse id", url: ytBrowseURL,
			body:    []byte(strings.Replace(string(ytHome(ytRich(ytVideo("v1", "a", "")))), "FEwhat_to_watch", "FEsubscriptions", 1)),
			reasons: []Reason{Followed}, media: []Media{Video},
			check: func(t *testing.T, f Feed) {
				if f.Endpoint != "browse:subscriptions" || f.Surface != Following {
					t.Errorf("endpoint %s %s", f.Endpoint, f.Surface)
				}
			},
		},
		{
			name: "a subscriptions continuation, by its target id", url: ytBrowseURL,
			body: []byte(`{"onResponseReceivedActions":[{"appendContinuationItemsAction":{"targetId":"browse-feedFEsubscriptions","continuationItems":[` +
				ytRich(ytVideo("v2", "a", "")) + `,{"continuationItemRenderer":{}}]}}]}`),
			reasons: []Reason{Followed}, media: []Media{Video},
		},
		{
			name: "a home continuation", url: ytBrowseURL,
			body: []byte(`{"onResponseReceivedActions":[{"appendContinuationItemsAction":{"targetId":"browse-feedFEwhat_to_watch","continuationItems":[` +
				ytRich(ytVideo("v2", "a", "")) + `]}}]}`),
			reasons: []Reason{Recommended}, media: []Media{Video},
		},
		{
			name: "a channel page is a profile", url: ytBrowseURL,
			body:    []byte(strings.Replace(string(ytHome(ytRich(ytVideo("v1", "a", "")))), "FEwhat_to_watch", "UCabcdef", 1)),
			reasons: []Reason{Unknown}, media: []Media{Video},
			check: func(t *testing.T, f Feed) {
				if f.Surface != Profile {
					t.Errorf("surface %s", f.Surface)
				}
			},
		},
		{
			name: "watch next: compact videos, a promoted compact video, a lockup ad slot", url: "https://www.youtube.com/youtubei/v1/next",
			body: []byte(`{"contents":{"twoColumnWatchNextResults":{"results":{"results":{"contents":[{"videoPrimaryInfoRenderer":{}}]}},
				"secondaryResults":{"secondaryResults":{"results":[
				{"compactVideoRenderer":{"videoId":"c1","title":{"simpleText":"Compact"},"longBylineText":{"runs":[{"text":"Chan","navigationEndpoint":{"browseEndpoint":{"browseId":"UCc","canonicalBaseUrl":"/c/Chan"}}}]},
				  "viewCountText":{"simpleText":"9.912.579 visualizzazioni"}}},
				{"compactPromotedVideoRenderer":{"videoId":"p1","title":{"simpleText":"Promo"},"longBylineText":{"runs":[{"text":"Brand"}]},"navigationEndpoint":{"urlEndpoint":{"url":"https://www.googleadservices.com/pagead/aclk?adurl=https://brand.example.com/"}}}},
				{"adSlotRenderer":{"adSlotMetadata":{"slotId":"w1"},"fulfillmentContent":{"fulfilledLayout":{"inFeedAdLayoutRenderer":{"renderingContent":{"lockupViewModel":{"contentId":"adw",
				  "metadata":{"lockupMetadataViewModel":{},"feedAdMetadataViewModel":{"adDetailsLine":{"adDetailsLineViewModel":{"attributes":[{"text":{"content":"Side Ads"}}]}}}}}}}}}}},
				{"lockupViewModel":{"contentId":"RD1","contentType":"LOCKUP_CONTENT_TYPE_PLAYLIST"}},
				{"continuationItemRenderer":{}}]}}}},
				"playerOverlays":{"playerOverlayRenderer":{"endScreen":{"watchNextEndScreenRenderer":{"results":[{"endScreenVideoRenderer":{"videoId":"e1"}}]}}}}}`),
			reasons: []Reason{Recommended, Ad, Ad}, media: []Media{Video, Video, Video},
			check: func(t *testing.T, f Feed) {
				if a := f.Posts[0].Author; a.Handle != "UCc" || a.Name != "Chan" || f.Posts[0].Engagement.Views != 9912579 {
					t.Errorf("compact video %+v", f.Posts[0])
				}
				if f.Posts[1].Ad.Advertiser != "Brand" || !slices.Equal(f.Posts[1].Domains, []string{"example.com"}) || f.Posts[2].Ad.Advertiser != "Side Ads" {
					t.Errorf("ads %+v %+v", f.Posts[1].Ad, f.Posts[2].Ad)
				}
			},
		},
		{
			name: "search: results, a search ad, shelves; reason search", url: "https://www.youtube.com/youtubei/v1/search",
			body: []byte(`{"contents":{"twoColumnSearchResultsRenderer":{"primaryContents":{"sectionListRenderer":{"contents":[{"itemSectionRenderer":{"contents":[
				{"searchPyvRenderer":{"ads":[{"promotedVideoRenderer":{"videoId":"ad1","title":{"simpleText":"Ad video"},"longBylineText":{"runs":[{"text":"Seller"}]}}}]}},
				` + ytVideo("s1", "a", "") + `,
				{"shelfRenderer":{"title":{"simpleText":"Latest"},"content":{"verticalListRenderer":{"items":[` + ytVideo("s2", "b", "") + `]}}}},
				{"reelShelfRenderer":{"title":{"simpleText":"Shorts"},"items":[{"reelItemRenderer":{"videoId":"r9","headline":{"simpleText":"Short"}}}]}},
				{"channelRenderer":{"channelId":"UCx"}},
				{"showingResultsForRenderer":{}},
				{"adSlotRenderer":{"adSlotMetadata":{"slotId":"srch"},"fulfillmentContent":{"fulfilledLayout":{"inFeedAdLayoutRenderer":{"renderingContent":{
				  "searchPyvRenderer":{"ads":[{"promotedVideoRenderer":{"videoId":"ad2","longBylineText":{"runs":[{"text":"Slot Seller"}]}}}]}}}}}}}]}},
				{"continuationItemRenderer":{}}]}}}}}`),
			reasons: []Reason{Ad, Search, Search, Search, Ad}, media: []Media{Video, Video, Video, Short, Video},
			check: func(t *testing.T, f Feed) {
				if !slices.Equal(f.Posts[2].Hints, []string{"Latest"}) {
					t.Errorf("shelf hint %v", f.Posts[2].Hints)
				}
				if p := f.Posts[4]; p.ID != "ad2" || p.Ad.Advertiser != "Slot Seller" {
					t.Errorf("a slot wrapping a search ad: %+v %+v", p, p.Ad)
				}
			},
		},
		{
			name: "TV: tiles with the menu subtitle's handle, a sponsored tile slot", url: ytBrowseURL,
			body: []byte(`{"contents":{"tvBrowseRenderer":{"content":{"tvSurfaceContentRenderer":{"content":{"sectionListRenderer":{"contents":[{"shelfRenderer":{
				"headerRenderer":{"shelfHeaderRenderer":{"avatarLockup":{"avatarLockupRenderer":{"title":{"runs":[{"text":"Recommended"}]}}}}},
				"content":{"horizontalListRenderer":{"items":[
				{"tileRenderer":{"contentId":"t1","contentType":"TILE_CONTENT_TYPE_VIDEO","metadata":{"tileMetadataRenderer":{"title":{"simpleText":"TV video"},
				  "lines":[{"lineRenderer":{"items":[{"lineItemRenderer":{"text":{"runs":[{"text":"TV Chan"}]}}}]}},
				  {"lineRenderer":{"items":[{"lineItemRenderer":{"text":{"simpleText":"358K views"}}},{"lineItemRenderer":{"text":{"simpleText":"•"}}},{"lineItemRenderer":{"text":{"simpleText":"3 months ago"}}}]}}]}},
				  "onLongPressCommand":{"showMenuCommand":{"subtitle":{"simpleText":"TV Chan • @tvchan"}}}}},
				{"tileRenderer":{"contentId":"t2","contentType":"TILE_CONTENT_TYPE_SHORTS","style":"TILE_STYLE_YTLR_SHORTS","onSelectCommand":{"reelWatchEndpoint":{"videoId":"t2"}}}},
				{"tileRenderer":{"contentId":"PLx","contentType":"TILE_CONTENT_TYPE_PLAYLIST"}},
				{"adSlotRenderer":{"adSlotMetadata":{"slotId":"tv-ad"},"fulfillmentContent":{"fulfilledLayout":{"inFeedAdLayoutRenderer":{"adLayoutMetadata":{"layoutId":"LT"},
				  "renderingContent":{"tileRenderer":{"contentId":"LT","onFocusCommand":{"startInlinePlaybackCommand":{"playbackEndpoint":{"watchEndpoint":{"videoId":"tvad"}}}},
				  "metadata":{"tileMetadataRenderer":{"title":{"simpleText":"Ad title"},"lines":[{"lineRenderer":{"items":[
				  {"lineItemRenderer":{"badge":{"adBadgeViewModel":{"label":{"content":"Sponsored"}}}}},{"lineItemRenderer":{"text":{"simpleText":"•"}}},
				  {"lineItemRenderer":{"text":{"simpleText":"Kangaroo Inc"}}}]}}]}}}}}}}}}]}}}}]}}}}}}}`),
			reasons: []Reason{Recommended, Recommended, Ad}, media: []Media{Video, Short, Video},
			check: func(t *testing.T, f Feed) {
				if p := f.Posts[0]; p.Author.Handle != "@tvchan" || p.Author.Name != "TV Chan" || p.Engagement.Views != 358000 || !slices.Equal(p.Hints, []string{"Recommended"}) {
					t.Errorf("TV tile %+v", p)
				}
				if p := f.Posts[2]; p.ID != "tvad" || *p.Ad != (AdInfo{Advertiser: "Kangaroo Inc", Disclosure: "Sponsored", AdID: "LT"}) {
					t.Errorf("TV ad %+v %+v", p, p.Ad)
				}
			},
		},
		{
			name: "a document without renderer lists is not understood", url: ytBrowseURL,
			body: []byte(`{"responseContext":{},"contents":{"somethingElse":{}}}`), unknown: 1,
		},
	})
}

func TestYouTubeCounts(t *testing.T) {
	for in, want := range map[string]int64{
		"1,234 views":                     1234,
		"73\u00a0421 просмотр":            73421,
		"9.912.579 visualizzazioni":       9912579,
		"12,34,567 views":                 1234567,
		"1.2K views":                      1200,
		"358K views":                      358000,
		"2,4\u00a0млн просмотров":         2400000,
		"73\u00a0тыс. просмотров":         73000,
		"9,9\u00a0Mln di visualizzazioni": 9900000,
		"1,2 Mio. Aufrufe":                1200000,
		"1,2 mil visualizaciones":         1200,
		"1,2 mil. zhlédnutí":              1200000,
		"120万 回視聴":                        1200000,
		"조회수 1.2만회":                       12000,
		"3.4亿次观看":                         340000000,
		"١٫٢ مليون مشاهدة":                1200000,
		"12 लाख व्यूज़":                   1200000,
		"1.5B views":                      1500000000,
		"5 million views":                 5000000,
		"12 mila visualizzazioni":         12,
		"Зрителей: 303":                   303,
		"No views":                        -1,
		"":                                -1,
		"99999999999999999999999 views":   -1,
	} {
		if got := ytCounts.count(in); got != want {
			t.Errorf("count(%q) = %d, want %d", in, got, want)
		}
	}
}

func BenchmarkYouTube(b *testing.B) { benchFixtures(b, ytFixtures) }

func FuzzYouTube(f *testing.F) {
	fuzzParse(f, ytBrowseURL, ytFixtures, ytHome(ytRich(ytDisplaySlot), ytRich(ytVideo("v1", "a", "")), ytRich(ytLockup)))
}
