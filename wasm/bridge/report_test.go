package bridge

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/inspect"
	"github.com/feedlens/feedlens/shared/metrics"
	"github.com/feedlens/feedlens/shared/report"
)

// bridgeStudy is a study over X and YouTube with a field of every kind:
// a count, shares, a label and novelty (which needs the day before).
const bridgeStudy = `{"id": "bridge-test", "version": 3,
	"title": {"en": "Bridge test"}, "description": {"en": "d"}, "consent": {"en": "c"},
	"platforms": ["x", "youtube"], "start": "2027-01-01", "end": "2027-12-31",
	"epsilon": 2, "min_cohort": 2, "min_posts": 10,
	"fields": [
		{"name": "posts", "metric": "posts", "categories": ["few", "some", "many"], "edges": [20, 50]},
		{"name": "ads", "metric": "ad_share", "categories": ["<5%", "5-20%", ">=20%"], "edges": [0.05, 0.2]},
		{"name": "recommended", "metric": "reason_share.recommended", "categories": ["<25%", "25-50%", "50-75%", ">=75%"], "edges": [0.25, 0.5, 0.75]},
		{"name": "top_topic", "metric": "top_topic", "categories": ["politics", "business", "science_tech", "health", "sports", "entertainment", "travel", "lifestyle", "other"]},
		{"name": "novelty", "metric": "novelty", "categories": ["<50%", ">=50%"], "edges": [0.5]}
	]}`

// storedPosts are posts as the extension stores them: 40 on X on
// 2027-03-02 (8 ads, half recommended, mostly sports), 10 on X the day
// before (their authors come back), 5 on YouTube.
func storedPosts() []SeenPost {
	var out []SeenPost
	add := func(day string, platform feed.Platform, i int, reason feed.Reason, ad bool, topic classify.Topic) {
		out = append(out, SeenPost{Day: day, Post: inspect.Post{
			Platform: platform, ID: fmt.Sprintf("%s-%s-%d", platform, day, i), Reason: reason, Ad: ad,
			Author: feed.Author{Handle: fmt.Sprintf("author%d", i%15), Followers: -1},
			Text:   "a post that never leaves the device",
			Labels: classify.Labels{Reason: reason, Topic: topic, Tier: classify.UnknownTier},
		}})
	}
	for i := range 40 {
		reason, topic := feed.Followed, classify.Sports
		if i%2 == 1 {
			reason = feed.Recommended
		}
		if i%5 == 0 {
			topic = classify.Politics
		}
		add("2027-03-02", feed.X, i, reason, i%5 == 1, topic)
	}
	for i := range 10 {
		add("2027-03-01", feed.X, i, feed.Followed, false, classify.Business)
	}
	for i := range 5 {
		add("2027-03-02", feed.YouTube, i, feed.Recommended, false, classify.Entertainment)
	}
	return out
}

