package bridge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/groundtruth"
	"github.com/feedlens/feedlens/shared/inspect"
	"github.com/feedlens/feedlens/shared/metrics"
)

func TestInspectErrorsAreJSON(t *testing.T) {
	for _, body := range []string{"", "{", `{"unrelated": true}`, "not json"} {
		var out struct{ Error string }
		if err := json.Unmarshal([]byte(Inspect("", []byte(body))), &out); err != nil || out.Error == "" {
			t.Errorf("Inspect(%q) = %s: want an {\"error\"} document", body, Inspect("", []byte(body)))
		}
	}
	if got := Error(`say "hi" <b>`); got != `{"error":"say \"hi\" <b>"}` {
		t.Errorf("Error: %s", got)
	}
}

// TestInspectSurvivesPanic: a payload that finds a bug gets an error
// document, and the core goes on (in WebAssembly a panic that escaped
// would end the Go program).
func TestInspectSurvivesPanic(t *testing.T) {
	defer func(p func(name, url string, body []byte) (inspect.File, error)) { payload = p }(payload)
	payload = func(string, string, []byte) (inspect.File, error) {
		var m map[string]int
		m["x"]++ // assignment to entry in nil map
		return inspect.File{}, nil
	}
	var doc struct{ Error string }
	if err := json.Unmarshal([]byte(Inspect("", []byte("{}"))), &doc); err != nil || !strings.HasPrefix(doc.Error, "internal error: assignment to entry in nil map") {
		t.Errorf("a panicking call gave %+v (%v), want an internal error document", doc, err)
	}
	payload = inspect.Payload
	body := groundtruth.Read(t, "fixtures/x/TweetDetail_promoted.json")
	if out := Inspect("", body); !strings.Contains(out, `"posts":[{`) {
		t.Errorf("after the panic: %.200s", out)
	}
}

func TestInspectNamesTheURL(t *testing.T) {
	body := groundtruth.Read(t, "fixtures/x/TweetDetail_promoted.json")
	url := "https://x.com/i/api/graphql/q/TweetDetail?variables=%7B%7D"
	var f struct {
		File, URL, Endpoint string
		Posts               []json.RawMessage
	}
	if err := json.Unmarshal([]byte(Inspect(url, body)), &f); err != nil {
		t.Fatal(err)
	}
	if f.File != url || f.URL != url || f.Endpoint != "TweetDetail" || len(f.Posts) == 0 {
		t.Errorf("got file %q url %q endpoint %q, %d posts", f.File, f.URL, f.Endpoint, len(f.Posts))
	}
}

// BenchmarkInspect is the native figure beside which `make bench-wasm`
// puts the WebAssembly and JavaScript ones: the whole call, payload in,
// JSON out, per fixture that parses, with the fixture's request URL when
// wasm/node/bench-urls.json knows it (as the extension calls it).
func BenchmarkInspect(b *testing.B) {
	benchFixtures(b, func(url string, body []byte) { Inspect(url, body) })
}

// BenchmarkParse is the part of the call the JavaScript baseline also
// does, reading the payload (feed.Parse), without classifying the posts
// or writing the JSON: `make bench-wasm` runs it compiled for
// WebAssembly too, to tell what the core's parsing costs there from what
// its classifiers cost.
func BenchmarkParse(b *testing.B) {
	benchFixtures(b, func(url string, body []byte) { feed.Parse(url, body) })
}

// benchFixtures runs call as one benchmark per fixture the core reads.
func benchFixtures(b *testing.B, call func(url string, body []byte)) {
	files, _ := filepath.Glob(filepath.Join(groundtruth.Path(b, "fixtures"), "*", "*.json"))
	urls := map[string]string{}
	if raw, err := os.ReadFile("../node/bench-urls.json"); err != nil {
		b.Fatal(err)
	} else if err := json.Unmarshal(raw, &urls); err != nil {
		b.Fatalf("bench-urls.json: %v", err)
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		url := urls[name]
		if strings.HasPrefix(Inspect(url, body), `{"error"`) {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				call(url, body)
			}
		})
	}
}

// TestMetricsMatchesCompute: the bridge computes what shared/metrics
// computes for the same posts, and says what is wrong with bad input.
func TestMetricsMatchesCompute(t *testing.T) {
	body := groundtruth.Read(t, "fixtures/x/HomeTimeline_foryou_a.json")
	f, err := inspect.Payload("", "", body)
	if err != nil {
		t.Fatal(err)
	}
	var in MetricsInput
	var posts []metrics.Post
	day, _ := time.Parse("2006-01-02", "2026-11-28")
	for _, p := range f.Posts {
		in.Posts = append(in.Posts, SeenPost{Day: "2026-11-28", Post: p})
		posts = append(posts, metrics.FromInspect(p, p.Labels, day))
	}
	raw, _ := json.Marshal(in)
	want, _ := json.Marshal(metrics.Compute(posts, nil))
	var got, exp map[string]any
	json.Unmarshal([]byte(Metrics(raw)), &got)
	json.Unmarshal(want, &exp)
	if got["posts"] != float64(len(f.Posts)) || !reflect.DeepEqual(got, exp) {
		t.Errorf("Metrics = %.300s\nwant %.300s", Metrics(raw), want)
	}
	for _, bad := range []string{"", "[", `{"posts":[{"day":"28.11.2026","post":{}}]}`} {
		if !strings.HasPrefix(Metrics([]byte(bad)), `{"error":"metrics: `) {
			t.Errorf("Metrics(%q) = %s, want an error document", bad, Metrics([]byte(bad)))
		}
	}
}
