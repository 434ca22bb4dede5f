package report

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// metricsMap is a Source for tests; shared/metrics provides the real one.
type metricsMap map[string]any

func (m metricsMap) Lookup(name string) (float64, string, bool) {
	switch v := m[name].(type) {
	case float64:
		return v, "", true
	case string:
		return 0, v, true
	}
	return 0, "", false
}

func dayMetrics() metricsMap {
	return metricsMap{
		"posts": 140.0, "ad_share": 0.12, "reason_share.recommended": 0.5, "topic_entropy": 0.39,
		"top_topic": "sports", "tier_share.mega": 0.25, "tactic_rate": 0.31,
	}
}

func TestBucket(t *testing.T) {
	s := exampleStudy(t)
	values, err := s.Buckets(dayMetrics())
	if err != nil {
		t.Fatal(err)
	}
	// Intervals are closed below: 0.5 is in "50-75%", 0.25 in "25-50%".
	want := map[string]int{"ad_share": 2, "recommended_share": 2, "topic_entropy": 0, "top_topic": 4,
		"mega_account_share": 2, "tactic_rate": 3}
	for k, v := range want {
		if values[k] != v {
			t.Errorf("%s: category %d, want %d", k, values[k], v)
		}
	}
	f, _ := s.Field("ad_share")
	for num, want := range map[float64]int{-1: 0, 0: 0, 0.0499: 0, 0.05: 1, 0.3: 4, 7: 4} {
		if got, _ := f.Bucket(num, ""); got != want {
			t.Errorf("Bucket(%v) = %d, want %d", num, got, want)
		}
	}
	top, _ := s.Field("top_topic")
	if _, err := top.Bucket(0, "cooking"); err == nil {
		t.Error("an unknown label was bucketed")
	}
}

func TestBuildRespectsMinPostsAndUndefinedMetrics(t *testing.T) {
	s := exampleStudy(t)
	r := rand.New(rand.NewPCG(1, 1))
	few := dayMetrics()
	few["posts"] = float64(s.MinPosts - 1)
	if _, err := s.Build("2027-01-05", "x", few, r); !errors.Is(err, ErrTooFewPosts) {
		t.Errorf("a day with %d posts: err = %v, want ErrTooFewPosts", s.MinPosts-1, err)
	}
	undefined := dayMetrics()
	delete(undefined, "topic_entropy")
	if _, err := s.Build("2027-01-05", "x", undefined, r); !errors.Is(err, ErrUndefined) || !strings.Contains(err.Error(), "topic_entropy") {
		t.Errorf("undefined metric: err = %v, want ErrUndefined naming topic_entropy", err)
	}
	unlisted := dayMetrics()
	unlisted["top_topic"] = "cooking"
	if _, err := s.Build("2027-01-05", "x", unlisted, r); !errors.Is(err, ErrNoCategory) {
		t.Errorf("a label outside the categories: err = %v, want ErrNoCategory", err)
	}
	if _, err := s.Build("2020-01-05", "x", dayMetrics(), r); !errors.Is(err, ErrNotRunning) {
		t.Errorf("a day outside the study: err = %v, want ErrNotRunning", err)
	}
	for _, day := range []string{"2027-1-5", "2027-01-05T00:00:00Z", ""} {
		if _, err := s.Build(day, "x", dayMetrics(), r); err == nil {
			t.Errorf("day %q: built a report", day)
		}
	}
	if _, err := s.Build("2027-01-05", "mastodon", dayMetrics(), r); !errors.Is(err, ErrNotInStudy) {
		t.Errorf("a platform outside the study: err = %v, want ErrNotInStudy", err)
	}
}

