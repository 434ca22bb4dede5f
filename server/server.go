// Package server is the feedlens study server: the Echo handler that
// publishes studies, accepts randomised reports and answers researchers
// with debiased, suppressed aggregates. The same handler runs natively
// (feedlens serve, on SQLite or PostgreSQL) and as a Cloudflare Worker on
// D1 (server/worker), so it keeps no state between requests that
// correctness depends on.
package server

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/feedlens/feedlens/server/store"
)

// Body size limits. A batch of 500 reports of a 32-field study stays well
// under the report limit.
const (
	maxStudyBody  = 256 << 10
	maxReportBody = 1 << 20
)

// Config is how a server is set up.
type Config struct {
	// AdminToken authorises creating studies and issuing researcher
	// tokens (FEEDLENS_ADMIN_TOKEN). Empty disables the admin routes.
	AdminToken string
	// Origins are the browser origins allowed by CORS: the extension's,
	// e.g. "chrome-extension://<id>" and "moz-extension://*" (a trailing *
	// matches any rest, because Firefox gives each install its own id).
	Origins []string
	// RatePerSecond and Burst limit requests per client; 0 disables the
	// limit. Clients are told apart by a salted hash of their address that
	// lives only in this process's memory.
	RatePerSecond float64
	Burst         int
	// TrustProxy takes the client address from X-Forwarded-For (behind a
	// reverse proxy) instead of the connection.
	TrustProxy bool
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Log receives operational errors; it never sees addresses, user
	// agents, tokens or report contents. Defaults to the standard logger.
	Log *log.Logger
}

// Server holds what the handlers share.
type Server struct {
	store   *store.Store
	cfg     Config
	admin   [sha256.Size]byte
	metrics *metrics
	// versions caches study versions, which are immutable once stored.
	versions sync.Map // versionKey → *report.Study
}

// New returns the HTTP handler of a study server over st.
func New(st *store.Store, cfg Config) *echo.Echo {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = log.Default()
	}
	s := &Server{store: st, cfg: cfg, admin: sha256.Sum256([]byte(cfg.AdminToken)), metrics: newMetrics()}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	e.Use(s.metrics.middleware)
	e.Use(s.recoverPanics)
	e.Use(s.cors)

	e.GET("/healthz", s.healthz)
	e.GET("/metrics", s.metrics.serve)
	e.GET("/openapi.json", serveOpenAPI)

	v1 := e.Group("/v1")
	if cfg.RatePerSecond > 0 {
		v1.Use(newLimiter(cfg.RatePerSecond, cfg.Burst, cfg.Now).middleware)
	}
	v1.GET("/studies", s.listStudies)
	v1.POST("/studies", s.createStudy, s.requireAdmin)
	v1.POST("/studies/:id/tokens", s.issueToken, s.requireAdmin)
	v1.POST("/studies/:id/reports", s.ingestReports)
	v1.GET("/studies/:id/aggregates", s.aggregates)
	return e
}

// apiError is an error answered as {"error", "field"} with a status.
type apiError struct {
	status int
	msg    string
	field  string
}

func (e *apiError) Error() string { return e.msg }

func fail(status int, field, format string, args ...any) error {
	return &apiError{status: status, field: field, msg: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	body := errorBody{Error: "internal error"}
	status := http.StatusInternalServerError
	var api *apiError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &api):
		status, body = api.status, errorBody{Error: api.msg, Field: api.field}
	case errors.As(err, &he):
		status = he.Code
		body.Error = strings.ToLower(http.StatusText(he.Code))
		if m, ok := he.Message.(string); ok {
			body.Error = m
		}
	default:
		// The route template, not the URL: no query parameters, no ids.
		s.cfg.Log.Printf("feedlens server: %s %s: %v", c.Request().Method, c.Path(), err)
	}
	if c.Request().Method == http.MethodHead {
		err = c.NoContent(status)
	} else {
		err = c.JSON(status, body)
	}
	if err != nil {
		s.cfg.Log.Printf("feedlens server: writing an error answer: %v", err)
	}
}

func (s *Server) healthz(c echo.Context) error {
	if err := s.store.Ping(c.Request().Context()); err != nil {
		s.cfg.Log.Printf("feedlens server: health check: %v", err)
		return fail(http.StatusServiceUnavailable, "", "database unavailable")
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "database": s.store.Dialect().String()})
}
