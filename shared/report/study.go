// Package report is the one source of truth for crowd studies, used by the
// extension (through WebAssembly) and by the aggregation server: the study
// document and its validation, the report a participant's device sends,
// bucketing a metric into a study field's categories, k-ary randomised
// response, and the unbiased estimates a researcher receives.
//
// The package is pure Go without net/http or syscall/js so that the same
// code compiles for the browser, the native server and the Worker.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// DayLayout is how a day is written in studies and reports: no timestamp
// finer than the day ever leaves the device.
const DayLayout = "2006-01-02"

// Limits that keep a study small enough to show on a consent screen and a
// report small enough to check cheaply.
const (
	MaxFields     = 32
	MaxCategories = 64
	MaxTextLen    = 20000
)

// Text is a text in several languages, keyed by language code ("en", "de").
// English is required, because it is the fallback every client shows.
type Text map[string]string

// Study is one version of a named study: what participants consent to,
// which platforms and days it covers, its privacy parameters, and the
// fields a report carries.
type Study struct {
	ID          string   `json:"id"`
	Version     int      `json:"version"`
	Title       Text     `json:"title"`
	Description Text     `json:"description"`
	Consent     Text     `json:"consent"`
	Platforms   []string `json:"platforms"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
	// Epsilon is the local privacy budget of one report, split evenly over
	// the fields.
	Epsilon float64 `json:"epsilon"`
	// MinCohort is k: no aggregate cell with fewer reports is released.
	MinCohort int `json:"min_cohort"`
	// MinPosts is how many posts a day needs before it is reported, so a
	// day with three posts does not stand for a feed.
	MinPosts int `json:"min_posts"`
	// CentralEpsilon, when positive, adds Laplace noise of that budget to
	// every released count on top of the local randomisation.
	CentralEpsilon float64 `json:"central_epsilon,omitempty"`
	Fields         []Field `json:"fields"`
}

// Field maps one metric of shared/metrics to fixed categories. A numeric
// metric is cut at Edges (len(Edges)+1 categories, each interval closed
// below); a label metric (top_topic) names its categories by the labels.
type Field struct {
	Name       string    `json:"name"`
	Metric     string    `json:"metric"`
	Categories []string  `json:"categories"`
	Edges      []float64 `json:"edges,omitempty"`
}

// Error is a validation error that names the offending JSON field, so the
// server can answer {"error", "field"} and a client can point at the input.
type Error struct {
	Field string
	Msg   string
}

// Error reports the field and the problem in one line.
func (e *Error) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

func errorf(field, format string, args ...any) error {
	return &Error{Field: field, Msg: fmt.Sprintf(format, args...)}
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,63}$`)
	namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
)

