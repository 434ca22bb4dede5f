// Package apitest is the study server's API test suite. It talks HTTP to a
// running server only, so the very same assertions run against the native
// server on SQLite and on PostgreSQL and against the Worker inside
// wrangler dev on a local D1.
package apitest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/feedlens/feedlens/shared/report"
)

// Target is a running server under test.
type Target struct {
	Base   string // e.g. http://127.0.0.1:8080
	Admin  string // its FEEDLENS_ADMIN_TOKEN
	Origin string // an extension origin its CORS allows
	// UserAgent is sent with every request, so a caller can check that it
	// is stored or logged nowhere.
	UserAgent string
}

// Run runs the whole suite against t. Study ids carry a random suffix, so
// the suite can run against a server that already holds data.
func Run(t *testing.T, tg Target) {
	c := &client{t: t, tg: tg, http: &http.Client{Timeout: 30 * time.Second}}
	suffix := fmt.Sprintf("%08x", rand.Uint32())
	st := testStudy("apitest-"+suffix, 0)
	noisy := testStudy("apitest-noisy-"+suffix, 0.5)

	t.Run("service routes", c.serviceRoutes)
	t.Run("create study", func(t *testing.T) { c.t = t; c.createStudy(st); c.createStudy(noisy) })
	t.Run("study errors", func(t *testing.T) { c.t = t; c.studyErrors(st) })
	t.Run("list studies", func(t *testing.T) { c.t = t; c.listStudies(st) })
	var token string
	t.Run("tokens", func(t *testing.T) { c.t = t; token = c.tokens(st) })
	reports := simulate(st, 2400, 42)
	t.Run("ingest", func(t *testing.T) { c.t = t; c.ingest(st, reports) })
	t.Run("bad reports", func(t *testing.T) { c.t = t; c.badReports(st, reports[0]) })
	t.Run("aggregates", func(t *testing.T) { c.t = t; c.aggregates(st, token, reports) })
	t.Run("aggregate errors", func(t *testing.T) { c.t = t; c.aggregateErrors(st, noisy, token) })
	t.Run("central noise", func(t *testing.T) { c.t = t; c.centralNoise(noisy) })
	t.Run("sql injection", func(t *testing.T) { c.t = t; c.injection(st, token, reports) })
	t.Run("cors", func(t *testing.T) { c.t = t; c.cors(st) })
}

// testStudy is a small study with strong enough ε that a few thousand
// simulated reports give tight estimates.
func testStudy(id string, centralEps float64) *report.Study {
	return &report.Study{
		ID: id, Version: 1,
		Title:       report.Text{"en": "API test study", "de": "API-Teststudie"},
		Description: report.Text{"en": "Made by the API test suite."},
		Consent:     report.Text{"en": "Test data only."},
		Platforms:   []string{"x", "reddit"},
		Start:       "2026-01-01", End: "2026-01-31",
		Epsilon: 6, MinCohort: 25, MinPosts: 10, CentralEpsilon: centralEps,
		Fields: []report.Field{
			{Name: "ad_share", Metric: "ad_share", Categories: []string{"<10%", "10-30%", ">=30%"}, Edges: []float64{0.1, 0.3}},
			{Name: "top_topic", Metric: "top_topic", Categories: []string{"politics", "sports", "other"}},
		},
	}
}

// metricsMap is a report.Source for simulated participants.
type metricsMap map[string]any

func (m metricsMap) Lookup(name string) (float64, string, bool) {
	switch v := m[name].(type) {
	case float64:
		return v, "", true
	case string:
		return 0, v, true
	}
	return 0, "", false
}

