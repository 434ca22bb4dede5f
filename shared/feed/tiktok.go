package feed

import (
	"slices"
	"strconv"
	"time"

	"github.com/tidwall/gjson"
)

// TikTok's web app sends its feed in two forms: the state a page embeds
// (SIGI_STATE: ItemModule keyed by id, ItemList.<feed>.list giving the
// order, UserModule.users keyed by handle; or the newer
// __UNIVERSAL_DATA_FOR_REHYDRATION__ scopes), and the item_list APIs the
// app calls as the user scrolls (itemList[*], each item with its author).
// Every item is a post, a short video (or a photo carousel); isAd marks
// the paid ones.
var ttRules = loadRules(TikTok)

const (
	tsItems = iota
	tsLists
	tsUsers
)

const (
	taItems = iota
	taResults
)

const (
	tiID = iota
	tiDesc
	tiLang
	tiCreated
	tiAuthor
	tiNickname
	tiFollowers
	tiLikes
	tiShares
	tiComments
	tiPlays
	tiIsAd
	tiLabels
	tiTextExtra
	tiChallenges
	tiImagePost
	tiLive
)

const (
	tuUniqueID = iota
	tuNickname
	tuVerified
	tuRelation
	tuFollowers
	tuBusiness
)

func init() {
	r := ttRules
	r.kind("state", []string{tsItems: "items", tsLists: "lists", tsUsers: "users"})
	r.kind("list", []string{"ids"})
	r.kind("api", []string{taItems: "items", taResults: "results"})
	r.kind("result", []string{"type", "item"})
	r.kind("item", []string{tiID: "id", tiDesc: "desc", tiLang: "lang", tiCreated: "created", tiAuthor: "author", tiNickname: "nickname",
		tiFollowers: "followers", tiLikes: "likes", tiShares: "shares", tiComments: "comments", tiPlays: "plays", tiIsAd: "is_ad",
		tiLabels: "labels", tiTextExtra: "text_extra", tiChallenges: "challenges", tiImagePost: "image_post", tiLive: "live"})
	r.kind("user", []string{tuUniqueID: "unique_id", tuNickname: "nickname", tuVerified: "verified", tuRelation: "relation",
		tuFollowers: "followers", tuBusiness: "business"})
	r.kind("text_extra", []string{"hashtag"})
	r.kind("challenge", []string{"title"})
	register(r, parseTikTok)
}

func parseTikTok(b *builder, ep *endpoint, root *rec) {
	if root.kind.name == "api" {
		for _, it := range root.each(taItems) {
			ttItem(b, ep, it, it.obj(tiAuthor))
		}
		for _, res := range root.each(taResults) {
			if it := res.obj(1); it != nil {
				ttItem(b, ep, it, it.obj(tiAuthor))
			} else {
				b.unknown("search result type " + res.str(0))
			}
		}
		return
	}
	// The page state: authors are in UserModule, keyed by handle, and the
	// feed's order is in ItemList.
	users := map[string]*rec{}
	for _, u := range root.each(tsUsers) {
		users[u.str(tuUniqueID)] = u
	}
	items := root.each(tsItems)
	order := map[string]int{}
	for _, l := range root.each(tsLists) {
		gjson.Parse(l.str(0)).ForEach(func(_, id gjson.Result) bool {
			if _, seen := order[id.String()]; !seen {
				order[id.String()] = len(order)
			}
			return true
		})
	}
	listed := func(it *rec) int {
		if n, ok := order[it.str(tiID)]; ok {
			return n
		}
		return len(order)
	}
	items = slices.Clone(items)
	slices.SortStableFunc(items, func(x, y *rec) int { return listed(x) - listed(y) })
	for _, it := range items {
		author := it.obj(tiAuthor)
		if it.get(tiAuthor).Type == gjson.String {
			// SIGI_STATE names the author by handle.
			author = users[it.str(tiAuthor)]
		}
		ttItem(b, ep, it, author)
	}
}

// ttItem adds one item; author is its user record (nil when the payload
// does not carry it).
func ttItem(b *builder, ep *endpoint, it, author *rec) {
	r := ttRules
	p := Post{Platform: TikTok, ID: it.str(tiID), Text: it.str(tiDesc), Lang: it.str(tiLang), Media: Short}
	if sec, err := strconv.ParseInt(it.str(tiCreated), 10, 64); err == nil && sec > 0 {
		p.Created = time.Unix(sec, 0).UTC()
	}
	p.Author = Author{
		Handle:       author.str(tuUniqueID),
		Name:         firstNonEmpty(author.str(tuNickname), it.str(tiNickname)),
		Followers:    it.num(tiFollowers),
		Verified:     author.flag(tuVerified),
		Organization: author.flag(tuBusiness),
		Followed:     r.is("followed_relations", author.str(tuRelation)),
	}
	if p.Author.Handle == "" && it.get(tiAuthor).Type == gjson.String {
		p.Author.Handle = it.str(tiAuthor)
	}
	if p.Author.Followers < 0 {
		p.Author.Followers = author.num(tuFollowers)
	}
	p.Engagement = Engagement{Likes: it.num(tiLikes), Reposts: it.num(tiShares), Replies: it.num(tiComments), Views: it.num(tiPlays)}
	for _, x := range it.each(tiTextExtra) {
		if h := x.str(0); h != "" && !containsStr(p.Hashtags, h) {
			p.Hashtags = append(p.Hashtags, h)
		}
	}
	for _, c := range it.each(tiChallenges) {
		if h := c.str(0); h != "" && !containsStr(p.Hashtags, h) {
			p.Hashtags = append(p.Hashtags, h)
		}
	}
	it.get(tiLabels).ForEach(func(_, l gjson.Result) bool {
		p.Hints = append(p.Hints, l.String())
		return true
	})
	switch {
	case it.has(tiImagePost):
		p.Media = Carousel
	case it.has(tiLive):
		p.Media = Live
	}
	if it.flag(tiIsAd) {
		p.Reason = Ad
		p.Ad = &AdInfo{Advertiser: firstNonEmpty(p.Author.Name, p.Author.Handle), AdvertiserHandle: p.Author.Handle,
			Disclosure: r.marker("ad_disclosure")[0], AdID: p.ID}
		p.Evidence = append(p.Evidence, evidence("ad", it.pathOf(tiIsAd), "isAd true"))
		b.add(p)
		return
	}
	p.Evidence = append(p.Evidence, evidence("not ad", it.pathOf(tiIsAd), "isAd "+firstNonEmpty(it.get(tiIsAd).Raw, "absent")))
	switch {
	case ep.Reason == Search:
		p.Reason = Search
		p.Evidence = append(p.Evidence, evidence("reason=search", "", "endpoint "+ep.Name))
	case p.Author.Followed:
		p.Reason = Followed
		p.Evidence = append(p.Evidence, evidence("reason=followed", author.pathOf(tuRelation), "relation "+author.str(tuRelation)))
	default:
		p.Reason = ep.Reason
		value := "endpoint " + ep.Name
		path := ""
		if author.has(tuRelation) {
			path, value = author.pathOf(tuRelation), value+", relation "+author.str(tuRelation)+" (not followed)"
		}
		p.Evidence = append(p.Evidence, evidence("reason="+string(p.Reason), path, value))
	}
	b.add(p)
}
