//go:build e2e

package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/groundtruth"
	"github.com/feedlens/feedlens/shared/inspect"
)

// load is one payload a fake page receives, the way its platform sends
// it: by fetch, by XMLHttpRequest, or embedded in the HTML.
type load struct {
	Fixture string // under fixtures/
	Via     string // "fetch", "xhr", "embedded-global", "embedded-script", "embedded-sjs"
	// Path is the request path (and query) of a fetch or XHR; for
	// embedded-global and embedded-script, the name of the global or the
	// script's id.
	Path string
	Push string // a path the page pushes into history first (SPA navigation)
}

// scenario is one page of a platform's fake site.
type scenario struct {
	Name     string
	Platform feed.Platform
	Host     string
	Page     string
	Loads    []load
	// FrameSrc is the page's CSP frame-src ("'self'" when empty, as strict
	// sites have; "'none'" forbids frames); "remove" keeps 'self' and has
	// the page script remove every iframe as soon as it is added.
	FrameSrc string
}

// scenarios: how each platform delivers each fixture. Platforms listed in
// pendingPlatforms have no adapter on this branch yet.
var scenarios = []scenario{
	{"x-home-fetch", feed.X, "x.com", "/home", []load{{Fixture: "x/HomeTimeline_foryou_a.json", Via: "fetch", Path: "/i/api/graphql/e2eHome/HomeTimeline?variables=%7B%22count%22%3A20%7D"}}, ""},
	{"x-home-xhr", feed.X, "x.com", "/home", []load{{Fixture: "x/HomeTimeline_foryou_b.json", Via: "xhr", Path: "/i/api/graphql/e2eHomeB/HomeTimeline?variables=%7B%22count%22%3A20%7D"}}, ""},
	{"x-search", feed.X, "x.com", "/search?q=e2e", []load{{Fixture: "x/SearchTimeline_promoted.json", Via: "fetch", Path: "/i/api/graphql/e2eSearch/SearchTimeline?variables=%7B%7D"}}, ""},
	{"x-thread-xhr", feed.X, "x.com", "/someone/status/1883173115230134610", []load{{Fixture: "x/TweetDetail_promoted.json", Via: "xhr", Path: "/i/api/graphql/e2eDetail/TweetDetail?variables=%7B%7D"}}, ""},
	// A single-page app: the profile loads, then the user moves on to
	// search without a page load.
	{"x-spa", feed.X, "x.com", "/someone", []load{
		{Fixture: "x/UserTweets_promoted.json", Via: "fetch", Path: "/i/api/graphql/e2eUser/UserTweets?variables=%7B%7D"},
		{Fixture: "x/SearchTimeline_promoted.json", Via: "xhr", Path: "/i/api/graphql/e2eSearch/SearchTimeline?variables=%7B%22q%22%3A1%7D", Push: "/search?q=spa"},
	}, ""},
	// A page whose CSP forbids every frame.
	{"x-no-frames", feed.X, "x.com", "/home", []load{{Fixture: "x/HomeTimeline_foryou_a.json", Via: "fetch", Path: "/i/api/graphql/e2eHomeNoFrames/HomeTimeline?variables=%7B%7D"}}, "'none'"},
	// A page that removes every frame it did not make (the page script
	// does so when FrameSrc is "remove").
	{"x-frames-removed", feed.X, "x.com", "/home", []load{{Fixture: "x/HomeTimeline_foryou_b.json", Via: "xhr", Path: "/i/api/graphql/e2eHomeRemoved/HomeTimeline?variables=%7B%7D"}}, "remove"},
	// A feed scrolled: four responses on one page, by fetch and by XHR.
	{"x-scroll", feed.X, "x.com", "/home", []load{
		{Fixture: "x/HomeTimeline_foryou_a.json", Via: "fetch", Path: "/i/api/graphql/e2eScroll1/HomeTimeline?variables=%7B%7D"},
		{Fixture: "x/SearchTimeline_promoted.json", Via: "xhr", Path: "/i/api/graphql/e2eScroll2/SearchTimeline?variables=%7B%7D"},
		{Fixture: "x/UserTweets_promoted.json", Via: "fetch", Path: "/i/api/graphql/e2eScroll3/UserTweets?variables=%7B%7D"},
		{Fixture: "x/TweetDetail_promoted.json", Via: "xhr", Path: "/i/api/graphql/e2eScroll4/TweetDetail?variables=%7B%7D"},
	}, ""},
	// A page as large as a real feed's (see filler).
	{"x-home-large", feed.X, "x.com", "/home", []load{{Fixture: "x/HomeTimeline_foryou_a.json", Via: "fetch", Path: "/i/api/graphql/e2eHomeLarge/HomeTimeline?variables=%7B%7D"}}, ""},

	{"youtube-home-fetch", feed.YouTube, "www.youtube.com", "/", []load{{Fixture: "youtube/browse_home_web_infeed_ad.json", Via: "fetch", Path: "/youtubei/v1/browse?prettyPrint=false"}}, ""},
	{"youtube-tv-xhr", feed.YouTube, "www.youtube.com", "/tv", []load{{Fixture: "youtube/browse_home_tv_ad.json", Via: "xhr", Path: "/youtubei/v1/browse?key=tv"}}, ""},
	{"youtube-watch-embedded", feed.YouTube, "www.youtube.com", "/watch?v=bixJDOH864U", []load{{Fixture: "youtube/watch_ytInitialData_sparkles_ad.json", Via: "embedded-global", Path: "ytInitialData"}}, ""},
	{"youtube-search-fetch", feed.YouTube, "www.youtube.com", "/results?search_query=music", []load{{Fixture: "youtube/search_searchPyvRenderer_fragment.json", Via: "fetch", Path: "/youtubei/v1/search?prettyPrint=false"}}, ""},
	{"tiktok-foryou-embedded", feed.TikTok, "www.tiktok.com", "/foryou", []load{{Fixture: "tiktok/foryou_SIGI_STATE.json", Via: "embedded-script", Path: "SIGI_STATE"}}, ""},
	{"reddit-best-fetch", feed.Reddit, "www.reddit.com", "/", []load{{Fixture: "reddit/best_frontpage_listing.json", Via: "fetch", Path: "/best.json?limit=100&raw_json=1"}}, ""},
	{"reddit-info-xhr", feed.Reddit, "www.reddit.com", "/search?q=youtube", []load{{Fixture: "reddit/info_url_listing_promoted.json", Via: "xhr", Path: "/api/info/?url=youtube.com&raw_json=1"}}, ""},
	{"instagram-timeline-fetch", feed.Instagram, "www.instagram.com", "/", []load{{Fixture: "instagram/feed_timeline_sponsored.json", Via: "fetch", Path: "/api/v1/feed/timeline/"}}, ""},
	{"instagram-explore-xhr", feed.Instagram, "www.instagram.com", "/explore/", []load{{Fixture: "instagram/discover_topical_explore.json", Via: "xhr", Path: "/api/v1/discover/topical_explore/?is_prefetch=false"}}, ""},
	{"linkedin-feed-fetch", feed.LinkedIn, "www.linkedin.com", "/feed/", []load{{Fixture: "linkedin/voyager_feed_updates_promoted.json", Via: "fetch", Path: "/voyager/api/feed/updatesV2?count=10&q=feed"}}, ""},
	{"facebook-feed", feed.Facebook, "www.facebook.com", "/", []load{
		{Fixture: "facebook/newsfeed_stream_edge_engagement.json", Via: "fetch", Path: "/api/graphql/?e2e=edge"},
		{Fixture: "facebook/story_comet_sections_sponsored.json", Via: "xhr", Path: "/api/graphql/?e2e=sponsored"},
		{Fixture: "facebook/story_comet_sections_organic.json", Via: "fetch", Path: "/api/graphql/?e2e=organic"},
	}, ""},
	// Facebook's first screen comes in data-sjs preloads; the wrapper
	// around the real story edge is the shape such a preload has.
	{"facebook-preload-embedded", feed.Facebook, "www.facebook.com", "/?sk=h_chr", []load{{Fixture: "facebook/newsfeed_stream_edge_engagement.json", Via: "embedded-sjs"}}, ""},
	{"bluesky-timeline-fetch", feed.Bluesky, "bsky.app", "/", []load{{Fixture: "bluesky/getTimeline.json", Via: "fetch", Path: "/xrpc/app.bsky.feed.getTimeline?limit=50"}}, ""},
	{"bluesky-feed-xhr", feed.Bluesky, "bsky.app", "/profile/bsky.app/feed/bsky-team", []load{{Fixture: "bluesky/getFeed_feedgenerator.json", Via: "xhr", Path: "/xrpc/app.bsky.feed.getFeed?feed=at%3A%2F%2Fdid%3Aplc%3Az72i7hdynmk6r22z27h6tvur%2Fapp.bsky.feed.generator%2Fbsky-team"}}, ""},
	{"mastodon-home-fetch", feed.Mastodon, "mastodon.social", "/home", []load{{Fixture: "mastodon/home_timeline_fosstodon.json", Via: "fetch", Path: "/api/v1/timelines/home?limit=5"}}, ""},
	{"mastodon-public-xhr", feed.Mastodon, "mastodon.social", "/public", []load{{Fixture: "mastodon/public_timeline_mastodon_social.json", Via: "xhr", Path: "/api/v1/timelines/public?limit=20"}}, ""},
}

