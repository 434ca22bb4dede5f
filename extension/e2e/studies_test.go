//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/feedlens/feedlens/internal/jsonnear"
)

// studyServer is the real `feedlens serve` process on an SQLite file,
// behind a recording proxy: the extension knows only the proxy, so the
// proxy sees every request the extension makes to the study server, with
// its headers and body. The server can be killed and started again on
// the same database (the proxy then answers 502), and the proxy can
// forward a batch and then drop the connection instead of answering, so
// that the server has stored reports the extension believes unsent.
type studyServer struct {
	t        *testing.T
	db       string
	admin    string
	cmd      *exec.Cmd
	upstream atomic.Pointer[string] // the server's base URL; nil while it is down
	proxy    *httptest.Server
	dropAck  atomic.Bool // forward POSTs, then close the connection unanswered

	mu  sync.Mutex
	log []captured
}

// captured is one request the extension made to the study server.
type captured struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

func startStudyServer(t *testing.T) *studyServer {
	t.Helper()
	s := &studyServer{t: t, db: filepath.Join(t.TempDir(), "studies.db"), admin: "e2e-admin-token-0123456789abcdef"}
	s.proxy = httptest.NewServer(http.HandlerFunc(s.forward))
	t.Cleanup(s.proxy.Close)
	s.start()
	t.Cleanup(s.kill)
	return s
}

var servingLine = regexp.MustCompile(`serving on (http://\S+)`)

// start runs `feedlens serve` on a free port and points the proxy at it.
func (s *studyServer) start() {
	t := s.t
	cli := os.Getenv("FEEDLENS_CLI")
	if cli == "" {
		t.Fatal("FEEDLENS_CLI is not set: run these tests with `make e2e`")
	}
	cmd := exec.Command(cli, "serve", "--addr", "127.0.0.1:0", "--db", "file:"+s.db)
	cmd.Env = append(os.Environ(), "FEEDLENS_ADMIN_TOKEN="+s.admin, "FEEDLENS_CHROME_EXTENSION_ID="+extensionID)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("feedlens serve: %v", err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	m := servingLine.FindStringSubmatch(line)
	if err != nil || m == nil {
		_ = cmd.Process.Kill()
		t.Fatalf("feedlens serve printed %q (%v)", line, err)
	}
	go io.Copy(io.Discard, out)
	s.cmd = cmd
	s.upstream.Store(&m[1])
}

// kill stops the server as a crash would (kill -9).
func (s *studyServer) kill() {
	if s.cmd == nil {
		return
	}
	s.upstream.Store(nil)
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

func (s *studyServer) forward(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.log = append(s.log, captured{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()
	up := s.upstream.Load()
	if up == nil {
		http.Error(w, `{"error":"the study server is down"}`, http.StatusBadGateway)
		return
	}
	req, _ := http.NewRequest(r.Method, *up+r.URL.RequestURI(), bytes.NewReader(body))
	for k, v := range r.Header {
		req.Header[k] = v
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	if r.Method == http.MethodPost && s.dropAck.Load() {
		// The server has answered (and stored the batch); the extension
		// sees the connection drop, as when it goes offline.
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.StatusCode)
	w.Write(answer)
}

// requests returns a copy of the log.
func (s *studyServer) requests() []captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]captured(nil), s.log...)
}

// api calls the server directly (not through the proxy: not the extension).
func (s *studyServer) api(method, path, token string, body any, want int) []byte {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, *s.upstream.Load()+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, b, want)
	}
	return b
}

// aggregate is one released cell of GET /v1/studies/{id}/aggregates.
type aggregate struct {
	Rows []struct {
		Platform string
		N        float64
	}
	Suppressed int
}

func (s *studyServer) aggregates(study, token, query string) aggregate {
	var a aggregate
	if err := json.Unmarshal(s.api("GET", "/v1/studies/"+study+"/aggregates?"+query, token, nil, 200), &a); err != nil {
		s.t.Fatal(err)
	}
	return a
}

