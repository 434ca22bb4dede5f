package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/feedlens/feedlens/server"
	"github.com/feedlens/feedlens/server/db"
	"github.com/feedlens/feedlens/server/store"
	"github.com/feedlens/feedlens/shared/report"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8080", "address to listen on (port 0 picks a free one)")
	dsn := fs.String("db", "file:feedlens.db", "database: an SQLite file (file:PATH) or postgres://USER@HOST/DB")
	origins := fs.String("origins", defaultOrigins(), "comma-separated browser origins allowed by CORS (a trailing * matches any rest)")
	rate := fs.Float64("rate", 10, "requests per second allowed per client on /v1 (0: no limit)")
	burst := fs.Int("burst", 30, "requests a client may send at once before -rate applies")
	trustProxy := fs.Bool("trust-proxy", false, "take the client address from X-Forwarded-For (only behind a reverse proxy)")
	var studies []string
	fs.Func("study", "a study document (JSON) to publish at start; repeatable (an identical one already stored is kept)", func(path string) error {
		studies = append(studies, path)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: feedlens serve [--addr :8080] [--db file:feedlens.db | postgres://…] [--study FILE]...\n\n"+
			"Runs the study server. The admin token comes from FEEDLENS_ADMIN_TOKEN (admin routes are off\n"+
			"without it); FEEDLENS_ORIGINS or FEEDLENS_CHROME_EXTENSION_ID set the CORS origins.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger := log.New(stderr, "", log.LstdFlags)
	st, err := db.Open(ctx, *dsn)
	if err != nil {
		fmt.Fprintf(stderr, "feedlens: %v\n", err)
		return 1
	}
	defer st.Close()
	for _, path := range studies {
		if err := publishStudy(ctx, st, path); err != nil {
			fmt.Fprintf(stderr, "feedlens: --study %s: %v\n", path, err)
			return 1
		}
		fmt.Fprintf(stdout, "feedlens: study from %s published\n", path)
	}
	admin := os.Getenv("FEEDLENS_ADMIN_TOKEN")
	if admin == "" {
		logger.Print("feedlens: FEEDLENS_ADMIN_TOKEN is not set: admin routes are disabled")
	}
	handler := server.New(st, server.Config{
		AdminToken: admin, Origins: splitList(*origins), RatePerSecond: *rate, Burst: *burst,
		TrustProxy: *trustProxy, Log: logger,
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "feedlens: %v\n", err)
		return 1
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// net/http names the client's address in some of its messages
		// ("http: panic serving 203.0.113.7:51234"); the server logs none.
		ErrorLog: log.New(redactAddresses{stderr}, "", log.LstdFlags),
	}
	fmt.Fprintf(stdout, "feedlens: serving on http://%s (%s database)\n", ln.Addr(), st.Dialect())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "feedlens: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "feedlens: shutdown: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "feedlens: stopped")
	return 0
}

// publishStudy stores the study document at path, as POST /v1/studies
// would: validated, kept when an identical version is stored, refused when
// the same version differs.
func publishStudy(ctx context.Context, st *store.Store, path string) error {
	body, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	study := &report.Study{}
	if err := report.Unmarshal(body, study); err != nil {
		return err
	}
	if err := study.Validate(); err != nil {
		return err
	}
	_, err = st.PutStudy(ctx, study)
	return err
}

// defaultOrigins allows Firefox's extension origins (random per install)
// and, when its id is known, the Chrome extension's fixed origin.
func defaultOrigins() string {
	if o := os.Getenv("FEEDLENS_ORIGINS"); o != "" {
		return o
	}
	origins := "moz-extension://*"
	if id := os.Getenv("FEEDLENS_CHROME_EXTENSION_ID"); id != "" {
		origins = "chrome-extension://" + id + "," + origins
	}
	return origins
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// addressPattern matches IPv4 and bracketed or bare IPv6 addresses, with
// an optional port. Times (11:01:20) have too few colons to match.
var addressPattern = regexp.MustCompile(`\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b|\[[0-9a-fA-F:.%]+\](:\d+)?|[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4})*::[0-9a-fA-F:]*[0-9a-fA-F]|\b[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{1,4}){3,7}\b`)

// redactAddresses writes log lines with every IP address replaced.
type redactAddresses struct{ w io.Writer }

func (r redactAddresses) Write(p []byte) (int, error) {
	if _, err := r.w.Write(addressPattern.ReplaceAll(p, []byte("[address]"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
