package feed

import (
	"slices"
	"testing"
)

// ruleCase is a hand-made payload and what Parse must make of it: the
// platforms' rule tests are tables of them.
type ruleCase struct {
	name     string
	url      string
	body     []byte
	endpoint string   // "" when not checked
	reasons  []Reason // of the posts, in order
	media    []Media  // of the posts, in order; nil when not checked
	unknown  int
	check    func(t *testing.T, f Feed)
}

// checkRules parses each case and checks its platform, endpoint, the
// reasons and media of its posts, what was not understood, the invariants
// of every post, and then the case's own checks.
func checkRules(t *testing.T, platform Platform, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(c.url, c.body)
			if err != nil {
				t.Fatal(err)
			}
			var reasons []Reason
			var media []Media
			for _, p := range f.Posts {
				reasons, media = append(reasons, p.Reason), append(media, p.Media)
			}
			if c.media == nil {
				media = nil
			}
			if f.Platform != platform || c.endpoint != "" && f.Endpoint != c.endpoint || !slices.Equal(reasons, c.reasons) ||
				!slices.Equal(media, c.media) || f.Unknown != c.unknown {
				t.Fatalf("%s %s: reasons %v media %v unknown %d (%v)\nwant %s %s: %v %v %d",
					f.Platform, f.Endpoint, reasons, media, f.Unknown, f.UnknownKinds, platform, c.endpoint, c.reasons, c.media, c.unknown)
			}
			checkPosts(t, f)
			if c.check != nil {
				c.check(t, f)
			}
		})
	}
}
