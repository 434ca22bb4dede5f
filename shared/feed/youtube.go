package feed

import (
	"net/url"
	"slices"
	"strings"
)

// YouTube's youtubei responses (browse, next, search, their continuations,
// and the ytInitialData of a saved page) are trees of renderers: lists of
// items, each naming its renderer ({"richItemRenderer": {...}}), which
// wrap further items, shelves of items, video tiles or ad slots. The rules
// describe that grammar as one recursive kind, "item"; the document itself
// is an item whose lists sit at the response-level paths. A post is every
// video tile, short and ad slot; an ad slot wrapping a tile counts once.
// Tiles carry no subscribed flag, so an organic tile's reason is its
// endpoint's (home and watch: recommended; subscriptions: followed).
var ytRules = loadRules(YouTube)

// ytCounts reads YouTube's localised view counts ("1,2 млн просмотров").
var ytCounts = newCountScales(ytRules)

const (
	yiSelf = iota
	yiTile
	yiSlot
	yiDisplay
	yiInner
	yiChildren
	yiShelfTitle
	yiParams
	yiTargetID
)

const (
	ytID = iota
	ytContentType
	ytStyle
	ytReel
	ytTitle
	ytDescription
	ytByline
	ytSubtitle
	ytViews
	ytShortViews
	ytBadges
	ytOwnerBadges
	ytOverlays
	ytLines
	ytAvatarChannel
	ytAvatarBaseURL
	ytAdMeta
	ytAdClick
)

const (
	ysSlotType = iota
	ysSlotID
	ysLayoutID
	ysTile
	ysDisplay
	ysAdMeta
)

const (
	ydHeadline = iota
	ydBody
	ydAdvertiser
	ydBadge
	ydClick
)

const (
	ymHeadline = iota
	ymDescription
	ymAttributes
	ymAvatarLabel
	ymBadge
	ymClick
)

const (
	ytxSimple = iota
	ytxRuns
	ytxCommandRuns
	ytxIcons
)

const (
	yrText = iota
	yrBrowseID
	yrBaseURL
	yrURL
)

const (
	yoStyle = iota
	yoBadges
)

const (
	ypText = iota
	ypAdBadge
)

func init() {
	r := ytRules
	r.kind("item", []string{yiSelf: "self", yiTile: "tile", yiSlot: "slot", yiDisplay: "display", yiInner: "inner",
		yiChildren: "children", yiShelfTitle: "shelf_title", yiParams: "params", yiTargetID: "target_id"})
	r.kind("param", []string{"key", "value"})
	r.kind("tile", []string{ytID: "id", ytContentType: "content_type", ytStyle: "style", ytReel: "reel", ytTitle: "title",
		ytDescription: "description", ytByline: "byline", ytSubtitle: "subtitle", ytViews: "views", ytShortViews: "short_views",
		ytBadges: "badges", ytOwnerBadges: "owner_badges", ytOverlays: "overlays", ytLines: "lines", ytAvatarChannel: "avatar_channel",
		ytAvatarBaseURL: "avatar_base_url", ytAdMeta: "ad_meta", ytAdClick: "ad_click"})
	r.kind("slot", []string{ysSlotType: "slot_type", ysSlotID: "slot_id", ysLayoutID: "layout_id", ysTile: "tile", ysDisplay: "display", ysAdMeta: "ad_meta"})
	r.kind("display", []string{ydHeadline: "headline", ydBody: "body", ydAdvertiser: "advertiser", ydBadge: "badge", ydClick: "click"})
	r.kind("ad_meta", []string{ymHeadline: "headline", ymDescription: "description", ymAttributes: "attributes", ymAvatarLabel: "avatar_label",
		ymBadge: "badge", ymClick: "click"})
	r.kind("ad_attribute", []string{"text"})
	r.kind("text", []string{ytxSimple: "simple", ytxRuns: "runs", ytxCommandRuns: "command_runs", ytxIcons: "icons"})
	r.kind("run", []string{yrText: "text", yrBrowseID: "browse_id", yrBaseURL: "base_url", yrURL: "url"})
	r.kind("command_run", []string{"browse_id", "base_url"})
	r.kind("icon", []string{"name"})
	r.kind("badge", []string{"style", "label"})
	r.kind("overlay", []string{yoStyle: "style", yoBadges: "badges"})
	r.kind("thumb_badge", []string{"style"})
	r.kind("line", []string{"parts"})
	r.kind("part", []string{ypText: "text", ypAdBadge: "ad_badge"})
	register(r, parseYouTube)
}

// ytParse holds what one YouTube document's items share.
type ytParse struct {
	b  *builder
	ep *endpoint
}

