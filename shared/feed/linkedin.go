package feed

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// LinkedIn's Voyager API answers normalised: the feed is a list of URNs
// (data.*elements, or data.data.feedDashMainFeedByMainFeed.*elements from
// GraphQL) and every entity — updates, profiles, companies, follow
// states, social counts — sits once in included[], linked by URN. The
// walk reads every entity in one pass; the adapter then indexes them by
// URN and follows the feed's order. Every update of the feed is a post.
var liRules = loadRules(LinkedIn)

const (
	lrElements = iota
	lrIncluded
)

const (
	luRef = iota
	luType
	luURN
	luFollowing
	luFollowers
	luPublicID
	luUniversalName
	luLikes
	luComments
	luShares
	luViews
	luCountsRef
	luDetailURN
	luCountedURN
	luActorName
	luActorURN
	luActorSub
	luActorSupp
	luActorRef
	luActorFollowRef
	luActorURL
	luHeader
	luHeaderAttrs
	luText
	luTextAttrs
	luContentType
	luContentUnion
	luImages
	luArticleURL
	luSponsored
	luAdFormat
	luAdURN
	luCampaignURN
	luShareURN
	luActivityURN
	luSocialRef
)

const (
	laType = iota
	laLink
	laTag
	laMember
)

func init() {
	r := liRules
	r.kind("response", []string{lrElements: "elements", lrIncluded: "included"})
	r.kind("entity", []string{luRef: "ref", luType: "type", luURN: "urn", luFollowing: "following", luFollowers: "followers",
		luPublicID: "public_id", luUniversalName: "universal_name", luLikes: "likes", luComments: "comments", luShares: "shares",
		luViews: "views", luCountsRef: "counts_ref", luDetailURN: "detail_urn", luCountedURN: "counted_urn",
		luActorName: "actor_name", luActorURN: "actor_urn",
		luActorSub: "actor_sub", luActorSupp: "actor_supp", luActorRef: "actor_ref", luActorFollowRef: "actor_follow_ref",
		luActorURL: "actor_url", luHeader: "header", luHeaderAttrs: "header_attrs", luText: "text", luTextAttrs: "text_attrs",
		luContentType: "content_type", luContentUnion: "content_union", luImages: "images", luArticleURL: "article_url",
		luSponsored: "sponsored", luAdFormat: "ad_format", luAdURN: "ad_urn", luCampaignURN: "campaign_urn",
		luShareURN: "share_urn", luActivityURN: "activity_urn", luSocialRef: "social_ref"})
	r.kind("attr", []string{laType: "type", laLink: "link", laTag: "tag", laMember: "member"})
	r.kind("image", []string{"self"})
	register(r, parseLinkedIn)
}

// liIndex finds included entities by URN.
type liIndex struct {
	byURN    map[string]*rec
	byDetail map[string]*rec // social counts by the social detail they count
	byPost   map[string]*rec // social counts by the activity or share they count
}

func (x *liIndex) get(urn string) *rec {
	if urn == "" {
		return nil
	}
	return x.byURN[urn]
}

func parseLinkedIn(b *builder, ep *endpoint, root *rec) {
	included := root.each(lrIncluded)
	x := &liIndex{byURN: make(map[string]*rec, len(included)), byDetail: map[string]*rec{}, byPost: map[string]*rec{}}
	for _, e := range included {
		x.byURN[e.str(luURN)] = e
		if !e.has(luLikes) {
			continue
		}
		if d := e.str(luDetailURN); d != "" {
			x.byDetail[d] = e
		}
		if u := e.str(luCountedURN); u != "" {
			x.byPost[u] = e
		}
	}
	if !root.has(lrElements) {
		b.unknown("response without elements")
		return
	}
	for _, el := range root.each(lrElements) {
		u := el
		if ref := el.get(luRef); ref.Type == gjson.String {
			if u = x.get(ref.Str); u == nil {
				b.unknown("element not included")
				continue
			}
		}
		if t := u.str(luType); t != "" && !liRules.is("update_types", t) {
			b.unknown("element:" + t)
			continue
		}
		liPost(b, ep, u, x)
	}
}