func reportInput(t *testing.T, posts []SeenPost) []byte {
	t.Helper()
	b, err := json.Marshal(ReportInput{Posts: posts})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeOutcome(t *testing.T, out string) ReportOutcome {
	t.Helper()
	var o ReportOutcome
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	return o
}

// TestReportBuildsThePlatformDay: the report is the study's, for the day
// and platform asked; its true categories are those of the platform's
// day in shared/metrics (novelty against the day before); it validates,
// has exactly the six keys, and its values are randomised at the study's
// rate under the seed.
func TestReportBuildsThePlatformDay(t *testing.T) {
	study, err := report.ParseStudy([]byte(bridgeStudy))
	if err != nil {
		t.Fatal(err)
	}
	posts := storedPosts()
	input := reportInput(t, posts)
	var native []metrics.Post
	for _, p := range posts {
		day, _ := time.Parse(report.DayLayout, p.Day)
		native = append(native, metrics.FromInspect(p.Post, p.Post.Labels, day))
	}
	m := metrics.PlatformDay(native, feed.X, "2027-03-02")
	want, err := study.Buckets(&m)
	if err != nil {
		t.Fatal(err)
	}
	if want["novelty"] != 0 || want["posts"] != 1 || want["ads"] != 2 || want["recommended"] != 2 || want["top_topic"] != 4 {
		t.Fatalf("the hand-made day should fall into known categories, got %v", want)
	}

	const n = 4000
	kept := map[string]int{}
	ids := map[string]bool{}
	for i := range n {
		raw := Report([]byte(bridgeStudy), input, "2027-03-02", "x", [32]byte{byte(i), byte(i >> 8)})
		o := decodeOutcome(t, raw)
		if o.Report == nil || o.Skip != "" || o.Posts != 40 {
			t.Fatalf("seed %d: %s", i, raw)
		}
		if !reflect.DeepEqual(o.Truth, want) {
			t.Fatalf("truth %v, want %v", o.Truth, want)
		}
		for _, f := range study.Fields {
			if p, _ := report.Probabilities(study.FieldEpsilon(), len(f.Categories)); len(o.Keep) != len(study.Fields) || o.Keep[f.Name] != p {
				t.Fatalf("%s: keep chances %v, want %v for it", f.Name, o.Keep, p)
			}
		}
		if err := o.Report.Validate(study); err != nil {
			t.Fatalf("the report does not validate: %v", err)
		}
		if o.Report.Day != "2027-03-02" || o.Report.Platform != "x" || o.Report.Version != 3 {
			t.Fatalf("report for %s %s v%d", o.Report.Day, o.Report.Platform, o.Report.Version)
		}
		ids[o.Report.ID] = true
		for k, v := range o.Report.Values {
			if v == want[k] {
				kept[k]++
			}
		}
		if i == 0 {
			var doc struct {
				Report map[string]json.RawMessage
			}
			_ = json.Unmarshal([]byte(raw), &doc)
			if len(doc.Report) != 6 || strings.Contains(raw, "leaves the device") || strings.Contains(raw, "author") {
				t.Errorf("the report carries more than its six keys: %s", raw)
			}
		}
	}
	if len(ids) != n {
		t.Errorf("%d distinct ids in %d reports", len(ids), n)
	}
	for _, f := range study.Fields {
		p, _ := report.Probabilities(study.FieldEpsilon(), len(f.Categories))
		sigma := math.Sqrt(p * (1 - p) / n)
		if got := float64(kept[f.Name]) / n; math.Abs(got-p) > 5*sigma {
			t.Errorf("%s: the true category was sent %.3f of the time, want %.3f", f.Name, got, p)
		}
	}
	if Report([]byte(bridgeStudy), input, "2027-03-02", "x", [32]byte{7}) != Report([]byte(bridgeStudy), input, "2027-03-02", "x", [32]byte{7}) {
		t.Error("the same seed gave two reports")
	}
}

// TestReportSaysWhyNot: each reason a day is not reported has its code;
// bad input is an error document.
func TestReportSaysWhyNot(t *testing.T) {
	input := reportInput(t, storedPosts())
	noTopics := strings.Replace(bridgeStudy, `"top_topic", "categories": ["politics", "business", "science_tech", "health", "sports", "entertainment", "travel", "lifestyle", "other"]`,
		`"top_topic", "categories": ["politics", "business"]`, 1)
	entropy := strings.Replace(bridgeStudy, `"metric": "novelty"`, `"metric": "leaning_mean"`, 1)
	for _, c := range []struct {
		name, study, day, platform, skip string
		posts                            int
	}{
		{"before the study", bridgeStudy, "2026-12-31", "x", "not_running", 0},
		{"platform outside the study", bridgeStudy, "2027-03-02", "reddit", "platform", 0},
		{"too few posts", bridgeStudy, "2027-03-02", "youtube", "too_few_posts", 5},
		{"no posts", bridgeStudy, "2027-03-03", "x", "too_few_posts", 0},
		{"undefined metric", entropy, "2027-03-02", "x", "undefined_metric", 40},
		{"label outside the categories", noTopics, "2027-03-02", "x", "no_category", 40},
	} {
		o := decodeOutcome(t, Report([]byte(c.study), input, c.day, c.platform, [32]byte{1}))
		if o.Skip != c.skip || o.Report != nil || o.Truth != nil || o.Keep != nil || o.Reason == "" || o.Posts != c.posts {
			t.Errorf("%s: skip %q (%q), %d posts, report %v; want skip %q, %d posts", c.name, o.Skip, o.Reason, o.Posts, o.Report, c.skip, c.posts)
		}
	}
	for _, c := range []struct{ name, study, input, day, want string }{
		{"study not JSON", "{", string(input), "2027-03-02", "report: study: "},
		{"invalid study", strings.Replace(bridgeStudy, `"epsilon": 2`, `"epsilon": 0`, 1), string(input), "2027-03-02", "report: study: epsilon"},
		{"posts not JSON", bridgeStudy, "[", "2027-03-02", "report: posts: "},
		{"a post's day", bridgeStudy, `{"posts":[{"day":"2.3.2027","post":{}}]}`, "2027-03-02", "report: metrics: post 0"},
		{"malformed day", bridgeStudy, string(input), "2027-3-2", "want YYYY-MM-DD"},
	} {
		var e struct{ Error string }
		out := Report([]byte(c.study), []byte(c.input), c.day, "x", [32]byte{})
		if err := json.Unmarshal([]byte(out), &e); err != nil || !strings.Contains(e.Error, c.want) {
			t.Errorf("%s: %s, want an error containing %q", c.name, out, c.want)
		}
	}
}

// BenchmarkReport is one participant's daily report of a heavy day: 1,000
// posts on X and 1,000 the day before, posts in and report out as JSON,
// as the service worker calls it once per study, day and platform.
func BenchmarkReport(b *testing.B) {
	var posts []SeenPost
	for i := range 2000 {
		day := "2027-03-02"
		if i%2 == 1 {
			day = "2027-03-01"
		}
		posts = append(posts, SeenPost{Day: day, Post: inspect.Post{
			Platform: feed.X, ID: fmt.Sprint(i), Reason: feed.Reasons[i%len(feed.Reasons)], Ad: i%7 == 0,
			Author: feed.Author{Handle: fmt.Sprintf("author%d", i%300), Followers: int64(i * 37)},
			Text:   "some words of a post that the core reads but never sends",
			Labels: classify.Labels{Topic: classify.Topics[i%len(classify.Topics)], Tier: classify.Tiers[i%len(classify.Tiers)]},
		}})
	}
	input, err := json.Marshal(ReportInput{Posts: posts})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		if out := Report([]byte(bridgeStudy), input, "2027-03-02", "x", [32]byte{1}); !strings.Contains(out, `"report"`) {
			b.Fatal(out)
		}
	}
}
