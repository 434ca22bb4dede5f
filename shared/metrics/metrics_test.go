package metrics

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/internal/jsonnear"
	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

func leaning(v float64) *float64 { return &v }

// mixedWindow is ten posts whose figures are worked out by hand below.
//
//	#  author    reason       ad  commercial  topic         tier     ver brand tactics                party leaning
//	1  x:a       followed     -   -           politics      nano     -   -     urgency                SPD   -0.5
//	2  x:a       followed     -   -           politics      nano     -   -     -                      SPD   -
//	3  x:a       recommended  -   self        sports        nano     -   -     urgency, urgency       -     -
//	4  x:a       recommended  -   likely      sports        nano     -   -     -                      -     -
//	5  x:b       recommended  -   -           science_tech  mega     ✓   -     -                      -     -
//	6  x:b       ad           ✓   ad          business      mega     ✓   ✓     scarcity, fomo         -     -
//	7  x:c       followed     -   -           politics      micro    -   -     "made_up" (not a kind) CDU   0.5
//	8  x:d       repost       -   -           (none)        (none)   -   -     -                      -     1.0
//	9  reddit:e  search       -   -           health        mid      -   -     outrage                -     NaN (ignored)
//	10 (none)    (none)       ✓   ad          (none)        unknown  -   ✓     -                      -     -
func mixedWindow() []Post {
	return []Post{
		{Platform: feed.X, Author: "x:a", Reason: feed.Followed, Topic: classify.Politics, Tier: classify.Nano,
			Tactics: []classify.TacticKind{classify.Urgency}, Party: "SPD", Leaning: leaning(-0.5)},
		{Platform: feed.X, Author: "x:a", Reason: feed.Followed, Topic: classify.Politics, Tier: classify.Nano, Party: "SPD"},
		{Platform: feed.X, Author: "x:a", Reason: feed.Recommended, Commercial: classify.SelfDisclosedAd, Topic: classify.Sports,
			Tier: classify.Nano, Tactics: []classify.TacticKind{classify.Urgency, classify.Urgency}},
		{Platform: feed.X, Author: "x:a", Reason: feed.Recommended, Commercial: classify.LikelyCommercial, Topic: classify.Sports, Tier: classify.Nano},
		{Platform: feed.X, Author: "x:b", Reason: feed.Recommended, Topic: classify.ScienceTech, Tier: classify.Mega, Verified: true},
		{Platform: feed.X, Author: "x:b", Reason: feed.Ad, Ad: true, Commercial: classify.PlatformAd, Topic: classify.Business,
			Tier: classify.Mega, Verified: true, Brand: true, Tactics: []classify.TacticKind{classify.Scarcity, classify.FOMO}},
		{Platform: feed.X, Author: "x:c", Reason: feed.Followed, Topic: classify.Politics, Tier: classify.Micro,
			Tactics: []classify.TacticKind{"made_up"}, Party: "CDU", Leaning: leaning(0.5)},
		{Platform: feed.X, Author: "x:d", Reason: feed.Repost, Leaning: leaning(1)},
		{Platform: feed.Reddit, Author: "reddit:e", Reason: feed.Search, Topic: classify.Health, Tier: classify.Mid,
			Tactics: []classify.TacticKind{classify.Outrage}, Leaning: leaning(math.NaN())},
		{Platform: feed.X, Ad: true, Commercial: classify.PlatformAd, Tier: classify.UnknownTier, Brand: true},
	}
}

// previousWindow saw x:a, x:c and x:z (gone today), and one post without
// an author.
func previousWindow() []Post {
	return []Post{{Author: "x:a"}, {Author: "x:c"}, {Author: "x:z"}, {Author: "x:z"}, {}}
}