// reportCounts reads the server's reports counter by outcome (/metrics).
func (s *studyServer) reportCounts() map[string]int {
	out := map[string]int{}
	for _, m := range regexp.MustCompile(`feedlens_reports_total\{result="(\w+)"\} (\d+)`).FindAllStringSubmatch(string(s.api("GET", "/metrics", "", nil, 200)), -1) {
		var n int
		fmt.Sscan(m[2], &n)
		out[m[1]] = n
	}
	return out
}

// e2eStudy runs from yesterday for a month over X, YouTube and TikTok;
// its fields are defined for any day with posts.
func e2eStudy(today time.Time) map[string]any {
	return map[string]any{
		"id": "e2e-feeds", "version": 1,
		"title":       map[string]string{"en": "E2E feeds study", "de": "E2E-Feedstudie"},
		"description": map[string]string{"en": "What feeds show, end to end.", "de": "Was Feeds zeigen."},
		"consent":     map[string]string{"en": "I agree to send one randomised report per day and platform.", "de": "Ich willige ein."},
		"platforms":   []string{"x", "youtube", "tiktok"},
		"start":       today.AddDate(0, 0, -1).Format(time.DateOnly), "end": today.AddDate(0, 0, 30).Format(time.DateOnly),
		"epsilon": 4, "min_cohort": 2, "min_posts": 5,
		"fields": []map[string]any{
			{"name": "posts", "metric": "posts", "categories": []string{"<20", "20-50", ">=50"}, "edges": []float64{20, 50}},
			{"name": "ads", "metric": "ad_share", "categories": []string{"<5%", "5-20%", ">=20%"}, "edges": []float64{0.05, 0.2}},
			{"name": "recommended", "metric": "reason_share.recommended", "categories": []string{"<50%", ">=50%"}, "edges": []float64{0.5}},
			{"name": "authors", "metric": "unique_authors", "categories": []string{"<10", "10-30", ">=30"}, "edges": []float64{10, 30}},
			{"name": "tactics", "metric": "tactic_rate", "categories": []string{"<5%", ">=5%"}, "edges": []float64{0.05}},
		},
	}
}

// runSummary is what the worker's daily job reports.
type runSummary struct {
	Built, Skipped, Sent, Rejected, Failed int
	Error                                  string
}

// runDay runs the worker's daily job as if it were `days` days from now.
func runDay(t *testing.T, ctx context.Context, days float64) runSummary {
	t.Helper()
	s := eval[runSummary](t, ctx, fmt.Sprintf(`chrome.runtime.sendMessage({ type: 'studies-run', now: Date.now() + %f * 86400e3 })`, days))
	if s.Error != "" {
		t.Fatalf("the daily job failed: %s", s.Error)
	}
	return s
}

// studyRecords reads the extension's records of the study from IndexedDB.
func studyRecords(t *testing.T, ctx context.Context) []map[string]any {
	return eval[[]map[string]any](t, ctx, `(async () => (await import('./studies.js')).studyRecords('e2e-feeds'))()`)
}

func countState(recs []map[string]any, state string) int {
	n := 0
	for _, r := range recs {
		if r["state"] == state {
			n++
		}
	}
	return n
}

