package report

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"
)

// Source is where a report's metric values come from; *metrics.Metrics
// from shared/metrics satisfies it. ok is false for an unknown metric or
// one that is undefined for the window.
type Source interface {
	Lookup(name string) (num float64, label string, ok bool)
}

// Why a day is not reported: Build's errors wrap one of these, so a client
// can tell the participant in their language.
var (
	// ErrTooFewPosts: the day had fewer posts than the study's min_posts.
	ErrTooFewPosts = errors.New("too few posts to report this day")
	// ErrNotRunning: the day lies outside the study's period.
	ErrNotRunning = errors.New("the study is not running on this day")
	// ErrNotInStudy: the study does not cover the platform.
	ErrNotInStudy = errors.New("the platform is not part of the study")
	// ErrUndefined: a field's metric is undefined for the day (a topic
	// entropy without classified topics, say).
	ErrUndefined = errors.New("a metric is undefined for this day")
	// ErrNoCategory: a label fits none of its field's categories.
	ErrNoCategory = errors.New("a value fits none of the field's categories")
)

// Bucket returns the category index of a metric value: for a numeric field
// the number of edges at or below num (so each interval is closed below),
// for a label field the position of label among the categories.
func (f *Field) Bucket(num float64, label string) (int, error) {
	if len(f.Edges) > 0 {
		return sort.Search(len(f.Edges), func(i int) bool { return f.Edges[i] > num }), nil
	}
	for i, c := range f.Categories {
		if c == label {
			return i, nil
		}
	}
	return 0, fmt.Errorf("report: field %s: %q: %w", f.Name, label, ErrNoCategory)
}

// Buckets returns the true (not yet randomised) category of every field
// for one window of posts, or ErrTooFewPosts. It is what a client shows
// next to the randomised report in its preview.
func (s *Study) Buckets(src Source) (map[string]int, error) {
	posts, _, ok := src.Lookup("posts")
	if !ok || posts < float64(s.MinPosts) {
		return nil, fmt.Errorf("report: study %s: %w (%v of %d)", s.ID, ErrTooFewPosts, posts, s.MinPosts)
	}
	values := make(map[string]int, len(s.Fields))
	for i := range s.Fields {
		f := &s.Fields[i]
		num, label, ok := src.Lookup(f.Metric)
		if !ok {
			// Leaving the field out would tell the server that the metric
			// was undefined; the day is not reported instead.
			return nil, fmt.Errorf("report: study %s: field %s: metric %s: %w", s.ID, f.Name, f.Metric, ErrUndefined)
		}
		c, err := f.Bucket(num, label)
		if err != nil {
			return nil, err
		}
		values[f.Name] = c
	}
	return values, nil
}

// Build returns the report one participant sends for one day on one
// platform: every field bucketed, then randomised with the study's ε split
// evenly over the fields, under a fresh random id.
func (s *Study) Build(day, platform string, src Source, r *rand.Rand) (Report, error) {
	if _, err := time.Parse(DayLayout, day); err != nil {
		return Report{}, fmt.Errorf("report: study %s: day %q: want YYYY-MM-DD", s.ID, day)
	}
	if !s.Active(day) {
		return Report{}, fmt.Errorf("report: study %s: day %s: %w (%s..%s)", s.ID, day, ErrNotRunning, s.Start, s.End)
	}
	if !contains(s.Platforms, platform) {
		return Report{}, fmt.Errorf("report: study %s: %s: %w", s.ID, platform, ErrNotInStudy)
	}
	values, err := s.Buckets(src)
	if err != nil {
		return Report{}, err
	}
	eps := s.FieldEpsilon()
	for _, f := range s.Fields {
		values[f.Name] = Randomize(r, values[f.Name], len(f.Categories), eps)
	}
	return Report{ID: NewID(r), Study: s.ID, Version: s.Version, Day: day, Platform: platform, Values: values}, nil
}
