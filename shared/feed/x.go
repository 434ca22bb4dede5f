package feed

import (
	"strings"
	"time"
)

// X (Twitter) GraphQL timelines: a list of instructions, each adding
// entries; an entry is an item (one tweet, a cursor, a user) or a module
// of items (a conversation, "who to follow"). A post is every tweet item,
// wherever it sits; quoted tweets belong to the tweet that quotes them.
var xRules = loadRules(X)

// The fields each kind's code reads, by index; rules/x.json says where
// they are.
const (
	xlInstructions = iota
)

const (
	xiEntries = iota
	xiEntry
	xiModuleItems
)

const (
	xeID = iota
	xeEntryType
	xeItem
	xeModuleItems
	xeInjection
)

const (
	xmID = iota
	xmItem
	xmInjection
)

const (
	xtType = iota
	xtTweet
	xtPromoted
	xtAdvName
	xtAdvHandle
	xtDisclosure
	xtImpression
	xtContextType
	xtContextText
)

const (
	xwTypename = iota
	xwInner
	xwID
	xwText
	xwLang
	xwCreated
	xwLikes
	xwReposts
	xwReplies
	xwViews
	xwHashtags
	xwURLs
	xwMedia
	xwRetweeted
	xwUser
)

const (
	xuHandle = iota
	xuName
	xuFollowers
	xuVerified
	xuBlue
	xuVerifiedType
	xuFollowing
)

func init() {
	r := xRules
	r.kind("timeline", []string{xlInstructions: "instructions"})
	r.kind("instruction", []string{xiEntries: "entries", xiEntry: "entry", xiModuleItems: "module_items"})
	r.kind("entry", []string{xeID: "id", xeEntryType: "entry_type", xeItem: "item", xeModuleItems: "module_items", xeInjection: "injection"})
	r.kind("module_item", []string{xmID: "id", xmItem: "item", xmInjection: "injection"})
	r.kind("item", []string{xtType: "type", xtTweet: "tweet", xtPromoted: "promoted", xtAdvName: "advertiser_name",
		xtAdvHandle: "advertiser_handle", xtDisclosure: "disclosure", xtImpression: "impression", xtContextType: "context_type", xtContextText: "context_text"})
	r.kind("tweet", []string{xwTypename: "typename", xwInner: "inner", xwID: "id", xwText: "text", xwLang: "lang",
		xwCreated: "created", xwLikes: "likes", xwReposts: "reposts", xwReplies: "replies", xwViews: "views", xwHashtags: "hashtags",
		xwURLs: "urls", xwMedia: "media", xwRetweeted: "retweeted", xwUser: "user"})
	r.kind("user", []string{xuHandle: "handle", xuName: "name", xuFollowers: "followers", xuVerified: "verified",
		xuBlue: "blue", xuVerifiedType: "verified_type", xuFollowing: "following"})
	r.kind("hashtag", []string{"text"})
	r.kind("url", []string{"expanded"})
	r.kind("media", []string{"type"})
	register(r, parseX)
}

func parseX(b *builder, ep *endpoint, timeline *rec) {
	for _, in := range timeline.each(xlInstructions) {
		for _, e := range in.each(xiEntries) {
			xEntryOf(b, ep, e)
		}
		if e := in.obj(xiEntry); e != nil {
			xEntryOf(b, ep, e)
		}
		for _, m := range in.each(xiModuleItems) {
			xModuleItemOf(b, ep, m, "")
		}
	}
}

func xEntryOf(b *builder, ep *endpoint, e *rec) {
	id := e.str(xeID)
	if item := e.obj(xeItem); item != nil {
		xItemOf(b, ep, item, id, e.str(xeInjection))
		return
	}
	if items := e.each(xeModuleItems); e.has(xeModuleItems) {
		for _, m := range items {
			xModuleItemOf(b, ep, m, id)
		}
		return
	}
	if !xRules.is("other_entries", e.str(xeEntryType)) {
		b.unknown("entry:" + xEntryKind(id))
	}
}

// xModuleItemOf reads one item of a module; moduleID is the entry id of
// the module (empty for items a later instruction adds to a module).
func xModuleItemOf(b *builder, ep *endpoint, m *rec, moduleID string) {
	id := m.str(xmID)
	if moduleID != "" {
		id = moduleID
	}
	item := m.obj(xmItem)
	if item == nil {
		b.unknown("module item:" + xEntryKind(id))
		return
	}
	xItemOf(b, ep, item, id, m.str(xmInjection))
}

// xEntryKind is an entry id without its numeric tail ("tweet-123" →
// "tweet-"), to name unknown entries without listing each one.
func xEntryKind(id string) string {
	return strings.TrimRight(id, "0123456789abcdef-") + "-"
}

