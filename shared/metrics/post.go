// Package metrics computes feed-diversity figures over a window of
// classified posts: a day, a week, one platform or everything the user saw.
//
//	posts := []metrics.Post{metrics.FromFeed(&p, labels, seen), …}
//	m := metrics.Compute(posts, previous)
//	score, _, ok := m.Lookup("diversity_score")
//
// Every figure is defined in docs/METRICS.md. A figure that is undefined
// for a window (a share of nothing, a leaning mean without leanings) is
// nil, so it prints as JSON null and never as NaN.
package metrics

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/inspect"
)

// Post is what the metrics need of one classified post the user saw. It
// holds no text, link or id: only the author key identifies anything, and
// it never leaves the device (Metrics carries no author).
type Post struct {
	Platform feed.Platform `json:"platform"`
	// Day is the calendar day (YYYY-MM-DD) on which the user saw the
	// post, in the caller's time zone; "" when unknown.
	Day string `json:"day"`
	// Author is "platform:handle" in lower case (see authorKey); "" when
	// the payload names no author.
	Author     string              `json:"author"`
	Reason     feed.Reason         `json:"reason"`
	Ad         bool                `json:"ad"` // marked as a paid placement by the platform
	Commercial classify.Commercial `json:"commercial"`
	Topic      classify.Topic      `json:"topic"` // "" when not classified
	Tier       classify.Tier       `json:"tier"`
	Verified   bool                `json:"verified"`
	Brand      bool                `json:"brand"`
	// Tactics lists each tactic kind found in the post once.
	Tactics []classify.TacticKind `json:"tactics,omitempty"`
	// Party is the party of a known political account, "" otherwise.
	Party string `json:"party,omitempty"`
	// Leaning is the mean leaning of the post's linked domains in
	// [-1, 1]; nil when none is known.
	Leaning *float64 `json:"leaning,omitempty"`
}

// FromFeed builds the metrics input of a parsed post, its labels and the
// time the user saw it.
func FromFeed(p *feed.Post, l classify.Labels, seen time.Time) Post {
	return newPost(p.Platform, p.Author, p.Ad, p.IsAd(), p.Reason, l, seen)
}

// FromInspect builds the metrics input of a post as `feedlens inspect`
// and the WebAssembly core report it, its labels and the time the user
// saw it.
func FromInspect(p inspect.Post, l classify.Labels, seen time.Time) Post {
	return newPost(p.Platform, p.Author, p.AdInfo, p.Ad, p.Reason, l, seen)
}

// newPost is the one place that decides how posts and labels map onto the
// metrics input, whichever shape the post arrives in.
func newPost(platform feed.Platform, author feed.Author, ad *feed.AdInfo, isAd bool, reason feed.Reason, l classify.Labels, seen time.Time) Post {
	// The labels copy the adapter's reason; the post's own is the
	// fallback for labels that were never computed.
	if l.Reason != "" {
		reason = l.Reason
	}
	if reason == "" {
		reason = feed.Unknown
	}
	tier := l.Tier
	if tier == "" {
		tier = classify.UnknownTier
	}
	q := Post{
		Platform:   platform,
		Author:     authorKey(platform, author, ad),
		Reason:     reason,
		Ad:         isAd || l.Commercial == classify.PlatformAd,
		Commercial: l.Commercial,
		Topic:      l.Topic,
		Tier:       tier,
		Verified:   l.Verified,
		Brand:      l.Brand,
		Leaning:    l.Leaning,
	}
	if !seen.IsZero() {
		q.Day = seen.Format(dayLayout)
	}
	for _, t := range l.Tactics {
		if !containsKind(q.Tactics, t.Kind) {
			q.Tactics = append(q.Tactics, t.Kind)
		}
	}
	if l.Political != nil {
		q.Party = l.Political.Party
	}
	return q
}

func containsKind(kinds []classify.TacticKind, k classify.TacticKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// authorKey names who the user was exposed to: the handle (handles are
// case-insensitive on every supported platform), else the display name,
// else the advertiser, so that ads without an author account still count
// as exposures to someone. The platform prefix keeps @anna on X apart from
// @anna on Instagram: we cannot know they are the same person.
func authorKey(platform feed.Platform, a feed.Author, ad *feed.AdInfo) string {
	id := a.Handle
	if id == "" {
		id = a.Name
	}
	if id == "" && ad != nil {
		id = ad.AdvertiserHandle
		if id == "" {
			id = ad.Advertiser
		}
	}
	id = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(id), "@"))
	if id == "" {
		return ""
	}
	return string(platform) + ":" + id
}