// filler gives a scenario's posts that many more elements each, some of
// them links to the post's media (/status/{id}/photo/…, which the badge
// anchor must not take for the post's own link): X's home timeline has
// ~10,000 elements for a few dozen posts, where the plain test pages have
// a few dozen in all, and finding the posts costs what the page's size
// makes it cost (TestChromiumPerf reports this page apart). Such a page
// is also live: it shows half its posts, changes many times a second (as
// timestamps, media and ads load) while the rest wait, then shows them.
var filler = map[string]int{"x-home-large": 250}

// pause (ms) keeps a scenario's responses apart, after each one is
// rendered, as a reader's scrolling does: long enough for each one's
// work to end before the next comes, so that TestChromiumPerf can tell
// the later responses' cost from the first's.
var pause = map[string]int{"x-scroll": 600}

// scenarioNamed is the index of the scenario with that name.
func scenarioNamed(t *testing.T, name string) int {
	t.Helper()
	for i, sc := range scenarios {
		if sc.Name == name {
			return i
		}
	}
	t.Fatalf("no scenario %q", name)
	return -1
}

// refOf is the key a platform's page marks a post with: its Ref, which
// the adapters leave out when it equals the ID.
func refOf(p inspect.Post) string {
	if p.Ref != "" {
		return p.Ref
	}
	return p.ID
}