func TestMixedWindowKnownAnswers(t *testing.T) {
	m := Compute(mixedWindow(), previousWindow())

	// Topics: 8 labelled posts, politics 3 (#1 #2 #7), sports 2, science_tech,
	// business, health 1 each.
	// H = 3/8·ln(8/3) + 2/8·ln 4 + 3·1/8·ln 8 = 0.367811 + 0.346574 + 0.779791 = 1.494175
	topicH := 3.0/8*math.Log(8.0/3) + 2.0/8*math.Log(4) + 3*(1.0/8)*math.Log(8)
	topicEntropy := topicH / math.Log(9) // 1.494175 / 2.197225 = 0.680029

	// Authors (9 posts with an author): a 4, b 2, c d e 1 each.
	// H = 4/9·ln(9/4) + 2/9·ln(9/2) + 3·1/9·ln 9 = 0.360413 + 0.334239 + 0.732408 = 1.427060
	authorEntropy := (4.0/9*math.Log(9.0/4) + 2.0/9*math.Log(9.0/2) + 3*(1.0/9)*math.Log(9)) / math.Log(9) // 0.649484

	// Known tiers (8 posts): nano 4, micro 1, mid 1, macro 0, mega 2.
	// H = 4/8·ln 2 + 2·1/8·ln 8 + 2/8·ln 4 = 0.346574 + 0.519860 + 0.346574 = 1.213008
	tierEntropy := (0.5*math.Log(2) + 2*(1.0/8)*math.Log(8) + 0.25*math.Log(4)) / math.Log(5) // 0.753684

	// Leanings -0.5, 0.5, 1 (the NaN one is ignored): mean 1/3;
	// variance (0.25 + 0.25 + 1)/3 − 1/9 = 0.5 − 0.111111 = 0.388889; sd 0.623610.
	spread := math.Sqrt(0.5 - 1.0/9)

	// Score: every part defined, weights sum to 1.
	// viewpoints = min(1, 0.623610·√3 = 1.080125) = 1; novelty = 3/5 (b, d, e are new).
	// 100·(0.30·0.680029 + 0.25·0.649484 + 0.15·0.753684 + 0.15·1 + 0.15·0.6)
	// = 100·(0.204009 + 0.162371 + 0.113053 + 0.15 + 0.09) = 71.9433
	score := 100 * (0.30*topicEntropy + 0.25*authorEntropy + 0.15*tierEntropy + 0.15*1 + 0.15*0.6)

	want := map[string]float64{
		"posts":           10,
		"unique_authors":  5, // a b c d e
		"author_posts":    9, // #10 has no author
		"topic_posts":     8, // #8 and #10 have no topic
		"tier_posts":      8, // #8 and #10 have no known tier
		"political_posts": 3, // #1 #2 #7
		"leaning_posts":   3, // #1 #7 #8

		"ad_share":                0.2, // #6 #10
		"self_disclosed_share":    0.1, // #3
		"likely_commercial_share": 0.1, // #4

		"reason_share.followed":    0.3, // #1 #2 #7
		"reason_share.recommended": 0.3, // #3 #4 #5
		"reason_share.ad":          0.1,
		"reason_share.repost":      0.1,
		"reason_share.network":     0,
		"reason_share.search":      0.1,
		"reason_share.reply":       0,
		"reason_share.unknown":     0.1, // #10 has no reason

		"topic_share.politics":      3.0 / 8,
		"topic_share.sports":        2.0 / 8,
		"topic_share.science_tech":  1.0 / 8,
		"topic_share.business":      1.0 / 8,
		"topic_share.health":        1.0 / 8,
		"topic_share.entertainment": 0,
		"topic_share.travel":        0,
		"topic_share.lifestyle":     0,
		"topic_share.other":         0,
		"topic_entropy":             topicEntropy,
		"effective_topics":          math.Exp(topicH), // e^1.494175 = 4.4557

		"author_hhi":  23.0 / 81, // (4² + 2² + 1 + 1 + 1)/9² = 0.283951
		"top10_share": 1,         // only 5 authors
		// ascending 1 1 1 2 4, N = 5, Σx = 9, Σ i·x = 1+2+3+8+20 = 34:
		// G = 2·34/(5·9) − 6/5 = 68/45 − 54/45 = 14/45 = 0.311111
		// (check: Σ|xi−xj| over ordered pairs = 28; 28/(2·5²·1.8) = 0.311111)
		"author_gini":    14.0 / 45,
		"author_entropy": authorEntropy,

		"tier_share.nano":    0.4,
		"tier_share.micro":   0.1,
		"tier_share.mid":     0.1,
		"tier_share.macro":   0,
		"tier_share.mega":    0.2,
		"tier_share.unknown": 0.2, // #8 #10
		"tier_entropy":       tierEntropy,
		"verified_share":     0.2, // #5 #6
		"brand_share":        0.2, // #6 #10

		"tactic_rate":                 0.4, // #1 #3 #6 #9; #7's kind is not one we know
		"tactic_rate.urgency":         0.2, // #1, #3 (twice in #3 counts once)
		"tactic_rate.scarcity":        0.1,
		"tactic_rate.fomo":            0.1,
		"tactic_rate.outrage":         0.1,
		"tactic_rate.social_proof":    0,
		"tactic_rate.fake_discount":   0,
		"tactic_rate.clickbait":       0,
		"tactic_rate.engagement_bait": 0,

		"leaning_mean":      1.0 / 3,
		"leaning_spread":    spread,
		"party_share.SPD":   2.0 / 3,
		"party_share.CDU":   1.0 / 3,
		"party_share.GRÜNE": 0, // a party not seen has share 0

		"novelty": 0.6,

		"diversity_score":           score,
		"diversity_coverage":        1,
		"diversity_part.topics":     topicEntropy,
		"diversity_part.sources":    authorEntropy,
		"diversity_part.reach":      tierEntropy,
		"diversity_part.viewpoints": 1,
		"diversity_part.novelty":    0.6,
	}
	for name, w := range want {
		got, _, ok := m.Lookup(name)
		if !ok {
			t.Errorf("%s: undefined, want %g", name, w)
			continue
		}
		if math.Abs(got-w) > 1e-9 {
			t.Errorf("%s = %.9g, want %.9g", name, got, w)
		}
	}
	if math.Abs(score-71.9433) > 1e-3 {
		t.Errorf("hand arithmetic of the score drifted: %g", score)
	}
	if _, label, ok := m.Lookup("top_topic"); !ok || label != "politics" {
		t.Errorf("top_topic = %q, %v; want politics", label, ok)
	}
	// The points of the parts add up to the score.
	sum := 0.0
	for _, p := range m.DiversityParts {
		sum += *p.Points
	}
	if math.Abs(sum-score) > 1e-9 {
		t.Errorf("points sum to %g, score %g", sum, score)
	}
}

