package inspect

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/groundtruth"
)

// A hand-made X home timeline with one tweet by a parliamentarian's
// account that links to a news site.
const xPayload = `{"data":{"home":{"home_timeline_urt":{"instructions":[{"type":"TimelineAddEntries","entries":[
{"entryId":"tweet-1","sortIndex":"1","content":{"entryType":"TimelineTimelineItem","__typename":"TimelineTimelineItem",
"itemContent":{"itemType":"TimelineTweet","__typename":"TimelineTweet","tweet_results":{"result":{"__typename":"Tweet","rest_id":"1",
"core":{"user_results":{"result":{"__typename":"User","is_blue_verified":false,
"legacy":{"following":true,"screen_name":"DrTurgutAltug","name":"T","followers_count":25000,"verified":false}}}},
"legacy":{"created_at":"Fri Jan 17 06:08:02 +0000 2025","full_text":"Nur heute: Teilen, wenn ihr auch für mehr Radwege seid! Der Bundestag muss handeln.","lang":"de",
"favorite_count":3,"retweet_count":2,"reply_count":1,
"entities":{"hashtags":[],"urls":[{"expanded_url":"https://www.news.example/a","url":"https://t.co/x"}]}}}}}}}
]}],"metadata":{"scribeConfig":{"page":"for_you"}}}}}}`

const xURL = "https://x.com/i/api/graphql/abc/HomeTimeline"

func TestPayloadLabelsPosts(t *testing.T) {
	f, err := Payload("home.json", xURL, []byte(xPayload))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Posts) != 1 {
		t.Fatalf("%d posts", len(f.Posts))
	}
	l := f.Posts[0].Labels
	if l.Reason != feed.Followed || l.Tier != classify.Micro || l.Political == nil || l.Political.Party != "GRÜNE" {
		t.Errorf("labels %+v", l)
	}
	kinds := map[classify.TacticKind]string{}
	for _, tc := range l.Tactics {
		kinds[tc.Kind] = tc.Span
	}
	if kinds[classify.Urgency] != "Nur heute" || kinds[classify.EngagementBait] != "Teilen, wenn ihr" {
		t.Errorf("tactics %v", l.Tactics)
	}
	if l.Leaning != nil {
		t.Errorf("leaning %v without a table", *l.Leaning)
	}
	b, err := json.Marshal(f)
	if err != nil || !strings.Contains(string(b), `"labels":{"commercial":"","reason":"followed","tier":"micro"`) {
		t.Errorf("JSON %s, %v", b, err)
	}
}

func TestPayloadWithLeanings(t *testing.T) {
	lean, err := classify.ReadLeanings(strings.NewReader("news.example,-0.25\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := classify.New(classify.Options{Leanings: lean})
	if err != nil {
		t.Fatal(err)
	}
	files, errs := BytesWith(c, "home.json", xURL, []byte(xPayload))
	if len(errs) > 0 || len(files) != 1 {
		t.Fatalf("%v %v", files, errs)
	}
	if l := files[0].Posts[0].Labels; l.Leaning == nil || *l.Leaning != -0.25 {
		t.Errorf("leaning %v, want -0.25", l.Leaning)
	}
}

// TestFixturesAdsAreLabelled checks, on the real payloads, that every post
// the platform marks as an ad is labelled "ad" and that every post has
// labels.
func TestFixturesAdsAreLabelled(t *testing.T) {
	dir := groundtruth.Path(t, "fixtures/x")
	names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	ads := 0
	for _, name := range names {
		body, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files, errs := Bytes(name, "", body)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", name, errs)
		}
		for _, f := range files {
			for _, p := range f.Posts {
				if p.Labels.Tier == "" || p.Labels.Topic == "" || p.Labels.Reason != p.Reason {
					t.Errorf("%s post %s: labels %+v", filepath.Base(name), p.ID, p.Labels)
				}
				if p.Ad {
					ads++
					if p.Labels.Commercial != classify.PlatformAd {
						t.Errorf("%s post %s is an ad but labelled %q", filepath.Base(name), p.ID, p.Labels.Commercial)
					}
				}
			}
		}
	}
	if ads == 0 {
		t.Error("no ads in the X fixtures: the test checked nothing")
	}
}
