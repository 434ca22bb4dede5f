package feed

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Facebook's Comet web client. Every GraphQL query goes to /api/graphql/;
// the news feed streams its stories as NDJSON, one edge per line
// ({"label": "CometNewsFeed_viewer$stream$…", "path": [...,"edges",N],
// "data": edge}) after a first response holding data.viewer.news_feed.
// edges; a group's feed (data.node.group_feed) and a profile's timeline
// (data.node.timeline_list_feed_units) stream the same way. A story is a
// node whose comet_sections hold what the user sees:
// the actor, the message, attachments, the "Sponsored" label strategy,
// the reaction bar. Every story is a post. Single stories arrive as
// data.node, or saved alone as a Story node or its comet_sections. A page
// preloads its first stories in <script type="application/json" data-sjs>
// documents, where relay results ({"data": …}) sit deep inside
// {"require": [...]} module calls.
var fbRules = loadRules(Facebook)

const (
	fpResults = iota
)

const (
	fdLabel = iota
	fdData
	fdErrors
	fdExtensions
)

const (
	feEdges = iota
	feNode
	feCategory
	fePageInfo
)

const (
	fsTypename = iota
	fsID
	fsStoryID
	fsSponsored
	fsAdID
	fsSections
	fsFeedEdges
)

const (
	fcID = iota
	fcFeedbackID
	fcStoryID
	fcText
	fcRanges
	fcSponsored
	fcAdID
	fcActors
	fcPhotoActors
	fcStrategies
	fcHeader
	fcGroup
	fcGroupType
	fcJoinGroup
	fcRecommendation
	fcFollowButton
	fcAttachments
	fcLikes
	fcShares
	fcComments
	fcViews
	fcRef
)

const (
	faTypename = iota
	faID
	faName
	faURL
	faVerified
	faDelegate
)

const (
	ftStyle = iota
	ftMedia
	ftClip
	ftLive
	ftLink
	ftTarget
	ftCTA
	ftFollowUp
)

func init() {
	r := fbRules
	r.kind("preload", []string{fpResults: "results"})
	r.kind("document", []string{fdLabel: "label", fdData: "data", fdErrors: "errors", fdExtensions: "extensions"})
	r.kind("edge", []string{feEdges: "edges", feNode: "node", feCategory: "category", fePageInfo: "page_info"})
	r.kind("story", []string{fsTypename: "typename", fsID: "id", fsStoryID: "story_id", fsSponsored: "sponsored", fsAdID: "ad_id", fsSections: "sections", fsFeedEdges: "feed_edges"})
	r.kind("sections", []string{fcID: "id", fcFeedbackID: "feedback_id", fcStoryID: "story_id", fcText: "text", fcRanges: "ranges",
		fcSponsored: "sponsored", fcAdID: "ad_id", fcActors: "actors", fcPhotoActors: "photo_actors", fcStrategies: "strategies", fcHeader: "header", fcGroup: "group", fcGroupType: "group_type",
		fcJoinGroup: "join_group", fcRecommendation: "recommendation", fcFollowButton: "follow_button", fcAttachments: "attachments",
		fcLikes: "likes", fcShares: "shares", fcComments: "comments", fcViews: "views", fcRef: "ref"})
	r.kind("strategy", []string{"typename", "created"})
	r.kind("actor", []string{faTypename: "typename", faID: "id", faName: "name", faURL: "url", faVerified: "verified", faDelegate: "delegate"})
	r.kind("attachment", []string{ftStyle: "style", ftMedia: "media", ftClip: "clip", ftLive: "live", ftLink: "link",
		ftTarget: "target", ftCTA: "cta", ftFollowUp: "follow_up"})
	r.kind("range", []string{"typename", "url"})
	register(r, parseFacebook)
}

func parseFacebook(b *builder, ep *endpoint, root *rec) {
	switch ep.Object {
	case "preload":
		// A page preloads many queries; only the feed's results are
		// posts, the rest (the viewer, navigation…) are not feed entries.
		for _, doc := range root.each(fpResults) {
			if data := doc.one(fdData); data != nil && (data.set(feEdges) || data.set(feNode)) {
				fbEdge(b, ep, data, doc.str(fdLabel))
			}
		}
	case "document":
		fbDocument(b, ep, root)
	case "story":
		fbStory(b, ep, root, nil)
	case "sections":
		fbPost(b, ep, nil, root, nil)
	}
}

// fbDocument reads one response, or one line of a stream.
func fbDocument(b *builder, ep *endpoint, doc *rec) {
	label := doc.str(fdLabel)
	data := doc.one(fdData)
	switch {
	case data != nil:
		fbEdge(b, ep, data, label)
	case doc.set(fdErrors):
		b.unknown("errors")
	case doc.set(fdExtensions):
		// The line that closes a stream.
	default:
		b.unknown("document without data")
	}
}