// TestChromiumStudies: the extension and the real study server. Nothing
// reaches the server before a server is set, and nothing but the study
// list before the user joins; the consent screen previews the reports;
// after joining, the daily job's reports arrive and count once though a
// batch was sent twice; while the server is down they wait in the queue
// (across a service-worker stop) and arrive once it is back; leaving
// clears the queue and stops sending. Every request the extension made
// carries only the study's fields.
func TestChromiumStudies(t *testing.T) {
	s := newSite(t)
	srv := startStudyServer(t)
	now := time.Now()
	today := now.Format(time.DateOnly)
	days := []string{today, now.AddDate(0, 0, 1).Format(time.DateOnly), now.AddDate(0, 0, 2).Format(time.DateOnly)}
	study := e2eStudy(now)
	srv.api("POST", "/v1/studies", srv.admin, study, http.StatusCreated)
	var tok struct{ Token string }
	_ = json.Unmarshal(srv.api("POST", "/v1/studies/e2e-feeds/tokens", srv.admin, nil, http.StatusCreated), &tok)

	b := newBrowser(t, s)
	for _, name := range []string{"x-home-fetch", "x-search", "youtube-home-fetch"} {
		b.openScenario(scenarioNamed(t, name))
	}
	opts := b.extPage("options.html")
	poll[bool](t, opts, "study section ready", `document.getElementById('study').dataset.ready === '1'`, 20*time.Second)

	// No server set: the daily job does nothing, nothing is requested.
	if got := runDay(t, opts, 1); got != (runSummary{}) {
		t.Errorf("before any study, the daily job did %+v", got)
	}
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("%d requests to the study server before it was even set", n)
	}

	// The user sets the server: the options page asks for its studies.
	eval[any](t, opts, fmt.Sprintf(`(() => { document.getElementById('study-server').value = %q; document.getElementById('study-server-save').click(); })()`, srv.proxy.URL))
	poll[bool](t, opts, "study listed", `!!document.getElementById('study-open-e2e-feeds')`, 20*time.Second)
	if log := srv.requests(); len(log) != 1 || log[0].Method != "GET" || log[0].Path != "/v1/studies" {
		t.Fatalf("asked for the study list, the extension made %d requests: %v", len(log), log)
	}

	// The user approves the server in the browser's extension settings
	// (see approveHostPermission). Not joined: the extension holds no
	// permission, and the daily job sends nothing.
	permission := srv.proxy.URL + "/*"
	approveHostPermission(t, b, permission)
	hasPermission := fmt.Sprintf(`chrome.permissions.contains({ origins: [%q] })`, permission)
	if eval[bool](t, opts, hasPermission) {
		t.Error("before joining, the extension holds the study server's host permission")
	}
	if got := runDay(t, opts, 1); got != (runSummary{}) {
		t.Errorf("not joined, the daily job did %+v", got)
	}

	// The consent screen: the study's texts and a preview of its reports.
	if err := chromedp.Do(opts, chromedp.Click(chromedp.CSS("#study-open-e2e-feeds"))); err != nil {
		t.Fatal(err)
	}
	poll[bool](t, opts, "preview built", `document.getElementById('study-consent').dataset.previewed === '1'`, 30*time.Second)
	if got := eval[string](t, opts, `document.getElementById('consent-text').textContent`); got != study["consent"].(map[string]string)["en"] {
		t.Errorf("consent screen shows %q", got)
	}
	var preview map[string]any
	if err := json.Unmarshal([]byte(eval[string](t, opts, `document.querySelector('#consent-preview pre.wire').textContent`)), &preview); err != nil {
		t.Fatalf("the preview shows no report JSON: %v", err)
	}
	checkBody(t, "preview", preview, study, []string{today})
	if n := len(preview["reports"].([]any)); n != 2 {
		t.Errorf("the preview shows %d reports, want 2 (X and YouTube; TikTok has no posts)", n)
	}
	if skip := eval[string](t, opts, `document.getElementById('preview-tiktok').textContent`); !strings.Contains(skip, "too few posts") {
		t.Errorf("the preview says of TikTok: %q", skip)
	}
	screenshot(t, opts, "extension-study-consent.png", `document.getElementById('study-consent').scrollIntoView()`)
	// Up to joining, the study list was the only request.
	beforeJoin := len(srv.requests())
	if beforeJoin != 1 {
		t.Errorf("before joining, %d requests reached the server, want only the study list", beforeJoin)
	}
	// Real clicks: joining asks for the permission, which needs a user gesture.
	if err := chromedp.Do(opts, chromedp.Click(chromedp.CSS("#consent-agree")), chromedp.Click(chromedp.CSS("#consent-join"))); err != nil {
		t.Fatal(err)
	}
	poll[bool](t, opts, "joined", `!!document.getElementById('joined-e2e-feeds')`, 20*time.Second)
	if !eval[bool](t, opts, hasPermission) {
		t.Error("joined, but the extension did not get the study server's host permission")
	}
	if !eval[bool](t, opts, `chrome.alarms.get('feedlens-studies').then((a) => !!a)`) {
		t.Error("joined, but the daily alarm is not set")
	}

	// Day 1: the server stores the batch, the extension sees the
	// connection drop: the reports stay queued and go again with the same
	// ids; the server counts them once.
	srv.dropAck.Store(true)
	if got := runDay(t, opts, 1); got.Built != 2 || got.Skipped != 1 || got.Failed != 2 || got.Sent != 0 {
		t.Errorf("day 1, answer lost: %+v, want 2 built, 1 skipped (TikTok), 2 failed", got)
	}
	recs := studyRecords(t, opts)
	if countState(recs, "queued") != 2 {
		t.Fatalf("after a lost answer: %d queued, want 2: %v", countState(recs, "queued"), recs)
	}
	// What the options page lists as waiting is exactly what is sent next.
	reload(t, opts)
	shown := eval[string](t, opts, `document.querySelector('#joined-e2e-feeds pre.wire').textContent`)
	srv.dropAck.Store(false)
	if got := runDay(t, opts, 1+1.0/24); got.Sent != 2 || got.Failed != 0 {
		t.Errorf("day 1, retried: %+v, want 2 sent", got)
	}
	// Chromium itself sends a request again once when a kept-alive
	// connection drops before the answer: at least two sends, all alike.
	posts := postsAfter(srv.requests(), beforeJoin)
	if len(posts) < 2 {
		t.Fatalf("want the same batch at least twice, got %d POSTs", len(posts))
	}
	for _, p := range posts[1:] {
		if !bytes.Equal(p.Body, posts[0].Body) {
			t.Fatalf("a retry differs from the first send:\n%s\n%s", posts[0].Body, p.Body)
		}
	}
	if !jsonnear.Equal(decode(t, []byte(shown)), decode(t, posts[0].Body), 1e-9) {
		t.Errorf("the options page showed\n%s\nbut the extension sent\n%s", shown, posts[0].Body)
	}
	if c := srv.reportCounts(); c["accepted"] != 2 || c["duplicate"] != 2*(len(posts)-1) {
		t.Errorf("server counts %v after %d sends of 2 reports, want 2 accepted, the rest duplicate", c, len(posts))
	}

	// Day 2: the server is down; the reports wait, also across a stop of
	// the service worker, and arrive once it is back.
	addPostsForDay(t, b, today, 1)
	srv.kill()
	if got := runDay(t, opts, 2); got.Built != 2 || got.Failed != 2 {
		t.Errorf("day 2, server down: %+v, want 2 built, 2 failed", got)
	}
	if _, err := chromedp.CallBrowser(b.ctx, target.CloseTarget, target.CloseTargetParams{TargetID: b.worker()}); err != nil {
		t.Fatal(err)
	}
	if n := countState(studyRecords(t, opts), "queued"); n != 2 {
		t.Errorf("server down and the worker stopped: %d queued, want 2", n)
	}
	srv.start()
	if got := runDay(t, opts, 2+1.0/24); got.Sent != 2 {
		t.Errorf("day 2, server back: %+v, want 2 sent", got)
	}
	for _, platform := range []string{"x", "youtube"} {
		a := srv.aggregates("e2e-feeds", tok.Token, "field=ads&group=all&platform="+platform)
		if len(a.Rows) != 1 || a.Rows[0].N != 2 || a.Suppressed != 0 {
			t.Errorf("%s: aggregates %+v, want one cell of 2 reports (two days, each counted once)", platform, a)
		}
	}

	// Day 3: queued while the server is down, then the user leaves: the
	// queue is emptied, the permission and the alarm go, nothing more is
	// sent though the server is back and days pass.
	addPostsForDay(t, b, today, 2)
	srv.kill()
	if got := runDay(t, opts, 3); got.Built != 2 || got.Failed != 2 {
		t.Errorf("day 3, server down: %+v", got)
	}
	reload(t, opts)
	eval[any](t, opts, `(() => { window.confirm = () => true; document.getElementById('withdraw-e2e-feeds').click(); })()`)
	poll[bool](t, opts, "left", `!document.getElementById('joined-e2e-feeds') && !document.getElementById('study-server').disabled`, 20*time.Second)
	if recs := studyRecords(t, opts); len(recs) != 0 {
		t.Errorf("after leaving, %d records of the study remain", len(recs))
	}
	if eval[bool](t, opts, hasPermission) {
		t.Error("after leaving, the extension keeps the server's host permission")
	}
	if eval[bool](t, opts, `chrome.alarms.getAll().then((a) => a.length > 0)`) {
		t.Error("after leaving, a study alarm is still set")
	}
	srv.start()
	sentBefore := len(srv.requests())
	for _, day := range []float64{3 + 1.0/24, 4, 5} {
		if got := runDay(t, opts, day); got != (runSummary{}) {
			t.Errorf("after leaving, day %v: the job did %+v", day, got)
		}
	}
	if n := len(srv.requests()); n != sentBefore {
		t.Errorf("after leaving, %d more requests reached the server", n-sentBefore)
	}

	checkPrivacy(t, b, srv.requests(), study, beforeJoin, days)
}