const dayLayout = "2006-01-02"

// Window is a named group of posts, such as one day.
type Window struct {
	Key string // "2025-03-14", "2025-W11", "x"
	// Previous is the key of the window just before this one in time
	// ("" when the grouping has no order), used for novelty by Series.
	Previous string
	Posts    []Post
}

// ByDay groups posts by the day they were seen, oldest first. Posts of
// unknown day form a window with key "" (first).
func ByDay(posts []Post) []Window {
	return group(posts, func(p *Post) string { return p.Day }, func(p *Post) string {
		return shiftDay(p.Day, -1)
	})
}

// ByWeek groups posts by the ISO 8601 week (e.g. "2025-W11", weeks start
// on Monday) of the day they were seen, oldest first. Posts of unknown day
// form a window with key "" (first).
func ByWeek(posts []Post) []Window {
	return group(posts, func(p *Post) string { return isoWeek(p.Day) }, func(p *Post) string {
		return isoWeek(shiftDay(p.Day, -7))
	})
}

// shiftDay moves a YYYY-MM-DD day by n days; "" for a malformed day.
func shiftDay(day string, n int) string {
	t, err := time.Parse(dayLayout, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, n).Format(dayLayout)
}

// isoWeek names the ISO 8601 week of a YYYY-MM-DD day; "" for a malformed
// day.
func isoWeek(day string) string {
	t, err := time.Parse(dayLayout, day)
	if err != nil {
		return ""
	}
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// ByPlatform groups posts by platform in the order of feed.Platforms, then
// any other platform name in alphabetical order.
func ByPlatform(posts []Post) []Window {
	ws := group(posts, func(p *Post) string { return string(p.Platform) }, nil)
	rank := func(key string) int {
		for i, p := range feed.Platforms {
			if string(p) == key {
				return i
			}
		}
		return len(feed.Platforms)
	}
	sort.SliceStable(ws, func(i, j int) bool { return rank(ws[i].Key) < rank(ws[j].Key) })
	return ws
}

// group splits posts by key, keeping their order inside each window; the
// windows come sorted by key. previous, when set, names the predecessor in
// time of the window holding a post.
func group(posts []Post, key func(*Post) string, previous func(*Post) string) []Window {
	keys := make([]string, len(posts))
	index := map[string]int{}
	var ws []Window
	var sizes []int
	for i := range posts {
		k := key(&posts[i])
		keys[i] = k
		j, ok := index[k]
		if !ok {
			j = len(ws)
			index[k] = j
			ws = append(ws, Window{Key: k})
			sizes = append(sizes, 0)
		}
		sizes[j]++
	}
	// One copy of the posts backs every window; each window's slice is
	// capped at its own part so an append cannot spill into the next.
	backing := make([]Post, len(posts))
	start := 0
	for j := range ws {
		ws[j].Posts = backing[start : start : start+sizes[j]]
		start += sizes[j]
	}
	for i := range posts {
		j := index[keys[i]]
		ws[j].Posts = append(ws[j].Posts, posts[i])
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].Key < ws[j].Key })
	if previous != nil {
		for i := range ws {
			if ws[i].Key != "" {
				ws[i].Previous = previous(&ws[i].Posts[0])
			}
		}
	}
	return ws
}

// PlatformDay returns the metrics of what one platform showed on one day
// (YYYY-MM-DD), with that platform's posts of the calendar day before as
// the previous window: the figures ByDay and Series give that day, and
// what a study's daily report of the platform is built from. posts may
// hold any days and platforms; the others are ignored.
func PlatformDay(posts []Post, platform feed.Platform, day string) Metrics {
	before := shiftDay(day, -1)
	var current, previous []Post
	for i := range posts {
		p := &posts[i]
		switch {
		case p.Platform != platform || p.Day == "":
		case p.Day == day:
			current = append(current, *p)
		case p.Day == before:
			previous = append(previous, *p)
		}
	}
	return Compute(current, previous)
}

// Series computes the metrics of every window, each with the window named
// by its Previous as the previous window for novelty. A previous window
// missing from ws (a day without posts) leaves novelty undefined.
func Series(ws []Window) []Metrics {
	byKey := make(map[string]int, len(ws))
	for i, w := range ws {
		byKey[w.Key] = i
	}
	out := make([]Metrics, len(ws))
	for i, w := range ws {
		var prev []Post
		if j, ok := byKey[w.Previous]; ok && w.Previous != "" {
			prev = ws[j].Posts
		}
		out[i] = Compute(w.Posts, prev)
	}
	return out
}
