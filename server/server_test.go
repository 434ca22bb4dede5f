package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/feedlens/feedlens/server"
	"github.com/feedlens/feedlens/server/apitest"
	"github.com/feedlens/feedlens/server/db"
	"github.com/feedlens/feedlens/server/store"
)

const (
	adminToken = "test-admin-token-0123456789"
	userAgent  = "feedlens-apitest/1.0 (unique-ua-7f3a9c)"
	origin     = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
)

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func serve(t *testing.T, st *store.Store, cfg server.Config) (*httptest.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Log = log.New(logs, "", 0)
	if cfg.AdminToken == "" {
		cfg.AdminToken = adminToken
	}
	cfg.Origins = []string{origin, "moz-extension://*"}
	ts := httptest.NewServer(server.New(st, cfg))
	t.Cleanup(ts.Close)
	return ts, logs
}

// TestAPISQLite runs the API suite natively on an SQLite file, then checks
// that no client address or user agent reached the database or the log.
func TestAPISQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedlens.db")
	st, err := db.Open(context.Background(), "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts, logs := serve(t, st, server.Config{})
	apitest.Run(t, apitest.Target{Base: ts.URL, Admin: adminToken, Origin: origin, UserAgent: userAgent})
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	apitest.CheckNothingIdentifying(t, raw, "", logs.String(), userAgent, adminToken)
}

// TestAPIPostgres runs the same suite on PostgreSQL, in a schema of its
// own that is dropped afterwards, so parallel runs never collide.
func TestAPIPostgres(t *testing.T) {
	conn, schema, dsn := apitest.PostgresSchema(t, "feedlens_test")
	st, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts, logs := serve(t, st, server.Config{})
	apitest.Run(t, apitest.Target{Base: ts.URL, Admin: adminToken, Origin: origin, UserAgent: userAgent})
	apitest.CheckNothingIdentifying(t, conn, schema, logs.String(), userAgent, adminToken)
}

func TestRateLimitAnswers429WithoutKeepingAddresses(t *testing.T) {
	st, err := db.Open(context.Background(), "file:"+filepath.Join(t.TempDir(), "rl.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var mu sync.Mutex
	clock := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	ts, _ := serve(t, st, server.Config{RatePerSecond: 0.5, Burst: 3, Now: now})
	codes := []int{}
	get := func() {
		resp, err := http.Get(ts.URL + "/v1/studies")
		if err != nil {
			t.Fatal(err)
		}
		var e struct{ Error string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == 429 && (e.Error == "" || resp.Header.Get("Retry-After") == "") {
			t.Errorf("429 without a JSON error or Retry-After")
		}
	}
	for range 5 {
		get()
	}
	// Two seconds at 0.5 requests per second refill one token.
	mu.Lock()
	clock = clock.Add(2 * time.Second)
	mu.Unlock()
	get()
	get()
	if fmt.Sprint(codes) != "[200 200 200 429 429 200 429]" {
		t.Errorf("status codes %v, want three 200, two 429, one 200 after the refill, one 429", codes)
	}
	// Service routes are not limited: a health check must not fail because
	// an extension retried.
	if resp, err := http.Get(ts.URL + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("/healthz under rate limit: %v %v", resp.StatusCode, err)
	}
}

// TestOpenAPIMatchesRoutes checks that the document describes exactly the
// routes the server has.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	st, err := db.Open(context.Background(), "file:"+filepath.Join(t.TempDir(), "o.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := server.New(st, server.Config{})
	req := httptest.NewRequest("GET", "/openapi.json", nil)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	routed := map[string]bool{}
	for _, r := range e.Routes() {
		if r.Method == echo.RouteNotFound || r.Path == "/*" || strings.HasSuffix(r.Path, "/*") {
			continue
		}
		path := r.Path
		for _, part := range strings.Split(path, "/") {
			if strings.HasPrefix(part, ":") {
				path = strings.Replace(path, part, "{"+part[1:]+"}", 1)
			}
		}
		routed[r.Method+" "+path] = true
	}
	for r := range routed {
		if !documented[r] {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for d := range documented {
		if !routed[d] {
			t.Errorf("openapi.json documents %s, which the server does not route", d)
		}
	}
}
