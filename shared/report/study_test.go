package report

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func exampleStudy(t testing.TB) *Study {
	t.Helper()
	b, err := os.ReadFile("../../docs/examples/study.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseStudy(b)
	if err != nil {
		t.Fatalf("docs/examples/study.json does not validate: %v", err)
	}
	return s
}

func TestExampleStudyValidates(t *testing.T) {
	s := exampleStudy(t)
	if len(s.Fields) < 6 {
		t.Errorf("example has %d fields, want at least 6", len(s.Fields))
	}
	want := map[string]bool{"ad_share": false, "reason_share.recommended": false, "topic_entropy": false,
		"top_topic": false, "tier_share.mega": false, "tactic_rate": false}
	for _, f := range s.Fields {
		if _, ok := want[f.Metric]; ok {
			want[f.Metric] = true
		}
	}
	for m, seen := range want {
		if !seen {
			t.Errorf("example study lacks a field on metric %s", m)
		}
	}
	if s.Title["de"] == "" || s.Consent["de"] == "" {
		t.Error("example study should carry German texts too")
	}
}

// Each case differs from the valid example study in exactly one way and
// must be rejected with an error naming that field.
func TestStudyValidationErrors(t *testing.T) {
	cases := []struct {
		name, field string
		edit        func(s *Study)
	}{
		{"bad id", "id", func(s *Study) { s.ID = "Bad ID" }},
		{"version 0", "version", func(s *Study) { s.Version = 0 }},
		{"no english title", "title.en", func(s *Study) { s.Title = Text{"de": "x"} }},
		{"no platforms", "platforms", func(s *Study) { s.Platforms = nil }},
		{"unknown platform", "platforms[0]", func(s *Study) { s.Platforms[0] = "myspace" }},
		{"duplicate platform", "platforms[1]", func(s *Study) { s.Platforms[1] = s.Platforms[0] }},
		{"bad start", "start", func(s *Study) { s.Start = "2026-13-01" }},
		{"end before start", "end", func(s *Study) { s.End = "2020-01-01" }},
		{"epsilon 0", "epsilon", func(s *Study) { s.Epsilon = 0 }},
		{"epsilon huge", "epsilon", func(s *Study) { s.Epsilon = 100 }},
		{"k 1", "min_cohort", func(s *Study) { s.MinCohort = 1 }},
		{"min posts 0", "min_posts", func(s *Study) { s.MinPosts = 0 }},
		{"negative central", "central_epsilon", func(s *Study) { s.CentralEpsilon = -1 }},
		{"no fields", "fields", func(s *Study) { s.Fields = nil }},
		{"bad field name", "fields[0].name", func(s *Study) { s.Fields[0].Name = "Ad Share" }},
		{"duplicate field", "fields[1].name", func(s *Study) { s.Fields[1].Name = s.Fields[0].Name }},
		{"unknown metric", "fields[0].metric", func(s *Study) { s.Fields[0].Metric = "mood" }},
		{"unknown family value", "fields[1].metric", func(s *Study) { s.Fields[1].Metric = "reason_share.vibes" }},
		{"one category", "fields[0].categories", func(s *Study) { s.Fields[0].Categories = []string{"all"}; s.Fields[0].Edges = nil }},
		{"duplicate category", "fields[0].categories[1]", func(s *Study) { s.Fields[0].Categories[1] = s.Fields[0].Categories[0] }},
		{"edges count", "fields[0].edges", func(s *Study) { s.Fields[0].Edges = s.Fields[0].Edges[:2] }},
		{"edges order", "fields[0].edges[1]", func(s *Study) { s.Fields[0].Edges[1] = s.Fields[0].Edges[0] }},
		{"label with edges", "fields[3].edges", func(s *Study) { s.Fields[3].Edges = []float64{1} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := exampleStudy(t)
			c.edit(s)
			err := s.Validate()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Validate() = %v, want an *Error", err)
			}
			if e.Field != c.field {
				t.Errorf("error names field %q, want %q (%v)", e.Field, c.field, err)
			}
		})
	}
}

func TestParseStudyRejectsBadJSON(t *testing.T) {
	cases := map[string]string{
		`{"id": "a-study", "surprise": 1}`: "surprise",
		`{"id": 7}`:                        "id",
		`{"version": "1"}`:                 "version",
		`{"fields": {}}`:                   "fields",
		`{"id": "x"} {}`:                   "",
		`{"id": `:                          "",
		``:                                 "",
	}
	for doc, field := range cases {
		_, err := ParseStudy([]byte(doc))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("ParseStudy(%q) = %v, want an *Error", doc, err)
			continue
		}
		if e.Field != field {
			t.Errorf("ParseStudy(%q) names field %q, want %q (%v)", doc, e.Field, field, err)
		}
	}
}

func TestMetricKinds(t *testing.T) {
	for name, want := range map[string]metricType{
		"ad_share": numberMetric, "top_topic": labelMetric, "topic_share.politics": numberMetric,
		"tactic_rate.urgency": numberMetric, "tactic_rate": numberMetric, "party_share.spd": numberMetric,
	} {
		if got, ok := metricKind(name); !ok || got != want {
			t.Errorf("metricKind(%q) = %v, %v; want %v", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "ad", "topic_share.", "topic_share.cooking", "party_share.Bad Name", strings.Repeat("x", 10)} {
		if _, ok := metricKind(name); ok {
			t.Errorf("metricKind(%q) accepted an unknown metric", name)
		}
	}
}