func parseYouTube(b *builder, ep *endpoint, root *rec) {
	if v := ytVariant(root); v != nil {
		ep = v
		b.feed.Endpoint, b.feed.Surface = ep.Name, ep.Surface
	}
	y := ytParse{b: b, ep: ep}
	if !y.item(root, "", true) {
		b.unknown("document without known renderer lists")
	}
}

// ytVariant returns the endpoint a browse response is, by the browse id
// it names (responseContext's service tracking params) or the target id
// of its grid or continuation: one URL serves home, subscriptions,
// trending and channels. The rules map ids to endpoints with markers
// "browse_ids:<endpoint>" and "browse_id_prefixes:<endpoint>".
func ytVariant(root *rec) *endpoint {
	r := ytRules
	var ids []string
	for _, p := range root.each(yiParams) {
		if r.is("browse_id_keys", p.str(0)) {
			ids = append(ids, p.str(1))
		}
	}
	if id := root.str(yiTargetID); id != "" {
		ids = append(ids, id)
	}
	for i := range r.Endpoints {
		ep := &r.Endpoints[i]
		for _, id := range ids {
			if slices.Contains(r.Markers["browse_ids:"+ep.Name], id) || hasAnyPrefix(id, r.Markers["browse_id_prefixes:"+ep.Name]) {
				return ep
			}
		}
	}
	return nil
}

// item reads one element of a renderer list, or the document itself
// (top); hint is the title of the shelf it sits in. It reports whether it
// understood the item.
func (y *ytParse) item(it *rec, hint string, top bool) bool {
	r := ytRules
	switch {
	case it.obj(yiTile) != nil:
		y.tile(it.obj(yiTile), it.which(yiTile), hint)
		return true
	case it.obj(yiSlot) != nil:
		y.slot(it.obj(yiSlot), hint)
		return true
	case it.obj(yiDisplay) != nil:
		d := it.obj(yiDisplay)
		y.ad(ytPost(Image), nil, d, nil, nil, hint, evidence("ad", d.path(), it.which(yiDisplay)))
		return true
	}
	if t := it.obj(yiShelfTitle); t != nil {
		hint = ytText(t)
	}
	inner, children := it.obj(yiInner), it.has(yiChildren)
	if inner != nil {
		y.item(inner, hint, false)
	}
	for _, c := range it.each(yiChildren) {
		y.item(c, hint, false)
	}
	if inner != nil || children || top {
		return inner != nil || children
	}
	if key := firstKey(it.get(yiSelf)); !r.is("other_items", key) {
		y.b.unknown("item:" + key)
	}
	return true
}

// tile reads a video tile found in renderer (its key, e.g.
// "videoRenderer"): a post, an ad (promoted video renderers, lockups with
// ad metadata), or something that is not a video (a playlist lockup).
func (y *ytParse) tile(t *rec, renderer, hint string) {
	r := ytRules
	if ct := t.str(ytContentType); ct != "" && !r.is("post_content_types", ct) {
		if !r.is("other_content_types", ct) {
			y.b.unknown("tile:" + ct)
		}
		return
	}
	p := ytPost(Video)
	ytTileFields(&p, t, renderer)
	if r.is("ad_tiles", renderer) || t.has(ytAdMeta) {
		y.ad(p, t, nil, t.obj(ytAdMeta), nil, hint, evidence("ad", t.path(), renderer))
		return
	}
	p.Hints = ytHints(hint)
	p.Evidence = append(p.Evidence, evidence("not ad", t.path(), renderer+", not an ad renderer"))
	p.Reason = y.ep.Reason
	value := "endpoint " + y.ep.Name + ": tiles carry no subscribed flag"
	if hint != "" {
		value += ", shelf " + hint
	}
	p.Evidence = append(p.Evidence, evidence("reason="+string(p.Reason), t.path(), value))
	y.b.add(p)
}

// slot reads an adSlotRenderer: one ad, whatever layout it wraps.
func (y *ytParse) slot(s *rec, hint string) {
	p := ytPost(Image)
	tile := s.obj(ysTile)
	if tile != nil {
		p.Media = Video
		ytTileFields(&p, tile, "")
	}
	ev := evidence("ad", s.path(), strings.TrimSpace("adSlotRenderer "+s.str(ysSlotType)))
	y.ad(p, tile, s.obj(ysDisplay), s.obj(ysAdMeta), s, hint, ev)
}

