package feed

import "slices"

// Capture is what a browser extension needs to know of one platform to
// copy its feed payloads and mark its posts: generated from the rules
// tables (`feedlens endpoints`), so that no platform knowledge is written
// twice.
type Capture struct {
	Platform Platform `json:"platform"`
	// Hosts match themselves and their subdomains, as in Match; "*"
	// matches any host (the endpoint patterns alone claim a URL).
	Hosts []string `json:"hosts"`
	// Pages are the hosts whose pages the extension reads: Hosts, or for
	// a platform anyone can host, the rules' list of its web apps.
	Pages     []string          `json:"pages"`
	Endpoints []CaptureEndpoint `json:"endpoints"`
	// Embedded are the literal texts right before a feed document in the
	// platform's HTML (e.g. "var ytInitialData ="): the extension sends
	// each inline script that holds one to Parse, with the page's URL.
	Embedded []string `json:"embedded"`
	Badge    Badge    `json:"badge"`
}

// CaptureEndpoint is one feed endpoint: a response whose request URL's
// path, or whole URL, matches URL (a regexp in the syntax RE2 and
// JavaScript share) is a feed payload. Endpoints the rules know only by
// their shape are left out: a browser always has the URL, and an empty
// pattern would match every request.
type CaptureEndpoint struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Badge tells how to find a post's element in the page.
type Badge struct {
	// Anchor is a CSS selector that finds an element inside the post,
	// e.g. the link to it: one or more comma-separated parts, each
	// `head[attr op "before{key}after"]`, op one of = ^= $= *=, where
	// {key} is "{id}" (the post's ID) or "{ref}" (its Ref, or the ID when
	// it has none). The extension matches every part's elements at once
	// and reads the key out of the attribute: one query per paint, not
	// one per post. TestCaptures keeps the rules to this form.
	Anchor string `json:"anchor,omitempty"`
	// Container is the CSS selector of the post's element, the closest
	// ancestor of Anchor that matches (Anchor itself when empty).
	Container string `json:"container,omitempty"`
}

// Captures lists every platform that has an adapter, in the order
// detection tries them.
func Captures() []Capture {
	out := make([]Capture, 0, len(adapters))
	for _, a := range adapters {
		r := a.rules
		c := Capture{Platform: r.Platform, Hosts: r.Hosts, Pages: r.Pages, Embedded: r.Embedded, Badge: r.Badge,
			Endpoints: []CaptureEndpoint{}}
		if !slices.Contains(r.Hosts, "*") {
			c.Pages = r.Hosts
		}
		if c.Embedded == nil {
			c.Embedded = []string{}
		}
		for _, e := range r.Endpoints {
			if e.URL != "" {
				c.Endpoints = append(c.Endpoints, CaptureEndpoint{Name: e.Name, URL: e.URL})
			}
		}
		out = append(out, c)
	}
	return out
}
