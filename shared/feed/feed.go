// Package feed turns the raw feed payloads that social platforms send to a
// browser into normalised posts.
//
// One call does it all:
//
//	f, err := feed.Parse(url, body)
//
// url is the request URL when known (it names the platform and endpoint),
// or "" for a lone file, in which case the payload's shape decides. Every
// decision an adapter takes — is this an ad, why is this post in the feed —
// carries the JSON path and value that decided it, so a user can check it.
//
// Adapters read payloads with gjson and never unmarshal them whole. Every
// JSON path and marker string of a platform lives in its rules table
// (rules/<platform>.json); the Go code only walks those tables.
package feed

import (
	"time"
)

// Platform names a social network.
type Platform string

// The supported platforms.
const (
	X         Platform = "x"
	Reddit    Platform = "reddit"
	YouTube   Platform = "youtube"
	Instagram Platform = "instagram"
	TikTok    Platform = "tiktok"
	Facebook  Platform = "facebook"
	LinkedIn  Platform = "linkedin"
	Bluesky   Platform = "bluesky"
	Mastodon  Platform = "mastodon"
)

// Platforms lists every supported platform in a stable order.
var Platforms = []Platform{X, Reddit, YouTube, Instagram, TikTok, Facebook, LinkedIn, Bluesky, Mastodon}

// Reason says why a post is in the user's feed.
type Reason string

// The reasons, from the most to the least specific.
const (
	Followed    Reason = "followed"    // the user follows the author
	Recommended Reason = "recommended" // the platform's algorithm pushed it
	Ad          Reason = "ad"          // paid placement
	Repost      Reason = "repost"      // someone the user follows reposted it
	Network     Reason = "network"     // a connection liked or commented on it
	Search      Reason = "search"      // the user searched for it
	Reply       Reason = "reply"       // a reply in a conversation the user opened
	Unknown     Reason = "unknown"     // the payload does not say
)

// Reasons lists every reason in a stable order, for tables and shares.
var Reasons = []Reason{Followed, Recommended, Ad, Repost, Network, Search, Reply, Unknown}

// Media is the kind of content a post shows.
type Media string

// The media kinds.
const (
	Text     Media = "text"
	Image    Media = "image"
	Video    Media = "video"
	Short    Media = "short" // vertical short-form video (Shorts, Reels, TikTok)
	Carousel Media = "carousel"
	Live     Media = "live"
)

// Surface is the part of the product a payload feeds.
type Surface string

// The surfaces.
const (
	Home      Surface = "home"      // a mixed home feed
	ForYou    Surface = "for-you"   // an explicitly algorithmic feed
	Following Surface = "following" // a feed of followed accounts only
	SearchS   Surface = "search"
	Watch     Surface = "watch" // recommendations beside a video
	Explore   Surface = "explore"
	Profile   Surface = "profile" // one account's posts
	Thread    Surface = "thread"  // one post and its replies
	Community Surface = "community"
	Listing   Surface = "listing" // a list of posts with no personalisation claim
	Unlabeled Surface = "unknown"
)

// Author is who published a post.
type Author struct {
	Handle    string `json:"handle"`
	Name      string `json:"name"`
	Followers int64  `json:"followers"` // -1 when the payload does not say
	Verified  bool   `json:"verified"`
	// Organization is set when the platform marks the account as a
	// business, brand, page or company.
	Organization bool `json:"organization"`
	// Followed is true when the payload says the user follows the author.
	Followed bool `json:"followed"`
}

// AdInfo describes a paid placement as the platform discloses it.
type AdInfo struct {
	Advertiser       string `json:"advertiser"`
	AdvertiserHandle string `json:"advertiser_handle,omitempty"`
	Disclosure       string `json:"disclosure,omitempty"` // the label text the user sees, e.g. "Promoted"
	AdID             string `json:"ad_id,omitempty"`
	CampaignID       string `json:"campaign_id,omitempty"`
}

// Engagement holds the counts a platform shows; -1 means not given.
type Engagement struct {
	Likes   int64 `json:"likes"`
	Reposts int64 `json:"reposts"`
	Replies int64 `json:"replies"`
	Views   int64 `json:"views"`
}

// Evidence is the JSON path and value that decided something.
type Evidence struct {
	Decision string `json:"decision"` // what was decided, e.g. "ad" or "reason=followed"
	Path     string `json:"path"`     // gjson path from the payload's root
	Value    string `json:"value"`    // the value found there, shortened
}

// Post is one unit the user sees in a feed.
type Post struct {
	Platform Platform `json:"platform"`
	ID       string   `json:"id"`
	// Ref is the key the platform's own web page uses for this post, when
	// it differs from ID (Instagram's shortcode, Mastodon's local status
	// id, Bluesky's record key, Facebook's permalink id): the extension
	// finds the post's element by it (rules "badge" anchors with "{ref}").
	Ref        string     `json:"ref,omitempty"`
	Position   int        `json:"position"` // 0-based order in the payload
	Author     Author     `json:"author"`
	Text       string     `json:"text"`
	Lang       string     `json:"lang,omitempty"`
	Links      []string   `json:"links,omitempty"`
	Domains    []string   `json:"domains,omitempty"`
	Hashtags   []string   `json:"hashtags,omitempty"`
	Hints      []string   `json:"hints,omitempty"` // the platform's own topic hints (labels, subreddit, category)
	Media      Media      `json:"media"`
	Created    time.Time  `json:"created"`
	Engagement Engagement `json:"engagement"`
	Reason     Reason     `json:"reason"`
	Ad         *AdInfo    `json:"ad,omitempty"`
	// Branded is set when the platform labels the post as a paid
	// partnership or branded content: a creator paid by a brand, shown
	// like any post rather than bought as an ad placement.
	Branded  bool       `json:"branded,omitempty"`
	Evidence []Evidence `json:"evidence"`
}

// IsAd reports whether the platform marked the post as a paid placement.
func (p *Post) IsAd() bool { return p.Ad != nil }

// Feed is what one payload yields.
type Feed struct {
	Platform Platform `json:"platform"`
	Endpoint string   `json:"endpoint"` // e.g. "HomeTimeline", "browse", "timeline"
	Surface  Surface  `json:"surface"`
	Posts    []Post   `json:"posts"`
	// Unknown counts entries whose shape no rule understood. They are
	// reported, never silently dropped: a rising count means the platform
	// changed its payload.
	Unknown int `json:"unknown"`
	// UnknownKinds names what was not understood, e.g. "entry:label-" .
	UnknownKinds []string `json:"unknown_kinds,omitempty"`
}
