package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/inspect"
)

func runInspect(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON document instead of a table")
	url := fs.String("url", "", "the request URL of the payload(s), when known (decides platform and endpoint)")
	asMetrics := fs.Bool("metrics", false, "print the feed-diversity metrics of all the files' posts, overall and per platform")
	day := fs.String("day", "", "with --metrics: the day (YYYY-MM-DD) the posts were seen (default today)")
	var previous []string
	fs.Func("previous", "with --metrics: a file of the window before (e.g. the day before), for novelty; repeatable", func(name string) error {
		previous = append(previous, name)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: feedlens inspect [--json] [--url URL] [--metrics [--day YYYY-MM-DD] [--previous FILE]...] FILE...\n\nReads raw JSON payloads, NDJSON streams and HAR exports (\"-\" reads stdin).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	if !*asMetrics && (*day != "" || previous != nil) {
		fmt.Fprintln(stderr, "feedlens: --day and --previous go with --metrics")
		return 2
	}
	seen := time.Now()
	if *day != "" {
		var err error
		if seen, err = time.ParseInLocation("2006-01-02", *day, time.Local); err != nil {
			fmt.Fprintf(stderr, "feedlens: --day %q: want YYYY-MM-DD\n", *day)
			return 2
		}
	}
	var result inspect.Result
	var failed bool
	result.Files, failed = inspectFiles(fs.Args(), *url, stderr)
	if *asMetrics {
		before, beforeFailed := inspectFiles(previous, *url, stderr)
		if err := printMetrics(stdout, *asJSON, seen, result.Files, before); err != nil {
			fmt.Fprintf(stderr, "feedlens: %v\n", err)
			return 1
		}
		if failed || beforeFailed {
			return 1
		}
		return 0
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(result); err != nil {
			fmt.Fprintf(stderr, "feedlens: %v\n", err)
			return 1
		}
	} else if len(result.Files) > 0 {
		printTable(stdout, result.Files)
	}
	if failed {
		return 1
	}
	return 0
}

// inspectFiles inspects the named files; failed reports that some file or
// HAR entry could not be read (each error is printed, the rest is kept).
func inspectFiles(names []string, url string, stderr io.Writer) (files []inspect.File, failed bool) {
	for _, name := range names {
		body, err := readInput(name)
		if err != nil {
			fmt.Fprintf(stderr, "feedlens: %s: %v\n", name, err)
			failed = true
			continue
		}
		got, errs := inspect.Bytes(name, url, body)
		for _, err := range errs {
			fmt.Fprintf(stderr, "feedlens: %s: %v\n", name, err)
			failed = true
		}
		files = append(files, got...)
	}
	if files == nil {
		files = []inspect.File{}
	}
	return files, failed
}

func readInput(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}

// printTable writes one row per file and a total: what a person wants to
// see first, how much of the feed is ads and why the rest is there.
func printTable(w io.Writer, files []inspect.File) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\tplatform\tsurface\tposts\tads\t"+strings.Join(reasonNames(), "\t")+"\tnot understood\t")
	var total inspect.File
	for _, f := range files {
		fmt.Fprintln(tw, row(shortName(f.File), string(f.Platform), string(f.Surface), f))
		total.Posts = append(total.Posts, f.Posts...)
		total.Unknown += f.Unknown
	}
	if len(files) > 1 {
		fmt.Fprintln(tw, row("total", "", "", total))
	}
	tw.Flush()
}

func row(name, platform, surface string, f inspect.File) string {
	ads := 0
	counts := map[feed.Reason]int{}
	for _, p := range f.Posts {
		counts[p.Reason]++
		if p.Ad {
			ads++
		}
	}
	cells := []string{name, platform, surface, fmt.Sprint(len(f.Posts)), share(ads, len(f.Posts))}
	for _, r := range feed.Reasons {
		cells = append(cells, share(counts[r], len(f.Posts)))
	}
	cells = append(cells, fmt.Sprint(f.Unknown))
	return strings.Join(cells, "\t") + "\t"
}

func reasonNames() []string {
	var names []string
	for _, r := range feed.Reasons {
		names = append(names, string(r))
	}
	return names
}

// share prints a count with its percentage of n.
func share(k, n int) string {
	if k == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%.0f%%)", k, 100*float64(k)/float64(n))
}

func shortName(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 && len(name)-i < 48 {
		if j := strings.LastIndex(name[:i], "/"); j >= 0 {
			return name[j+1:]
		}
	}
	return name
}
