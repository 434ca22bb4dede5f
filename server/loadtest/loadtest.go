// Package loadtest drives a study server over HTTP the way a crowd of
// extensions would: many clients posting batches of randomised reports,
// then researchers asking for aggregates. It measures throughput and
// latency; `feedlens loadtest` prints what it finds.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/feedlens/feedlens/shared/report"
)

// Study returns the study the load is made for: the six fields of the
// example study (ad share, recommended share, topic entropy, top topic,
// mega-account share, tactic rate) over a year of past days.
func Study(id string) *report.Study {
	return &report.Study{
		ID: id, Version: 1,
		Title:       report.Text{"en": "Load test"},
		Description: report.Text{"en": "Synthetic reports from feedlens loadtest."},
		Consent:     report.Text{"en": "Synthetic data."},
		Platforms:   []string{"x", "instagram", "tiktok", "youtube", "facebook", "reddit"},
		Start:       "2025-01-01", End: "2025-12-31",
		Epsilon: 3, MinCohort: 20, MinPosts: 20,
		Fields: []report.Field{
			{Name: "ad_share", Metric: "ad_share", Categories: []string{"<5%", "5-10%", "10-20%", "20-30%", ">=30%"}, Edges: []float64{0.05, 0.1, 0.2, 0.3}},
			{Name: "recommended_share", Metric: "reason_share.recommended", Categories: []string{"<25%", "25-50%", "50-75%", ">=75%"}, Edges: []float64{0.25, 0.5, 0.75}},
			{Name: "topic_entropy", Metric: "topic_entropy", Categories: []string{"<0.4", "0.4-0.6", "0.6-0.8", ">=0.8"}, Edges: []float64{0.4, 0.6, 0.8}},
			{Name: "top_topic", Metric: "top_topic", Categories: []string{"politics", "business", "science_tech", "health", "sports", "entertainment", "travel", "lifestyle", "other"}},
			{Name: "mega_account_share", Metric: "tier_share.mega", Categories: []string{"<10%", "10-25%", "25-50%", ">=50%"}, Edges: []float64{0.1, 0.25, 0.5}},
			{Name: "tactic_rate", Metric: "tactic_rate", Categories: []string{"<5%", "5-15%", "15-30%", ">=30%"}, Edges: []float64{0.05, 0.15, 0.3}},
		},
	}
}

// participant is a simulated day of one participant's feed: every metric
// a study can name gets a plausible value, skewed per participant so the
// aggregates are not flat.
type participant struct {
	r     *rand.Rand
	posts float64
	skew  float64 // 0..1: how ad- and recommendation-heavy this feed is
	topic string
}

func (p participant) Lookup(name string) (float64, string, bool) {
	switch name {
	case "posts":
		return p.posts, "", true
	case "top_topic":
		return 0, p.topic, true
	case "ad_share", "tactic_rate":
		return p.skew * 0.4 * p.r.Float64(), "", true
	case "reason_share.recommended":
		return 0.3 + 0.7*p.skew*p.r.Float64(), "", true
	}
	return p.r.Float64(), "", true
}

// topicLabels are the top_topic labels of classify.Topics.
var topicLabels = []string{"politics", "business", "science_tech", "health", "sports", "entertainment", "travel", "lifestyle", "other"}

// Reports builds n randomised reports of simulated participants, spread
// over the study's days up to yesterday (a server rejects days in the
// future) and over its platforms, deterministically from seed.
func Reports(st *report.Study, n int, seed uint64) ([]report.Report, error) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	start, err := time.Parse(report.DayLayout, st.Start)
	if err != nil {
		return nil, err
	}
	end, err := time.Parse(report.DayLayout, st.End)
	if err != nil {
		return nil, err
	}
	if yesterday := time.Now().UTC().AddDate(0, 0, -1); yesterday.Before(end) {
		end = yesterday
	}
	days := int(end.Sub(start).Hours()/24) + 1
	if days < 1 {
		return nil, fmt.Errorf("loadtest: study %s has no past days to report", st.ID)
	}
	out := make([]report.Report, 0, n)
	for misses := 0; len(out) < n; {
		p := participant{r: r, posts: float64(r.IntN(2*st.MinPosts + 200)), skew: r.Float64(), topic: topicLabels[r.IntN(len(topicLabels))]}
		day := start.AddDate(0, 0, r.IntN(days)).Format(report.DayLayout)
		rep, err := st.Build(day, st.Platforms[r.IntN(len(st.Platforms))], p, r)
		if errors.Is(err, report.ErrTooFewPosts) {
			continue // a participant who does not report that day
		}
		if err != nil {
			if misses++; misses > 1000 {
				return nil, fmt.Errorf("loadtest: cannot simulate study %s: %w", st.ID, err)
			}
			continue
		}
		out = append(out, rep)
	}
	return out, nil
}