// postHTML renders one post's element. Instagram, Facebook, Bluesky and
// Mastodon get (a trimmed copy of) the markup their web apps render, as
// their public sources and pages show it, so that the rules' anchors are
// checked against that rather than against themselves; the others get an
// element their anchor and container match.
func postHTML(sc scenario, p inspect.Post) string {
	ref := refOf(p)
	e := html.EscapeString
	handle, name := e(p.Author.Handle), e(p.Author.Name)
	switch sc.Platform {
	case feed.Instagram:
		// A post of the home feed is an article whose time links to the
		// post; the explore grid is links alone. Reels link /reel/.
		path := "/p/" + e(ref) + "/"
		if p.Media == feed.Video || p.Media == feed.Short {
			path = "/reel/" + e(ref) + "/"
		}
		if strings.HasPrefix(sc.Page, "/explore") {
			return `<div class="_aagu"><a href="` + path + `" role="link" tabindex="0"><div class="_aagv"><img alt="" src="data:,"></div></a></div>`
		}
		return `<article class="_aa6a"><div><header><a href="/` + handle + `/" role="link">` + handle + `</a></header>` +
			`<div><img alt="" src="data:,"></div><a href="` + path + `" role="link" tabindex="0"><span><time datetime="2025-01-01T00:00:00.000Z">1d</time></span></a></div></article>`
	case feed.Facebook:
		// A feed unit; its timestamp links to the story (Comet adds
		// tracking parameters).
		kind := "posts"
		if p.Media == feed.Video {
			kind = "videos"
		}
		return `<div aria-posinset="1" aria-setsize="-1" class="x1yztbdb"><div role="article" aria-labelledby=":r1:"><h4><a href="https://www.facebook.com/` + handle + `" role="link">` + name + `</a></h4>` +
			`<span><a href="https://www.facebook.com/` + handle + `/` + kind + `/` + e(ref) + `/?__cft__[0]=AZe2e&amp;__tn__=%2CO%2CP-R" role="link" tabindex="0">3 h</a></span>` +
			`<div data-ad-rendering-role="story_message"><div dir="auto">post</div></div></div></div>`
	case feed.Bluesky:
		// social-app's feed item: a div with the testID, its time a link
		// to /profile/{handle}/post/{rkey}.
		return `<div role="link" tabindex="0" data-testid="feedItem-by-` + handle + `"><div><a href="/profile/` + handle + `" aria-label="` + name + `">` + name + `</a>` +
			`<a href="/profile/` + handle + `/post/` + e(ref) + `" data-tooltip="date" role="link">2h</a></div><div data-testid="postText">post</div></div>`
	case feed.Mastodon:
		// Mastodon's status.jsx: the status (for a boost, the boosted
		// one) is div.status[data-id] with its local id, its time a link
		// to /@acct/{id}. The timeline's article carries the timeline
		// item's id (a boost's own), which the anchor does not use.
		return `<article tabindex="-1"><div class="status__wrapper status__wrapper-public focusable" tabindex="0"><div class="status status-public" data-id="` + e(ref) + `">` +
			`<div class="status__info"><a href="/@` + handle + `/` + e(ref) + `" class="status__relative-time">1h</a><a href="/@` + handle + `" class="status__display-name">` + name + `</a></div>` +
			`<div class="status__content">post</div></div></div></article>`
	}
	b := badgeOf(sc.Platform)
	tag, attr, value := selectorElement(strings.ReplaceAll(b.Anchor, "{id}", p.ID))
	inner := fmt.Sprintf(`<%s %s="%s">post</%s>`, tag, attr, html.EscapeString(value), tag)
	if n := filler[sc.Name]; n > 0 {
		var f strings.Builder
		for i := range n {
			if i%25 == 0 {
				fmt.Fprintf(&f, `<div><a href="%s/photo/%d">photo</a></div>`, html.EscapeString(value), i/25+1)
			} else {
				f.WriteString(`<div><span>text</span></div>`)
			}
		}
		inner = f.String() + inner
	}
	if b.Container == "" {
		return inner
	}
	ctag, cattr, cvalue := selectorElement(strings.TrimSpace(strings.Split(b.Container, ",")[0]))
	if cattr == "" {
		return fmt.Sprintf("<%s>%s</%s>", ctag, inner, ctag)
	}
	return fmt.Sprintf(`<%s %s="%s">%s</%s>`, ctag, cattr, html.EscapeString(cvalue), inner, ctag)
}