// simulate builds n randomised reports of simulated participants, mostly
// on 2026-01-05/06 on x, plus 10 reports on 2026-01-07 on reddit: a cell
// below min_cohort that must be suppressed.
func simulate(st *report.Study, n int, seed uint64) []report.Report {
	r := rand.New(rand.NewPCG(seed, seed))
	out := make([]report.Report, 0, n)
	for i := range n {
		day, platform := "2026-01-05", "x"
		switch {
		case i >= n-10:
			day, platform = "2026-01-07", "reddit"
		case i%2 == 1:
			day = "2026-01-06"
		}
		topics := []string{"politics", "sports", "other"}
		m := metricsMap{"posts": 50.0, "ad_share": []float64{0.05, 0.2, 0.5}[r.IntN(3)*r.IntN(2)], "top_topic": topics[r.IntN(3)]}
		rep, err := st.Build(day, platform, m, r)
		if err != nil {
			panic(err)
		}
		out = append(out, rep)
	}
	return out
}

type client struct {
	t    *testing.T
	tg   Target
	http *http.Client
}

// response is an answer read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("answer is not JSON (%v): %s", err, r.body)
	}
}

func (c *client) do(method, path, token string, body []byte, header ...string) response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.tg.Base+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if c.tg.UserAgent != "" {
		req.Header.Set("User-Agent", c.tg.UserAgent)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	var resp *http.Response
	for attempt := 0; ; attempt++ {
		resp, err = c.http.Do(req)
		if err == nil || attempt == 2 || body != nil {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// expectError checks an error answer: status and the JSON {"error", "field"}.
func (c *client) expectError(r response, status int, field, what string) {
	c.t.Helper()
	if r.status != status {
		c.t.Errorf("%s: status %d, want %d: %s", what, r.status, status, r.body)
		return
	}
	var e struct {
		Error string `json:"error"`
		Field string `json:"field"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error == "" {
		c.t.Errorf("%s: error answer is not {\"error\", \"field\"}: %s", what, r.body)
		return
	}
	if e.Field != field {
		c.t.Errorf("%s: error names field %q, want %q (%s)", what, e.Field, field, e.Error)
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func (c *client) serviceRoutes(t *testing.T) {
	c.t = t
	r := c.do("GET", "/healthz", "", nil)
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"ok"`)) {
		t.Errorf("/healthz: %d %s", r.status, r.body)
	}
	r = c.do("GET", "/openapi.json", "", nil)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	r.json(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Paths["/v1/studies/{id}/reports"]["post"] == nil {
		t.Errorf("/openapi.json is not the API's OpenAPI document: %.200s", r.body)
	}
	r = c.do("GET", "/nope", "", nil)
	c.expectError(r, 404, "", "unknown route")
	r = c.do("GET", "/metrics", "", nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") ||
		!bytes.Contains(r.body, []byte("# TYPE feedlens_http_requests_total counter")) {
		t.Errorf("/metrics: %d %s", r.status, r.body)
	}
}

func (c *client) createStudy(st *report.Study) {
	t := c.t
	r := c.do("POST", "/v1/studies", c.tg.Admin, mustJSON(st))
	if r.status != 201 {
		t.Fatalf("create study %s: %d %s", st.ID, r.status, r.body)
	}
	var ref struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
	}
	r.json(t, &ref)
	if ref.ID != st.ID || ref.Version != 1 {
		t.Errorf("create answered %+v", ref)
	}
	// The identical document again is a no-op.
	if r := c.do("POST", "/v1/studies", c.tg.Admin, mustJSON(st)); r.status != 200 {
		t.Errorf("re-posting the same study: %d %s", r.status, r.body)
	}
}

func (c *client) studyErrors(st *report.Study) {
	good := mustJSON(st)
	c.expectError(c.do("POST", "/v1/studies", "", good), 401, "Authorization", "no admin token")
	c.expectError(c.do("POST", "/v1/studies", "wrong-token", good), 401, "Authorization", "wrong admin token")
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, good, "Authorization", "Basic abc"), 401, "Authorization", "not a bearer token")
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, []byte(`{"id": `)), 400, "", "malformed JSON")
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, []byte(`{"id": "x", "version": "one"}`)), 400, "version", "wrong type")
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, []byte(`{"id": "x", "user_ids": []}`)), 400, "user_ids", "unknown key")
	bad := *st
	bad.Epsilon = 0
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, mustJSON(&bad)), 422, "epsilon", "epsilon 0")
	changed := *st
	changed.MinCohort = 2
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, mustJSON(&changed)), 409, "version", "changing a stored version")
	huge := bytes.Repeat([]byte(" "), 300<<10)
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, append(huge, good...)), 413, "", "oversized study")
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, good, "Content-Type", "text/plain"), 415, "Content-Type", "not JSON")
}