// NewRand is keyed by its seed alone: the same seed gives the same
// report, another seed another id.
func TestNewRandIsKeyedBySeed(t *testing.T) {
	s := exampleStudy(t)
	build := func(seed byte) Report {
		rep, err := s.Build("2027-01-05", "x", dayMetrics(), NewRand([32]byte{seed}))
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	a, b, c := build(1), build(1), build(2)
	if a.ID != b.ID || !reflect.DeepEqual(a.Values, b.Values) {
		t.Errorf("the same seed gave %+v and %+v", a, b)
	}
	if a.ID == c.ID {
		t.Errorf("seeds 1 and 2 gave the same id %s", a.ID)
	}
}

// A built report validates, carries exactly the study's keys and nothing
// else, and its values are the true buckets randomised at the study's rate.
func TestBuildRandomisesAtStudyRate(t *testing.T) {
	s := exampleStudy(t)
	r := rand.New(rand.NewPCG(5, 5))
	truth, _ := s.Buckets(dayMetrics())
	kept := map[string]int{}
	const n = 100_000
	ids := map[string]bool{}
	for range n {
		rep, err := s.Build("2027-01-05", "instagram", dayMetrics(), r)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Validate(s); err != nil {
			t.Fatalf("built report does not validate: %v", err)
		}
		ids[rep.ID] = true
		for k, v := range rep.Values {
			if v == truth[k] {
				kept[k]++
			}
		}
	}
	if len(ids) != n {
		t.Errorf("%d distinct ids in %d reports", len(ids), n)
	}
	for _, f := range s.Fields {
		p, _ := Probabilities(s.FieldEpsilon(), len(f.Categories))
		if got := float64(kept[f.Name]) / n; got < p-0.006 || got > p+0.006 {
			t.Errorf("%s: truth kept %.4f of the time, want p = %.4f", f.Name, got, p)
		}
	}
	rep, _ := s.Build("2027-01-05", "x", dayMetrics(), r)
	b, _ := json.Marshal(rep)
	var keys map[string]json.RawMessage
	_ = json.Unmarshal(b, &keys)
	if len(keys) != 6 {
		t.Errorf("report has keys %v, want exactly id, study, version, day, platform, values", keys)
	}
}

func validReport(t *testing.T, s *Study) Report {
	t.Helper()
	rep, err := s.Build("2027-01-05", "x", dayMetrics(), rand.New(rand.NewPCG(9, 9)))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestReportValidation(t *testing.T) {
	s := exampleStudy(t)
	cases := []struct {
		name, field string
		edit        func(r *Report)
	}{
		{"short id", "id", func(r *Report) { r.ID = "abc" }},
		{"upper-case id", "id", func(r *Report) { r.ID = strings.ToUpper(r.ID) }},
		{"other study", "study", func(r *Report) { r.Study = "other" }},
		{"other version", "version", func(r *Report) { r.Version = 2 }},
		{"bad day", "day", func(r *Report) { r.Day = "2027-02-30" }},
		{"time in day", "day", func(r *Report) { r.Day = "2027-01-05T10:00:00Z" }},
		{"day before start", "day", func(r *Report) { r.Day = "2026-11-30" }},
		{"platform outside", "platform", func(r *Report) { r.Platform = "mastodon" }},
		{"missing field", "values.top_topic", func(r *Report) { delete(r.Values, "top_topic") }},
		{"extra field", "values.user", func(r *Report) { r.Values["user"] = 1 }},
		{"negative", "values.ad_share", func(r *Report) { r.Values["ad_share"] = -1 }},
		{"too large", "values.ad_share", func(r *Report) { r.Values["ad_share"] = 5 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := validReport(t, s)
			c.edit(&rep)
			var e *Error
			if err := rep.Validate(s); !errors.As(err, &e) || e.Field != c.field {
				t.Errorf("Validate() = %v, want an error on %q", err, c.field)
			}
		})
	}
}

func TestDecodeReport(t *testing.T) {
	good := `{"id":"0123456789abcdef0123456789abcdef","study":"s","version":1,"day":"2027-01-01","platform":"x","values":{"a":1}}`
	for _, doc := range []string{good, " \n" + good + " \r\n\t"} {
		if r, err := DecodeReport([]byte(doc)); err != nil || r.Values["a"] != 1 {
			t.Fatalf("DecodeReport(%q) = %+v, %v", doc, r, err)
		}
	}
	for doc, field := range map[string]string{
		strings.Replace(good, `"values"`, `"user_id":"u1","values"`, 1): "user_id",
		strings.Replace(good, `"version":1`, `"version":"1"`, 1):        "version",
		strings.Replace(good, `"version":1`, `"version":1.5`, 1):        "version",
		strings.Replace(good, `{"a":1}`, `{"a":"1"}`, 1):                "values",
		strings.Replace(good, `{"a":1}`, `[1]`, 1):                      "values",
		good + `{}`:     "",
		good + ` x`:     "",
		good + "\u00a0": "",
		`[]`:            "",
		`{"id":`:        "",
		`not json`:      "",
	} {
		var e *Error
		if _, err := DecodeReport([]byte(doc)); !errors.As(err, &e) || e.Field != field {
			t.Errorf("DecodeReport(%s) = %v, want an error on %q", doc, err, field)
		}
	}
}
