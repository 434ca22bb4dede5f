package bridge

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/feedlens/feedlens/shared/inspect"
	"github.com/feedlens/feedlens/shared/metrics"
)

// MetricsInput is what feedlens.metrics reads: the posts of a window as
// the extension stores them (the day the user saw each and the post as
// inspect reported it), and the posts of the window before (for novelty).
// Other fields of a stored record are ignored.
type MetricsInput struct {
	Posts    []SeenPost `json:"posts"`
	Previous []SeenPost `json:"previous"`
}

// SeenPost is one stored post: the local day (YYYY-MM-DD) it was seen.
type SeenPost struct {
	Day  string       `json:"day"`
	Post inspect.Post `json:"post"`
}

// Metrics returns the JSON of shared/metrics for the window in input (a
// MetricsInput document), or an error document.
func Metrics(input []byte) (out string) {
	defer guard(&out)
	var in MetricsInput
	if err := json.Unmarshal(input, &in); err != nil {
		return Error("metrics: " + err.Error())
	}
	posts, err := metricsPosts(in.Posts)
	if err != nil {
		return Error(err.Error())
	}
	previous, err := metricsPosts(in.Previous)
	if err != nil {
		return Error(err.Error())
	}
	return encode(metrics.Compute(posts, previous))
}

func metricsPosts(seen []SeenPost) ([]metrics.Post, error) {
	out := make([]metrics.Post, 0, len(seen))
	for i, s := range seen {
		day, err := time.Parse("2006-01-02", s.Day)
		if err != nil {
			return nil, fmt.Errorf("metrics: post %d: day %q: want YYYY-MM-DD", i, s.Day)
		}
		out = append(out, metrics.FromInspect(s.Post, s.Post.Labels, day))
	}
	return out, nil
}