func (c *client) listStudies(st *report.Study) {
	// The test study ran in January 2026; the list shows studies running or
	// upcoming, so publish an upcoming version and expect that one.
	next := *st
	next.Version = 2
	next.Start, next.End = "2099-01-01", "2099-12-31"
	if r := c.do("POST", "/v1/studies", c.tg.Admin, mustJSON(&next)); r.status != 201 {
		c.t.Fatalf("publishing version 2: %d %s", r.status, r.body)
	}
	older := *st
	older.Title = report.Text{"en": "changed"}
	c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, mustJSON(&older)), 409, "version", "changing version 1 after version 2")
	var list struct {
		Studies []report.Study `json:"studies"`
	}
	c.do("GET", "/v1/studies", "", nil).json(c.t, &list)
	found := false
	for _, s := range list.Studies {
		if s.ID == st.ID {
			found = true
			if s.Version != 2 || len(s.Fields) != 2 || s.Consent["en"] == "" {
				c.t.Errorf("listed study is not the full latest document: %+v", s)
			}
		}
	}
	if !found {
		c.t.Errorf("GET /v1/studies does not list %s", st.ID)
	}
}

func (c *client) tokens(st *report.Study) string {
	c.expectError(c.do("POST", "/v1/studies/"+st.ID+"/tokens", "", nil), 401, "Authorization", "token without admin")
	c.expectError(c.do("POST", "/v1/studies/no-such-study/tokens", c.tg.Admin, nil), 404, "id", "token for unknown study")
	r := c.do("POST", "/v1/studies/"+st.ID+"/tokens", c.tg.Admin, nil)
	var tok struct {
		Token string `json:"token"`
	}
	r.json(c.t, &tok)
	if r.status != 201 || len(tok.Token) < 40 {
		c.t.Fatalf("issuing a token: %d %s", r.status, r.body)
	}
	return tok.Token
}

type batchAnswer struct {
	Accepted, Duplicate, Rejected int
	Results                       []struct {
		Index        int
		ID, Status   string
		Error, Field string
	}
}

func (c *client) post(st string, reports any) (response, batchAnswer) {
	c.t.Helper()
	r := c.do("POST", "/v1/studies/"+st+"/reports", "", mustJSON(map[string]any{"reports": reports}))
	var a batchAnswer
	if r.status == 202 {
		r.json(c.t, &a)
	}
	return r, a
}

func (c *client) ingest(st *report.Study, reports []report.Report) {
	for i := 0; i < len(reports); i += 500 {
		batch := reports[i:min(i+500, len(reports))]
		r, a := c.post(st.ID, batch)
		if r.status != 202 || a.Accepted != len(batch) || a.Duplicate != 0 || a.Rejected != 0 {
			c.t.Fatalf("batch %d: %d accepted=%d duplicate=%d rejected=%d %.300s", i/500, r.status, a.Accepted, a.Duplicate, a.Rejected, r.body)
		}
		for j, res := range a.Results {
			if res.Index != j || res.ID != batch[j].ID || res.Status != "accepted" {
				c.t.Fatalf("batch %d result %d: %+v", i/500, j, res)
			}
		}
	}
	// A retried batch counts once.
	r, a := c.post(st.ID, reports[:300])
	if r.status != 202 || a.Accepted != 0 || a.Duplicate != 300 {
		c.t.Errorf("replayed batch: %d %+v", r.status, a)
	}
	// A repeated id within one batch counts once too.
	fresh := simulate(st, 3, 7)
	r, a = c.post(st.ID, []report.Report{fresh[0], fresh[0], fresh[1]})
	if a.Accepted != 2 || a.Duplicate != 1 || a.Results[1].Status != "duplicate" {
		c.t.Errorf("repeated id within a batch: %d %s", r.status, r.body)
	}
}

