package feed

import (
	"regexp"
	"strings"
	"testing"
)

// anchorPart is the form of one part of a badge anchor that the
// extension's content script (content_isolated.js, compileAnchor) reads:
// head, attribute, operator, the text before the key, the key's name and
// the text after it. No quote or placeholder inside the texts.
var anchorPart = regexp.MustCompile(`^([^\[\],]*)\[([A-Za-z][\w-]*)([\^$*]?=)"([^"{}]*)\{(id|ref)\}([^"{}]*)"\]$`)

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
		if c.Badge.Anchor == "" {
			t.Errorf("%s: no badge anchor: its posts would not be marked", c.Platform)
		}
		key := ""
		for _, part := range strings.Split(c.Badge.Anchor, ",") {
			m := anchorPart.FindStringSubmatch(strings.TrimSpace(part))
			if m == nil {
				t.Errorf("%s: badge anchor part %q is not head[attr op \"…{id}…\"] (content_isolated.js reads only that form)", c.Platform, part)
				continue
			}
			if key != "" && m[5] != key {
				t.Errorf("%s: badge anchor mixes {%s} and {%s}", c.Platform, key, m[5])
			}
			key = m[5]
		}
		if len(c.Pages) == 0 {
			t.Errorf("%s: no page hosts: the extension would never read it (rules: \"pages\" for hosts \"*\")", c.Platform)
		}
	}
}
