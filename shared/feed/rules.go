package feed

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
)

//go:embed rules/*.json
var rulesFS embed.FS

// rules is one platform's table of endpoints, field paths and markers.
// The files in rules/ are the only place that knows what a platform's JSON
// looks like; when a platform changes its payloads, the fix is a change
// there (and a new fixture), not new code.
type rules struct {
	Platform Platform `json:"platform"`
	// Hosts are the host names whose URLs belong to the platform; a host
	// matches itself and its subdomains. "*" stands for any host, for
	// platforms anyone can run a server of: their URLs are claimed by the
	// endpoints' patterns alone.
	Hosts     []string   `json:"hosts"`
	Endpoints []endpoint `json:"endpoints"`
	// Objects maps an object kind (e.g. "tweet") to its fields, each a
	// list of alternative gjson paths relative to that object.
	Objects map[string]map[string]fieldSpec `json:"objects"`
	// Embedded are the literal texts that come right before a feed
	// document embedded in the platform's HTML pages, e.g.
	// "var ytInitialData = " (see embedded.go).
	Embedded []string `json:"embedded"`
	// Markers are the literal strings (entry-id prefixes, type names,
	// label texts) that decide what an object is.
	Markers map[string][]string `json:"markers"`
	// Pages are the hosts where the platform's web app runs, for
	// platforms whose Hosts is "*" (the extension's content scripts go
	// there), and Badge says how the extension finds a post in the page;
	// see capture.go.
	Pages []string `json:"pages"`
	Badge Badge    `json:"badge"`

	kinds map[string]*kind // the object kinds the adapter declared
}

// endpoint is one kind of feed response.
type endpoint struct {
	Name string `json:"name"`
	// URL is a regexp matched against the request URL's path and the
	// whole URL. An endpoint without one is found only by its shape: for
	// payloads that several endpoints share, whose URL is unknown.
	URL     string  `json:"url"`
	Surface Surface `json:"surface"`
	// Reason is what an organic post whose author the user does not
	// follow is there for, e.g. "recommended" on For You, "search" on
	// search results.
	Reason Reason `json:"reason"`
	// Roots are gjson paths to where the endpoint's items are; the first
	// that exists is used.
	Roots []string `json:"roots"`
	// Object is the kind of object found at the root.
	Object string `json:"object"`
	// Shape, when set, lists gjson paths ("path" must exist, or
	// "path==value") that make a payload without a URL this endpoint
	// (default: Roots).
	Shape []string `json:"shape"`
	url   *regexp.Regexp
	root  *kind // the trie from the payload's root to Object
}

func loadRules(p Platform) *rules {
	b, err := rulesFS.ReadFile("rules/" + string(p) + ".json")
	if err != nil {
		panic(fmt.Sprintf("feed: rules for %s: %v", p, err))
	}
	r, err := parseRules(b)
	if err != nil {
		panic(fmt.Sprintf("feed: rules/%s.json: %v", p, err))
	}
	if r.Platform != p {
		panic(fmt.Sprintf("feed: rules/%s.json names platform %q", p, r.Platform))
	}
	return r
}

// parseRules reads a rules table and compiles its URL patterns.
func parseRules(b []byte) (*rules, error) {
	r := new(rules)
	if err := json.Unmarshal(b, r); err != nil {
		return nil, err
	}
	for i := range r.Endpoints {
		e := &r.Endpoints[i]
		if e.URL != "" {
			var err error
			if e.url, err = regexp.Compile(e.URL); err != nil {
				return nil, fmt.Errorf("endpoint %s: %w", e.Name, err)
			}
		}
		if len(e.Shape) == 0 {
			e.Shape = e.Roots
		}
	}
	return r, nil
}

// marker returns the marker strings named name.
func (r *rules) marker(name string) []string {
	m, ok := r.Markers[name]
	if !ok {
		panic(fmt.Sprintf("feed: rules/%s.json: no marker %q", r.Platform, name))
	}
	return m
}

// is reports whether s is one of the marker strings named name.
func (r *rules) is(name, s string) bool { return slices.Contains(r.marker(name), s) }
