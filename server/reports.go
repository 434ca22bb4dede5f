package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/feedlens/feedlens/server/store"
	"github.com/feedlens/feedlens/shared/report"
)

// batch is the body of POST /v1/studies/{id}/reports. Reports stay raw
// so that one malformed report is rejected alone, not the whole batch.
type batch struct {
	Reports []json.RawMessage `json:"reports"`
}

// The outcome of one report.
const (
	statusAccepted  = "accepted"
	statusDuplicate = "duplicate"
	statusRejected  = "rejected"
)

// reportResult says what happened to one report of a batch, by position.
type reportResult struct {
	Index  int    `json:"index"`
	ID     string `json:"id,omitempty"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	Field  string `json:"field,omitempty"`
}

// batchAnswer is the 202 answer to a batch.
type batchAnswer struct {
	Accepted  int            `json:"accepted"`
	Duplicate int            `json:"duplicate"`
	Rejected  int            `json:"rejected"`
	Results   []reportResult `json:"results"`
}

// ingestReports validates each report of a batch against the study version
// it names and stores the valid ones in one statement. A report's id makes
// it idempotent: a retried batch is answered "duplicate" and counted once.
// The 202 is sent only after the statement has committed.
func (s *Server) ingestReports(c echo.Context) error {
	id := c.Param("id")
	body, err := readBody(c, maxReportBody)
	if err != nil {
		return err
	}
	var b batch
	if err := report.Unmarshal(body, &b); err != nil {
		return badInput(err, http.StatusBadRequest)
	}
	if len(b.Reports) == 0 {
		return fail(http.StatusBadRequest, "reports", "no reports: send {\"reports\": [...]}")
	}
	if len(b.Reports) > store.MaxBatch {
		return fail(http.StatusRequestEntityTooLarge, "reports", "%d reports in one batch, at most %d", len(b.Reports), store.MaxBatch)
	}
	if _, err := s.latest(c, id); err != nil {
		return err
	}
	// A device's day may be ahead of the server's by a time zone, not more.
	tomorrow := s.cfg.Now().UTC().Add(24 * time.Hour).Format(report.DayLayout)

	results := make([]reportResult, len(b.Reports))
	valid := make([]report.Report, 0, len(b.Reports))
	positions := make([]int, 0, len(b.Reports))
	for i, raw := range b.Reports {
		results[i] = reportResult{Index: i, Status: statusRejected}
		r, err := report.DecodeReport(raw)
		if err != nil {
			results[i].Error, results[i].Field = reason(err)
			continue
		}
		results[i].ID = r.ID
		if err := s.checkReport(c, id, &r, tomorrow); err != nil {
			var re *report.Error
			if !errors.As(err, &re) {
				return err // the database failed, not the report
			}
			results[i].Error, results[i].Field = re.Msg, re.Field
			continue
		}
		valid = append(valid, r)
		positions = append(positions, i)
	}
	stored, err := s.store.InsertReports(c.Request().Context(), valid)
	if err != nil {
		return err
	}
	var answer batchAnswer
	counted := make(map[string]bool, len(valid))
	for j, r := range valid {
		res := &results[positions[j]]
		if stored[r.ID] && !counted[r.ID] {
			res.Status = statusAccepted
			counted[r.ID] = true
		} else {
			res.Status = statusDuplicate
		}
	}
	for _, res := range results {
		switch res.Status {
		case statusAccepted:
			answer.Accepted++
		case statusDuplicate:
			answer.Duplicate++
		default:
			answer.Rejected++
		}
	}
	answer.Results = results
	s.metrics.countReports(answer.Accepted, answer.Duplicate, answer.Rejected)
	return c.JSON(http.StatusAccepted, answer)
}

// checkReport validates one decoded report against its study version.
func (s *Server) checkReport(c echo.Context, study string, r *report.Report, tomorrow string) error {
	if r.Study != study {
		return &report.Error{Field: "study", Msg: "report is for study " + quote(r.Study) + ", sent to " + quote(study)}
	}
	st, err := s.version(c, study, r.Version)
	if err != nil {
		var api *apiError
		if errors.As(err, &api) {
			return &report.Error{Field: "version", Msg: api.msg}
		}
		return err
	}
	if err := r.Validate(st); err != nil {
		return err
	}
	if r.Day > tomorrow {
		return &report.Error{Field: "day", Msg: "day " + r.Day + " is in the future"}
	}
	return nil
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// reason splits an error into the message and field of a rejected report.
func reason(err error) (msg, field string) {
	var re *report.Error
	if errors.As(err, &re) {
		return re.Msg, re.Field
	}
	return err.Error(), ""
}
