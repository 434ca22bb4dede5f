//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/feedlens/feedlens/internal/jsonnear"
	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

// extensionID follows from the public key in manifest.json.
const extensionID = "nmfmaikeonkmceokgiepkdoaahlcpfpa"

// browser is one headless Chromium with the built extension loaded and
// every platform host mapped to the fake site.
type browser struct {
	t    *testing.T
	ctx  context.Context
	site *site
}

func chromiumPath() string {
	if p := os.Getenv("FEEDLENS_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/lib/chromium/chromium"
}

func newBrowser(t *testing.T, s *site) *browser {
	t.Helper()
	ext := extensionDir(t, "extension")
	if _, err := os.Stat(chromiumPath()); err != nil {
		t.Fatalf("Chromium not found at %s (apt-get install chromium; .ci/run does): %v", chromiumPath(), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	// Not chromedp.DefaultExecAllocatorOptions: they disable extensions.
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath()), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", "new"), chromedp.NoSandbox, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-default-apps", true), chromedp.Flag("no-pings", true),
		chromedp.Flag("lang", "en-US"), chromedp.WindowSize(1280, 1000),
		chromedp.Flag("host-resolver-rules", s.resolverRules()),
		chromedp.Flag("ignore-certificate-errors-spki-list", s.spki),
		chromedp.Flag("load-extension", ext), chromedp.Flag("disable-extensions-except", ext))
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	b := &browser{t: t, ctx: bctx, site: s}
	b.worker() // the extension is loaded once its service worker runs
	return b
}

// worker waits for the extension's service worker and returns its target.
func (b *browser) worker() target.ID {
	b.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		targets, err := chromedp.Targets(b.ctx)
		if err != nil {
			b.t.Fatal(err)
		}
		for _, ti := range targets {
			if ti.Type == "service_worker" && strings.HasPrefix(ti.URL, "chrome-extension://"+extensionID+"/") {
				return ti.TargetID
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("no service worker of extension %s appeared", extensionID)
	return ""
}

// gone reports whether the target vanished within two seconds.
func (b *browser) gone(id target.ID) bool {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		targets, err := chromedp.Targets(b.ctx)
		if err != nil {
			b.t.Fatal(err)
		}
		found := false
		for _, ti := range targets {
			found = found || ti.TargetID == id
		}
		if !found {
			return true
		}
	}
	return false
}

// tab opens a new tab at url.
func (b *browser) tab(url string) context.Context {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		b.t.Fatalf("open %s: %v", url, err)
	}
	return ctx
}

