package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// These three middlewares are written here rather than taken from
// echo/middleware: that package adds about 80 KB to the Worker's gzipped
// wasm, which has to stay under Cloudflare's 3 MB.

// recoverPanics turns a handler panic into a 500, so a bug answers one
// request with an error instead of killing the process (or, on Workers,
// the instance mid-answer).
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				s.cfg.Log.Printf("feedlens server: %s %s: panic: %v", c.Request().Method, c.Path(), r)
				err = fail(http.StatusInternalServerError, "", "internal error")
			}
		}()
		return next(c)
	}
}

// cors opens the API to the configured extension origins only. Nothing is
// sent with credentials (tokens travel in the Authorization header), so
// the allowed origin is echoed and never "*".
func (s *Server) cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, h := c.Request(), c.Response().Header()
		origin := req.Header.Get("Origin")
		allowed := origin != "" && s.allowOrigin(origin)
		h.Add("Vary", "Origin")
		if req.Method == http.MethodOptions && req.Header.Get("Access-Control-Request-Method") != "" {
			if allowed {
				h.Set("Access-Control-Allow-Origin", origin)
				h.Set("Access-Control-Allow-Methods", "GET, POST")
				h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
				h.Set("Access-Control-Max-Age", "86400")
			}
			return c.NoContent(http.StatusNoContent)
		}
		if allowed {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Expose-Headers", suppressedHeader)
		}
		return next(c)
	}
}

func (s *Server) allowOrigin(origin string) bool {
	for _, o := range s.cfg.Origins {
		if prefix, ok := strings.CutSuffix(o, "*"); ok {
			if strings.HasPrefix(origin, prefix) && len(origin) > len(prefix) {
				return true
			}
		} else if origin == o {
			return true
		}
	}
	return false
}

// limiter is a token bucket per client that never stores an address: a
// client is known by an HMAC of its address under a salt drawn at
// start-up and never written anywhere, so the keys cannot be reversed
// after the process ends. On Workers each request runs in a fresh
// instance, so the limiter has nothing to remember there; put
// Cloudflare's rate limiting rules in front of a Worker.
type limiter struct {
	mu         sync.Mutex
	salt       []byte
	rate       float64 // tokens per second
	burst      float64
	clients    map[[16]byte]*bucket
	lastSweep  time.Time
	now        func() time.Time
	retryAfter string
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	salt := make([]byte, 32)
	_, _ = rand.Read(salt)
	if burst < 1 {
		burst = 1
	}
	return &limiter{salt: salt, rate: rate, burst: float64(burst), clients: map[[16]byte]*bucket{}, lastSweep: now(), now: now, retryAfter: "1"}
}

func (l *limiter) allow(addr string) bool {
	mac := hmac.New(sha256.New, l.salt)
	mac.Write([]byte(addr))
	var key [16]byte
	copy(key[:], mac.Sum(nil))
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute {
		// A bucket idle long enough to be full again carries no state.
		for k, b := range l.clients {
			if now.Sub(b.last).Seconds()*l.rate >= l.burst {
				delete(l.clients, k)
			}
		}
		l.lastSweep = now
	}
	b := l.clients[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.clients[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (l *limiter) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !l.allow(c.RealIP()) {
			c.Response().Header().Set("Retry-After", l.retryAfter)
			return fail(http.StatusTooManyRequests, "", "rate limit exceeded, retry later")
		}
		return next(c)
	}
}