func (c *client) badReports(st *report.Study, good report.Report) {
	edit := func(f func(m map[string]any)) map[string]any {
		var m map[string]any
		_ = json.Unmarshal(mustJSON(good), &m)
		m["id"] = fmt.Sprintf("%032x", rand.Uint64())
		f(m)
		return m
	}
	values := func(m map[string]any) map[string]any { return m["values"].(map[string]any) }
	cases := []struct {
		name, field string
		report      any
	}{
		{"out-of-range category", "values.ad_share", edit(func(m map[string]any) { values(m)["ad_share"] = 3 })},
		{"negative category", "values.top_topic", edit(func(m map[string]any) { values(m)["top_topic"] = -1 })},
		{"unknown version", "version", edit(func(m map[string]any) { m["version"] = 9 })},
		{"other study", "study", edit(func(m map[string]any) { m["study"] = "other-study" })},
		{"bad id", "id", edit(func(m map[string]any) { m["id"] = "not-hex" })},
		{"missing field", "values.top_topic", edit(func(m map[string]any) { delete(values(m), "top_topic") })},
		{"extra field", "values.user", edit(func(m map[string]any) { values(m)["user"] = 0 })},
		{"extra key", "user_id", edit(func(m map[string]any) { m["user_id"] = "u-1" })},
		{"wrong type", "version", edit(func(m map[string]any) { m["version"] = "1" })},
		{"string category", "values", edit(func(m map[string]any) { values(m)["ad_share"] = "1" })},
		{"day outside study", "day", edit(func(m map[string]any) { m["day"] = "2026-02-01" })},
		{"timestamp", "day", edit(func(m map[string]any) { m["day"] = "2026-01-05T10:00:00Z" })},
		{"platform outside study", "platform", edit(func(m map[string]any) { m["platform"] = "tiktok" })},
		{"not an object", "", 17},
	}
	var batch []any
	for _, cs := range cases {
		batch = append(batch, cs.report)
	}
	fresh := simulate(st, 1, 99)[0]
	batch = append(batch, fresh)
	r, a := c.post(st.ID, batch)
	if r.status != 202 || a.Rejected != len(cases) || a.Accepted != 1 {
		c.t.Fatalf("mixed batch: %d %s", r.status, r.body)
	}
	for i, cs := range cases {
		res := a.Results[i]
		if res.Status != "rejected" || res.Field != cs.field || res.Error == "" {
			c.t.Errorf("%s: %+v, want rejected on %q", cs.name, res, cs.field)
		}
	}
	if a.Results[len(cases)].Status != "accepted" {
		c.t.Errorf("the valid report of a mixed batch was not accepted: %+v", a.Results[len(cases)])
	}

	path := "/v1/studies/" + st.ID + "/reports"
	c.expectError(c.do("POST", path, "", []byte(`{"reports": [`)), 400, "", "malformed JSON")
	c.expectError(c.do("POST", path, "", []byte(`{"reports": {}}`)), 400, "reports", "reports not an array")
	c.expectError(c.do("POST", path, "", []byte(`{"reports": []}`)), 400, "reports", "empty batch")
	c.expectError(c.do("POST", path, "", []byte(`{"reports": [], "user": 1}`)), 400, "user", "unknown key in batch")
	c.expectError(c.do("POST", path, "", []byte(`[]`)), 400, "", "batch not an object")
	many := make([]report.Report, 501)
	for i := range many {
		many[i] = fresh
	}
	r, _ = c.post(st.ID, many)
	c.expectError(r, 413, "reports", "501 reports")
	big := append([]byte(`{"reports": [`), bytes.Repeat([]byte(" "), 2<<20)...)
	c.expectError(c.do("POST", path, "", append(big, ']', '}')), 413, "", "oversized body")
	c.expectError(c.do("POST", path, "", mustJSON(map[string]any{"reports": []any{fresh}}), "Content-Type", "application/x-www-form-urlencoded"), 415, "Content-Type", "form body")
	r, _ = c.post("no-such-study", []report.Report{fresh})
	c.expectError(r, 404, "id", "unknown study")
}