// TestContractNames checks that every name of the metric-name contract is
// answered for a window where all are defined.
func TestContractNames(t *testing.T) {
	m := Compute(mixedWindow(), previousWindow())
	names := []string{"posts", "unique_authors", "ad_share", "self_disclosed_share", "likely_commercial_share",
		"topic_entropy", "effective_topics", "top_topic", "author_hhi", "top10_share", "author_gini",
		"verified_share", "brand_share", "tactic_rate", "leaning_mean", "leaning_spread", "novelty", "diversity_score",
		"party_share.SPD"}
	for _, r := range feed.Reasons {
		names = append(names, "reason_share."+string(r))
	}
	for _, tp := range classify.Topics {
		names = append(names, "topic_share."+string(tp))
	}
	for _, tr := range classify.Tiers {
		names = append(names, "tier_share."+string(tr))
	}
	for _, k := range classify.TacticKinds {
		names = append(names, "tactic_rate."+string(k))
	}
	for _, n := range names {
		if _, _, ok := m.Lookup(n); !ok {
			t.Errorf("Lookup(%q) undefined", n)
		}
	}
	for _, n := range []string{"", "nope", "reason_share", "reason_share.", "reason_share.liked", "topic_share.geography",
		"tier_share.giga", "tactic_rate.nagging", "party_share.", "diversity_part.luck", "posts.x"} {
		if v, l, ok := m.Lookup(n); ok {
			t.Errorf("Lookup(%q) = %g %q, want undefined", n, v, l)
		}
	}
}

func TestEmptyWindow(t *testing.T) {
	for _, posts := range [][]Post{nil, {}} {
		m := Compute(posts, mixedWindow())
		if v, _, ok := m.Lookup("posts"); !ok || v != 0 {
			t.Errorf("posts = %g, %v; want 0, true", v, ok)
		}
		for _, n := range []string{"unique_authors", "diversity_coverage"} {
			if v, _, ok := m.Lookup(n); !ok || v != 0 {
				t.Errorf("%s = %g, %v; want 0, true", n, v, ok)
			}
		}
		for _, n := range []string{"ad_share", "reason_share.followed", "topic_entropy", "top_topic", "author_hhi",
			"author_gini", "tier_share.nano", "tactic_rate", "tactic_rate.urgency", "leaning_mean", "party_share.SPD",
			"novelty", "diversity_score", "diversity_part.topics"} {
			if v, l, ok := m.Lookup(n); ok {
				t.Errorf("empty window: %s = %g %q, want undefined", n, v, l)
			}
		}
		if len(m.DiversityParts) != 5 {
			t.Errorf("parts = %d, want the 5 parts, each undefined", len(m.DiversityParts))
		}
		b := mustJSON(t, m)
		for _, key := range []string{`"ad_share":null`, `"reason_share":null`, `"diversity_score":null`, `"value":null`} {
			if !strings.Contains(b, key) {
				t.Errorf("empty window JSON lacks %s: %s", key, b)
			}
		}
	}
}

