package feed

import (
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Bluesky's app.bsky.feed.* XRPC responses: feed[*] (getTimeline,
// getFeed, getAuthorFeed, getListFeed) holds FeedViewPosts, a post with
// the reason it is there (a repost) and its reply context; searchPosts
// holds posts[*]. Every item is a post. The author's viewer.following is
// set when the user follows them. Bluesky carries no ads. Any server can
// host the protocol, so the endpoints are found by their XRPC method on
// any host.
var bsRules = loadRules(Bluesky)

const (
	biPost = iota
	biReasonType
	biReasonBy
	biReplyTo
)

const (
	bpURI = iota
	bpAuthor
	bpText
	bpLangs
	bpCreated
	bpFacets
	bpTags
	bpEmbedType
	bpExternal
	bpImages
	bpLikes
	bpReposts
	bpReplies
)

const (
	baDID = iota
	baHandle
	baName
	baFollowing
	baFollowers
	baVerified
)

func init() {
	r := bsRules
	r.kind("page", []string{"feed", "posts"})
	r.kind("item", []string{biPost: "post", biReasonType: "reason_type", biReasonBy: "reason_by", biReplyTo: "reply_to"})
	r.kind("post", []string{bpURI: "uri", bpAuthor: "author", bpText: "text", bpLangs: "langs", bpCreated: "created", bpFacets: "facets",
		bpTags: "tags", bpEmbedType: "embed_type", bpExternal: "external", bpImages: "images", bpLikes: "likes", bpReposts: "reposts",
		bpReplies: "replies"})
	r.kind("profile", []string{baDID: "did", baHandle: "handle", baName: "name", baFollowing: "following", baFollowers: "followers",
		baVerified: "verified"})
	r.kind("facet", []string{"features"})
	r.kind("feature", []string{"type", "uri", "tag"})
	r.kind("image", []string{"alt"})
	register(r, parseBluesky)
}

func parseBluesky(b *builder, ep *endpoint, page *rec) {
	items := page.each(0)
	// The user's own DID is the repository of their follow records, which
	// every followed author's viewer.following points to: their own posts
	// are then told apart from strangers'.
	var viewer string
	for _, it := range items {
		if uri := it.obj(biPost).obj(bpAuthor).str(baFollowing); uri != "" {
			viewer = bsRepo(uri)
			break
		}
	}
	for _, it := range items {
		post := it.obj(biPost)
		if !post.has(bpURI) {
			b.unknown("feed item without a post")
			continue
		}
		bsPost(b, ep, post, it, viewer)
	}
	for _, post := range page.each(1) {
		bsPost(b, ep, post, nil, viewer)
	}
}

// bsRepo returns the DID of an at:// URI's repository.
func bsRepo(uri string) string {
	for _, prefix := range bsRules.marker("follow_uri_prefix") {
		if rest, ok := strings.CutPrefix(uri, prefix); ok {
			repo, _, _ := strings.Cut(rest, "/")
			return repo
		}
	}
	return ""
}

// bsPost adds one post; item is its feed item (nil in search results).
func bsPost(b *builder, ep *endpoint, post, item *rec, viewer string) {
	r := bsRules
	author := post.obj(bpAuthor)
	p := Post{Platform: Bluesky, ID: post.str(bpURI), Text: post.str(bpText), Media: Text}
	// The web app links a post as /profile/{handle}/post/{rkey}: the
	// record key, the last segment of the at:// uri.
	p.setRef(p.ID)
	p.Author = Author{
		Handle:    author.str(baHandle),
		Name:      author.str(baName),
		Followers: author.num(baFollowers),
		Verified:  r.is("verified_statuses", author.str(baVerified)),
		Followed:  author.str(baFollowing) != "",
	}
	if langs := post.get(bpLangs); langs.IsArray() {
		p.Lang = langs.Get("0").String()
	}
	if t, err := time.Parse(time.RFC3339Nano, post.str(bpCreated)); err == nil {
		p.Created = t.UTC()
	}
	for _, f := range post.each(bpFacets) {
		for _, feat := range f.each(0) {
			switch typ := feat.str(0); {
			case r.is("link_features", typ):
				p.addLink(feat.str(1))
			case r.is("tag_features", typ) && !containsStr(p.Hashtags, feat.str(2)):
				p.Hashtags = append(p.Hashtags, feat.str(2))
			}
		}
	}
	post.get(bpTags).ForEach(func(_, tag gjson.Result) bool {
		if !containsStr(p.Hashtags, tag.String()) {
			p.Hashtags = append(p.Hashtags, tag.String())
		}
		return true
	})
	p.addLink(post.str(bpExternal))
	switch embed := post.str(bpEmbedType); {
	case r.is("video_embeds", embed):
		p.Media = Video
	case r.is("image_embeds", embed) && len(post.each(bpImages)) > 1:
		p.Media = Carousel
	case r.is("image_embeds", embed):
		p.Media = Image
	}
	p.Engagement = Engagement{Likes: post.num(bpLikes), Reposts: post.num(bpReposts), Replies: post.num(bpReplies), Views: -1}
	p.Evidence = append(p.Evidence, evidence("not ad", post.path(), "a post view: Bluesky has no paid placements"))

	var ev Evidence
	switch {
	case item != nil && r.is("repost_reasons", item.str(biReasonType)):
		by := item.obj(biReasonBy)
		p.Reason, ev = Repost, evidence("reason=repost", item.pathOf(biReasonType), "reposted by @"+by.str(baHandle))
	case ep.Reason == Search:
		p.Reason, ev = Search, evidence("reason=search", "", "endpoint "+ep.Name)
	case p.Author.Followed:
		p.Reason, ev = Followed, evidence("reason=followed", author.pathOf(baFollowing), author.str(baFollowing))
	default:
		p.Reason = ep.Reason
		value := "endpoint " + ep.Name + ", author not followed"
		if viewer != "" && author.str(baDID) == viewer {
			value = "endpoint " + ep.Name + ", the user's own post"
		}
		ev = evidence("reason="+string(p.Reason), author.path(), value)
	}
	p.Evidence = append(p.Evidence, ev)
	b.add(p)
}
