package feed

import (
	"regexp"
	"strings"
	"testing"
)

// TestCaptures checks that what the extension is generated from agrees
// with the rules: every platform with an adapter is listed, its endpoint
// patterns stay in the syntax RE2 and JavaScript share, badge anchors
// name the post id and every platform has pages the extension reads.
func TestCaptures(t *testing.T) {
	caps := Captures()
	if len(caps) != len(adapters) {
		t.Fatalf("%d captures for %d adapters", len(caps), len(adapters))
	}
	for _, c := range caps {
		if len(c.Hosts) == 0 || len(c.Endpoints) == 0 {
			t.Errorf("%s: no hosts or endpoints", c.Platform)
		}
		for _, e := range c.Endpoints {
			if strings.Contains(e.URL, "(?") {
				// JavaScript's RegExp has no inline flags or named
				// groups in RE2 syntax; the extension compiles these.
				t.Errorf("%s %s: pattern %q uses RE2-only syntax", c.Platform, e.Name, e.URL)
			}
			if e.URL == "" {
				t.Errorf("%s %s: empty pattern would match every request", c.Platform, e.Name)
			}
			if _, err := regexp.Compile(e.URL); err != nil {
				t.Errorf("%s %s: %v", c.Platform, e.Name, err)
			}
		}
		if c.Badge.Anchor != "" && !strings.Contains(c.Badge.Anchor, "{id}") {
			t.Errorf("%s: badge anchor %q has no {id}", c.Platform, c.Badge.Anchor)
		}
		if len(c.Pages) == 0 {
			t.Errorf("%s: no page hosts: the extension would never read it (rules: \"pages\" for hosts \"*\")", c.Platform)
		}
	}
}
