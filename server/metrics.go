package server

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// latencyBuckets are the upper bounds (seconds) of the request latency
// histogram.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// metrics are the process's counters in Prometheus text format: per
// route template and status, never per URL, so nothing identifying ends up
// in them. (On Workers each request has its own instance and the counters
// only ever show that request; use Workers analytics there.)
type metrics struct {
	mu       sync.Mutex
	requests map[routeStatus]int64
	latency  map[string]*histogram
	reports  map[string]int64
	start    time.Time
}

type routeStatus struct {
	method, route string
	status        int
}

type histogram struct {
	counts []int64 // per bucket, not cumulative
	sum    float64
	n      int64
}

func newMetrics() *metrics {
	return &metrics{requests: map[routeStatus]int64{}, latency: map[string]*histogram{}, reports: map[string]int64{}, start: time.Now()}
}

func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		d := time.Since(start).Seconds()
		m.mu.Lock()
		m.requests[routeStatus{c.Request().Method, route, c.Response().Status}]++
		h := m.latency[route]
		if h == nil {
			h = &histogram{counts: make([]int64, len(latencyBuckets)+1)}
			m.latency[route] = h
		}
		i := sort.SearchFloat64s(latencyBuckets, d)
		h.counts[i]++
		h.sum += d
		h.n++
		m.mu.Unlock()
		return nil
	}
}

func (m *metrics) countReports(accepted, duplicate, rejected int) {
	m.mu.Lock()
	m.reports[statusAccepted] += int64(accepted)
	m.reports[statusDuplicate] += int64(duplicate)
	m.reports[statusRejected] += int64(rejected)
	m.mu.Unlock()
}

func (m *metrics) serve(c echo.Context) error {
	var b strings.Builder
	m.mu.Lock()
	b.WriteString("# HELP feedlens_http_requests_total HTTP requests by method, route template and status.\n# TYPE feedlens_http_requests_total counter\n")
	keys := make([]routeStatus, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "feedlens_http_requests_total{method=%q,route=%q,status=\"%d\"} %d\n", k.method, k.route, k.status, m.requests[k])
	}
	b.WriteString("# HELP feedlens_http_request_duration_seconds Request latency by route template.\n# TYPE feedlens_http_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h := m.latency[r]
		var cum int64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "feedlens_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(&b, "feedlens_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.n)
		fmt.Fprintf(&b, "feedlens_http_request_duration_seconds_sum{route=%q} %g\n", r, h.sum)
		fmt.Fprintf(&b, "feedlens_http_request_duration_seconds_count{route=%q} %d\n", r, h.n)
	}
	b.WriteString("# HELP feedlens_reports_total Reports received, by outcome.\n# TYPE feedlens_reports_total counter\n")
	for _, s := range []string{statusAccepted, statusDuplicate, statusRejected} {
		fmt.Fprintf(&b, "feedlens_reports_total{result=%q} %d\n", s, m.reports[s])
	}
	fmt.Fprintf(&b, "# HELP feedlens_uptime_seconds Seconds since the process started.\n# TYPE feedlens_uptime_seconds gauge\nfeedlens_uptime_seconds %g\n", time.Since(m.start).Seconds())
	m.mu.Unlock()
	return c.Blob(http.StatusOK, "text/plain; version=0.0.4; charset=utf-8", []byte(b.String()))
}
