package feed

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The TikTok fixture was counted with jq: ItemList.foryou.list holds 8
// ids, ItemModule 8 items (the same ids), every one with isAd false, and
// every author's UserModule.users.<uniqueId>.relation is 0 (not followed):
// 8 posts on For You, all recommended.
var ttFixtures = []fixtureCase{
	{
		file: "tiktok/foryou_SIGI_STATE.json", url: "https://www.tiktok.com/foryou",
		endpoint: "page:foryou", surface: ForYou, posts: 8,
		reasons: map[Reason]int{Recommended: 8},
	},
}

func TestTikTokFixtures(t *testing.T) { checkFixtures(t, ttFixtures) }

// ttAPIItem is a hand-made item as the item_list APIs send it.
func ttAPIItem(id, handle string, relation int, ad bool, extra string) string {
	return fmt.Sprintf(`{"id":%q,"desc":"clip %s #dance","createTime":1700000000,"textLanguage":"en",
	"author":{"id":"u%s","uniqueId":%q,"nickname":"%s name","verified":true,"relation":%d},
	"authorStats":{"followerCount":4200},"stats":{"diggCount":10,"shareCount":2,"commentCount":3,"playCount":400},
	"textExtra":[{"hashtagName":"dance","type":1},{"userUniqueId":"someone","type":0}],"challenges":[{"title":"dance"},{"title":"fyp"}],
	"diversificationLabels":["Dance","Performance"],"isAd":%v%s}`, id, id, id, handle, handle, relation, ad, extra)
}

func ttAPI(items ...string) []byte {
	return []byte(`{"statusCode":0,"itemList":[` + strings.Join(items, ",") + `],"hasMore":true}`)
}

const ttRecommendURL = "https://www.tiktok.com/api/recommend/item_list/?aid=1988&count=30"