func liPost(b *builder, ep *endpoint, u *rec, x *liIndex) {
	r := liRules
	p := Post{Platform: LinkedIn, Text: u.str(luText), Media: liMedia(u)}
	for _, f := range []int{luShareURN, luActivityURN, luURN} {
		if p.ID == "" {
			p.ID = u.str(f)
		}
	}
	if p.ID == "" {
		b.unknown("update without urn")
		return
	}
	p.Created = liTime(p.ID)
	liAuthor(&p, u, x)
	liText(&p, u)
	if counts := liCounts(u, x); counts != nil {
		p.Engagement = Engagement{Likes: counts.num(luLikes), Reposts: counts.num(luShares), Replies: counts.num(luComments), Views: counts.num(luViews)}
	} else {
		p.Engagement = Engagement{Likes: -1, Reposts: -1, Replies: -1, Views: -1}
	}

	sub := strings.TrimSpace(u.str(luActorSub))
	switch {
	case u.set(luSponsored):
		p.Ad = &AdInfo{Disclosure: u.str(luAdFormat), AdID: u.str(luAdURN), CampaignID: u.str(luCampaignURN)}
		p.Evidence = append(p.Evidence, evidence("ad", u.pathOf(luSponsored), "sponsoredTracking "+p.Ad.Disclosure+" "+p.Ad.AdID))
	case r.is("promoted_labels", sub):
		p.Ad = &AdInfo{}
		p.Evidence = append(p.Evidence, evidence("ad", u.pathOf(luActorSub), sub))
	case hasAnySuffix(u.str(luURN), r.marker("sponsored_urn_suffix")):
		p.Ad = &AdInfo{}
		p.Evidence = append(p.Evidence, evidence("ad", u.pathOf(luURN), u.str(luURN)))
	default:
		p.Evidence = append(p.Evidence, evidence("not ad", u.path(), "no sponsoredTracking, actor "+shorten(sub, 20)))
		p.Reason = liReason(ep, &p, u, x)
	}
	if p.Ad != nil {
		p.Reason = Ad
		if r.is("promoted_labels", sub) {
			// The label the user sees beats the tracking format.
			p.Ad.Disclosure = sub
		}
		if p.Ad.Disclosure == "" {
			p.Ad.Disclosure = r.marker("promoted_default")[0]
		}
		p.Ad.Advertiser, p.Ad.AdvertiserHandle = p.Author.Name, p.Author.Handle
		if p.Ad.Advertiser == "" {
			p.Ad.Advertiser = p.Author.Handle
		}
	}
	b.add(p)
}

// liReason decides why an organic update is in the feed and records why.
// The header above an update names the connection whose activity put it
// there ("Cara Bennett reposted this", "… likes this"); without one, a
// followed author or a first-degree connection is followed.
func liReason(ep *endpoint, p *Post, u *rec, x *liIndex) Reason {
	r := liRules
	header := strings.TrimSpace(u.str(luHeader))
	follow := x.get(u.str(luActorFollowRef))
	degree := strings.TrimSpace(strings.Trim(strings.TrimSpace(u.str(luActorSupp)), "•·"))
	var reason Reason
	var ev Evidence
	switch {
	case hasAnySuffix(header, r.marker("repost_headers")):
		reason, ev = Repost, evidence("reason=repost", u.pathOf(luHeader), header)
	case hasAnySuffix(header, r.marker("network_headers")):
		reason, ev = Network, evidence("reason=network", u.pathOf(luHeader), header)
	case header != "" && liNamesMember(u):
		// In languages the markers do not list, the header still names
		// the member whose activity it reports.
		reason, ev = Network, evidence("reason=network", u.pathOf(luHeaderAttrs), "header names a member: "+header)
	case follow.flag(luFollowing):
		reason, ev = Followed, evidence("reason=followed", follow.pathOf(luFollowing), "true")
	case r.is("first_degree", degree):
		reason, ev = Followed, evidence("reason=followed", u.pathOf(luActorSupp), "a first-degree connection: "+degree)
	case r.is("recommended_headers", header):
		reason, ev = Recommended, evidence("reason=recommended", u.pathOf(luHeader), header)
	case follow.has(luFollowing):
		reason, ev = ep.Reason, evidence("reason="+string(ep.Reason), follow.pathOf(luFollowing), "endpoint "+ep.Name+", author not followed")
	default:
		reason, ev = ep.Reason, evidence("reason="+string(ep.Reason), "", "endpoint "+ep.Name+", payload has no follow state")
	}
	p.Evidence = append(p.Evidence, ev)
	return reason
}

