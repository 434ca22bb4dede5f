package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/metrics"
)

// homeTimeline writes a hand-made X HomeTimeline payload with one tweet
// per handle (followed when the handle is upper case) and returns its
// path.
func homeTimeline(t *testing.T, handles ...string) string {
	t.Helper()
	var entries []string
	for i, h := range handles {
		entries = append(entries, fmt.Sprintf(`{"entryId":"tweet-%d","sortIndex":"%d","content":{"entryType":"TimelineTimelineItem",
		"itemContent":{"itemType":"TimelineTweet","tweet_results":{"result":{"__typename":"Tweet","rest_id":"%d",
		"core":{"user_results":{"result":{"__typename":"User","legacy":{"following":%v,"screen_name":%q,"name":"n","followers_count":10}}}},
		"legacy":{"created_at":"Fri Jan 17 06:08:02 +0000 2025","full_text":"post %d","lang":"en"}}}}}}`,
			i, i, 100+i, strings.ToUpper(h) == h, h, i))
	}
	body := `{"data":{"home":{"home_timeline_urt":{"instructions":[{"type":"TimelineAddEntries","entries":[` +
		strings.Join(entries, ",") + `]}]}}}}`
	path := filepath.Join(t.TempDir(), "home.json")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const homeURL = "https://x.com/i/api/graphql/abc/HomeTimeline"

func TestInspectMetricsJSON(t *testing.T) {
	today := homeTimeline(t, "ALICE", "ALICE", "bob", "carol")
	yesterday := homeTimeline(t, "alice", "dave")
	stdout, stderr, code := runCLI(t, "inspect", "--metrics", "--json", "--url", homeURL, "--day", "2025-03-14", "--previous", yesterday, today)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var report struct {
		Day     string `json:"day"`
		Windows []struct {
			Window  string         `json:"window"`
			Metrics map[string]any `json:"metrics"`
		} `json:"windows"`
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if report.Day != "2025-03-14" || len(report.Windows) != 1 || report.Windows[0].Window != "all" {
		t.Fatalf("one platform gives only the window \"all\": %+v", report)
	}
	m := report.Windows[0].Metrics
	// alice 2, bob 1, carol 1: HHI = (4+1+1)/16; two of four followed;
	// bob and carol are new against yesterday's alice and dave: 2/3.
	for name, want := range map[string]float64{
		"posts": 4, "unique_authors": 3, "author_hhi": 6.0 / 16, "novelty": 2.0 / 3,
	} {
		if got, ok := m[name].(float64); !ok || math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %g", name, m[name], want)
		}
	}
	if got := m["reason_share"].(map[string]any)["followed"]; got != 0.5 {
		t.Errorf("reason_share.followed = %v, want 0.5", got)
	}
	// The classifier finds no topic in "post N": every post is "other",
	// one topic, so the entropy is 0.
	if m["topic_entropy"] != 0.0 || m["top_topic"] != "other" {
		t.Errorf("topic figures: entropy %v, top %v; want 0, other", m["topic_entropy"], m["top_topic"])
	}
}

func TestInspectMetricsTable(t *testing.T) {
	out, stderr, code := runCLI(t, "inspect", "--metrics", "--url", homeURL, "--day", "2025-03-14", homeTimeline(t, "ALICE", "bob"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, line := range []string{
		"seen 2025-03-14 +all",
		"posts +2",
		"reason followed +50%",
		"author HHI +0.500",
		"topic entropy +0.00",
		"novelty +–",
		// Both posts are "other" (topics 0), both authors nano (reach 0),
		// two authors in two posts (sources ln 2/ln 2 = 1); viewpoints
		// and novelty undefined: 100 × 0.25 / (0.30+0.25+0.15) = 35.7.
		"diversity score \\(0–100\\) +35.7",
		"weight of the parts defined +70%",
		"sources \\(author_entropy × 0.25\\) +1.00 → 35.7",
		"topics \\(topic_entropy × 0.30\\) +0.00 → 0.0",
	} {
		if !matchLine(out, line) {
			t.Errorf("no line matching %q in\n%s", line, out)
		}
	}
}

func TestInspectMetricsBadDay(t *testing.T) {
	_, stderr, code := runCLI(t, "inspect", "--metrics", "--day", "14.03.2025", homeTimeline(t, "a"))
	if code != 2 || !strings.Contains(stderr, "YYYY-MM-DD") {
		t.Errorf("exit %d, stderr %q: want 2 and the format", code, stderr)
	}
}

// matchLine reports whether some line of out, trimmed, matches the
// regular expression pattern in full.
func matchLine(out, pattern string) bool {
	re := regexp.MustCompile("^" + pattern + "$")
	for _, l := range strings.Split(out, "\n") {
		if re.MatchString(strings.TrimSpace(l)) {
			return true
		}
	}
	return false
}

func TestInspectDayNeedsMetrics(t *testing.T) {
	_, stderr, code := runCLI(t, "inspect", "--day", "2025-03-14", homeTimeline(t, "a"))
	if code != 2 || !strings.Contains(stderr, "--metrics") {
		t.Errorf("exit %d, stderr %q: want 2 and a word about --metrics", code, stderr)
	}
}

func TestMetricsReportPerPlatform(t *testing.T) {
	// Today: x:a, x:b on X, reddit:c on Reddit. Yesterday: x:a only.
	// all: novelty 2/3 (b and c new); x: 1/2; reddit: no previous posts → undefined.
	now := []metrics.Post{{Platform: feed.X, Author: "x:a"}, {Platform: feed.Reddit, Author: "reddit:c"}, {Platform: feed.X, Author: "x:b"}}
	before := []metrics.Post{{Platform: feed.X, Author: "x:a"}}
	r := newMetricsReport("2025-03-14", now, before)
	var names []string
	for _, w := range r.Windows {
		names = append(names, w.Window)
	}
	if strings.Join(names, ",") != "all,x,reddit" {
		t.Fatalf("windows %v, want all,x,reddit", names)
	}
	for i, want := range []float64{2.0 / 3, 0.5, -1} {
		got, _, ok := r.Windows[i].Metrics.Lookup("novelty")
		if want < 0 && ok || want >= 0 && (!ok || math.Abs(got-want) > 1e-9) {
			t.Errorf("%s novelty = %g (%v), want %g (-1: undefined)", names[i], got, ok, want)
		}
	}
	var out bytes.Buffer
	printMetricsTable(&out, r)
	if !matchLine(out.String(), "novelty +67% +50% +–") {
		t.Errorf("table:\n%s", out.String())
	}
	if one := newMetricsReport("2025-03-14", now[:1], nil); len(one.Windows) != 1 {
		t.Errorf("one platform: %d windows, want only \"all\"", len(one.Windows))
	}
}
