package feed

import (
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Instagram's private API (the app, and the web's api/v1 calls) and the
// web's GraphQL. A home feed is a list of items: a media (media_or_ad in
// the API, media in GraphQL), a suggested post (explore_story), an ad unit
// (GraphQL's ad), or a module that is not a post (suggested users, the
// stories tray, the end-of-feed marker, whose groups hold more items).
// Explore is a grid of sections holding media, reels a list of items.
// Every media is a post; ads carry injected (or are product_type "ad").
var igRules = loadRules(Instagram)

// Field indexes. Kinds with one field ("timeline", "clips", "connection",
// "edge", "media_box"…) read it as index 0.
const (
	igsLayout = iota
	igsItems
)

const (
	igfSelf = iota
	igfMedia
	igfSuggested
	igfAd
	igfMore
	igfOther
)

const (
	igaItems = iota
	igaAdID
	igaLabel
)

const (
	igmID = iota
	igmType
	igmProduct
	igmCaption
	igmTaken
	igmLikes
	igmComments
	igmViews
	igmReshares
	igmInjected
	igmAdLabel
	igmAdID
	igmCampaign
	igmAdTitle
	igmAdLink
	igmPaid
	igmSponsors
	igmUser
	igmRef
)

const (
	iguHandle = iota
	iguName
	iguVerified
	iguFollowing
	iguFollowers
	iguBusiness
	iguAccountType
)

func init() {
	r := igRules
	for _, k := range []string{"timeline", "clips"} {
		r.kind(k, []string{"items"})
	}
	for _, k := range []string{"connection", "legacy_connection"} {
		r.kind(k, []string{"edges"})
	}
	for _, k := range []string{"edge", "legacy_edge"} {
		r.kind(k, []string{"node"})
	}
	r.kind("explore", []string{"sections"})
	r.kind("section", []string{igsLayout: "layout", igsItems: "items"})
	r.kind("media_box", []string{"media"})
	r.kind("feed_item", []string{igfSelf: "self", igfMedia: "media", igfSuggested: "suggested", igfAd: "ad", igfMore: "more", igfOther: "other"})
	r.kind("ad", []string{igaItems: "items", igaAdID: "ad_id", igaLabel: "label"})
	r.kind("media", []string{igmID: "id", igmType: "media_type", igmProduct: "product", igmCaption: "caption", igmTaken: "taken",
		igmLikes: "likes", igmComments: "comments", igmViews: "views", igmReshares: "reshares", igmInjected: "injected",
		igmAdLabel: "ad_label", igmAdID: "ad_id", igmCampaign: "campaign_id", igmAdTitle: "ad_title", igmAdLink: "ad_link",
		igmPaid: "paid", igmSponsors: "sponsors", igmUser: "user", igmRef: "ref"})
	r.kind("sponsor", []string{"handle"})
	r.kind("user", []string{iguHandle: "handle", iguName: "name", iguVerified: "verified", iguFollowing: "following",
		iguFollowers: "followers", iguBusiness: "business", iguAccountType: "account_type"})
	register(r, parseInstagram)
}

func parseInstagram(b *builder, ep *endpoint, root *rec) {
	switch ep.Object {
	case "timeline", "clips":
		for _, it := range root.each(0) {
			igItem(b, ep, it)
		}
	case "connection":
		for _, e := range root.each(0) {
			it := e.one(0)
			if it == nil {
				b.unknown("edge without node")
				continue
			}
			igItem(b, ep, it)
		}
	case "legacy_connection":
		for _, e := range root.each(0) {
			igPost(b, ep, e.one(0), nil, nil)
		}
	case "explore":
		for _, s := range root.each(0) {
			boxes := s.each(igsItems)
			if len(boxes) == 0 {
				b.unknown("section:" + s.str(igsLayout))
			}
			for _, box := range boxes {
				m := box.one(0)
				if m == nil {
					b.unknown("section item:" + s.str(igsLayout))
					continue
				}
				igPost(b, ep, m, nil, nil)
			}
		}
	}
}

// igItem reads one feed item: a post, a module of more items, or a
// module that is no post.
func igItem(b *builder, ep *endpoint, it *rec) {
	switch {
	case it.set(igfMedia):
		igPost(b, ep, it.one(igfMedia), nil, nil)
	case it.set(igfSuggested):
		igPost(b, ep, it.one(igfSuggested), it, nil)
	case it.set(igfAd):
		ad := it.one(igfAd)
		m := ad.one(igaItems)
		if m == nil {
			b.unknown("ad without media")
			return
		}
		igPost(b, ep, m, nil, ad)
	case it.set(igfMore):
		for _, more := range it.each(igfMore) {
			igItem(b, ep, more)
		}
	case it.set(igfOther):
	default:
		b.unknown("feed item:" + firstSetKey(it.str(igfSelf)))
	}
}

// firstSetKey names an object by its first key holding a value, for the
// unknown count; GraphQL unions null every other member, and keys such as
// __typename name no member.
func firstSetKey(obj string) string {
	k := "?"
	gjson.Parse(obj).ForEach(func(key, v gjson.Result) bool {
		if v.Type == gjson.Null || strings.HasPrefix(key.Str, "__") {
			return true
		}
		k = key.String()
		return false
	})
	return k
}