// ad completes and adds an ad post from whichever parts the renderer has:
// a tile (the promoted video), a display ad, feed-ad metadata, the slot.
func (y *ytParse) ad(p Post, tile, display, meta, slot *rec, hint string, ev Evidence) {
	r := ytRules
	if meta == nil && tile != nil {
		meta = tile.obj(ytAdMeta)
	}
	ad := &AdInfo{}
	var click string
	if meta != nil {
		ad.Advertiser = meta.str(ymAvatarLabel)
		for _, a := range meta.each(ymAttributes) {
			if t := strings.TrimSpace(a.str(0)); t != "" {
				ad.Advertiser = t
				break
			}
		}
		ad.Disclosure = meta.str(ymBadge)
		click = meta.str(ymClick)
		p.Text = joinText(meta.str(ymHeadline), meta.str(ymDescription))
	}
	if display != nil {
		ad.Advertiser = firstNonEmpty(ad.Advertiser, ytText(display.obj(ydAdvertiser)))
		ad.Disclosure = firstNonEmpty(ad.Disclosure, display.str(ydBadge))
		click = firstNonEmpty(click, display.str(ydClick))
		p.Text = firstNonEmpty(p.Text, joinText(ytText(display.obj(ydHeadline)), ytText(display.obj(ydBody))))
	}
	if tile != nil {
		ad.Advertiser = firstNonEmpty(ad.Advertiser, p.Author.Name)
		ad.Disclosure = firstNonEmpty(ad.Disclosure, ytTileAdBadge(tile))
		click = firstNonEmpty(click, tile.str(ytAdClick))
	}
	ad.AdvertiserHandle = p.Author.Handle
	ad.Disclosure = firstNonEmpty(ad.Disclosure, r.marker("default_disclosure")[0])
	landing, impression := ytClickParams(click)
	p.addLink(landing)
	if slot != nil {
		ad.AdID = firstNonEmpty(slot.str(ysLayoutID), slot.str(ysSlotID))
	}
	ad.AdID = firstNonEmpty(ad.AdID, impression)
	p.ID = firstNonEmpty(p.ID, ad.AdID)
	ad.Advertiser = firstNonEmpty(ad.Advertiser, Domain(landing), r.marker("unnamed_advertiser")[0])
	p.Ad, p.Reason = ad, Ad
	p.Hints = ytHints(hint)
	p.Hashtags = hashtagsIn(p.Text)
	p.Evidence = append(p.Evidence, ev)
	y.b.add(p)
}

// ytPost starts a post: YouTube shows no likes, reposts or replies on
// tiles, and ads have no channel.
func ytPost(m Media) Post {
	return Post{Platform: YouTube, Media: m, Author: Author{Followers: -1},
		Engagement: Engagement{Likes: -1, Reposts: -1, Replies: -1, Views: -1}}
}

// ytTileFields reads what every tile shows: id, title, channel, counts,
// media kind.
func ytTileFields(p *Post, t *rec, renderer string) {
	r := ytRules
	p.ID = t.str(ytID)
	p.Text = joinText(ytText(t.obj(ytTitle)), ytText(t.obj(ytDescription)))
	p.Hashtags = hashtagsIn(p.Text)
	p.Author = ytAuthor(t)
	styles := []string{t.str(ytContentType), t.str(ytStyle)}
	for _, b := range t.each(ytBadges) {
		styles = append(styles, b.str(0))
	}
	for _, o := range t.each(ytOverlays) {
		styles = append(styles, o.str(yoStyle))
		for _, b := range o.each(yoBadges) {
			styles = append(styles, b.str(0))
		}
	}
	upcoming := false
	for _, s := range styles {
		switch {
		case r.is("live_styles", s):
			p.Media = Live
		case r.is("upcoming_styles", s):
			upcoming = true
		case r.is("short_styles", s) && p.Media != Live:
			p.Media = Short
		}
	}
	if p.Media != Live && (r.is("short_renderers", renderer) || t.has(ytReel)) {
		p.Media = Short
	}
	// A live or upcoming stream shows how many watch or wait, not views.
	if p.Media != Live && !upcoming {
		p.Engagement.Views = ytViewCount(t)
	}
}

