package bridge

import (
	"encoding/json"

	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/metrics"
	"github.com/feedlens/feedlens/shared/report"
)

// ReportInput is what feedlens.report reads besides the study: the stored
// posts of the day to report and of the day before it (for novelty), of
// any platform; the call picks the ones it needs.
type ReportInput struct {
	Posts []SeenPost `json:"posts"`
}

// ReportOutcome is feedlens.report's answer: the randomised report to
// queue with the true categories it was randomised from and, per field,
// the chance that the true category is the one sent (for the
// participant's preview; they never leave the device), or why the day is
// not reported.
type ReportOutcome struct {
	Report *report.Report     `json:"report,omitempty"`
	Truth  map[string]int     `json:"truth,omitempty"`
	Keep   map[string]float64 `json:"keep,omitempty"`
	Skip   string             `json:"skip,omitempty"`
	Reason string             `json:"reason,omitempty"`
	// Posts is how many posts the platform showed that day.
	Posts int `json:"posts"`
}

// skips names, for the extension's messages, each reason a day is not
// reported.
var skips = []struct {
	err  error
	code string
}{
	{report.ErrNotRunning, "not_running"},
	{report.ErrNotInStudy, "platform"},
	{report.ErrTooFewPosts, "too_few_posts"},
	{report.ErrUndefined, "undefined_metric"},
	{report.ErrNoCategory, "no_category"},
}

// skipCode is the code of the skip reason err wraps, or "". It unwraps by
// hand because errors.Is would link internal/reflectlite into the core
// (26 KB), and the core is at its size limit.
func skipCode(err error) string {
	for err != nil {
		for _, k := range skips {
			if err == k.err {
				return k.code
			}
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return ""
		}
		err = u.Unwrap()
	}
	return ""
}

// Report builds the report of one study for one day and platform from
// the stored posts in input (a ReportInput document): the metrics of
// shared/metrics for that platform's day, bucketed and randomised by
// shared/report with a generator keyed by seed. A day that is not
// reported comes back with skip and reason; bad input as an error
// document.
func Report(study, input []byte, day, platform string, seed [32]byte) (doc string) {
	defer guard(&doc)
	s, err := report.ParseStudy(study)
	if err != nil {
		return Error("report: study: " + err.Error())
	}
	var in ReportInput
	if err := json.Unmarshal(input, &in); err != nil {
		return Error("report: posts: " + err.Error())
	}
	posts, err := metricsPosts(in.Posts)
	if err != nil {
		return Error("report: " + err.Error())
	}
	m := metrics.PlatformDay(posts, feed.Platform(platform), day)
	out := ReportOutcome{Posts: m.Posts}
	rep, err := s.Build(day, platform, &m, report.NewRand(seed))
	if err != nil {
		if code := skipCode(err); code != "" {
			out.Skip, out.Reason = code, err.Error()
			return encode(out)
		}
		return Error(err.Error())
	}
	// Build has just bucketed the same metrics, so this cannot fail.
	truth, _ := s.Buckets(&m)
	out.Report, out.Truth, out.Keep = &rep, truth, map[string]float64{}
	for _, f := range s.Fields {
		out.Keep[f.Name], _ = report.Probabilities(s.FieldEpsilon(), len(f.Categories))
	}
	return encode(out)
}
