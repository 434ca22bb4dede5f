package feed

import (
	"time"
)

// Reddit's listing JSON (www.reddit.com/….json, oauth.reddit.com/…): a
// Listing whose data.children are things; every t3 (link) is a post,
// other kinds (comments, "more" stubs) are not. promoted marks ads. Posts
// carry no per-post subscription flag (only sr_detail does, when asked
// for), so the endpoint says why a post is there: the front page of a
// logged-in user lists the communities they joined, r/popular and r/all
// are Reddit's picks, search and /api/info answer a query.
var rdRules = loadRules(Reddit)

const (
	rdID = iota
	rdTitle
	rdSelftext
	rdAuthor
	rdSubreddit
	rdURL
	rdIsSelf
	rdPostHint
	rdIsVideo
	rdIsGallery
	rdCreated
	rdScore
	rdComments
	rdCrossposts
	rdViews
	rdPromoted
	rdAdvertiser
	rdSubscriber
)

func init() {
	r := rdRules
	r.kind("listing", []string{"children"})
	r.kind("child", []string{"kind", "post"})
	r.kind("post", []string{rdID: "id", rdTitle: "title", rdSelftext: "selftext", rdAuthor: "author", rdSubreddit: "subreddit",
		rdURL: "url", rdIsSelf: "is_self", rdPostHint: "post_hint", rdIsVideo: "is_video", rdIsGallery: "is_gallery", rdCreated: "created",
		rdScore: "score", rdComments: "comments", rdCrossposts: "crossposts", rdViews: "views", rdPromoted: "promoted",
		rdAdvertiser: "advertiser", rdSubscriber: "subscriber"})
	register(r, parseReddit)
}

func parseReddit(b *builder, ep *endpoint, listing *rec) {
	r := rdRules
	for _, c := range listing.each(0) {
		kind := c.str(0)
		post := c.obj(1)
		switch {
		case r.is("post_kinds", kind) && post.has(rdID):
			redditPost(b, ep, post)
		case r.is("other_kinds", kind):
		default:
			b.unknown("thing:" + kind)
		}
	}
}

func redditPost(b *builder, ep *endpoint, t *rec) {
	r := rdRules
	p := Post{Platform: Reddit, ID: t.str(rdID), Text: joinText(t.str(rdTitle), t.str(rdSelftext)), Media: Text}
	p.Author = Author{Handle: t.str(rdAuthor), Name: t.str(rdAuthor), Followers: -1}
	if r.is("deleted_authors", p.Author.Handle) {
		p.Author.Handle, p.Author.Name = "", ""
	}
	if sub := t.str(rdSubreddit); sub != "" {
		p.Hints = []string{sub}
	}
	if !t.flag(rdIsSelf) {
		p.addLink(t.str(rdURL))
	}
	switch hint := t.str(rdPostHint); {
	case t.flag(rdIsGallery):
		p.Media = Carousel
	case t.flag(rdIsVideo) || r.is("video_hints", hint):
		p.Media = Video
	case r.is("image_hints", hint):
		p.Media = Image
	}
	if t.has(rdCreated) {
		p.Created = time.Unix(t.num(rdCreated), 0).UTC()
	}
	p.Engagement = Engagement{Likes: t.num(rdScore), Reposts: t.num(rdCrossposts), Replies: t.num(rdComments), Views: t.num(rdViews)}

	if t.flag(rdPromoted) {
		p.Reason = Ad
		p.Ad = &AdInfo{
			Advertiser:       firstNonEmpty(t.str(rdAdvertiser), p.Author.Name, firstNonEmpty(p.Domains...)),
			AdvertiserHandle: p.Author.Handle,
			Disclosure:       r.marker("ad_disclosure")[0],
			AdID:             p.ID,
		}
		p.Evidence = append(p.Evidence, evidence("ad", t.pathOf(rdPromoted), "promoted true"))
		b.add(p)
		return
	}
	p.Evidence = append(p.Evidence, evidence("not ad", t.path(), "promoted "+firstNonEmpty(t.get(rdPromoted).Raw, "absent")))
	var ev Evidence
	switch subscribed := t.get(rdSubscriber); {
	case ep.Reason == Search:
		p.Reason, ev = Search, evidence("reason=search", "", "endpoint "+ep.Name)
	case subscribed.Bool():
		p.Reason, ev = Followed, evidence("reason=followed", t.pathOf(rdSubscriber), "the user joined r/"+t.str(rdSubreddit))
	case subscribed.Exists() && ep.Reason == Followed:
		// The front page now mixes in posts from communities the user
		// has not joined: those are recommendations.
		p.Reason, ev = Recommended, evidence("reason=recommended", t.pathOf(rdSubscriber), "the user has not joined r/"+t.str(rdSubreddit))
	case ep.Reason == Followed:
		p.Reason, ev = Followed, evidence("reason=followed", "", "endpoint "+ep.Name+": a logged-in front page lists the communities the user joined (no per-post flag)")
	default:
		p.Reason, ev = ep.Reason, evidence("reason="+string(ep.Reason), "", "endpoint "+ep.Name+", no subscription flag")
	}
	p.Evidence = append(p.Evidence, ev)
	b.add(p)
}
