package feed

import (
	"slices"
	"testing"
)

// ruleCase is a hand-made payload testing one rule of an adapter: the
// reasons of the posts it must yield, in order, and how many entries it
// must report as not understood.
type ruleCase struct {
	name    string
	url     string
	body    []byte
	reasons []Reason
	unknown int
	check   func(t *testing.T, f Feed) // more checks, when not nil
}

// checkRules parses each case and checks its reasons, its unknown count,
// the invariants of every post and the case's own checks.
func checkRules(t *testing.T, platform Platform, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(c.url, c.body)
			if err != nil {
				t.Fatal(err)
			}
			if f.Platform != platform {
				t.Errorf("platform %s, want %s", f.Platform, platform)
			}
			var got []Reason
			for _, p := range f.Posts {
				got = append(got, p.Reason)
			}
			if !slices.Equal(got, c.reasons) || f.Unknown != c.unknown {
				t.Fatalf("reasons %v unknown %d (%v), want %v unknown %d", got, f.Unknown, f.UnknownKinds, c.reasons, c.unknown)
			}
			checkPosts(t, f)
			if c.check != nil {
				c.check(t, f)
			}
		})
	}
}