func TestTikTokRules(t *testing.T) {
	sigi := `{"ItemModule":{"2":{"id":"2","desc":"second","author":"bee","isAd":false,"nickname":"Bee"},
		"1":{"id":"1","desc":"first","author":"ant","isAd":false},"9":{"id":"9","desc":"unlisted","author":"ghost","isAd":false}},
		"ItemList":{"foryou":{"list":["1","2"],"hasMore":true}},
		"UserModule":{"users":{"ant":{"uniqueId":"ant","nickname":"Ant","relation":1,"verified":false},"bee":{"uniqueId":"bee","relation":0}}}}`
	checkRules(t, TikTok, []ruleCase{
		{
			name: "recommend: an ad, a followed author, a recommendation", url: ttRecommendURL,
			body:     ttAPI(ttAPIItem("1", "brand", 0, true, ""), ttAPIItem("2", "friend", 1, false, ""), ttAPIItem("3", "stranger", 0, false, "")),
			endpoint: "recommend", reasons: []Reason{Ad, Followed, Recommended},
			check: func(t *testing.T, f Feed) {
				if ad := f.Posts[0].Ad; *ad != (AdInfo{Advertiser: "brand name", AdvertiserHandle: "brand", Disclosure: "Sponsored", AdID: "1"}) {
					t.Errorf("ad %+v", ad)
				}
				p := f.Posts[1]
				want := Author{Handle: "friend", Name: "friend name", Followers: 4200, Verified: true, Followed: true}
				if p.Author != want || p.Text != "clip 2 #dance" || p.Lang != "en" || p.Media != Short ||
					p.Engagement != (Engagement{Likes: 10, Reposts: 2, Replies: 3, Views: 400}) || !p.Created.Equal(time.Unix(1700000000, 0)) {
					t.Errorf("post %+v", p)
				}
				if !slices.Equal(p.Hashtags, []string{"dance", "fyp"}) || !slices.Equal(p.Hints, []string{"Dance", "Performance"}) {
					t.Errorf("hashtags %v hints %v", p.Hashtags, p.Hints)
				}
				if ev := p.Evidence[1]; ev.Decision != "reason=followed" || ev.Path != "itemList.1.author.relation" || ev.Value != "relation 1" {
					t.Errorf("followed evidence %+v", ev)
				}
				if ev := f.Posts[0].Evidence[0]; ev.Path != "itemList.0.isAd" {
					t.Errorf("ad evidence %+v", ev)
				}
			},
		},
		{
			name: "the Following feed is followed", url: "https://www.tiktok.com/api/following/item_list/?count=8",
			body: ttAPI(ttAPIItem("1", "a", 1, false, "")), endpoint: "following", reasons: []Reason{Followed},
		},
		{
			name: "a profile's posts: unknown unless followed", url: "https://www.tiktok.com/api/post/item_list/?secUid=x",
			body: ttAPI(ttAPIItem("1", "a", 0, false, ""), ttAPIItem("2", "a", 2, false, "")), endpoint: "post", reasons: []Reason{Unknown, Followed},
		},
		{
			name: "photo carousels and lives", url: ttRecommendURL,
			body:     ttAPI(ttAPIItem("1", "a", 0, false, `,"imagePost":{"images":[{},{}]}`), ttAPIItem("2", "b", 0, false, `,"liveRoomInfo":{"roomId":"77"}`)),
			endpoint: "recommend", reasons: []Reason{Recommended, Recommended},
			check: func(t *testing.T, f Feed) {
				if f.Posts[0].Media != Carousel || f.Posts[1].Media != Live {
					t.Errorf("media %s %s", f.Posts[0].Media, f.Posts[1].Media)
				}
			},
		},
		{
			name: "search: video results are posts, other results are reported", url: "https://www.tiktok.com/api/search/general/full/?keyword=go",
			body:     []byte(`{"status_code":0,"data":[{"type":1,"item":` + ttAPIItem("1", "a", 1, false, "") + `},{"type":4,"user_list":[]}]}`),
			endpoint: "search", reasons: []Reason{Search}, unknown: 1,
		},
		{
			name: "an item_list without a URL: neither For You nor a profile can be claimed", url: "",
			body: ttAPI(ttAPIItem("1", "a", 0, false, "")), endpoint: "item_list", reasons: []Reason{Unknown},
		},
		{
			name: "SIGI_STATE: ItemList orders the items, UserModule has the authors", url: "https://www.tiktok.com/foryou",
			body: []byte(sigi), endpoint: "page:foryou", reasons: []Reason{Followed, Recommended, Recommended},
			check: func(t *testing.T, f Feed) {
				var ids []string
				for _, p := range f.Posts {
					ids = append(ids, p.ID+"/"+p.Author.Handle+"/"+p.Author.Name)
				}
				if !slices.Equal(ids, []string{"1/ant/Ant", "2/bee/Bee", "9/ghost/"}) {
					t.Errorf("order and authors %q", ids)
				}
			},
		},
		{
			name: "a saved For You page with SIGI_STATE", url: "",
			body:     []byte(`<html><head></head><body><script id="SIGI_STATE" type="application/json">` + sigi + `</script></body></html>`),
			endpoint: "page:foryou", reasons: []Reason{Followed, Recommended, Recommended},
		},
		{
			name: "a video page's universal data", url: "https://www.tiktok.com/@a/video/1",
			body: []byte(`<!doctype html><script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">{"__DEFAULT_SCOPE__":{"webapp.app-context":{},
				"webapp.video-detail":{"itemInfo":{"itemStruct":` + ttAPIItem("1", "a", 0, false, "") + `}}}}</script>`),
			endpoint: "page:video", reasons: []Reason{Unknown},
			check: func(t *testing.T, f Feed) {
				if p := f.Posts[0].Evidence[0].Path; p != `__DEFAULT_SCOPE__.webapp\.video-detail.itemInfo.itemStruct.isAd` {
					t.Errorf("evidence path %q", p)
				}
			},
		},
	})
}

func BenchmarkTikTok(b *testing.B) { benchFixtures(b, ttFixtures) }

func FuzzTikTok(f *testing.F) {
	fuzzParse(f, ttRecommendURL, ttFixtures, ttAPI(ttAPIItem("1", "a", 1, false, ""), ttAPIItem("2", "b", 0, true, "")),
		[]byte(`{"ItemModule":{"1":{"id":"1","author":"a"}},"ItemList":{"foryou":{"list":["1"]}},"UserModule":{"users":{"a":{"uniqueId":"a","relation":1}}}}`))
}