// ytAuthor reads the channel from the byline runs (web), the menu's
// subtitle "Name • @handle" and metadata lines (TV), or the metadata rows
// and avatar (lockups).
func ytAuthor(t *rec) Author {
	r := ytRules
	a := Author{Followers: -1}
	var baseURL, channelID string
	if by := t.obj(ytByline); by != nil {
		a.Name = ytText(by)
		if runs := by.each(ytxRuns); len(runs) > 0 {
			a.Name = runs[0].str(yrText)
			channelID, baseURL = runs[0].str(yrBrowseID), runs[0].str(yrBaseURL)
		}
	}
	if sub := ytText(t.obj(ytSubtitle)); sub != "" {
		name, handle, _ := cutSeparator(sub)
		a.Name = firstNonEmpty(a.Name, name)
		if strings.HasPrefix(handle, "@") {
			a.Handle = handle
		}
	}
	lines := ytMetaOf(t)
	if a.Name == "" {
		a.Name = firstNonEmpty(lines.linked, lines.first)
	}
	channelID, baseURL = firstNonEmpty(channelID, lines.channelID), firstNonEmpty(baseURL, lines.baseURL)
	a.Verified = lines.verified
	channelID = firstNonEmpty(channelID, t.str(ytAvatarChannel))
	baseURL = firstNonEmpty(baseURL, t.str(ytAvatarBaseURL))
	if h, ok := strings.CutPrefix(baseURL, "/"); ok && strings.HasPrefix(h, "@") {
		a.Handle = firstNonEmpty(a.Handle, h)
	}
	a.Handle = firstNonEmpty(a.Handle, channelID)
	for _, b := range t.each(ytOwnerBadges) {
		a.Verified = a.Verified || r.is("verified_badges", b.str(0))
	}
	return a
}

// ytViewCount reads the view count: the exact viewCountText when there is
// one, else the abbreviated shortViewCountText, else the metadata part
// that says views.
func ytViewCount(t *rec) int64 {
	for _, f := range []int{ytViews, ytShortViews} {
		if n := ytCounts.count(ytText(t.obj(f))); n >= 0 {
			return n
		}
	}
	return ytMetaOf(t).views
}

// ytMeta is what the metadata lines of a TV tile or the rows of a lockup
// say, in whatever order the client arranged them.
type ytMeta struct {
	linked             string // the first part linking to a channel (lockups)
	first              string // the first text of the first line that is not a count
	channelID, baseURL string
	verified           bool
	views              int64
}

func ytMetaOf(t *rec) ytMeta {
	r := ytRules
	ls := ytMeta{views: -1}
	for i, l := range t.each(ytLines) {
		for _, part := range l.each(0) {
			text := part.obj(ypText)
			s := strings.TrimSpace(ytText(text))
			if s == "" || r.is("separators", s) {
				continue
			}
			if hasViewWord(s) {
				if ls.views < 0 {
					ls.views = ytCounts.count(s)
				}
				continue
			}
			if runs := text.each(ytxCommandRuns); len(runs) > 0 && ls.linked == "" {
				ls.linked, ls.channelID, ls.baseURL = s, runs[0].str(0), runs[0].str(1)
			}
			if i == 0 && ls.first == "" {
				ls.first = s
			}
			for _, ic := range text.each(ytxIcons) {
				ls.verified = ls.verified || r.is("verified_badges", ic.str(0))
			}
		}
	}
	return ls
}

// hasViewWord reports whether a metadata text is a view count, by the
// localised words for views in the rules.
func hasViewWord(s string) bool {
	s = strings.ToLower(s)
	for _, w := range ytRules.marker("view_words") {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// ytTileAdBadge returns the ad label a TV tile shows in its metadata.
func ytTileAdBadge(t *rec) string {
	for _, l := range t.each(ytLines) {
		for _, part := range l.each(0) {
			if s := part.str(ypAdBadge); s != "" {
				return s
			}
		}
	}
	return ""
}

// ytClickParams reads an ad's click URL (a googleadservices redirect):
// the landing page it leads to and the ad impression id.
func ytClickParams(click string) (landing, impression string) {
	u, err := url.Parse(click)
	if err != nil || click == "" {
		return "", ""
	}
	q := u.Query()
	for _, k := range ytRules.marker("ad_landing_params") {
		if v := q.Get(k); v != "" {
			landing = v
			break
		}
	}
	for _, k := range ytRules.marker("ad_impression_params") {
		if v := q.Get(k); v != "" {
			impression = v
			break
		}
	}
	return landing, impression
}

// ytText returns the text of a YouTube text object: simpleText, a view
// model's content, or its runs joined.
func ytText(t *rec) string {
	if t == nil {
		return ""
	}
	if s := t.str(ytxSimple); s != "" {
		return s
	}
	runs := t.each(ytxRuns)
	if len(runs) == 1 {
		return runs[0].str(yrText)
	}
	var b strings.Builder
	for _, run := range runs {
		b.WriteString(run.str(yrText))
	}
	return b.String()
}

func ytHints(shelf string) []string {
	if shelf == "" {
		return nil
	}
	return []string{shelf}
}

// cutSeparator splits "Name • @handle" at its first separator.
func cutSeparator(s string) (before, after string, ok bool) {
	for _, sep := range ytRules.marker("separators") {
		if b, a, found := strings.Cut(s, " "+sep+" "); found {
			return strings.TrimSpace(b), strings.TrimSpace(a), true
		}
	}
	return strings.TrimSpace(s), "", false
}