// screenshot saves the page after running scroll, under
// $FEEDLENS_SCREENSHOT_DIR (docs/, for the documentation) or the temp dir.
func screenshot(t *testing.T, ctx context.Context, name, scroll string) {
	t.Helper()
	eval[any](t, ctx, scroll)
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(os.TempDir(), name)
	if dir := os.Getenv("FEEDLENS_SCREENSHOT_DIR"); dir != "" {
		out = filepath.Join(dir, name)
	}
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
}

// reload reloads the options page and waits for its study section.
func reload(t *testing.T, opts context.Context) {
	t.Helper()
	if err := chromedp.Do(opts, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	poll[bool](t, opts, "options ready", `document.getElementById('study')?.dataset.ready === '1'`, 20*time.Second)
}

// approveHostPermission approves the extension's access to pattern the
// way a user does on chrome://extensions (Site access). Chromium's
// permission prompt cannot be answered headless; with the access
// approved beforehand, the extension's chrome.permissions.request at
// joining succeeds without one (and the extension holds the permission
// only from then on).
func approveHostPermission(t *testing.T, b *browser, pattern string) {
	t.Helper()
	ctx := b.tab("chrome://extensions/")
	poll[bool](t, ctx, "chrome://extensions", `!!(chrome.developerPrivate && chrome.developerPrivate.addHostPermission)`, 10*time.Second)
	msg := eval[string](t, ctx, fmt.Sprintf(`new Promise((resolve) => chrome.developerPrivate.addHostPermission(%q, %q, () => resolve(chrome.runtime.lastError?.message ?? '')))`, extensionID, pattern))
	if msg != "" {
		t.Fatalf("approving %s: %s", pattern, msg)
	}
}

// addPostsForDay stores today's posts once more as seen `days` days later
// (the extension stores each post once per day, and the pages can only
// be seen today).
func addPostsForDay(t *testing.T, b *browser, today string, days int) {
	t.Helper()
	ctx := b.extPage("dashboard.html")
	n := eval[int](t, ctx, fmt.Sprintf(`(async () => {
		const s = await import('./store.js');
		let n = 0;
		for (const r of await s.records(%[1]q, %[1]q)) n += await s.addPosts({ surface: r.surface, endpoint: r.endpoint, posts: [r.post] }, Date.now() + %[2]d * 86400e3);
		return n;
	})()`, today, days))
	if n == 0 {
		t.Fatalf("no posts stored for day +%d", days)
	}
}

func postsAfter(log []captured, from int) []captured {
	var out []captured
	for _, r := range log[from:] {
		if r.Method == http.MethodPost {
			out = append(out, r)
		}
	}
	return out
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return v
}

var reportID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// checkBody: a batch is {"reports": [...]} and each report has exactly
// id, study, version, day, platform and values, the values exactly the
// study's fields, each a category index.
func checkBody(t *testing.T, what string, body map[string]any, study map[string]any, days []string) {
	t.Helper()
	if len(body) != 1 || body["reports"] == nil {
		t.Errorf("%s: top-level keys %v, want only reports", what, keys(body))
		return
	}
	fields := map[string]int{}
	for _, f := range study["fields"].([]map[string]any) {
		fields[f["name"].(string)] = len(f["categories"].([]string))
	}
	for _, raw := range body["reports"].([]any) {
		r, _ := raw.(map[string]any)
		if got := strings.Join(keys(r), ","); got != "day,id,platform,study,values,version" {
			t.Errorf("%s: a report has keys %s", what, got)
			continue
		}
		id, _ := r["id"].(string)
		day, _ := r["day"].(string)
		if !reportID.MatchString(id) || r["study"] != study["id"] || r["version"] != float64(1) || !contains(days, day) ||
			(r["platform"] != "x" && r["platform"] != "youtube") {
			t.Errorf("%s: report %v", what, r)
		}
		values, _ := r["values"].(map[string]any)
		if len(values) != len(fields) {
			t.Errorf("%s: values %v, want the study's %d fields", what, values, len(fields))
		}
		for name, v := range values {
			k, ok := fields[name]
			n, isNum := v.(float64)
			if !ok || !isNum || n != float64(int(n)) || n < 0 || int(n) >= k {
				t.Errorf("%s: value %s = %v is not a category of a study field", what, name, v)
			}
		}
	}
}

// checkPrivacy looks at every request the extension made to the study
// server: only the study list before joining, only report batches after;
// no cookie, credentials or referrer; bodies with nothing but the
// study's fields; and no post id, handle, name, text or link of what the
// user saw anywhere in a request.
func checkPrivacy(t *testing.T, b *browser, log []captured, study map[string]any, joinedAt int, days []string) {
	t.Helper()
	ctx := b.extPage("dashboard.html")
	var secrets []string
	for _, r := range eval[[]map[string]any](t, ctx, `(async () => (await import('./store.js')).records())()`) {
		post, _ := r["post"].(map[string]any)
		author, _ := post["author"].(map[string]any)
		cands := []any{post["id"], author["handle"], author["name"], post["text"]}
		if links, ok := post["links"].([]any); ok {
			cands = append(cands, links...)
		}
		for _, c := range cands {
			if s, ok := c.(string); ok {
				if len(s) > 40 {
					s = s[:40]
				}
				if len(s) >= 6 {
					secrets = append(secrets, s)
				}
			}
		}
	}
	if len(secrets) < 50 {
		t.Fatalf("only %d identifying strings in the store: the check would prove little", len(secrets))
	}
	posts := 0
	for i, r := range log {
		where := fmt.Sprintf("request %d (%s %s)", i, r.Method, r.Path)
		switch {
		case r.Method == http.MethodGet && r.Path == "/v1/studies" && i < joinedAt:
		case r.Method == http.MethodPost && r.Path == "/v1/studies/e2e-feeds/reports" && i >= joinedAt:
			posts++
			var body map[string]any
			dec := json.NewDecoder(bytes.NewReader(r.Body))
			if err := dec.Decode(&body); err != nil {
				t.Errorf("%s: body is not JSON: %v", where, err)
				continue
			}
			checkBody(t, where, body, study, days)
		case r.Method == http.MethodOptions:
		default:
			t.Errorf("%s: not a request the extension may make at that point (joined at request %d)", where, joinedAt)
		}
		if r.Method != http.MethodPost && len(r.Body) > 0 {
			t.Errorf("%s: has a body: %q", where, r.Body)
		}
		if r.Query != "" {
			t.Errorf("%s: has a query string %q", where, r.Query)
		}
		for _, h := range []string{"Cookie", "Authorization", "Referer"} {
			if v := r.Header.Get(h); v != "" {
				t.Errorf("%s: sends %s: %s", where, h, v)
			}
		}
		if v := r.Header.Get("Accept-Language"); v != "" && v != "en" {
			t.Errorf("%s: sends the browser's languages: %s", where, v)
		}
		var dump bytes.Buffer
		_ = r.Header.Write(&dump)
		all := r.Path + "?" + r.Query + "\n" + dump.String() + "\n" + string(r.Body)
		for _, s := range secrets {
			if strings.Contains(all, s) {
				t.Errorf("%s: contains %q, seen in the feed", where, s)
			}
		}
	}
	if posts == 0 {
		t.Fatal("no report batch was captured: nothing was checked")
	}
	t.Logf("%d requests checked (%d report batches) against %d identifying strings of the stored feed", len(log), posts, len(secrets))
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