// expected computes locally what the server must answer: the same counts
// debiased by the same shared/report code.
func expected(st *report.Study, reports []report.Report, field string, key func(r report.Report) string) map[string]report.Estimate {
	f, _ := st.Field(field)
	counts := map[string][]float64{}
	seen := map[string]bool{}
	for _, r := range reports {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		k := key(r)
		if counts[k] == nil {
			counts[k] = make([]float64, len(f.Categories))
		}
		counts[k][r.Values[field]]++
	}
	out := map[string]report.Estimate{}
	for k, cs := range counts {
		out[k] = report.EstimateShares(cs, st.FieldEpsilon(), 0)
	}
	return out
}

type aggregateAnswer struct {
	Field      string
	Categories []string
	Epsilon    float64
	Rows       []struct {
		Period, Platform string
		N                float64
		Estimates        []float64
		CI95             [][2]float64
	}
	Suppressed int
}

func (c *client) aggregates(st *report.Study, token string, reports []report.Report) {
	// The reports stored are the simulated ones plus the two extra
	// accepted in ingest and badReports.
	all := append(append([]report.Report{}, reports...), simulate(st, 3, 7)[:2]...)
	all = append(all, simulate(st, 1, 99)...)
	path := "/v1/studies/" + st.ID + "/aggregates?field=ad_share&version=1"
	r := c.do("GET", path, token, nil)
	var a aggregateAnswer
	r.json(c.t, &a)
	if r.status != 200 {
		c.t.Fatalf("aggregates: %d %s", r.status, r.body)
	}
	want := expected(st, all, "ad_share", func(r report.Report) string { return r.Day + " " + r.Platform })
	if len(a.Rows) != 2 || a.Suppressed != 1 {
		c.t.Fatalf("aggregates by day: %d rows, %d suppressed; want 2 rows (x on 01-05 and 01-06) and the 10-report reddit cell suppressed: %s", len(a.Rows), a.Suppressed, r.body)
	}
	for _, row := range a.Rows {
		w := want[row.Period+" "+row.Platform]
		if row.N != w.N {
			c.t.Errorf("%s %s: n = %v, want %v", row.Period, row.Platform, row.N, w.N)
		}
		for j := range w.Shares {
			if math.Abs(row.Estimates[j]-w.Shares[j]) > 1e-9 || math.Abs(row.CI95[j][0]-w.CI95[j][0]) > 1e-9 {
				c.t.Errorf("%s %s category %d: %v %v, want %v %v", row.Period, row.Platform, j, row.Estimates[j], row.CI95[j], w.Shares[j], w.CI95[j])
			}
		}
		// The simulation's true ad_share categories are 2/3, 1/6, 1/6
		// (category = uniform 0..2 times a coin): the intervals hold them.
		for j, truth := range []float64{2.0 / 3, 1.0 / 6, 1.0 / 6} {
			if truth < row.CI95[j][0]-0.02 || truth > row.CI95[j][1]+0.02 {
				c.t.Errorf("%s category %d: truth %.3f far outside %v", row.Period, j, truth, row.CI95[j])
			}
		}
	}
	// Whole period, one platform.
	r = c.do("GET", "/v1/studies/"+st.ID+"/aggregates?field=top_topic&version=1&group=all&platform=x&from=2026-01-01&to=2026-01-31", token, nil)
	r.json(c.t, &a)
	onX := expected(st, all, "top_topic", func(r report.Report) string { return r.Platform })["x"]
	if len(a.Rows) != 1 || a.Rows[0].Period != "2026-01-01/2026-01-31" || a.Rows[0].N != onX.N || a.Rows[0].Estimates[1] != onX.Shares[1] {
		c.t.Errorf("group=all: %s", r.body)
	}
	// Weeks: 2026-01-05..07 are in ISO week 2.
	r = c.do("GET", "/v1/studies/"+st.ID+"/aggregates?field=top_topic&version=1&group=week", token, nil)
	r.json(c.t, &a)
	if len(a.Rows) != 1 || a.Rows[0].Period != "2026-W02" || a.Suppressed != 1 {
		c.t.Errorf("group=week: %s", r.body)
	}
	// The same as CSV, long form.
	r = c.do("GET", "/v1/studies/"+st.ID+"/aggregates?field=ad_share&version=1&format=csv", token, nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") || r.header.Get("Feedlens-Suppressed") != "1" {
		c.t.Fatalf("csv: %d %v %s", r.status, r.header, r.body)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) != 1+2*3 || strings.Join(rows[0], ",") != "study,version,field,period,platform,n,category,estimate,ci95_low,ci95_high" {
		c.t.Errorf("csv body: %v %q", err, r.body)
	}
}