var simpleSelector = regexp.MustCompile(`^([a-z][a-z0-9-]*)?(?:\[([a-z-]+)(\*=|\$=|\^=|=)"([^"]*)"\])?$`)

// badgeOf is a platform's badge rule.
func badgeOf(p feed.Platform) feed.Badge {
	for _, c := range feed.Captures() {
		if c.Platform == p {
			return c.Badge
		}
	}
	return feed.Badge{}
}

// selectorElement makes an element that a simple selector (tag,
// [attr op "value"], or both) matches: a tag and an attribute value.
func selectorElement(sel string) (tag, attr, value string) {
	m := simpleSelector.FindStringSubmatch(sel)
	if m == nil {
		panic("e2e: badge selector too complex for the fake pages: " + sel)
	}
	tag, attr, value = m[1], m[2], m[4]
	if tag == "" {
		tag = "div"
	}
	switch m[3] {
	case "$=":
		value = "/e2e" + value
	case "*=":
		value = "/e2e?" + value + "&e2e=1"
	case "^=":
		value += "-e2e"
	}
	return tag, attr, value
}

// site is the fake platforms' server.
type site struct {
	srv    *httptest.Server
	spki   string // base64 SHA-256 of the leaf's public key, for Chromium's pin
	hosts  []string
	bodies map[string][]byte // fixture → bytes
	mu     sync.Mutex
	seen   map[string]int // host → requests
}

