package classify

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/feedlens/feedlens/shared/feed"
)

// Leanings maps a registrable domain ("spiegel.de") to a political
// leaning in [-1, 1] (by convention -1 left, +1 right). feedlens ships
// none: a user or a study supplies one.
type Leanings map[string]float64

// ReadLeanings reads a CSV of "domain,leaning" rows. A first row whose
// leaning is not a number is taken as a header. Domains may be written as
// links or with "www."; leanings outside [-1, 1] are an error, as are
// duplicate domains with different leanings.
func ReadLeanings(r io.Reader) (Leanings, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	out := Leanings{}
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("leanings: %w", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < 2 {
			return nil, fmt.Errorf("leanings: row %d: want domain,leaning", row)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[1]), 64)
		if err != nil {
			if row == 1 {
				continue // header
			}
			return nil, fmt.Errorf("leanings: row %d: leaning %q is not a number", row, rec[1])
		}
		if math.IsNaN(v) || v < -1 || v > 1 {
			return nil, fmt.Errorf("leanings: row %d: leaning %v outside [-1, 1]", row, v)
		}
		d := domainOf(rec[0])
		if d == "" {
			return nil, fmt.Errorf("leanings: row %d: %q is not a domain", row, rec[0])
		}
		if old, ok := out[d]; ok && old != v {
			return nil, fmt.Errorf("leanings: row %d: %s given twice (%v and %v)", row, d, old, v)
		}
		out[d] = v
	}
	return out, nil
}

// domainOf reduces a domain or link to its registrable domain.
func domainOf(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if d := feed.Domain(s); d != "" {
		return d
	}
	return strings.TrimPrefix(s, "www.")
}

// mean is the mean leaning of the known domains, with one piece of
// evidence per domain; nil when none is known.
func (l Leanings) mean(domains []string, ev []feed.Evidence) (*float64, []feed.Evidence) {
	if len(l) == 0 {
		return nil, ev
	}
	sum, n := 0.0, 0
	for i, d := range domains {
		v, ok := l[strings.ToLower(d)]
		if !ok {
			continue
		}
		sum += v
		n++
		ev = append(ev, feed.Evidence{Decision: "leaning " + strconv.FormatFloat(v, 'f', -1, 64), Path: "domains." + strconv.Itoa(i), Value: d})
	}
	if n == 0 {
		return nil, ev
	}
	m := sum / float64(n)
	return &m, ev
}