func (c *client) aggregateErrors(st, other *report.Study, token string) {
	base := "/v1/studies/" + st.ID + "/aggregates?"
	c.expectError(c.do("GET", base+"field=ad_share", "", nil), 401, "Authorization", "no token")
	c.expectError(c.do("GET", base+"field=ad_share", "flr_wrong", nil), 401, "Authorization", "wrong token")
	c.expectError(c.do("GET", "/v1/studies/"+other.ID+"/aggregates?field=ad_share", token, nil), 403, "Authorization", "token of another study")
	c.expectError(c.do("GET", "/v1/studies/no-such-study/aggregates?field=ad_share", token, nil), 404, "id", "unknown study")
	for _, cs := range []struct{ query, field string }{
		{"", "field"},
		{"field=mood", "field"},
		{"field=ad_share&group=month", "group"},
		{"field=ad_share&format=xml", "format"},
		{"field=ad_share&from=yesterday", "from"},
		{"field=ad_share&to=2026-13-01", "to"},
		{"field=ad_share&from=2026-01-10&to=2026-01-01", "to"},
		{"field=ad_share&version=0", "version"},
		{"field=ad_share&platform=tiktok&version=1", "platform"},
	} {
		c.expectError(c.do("GET", base+cs.query, token, nil), 400, cs.field, "aggregates?"+cs.query)
	}
	c.expectError(c.do("GET", base+"field=ad_share&version=99", token, nil), 404, "version", "unknown version")
}