// expected is what a scenario must yield: the posts inspect finds.
type expected struct {
	Posts []inspect.Post // every post of every load, in order
	IDs   map[string]bool
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{bodies: map[string][]byte{}, seen: map[string]int{}}
	hostSet := map[string]bool{}
	paths := map[string]string{}
	for _, sc := range scenarios {
		hostSet[sc.Host] = true
		for _, l := range sc.Loads {
			if l.Via == "fetch" || l.Via == "xhr" {
				if f, dup := paths[sc.Host+l.Path]; dup && f != l.Fixture {
					t.Fatalf("scenario %s: %s%s already serves %s", sc.Name, sc.Host, l.Path, f)
				}
				paths[sc.Host+l.Path] = l.Fixture
			}
			if _, ok := s.bodies[l.Fixture]; !ok {
				s.bodies[l.Fixture] = groundtruth.Read(t, filepath.Join("fixtures", l.Fixture))
			}
		}
	}
	for _, c := range feed.Captures() {
		for _, h := range c.Pages {
			hostSet[h] = true
		}
	}
	for h := range hostSet {
		s.hosts = append(s.hosts, h)
	}
	sort.Strings(s.hosts)
	cert, spki := leafFor(t, s.hosts)
	s.spki = spki
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	// Chromium's stray plain-HTTP probes would fill the log.
	s.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.srv.StartTLS()
	t.Cleanup(s.srv.Close)
	return s
}

// port is the server's port on 127.0.0.1.
func (s *site) port() int { return s.srv.Listener.Addr().(*net.TCPAddr).Port }

// resolverRules maps every platform host (and its subdomains) to the
// server and every other name to nowhere, except 127.0.0.1 itself, where
// the study tests run their study server.
func (s *site) resolverRules() string {
	var rules []string
	for _, h := range s.hosts {
		rules = append(rules, fmt.Sprintf("MAP %s 127.0.0.1:%d", h, s.port()), fmt.Sprintf("MAP *.%s 127.0.0.1:%d", h, s.port()))
	}
	return strings.Join(append(rules, "MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1"), ", ")
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.seen[r.Host]++
	s.mu.Unlock()
	host := strings.ToLower(strings.Split(r.Host, ":")[0])
	if r.URL.Path == "/__e2e/page.js" {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, pageJS)
		return
	}
	if r.URL.Path == "/__e2e/no-feed" { // a platform's page that gets no feed (settings, say)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><title>settings</title><p>No feed here.</p>`)
		return
	}
	for i, sc := range scenarios {
		if sc.Host != host {
			continue
		}
		// Request paths are unique across scenarios (newSite checks).
		for _, l := range sc.Loads {
			if (l.Via == "fetch" || l.Via == "xhr") && r.URL.RequestURI() == l.Path {
				body := s.bodies[l.Fixture]
				sum := sha256.Sum256(body)
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.Header().Set("X-Body-Sha256", hex.EncodeToString(sum[:]))
				w.Write(body)
				return
			}
		}
		if r.URL.Query().Get("e2e") == strconv.Itoa(i) {
			s.page(w, i)
			return
		}
	}
	http.NotFound(w, r)
}