func xItemOf(b *builder, ep *endpoint, it *rec, entryID, injection string) {
	r := xRules
	typ := it.str(xtType)
	if !r.is("tweet_item", typ) {
		if !r.is("other_items", typ) {
			b.unknown("item:" + typ)
		}
		return
	}
	tw := it.obj(xtTweet)
	if tw != nil && r.is("wrapper", tw.str(xwTypename)) {
		tw = tw.obj(xwInner)
	}
	if !tw.has(xwID) {
		// A tombstone or an unavailable tweet takes a place in the feed
		// but has nothing to classify.
		b.unknown("tweet:" + tw.str(xwTypename))
		return
	}
	var reposter *rec
	if rt := tw.obj(xwRetweeted); rt != nil {
		reposter = tw.obj(xwUser)
		if r.is("wrapper", rt.str(xwTypename)) {
			rt = rt.obj(xwInner)
		}
		if rt.has(xwID) {
			tw = rt
		}
	}
	p := Post{Platform: X, Media: Text}
	xTweetFields(&p, tw)
	user := tw.obj(xwUser)

	// Why is it here? The ad marker first, then the strongest signal.
	switch {
	case it.has(xtPromoted):
		p.Reason = Ad
		p.Ad = &AdInfo{
			Advertiser:       it.str(xtAdvName),
			AdvertiserHandle: it.str(xtAdvHandle),
			Disclosure:       "Promoted",
			AdID:             it.str(xtImpression),
		}
		if d := it.str(xtDisclosure); d != "" && d != "NoDisclosure" {
			p.Ad.Disclosure = d
		}
		p.Evidence = append(p.Evidence, evidence("ad", it.pathOf(xtPromoted), "promotedMetadata, impression "+p.Ad.AdID))
	case hasAnyPrefix(entryID, r.marker("promoted_entry")):
		p.Reason = Ad
		p.Ad = &AdInfo{Disclosure: "Promoted"}
		p.Evidence = append(p.Evidence, evidence("ad", it.path(), "entryId "+entryID))
	default:
		p.Evidence = append(p.Evidence, evidence("not ad", it.path(), "no promotedMetadata, entryId "+xEntryKind(entryID)))
		p.Reason = xReason(ep, it, user, &p, entryID, injection, reposter)
	}
	if p.Ad != nil && p.Ad.Advertiser == "" {
		p.Ad.Advertiser, p.Ad.AdvertiserHandle = p.Author.Name, p.Author.Handle
	}
	b.add(p)
}

// xReason decides why an organic tweet is in the feed and records why.
func xReason(ep *endpoint, it, user *rec, p *Post, entryID, injection string, reposter *rec) Reason {
	r := xRules
	ctx := it.str(xtContextType)
	var reason Reason
	var ev Evidence
	switch {
	case reposter != nil:
		reason, ev = Repost, evidence("reason=repost", reposter.path(), "reposted by @"+reposter.str(xuHandle))
	case ep.Reason == Reply && hasAnyPrefix(entryID, r.marker("reply_modules")):
		reason, ev = Reply, evidence("reason=reply", it.path(), "in conversation module "+entryID)
	case ep.Reason == Search:
		reason, ev = Search, evidence("reason=search", "", "endpoint "+ep.Name)
	case r.is("network_contexts", ctx):
		reason, ev = Network, evidence("reason=network", it.pathOf(xtContextText), it.str(xtContextText))
	case p.Author.Followed:
		reason, ev = Followed, evidence("reason=followed", user.pathOf(xuFollowing), "true")
	case r.is("recommended_contexts", ctx):
		reason, ev = Recommended, evidence("reason=recommended", it.pathOf(xtContextType), ctx+": "+it.str(xtContextText))
	default:
		reason = ep.Reason
		if reason == Reply {
			// The tweet the user opened, not a reply to it.
			reason = Unknown
		}
		value := "endpoint " + ep.Name
		if f := user.pathOf(xuFollowing); f != "" {
			ev = evidence("reason="+string(reason), f, value+", author not followed")
		} else {
			ev = evidence("reason="+string(reason), "", value+", payload has no follow flag")
		}
		if injection != "" {
			ev.Value += ", injection " + injection
		}
	}
	p.Evidence = append(p.Evidence, ev)
	return reason
}

func xTweetFields(p *Post, tw *rec) {
	r := xRules
	p.ID = tw.str(xwID)
	p.Text = tw.str(xwText)
	p.Lang = tw.str(xwLang)
	if r.is("no_language", p.Lang) {
		p.Lang = ""
	}
	if t, err := time.Parse(time.RubyDate, tw.str(xwCreated)); err == nil {
		p.Created = t.UTC()
	}
	p.Engagement = Engagement{Likes: tw.num(xwLikes), Reposts: tw.num(xwReposts), Replies: tw.num(xwReplies), Views: tw.num(xwViews)}
	for _, h := range tw.each(xwHashtags) {
		if t := h.str(0); t != "" {
			p.Hashtags = append(p.Hashtags, t)
		}
	}
	for _, u := range tw.each(xwURLs) {
		p.addLink(u.str(0))
	}
	for _, m := range tw.each(xwMedia) {
		switch t := m.str(0); {
		case r.is("video_media", t):
			p.Media = Video
		case r.is("photo_media", t) && p.Media == Image:
			p.Media = Carousel
		case r.is("photo_media", t) && p.Media == Text:
			p.Media = Image
		}
	}
	u := tw.obj(xwUser)
	p.Author = Author{
		Handle:       u.str(xuHandle),
		Name:         u.str(xuName),
		Followers:    u.num(xuFollowers),
		Verified:     u.flag(xuVerified) || u.flag(xuBlue),
		Organization: r.is("organization_types", u.str(xuVerifiedType)),
		Followed:     u.flag(xuFollowing),
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
