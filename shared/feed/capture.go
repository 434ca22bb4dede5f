package feed

// Capture is what a browser extension needs to know of one platform to
// copy its feed payloads and mark its posts: generated from the rules
// tables (`feedlens endpoints`), so that no platform knowledge is written
// twice.
type Capture struct {
	Platform Platform `json:"platform"`
	// Hosts match themselves and their subdomains, as in Match.
	Hosts     []string          `json:"hosts"`
	Endpoints []CaptureEndpoint `json:"endpoints"`
	Embedded  []Embedded        `json:"embedded"`
	Badge     Badge             `json:"badge"`
}

// CaptureEndpoint is one feed endpoint: a response whose request URL's
// path, or whole URL, matches URL (a regexp in the syntax RE2 and
// JavaScript share) is a feed payload.
type CaptureEndpoint struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// Embedded is one place where a page carries feed data in its HTML; the
// extension hands it to Parse with the page's URL. Exactly one field is
// set.
type Embedded struct {
	// Global names a window variable that holds the data as an object,
	// e.g. "ytInitialData".
	Global string `json:"global,omitempty"`
	// Selector is a CSS selector of script elements whose text is JSON,
	// e.g. "script#SIGI_STATE".
	Selector string `json:"selector,omitempty"`
}

// Badge tells how to find a post's element in the page.
type Badge struct {
	// Anchor is a CSS selector with "{id}" standing for the post's ID;
	// it finds an element inside the post, e.g. the link to it.
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
		c := Capture{Platform: r.Platform, Hosts: r.Hosts, Embedded: r.Embedded, Badge: r.Badge,
			Endpoints: make([]CaptureEndpoint, len(r.Endpoints))}
		if c.Embedded == nil {
			c.Embedded = []Embedded{}
		}
		for i, e := range r.Endpoints {
			c.Endpoints[i] = CaptureEndpoint{Name: e.Name, URL: e.URL}
		}
		out = append(out, c)
	}
	return out
}