// fbEdge reads a response's data (a list of edges) or one edge.
func fbEdge(b *builder, ep *endpoint, e *rec, label string) {
	switch {
	case e.set(feEdges):
		for _, x := range e.each(feEdges) {
			fbEdge(b, ep, x, "")
		}
	case e.set(feNode):
		fbStory(b, ep, e.one(feNode), e)
	case e.set(fePageInfo) || slices.ContainsFunc(fbRules.marker("deferred_labels"), func(m string) bool { return strings.Contains(label, m) }):
		// Paging, and fragments deferred to later lines of a story
		// already counted.
	default:
		name, _, _ := strings.Cut(label, "$")
		b.unknown("stream payload:" + name)
	}
}

// fbStory reads a feed unit, or the group or profile (data.node) whose
// feed's first edges a response holds; edge is the edge that carried it,
// if any.
func fbStory(b *builder, ep *endpoint, n, edge *rec) {
	if n.set(fsFeedEdges) {
		for _, x := range n.each(fsFeedEdges) {
			fbEdge(b, ep, x, "")
		}
		return
	}
	switch t := n.str(fsTypename); {
	case t == "" || fbRules.is("story_types", t):
	case fbRules.is("other_units", t):
		return
	default:
		b.unknown("node:" + t)
		return
	}
	s := n.one(fsSections)
	if s == nil {
		b.unknown("story without comet_sections")
		return
	}
	fbPost(b, ep, n, s, edge)
}

// fbPost adds the post of comet_sections s; node and edge are the story
// node and edge around it when the payload has them.
func fbPost(b *builder, ep *endpoint, node, s, edge *rec) {
	r := fbRules
	p := Post{Platform: Facebook, ID: fbID(node, s), Text: s.str(fcText), Media: Text}
	if p.ID == "" {
		b.unknown("story without id")
		return
	}
	// The page's links to the story end in its permalink's last segment
	// (/posts/{pfbid}, /videos/{id}, /groups/…/posts/{id}); the post_id
	// is not always in them.
	p.setRef(s.str(fcRef))
	// The actor photo's copy of the actor says more (verified, the page
	// behind a profile); the content's names who posted.
	actor, photo := s.one(fcActors), s.one(fcPhotoActors)
	if actor == nil {
		actor = photo
	}
	p.Author = Author{
		Handle:       fbHandle(actor.str(faURL), actor.str(faID)),
		Name:         actor.str(faName),
		Followers:    -1,
		Verified:     actor.flag(faVerified) || photo.flag(faVerified),
		Organization: r.is("organization_actors", actor.str(faTypename)) || actor.set(faDelegate) || photo.set(faDelegate),
	}
	p.Engagement = Engagement{Likes: s.num(fcLikes), Reposts: s.num(fcShares), Replies: s.num(fcComments), Views: s.num(fcViews)}
	for _, st := range s.each(fcStrategies) {
		if t := st.num(1); t > 0 && p.Created.IsZero() {
			p.Created = time.Unix(t, 0).UTC()
		}
	}
	p.Hashtags = hashtagsIn(p.Text)
	if r.is("group_types", s.str(fcGroupType)) && s.str(fcGroup) != "" {
		p.Hints = append(p.Hints, s.str(fcGroup))
	}
	fbAttachments(&p, s)

	if ev, ok := fbAd(node, s, edge); ok {
		p.Reason = Ad
		p.Ad = &AdInfo{Advertiser: p.Author.Name, AdvertiserHandle: p.Author.Handle, Disclosure: r.marker("ad_disclosure")[0], AdID: node.str(fsAdID)}
		if p.Ad.AdID == "" {
			p.Ad.AdID = s.str(fcAdID)
		}
		if p.Ad.Advertiser == "" {
			p.Ad.Advertiser = p.Author.Handle
		}
		p.Evidence = append(p.Evidence, ev)
	} else {
		p.Evidence = append(p.Evidence, ev)
		p.Reason = fbReason(ep, &p, s, edge)
	}
	b.add(p)
}

// fbAd decides whether a story is an ad: the edge's category, a
// sponsored_data object (null on organic stories), or the "Sponsored"
// label strategy among the story's metadata.
func fbAd(node, s, edge *rec) (Evidence, bool) {
	r := fbRules
	category := edge.str(feCategory)
	switch {
	case r.is("ad_categories", category):
		return evidence("ad", edge.pathOf(feCategory), category), true
	case node.set(fsSponsored):
		return evidence("ad", node.pathOf(fsSponsored), "sponsored_data, ad_id "+node.str(fsAdID)), true
	case s.set(fcSponsored):
		return evidence("ad", s.pathOf(fcSponsored), "sponsored_data, ad_id "+s.str(fcAdID)), true
	}
	for _, st := range s.each(fcStrategies) {
		if t := st.str(0); r.is("ad_label_strategies", t) {
			return evidence("ad", st.pathOf(0), t), true
		}
	}
	path := s.pathOf(fcSponsored)
	if node.has(fsSponsored) {
		path = node.pathOf(fsSponsored)
	}
	value := "sponsored_data null, no sponsored label"
	if category != "" {
		value += ", category " + category
	}
	return evidence("not ad", path, value), false
}