// liNamesMember reports whether the header's text marks a member's name.
func liNamesMember(u *rec) bool {
	for _, a := range u.each(luHeaderAttrs) {
		if a.str(laMember) != "" || liRules.is("member_attrs", a.str(laType)) {
			return true
		}
	}
	return false
}

// liAuthor reads the actor, resolving its profile or company and its
// follow state through the index.
func liAuthor(p *Post, u *rec, x *liIndex) {
	r := liRules
	profile := x.get(u.str(luActorRef))
	follow := x.get(u.str(luActorFollowRef))
	handle := profile.str(luPublicID)
	if handle == "" {
		handle = profile.str(luUniversalName)
	}
	if handle == "" {
		handle = liHandle(u.str(luActorURL))
	}
	urn := u.str(luActorURN)
	p.Author = Author{
		Handle:       handle,
		Name:         u.str(luActorName),
		Followers:    follow.num(luFollowers),
		Organization: hasAnyPrefix(urn, r.marker("organization_urns")) || profile.has(luUniversalName),
		Followed:     follow.flag(luFollowing),
	}
}

// liHandle takes the handle from a profile or company URL
// (linkedin.com/in/<handle>, linkedin.com/company/<name>/).
func liHandle(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) >= 2 && (parts[0] == "in" || parts[0] == "company" || parts[0] == "showcase") {
		return parts[1]
	}
	return ""
}

// liText reads hashtags and links from the commentary's attributes and
// the shared article.
func liText(p *Post, u *rec) {
	r := liRules
	own := r.marker("own_domains")
	for _, a := range u.each(luTextAttrs) {
		tag, link := a.str(laTag), a.str(laLink)
		switch {
		case tag != "":
			p.addHashtag(tag[strings.LastIndexByte(tag, ':')+1:])
		case r.is("hashtag_attrs", a.str(laType)):
			if l, err := url.Parse(link); err == nil {
				p.addHashtag(l.Query().Get(r.marker("hashtag_param")[0]))
			}
		case link != "":
			p.addOutsideLink(link, own)
		}
	}
	if l := u.str(luArticleURL); l != "" {
		p.addOutsideLink(l, own)
	}
}

// liCounts finds the social counts of an update: its social detail's
// counts, or the counts naming that detail, or the counts of its share or
// activity.
func liCounts(u *rec, x *liIndex) *rec {
	detail := u.str(luSocialRef)
	if c := x.get(x.get(detail).str(luCountsRef)); c != nil {
		return c
	}
	if c := x.byDetail[detail]; detail != "" && c != nil {
		return c
	}
	for _, f := range []int{luShareURN, luActivityURN} {
		if c := x.byPost[u.str(f)]; c != nil {
			return c
		}
	}
	return nil
}

// liMedia maps the content's type (or, in dash responses, its union
// member) to a media kind.
func liMedia(u *rec) Media {
	r := liRules
	kind := u.str(luContentType)
	if kind == "" {
		path := u.pathOf(luContentUnion)
		kind = path[strings.LastIndexByte(path, '.')+1:]
	}
	switch {
	case r.is("image_contents", kind) && len(u.each(luImages)) > 1:
		return Carousel
	case r.is("image_contents", kind):
		return Image
	case r.is("video_contents", kind):
		return Video
	case r.is("carousel_contents", kind):
		return Carousel
	}
	return Text
}

// liTime reads the creation time LinkedIn ids carry: the top 41 bits of
// the number ending an activity, share or ugcPost URN are milliseconds
// since 1970.
func liTime(urn string) time.Time {
	digits := urn[strings.LastIndexAny(urn, ":(,")+1:]
	digits = strings.TrimRight(digits, ")")
	n, err := strconv.ParseUint(digits, 10, 64)
	if err != nil {
		return time.Time{}
	}
	t := time.UnixMilli(int64(n >> 22)).UTC()
	if t.Year() < 2003 || t.Year() > 2100 {
		// Not a time-ordered id (LinkedIn started in 2003).
		return time.Time{}
	}
	return t
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// addHashtag records a hashtag once.
func (p *Post) addHashtag(tag string) {
	if tag != "" && !containsStr(p.Hashtags, tag) {
		p.Hashtags = append(p.Hashtags, tag)
	}
}
