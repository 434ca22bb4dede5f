package server

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/google/differential-privacy/go/v3/noise"
	"github.com/labstack/echo/v4"

	"github.com/feedlens/feedlens/server/store"
	"github.com/feedlens/feedlens/shared/report"
)

// suppressedHeader carries the number of suppressed cells of a CSV answer.
const suppressedHeader = "Feedlens-Suppressed"

// aggregateRow is one released cell: a period and platform with its
// debiased category shares.
type aggregateRow struct {
	Period    string       `json:"period"`
	Platform  string       `json:"platform"`
	N         float64      `json:"n"`
	Estimates []float64    `json:"estimates"`
	CI95      [][2]float64 `json:"ci95"`
}

// aggregateAnswer is the JSON answer of GET /v1/studies/{id}/aggregates.
type aggregateAnswer struct {
	Study          string         `json:"study"`
	Version        int            `json:"version"`
	Field          string         `json:"field"`
	Metric         string         `json:"metric"`
	Categories     []string       `json:"categories"`
	Group          string         `json:"group"`
	From           string         `json:"from"`
	To             string         `json:"to"`
	Epsilon        float64        `json:"epsilon"`
	CentralEpsilon float64        `json:"central_epsilon,omitempty"`
	MinCohort      int            `json:"min_cohort"`
	Rows           []aggregateRow `json:"rows"`
	Suppressed     int            `json:"suppressed"`
}

// aggregates answers a researcher: the reported counts of one field,
// summed per period and platform, debiased into share estimates with 95%
// intervals. Cells with fewer than the study's min_cohort reports are
// withheld and only counted.
func (s *Server) aggregates(c echo.Context) error {
	id := c.Param("id")
	st, err := s.latest(c, id)
	if err != nil {
		return err
	}
	if err := s.requireResearcher(c, id); err != nil {
		return err
	}
	q, group, format, err := s.aggregateQuery(c, st)
	if err != nil {
		return err
	}
	if q.Version != st.Version {
		if st, err = s.version(c, id, q.Version); err != nil {
			return err
		}
	}
	field, ok := st.Field(q.Field)
	if !ok {
		return fail(http.StatusBadRequest, "field", "study %s version %d has no field %q", id, st.Version, q.Field)
	}
	if q.Platform != "" && !contains(st.Platforms, q.Platform) {
		return fail(http.StatusBadRequest, "platform", "platform %q is not part of the study", q.Platform)
	}
	if q.From == "" {
		q.From = st.Start
	}
	if q.To == "" {
		q.To = st.End
	}
	ctx := c.Request().Context()
	cells, err := s.store.Counts(ctx, q)
	if err != nil {
		return err
	}
	k := len(field.Categories)
	var noiseVar float64 // per released day-cell count
	if st.CentralEpsilon > 0 {
		if cells, err = s.noised(c, q, cells, k, st.CentralEpsilon); err != nil {
			return err
		}
		// Laplace noise of scale 1/ε has variance 2/ε².
		noiseVar = 2 / (st.CentralEpsilon * st.CentralEpsilon)
	}

	type groupKey struct{ period, platform string }
	counts := map[groupKey][]float64{}
	days := map[groupKey]map[string]bool{}
	for _, cell := range cells {
		if cell.Category < 0 || cell.Category >= k {
			continue // cannot happen for validated reports; never index out of range
		}
		key := groupKey{period(cell.Day, group, q), cell.Platform}
		if counts[key] == nil {
			counts[key] = make([]float64, k)
			days[key] = map[string]bool{}
		}
		counts[key][cell.Category] += float64(cell.N)
		days[key][cell.Day] = true
	}
	answer := aggregateAnswer{
		Study: st.ID, Version: st.Version, Field: field.Name, Metric: field.Metric, Categories: field.Categories,
		Group: group, From: q.From, To: q.To, Epsilon: st.FieldEpsilon(), CentralEpsilon: st.CentralEpsilon,
		MinCohort: st.MinCohort, Rows: []aggregateRow{},
	}
	for key, cs := range counts {
		est := report.EstimateShares(cs, st.FieldEpsilon(), noiseVar*float64(len(days[key])))
		if est.N < float64(st.MinCohort) {
			answer.Suppressed++
			continue
		}
		answer.Rows = append(answer.Rows, aggregateRow{Period: key.period, Platform: key.platform, N: est.N, Estimates: est.Shares, CI95: est.CI95})
	}
	sort.Slice(answer.Rows, func(i, j int) bool {
		a, b := answer.Rows[i], answer.Rows[j]
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		return a.Platform < b.Platform
	})
	if format == "csv" {
		return writeCSV(c, &answer)
	}
	return c.JSON(http.StatusOK, answer)
}