// poll evaluates expr until it is truthy and returns its value. (Not
// chromedp.Poll: it compiles the predicate with new Function, which the
// fake sites' CSP forbids, as the real sites' does.)
func poll[T any](t *testing.T, ctx context.Context, what, expr string, timeout time.Duration) T {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last any
	for {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](`(() => { try { return `+expr+` } catch (e) { return null } })()`))
		if err == nil && v != nil && v != false && v != "" && v != float64(0) {
			return eval[T](t, ctx, expr)
		}
		last = v
		if err != nil {
			last = err
		}
		if time.Now().After(deadline) {
			state, _ := chromedp.Run(ctx, chromedp.Evaluate[any](`JSON.stringify({captured: performance.getEntriesByName("feedlens:main-thread").map(e => e.detail), badges: document.querySelectorAll(".feedlens-badge").length, page: window.__e2e})`))
			t.Fatalf("%s: not so after %v (last value %v; state %v)", what, timeout, last, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

// pageState is what the fake page reports about itself.
type pageState struct {
	Intact    []bool   `json:"intact"`
	Errors    []string `json:"errors"`
	Done      bool     `json:"done"`
	Rendered  int      `json:"rendered"`
	Unrelated string   `json:"unrelated"`
}

// openScenario opens a scenario's page and waits until the page is done
// and every post has its badge.
func (b *browser) openScenario(i int) (context.Context, expected) {
	t := b.t
	sc := scenarios[i]
	want := b.site.want(t, sc)
	ctx := b.tab(sc.pageURL(i))
	poll[bool](t, ctx, sc.Name+": page done", `window.__e2e && window.__e2e.done`, 30*time.Second)
	// Every payload the page got came back classified (the ISOLATED
	// script records each confirmation under the payload's URL).
	for _, l := range sc.Loads {
		url := "https://" + sc.Host + l.Path
		if strings.HasPrefix(l.Via, "embedded") {
			url = sc.pageURL(i)
		}
		poll[bool](t, ctx, sc.Name+": classified "+url, fmt.Sprintf(`performance.getEntriesByName('feedlens:main-thread').some((e) => e.detail.world === 'isolated' && e.detail.url === %s)`, jsString(url)), 30*time.Second)
	}
	checkBadges(t, ctx, sc.Name, want, 30*time.Second)
	st := eval[pageState](t, ctx, `window.__e2e`)
	checkPage(t, sc, st)
	return ctx, want
}

// checkBadges waits for a badge per post of the fixtures, then checks
// that there is exactly one per post: none missing, none twice, none for
// a post the payloads do not have.
func checkBadges(t *testing.T, ctx context.Context, name string, want expected, timeout time.Duration) {
	t.Helper()
	n := len(want.IDs)
	poll[bool](t, ctx, fmt.Sprintf("%s: %d badges", name, n), fmt.Sprintf(`document.querySelectorAll('.feedlens-badge').length >= %d`, n), timeout)
	// Give a wrong extra badge the chance to show up before counting.
	time.Sleep(300 * time.Millisecond)
	ids := eval[[]string](t, ctx, `[...document.querySelectorAll('.feedlens-badge')].map((b) => b.dataset.feedlensId)`)
	if len(ids) != n {
		t.Errorf("%s: %d badges, want %d (one per post of the fixture)", name, len(ids), n)
	}
	// The badges' look comes from badges.css, which the manifest injects
	// with the content script: without it they would be bare text.
	if n > 0 && eval[string](t, ctx, `getComputedStyle(document.querySelector('.feedlens-badge .feedlens-chip')).borderTopLeftRadius`) != "8px" {
		t.Errorf("%s: the badges are not styled (badges.css not injected?)", name)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !want.IDs[id] {
			t.Errorf("%s: badge for unknown post %q", name, id)
		}
		if seen[id] {
			t.Errorf("%s: post %q has two badges", name, id)
		}
		seen[id] = true
	}
}

// checkPage: the page got the server's bytes, saw none of our errors,
// and a failing request failed for it as usual.
func checkPage(t *testing.T, sc scenario, st pageState) {
	t.Helper()
	fetched := 0
	for _, l := range sc.Loads {
		if l.Via == "fetch" || l.Via == "xhr" {
			fetched++
		}
	}
	if len(st.Intact) != fetched {
		t.Errorf("%s: page checked %d bodies, want %d", sc.Name, len(st.Intact), fetched)
	}
	for i, ok := range st.Intact {
		if !ok {
			t.Errorf("%s: load %d: the page's body differs from the server's bytes", sc.Name, i)
		}
	}
	if len(st.Errors) > 0 {
		t.Errorf("%s: errors reached the page: %v", sc.Name, st.Errors)
	}
	if st.Unrelated != "TypeError" {
		t.Errorf("%s: a failing fetch gave the page %q, want TypeError", sc.Name, st.Unrelated)
	}
}

// extPage opens one of the extension's pages and waits for it to be ready.
func (b *browser) extPage(name string) context.Context {
	ctx := b.tab("chrome-extension://" + extensionID + "/" + name)
	poll[bool](b.t, ctx, name+" ready", `document.body.dataset.ready === '1'`, 20*time.Second)
	return ctx
}

// storedPosts is how many posts the extension has stored, read through
// its dashboard (all days).
func (b *browser) storedPosts() int {
	ctx := b.tab("chrome-extension://" + extensionID + "/dashboard.html")
	poll[bool](b.t, ctx, "dashboard ready", `document.body.dataset.ready === '1'`, 20*time.Second)
	eval[any](b.t, ctx, `(async () => { const s = document.getElementById('period'); s.value = '3650'; s.dispatchEvent(new Event('change')); await new Promise((r) => setTimeout(r, 500)); })()`)
	var n int
	fmt.Sscan(eval[string](b.t, ctx, `document.body.dataset.posts`), &n)
	return n
}

// TestChromiumPlatforms opens every scenario's page: each post gets its
// badge, the page gets byte-identical bodies and none of our errors,
// single-page navigation keeps being captured.
func TestChromiumPlatforms(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	stored := map[string]bool{}
	for i, sc := range scenarios {
		if !hasAdapter(sc.Platform) {
			continue
		}
		_, want := b.openScenario(i)
		for id := range want.IDs {
			stored[string(sc.Platform)+"|"+id] = true
		}
	}
	if got := b.storedPosts(); got != len(stored) {
		t.Errorf("stored %d posts, want %d (one per platform, post id and day)", got, len(stored))
	}
	reportPending(t)
}

// TestChromiumNoFeedNoFrame: a platform's page that gets no feed runs the
// content scripts but is spared the relay frame, which is added at the
// first payload (it is most of what the extension costs a page).
func TestChromiumNoFeedNoFrame(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	ctx := b.tab("https://x.com/__e2e/no-feed")
	poll[bool](t, ctx, "both content scripts started", `performance.getEntriesByName('feedlens:main-thread').filter((e) => e.detail.kind === 'start').length === 2`, 30*time.Second)
	time.Sleep(time.Second)
	if n := eval[int](t, ctx, `document.querySelectorAll('iframe').length`); n != 0 {
		t.Errorf("%d frames in a page without a feed, want none", n)
	}
}

// TestChromiumBadgesComeBack: feeds are virtual lists, which drop the
// elements of posts scrolled past and make new ones when the reader
// scrolls back. The new elements get their badges again, one per post,
// also when the app fills in the link or id the badge anchor reads only
// after it added the element.
func TestChromiumBadgesComeBack(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	for _, name := range []string{"x-home-fetch", "youtube-home-fetch", "reddit-best-fetch", "mastodon-home-fetch"} {
		i := scenarioNamed(t, name)
		sc := scenarios[i]
		ctx, want := b.openScenario(i)
		// The anchor's attribute (href, id, data-id), which the
		// second round sets only after the elements are in the page.
		attr := regexp.MustCompile(`\[([A-Za-z][\w-]*)`).FindStringSubmatch(badgeOf(sc.Platform).Anchor)[1]
		for _, late := range []bool{false, true} {
			// The page drops every post's element, then makes each
			// anew (copies without our badges), a few milliseconds
			// apart.
			eval[any](t, ctx, `(async () => {
				const attr = `+jsString(attr)+`, late = `+fmt.Sprint(late)+`;
				const feed = document.getElementById('feed');
				const copies = [...feed.children].map((el) => {
					const c = el.cloneNode(true);
					for (const b of c.querySelectorAll('.feedlens-badge')) b.remove();
					return c;
				});
				feed.replaceChildren();
				await new Promise((r) => setTimeout(r, 300));
				const unset = [];
				for (const c of copies) {
					if (late) {
						for (const el of [c, ...c.querySelectorAll('*')]) {
							if (el.hasAttribute(attr)) {
								unset.push([el, el.getAttribute(attr)]);
								el.removeAttribute(attr);
							}
						}
					}
					feed.append(c);
					// The first post shown twice at once (as a post and
					// in a conversation, say): one badge all the same.
					if (!late && c === copies[0]) feed.append(c.cloneNode(true));
					await new Promise((r) => setTimeout(r, 5));
				}
				await new Promise((r) => setTimeout(r, 300));
				for (const [el, v] of unset) el.setAttribute(attr, v);
				if (late && !unset.length) throw new Error('no element has the attribute ' + attr);
			})()`)
			checkBadges(t, ctx, fmt.Sprintf("%s, scrolled back (anchor attribute set late: %v)", name, late), want, 30*time.Second)
		}
		// The app reuses each post's element for the next post, in
		// either of the two ways apps do it: every element ends with
		// one badge, the one for the post it now shows. reuse calls a
		// JS function with each post element's anchor and the next
		// post's value.
		reuse := func(fn string) {
			eval[any](t, ctx, `(() => {
				const attr = `+jsString(attr)+`;
				const anchors = [...document.getElementById('feed').children].map((c) => (c.matches('['+attr+']') ? c : c.querySelector('['+attr+']')));
				const values = anchors.map((a) => a.getAttribute(attr));
				const reuse = `+fn+`;
				anchors.forEach((a, i) => reuse(a, values[(i + 1) % values.length]));
			})()`)
		}
		// The anchor's attribute takes the next post's value.
		reuse(`(a, v) => a.setAttribute(attr, v)`)
		checkBadges(t, ctx, name+", elements reused", want, 30*time.Second)
		checkBadgesShowTheirPost(t, ctx, name, sc.Platform, want, attr)
		// The anchor element is swapped for a new one, in the element
		// around it.
		reuse(`(a, v) => {
			const fresh = a.cloneNode(true);
			for (const b of fresh.querySelectorAll('.feedlens-badge')) b.remove();
			fresh.setAttribute(attr, v);
			a.replaceWith(fresh);
		}`)
		checkBadges(t, ctx, name+", anchors swapped", want, 30*time.Second)
		checkBadgesShowTheirPost(t, ctx, name, sc.Platform, want, attr)
	}
}

// checkBadgesShowTheirPost: each badge sits in an element whose anchor
// attribute (there or in an element inside it) names the badge's post.
func checkBadgesShowTheirPost(t *testing.T, ctx context.Context, name string, p feed.Platform, want expected, attr string) {
	t.Helper()
	keys := map[string]string{} // post id → what the page marks it with
	byRef := strings.Contains(badgeOf(p).Anchor, "{ref}")
	for _, post := range want.Posts {
		keys[post.ID] = post.ID
		if byRef {
			keys[post.ID] = refOf(post)
		}
	}
	type badge struct {
		ID     string
		Values []string
	}
	badges := eval[[]badge](t, ctx, `[...document.querySelectorAll('.feedlens-badge')].map((b) => {
		const box = b.parentElement, attr = `+jsString(attr)+`;
		return { id: b.dataset.feedlensId, values: [box, ...box.querySelectorAll('['+attr+']')].filter((e) => e.hasAttribute(attr)).map((e) => e.getAttribute(attr)) };
	})`)
	for _, b := range badges {
		key := regexp.MustCompile(`(^|[^\w-])` + regexp.QuoteMeta(keys[b.ID]) + `($|[^\w-])`)
		if !slices.ContainsFunc(b.Values, key.MatchString) {
			t.Errorf("%s: the badge of %q is in an element that shows %q", name, b.ID, b.Values)
		}
	}
}

// TestChromiumWorkerKilled stops the service worker while it works on
// each page's payloads (they have been handed off, the worker is
// classifying or storing them): every post is stored all the same, and
// every post gets its badge.
func TestChromiumWorkerKilled(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	want := map[string]bool{}
	kills := 0
	for i, sc := range scenarios {
		if sc.Platform != feed.X {
			continue
		}
		w := s.want(t, sc)
		for id := range w.IDs {
			want[id] = true
		}
		ctx, cancel := chromedp.NewContext(b.ctx)
		defer cancel()
		go chromedp.Do(ctx, chromedp.Navigate(sc.pageURL(i)))
		poll[bool](t, ctx, sc.Name+": payload handed off", `performance.getEntriesByName('feedlens:main-thread').some((e) => e.detail.world === 'main' && e.detail.url)`, 30*time.Second)
		sw := b.worker() // woken by the payload, if it was stopped
		// Alternately as a crash (the target closed) and as Chromium
		// stops an idle worker (ServiceWorker.stopAllWorkers).
		if i%2 == 0 {
			if _, err := chromedp.CallBrowser(b.ctx, target.CloseTarget, target.CloseTargetParams{TargetID: sw}); err != nil {
				t.Fatalf("close the worker: %v", err)
			}
		} else {
			if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
				t.Fatalf("ServiceWorker.enable: %v", err)
			}
			if _, err := chromedp.Call(ctx, serviceworker.StopAllWorkers, cdp.Empty{}); err != nil {
				t.Fatalf("stop the workers: %v", err)
			}
		}
		if b.gone(sw) {
			kills++
		}
		poll[bool](t, ctx, sc.Name+": page done", `window.__e2e && window.__e2e.done`, 30*time.Second)
		checkBadges(t, ctx, sc.Name, w, 120*time.Second)
	}
	if kills == 0 {
		t.Fatal("the service worker was never stopped: nothing was tested")
	}
	if got := b.storedPosts(); got != len(want) {
		t.Errorf("after %d service-worker kills: %d posts stored, want %d", kills, got, len(want))
	}
	t.Logf("%d posts stored across %d service-worker kills", len(want), kills)
}

// TestChromiumPopupDashboard: after the platforms' pages, the popup and
// the dashboard show the metrics `feedlens inspect --metrics` prints for
// the same payloads (given to it as a HAR, so each has its URL), the
// dashboard draws its charts, and the export holds every post.
func TestChromiumPopupDashboard(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	// Pages whose posts are all new: the store keeps a post once a day,
	// the CLI counts what its files hold.
	stored := map[string]bool{}
	var har []harEntry
	for i, sc := range scenarios {
		if !hasAdapter(sc.Platform) {
			continue
		}
		w := s.want(t, sc)
		fresh := len(w.IDs) == len(w.Posts)
		for id := range w.IDs {
			fresh = fresh && !stored[string(sc.Platform)+"|"+id]
		}
		if !fresh {
			continue
		}
		b.openScenario(i)
		for id := range w.IDs {
			stored[string(sc.Platform)+"|"+id] = true
		}
		for _, l := range sc.Loads {
			har = append(har, harEntry{URL: s.loadURL(sc, l), Body: s.bodies[l.Fixture]})
		}
	}
	want := cliMetrics(t, har)
	if int(want["posts"].(float64)) != len(stored) {
		t.Fatalf("the CLI counts %v posts, the pages had %d", want["posts"], len(stored))
	}

	popup := b.extPage("popup.html")
	got := eval[map[string]string](t, popup, `Object.fromEntries(['posts','ads','recommended','followed','tactics','score'].map((id) => [id, document.getElementById(id).textContent]))`)
	reasons := want["reason_share"].(map[string]any)
	score := "–"
	if v, ok := want["diversity_score"].(float64); ok {
		score = strconv.Itoa(int(math.Round(v)))
	}
	wantFig := map[string]string{"posts": fmt.Sprint(len(stored)), "ads": pct(want["ad_share"]), "recommended": pct(reasons["recommended"]),
		"followed": pct(reasons["followed"]), "tactics": pct(want["tactic_rate"]), "score": score}
	for k, v := range wantFig {
		if got[k] != v {
			t.Errorf("popup %s = %q, want %q (feedlens inspect --metrics)", k, got[k], v)
		}
	}

	dash := b.extPage("dashboard.html")
	var dashMetrics map[string]any
	if err := json.Unmarshal([]byte(eval[string](t, dash, `document.body.dataset.metrics`)), &dashMetrics); err != nil {
		t.Fatal(err)
	}
	if !jsonnear.Equal(dashMetrics, want, 1e-9) {
		d, _ := json.Marshal(dashMetrics)
		w, _ := json.Marshal(want)
		t.Errorf("dashboard metrics differ from feedlens inspect --metrics:\n%s\n%s", d, w)
	}
	charts := eval[map[string]int](t, dash, `Object.fromEntries(['chart-time','chart-platforms','chart-topics','chart-tiers'].map((id) => {
		const c = Chart.getChart(id);
		return [id, c ? c.data.datasets.reduce((n, d) => n + d.data.filter((v) => v > 0).length, 0) : -1];
	}))`)
	for _, id := range []string{"chart-time", "chart-platforms"} {
		if charts[id] <= 0 {
			t.Errorf("dashboard chart %s has no data drawn (%d)", id, charts[id])
		}
	}
	// The accounts listed are those the core's author figures count.
	listed := eval[map[string]float64](t, dash, `(async () => {
		const f = await import('./figures.js');
		const s = await import('./store.js');
		const a = f.authors(await s.records());
		return { authors: a.length, posts: a.reduce((n, x) => n + x.seen, 0), unnamed: a.filter((x) => !x.name && !x.handle).length };
	})()`)
	if listed["authors"] != dashMetrics["unique_authors"] || listed["posts"] != dashMetrics["author_posts"] || listed["unnamed"] != 0 {
		t.Errorf("the dashboard lists %v authors (posts, unnamed), the metrics count %v accounts over %v posts", listed, dashMetrics["unique_authors"], dashMetrics["author_posts"])
	}
	// The author tiers by audience size, as classify.Tiers lists them.
	var wantTiers []string
	for _, tier := range classify.Tiers {
		wantTiers = append(wantTiers, message(t, "en", "tier_"+string(tier)))
	}
	if got := eval[[]string](t, dash, `Chart.getChart('chart-tiers').data.labels`); !slices.Equal(got, wantTiers) {
		t.Errorf("author tiers drawn in the order %q, want %q", got, wantTiers)
	}
	painted := eval[bool](t, dash, `(() => { const c = document.getElementById('chart-time'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 3; i < d.length; i += 4) if (d[i]) return true; return false; })()`)
	if !painted {
		t.Error("dashboard chart-time canvas is blank")
	}
	advertisers := eval[int](t, dash, `document.querySelectorAll('#advertisers tbody tr').length`)
	if advertisers == 0 {
		t.Error("dashboard lists no advertisers, though the X fixtures have ads")
	}
	shot, err := chromedp.Run(dash, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(os.TempDir(), "feedlens-dashboard.png")
	if dir := os.Getenv("FEEDLENS_SCREENSHOT_DIR"); dir != "" {
		out = filepath.Join(dir, "extension-dashboard.png")
	}
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("dashboard screenshot: %s; charts %v", out, charts)

	// Export: the CSV has a header and one line per post.
	csv := eval[string](t, dash, `(async () => { const m = await import('./dashboard.js'); const s = await import('./store.js'); return m.toCSV(await s.records()); })()`)
	if lines := strings.Count(csv, "\r\n"); lines != len(stored)+1 {
		t.Errorf("CSV export has %d lines, want %d", lines, len(stored)+1)
	}
}

// TestChromiumOptions: badges off for a platform keeps analysing it
// without marking; the platform off stores nothing more; a shorter
// history deletes the older days; Delete everything deletes everything.
func TestChromiumOptions(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t, s)
	opts := b.extPage("options.html")
	eval[any](t, opts, `(() => { const c = document.getElementById('badges-x'); c.checked = false; c.dispatchEvent(new Event('change')); })()`)
	poll[bool](t, opts, "saved", `document.body.dataset.saved === '1'`, 5*time.Second)
	ctx := b.tab(scenarios[0].pageURL(0))
	poll[bool](t, ctx, "page done", `window.__e2e && window.__e2e.done`, 30*time.Second)
	want := s.want(t, scenarios[0])
	deadline := time.Now().Add(20 * time.Second)
	for b.storedPosts() != len(want.IDs) && time.Now().Before(deadline) {
		time.Sleep(300 * time.Millisecond)
	}
	if got := b.storedPosts(); got != len(want.IDs) {
		t.Fatalf("badges off: %d posts stored, want %d", got, len(want.IDs))
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('.feedlens-badge').length`); n != 0 {
		t.Errorf("badges off for X, yet %d badges in the page", n)
	}
	eval[any](t, opts, `(() => { const c = document.getElementById('capture-x'); c.checked = false; c.dispatchEvent(new Event('change')); })()`)
	poll[bool](t, opts, "saved", `document.body.dataset.saved === '2'`, 5*time.Second)
	ctx = b.tab(scenarios[1].pageURL(1))
	poll[bool](t, ctx, "page done", `window.__e2e && window.__e2e.done`, 30*time.Second)
	time.Sleep(time.Second)
	if got := b.storedPosts(); got != len(want.IDs) {
		t.Errorf("X switched off, yet the store went from %d to %d posts", len(want.IDs), got)
	}

	// History: posts seen 10 days ago go when the history is 3 days.
	dash := b.extPage("dashboard.html")
	eval[any](t, dash, `(async () => {
		const s = await import('./store.js');
		const post = { platform: 'x', id: 'e2e-old', reason: 'followed', ad: false, author: { handle: 'old' }, evidence: [] };
		await s.addPosts({ surface: 'home', endpoint: 'e2e', posts: [post, { ...post, id: 'e2e-old-2' }] }, Date.now() - 10 * 86400e3);
	})()`)
	if got := b.storedPosts(); got != len(want.IDs)+2 {
		t.Fatalf("after adding 2 posts of 10 days ago: %d stored, want %d", got, len(want.IDs)+2)
	}
	eval[any](t, opts, `(() => { const h = document.getElementById('history'); h.value = '3'; h.dispatchEvent(new Event('change')); })()`)
	poll[bool](t, opts, "saved", `document.body.dataset.saved === '3'`, 5*time.Second)
	deadline = time.Now().Add(10 * time.Second)
	for b.storedPosts() != len(want.IDs) && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if got := b.storedPosts(); got != len(want.IDs) {
		t.Errorf("history 3 days: %d posts stored, want %d (the 10-day-old ones deleted)", got, len(want.IDs))
	}

	// Delete everything, as the user confirms it.
	eval[any](t, dash, `(() => { window.confirm = () => true; document.getElementById('delete-all').click(); })()`)
	poll[bool](t, dash, "deleted", `document.body.dataset.posts === '0'`, 10*time.Second)
	if got := b.storedPosts(); got != 0 {
		t.Errorf("after Delete everything: %d posts stored", got)
	}
}

// pct prints a share as the popup does (Intl.NumberFormat, percent, at
// most one decimal, en-US).
func pct(v any) string {
	f, ok := v.(float64)
	if !ok {
		return "–"
	}
	return strconv.FormatFloat(math.Round(1000*f)/10, 'f', -1, 64) + "%"
}

// harEntry is one response of the HAR given to the CLI.
type harEntry struct {
	URL  string
	Body []byte
}

// cliMetrics is the "all" window of `feedlens inspect --metrics --json`
// over the entries (a HAR file, so that each payload has its URL).
func cliMetrics(t *testing.T, entries []harEntry) map[string]any {
	t.Helper()
	cli := os.Getenv("FEEDLENS_CLI")
	if cli == "" {
		t.Fatal("FEEDLENS_CLI is not set: run these tests with `make e2e`")
	}
	type content struct {
		Text string `json:"text"`
	}
	var har struct {
		Log struct {
			Entries []map[string]any `json:"entries"`
		} `json:"log"`
	}
	for _, e := range entries {
		har.Log.Entries = append(har.Log.Entries, map[string]any{"request": map[string]any{"url": e.URL}, "response": map[string]any{"content": content{string(e.Body)}}})
	}
	raw, _ := json.Marshal(har)
	path := filepath.Join(t.TempDir(), "pages.har")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(cli, "inspect", "--metrics", "--json", path).Output()
	if err != nil {
		t.Fatalf("feedlens inspect --metrics: %v\n%s", err, stderrOf(err))
	}
	var report struct {
		Windows []struct {
			Window  string
			Metrics map[string]any
		}
	}
	if err := json.Unmarshal(out, &report); err != nil || len(report.Windows) == 0 || report.Windows[0].Window != "all" {
		t.Fatalf("feedlens inspect --metrics printed %.300s (%v)", out, err)
	}
	return report.Windows[0].Metrics
}

func hasAdapter(p feed.Platform) bool {
	for _, c := range feed.Captures() {
		if c.Platform == p {
			return true
		}
	}
	return false
}

// reportPending names what these pages leave out: a platform without a
// scenario is an error (every platform with an adapter has pages here).
func reportPending(t *testing.T) {
	for _, c := range feed.Captures() {
		found := false
		for _, sc := range scenarios {
			found = found || sc.Platform == c.Platform
		}
		if !found {
			t.Errorf("%s has an adapter but no end-to-end page", c.Platform)
		}
	}
	for _, p := range feed.Platforms {
		if !hasAdapter(p) {
			t.Logf("NOT TESTED end to end (no adapter): %s", p)
		}
	}
}

// message is the text of one of the built extension's messages.
func message(t *testing.T, locale, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(extensionDir(t, "extension"), "_locales", locale, "messages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var msgs map[string]struct{ Message string }
	if err := json.Unmarshal(raw, &msgs); err != nil {
		t.Fatalf("%s messages: %v", locale, err)
	}
	m := msgs[name].Message
	if m == "" {
		t.Fatalf("%s messages: no %q", locale, name)
	}
	return m
}
