package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/feedlens/feedlens/server/store"
)

// tokenPrefix marks researcher tokens so a leaked one is recognisable in
// logs and secret scanners.
const tokenPrefix = "flr_"

// bearer returns the token of an "Authorization: Bearer …" header.
func bearer(c echo.Context) (string, error) {
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	if h == "" {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="feedlens"`)
		return "", fail(http.StatusUnauthorized, "Authorization", "missing bearer token")
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		c.Response().Header().Set("WWW-Authenticate", `Bearer realm="feedlens"`)
		return "", fail(http.StatusUnauthorized, "Authorization", "expected \"Authorization: Bearer <token>\"")
	}
	return strings.TrimSpace(token), nil
}

func (s *Server) isAdmin(token string) bool {
	if s.cfg.AdminToken == "" {
		return false
	}
	// Comparing digests keeps the comparison constant-time whatever the
	// token's length.
	sum := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(sum[:], s.admin[:]) == 1
}

func (s *Server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.cfg.AdminToken == "" {
			return fail(http.StatusForbidden, "Authorization", "admin routes are disabled: set FEEDLENS_ADMIN_TOKEN")
		}
		token, err := bearer(c)
		if err != nil {
			return err
		}
		if !s.isAdmin(token) {
			return fail(http.StatusUnauthorized, "Authorization", "wrong admin token")
		}
		return next(c)
	}
}

// requireResearcher checks that the bearer token grants access to study:
// a researcher token issued for it, or the admin token.
func (s *Server) requireResearcher(c echo.Context, study string) error {
	token, err := bearer(c)
	if err != nil {
		return err
	}
	if s.isAdmin(token) {
		return nil
	}
	granted, err := s.store.TokenStudy(c.Request().Context(), hashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return fail(http.StatusUnauthorized, "Authorization", "unknown token")
	}
	if err != nil {
		return err
	}
	if granted != study {
		return fail(http.StatusForbidden, "Authorization", "this token is for another study")
	}
	return nil
}

// newToken returns a fresh researcher token: 256 random bits.
func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return tokenPrefix + hex.EncodeToString(b)
}

// hashToken is what the database keeps of a token. A plain SHA-256 is
// enough: the token has 256 bits of entropy, so there is nothing to guess.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
