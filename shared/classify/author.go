package classify

import (
	"strconv"
	"strings"

	"github.com/feedlens/feedlens/shared/feed"
)

// tierOf maps a follower count to its tier; -1 (not given) is unknown.
func tierOf(followers int64, ev []feed.Evidence) (Tier, []feed.Evidence) {
	var t Tier
	switch {
	case followers < 0:
		return UnknownTier, ev
	case followers < 10_000:
		t = Nano
	case followers < 100_000:
		t = Micro
	case followers < 1_000_000:
		t = Mid
	case followers < 10_000_000:
		t = Macro
	default:
		t = Mega
	}
	return t, append(ev, feed.Evidence{Decision: tierDecisions[t], Path: "author.followers", Value: strconv.FormatInt(followers, 10)})
}

// tierDecisions are the evidence decisions, built once.
var tierDecisions = map[Tier]string{Nano: "tier=nano", Micro: "tier=micro", Mid: "tier=mid", Macro: "tier=macro", Mega: "tier=mega"}

// bigAccount is the follower count from which an author whose name is
// also an everyday word ("Notion", "Target") counts as that brand.
const bigAccount = 100_000

// handleSuffixes are what brands append to their name in handles:
// "nikestore", "spotify_de", "adidasoriginals".
var handleSuffixes = []string{"official", "offiziell", "global", "store", "shop", "app", "hq", "inc", "news", "team", "support", "help", "de", "deutschland", "germany", "us", "usa", "uk", "originals"}

// brand reports whether the author is an organisation (platform flag) or
// carries the name of a known brand.
func (c *Classifier) brand(a *feed.Author, ev []feed.Evidence) (bool, []feed.Evidence) {
	if a.Organization {
		return true, append(ev, feed.Evidence{Decision: "brand", Path: "author.organization", Value: "true"})
	}
	for _, f := range [2]struct{ path, value string }{{"author.name", a.Name}, {"author.handle", a.Handle}} {
		b, ok := c.brandNamed(f.value)
		if !ok || b.ambiguous && !a.Verified && a.Followers < bigAccount {
			continue
		}
		return true, append(ev, feed.Evidence{Decision: "brand=" + b.name, Path: f.path, Value: f.value})
	}
	return false, ev
}

func (c *Classifier) brandNamed(name string) (brand, bool) {
	k := nameKey(name)
	if len(k) < 3 {
		return brand{}, false
	}
	if b, ok := c.m.brands[k]; ok {
		return b, true
	}
	for _, suf := range handleSuffixes {
		if base, ok := strings.CutSuffix(k, suf); ok && len(base) >= 3 {
			if b, ok := c.m.brands[base]; ok {
				return b, true
			}
		}
	}
	return brand{}, false
}

// political finds the author in the table of German parliamentarians'
// accounts.
func (c *Classifier) political(p feed.Platform, a *feed.Author, ev []feed.Evidence) (*Political, []feed.Evidence) {
	h := strings.ToLower(strings.TrimPrefix(a.Handle, "@"))
	if h == "" {
		return nil, ev
	}
	pol, ok := c.m.politicians[string(p)+":"+h]
	if !ok {
		return nil, ev
	}
	return &pol, append(ev, feed.Evidence{Decision: "political=" + pol.Party + " (" + pol.Role + ")", Path: "author.handle", Value: a.Handle})
}