func (c *client) centralNoise(st *report.Study) {
	reports := simulate(st, 400, 5)
	if r, a := c.post(st.ID, reports); a.Accepted != 400 {
		c.t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	path := "/v1/studies/" + st.ID + "/aggregates?field=ad_share&group=all&platform=x"
	first := c.do("GET", path, c.tg.Admin, nil)
	second := c.do("GET", path, c.tg.Admin, nil)
	if first.status != 200 || !bytes.Equal(first.body, second.body) {
		c.t.Errorf("asking twice gave different noise:\n%s\n%s", first.body, second.body)
	}
	var a aggregateAnswer
	first.json(c.t, &a)
	want := expected(st, reports[:390], "ad_share", func(report.Report) string { return "x" })["x"]
	if len(a.Rows) != 1 {
		c.t.Fatalf("noised aggregates: %s", first.body)
	}
	row := a.Rows[0]
	// Laplace noise of scale 2 (variance 8) on each of 2 days × 3
	// categories: n moves by about 7 (one standard deviation), and the
	// interval is about 8% wider than without noise — far more than the
	// noise can narrow it by moving the counts.
	if math.Abs(row.N-want.N) > 60 {
		c.t.Errorf("noisy n = %v, raw %v: more noise than ε=0.5 makes", row.N, want.N)
	}
	if row.CI95[0][1]-row.CI95[0][0] <= want.CI95[0][1]-want.CI95[0][0] {
		t := c.t
		t.Errorf("central noise did not widen the interval: %v vs %v", row.CI95[0], want.CI95[0])
	}
}

// injection sends SQL-injection strings in every parameter: each is
// answered with a 4xx, and the data are unchanged afterwards.
func (c *client) injection(st *report.Study, token string, reports []report.Report) {
	evil := []string{`x' OR '1'='1`, `1; DROP TABLE reports; --`, `'); DELETE FROM counts; --`, `" OR ""="`, `ad_share' UNION SELECT id, 1, 1, 1 FROM tokens --`}
	agg := "/v1/studies/" + st.ID + "/aggregates?field=ad_share&version=1&group=all"
	before := c.do("GET", agg, token, nil)
	for _, e := range evil {
		q := url.QueryEscape(e)
		for _, p := range []string{"field=" + q, "field=ad_share&version=" + q, "field=ad_share&from=" + q, "field=ad_share&to=" + q,
			"field=ad_share&platform=" + q + "&version=1", "field=ad_share&group=" + q, "field=ad_share&format=" + q} {
			if r := c.do("GET", "/v1/studies/"+st.ID+"/aggregates?"+p, token, nil); r.status < 400 || r.status >= 500 {
				c.t.Errorf("aggregates?%s: %d %s", p, r.status, r.body)
			}
		}
		for _, path := range []string{"/v1/studies/" + url.PathEscape(e) + "/aggregates?field=ad_share", "/v1/studies/" + url.PathEscape(e) + "/tokens"} {
			method := "GET"
			if strings.HasSuffix(path, "tokens") {
				method = "POST"
			}
			if r := c.do(method, path, c.tg.Admin, nil); r.status < 400 || r.status >= 500 {
				c.t.Errorf("%s %s: %d %s", method, path, r.status, r.body)
			}
		}
		if r := c.do("GET", agg, e, nil); r.status != 401 {
			c.t.Errorf("token %q: %d %s", e, r.status, r.body)
		}
		r, _ := c.post(url.PathEscape(e), reports[:1])
		if r.status != 404 {
			c.t.Errorf("reports to study %q: %d %s", e, r.status, r.body)
		}
		bad := reports[0]
		bad.Values = map[string]int{e: 0, "ad_share": 0, "top_topic": 0}
		rs := []report.Report{bad, reports[0], reports[0], reports[0], reports[0]}
		rs[1].ID, rs[2].Study, rs[3].Day, rs[4].Platform = e, e, e, e
		if r, a := c.post(st.ID, rs); r.status != 202 || a.Rejected != 5 {
			c.t.Errorf("reports with %q: %d %s", e, r.status, r.body)
		}
		study := *st
		study.ID = e
		c.expectError(c.do("POST", "/v1/studies", c.tg.Admin, mustJSON(&study)), 422, "id", "study id "+e)
	}
	after := c.do("GET", agg, token, nil)
	if before.status != 200 || !bytes.Equal(before.body, after.body) {
		c.t.Errorf("the data changed under injection attempts:\n%s\n%s", before.body, after.body)
	}
	if r := c.do("GET", "/healthz", "", nil); r.status != 200 {
		c.t.Errorf("healthz after injection attempts: %d", r.status)
	}
}

func (c *client) cors(st *report.Study) {
	path := "/v1/studies/" + st.ID + "/reports"
	r := c.do("OPTIONS", path, "", nil, "Origin", c.tg.Origin, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
	if r.status >= 300 || r.header.Get("Access-Control-Allow-Origin") != c.tg.Origin {
		c.t.Errorf("preflight from %s: %d, Access-Control-Allow-Origin %q", c.tg.Origin, r.status, r.header.Get("Access-Control-Allow-Origin"))
	}
	for _, origin := range []string{"https://evil.example", "chrome-extension://someotherextensionid", "null"} {
		r = c.do("OPTIONS", path, "", nil, "Origin", origin, "Access-Control-Request-Method", "POST")
		if got := r.header.Get("Access-Control-Allow-Origin"); got != "" {
			c.t.Errorf("preflight from %s allowed (%q)", origin, got)
		}
		r = c.do("GET", "/v1/studies", "", nil, "Origin", origin)
		if got := r.header.Get("Access-Control-Allow-Origin"); got != "" {
			c.t.Errorf("GET from %s allowed (%q)", origin, got)
		}
	}
}