func TestOneAuthor(t *testing.T) {
	p := Post{Author: "x:solo", Reason: feed.Followed, Topic: classify.Sports, Tier: classify.Micro}
	m := Compute([]Post{p, p, p}, nil)
	want := map[string]float64{
		"unique_authors": 1,
		"author_hhi":     1, // (3/3)²
		"top10_share":    1,
		"author_gini":    0, // one author: no inequality among the authors seen
		"author_entropy": 0, // H = 0 over 3 exposures
		"topic_entropy":  0,
		// Topics, sources and reach all 0, viewpoints and novelty
		// undefined: 100·(0.30·0 + 0.25·0 + 0.15·0)/0.70 = 0.
		"diversity_score":       0,
		"diversity_part.topics": 0,
	}
	checkFigures(t, m, want)
	for _, n := range []string{"novelty", "leaning_mean", "diversity_part.viewpoints", "diversity_part.novelty"} {
		if _, _, ok := m.Lookup(n); ok {
			t.Errorf("%s defined, want undefined", n)
		}
	}
}

func TestAllUnknownTiersNoTopics(t *testing.T) {
	// Four posts, no topics, tiers unknown (one empty, one not a tier).
	// Authors a a b c: H = 1/2·ln 2 + 2·1/4·ln 4 = 0.346574 + 0.693147 = 1.039721,
	// normalised by ln 4 = 1.386294: 0.75.
	// Leanings -1, 1: mean 0, sd 1 → viewpoints = min(1, √3) = 1.
	// Only sources (0.25) and viewpoints (0.15) are defined:
	// score = 100·(0.25·0.75 + 0.15·1)/0.40 = 100·0.3375/0.40 = 84.375.
	posts := []Post{
		{Author: "x:a", Tier: classify.UnknownTier, Leaning: leaning(-1)},
		{Author: "x:a", Tier: ""},
		{Author: "x:b", Tier: "giant", Leaning: leaning(1)},
		{Author: "x:c", Tier: classify.UnknownTier},
	}
	m := Compute(posts, nil)
	checkFigures(t, m, map[string]float64{
		"tier_share.unknown":        1,
		"tier_share.nano":           0,
		"tier_posts":                0,
		"topic_posts":               0,
		"author_entropy":            0.75,
		"leaning_mean":              0,
		"leaning_spread":            1,
		"diversity_part.viewpoints": 1,
		"diversity_score":           84.375,
		"diversity_coverage":        0.40,
	})
	for _, n := range []string{"tier_entropy", "topic_entropy", "effective_topics", "top_topic", "topic_share.politics",
		"diversity_part.topics", "diversity_part.reach"} {
		if v, l, ok := m.Lookup(n); ok {
			t.Errorf("%s = %g %q, want undefined", n, v, l)
		}
	}
	if !strings.Contains(mustJSON(t, m), `"topic_share":null`) {
		t.Error("topic_share should be null without topics")
	}
}

func TestNoveltyNeedsAPreviousWindow(t *testing.T) {
	now := []Post{{Author: "x:a"}, {Author: "x:b"}}
	for name, prev := range map[string][]Post{
		"none":           nil,
		"empty":          {},
		"without author": {{Reason: feed.Ad}},
	} {
		m := Compute(now, prev)
		if v, _, ok := m.Lookup("novelty"); ok {
			t.Errorf("previous window %s: novelty = %g, want undefined", name, v)
		}
	}
	// x:a seen before, x:b new: 1/2.
	checkFigures(t, Compute(now, []Post{{Author: "x:a"}}), map[string]float64{"novelty": 0.5})
	// Everything seen before: 0. Authorless posts now: undefined.
	checkFigures(t, Compute(now, now), map[string]float64{"novelty": 0})
	if m := Compute([]Post{{}}, now); m.Novelty != nil {
		t.Error("novelty defined for a window without authors")
	}
}