// igPost adds the post of media m. suggested is the feed item that
// carried it as a suggested post; adUnit the GraphQL ad unit that carried
// it.
func igPost(b *builder, ep *endpoint, m, suggested, adUnit *rec) {
	r := igRules
	if !m.set(igmID) {
		b.unknown("media without id")
		return
	}
	p := Post{Platform: Instagram, ID: m.str(igmID), Text: m.str(igmCaption), Media: igMedia(m)}
	p.setRef(m.str(igmRef)) // the page links /p/{code}/ (reels /reel/{code}/)
	if t := m.num(igmTaken); t > 0 {
		p.Created = time.Unix(t, 0).UTC()
	}
	p.Engagement = Engagement{Likes: m.num(igmLikes), Reposts: m.num(igmReshares), Replies: m.num(igmComments), Views: m.num(igmViews)}
	p.Hashtags = hashtagsIn(p.Text)
	if l := m.str(igmAdLink); l != "" {
		p.addOutsideLink(unshim(l, r.marker("link_shims")), r.marker("own_domains"))
	}
	u := m.one(igmUser)
	p.Author = Author{
		Handle:       u.str(iguHandle),
		Name:         u.str(iguName),
		Followers:    u.num(iguFollowers),
		Verified:     u.flag(iguVerified),
		Organization: u.flag(iguBusiness) || r.is("business_account_types", u.str(iguAccountType)),
		Followed:     u.flag(iguFollowing),
	}
	igBranded(&p, m)

	switch {
	case adUnit != nil:
		p.Ad = &AdInfo{Disclosure: adUnit.str(igaLabel), AdID: adUnit.str(igaAdID)}
		p.Evidence = append(p.Evidence, evidence("ad", adUnit.path(), "ad unit, ad_id "+p.Ad.AdID))
	case m.set(igmInjected):
		p.Ad = &AdInfo{Disclosure: m.str(igmAdLabel), AdID: m.str(igmAdID), CampaignID: m.str(igmCampaign)}
		p.Evidence = append(p.Evidence, evidence("ad", m.pathOf(igmInjected), "injected: label "+p.Ad.Disclosure+", ad_id "+p.Ad.AdID))
	case r.is("ad_products", m.str(igmProduct)):
		p.Ad = &AdInfo{}
		p.Evidence = append(p.Evidence, evidence("ad", m.pathOf(igmProduct), "product_type "+m.str(igmProduct)))
	default:
		p.Evidence = append(p.Evidence, evidence("not ad", m.path(), "no injected, product_type "+m.str(igmProduct)))
		p.Reason = igReason(ep, &p, u, suggested)
	}
	if p.Ad != nil {
		p.Reason = Ad
		if p.Ad.Disclosure == "" {
			p.Ad.Disclosure = r.marker("ad_disclosure")[0]
		}
		p.Ad.Advertiser, p.Ad.AdvertiserHandle = p.Author.Name, p.Author.Handle
		for _, name := range []string{m.str(igmAdTitle), p.Author.Handle} {
			if p.Ad.Advertiser == "" {
				p.Ad.Advertiser = name
			}
		}
	}
	b.add(p)
}

// igReason decides why an organic media is in the feed and records why.
func igReason(ep *endpoint, p *Post, u, suggested *rec) Reason {
	var ev Evidence
	reason := ep.Reason
	switch {
	case p.Author.Followed:
		reason = Followed
		ev = evidence("reason=followed", u.pathOf(iguFollowing), "true")
	case suggested != nil:
		reason = Recommended
		ev = evidence("reason=recommended", suggested.pathOf(igfSuggested), "explore_story: a suggested post")
	case u.pathOf(iguFollowing) != "":
		ev = evidence("reason="+string(reason), u.pathOf(iguFollowing), "endpoint "+ep.Name+", author not followed")
	default:
		ev = evidence("reason="+string(reason), "", "endpoint "+ep.Name+", payload has no follow flag")
	}
	p.Evidence = append(p.Evidence, ev)
	return reason
}

// igBranded marks a paid partnership: Instagram's flag, or sponsor tags
// naming the brand.
func igBranded(p *Post, m *rec) {
	var sponsors []string
	for _, s := range m.each(igmSponsors) {
		if h := s.str(0); h != "" {
			sponsors = append(sponsors, "@"+h)
		}
	}
	switch {
	case m.flag(igmPaid):
		p.Evidence = append(p.Evidence, evidence("branded", m.pathOf(igmPaid), "is_paid_partnership true "+strings.Join(sponsors, " ")))
	case len(sponsors) > 0:
		p.Evidence = append(p.Evidence, evidence("branded", m.pathOf(igmSponsors), "sponsor_tags "+strings.Join(sponsors, " ")))
	default:
		return
	}
	p.Branded = true
}

// igMedia maps product_type, then media_type (or the old GraphQL
// __typename), to a media kind. Instagram has no text-only posts.
func igMedia(m *rec) Media {
	r := igRules
	product, typ := m.str(igmProduct), m.str(igmType)
	switch {
	case r.is("short_products", product):
		return Short
	case r.is("carousel_products", product) || r.is("carousel_types", typ):
		return Carousel
	case r.is("video_products", product) || r.is("video_types", typ):
		return Video
	}
	return Image
}
