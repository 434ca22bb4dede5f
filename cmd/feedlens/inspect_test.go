package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
	"github.com/feedlens/feedlens/shared/inspect"
)

// harFixtures are the real payloads of every platform with the request
// URLs the browser would have used for them; a test HAR is assembled from them at test time
// (the payloads' licences forbid keeping copies in the repository).
var harFixtures = []struct{ file, url string }{
	{"bluesky/getTimeline.json", "https://bsky.social/xrpc/app.bsky.feed.getTimeline?limit=50"},
	{"bluesky/getFeed_feedgenerator.json", "https://bsky.social/xrpc/app.bsky.feed.getFeed?feed=at%3A%2F%2Fdid%3Aplc%3Az72i7hdynmk6r22z27h6tvur%2Fapp.bsky.feed.generator%2Fbsky-team"},
	{"facebook/newsfeed_stream_edge_engagement.json", "https://www.facebook.com/api/graphql/"},
	{"facebook/story_comet_sections_organic.json", "https://www.facebook.com/api/graphql/"},
	{"facebook/story_comet_sections_sponsored.json", "https://www.facebook.com/api/graphql/"},
	{"instagram/feed_timeline_sponsored.json", "https://i.instagram.com/api/v1/feed/timeline/"},
	{"instagram/discover_topical_explore.json", "https://i.instagram.com/api/v1/discover/topical_explore/?is_prefetch=false&module=explore_popular"},
	{"linkedin/voyager_feed_updates_promoted.json", "https://www.linkedin.com/voyager/api/feed/updatesV2?count=10&q=feed&start=19"},
	{"mastodon/home_timeline_fosstodon.json", "https://fosstodon.org/api/v1/timelines/home?limit=5"},
	{"mastodon/public_timeline_mastodon_social.json", "https://mastodon.social/api/v1/timelines/public?limit=20"},
	{"reddit/best_frontpage_listing.json", "https://oauth.reddit.com/best?limit=100&raw_json=1"},
	{"reddit/info_url_listing_promoted.json", "https://oauth.reddit.com/api/info/?url=youtube.com&raw_json=1"},
	{"tiktok/foryou_SIGI_STATE.json", "https://www.tiktok.com/foryou"},
	{"x/HomeTimeline_foryou_a.json", "https://x.com/i/api/graphql/HJFjzBgCs16TqxewQOeLNg/HomeTimeline?variables=%7B%7D"},
	{"x/HomeTimeline_foryou_b.json", "https://x.com/i/api/graphql/abc/HomeTimeline"},
	{"x/SearchTimeline_promoted.json", "https://x.com/i/api/graphql/abc/SearchTimeline?variables=%7B%22rawQuery%22%3A%22x%22%7D"},
	{"x/TweetDetail_promoted.json", "https://x.com/i/api/graphql/abc/TweetDetail?variables=%7B%7D"},
	{"x/UserTweets_promoted.json", "https://x.com/i/api/graphql/abc/UserTweets?variables=%7B%7D"},
	{"youtube/browse_home_web_infeed_ad.json", "https://www.youtube.com/youtubei/v1/browse?prettyPrint=false"},
	{"youtube/browse_home_tv_ad.json", "https://www.youtube.com/youtubei/v1/browse"},
	{"youtube/watch_ytInitialData_sparkles_ad.json", "https://www.youtube.com/watch?v=Hh1nhLmGoUQ"},
	{"youtube/search_searchPyvRenderer_fragment.json", "https://www.youtube.com/youtubei/v1/search"},
	{"youtube/search_promotedSparklesWebRenderer_fragment.json", "https://www.youtube.com/youtubei/v1/search"},
}

