// Package classify labels posts on the device: commercial content, author
// tier, topic, manipulative tactics, clickbait and political source. Every
// label carries its evidence (which field, which words, which weights).
package classify

import "github.com/feedlens/feedlens/shared/feed"

// Commercial says whether a post is advertising, and how we know.
type Commercial string

// The commercial labels, strongest first.
const (
	PlatformAd       Commercial = "ad"                // the platform marks it as a paid placement
	SelfDisclosedAd  Commercial = "self_disclosed_ad" // the author discloses it (#ad, "paid partnership", #werbung …)
	LikelyCommercial Commercial = "likely_commercial" // undisclosed, but discount codes, affiliate links …
	NotCommercial    Commercial = ""
)

// Tier is an author's reach by follower count.
type Tier string

// The tiers: nano < 10k ≤ micro < 100k ≤ mid < 1M ≤ macro < 10M ≤ mega.
const (
	Nano        Tier = "nano"
	Micro       Tier = "micro"
	Mid         Tier = "mid"
	Macro       Tier = "macro"
	Mega        Tier = "mega"
	UnknownTier Tier = "unknown"
)

// Tiers lists the tiers from smallest to largest, then unknown.
var Tiers = []Tier{Nano, Micro, Mid, Macro, Mega, UnknownTier}

// Topic is what a post is about.
type Topic string

// The topics.
const (
	Politics      Topic = "politics"
	Business      Topic = "business"
	ScienceTech   Topic = "science_tech"
	Health        Topic = "health"
	Sports        Topic = "sports"
	Entertainment Topic = "entertainment"
	Travel        Topic = "travel"
	Lifestyle     Topic = "lifestyle"
	Other         Topic = "other"
)

// Topics lists every topic in a stable order.
var Topics = []Topic{Politics, Business, ScienceTech, Health, Sports, Entertainment, Travel, Lifestyle, Other}

// TacticKind names a manipulative persuasion technique.
type TacticKind string

// The tactic kinds.
const (
	Urgency        TacticKind = "urgency"
	Scarcity       TacticKind = "scarcity"
	SocialProof    TacticKind = "social_proof"
	FOMO           TacticKind = "fomo" // fear of missing out, exclusivity
	FakeDiscount   TacticKind = "fake_discount"
	Clickbait      TacticKind = "clickbait"
	EngagementBait TacticKind = "engagement_bait"
	Outrage        TacticKind = "outrage" // outrage or toxic language
)

// TacticKinds lists every tactic kind in a stable order.
var TacticKinds = []TacticKind{Urgency, Scarcity, SocialProof, FOMO, FakeDiscount, Clickbait, EngagementBait, Outrage}

// Tactic is one matched tactic and the words that matched.
type Tactic struct {
	Kind TacticKind `json:"kind"`
	Span string     `json:"span"`
}

// Political is what is known of a political account.
type Political struct {
	Party string `json:"party"`
	Role  string `json:"role"` // e.g. "Bundestag", "Landtag Bayern", "EU-Parlament"
}

// Labels are everything classify says about one post.
type Labels struct {
	Commercial Commercial  `json:"commercial"`
	Reason     feed.Reason `json:"reason"`
	Tier       Tier        `json:"tier"`
	Verified   bool        `json:"verified"`
	// Brand is set for organisation accounts (platform flag) and for
	// authors whose name matches a known brand.
	Brand      bool       `json:"brand"`
	Topic      Topic      `json:"topic"`
	TopicScore float64    `json:"topic_score"` // 0..1
	Tactics    []Tactic   `json:"tactics"`
	Clickbait  float64    `json:"clickbait"` // 0..1
	Political  *Political `json:"political,omitempty"`
	// Leaning is the mean leaning of the post's linked domains in [-1, 1]
	// from a user- or study-supplied table; nil when none is known.
	Leaning  *float64        `json:"leaning,omitempty"`
	Evidence []feed.Evidence `json:"evidence"`
}
