package feed

import (
	"encoding/json"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
)

// fixtureCase is what one real payload in ../shared/fixtures must yield.
// The counts were established by reading the payload (each platform's
// test file says how); they are not copied from the code's output.
type fixtureCase struct {
	file     string // under ../shared/fixtures
	url      string // a request URL of the kind the browser sees
	endpoint string
	surface  Surface
	posts    int
	// advertisers of the ads, in feed order.
	advertisers []string
	reasons     map[Reason]int
	unknown     int
	// bare is what Parse without the URL yields when the payload's shape
	// cannot tell the endpoint (a Reddit Listing looks the same wherever
	// it comes from); empty when it is the same as with the URL.
	bare bareCase
}

// bareCase is what a payload parsed without its URL yields instead.
type bareCase struct {
	endpoint string
	surface  Surface
	reasons  map[Reason]int
}

// checkFixtures parses each case with its URL and without one (shape
// detection), and checks the counts and the invariants of every post.
func checkFixtures(t *testing.T, cases []fixtureCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			body := groundtruth.Read(t, "fixtures/"+c.file)
			for _, url := range []string{c.url, ""} {
				f, err := Parse(url, body)
				if err != nil {
					t.Fatalf("Parse(%q): %v", url, err)
				}
				want := c
				if url == "" && c.bare.endpoint != "" {
					want.endpoint, want.surface, want.reasons = c.bare.endpoint, c.bare.surface, c.bare.reasons
				}
				if f.Endpoint != want.endpoint || f.Surface != want.surface {
					t.Errorf("url %q: endpoint %s/%s, want %s/%s", url, f.Endpoint, f.Surface, want.endpoint, want.surface)
				}
				if len(f.Posts) != c.posts {
					t.Errorf("url %q: %d posts, want %d", url, len(f.Posts), c.posts)
				}
				var ads []string
				reasons := map[Reason]int{}
				for _, p := range f.Posts {
					reasons[p.Reason]++
					if p.Ad != nil {
						ads = append(ads, p.Ad.Advertiser)
					}
				}
				if !slices.Equal(ads, c.advertisers) {
					t.Errorf("url %q: advertisers\n got %q\nwant %q", url, ads, c.advertisers)
				}
				if !maps.Equal(reasons, want.reasons) {
					t.Errorf("url %q: reasons %v, want %v", url, reasons, want.reasons)
				}
				if f.Unknown != c.unknown {
					t.Errorf("url %q: %d not understood (%v), want %d", url, f.Unknown, f.UnknownKinds, c.unknown)
				}
				checkPosts(t, f)
			}
		})
	}
}

// checkPosts checks what must hold for every post of every payload.
func checkPosts(t *testing.T, f Feed) {
	t.Helper()
	for i, p := range f.Posts {
		if p.Position != i {
			t.Errorf("post %d has position %d", i, p.Position)
		}
		if p.Platform != f.Platform || p.ID == "" {
			t.Errorf("post %d: platform %q id %q", i, p.Platform, p.ID)
		}
		if !slices.Contains(Reasons, p.Reason) {
			t.Errorf("post %s: reason %q", p.ID, p.Reason)
		}
		if (p.Reason == Ad) != (p.Ad != nil) {
			t.Errorf("post %s: reason %s but ad %v", p.ID, p.Reason, p.Ad)
		}
		if p.Ad != nil && p.Ad.Advertiser == "" {
			t.Errorf("post %s: ad without advertiser", p.ID)
		}
		if p.Author.Followers < -1 {
			t.Errorf("post %s: followers %d", p.ID, p.Author.Followers)
		}
		// Every decision carries its evidence: the ad decision and the
		// reason.
		var adEv, reasonEv bool
		for _, e := range p.Evidence {
			adEv = adEv || e.Decision == "ad" || e.Decision == "not ad"
			reasonEv = reasonEv || e.Decision == "reason="+string(p.Reason) || (p.Reason == Ad && e.Decision == "ad")
			if e.Value == "" {
				t.Errorf("post %s: evidence %+v has no value", p.ID, e)
			}
		}
		if !adEv || !reasonEv {
			t.Errorf("post %s (%s): evidence misses the ad or reason decision: %+v", p.ID, p.Reason, p.Evidence)
		}
		if len(p.Links) < len(p.Domains) {
			t.Errorf("post %s: %d domains for %d links", p.ID, len(p.Domains), len(p.Links))
		}
	}
}