// page writes a scenario's HTML: a strict CSP like the platforms' (so the
// WASM cannot run in the page), embedded state, and the page script.
func (s *site) page(w http.ResponseWriter, i int) {
	sc := scenarios[i]
	type cfgLoad struct {
		Via, URL, Sha256, Push string
		Posts                  []string // the elements to render after the data arrived
	}
	var cfg struct {
		Loads        []cfgLoad
		RemoveFrames bool
		Live         bool // see filler
		Pause        int  // see pause
	}
	cfg.RemoveFrames = sc.FrameSrc == "remove"
	cfg.Live = filler[sc.Name] > 0
	cfg.Pause = pause[sc.Name]
	var head strings.Builder
	for _, l := range sc.Loads {
		body := s.bodies[l.Fixture]
		sum := sha256.Sum256(body)
		var posts []string
		seen := map[string]bool{}
		for _, p := range postsOf(body, s.loadURL(sc, l)) {
			if !seen[p.ID] {
				posts = append(posts, postHTML(sc, p))
				seen[p.ID] = true
			}
		}
		cfg.Loads = append(cfg.Loads, cfgLoad{Via: l.Via, URL: l.Path, Sha256: hex.EncodeToString(sum[:]), Push: l.Push, Posts: posts})
		switch l.Via {
		case "embedded-global":
			fmt.Fprintf(&head, "<script nonce=\"e2e\">var %s = %s;</script>\n", l.Path, body)
		case "embedded-script":
			fmt.Fprintf(&head, "<script id=\"%s\" type=\"application/json\">%s</script>\n", l.Path, body)
		case "embedded-sjs":
			fmt.Fprintf(&head, "<script type=\"application/json\" data-content-len=\"%d\" data-sjs>%s%s%s</script>\n", len(body),
				`{"require":[["ScheduledServerJS","handle",null,[{"__bbox":{"require":[["RelayPrefetchedStreamCache","next",[],["adp_CometNewsFeed",{"__bbox":{"complete":true,"result":`,
				body, `}}]]]}}]]]}`)
		}
	}
	cfgJSON, _ := json.Marshal(cfg)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	frameSrc := sc.FrameSrc
	if frameSrc == "" || frameSrc == "remove" {
		frameSrc = "'self'"
	}
	w.Header().Set("Content-Security-Policy", "script-src 'self' 'nonce-e2e'; object-src 'none'; frame-src "+frameSrc)
	fmt.Fprintf(w, "<!doctype html><html><head><meta charset=\"utf-8\"><title>%s</title>\n%s</head><body><main id=\"feed\"></main>\n<script id=\"e2e-config\" type=\"application/json\">%s</script>\n<script src=\"/__e2e/page.js\"></script></body></html>\n",
		sc.Name, head.String(), strings.ReplaceAll(string(cfgJSON), "</", `<\/`))
}

// postsOf are the posts feedlens inspect finds in a payload.
func postsOf(body []byte, url string) []inspect.Post {
	f, err := inspect.Payload(url, url, body)
	if err != nil {
		return nil
	}
	return f.Posts
}

// want is what a scenario's page must end with.
func (s *site) want(t *testing.T, sc scenario) expected {
	t.Helper()
	e := expected{IDs: map[string]bool{}}
	for _, l := range sc.Loads {
		url := s.loadURL(sc, l)
		f, err := inspect.Payload(url, url, s.bodies[l.Fixture])
		if err != nil {
			t.Fatalf("%s: %s: %v", sc.Name, l.Fixture, err)
		}
		for _, p := range f.Posts {
			e.Posts = append(e.Posts, p)
			e.IDs[p.ID] = true
		}
	}
	if len(e.IDs) == 0 {
		t.Fatalf("%s: the fixtures have no posts: nothing to check", sc.Name)
	}
	return e
}

// loadURL is the URL the extension gives the core for a load: the
// request's, or the page's for embedded data.
func (s *site) loadURL(sc scenario, l load) string {
	if strings.HasPrefix(l.Via, "embedded") {
		return "https://" + sc.Host + sc.Page
	}
	return "https://" + sc.Host + l.Path
}

// pageURL is where a scenario's page opens.
func (sc scenario) pageURL(i int) string {
	sep := "?"
	if strings.Contains(sc.Page, "?") {
		sep = "&"
	}
	return fmt.Sprintf("https://%s%s%se2e=%d", sc.Host, sc.Page, sep, i)
}

