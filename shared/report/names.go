package report

import "strings"

// These tables restate names owned by shared/feed, shared/classify and
// shared/metrics (see the metric-name contract). They are restated rather
// than imported because the Worker's WebAssembly must stay under 3 MB and
// must not carry the feed parsers; names_test.go checks them against the
// owning packages so they cannot drift.

// Platforms lists the platform names a study may name (feed.Platforms).
var Platforms = []string{"x", "reddit", "youtube", "instagram", "tiktok", "facebook", "linkedin", "bluesky", "mastodon"}

type metricType int

const (
	numberMetric metricType = iota + 1
	labelMetric
)

// metricNames are the metrics without a parameter.
var metricNames = map[string]metricType{
	"posts":                   numberMetric,
	"unique_authors":          numberMetric,
	"ad_share":                numberMetric,
	"self_disclosed_share":    numberMetric,
	"likely_commercial_share": numberMetric,
	"topic_entropy":           numberMetric,
	"effective_topics":        numberMetric,
	"top_topic":               labelMetric,
	"author_hhi":              numberMetric,
	"top10_share":             numberMetric,
	"author_gini":             numberMetric,
	"verified_share":          numberMetric,
	"brand_share":             numberMetric,
	"tactic_rate":             numberMetric,
	"leaning_mean":            numberMetric,
	"leaning_spread":          numberMetric,
	"novelty":                 numberMetric,
	"diversity_score":         numberMetric,
}

// metricFamilies are the numeric metrics with a parameter after the dot,
// and the parameter values each accepts (nil: any lower-case name, for
// party names that come from a data table rather than from code).
var metricFamilies = map[string][]string{
	"reason_share": {"followed", "recommended", "ad", "repost", "network", "search", "reply", "unknown"},
	"topic_share":  {"politics", "business", "science_tech", "health", "sports", "entertainment", "travel", "lifestyle", "other"},
	"tier_share":   {"nano", "micro", "mid", "macro", "mega", "unknown"},
	"tactic_rate":  {"urgency", "scarcity", "social_proof", "fomo", "fake_discount", "clickbait", "engagement_bait", "outrage"},
	"party_share":  nil,
}

// metricKind says whether name is a metric of the contract and whether it
// is a number or a label.
func metricKind(name string) (metricType, bool) {
	if t, ok := metricNames[name]; ok {
		return t, true
	}
	family, param, ok := strings.Cut(name, ".")
	if !ok {
		return 0, false
	}
	values, ok := metricFamilies[family]
	if !ok {
		return 0, false
	}
	if values == nil {
		return numberMetric, namePattern.MatchString(param)
	}
	for _, v := range values {
		if v == param {
			return numberMetric, true
		}
	}
	return 0, false
}

func isPlatform(p string) bool { return contains(Platforms, p) }