// fbReason decides why an organic story is in the feed and records why.
// Facebook says it itself on news-feed edges: category ORGANIC for
// stories of friends, followed pages and joined groups, ENGAGEMENT for
// the "Suggested for you" stories it recommends.
func fbReason(ep *endpoint, p *Post, s, edge *rec) Reason {
	r := fbRules
	category := edge.str(feCategory)
	group := r.is("group_types", s.str(fcGroupType))
	var reason Reason
	var ev Evidence
	switch {
	case r.is("connected_categories", category):
		reason, ev = Followed, evidence("reason=followed", edge.pathOf(feCategory), category+": a friend's, followed page's or joined group's story")
	case group && s.has(fcJoinGroup) && !s.set(fcJoinGroup):
		// The join button's group is only sent to non-members.
		reason, ev = Followed, evidence("reason=followed", s.pathOf(fcJoinGroup), "null: the user is a member of "+s.str(fcGroup))
	case r.is("recommended_categories", category):
		reason, ev = Recommended, evidence("reason=recommended", edge.pathOf(feCategory), category+" "+s.str(fcHeader))
	case r.is("recommended_headers", s.str(fcHeader)):
		reason, ev = Recommended, evidence("reason=recommended", s.pathOf(fcHeader), s.str(fcHeader))
	case s.set(fcRecommendation):
		reason, ev = Recommended, evidence("reason=recommended", s.pathOf(fcRecommendation), "recommendation_context")
	case group && s.set(fcJoinGroup):
		reason, ev = Recommended, evidence("reason=recommended", s.pathOf(fcJoinGroup), "a group the user has not joined: "+s.str(fcGroup))
	case s.set(fcFollowButton):
		reason, ev = Recommended, evidence("reason=recommended", s.pathOf(fcFollowButton), "follow button: the user does not follow "+p.Author.Name)
	default:
		reason, ev = ep.Reason, evidence("reason="+string(ep.Reason), s.path(), "endpoint "+ep.Name+", no category or recommendation marker")
	}
	p.Evidence = append(p.Evidence, ev)
	return reason
}

// fbAttachments reads the media kind and the outbound links.
func fbAttachments(p *Post, s *rec) {
	r := fbRules
	shims, own := r.marker("link_shims"), r.marker("own_domains")
	for _, a := range s.each(fcAttachments) {
		switch media := a.str(ftMedia); {
		case p.Media != Text:
		case a.flag(ftLive):
			p.Media = Live
		case a.flag(ftClip):
			p.Media = Short
		case r.is("video_media", media):
			p.Media = Video
		case r.is("album_styles", a.str(ftStyle)):
			p.Media = Carousel
		case r.is("photo_media", media):
			p.Media = Image
		}
		for _, f := range []int{ftLink, ftTarget, ftCTA, ftFollowUp} {
			if l := a.str(f); l != "" {
				p.addOutsideLink(unshim(l, shims), own)
			}
		}
	}
	for _, rg := range s.each(fcRanges) {
		if r.is("link_ranges", rg.str(0)) {
			p.addOutsideLink(unshim(rg.str(1), shims), own)
		}
	}
}

// fbID is the story's post id: the node's or the header's post_id, else
// the number inside the feedback id (base64 of "feedback:<post id>"), else
// the opaque story id.
func fbID(node, s *rec) string {
	if id := node.str(fsID); id != "" {
		return id
	}
	if id := s.str(fcID); id != "" {
		return id
	}
	if raw, err := base64.StdEncoding.DecodeString(s.str(fcFeedbackID)); err == nil {
		if id, ok := strings.CutPrefix(string(raw), fbRules.marker("feedback_id_prefix")[0]); ok && id != "" && isDigits(id) {
			return id
		}
	}
	if id := node.str(fsStoryID); id != "" {
		return id
	}
	return s.str(fcStoryID)
}

// fbHandle is the name in an actor's profile URL
// ("facebook.com/CraftyPandaHow/" → "CraftyPandaHow"), or its id when the
// URL has none (profile.php?id=…, /people/Name/id).
func fbHandle(link, id string) string {
	u, err := url.Parse(link)
	if err != nil {
		return id
	}
	path := strings.Trim(u.Path, "/")
	if path == "" || strings.Contains(path, "/") || strings.HasSuffix(path, ".php") {
		return id
	}
	return path
}