// writeHAR assembles a HAR the way Chrome's "Save all as HAR" writes one:
// page resources around the feed responses, some bodies base64-encoded.
func writeHAR(t *testing.T, dir string) (string, int) {
	t.Helper()
	type content struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
		Text     string `json:"text,omitempty"`
		Encoding string `json:"encoding,omitempty"`
	}
	type entry struct {
		Request  map[string]any `json:"request"`
		Response map[string]any `json:"response"`
	}
	entries := []entry{
		{map[string]any{"method": "GET", "url": "https://x.com/home"}, map[string]any{"status": 200, "content": content{MimeType: "text/html", Text: "<html></html>"}}},
		{map[string]any{"method": "GET", "url": "https://abs.twimg.com/responsive-web/client-web/main.js"}, map[string]any{"status": 200, "content": content{MimeType: "application/javascript", Text: "var a=1;"}}},
	}
	// A response of another query on a shared GraphQL URL is no feed.
	entries = append(entries, entry{map[string]any{"method": "POST", "url": "https://www.instagram.com/graphql/query"},
		map[string]any{"status": 200, "content": content{MimeType: "application/json", Text: `{"data":{"xdt_api__v1__users__web_profile_info":{"user":{}}}}`}}})
	posts := 0
	for i, fx := range harFixtures {
		body := groundtruth.Read(t, "fixtures/"+fx.file)
		c := content{Size: len(body), MimeType: "application/json"}
		// Pages carry their first feed screen inside the HTML document.
		switch {
		case strings.Contains(fx.url, "tiktok.com/foryou"):
			body = []byte(`<!DOCTYPE html><html><head><script id="SIGI_STATE" type="application/json">` + string(body) + `</script></head></html>`)
			c.MimeType = "text/html"
		case strings.Contains(fx.url, "youtube.com/watch"):
			body = []byte(`<!DOCTYPE html><html><body><script nonce="x">var ytInitialData = ` + string(body) + `;</script></body></html>`)
			c.MimeType = "text/html"
		}
		c.Size = len(body)
		if i%2 == 1 {
			c.Text, c.Encoding = base64.StdEncoding.EncodeToString(body), "base64"
		} else {
			c.Text = string(body)
		}
		entries = append(entries, entry{map[string]any{"method": "GET", "url": fx.url}, map[string]any{"status": 200, "content": c}})
		f, err := inspect.Payload(fx.file, fx.url, body)
		if err != nil {
			t.Fatal(err)
		}
		posts += len(f.Posts)
	}
	har, err := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]string{"name": "WebInspector", "version": "537.36"}, "entries": entries}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "session.har")
	if err := os.WriteFile(path, har, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, posts
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestInspectHAR(t *testing.T) {
	har, posts := writeHAR(t, t.TempDir())
	out, errs, code := runCLI(t, "inspect", "--json", har)
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res inspect.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != len(harFixtures) {
		t.Fatalf("%d files from the HAR, want %d", len(res.Files), len(harFixtures))
	}
	got := 0
	for i, f := range res.Files {
		got += len(f.Posts)
		if len(f.Posts) == 0 {
			t.Errorf("%s: no posts from the HAR", harFixtures[i].file)
		}
		if f.URL != harFixtures[i].url || !strings.HasPrefix(f.File, har+"#") {
			t.Errorf("file %d: %s %s", i, f.File, f.URL)
		}
	}
	if got != posts {
		t.Errorf("%d posts from the HAR, %d from the payloads", got, posts)
	}
	table, _, code := runCLI(t, "inspect", har)
	if code != 0 || !strings.Contains(table, "total") || !strings.Contains(table, "for-you") {
		t.Errorf("table (exit %d):\n%s", code, table)
	}
}

func TestInspectJSONShape(t *testing.T) {
	path := groundtruth.Path(t, "fixtures/x/HomeTimeline_foryou_a.json")
	out, _, code := runCLI(t, "inspect", "--json", "--url", "https://x.com/i/api/graphql/abc/HomeTimeline", path)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Files []struct {
			File, Platform, Surface string
			Unknown                 *int
			Posts                   []map[string]any
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	f := doc.Files[0]
	if f.File != path || f.Platform != "x" || f.Surface != "for-you" || f.Unknown == nil || len(f.Posts) != 37 {
		t.Fatalf("file %+v", f)
	}
	ads := 0
	for _, p := range f.Posts {
		for _, key := range []string{"platform", "id", "position", "reason", "ad", "author", "text", "domains", "evidence"} {
			if _, ok := p[key]; !ok {
				t.Fatalf("post lacks %q: %v", key, p)
			}
		}
		if p["ad"] == true {
			ads++
			if p["advertiser"] == "" || p["advertiser"] == nil {
				t.Errorf("ad without advertiser: %v", p)
			}
		}
	}
	if ads != 7 {
		t.Errorf("%d ads, want 7", ads)
	}
}

func TestInspectBadInput(t *testing.T) {
	dir := t.TempDir()
	good := groundtruth.Path(t, "fixtures/x/TweetDetail_promoted.json")
	body, _ := os.ReadFile(good)
	files := map[string]string{
		"notjson.json":   "<!doctype html><p>hi",
		"truncated.json": string(body[:len(body)/2]),
		"unknown.json":   `{"hello":"world"}`,
		"empty.har":      `{"log":{"version":"1.2","entries":[{"request":{"url":"https://example.org/"},"response":{"content":{"text":"{}"}}}]}}`,
		"empty.json":     "",
	}
	args := []string{"inspect"}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	args = append(args, good, filepath.Join(dir, "missing.json"))
	out, errs, code := runCLI(t, args...)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) != len(files)+1 {
		t.Errorf("want one error line per bad file, got:\n%s", errs)
	}
	for _, want := range []string{"notjson.json: not valid JSON: byte 0", "truncated.json: not valid JSON", "truncated", "unknown.json: unknown platform", "empty.har: HAR has no feed responses", "empty.json: empty payload", "missing.json: open"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors do not say %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "TweetDetail_promoted.json") {
		t.Errorf("the good file was not reported:\n%s", out)
	}
}

func TestUsage(t *testing.T) {
	if _, _, code := runCLI(t); code != 2 {
		t.Errorf("no args: exit %d", code)
	}
	if _, errs, code := runCLI(t, "nope"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d %q", code, errs)
	}
	if _, _, code := runCLI(t, "inspect"); code != 2 {
		t.Errorf("inspect without files: exit %d", code)
	}
}
