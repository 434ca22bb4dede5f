package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/inspect"
	"github.com/feedlens/feedlens/shared/metrics"
)

// metricsReport is the document `feedlens inspect --metrics --json`
// prints (docs/METRICS.md).
type metricsReport struct {
	Day     string          `json:"day"`
	Windows []metricsWindow `json:"windows"`
}

// metricsWindow is the metrics of all posts ("all") or of one platform's.
type metricsWindow struct {
	Window  string          `json:"window"`
	Metrics metrics.Metrics `json:"metrics"`
}

// printMetrics computes the metrics of the posts in files, with the posts
// of before as the previous window, and prints them as a table or JSON.
func printMetrics(w io.Writer, asJSON bool, seen time.Time, files, before []inspect.File) error {
	report := newMetricsReport(seen.Format("2006-01-02"), metricsPosts(files, seen), metricsPosts(before, seen.AddDate(0, 0, -1)))
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	}
	printMetricsTable(w, report)
	return nil
}

// newMetricsReport holds the metrics of all posts and, when they come from
// more than one platform, of each platform's, each against the same
// platform's posts in previous.
func newMetricsReport(day string, posts, previous []metrics.Post) metricsReport {
	report := metricsReport{Day: day,
		Windows: []metricsWindow{{Window: "all", Metrics: metrics.Compute(posts, previous)}}}
	platforms := metrics.ByPlatform(posts)
	if len(platforms) < 2 {
		return report
	}
	earlier := map[string][]metrics.Post{}
	for _, pw := range metrics.ByPlatform(previous) {
		earlier[pw.Key] = pw.Posts
	}
	for _, pw := range platforms {
		report.Windows = append(report.Windows, metricsWindow{Window: pw.Key, Metrics: metrics.Compute(pw.Posts, earlier[pw.Key])})
	}
	return report
}

func metricsPosts(files []inspect.File, seen time.Time) []metrics.Post {
	var posts []metrics.Post
	for _, f := range files {
		for _, p := range f.Posts {
			// inspect.Post carries no labels until the classifiers run in
			// inspect; the figures that need labels stay undefined ("–").
			posts = append(posts, metrics.FromInspect(p, p.Labels, seen))
		}
	}
	return posts
}

// metricRow is one line of the table: a caption and the Lookup name of
// the figure, shown as a percentage or a plain number.
type metricRow struct {
	caption, name string
	percent       bool
	decimals      int
}

// printMetricsTable prints one row per figure and one column per window.
func printMetricsTable(w io.Writer, r metricsReport) {
	var lines [][]string
	for _, row := range metricRows(r.Windows) {
		cells := []string{row.caption}
		for _, win := range r.Windows {
			cells = append(cells, formatFigure(&win.Metrics, row))
		}
		lines = append(lines, cells)
	}
	// The score's parts as value → points (the points add up to the
	// score), so a reader can check it by hand.
	for i, part := range r.Windows[0].Metrics.DiversityParts {
		cells := []string{fmt.Sprintf("  %s (%s × %.2f)", part.Name, part.Figure, part.Weight)}
		for _, win := range r.Windows {
			p := win.Metrics.DiversityParts[i]
			if p.Value == nil {
				cells = append(cells, "–")
			} else {
				cells = append(cells, fmt.Sprintf("%.2f → %.1f", *p.Value, *p.Points))
			}
		}
		lines = append(lines, cells)
	}
	header := []string{"seen " + r.Day}
	for _, win := range r.Windows {
		header = append(header, win.Window)
	}
	lines = append([][]string{header}, lines...)
	// Captions read best left-aligned and numbers right-aligned; the
	// tabwriter aligns every column alike, so pad the captions first.
	width := 0
	for _, cells := range lines {
		width = max(width, utf8.RuneCountInString(cells[0]))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, cells := range lines {
		cells[0] += strings.Repeat(" ", width-utf8.RuneCountInString(cells[0]))
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
}

func metricRows(windows []metricsWindow) []metricRow {
	rows := []metricRow{
		{"posts", "posts", false, 0},
		{"unique authors", "unique_authors", false, 0},
		{"ads (platform)", "ad_share", true, 0},
		{"self-disclosed ads", "self_disclosed_share", true, 0},
		{"likely commercial", "likely_commercial_share", true, 0},
	}
	rows = append(rows, shareRows("reason", "reason_share", feed.Reasons)...)
	rows = append(rows, metricRow{"posts with a topic", "topic_posts", false, 0})
	rows = append(rows, shareRows("topic", "topic_share", classify.Topics)...)
	rows = append(rows,
		metricRow{"top topic", "top_topic", false, 0},
		metricRow{"topic entropy", "topic_entropy", false, 2},
		metricRow{"effective topics", "effective_topics", false, 1},
		metricRow{"author HHI", "author_hhi", false, 3},
		metricRow{"top-10 authors' share", "top10_share", true, 0},
		metricRow{"author Gini", "author_gini", false, 2},
		metricRow{"author entropy", "author_entropy", false, 2},
	)
	rows = append(rows, shareRows("tier", "tier_share", classify.Tiers)...)
	rows = append(rows,
		metricRow{"tier entropy", "tier_entropy", false, 2},
		metricRow{"verified", "verified_share", true, 0},
		metricRow{"brand", "brand_share", true, 0},
		metricRow{"any tactic", "tactic_rate", true, 0},
	)
	rows = append(rows, shareRows("tactic", "tactic_rate", classify.TacticKinds)...)
	rows = append(rows,
		metricRow{"leaning mean", "leaning_mean", false, 2},
		metricRow{"leaning spread", "leaning_spread", false, 2},
	)
	parties := map[string]bool{}
	for _, win := range windows {
		for party := range win.Metrics.PartyShare {
			parties[party] = true
		}
	}
	rows = append(rows, shareRows("party", "party_share", slices.Sorted(maps.Keys(parties)))...)
	return append(rows,
		metricRow{"novelty", "novelty", true, 0},
		metricRow{"diversity score (0–100)", "diversity_score", false, 1},
		metricRow{"  weight of the parts defined", "diversity_coverage", true, 0},
	)
}

// shareRows makes one percentage row per member of a distribution.
func shareRows[K ~string](caption, family string, keys []K) []metricRow {
	rows := make([]metricRow, len(keys))
	for i, k := range keys {
		rows[i] = metricRow{caption + " " + string(k), family + "." + string(k), true, 0}
	}
	return rows
}

// formatFigure prints a figure, or "–" when it is undefined for the window.
func formatFigure(m *metrics.Metrics, row metricRow) string {
	v, label, ok := m.Lookup(row.name)
	switch {
	case !ok:
		return "–"
	case label != "":
		return label
	case row.percent:
		return fmt.Sprintf("%.0f%%", 100*v)
	default:
		return fmt.Sprintf("%.*f", row.decimals, v)
	}
}
