package server

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/feedlens/feedlens/server/store"
	"github.com/feedlens/feedlens/shared/report"
)

// readBody reads a request body of at most limit bytes.
func readBody(c echo.Context, limit int64) ([]byte, error) {
	req := c.Request()
	if ct := req.Header.Get(echo.HeaderContentType); ct != "" && !isJSON(ct) {
		return nil, fail(http.StatusUnsupportedMediaType, "Content-Type", "send application/json, not %s", ct)
	}
	if req.ContentLength > limit {
		return nil, fail(http.StatusRequestEntityTooLarge, "", "body of %d bytes exceeds the limit of %d", req.ContentLength, limit)
	}
	b, err := io.ReadAll(http.MaxBytesReader(c.Response(), req.Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, fail(http.StatusRequestEntityTooLarge, "", "body exceeds the limit of %d bytes", limit)
	}
	if err != nil {
		return nil, fail(http.StatusBadRequest, "", "reading the body: %v", err)
	}
	return b, nil
}

func isJSON(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.TrimSpace(mediaType), echo.MIMEApplicationJSON)
}

// badInput turns a report-package validation error into a 400 or 422.
func badInput(err error, status int) error {
	var re *report.Error
	if errors.As(err, &re) {
		return fail(status, re.Field, "%s", re.Msg)
	}
	return fail(status, "", "%v", err)
}

// studyList is the answer of GET /v1/studies.
type studyList struct {
	Studies []*report.Study `json:"studies"`
}

// listStudies answers the studies running today (their latest versions),
// for the extension's consent screen.
func (s *Server) listStudies(c echo.Context) error {
	all, err := s.store.LatestStudies(c.Request().Context())
	if err != nil {
		return err
	}
	today := s.cfg.Now().UTC().Format(report.DayLayout)
	out := studyList{Studies: []*report.Study{}}
	for _, st := range all {
		if st.Active(today) || today < st.Start {
			out.Studies = append(out.Studies, st)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// studyRef names a stored study version.
type studyRef struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
}

func (s *Server) createStudy(c echo.Context) error {
	body, err := readBody(c, maxStudyBody)
	if err != nil {
		return err
	}
	// Malformed JSON and wrong types are 400; a well-formed document that
	// is not a valid study is 422.
	st := &report.Study{}
	if err := report.Unmarshal(body, st); err != nil {
		return badInput(err, http.StatusBadRequest)
	}
	if err := st.Validate(); err != nil {
		return badInput(err, http.StatusUnprocessableEntity)
	}
	created, err := s.store.PutStudy(c.Request().Context(), st)
	if errors.Is(err, store.ErrConflict) {
		return fail(http.StatusConflict, "version", "%v", err)
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, studyRef{ID: st.ID, Version: st.Version})
}

// tokenAnswer carries a new researcher token; it is shown once.
type tokenAnswer struct {
	Token string `json:"token"`
	Study string `json:"study"`
}

func (s *Server) issueToken(c echo.Context) error {
	id := c.Param("id")
	if _, err := s.latest(c, id); err != nil {
		return err
	}
	token := newToken()
	if err := s.store.AddToken(c.Request().Context(), hashToken(token), id); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, tokenAnswer{Token: token, Study: id})
}

// latest returns the latest version of study id or a 404.
func (s *Server) latest(c echo.Context, id string) (*report.Study, error) {
	st, err := s.store.LatestStudy(c.Request().Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fail(http.StatusNotFound, "id", "unknown study %q", id)
	}
	return st, err
}

type versionKey struct {
	id      string
	version int
}

// version returns one version of a study, from the cache when it has been
// seen (versions never change once stored).
func (s *Server) version(c echo.Context, id string, version int) (*report.Study, error) {
	key := versionKey{id, version}
	if st, ok := s.versions.Load(key); ok {
		return st.(*report.Study), nil
	}
	st, err := s.store.StudyVersion(c.Request().Context(), id, version)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fail(http.StatusNotFound, "version", "study %q has no version %s", id, strconv.Itoa(version))
	}
	if err != nil {
		return nil, err
	}
	s.versions.Store(key, st)
	return st, nil
}
