package feed

import (
	"time"
)

// Mastodon's REST API returns timelines as arrays of statuses (home,
// lists, the public timelines, a hashtag, trends, an account's statuses;
// v2 search has them under "statuses"). Every status is a post; a reblog
// shows the reblogged status and its author, there because someone the
// user follows boosted it. Statuses carry no follow flag, so the endpoint
// says why they are there. Mastodon has no ads. Every server is a host,
// so the endpoints are matched by path on any host.
var mdRules = loadRules(Mastodon)

const (
	msID = iota
	msCreated
	msContent
	msSpoiler
	msLang
	msAccount
	msReblog
	msTags
	msCard
	msMedia
	msReplies
	msReblogs
	msFavourites
	msRef
)

func init() {
	r := mdRules
	r.kind("timeline", []string{"statuses"})
	r.kind("status", []string{msID: "id", msCreated: "created", msContent: "content", msSpoiler: "spoiler", msLang: "lang",
		msAccount: "account", msReblog: "reblog", msTags: "tags", msCard: "card", msMedia: "media", msReplies: "replies",
		msReblogs: "reblogs", msFavourites: "favourites", msRef: "ref"})
	r.kind("account", []string{"acct", "name", "followers"})
	r.kind("tag", []string{"name"})
	r.kind("attachment", []string{"type"})
	register(r, parseMastodon)
}

func parseMastodon(b *builder, ep *endpoint, timeline *rec) {
	for _, st := range timeline.each(0) {
		if !st.has(msID) && !st.has(msRef) {
			b.unknown("status without id")
			continue
		}
		mdStatus(b, ep, st)
	}
}

func mdStatus(b *builder, ep *endpoint, st *rec) {
	r := mdRules
	shown := st
	booster := ""
	if rb := st.obj(msReblog); rb != nil && (rb.has(msID) || rb.has(msRef)) {
		shown, booster = rb, st.obj(msAccount).str(0)
	}
	acc := shown.obj(msAccount)
	// The ID is the federated uri, the same on every server; the web
	// app marks a status with its local id (div.status[data-id]), which
	// for a reblog is the reblogged status's, as shown here. A status
	// without a uri is known by its local id alone.
	p := Post{Platform: Mastodon, ID: shown.str(msID), Lang: shown.str(msLang), Media: Text}
	if p.ID == "" {
		p.ID = shown.str(msRef)
	}
	p.setRef(shown.str(msRef))
	text, links := htmlText(shown.str(msContent))
	p.Text = joinText(shown.str(msSpoiler), text)
	for _, l := range links {
		p.addLink(l)
	}
	p.addLink(shown.str(msCard))
	p.Author = Author{Handle: acc.str(0), Name: acc.str(1), Followers: acc.num(2)}
	if t, err := time.Parse(time.RFC3339Nano, shown.str(msCreated)); err == nil {
		p.Created = t.UTC()
	}
	for _, tag := range shown.each(msTags) {
		if n := tag.str(0); n != "" && !containsStr(p.Hashtags, n) {
			p.Hashtags = append(p.Hashtags, n)
		}
	}
	images := 0
	for _, m := range shown.each(msMedia) {
		switch typ := m.str(0); {
		case r.is("video_media", typ):
			p.Media = Video
		case r.is("image_media", typ):
			images++
		}
	}
	if p.Media == Text && images > 1 {
		p.Media = Carousel
	} else if p.Media == Text && images == 1 {
		p.Media = Image
	}
	p.Engagement = Engagement{Likes: shown.num(msFavourites), Reposts: shown.num(msReblogs), Replies: shown.num(msReplies), Views: -1}
	p.Evidence = append(p.Evidence, evidence("not ad", st.path(), "a status: Mastodon has no paid placements"))
	var ev Evidence
	switch {
	case booster != "":
		p.Reason, ev = Repost, evidence("reason=repost", st.pathOf(msReblog), "boosted by @"+booster)
	default:
		p.Reason = ep.Reason
		ev = evidence("reason="+string(p.Reason), "", "endpoint "+ep.Name+mdWhy[ep.Reason])
	}
	p.Evidence = append(p.Evidence, ev)
	b.add(p)
}

// mdWhy says what an endpoint's reason rests on, as statuses carry no
// follow flag.
var mdWhy = map[Reason]string{
	Followed:    ": statuses of the accounts (and hashtags) the user follows",
	Recommended: ": statuses the server shows, not from the user's follows",
	Search:      ": the statuses of a hashtag or search the user asked for",
	Unknown:     ": statuses carry no follow flag",
}