// leafFor makes a throwaway CA and a leaf for the hosts and their
// subdomains; Chromium trusts only this leaf's key (by its SPKI pin).
func leafFor(t *testing.T, hosts []string) (tls.Certificate, string) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "feedlens e2e CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	var names []string
	for _, h := range hosts {
		names = append(names, h, "*."+h)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: hosts[0]}, DNSNames: names,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _ := x509.ParseCertificate(der)
	sum := sha256.Sum256(parsed.RawSubjectPublicKeyInfo)
	return tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}, base64.StdEncoding.EncodeToString(sum[:])
}

// extensionDir is the built extension for a target ("extension" or
// "extension-firefox") under $FEEDLENS_EXTENSION (make e2e sets it).
func extensionDir(t *testing.T, target string) string {
	t.Helper()
	dist := os.Getenv("FEEDLENS_EXTENSION")
	if dist == "" {
		t.Fatal("FEEDLENS_EXTENSION is not set: run these tests with `make e2e`, which builds dist/extension first")
	}
	dir := filepath.Join(dist, target)
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		t.Fatalf("no built extension at %s: %v (run `make extension`)", dir, err)
	}
	return dir
}

// pageJS is the fake platforms' page script: it gets each payload the way
// the platform does, checks that it got the server's exact bytes, then
// renders the posts (late, as real pages do) so badges must wait for them.
const pageJS = `
const e2e = window.__e2e = { intact: [], errors: [], done: false, rendered: 0, unrelated: null };
addEventListener('error', (e) => e2e.errors.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => e2e.errors.push('unhandledrejection: ' + e.reason));
const cfg = JSON.parse(document.getElementById('e2e-config').textContent);
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha = async (buf) => hex(await crypto.subtle.digest('SHA-256', buf));
function xhr(url) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('GET', url);
    x.onload = () => resolve({ text: x.responseText, header: x.getResponseHeader('X-Body-Sha256') });
    x.onerror = () => reject(new Error('xhr failed'));
    x.send();
  });
}
async function run() {
  if (cfg.RemoveFrames) {
    // A page that removes every frame it did not make, as soon as it appears.
    new MutationObserver(() => { for (const f of document.querySelectorAll('iframe')) f.remove(); })
      .observe(document.documentElement, { childList: true, subtree: true });
  }
  for (const l of cfg.Loads) {
    if (l.Push) history.pushState({}, '', l.Push);
    if (l.Via === 'fetch') {
      const res = await fetch(l.URL, { credentials: 'include' });
      const got = await sha(await res.arrayBuffer());
      e2e.intact.push(got === l.Sha256 && got === res.headers.get('X-Body-Sha256'));
    } else if (l.Via === 'xhr') {
      const r = await xhr(l.URL);
      const got = await sha(new TextEncoder().encode(r.text));
      e2e.intact.push(got === l.Sha256 && got === r.header);
    }
    await new Promise((r) => setTimeout(r, 200));
    const feed = document.getElementById('feed');
    const posts = l.Posts ?? [];
    const shown = cfg.Live ? Math.ceil(posts.length / 2) : posts.length;
    for (const h of posts.slice(0, shown)) feed.insertAdjacentHTML('beforeend', h);
    if (cfg.Live) {
      const live = document.createElement('div');
      document.body.append(live);
      for (let i = 0; i < 75; i++) {
        await new Promise((r) => setTimeout(r, 20));
        live.insertAdjacentHTML('beforeend', '<span>·</span>');
      }
      for (const h of posts.slice(shown)) feed.insertAdjacentHTML('beforeend', h);
    }
    e2e.rendered += posts.length;
    if (cfg.Pause) await new Promise((r) => setTimeout(r, cfg.Pause));
  }
  // A failing request must fail for the page exactly as without us.
  try { await fetch('https://unresolvable.invalid/x'); e2e.unrelated = 'resolved'; }
  catch (err) { e2e.unrelated = err.name; }
  e2e.done = true;
}
run().catch((err) => e2e.errors.push('page: ' + err));
`
