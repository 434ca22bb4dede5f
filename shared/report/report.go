package report

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"time"
)

// Report is what one participant's device sends for one day on one
// platform: the study it answers, and for every field of that study version
// the index of a category after randomised response. Nothing else: no user
// id, no text, no post ids, no URLs, no timestamp finer than the day.
type Report struct {
	// ID is 128 random bits in hex, the idempotency key of the report: a
	// retried upload counts once.
	ID       string         `json:"id"`
	Study    string         `json:"study"`
	Version  int            `json:"version"`
	Day      string         `json:"day"`
	Platform string         `json:"platform"`
	Values   map[string]int `json:"values"`
}

var reportIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// DecodeReport decodes one report strictly: unknown keys (say, a user id a
// buggy client added) are an error, not something silently dropped.
func DecodeReport(b []byte) (Report, error) {
	var r Report
	if err := Unmarshal(b, &r); err != nil {
		return Report{}, err
	}
	return r, nil
}

// Validate checks a report against the study version it claims to answer:
// the same check runs on the device before sending and on the server
// before storing.
func (r *Report) Validate(s *Study) error {
	if !reportIDPattern.MatchString(r.ID) {
		return errorf("id", "must be 32 lower-case hex digits")
	}
	if r.Study != s.ID {
		return errorf("study", "report is for study %q, not %q", r.Study, s.ID)
	}
	if r.Version != s.Version {
		return errorf("version", "report is for version %d, not %d", r.Version, s.Version)
	}
	if _, err := time.Parse(DayLayout, r.Day); err != nil {
		return errorf("day", "must be a day YYYY-MM-DD")
	}
	if !s.Active(r.Day) {
		return errorf("day", "%s is outside the study's period %s..%s", r.Day, s.Start, s.End)
	}
	if !contains(s.Platforms, r.Platform) {
		return errorf("platform", "platform %q is not part of the study", r.Platform)
	}
	for name := range r.Values {
		if _, ok := s.Field(name); !ok {
			return errorf("values."+name, "not a field of study %s version %d", s.ID, s.Version)
		}
	}
	for _, f := range s.Fields {
		v, ok := r.Values[f.Name]
		if !ok {
			return errorf("values."+f.Name, "missing")
		}
		if v < 0 || v >= len(f.Categories) {
			return errorf("values."+f.Name, "category %d out of range 0..%d", v, len(f.Categories)-1)
		}
	}
	return nil
}

// NewRand returns the randomness for reports in production: ChaCha8, a
// cryptographically strong generator, keyed by seed. Draw the seed from
// the platform's secure generator (crypto.getRandomValues in the browser,
// crypto/rand natively) for every batch of reports; then neither report
// ids nor randomised answers can be predicted from earlier ones. Tests
// pass a seeded PCG instead. The package itself leaves crypto/rand out:
// it would add 50 KB gzip to the browser's WebAssembly core.
func NewRand(seed [32]byte) *rand.Rand {
	return rand.New(rand.NewChaCha8(seed))
}

// NewID returns a 128-bit random report id in hex.
func NewID(r *rand.Rand) string {
	return fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