// ParseStudy decodes and validates a study document. Unknown keys are
// rejected: a typo in a privacy parameter must not pass silently.
func ParseStudy(b []byte) (*Study, error) {
	var s Study
	if err := Unmarshal(b, &s); err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Validate checks that the study is complete and consistent.
func (s *Study) Validate() error {
	if !idPattern.MatchString(s.ID) {
		return errorf("id", "must be 2-64 characters of a-z, 0-9 and '-', starting with a letter or digit")
	}
	if s.Version < 1 {
		return errorf("version", "must be 1 or more")
	}
	for _, t := range []struct {
		name string
		text Text
	}{{"title", s.Title}, {"description", s.Description}, {"consent", s.Consent}} {
		if err := t.text.validate(t.name); err != nil {
			return err
		}
	}
	if len(s.Platforms) == 0 {
		return errorf("platforms", "must name at least one platform")
	}
	seen := map[string]bool{}
	for i, p := range s.Platforms {
		if !isPlatform(p) {
			return errorf(fmt.Sprintf("platforms[%d]", i), "unknown platform %q", p)
		}
		if seen[p] {
			return errorf(fmt.Sprintf("platforms[%d]", i), "platform %q listed twice", p)
		}
		seen[p] = true
	}
	start, err := time.Parse(DayLayout, s.Start)
	if err != nil {
		return errorf("start", "must be a day YYYY-MM-DD")
	}
	end, err := time.Parse(DayLayout, s.End)
	if err != nil {
		return errorf("end", "must be a day YYYY-MM-DD")
	}
	if end.Before(start) {
		return errorf("end", "is before start")
	}
	if !(s.Epsilon > 0 && s.Epsilon <= 20) {
		return errorf("epsilon", "must be in (0, 20]")
	}
	if s.MinCohort < 2 {
		return errorf("min_cohort", "must be 2 or more")
	}
	if s.MinPosts < 1 {
		return errorf("min_posts", "must be 1 or more")
	}
	if !(s.CentralEpsilon >= 0 && s.CentralEpsilon <= 20) {
		return errorf("central_epsilon", "must be in [0, 20]")
	}
	if len(s.Fields) == 0 || len(s.Fields) > MaxFields {
		return errorf("fields", "must have 1 to %d fields", MaxFields)
	}
	names := map[string]bool{}
	for i := range s.Fields {
		f := &s.Fields[i]
		path := fmt.Sprintf("fields[%d]", i)
		if !namePattern.MatchString(f.Name) {
			return errorf(path+".name", "must be 1-64 characters of a-z, 0-9 and '_', starting with a letter")
		}
		if names[f.Name] {
			return errorf(path+".name", "field %q defined twice", f.Name)
		}
		names[f.Name] = true
		if err := f.validate(path); err != nil {
			return err
		}
	}
	return nil
}

func (t Text) validate(name string) error {
	if t["en"] == "" {
		return errorf(name+".en", "an English text is required")
	}
	for lang, text := range t {
		if len(lang) < 2 || len(lang) > 8 {
			return errorf(name, "language code %q is not 2-8 characters", lang)
		}
		if len(text) > MaxTextLen {
			return errorf(name+"."+lang, "longer than %d bytes", MaxTextLen)
		}
	}
	return nil
}

func (f *Field) validate(path string) error {
	kind, ok := metricKind(f.Metric)
	if !ok {
		return errorf(path+".metric", "unknown metric %q", f.Metric)
	}
	k := len(f.Categories)
	if k < 2 || k > MaxCategories {
		return errorf(path+".categories", "must have 2 to %d categories", MaxCategories)
	}
	seen := map[string]bool{}
	for j, c := range f.Categories {
		if c == "" || len(c) > 64 {
			return errorf(fmt.Sprintf("%s.categories[%d]", path, j), "must be 1-64 bytes")
		}
		if seen[c] {
			return errorf(fmt.Sprintf("%s.categories[%d]", path, j), "category %q listed twice", c)
		}
		seen[c] = true
	}
	switch kind {
	case numberMetric:
		if len(f.Edges) != k-1 {
			return errorf(path+".edges", "a numeric metric needs len(categories)-1 = %d edges, got %d", k-1, len(f.Edges))
		}
		for j, e := range f.Edges {
			if math.IsNaN(e) || math.IsInf(e, 0) {
				return errorf(fmt.Sprintf("%s.edges[%d]", path, j), "must be a finite number")
			}
			if j > 0 && e <= f.Edges[j-1] {
				return errorf(fmt.Sprintf("%s.edges[%d]", path, j), "edges must increase strictly")
			}
		}
	case labelMetric:
		if len(f.Edges) != 0 {
			return errorf(path+".edges", "a label metric has no edges")
		}
	}
	return nil
}

// Active says whether day (YYYY-MM-DD) lies within the study's period.
// Days compare correctly as strings because the layout is fixed-width.
func (s *Study) Active(day string) bool {
	return s.Start <= day && day <= s.End
}

// Field returns the field of that name.
func (s *Study) Field(name string) (*Field, bool) {
	for i := range s.Fields {
		if s.Fields[i].Name == name {
			return &s.Fields[i], true
		}
	}
	return nil, false
}

// FieldEpsilon is the budget each field's randomised response gets: the
// study's ε split evenly, so a whole report is ε-locally differentially
// private by sequential composition.
func (s *Study) FieldEpsilon() float64 {
	return s.Epsilon / float64(len(s.Fields))
}

// Unmarshal decodes exactly one JSON value into v, rejecting unknown keys
// and trailing data; every error is an *Error naming the field where known.
// It is how studies, reports and report batches are read from the network.
func Unmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	for _, c := range b[dec.InputOffset():] {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return errorf("", "trailing data after the JSON value")
		}
	}
	return nil
}

// jsonError turns encoding/json's errors into an *Error naming the field
// where the decoder knows it. The decoder returns its errors unwrapped, so
// a type switch finds them: errors.As would link internal/reflectlite into
// the browser's core (26 KB).
func jsonError(err error) error {
	switch e := err.(type) {
	case *json.UnmarshalTypeError:
		return errorf(e.Field, "must be %s, not %s", jsonType(e.Type.Kind()), e.Value)
	case *json.SyntaxError:
		return errorf("", "malformed JSON at byte %d: %v", e.Offset, e)
	}
	switch err {
	case io.EOF:
		return errorf("", "empty body, expected a JSON object")
	case io.ErrUnexpectedEOF:
		return errorf("", "malformed JSON: unexpected end of input")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return errorf(strings.Trim(name, `"`), "unknown field")
	}
	return errorf("", "malformed JSON: %v", err)
}

func jsonType(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "an integer"
	case reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return k.String()
}