// aggregateQuery reads and checks the query parameters.
func (s *Server) aggregateQuery(c echo.Context, st *report.Study) (q store.CountQuery, group, format string, err error) {
	q = store.CountQuery{Study: st.ID, Version: st.Version, Field: c.QueryParam("field"), Platform: c.QueryParam("platform")}
	if q.Field == "" {
		return q, "", "", fail(http.StatusBadRequest, "field", "the field parameter is required")
	}
	if v := c.QueryParam("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return q, "", "", fail(http.StatusBadRequest, "version", "must be a positive integer")
		}
		q.Version = n
	}
	for _, p := range []struct {
		name string
		day  *string
	}{{"from", &q.From}, {"to", &q.To}} {
		v := c.QueryParam(p.name)
		if v == "" {
			continue
		}
		if _, err := time.Parse(report.DayLayout, v); err != nil {
			return q, "", "", fail(http.StatusBadRequest, p.name, "must be a day YYYY-MM-DD")
		}
		*p.day = v
	}
	if q.From != "" && q.To != "" && q.From > q.To {
		return q, "", "", fail(http.StatusBadRequest, "to", "is before from")
	}
	group = c.QueryParam("group")
	switch group {
	case "":
		group = "day"
	case "day", "week", "all":
	default:
		return q, "", "", fail(http.StatusBadRequest, "group", "must be day, week or all")
	}
	format = c.QueryParam("format")
	switch format {
	case "":
		format = "json"
	case "json", "csv":
	default:
		return q, "", "", fail(http.StatusBadRequest, "format", "must be json or csv")
	}
	return q, group, format, nil
}

// period names the period a day falls into: the day, its ISO week
// (2027-W05), or the whole queried range (from/to).
func period(day, group string, q store.CountQuery) string {
	switch group {
	case "week":
		t, err := time.Parse(report.DayLayout, day)
		if err != nil {
			return day
		}
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case "all":
		return q.From + "/" + q.To
	}
	return day
}

// noised replaces every day-cell count (zeros included, so a category's
// absence is noised too) by a Laplace-noised count from Google's
// differential-privacy library. A noisy count is stored with the raw count
// it was drawn for and reused while that count is unchanged: answering the
// same question again must not hand out fresh noise to average away.
func (s *Server) noised(c echo.Context, q store.CountQuery, cells []store.Cell, k int, eps float64) ([]store.Cell, error) {
	ctx := c.Request().Context()
	released, err := s.store.Released(ctx, q)
	if err != nil {
		return nil, err
	}
	type dayKey struct{ day, platform string }
	raw := map[dayKey][]int64{}
	var order []dayKey
	for _, cell := range cells {
		key := dayKey{cell.Day, cell.Platform}
		if raw[key] == nil {
			raw[key] = make([]int64, k)
			order = append(order, key)
		}
		if cell.Category >= 0 && cell.Category < k {
			raw[key][cell.Category] = cell.N
		}
	}
	lap := noise.Laplace()
	var fresh []store.Noised
	for _, key := range order {
		for cat, n := range raw[key] {
			cell := store.Cell{Day: key.day, Platform: key.platform, Category: cat, N: n}
			if _, ok := released[cell]; ok {
				continue
			}
			// One report changes one category count of a day-cell by one:
			// L0 and L∞ sensitivity 1.
			noisy, err := lap.AddNoiseInt64(n, 1, 1, eps, 0)
			if err != nil {
				return nil, fmt.Errorf("central noise: %w", err)
			}
			fresh = append(fresh, store.Noised{Cell: cell, Noisy: noisy})
		}
	}
	if len(fresh) > 0 {
		// Store the draws before answering, then answer with what is stored:
		// when two requests race for the same cell, the first draw stays and
		// both answers carry it, so no second draw is ever released.
		if err := s.store.Release(ctx, q, fresh); err != nil {
			return nil, err
		}
		if released, err = s.store.Released(ctx, q); err != nil {
			return nil, err
		}
		for _, f := range fresh {
			if _, ok := released[f.Cell]; !ok {
				// The raw count moved on meanwhile; this draw is the only one
				// for the count this answer was computed from.
				released[f.Cell] = f.Noisy
			}
		}
	}
	out := make([]store.Cell, 0, len(order)*k)
	for _, key := range order {
		for cat, n := range raw[key] {
			noisy := released[store.Cell{Day: key.day, Platform: key.platform, Category: cat, N: n}]
			out = append(out, store.Cell{Day: key.day, Platform: key.platform, Category: cat, N: noisy})
		}
	}
	return out, nil
}

// writeCSV writes the answer in long form, one line per period, platform
// and category: what pandas.read_csv and R's read.csv take as it is.
func writeCSV(c echo.Context, a *aggregateAnswer) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(suppressedHeader, strconv.Itoa(a.Suppressed))
	h.Set(echo.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-v%d-%s-%s.csv"`, a.Study, a.Version, a.Field, a.Group))
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write([]string{"study", "version", "field", "period", "platform", "n", "category", "estimate", "ci95_low", "ci95_high"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }
	for _, r := range a.Rows {
		for j, cat := range a.Categories {
			_ = w.Write([]string{a.Study, strconv.Itoa(a.Version), a.Field, r.Period, r.Platform, f(r.N), cat,
				f(r.Estimates[j]), f(r.CI95[j][0]), f(r.CI95[j][1])})
		}
	}
	w.Flush()
	return w.Error()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