func TestParseErrors(t *testing.T) {
	x := "https://x.com/i/api/graphql/abc/HomeTimeline"
	for _, c := range []struct {
		name, url, body string
		want            error
		msg             string
	}{
		{"empty", x, "", ErrEmpty, ""},
		{"blank", x, " \n\t", ErrEmpty, ""},
		{"not json", x, "<html>", ErrNotJSON, "byte 0"},
		{"truncated", x, `{"data":{"home":{"home_timeline_urt":{"instructions":[{"type":"TimelineAddEntries","entries":[`, ErrNotJSON, "truncated"},
		{"trailing garbage", x, `{"data":{}} x`, ErrNotJSON, "after the JSON value"},
		{"bad escape", x, `{"a":"\q"}`, ErrNotJSON, "bad escape"},
		{"bad number", x, `{"a":-}`, ErrNotJSON, "byte 6"},
		{"unknown host", "https://example.org/feed.json", `{}`, ErrUnknownPlatform, "example.org"},
		{"unknown shape", "", `{"hello":"world"}`, ErrUnknownPlatform, ""},
		{"unknown x shape", "https://x.com/i/api/graphql/abc/Bookmarks", `{"data":{}}`, ErrUnknownEndpoint, "x"},
		{"deep nesting", x, strings.Repeat("[", 100000) + strings.Repeat("]", 100000), ErrNotJSON, "too deep"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(c.url, []byte(c.body))
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("err %q does not mention %q", err, c.msg)
			}
			if len(f.Posts) != 0 {
				t.Errorf("posts from bad input: %d", len(f.Posts))
			}
		})
	}
}

func TestPrefixesAndNDJSON(t *testing.T) {
	one := `{"data":{"home":{"home_timeline_urt":{"instructions":[{"type":"TimelineAddEntries","entries":[` + xTweetEntry("tweet-1", "1", "alice", true, "") + `]}]}}}}`
	url := "https://x.com/i/api/graphql/abc/HomeTimeline"
	for _, body := range []string{"for (;;);" + one, ")]}'\n" + one, "\uFEFF" + one} {
		f, err := Parse(url, []byte(body))
		if err != nil || len(f.Posts) != 1 {
			t.Errorf("%.12q: %d posts, %v", body, len(f.Posts), err)
		}
	}
	f, err := Parse(url, []byte(one+"\n"+one+"\n"))
	if err != nil || len(f.Posts) != 2 {
		t.Fatalf("NDJSON: %d posts, %v", len(f.Posts), err)
	}
	if f.Posts[1].Position != 1 || !strings.HasPrefix(f.Posts[1].Evidence[0].Path, "line2.") {
		t.Errorf("second document: position %d, evidence %+v", f.Posts[1].Position, f.Posts[1].Evidence)
	}
}

func TestParseDoesNotKeepBody(t *testing.T) {
	body := []byte(`{"data":{"home":{"home_timeline_urt":{"instructions":[{"type":"TimelineAddEntries","entries":[` + xTweetEntry("tweet-1", "1", "alice", true, "") + `]}]}}}}`)
	f, err := Parse("https://x.com/i/api/graphql/abc/HomeTimeline", body)
	if err != nil {
		t.Fatal(err)
	}
	clear(body) // a caller may reuse its buffer
	if p := f.Posts[0]; p.Author.Handle != "alice" || p.Text != "hello from alice" {
		t.Errorf("post changed with the body: %+v", p)
	}
}