// Config is one ingest run.
type Config struct {
	Base    string // server URL
	Study   string
	Reports []report.Report
	Clients int
	Batch   int
	// OnAck, if set, is called with every batch the server acknowledged
	// (202), from the client's goroutine.
	OnAck func(batch []report.Report)
	// Progress, if set, is called about once a second with the reports
	// acknowledged so far.
	Progress func(done int, elapsed time.Duration)
	Client   *http.Client
}

// Result is what an ingest run measured.
type Result struct {
	Sent, Accepted, Duplicate, Rejected int
	Failed                              int // batches without a 202 (network error or status)
	Elapsed                             time.Duration
	Latencies                           []time.Duration // per acknowledged batch, sorted
}

// ReportsPerSecond is the sustained rate of acknowledged reports.
func (r Result) ReportsPerSecond() float64 {
	return float64(r.Accepted+r.Duplicate) / r.Elapsed.Seconds()
}

// Percentile returns the p-th percentile (0..100) batch latency.
func (r Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.Latencies)-1) * p / 100)
	return r.Latencies[i]
}

type batchAnswer struct {
	Accepted, Duplicate, Rejected int
}

// Ingest posts cfg.Reports in batches from cfg.Clients concurrent clients
// until all are sent or ctx ends.
func Ingest(ctx context.Context, cfg Config) Result {
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Clients}}
	}
	var next atomic.Int64
	var mu sync.Mutex
	var res Result
	var acked atomic.Int64
	start := time.Now()
	stopProgress := make(chan struct{})
	if cfg.Progress != nil {
		go func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					cfg.Progress(int(acked.Load()), time.Since(start))
				case <-stopProgress:
					return
				}
			}
		}()
	}
	var wg sync.WaitGroup
	for range cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(int64(cfg.Batch))) - cfg.Batch
				if i >= len(cfg.Reports) {
					return
				}
				batch := cfg.Reports[i:min(i+cfg.Batch, len(cfg.Reports))]
				t0 := time.Now()
				a, err := post(ctx, cfg.Client, cfg.Base, cfg.Study, batch)
				d := time.Since(t0)
				mu.Lock()
				res.Sent += len(batch)
				if err != nil {
					res.Failed++
				} else {
					res.Accepted += a.Accepted
					res.Duplicate += a.Duplicate
					res.Rejected += a.Rejected
					res.Latencies = append(res.Latencies, d)
				}
				mu.Unlock()
				if err == nil {
					acked.Add(int64(a.Accepted + a.Duplicate))
					if cfg.OnAck != nil {
						cfg.OnAck(batch)
					}
				}
			}
		}()
	}
	wg.Wait()
	close(stopProgress)
	res.Elapsed = time.Since(start)
	sort.Slice(res.Latencies, func(i, j int) bool { return res.Latencies[i] < res.Latencies[j] })
	return res
}

func post(ctx context.Context, client *http.Client, base, study string, batch []report.Report) (batchAnswer, error) {
	body, err := json.Marshal(map[string]any{"reports": batch})
	if err != nil {
		return batchAnswer{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/studies/"+study+"/reports", bytes.NewReader(body))
	if err != nil {
		return batchAnswer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return batchAnswer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return batchAnswer{}, err
	}
	if resp.StatusCode != http.StatusAccepted {
		return batchAnswer{}, fmt.Errorf("status %d: %.200s", resp.StatusCode, b)
	}
	var a batchAnswer
	if err := json.Unmarshal(b, &a); err != nil {
		return batchAnswer{}, err
	}
	if a.Accepted+a.Duplicate+a.Rejected != len(batch) {
		return batchAnswer{}, errors.New("answer does not account for every report")
	}
	return a, nil
}

// Admin performs an admin request (creating the study) and returns the
// answer body.
func Admin(ctx context.Context, client *http.Client, base, token, method, path string, body any) ([]byte, int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return nil, 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return b, resp.StatusCode, err
}