func TestTopTenAndTies(t *testing.T) {
	// 12 authors: a seen 3 times, b twice, c…l once each: n = 15.
	// Top ten: 3 + 2 + 8·1 = 13 → 13/15.
	posts := []Post{{Author: "x:a"}, {Author: "x:a"}, {Author: "x:a"}, {Author: "x:b"}, {Author: "x:b"}}
	for _, id := range "cdefghijkl" {
		posts = append(posts, Post{Author: "x:" + string(id)})
	}
	// Topics: sports, politics, sports, politics → a tie, and politics
	// comes first in classify.Topics. H = ln 2, exp(H) = 2.
	for i, topic := range []classify.Topic{classify.Sports, classify.Politics, classify.Sports, classify.Politics} {
		posts[i].Topic = topic
	}
	m := Compute(posts, nil)
	checkFigures(t, m, map[string]float64{
		"posts":                15,
		"unique_authors":       12,
		"top10_share":          13.0 / 15,
		"topic_posts":          4,
		"topic_share.politics": 0.5,
		"topic_share.sports":   0.5,
		"topic_entropy":        math.Log(2) / math.Log(9),
		"effective_topics":     2,
	})
	if _, label, _ := m.Lookup("top_topic"); label != "politics" {
		t.Errorf("top_topic = %q, want politics (first of a tie in classify.Topics)", label)
	}
}

func TestEqualExposuresHaveNoInequality(t *testing.T) {
	// 4 authors twice each: HHI = 4·(1/4)² = 0.25, Gini 0, entropy ln 4/ln 8 = 2/3.
	var posts []Post
	for _, a := range []string{"x:a", "x:b", "x:c", "x:d"} {
		posts = append(posts, Post{Author: a}, Post{Author: a})
	}
	checkFigures(t, Compute(posts, nil), map[string]float64{
		"author_hhi":     0.25,
		"author_gini":    0,
		"author_entropy": 2.0 / 3,
	})
}

func TestUnknownReasonCountsAsUnknown(t *testing.T) {
	m := Compute([]Post{{Reason: "liked"}, {Reason: ""}, {Reason: feed.Followed}, {Reason: feed.Unknown}}, nil)
	checkFigures(t, m, map[string]float64{"reason_share.unknown": 0.75, "reason_share.followed": 0.25})
}

func TestJSONHasNoNaN(t *testing.T) {
	posts := mixedWindow()
	posts = append(posts, Post{Leaning: leaning(math.Inf(1))})
	for _, m := range []Metrics{Compute(posts, nil), Compute(nil, nil), Compute(posts[:1], nil)} {
		b := mustJSON(t, m) // encoding/json fails on NaN and ±Inf
		if strings.Contains(b, "NaN") || strings.Contains(b, "Inf") {
			t.Errorf("JSON has a non-number: %s", b)
		}
	}
}

func checkFigures(t *testing.T, m Metrics, want map[string]float64) {
	t.Helper()
	for name, w := range want {
		got, _, ok := m.Lookup(name)
		if !ok {
			t.Errorf("%s: undefined, want %g", name, w)
		} else if math.Abs(got-w) > 1e-9 {
			t.Errorf("%s = %.9g, want %.9g", name, got, w)
		}
	}
}

func mustJSON(t *testing.T, m Metrics) string {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestJSONGolden pins the JSON shape that the extension and the study
// reports read: key names, nulls for undefined figures, the order of the
// parts. The numbers in it are checked by TestMixedWindowKnownAnswers.
func TestJSONGolden(t *testing.T) {
	windows := map[string]Metrics{
		"mixed_window.json": Compute(mixedWindow(), previousWindow()),
		"empty_window.json": Compute(nil, nil),
	}
	for file, m := range windows {
		got, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join("testdata", file)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update once to write it)", err)
		}
		if !sameJSON(t, got, want) {
			t.Errorf("%s changed; if on purpose, update docs/METRICS.md and rerun with -update:\n%s", file, got)
		}
	}
}

// sameJSON compares two JSON documents, numbers to 1e-9: the last bits of
// a float may differ between CPUs (fused multiply-add on arm64).
func sameJSON(t *testing.T, a, b []byte) bool {
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return jsonnear.Equal(x, y, 1e-9)
}