func TestDomain(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.bbc.co.uk/news/x":   "bbc.co.uk",
		"http://Example.COM:8080/a?b=c":  "example.com",
		"https://t.co/abc":               "t.co",
		"nytimes.com/2024/01/01/a.html":  "nytimes.com",
		"https://foo.github.io/x":        "foo.github.io",
		"https://localhost/x":            "",
		"mailto:someone@example.com":     "",
		"":                               "",
		"https://192.168.1.1/x":          "",
		"https://xn--mller-kva.de/":      "xn--mller-kva.de",
		"https://sub.domain.example.org": "example.org",
	} {
		if got := Domain(in); got != want {
			t.Errorf("Domain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	for url, want := range map[string]string{
		"https://x.com/i/api/graphql/U0cdisy7QFIoTfu3-Okw0A/HomeLatestTimeline?variables=%7B%7D": "x HomeLatestTimeline",
		"https://twitter.com/i/api/graphql/abc/HomeTimeline":                                     "x HomeTimeline",
		"https://x.com/i/api/graphql/abc/TweetDetail?variables=1":                                "x TweetDetail",
		"https://example.org/i/api/graphql/abc/HomeTimeline":                                     " ",
		"https://x.com/home": " ",
	} {
		p, ep, ok := Match(url)
		if got := string(p) + " " + ep; got != want || ok != (want != " ") {
			t.Errorf("Match(%q) = %q %v, want %q", url, got, ok, want)
		}
	}
}

// TestSharedURLEndpoints checks that when several endpoints share one
// URL, as every query of a GraphQL API does, the payload's shape picks
// among them, and a payload of none of their shapes goes to the last, the
// most general, whose root it lacks: it is not a feed.
func TestSharedURLEndpoints(t *testing.T) {
	r := &rules{Platform: "test", Hosts: []string{"example.test"}}
	if err := json.Unmarshal([]byte(`{
		"endpoints": [
			{"name": "home", "url": "/graphql", "surface": "home", "object": "list", "roots": ["data.home.items"]},
			{"name": "reels", "url": "/graphql", "surface": "for-you", "object": "list", "roots": ["data.reels.items"]},
			{"name": "any", "url": "/graphql", "surface": "unknown", "object": "list", "roots": ["data.items"]},
			{"name": "search", "url": "/search", "surface": "search", "object": "list", "roots": ["data.home.items"]}
		],
		"objects": {"list": {"items": {"each": "item", "paths": ["@this"]}}, "item": {"id": ["id"]}}
	}`), r); err != nil {
		t.Fatal(err)
	}
	for i := range r.Endpoints {
		e := &r.Endpoints[i]
		e.url = regexp.MustCompile(e.URL)
		e.Shape = e.Roots
	}
	r.kind("list", []string{"items"})
	r.kind("item", []string{"id"})
	saved := adapters
	defer func() { adapters = saved }()
	register(r, func(b *builder, ep *endpoint, root *rec) {
		for _, it := range root.each(0) {
			b.add(Post{Platform: "test", ID: it.str(0)})
		}
	})
	for _, c := range []struct {
		url, body, endpoint string
		posts, unknown      int
	}{
		{"https://example.test/graphql?q=Reels", `{"data":{"reels":{"items":[{"id":"1"}]}}}`, "reels", 1, 0},
		{"https://example.test/graphql?q=Home", `{"data":{"home":{"items":[{"id":"1"}]}}}`, "home", 1, 0},
		{"https://example.test/search", `{"data":{"home":{"items":[{"id":"1"}]}}}`, "search", 1, 0},
	} {
		f, err := Parse(c.url, []byte(c.body))
		if err != nil || f.Endpoint != c.endpoint || len(f.Posts) != c.posts || f.Unknown != c.unknown {
			t.Errorf("%s: endpoint %q, %d posts, %d not understood, error %v; want %q, %d, %d", c.url, f.Endpoint, len(f.Posts), f.Unknown, err, c.endpoint, c.posts, c.unknown)
		}
	}
	// Another query's response on the shared URL is no feed at all.
	if _, err := Parse("https://example.test/graphql?q=Settings", []byte(`{"data":{"settings":{}}}`)); !errors.Is(err, ErrUnknownEndpoint) || !strings.Contains(err.Error(), "test any response without data.items") {
		t.Errorf("a settings response: %v", err)
	}
	if p, ep, ok := Match("https://example.test/graphql"); !ok || p != "test" || ep != "home" {
		t.Errorf("Match names the first endpoint of a shared URL: %s %s %v", p, ep, ok)
	}
}

// withTestAdapter registers a throwaway platform for the duration of a
// test, to exercise the engine without any real platform's rules.
func withTestAdapter(t *testing.T, rulesJSON string, parse func(b *builder, ep *endpoint, root *rec)) {
	t.Helper()
	r, err := parseRules([]byte(rulesJSON))
	if err != nil {
		t.Fatal(err)
	}
	r.kind("page", []string{"items"})
	r.kind("item", []string{"id"})
	saved := adapters
	register(r, parse)
	t.Cleanup(func() { adapters = saved })
}

// parseTestItems adds one post per item, its reason the endpoint's.
func parseTestItems(b *builder, ep *endpoint, root *rec) {
	for _, it := range root.each(0) {
		b.add(Post{Platform: "test", ID: it.str(0), Reason: ep.Reason,
			Evidence: []Evidence{evidence("not ad", it.path(), "test"), evidence("reason="+string(ep.Reason), "", "endpoint "+ep.Name)}})
	}
}

func TestEndpointSelection(t *testing.T) {
	withTestAdapter(t, `{
		"platform": "test", "hosts": ["*"],
		"endpoints": [
			{"name": "mine", "url": "^/api/feed$", "surface": "following", "reason": "followed", "object": "page", "roots": ["@this"], "shape": ["kind==mine", "items.#(id==\"7\")"]},
			{"name": "feed", "url": "^/api/feed$", "surface": "home", "reason": "recommended", "object": "page", "roots": ["@this"], "shape": ["feed"]},
			{"name": "lone", "surface": "listing", "reason": "unknown", "object": "page", "roots": ["@this"], "shape": ["lone"]}
		],
		"objects": {"page": {"items": {"each": "item", "paths": ["items"]}}, "item": {"id": ["id"]}},
		"markers": {}
	}`, parseTestItems)
	mine := `{"kind":"mine","items":[{"id":"1"}]}`
	other := `{"kind":"other","feed":1,"items":[{"id":"1"}]}`
	for _, c := range []struct{ url, body, endpoint string }{
		// Any host, through the endpoint's pattern.
		{"https://social.example/api/feed", mine, "mine"},
		// A shape may hold a gjson query with its own "==".
		{"https://social.example/api/feed", `{"items":[{"id":"6"},{"id":"7"}]}`, "mine"},
		// The URL matches two endpoints: the shape decides, else the last.
		{"https://social.example/api/feed", other, "feed"},
		{"https://social.example/api/feed", `{"items":[]}`, "feed"},
		// Without a URL every endpoint's shape, including the URL-less one.
		{"", `{"lone":true,"items":[{"id":"1"}]}`, "lone"},
		{"", mine, "mine"},
	} {
		f, err := Parse(c.url, []byte(c.body))
		if err != nil || f.Endpoint != c.endpoint {
			t.Errorf("Parse(%q, %s) = %q, %v; want %q", c.url, c.body, f.Endpoint, err, c.endpoint)
		}
	}
	// A named host's platform comes first; an unknown path of any host
	// is no platform's.
	if p, _, ok := Match("https://x.com/api/feed"); ok {
		t.Errorf("x.com/api/feed matched %s", p)
	}
	if _, err := Parse("https://social.example/about", []byte(mine)); !errors.Is(err, ErrUnknownPlatform) {
		t.Errorf("unknown path of any host: %v", err)
	}
	if p, ep, ok := Match("https://social.example/api/feed"); !ok || p != "test" || ep != "mine" {
		t.Errorf("Match names %s %s %v, want the first endpoint whose pattern matches", p, ep, ok)
	}
}
