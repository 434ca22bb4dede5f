package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/feedlens/feedlens/server"
	"github.com/feedlens/feedlens/server/db"
	"github.com/feedlens/feedlens/server/loadtest"
	"github.com/feedlens/feedlens/shared/report"
)

func runLoadtest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "", "a running server to load (admin token from FEEDLENS_ADMIN_TOKEN); default: start one in this process")
	dsn := fs.String("db", "", "database of the in-process server (default: a new SQLite file in a temporary directory)")
	total := fs.Int("reports", 100_000, "reports to send")
	clients := fs.Int("clients", 8, "concurrent clients")
	batch := fs.Int("batch", 100, "reports per request (1..500)")
	reps := fs.Int("aggregate-reps", 7, "times each aggregate query is asked")
	studyFile := fs.String("study", "", "a study document to create (or reuse) and load; default: a new six-field study")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (client and in-process server) to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: feedlens loadtest [--reports N] [--clients C] [--batch B] [--db DSN | --url URL]\n\n"+
			"Sends randomised reports of a six-field study as fast as the server takes them, then times\n"+
			"researcher aggregate queries over everything sent. Loopback only.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *batch < 1 || *batch > 500 || *clients < 1 || *total < 1 {
		fs.Usage()
		return 2
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "feedlens: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "feedlens: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	ctx := context.Background()
	base, admin := *url, os.Getenv("FEEDLENS_ADMIN_TOKEN")
	backend := "remote server"
	if base == "" {
		stopServer, b, a, desc, err := startLoadServer(ctx, *dsn)
		if err != nil {
			fmt.Fprintf(stderr, "feedlens: %v\n", err)
			return 1
		}
		defer stopServer()
		base, admin, backend = b, a, desc
	}
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	st := loadtest.Study("loadtest-" + randomHex(4))
	if *studyFile != "" {
		b, err := os.ReadFile(*studyFile)
		if err != nil {
			fmt.Fprintf(stderr, "feedlens: %v\n", err)
			return 1
		}
		if st, err = report.ParseStudy(b); err != nil {
			fmt.Fprintf(stderr, "feedlens: %s: %v\n", *studyFile, err)
			return 1
		}
	}
	id := st.ID
	if body, status, err := loadtest.Admin(ctx, client, base, admin, "POST", "/v1/studies", st); err != nil || (status != http.StatusCreated && status != http.StatusOK) {
		fmt.Fprintf(stderr, "feedlens: creating study %s: %d %v %s\n", id, status, err, body)
		return 1
	}
	fmt.Fprintf(stderr, "generating %d randomised reports…\n", *total)
	reports, err := loadtest.Reports(st, *total, uint64(time.Now().UnixNano()))
	if err != nil {
		fmt.Fprintf(stderr, "feedlens: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "backend: %s\nstudy: %s (%d fields), %d reports, %d clients, %d reports per request\n",
		backend, id, len(st.Fields), *total, *clients, *batch)
	cpu0 := cpuTime()
	res := loadtest.Ingest(ctx, loadtest.Config{
		Base: base, Study: id, Reports: reports, Clients: *clients, Batch: *batch, Client: client,
		Progress: func(done int, elapsed time.Duration) {
			fmt.Fprintf(stderr, "\r%d/%d reports acknowledged (%.0f/s)   ", done, *total, float64(done)/elapsed.Seconds())
		},
	})
	fmt.Fprintln(stderr)
	fmt.Fprintf(stdout, "ingest: %d accepted, %d duplicate, %d rejected, %d failed requests in %v\n",
		res.Accepted, res.Duplicate, res.Rejected, res.Failed, res.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(stdout, "ingest rate: %.0f reports/s (%.0f requests/s)\n", res.ReportsPerSecond(), float64(len(res.Latencies))/res.Elapsed.Seconds())
	fmt.Fprintf(stdout, "request latency: p50 %v, p95 %v, p99 %v, max %v\n", ms(res.Percentile(50)), ms(res.Percentile(95)), ms(res.Percentile(99)), ms(res.Percentile(100)))
	if cpu := cpuTime() - cpu0; cpu > 0 && *url == "" {
		// Client and server share this process: the figure covers both.
		fmt.Fprintf(stdout, "CPU: %.1f s for client and server together = %.0f µs per report; %.0f reports per CPU-second\n",
			cpu.Seconds(), float64(cpu.Microseconds())/float64(res.Sent), float64(res.Sent)/cpu.Seconds())
	}

	first, last := st.Fields[0].Name, st.Fields[len(st.Fields)-1].Name
	for _, q := range []string{"field=" + first + "&group=day", "field=" + last + "&group=week", "field=" + last + "&group=all",
		"field=" + first + "&group=all&platform=" + st.Platforms[0] + "&format=csv"} {
		var times []time.Duration
		var body []byte
		for range *reps {
			t0 := time.Now()
			b, status, err := loadtest.Admin(ctx, client, base, admin, "GET", "/v1/studies/"+id+"/aggregates?"+q, nil)
			if err != nil || status != http.StatusOK {
				fmt.Fprintf(stderr, "feedlens: aggregates?%s: %d %v %.200s\n", q, status, err, b)
				return 1
			}
			times = append(times, time.Since(t0))
			body = b
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		fmt.Fprintf(stdout, "aggregates?%s over %d reports: median %v, max %v (%s)\n", q, res.Accepted+res.Duplicate, ms(times[len(times)/2]), ms(times[len(times)-1]), describe(body))
	}
	if res.Failed > 0 || res.Rejected > 0 {
		return 1
	}
	return 0
}

// startLoadServer runs a study server in this process on a loopback port.
func startLoadServer(ctx context.Context, dsn string) (stop func(), base, admin, desc string, err error) {
	var tmp string
	if dsn == "" {
		if tmp, err = os.MkdirTemp("", "feedlens-loadtest-"); err != nil {
			return nil, "", "", "", err
		}
		dsn = "file:" + filepath.Join(tmp, "loadtest.db")
	}
	st, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, "", "", "", err
	}
	admin = randomHex(16)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		st.Close()
		return nil, "", "", "", err
	}
	srv := &http.Server{Handler: server.New(st, server.Config{AdminToken: admin}), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	stop = func() {
		_ = srv.Close()
		_ = st.Close()
		if tmp != "" {
			_ = os.RemoveAll(tmp)
		}
	}
	desc = fmt.Sprintf("in-process server on %s database %s", st.Dialect(), redactDSN(dsn))
	return stop, "http://" + ln.Addr().String(), admin, desc, nil
}

func redactDSN(dsn string) string {
	if len(dsn) > 0 && dsn[0] == 'p' {
		return "postgres://…"
	}
	return dsn
}

func describe(body []byte) string {
	var a struct {
		Rows       []json.RawMessage `json:"rows"`
		Suppressed int               `json:"suppressed"`
	}
	if json.Unmarshal(body, &a) != nil {
		return fmt.Sprintf("%d bytes of CSV", len(body))
	}
	return fmt.Sprintf("%d rows, %d suppressed", len(a.Rows), a.Suppressed)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
