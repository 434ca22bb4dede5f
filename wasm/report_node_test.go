//go:build !js

package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
	"github.com/feedlens/feedlens/shared/inspect"
	"github.com/feedlens/feedlens/shared/report"
	"github.com/feedlens/feedlens/wasm/bridge"
)

// nodeStudy covers X only; min_posts 5 so that one timeline page is a day.
const nodeStudy = `{"id": "node-test", "version": 1,
	"title": {"en": "Node test"}, "description": {"en": "d"}, "consent": {"en": "c"},
	"platforms": ["x"], "start": "2027-01-01", "end": "2027-12-31",
	"epsilon": 3, "min_cohort": 2, "min_posts": 5,
	"fields": [
		{"name": "ads", "metric": "ad_share", "categories": ["<5%", "5-20%", ">=20%"], "edges": [0.05, 0.2]},
		{"name": "recommended", "metric": "reason_share.recommended", "categories": ["<50%", ">=50%"], "edges": [0.5]},
		{"name": "authors", "metric": "unique_authors", "categories": ["<10", "10-30", ">=30"], "edges": [10, 30]},
		{"name": "novelty", "metric": "novelty", "categories": ["<50%", ">=50%"], "edges": [0.5]}
	]}`

// TestNodeReport runs feedlens.report in the WebAssembly core under Node
// on two real X timelines stored on consecutive days: every call returns
// a valid report whose true categories are what the native bridge
// computes for the same posts, each with a fresh id (the core draws its
// randomness from crypto.getRandomValues per call), randomised at the
// study's rate; days that are not reported say why, as natively.
func TestNodeReport(t *testing.T) {
	var stored []bridge.SeenPost
	for day, fixture := range map[string]string{"2027-03-01": "fixtures/x/HomeTimeline_foryou_b.json", "2027-03-02": "fixtures/x/HomeTimeline_foryou_a.json"} {
		f, err := inspect.Payload("", "", groundtruth.Read(t, fixture))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range f.Posts {
			stored = append(stored, bridge.SeenPost{Day: day, Post: p})
		}
	}
	posts, err := json.Marshal(bridge.ReportInput{Posts: stored})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	studyPath, postsPath := filepath.Join(dir, "study.json"), filepath.Join(dir, "posts.json")
	for path, b := range map[string][]byte{studyPath: []byte(nodeStudy), postsPath: posts} {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	wasm, execJS := buildCore(t)
	const n = 400
	calls := [][3]string{{"2027-03-02", "x", "400"}, {"2027-03-03", "x", "1"}, {"2027-03-02", "youtube", "1"}, {"2026-03-02", "x", "1"}}
	args := []string{"node/report.mjs", "--wasm", wasm, "--exec", execJS, studyPath, postsPath}
	for _, c := range calls {
		args = append(args, c[:]...)
	}
	var timing bytes.Buffer
	cmd := exec.Command(nodePath(t), args...)
	cmd.Stderr = &timing
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, timing.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != n+4 {
		t.Fatalf("node printed %d lines for %d calls", len(lines), n+4)
	}

	study, err := report.ParseStudy([]byte(nodeStudy))
	if err != nil {
		t.Fatal(err)
	}
	native := func(day, platform string) bridge.ReportOutcome {
		var o bridge.ReportOutcome
		if err := json.Unmarshal([]byte(bridge.Report([]byte(nodeStudy), posts, day, platform, [32]byte{})), &o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	want := native("2027-03-02", "x")
	if want.Report == nil || want.Posts < study.MinPosts {
		t.Fatalf("natively the day is not reported: %+v", want)
	}
	ids := map[string]bool{}
	kept := map[string]int{}
	for _, line := range lines[:n] {
		var o bridge.ReportOutcome
		if err := json.Unmarshal([]byte(line), &o); err != nil || o.Report == nil {
			t.Fatalf("not a report: %s (%v)", line, err)
		}
		if !reflect.DeepEqual(o.Truth, want.Truth) || o.Posts != want.Posts {
			t.Fatalf("WASM: %d posts, truth %v; native: %d posts, truth %v", o.Posts, o.Truth, want.Posts, want.Truth)
		}
		if err := o.Report.Validate(study); err != nil {
			t.Fatalf("WASM report does not validate: %v", err)
		}
		ids[o.Report.ID] = true
		for k, v := range o.Report.Values {
			if v == o.Truth[k] {
				kept[k]++
			}
		}
	}
	if len(ids) != n {
		t.Errorf("%d distinct ids in %d calls: the randomness is not fresh per call", len(ids), n)
	}
	for _, f := range study.Fields {
		p, _ := report.Probabilities(study.FieldEpsilon(), len(f.Categories))
		if got := float64(kept[f.Name]) / n; math.Abs(got-p) > 5*math.Sqrt(p*(1-p)/n) {
			t.Errorf("%s: the true category was sent %.3f of the time, want %.3f", f.Name, got, p)
		}
	}
	for i, c := range calls[1:] {
		var o bridge.ReportOutcome
		if err := json.Unmarshal([]byte(lines[n+i]), &o); err != nil {
			t.Fatal(err)
		}
		if w := native(c[0], c[1]); o.Skip == "" || o.Skip != w.Skip || o.Reason != w.Reason || o.Posts != w.Posts {
			t.Errorf("%s %s: WASM %s, native skip %q (%s)", c[0], c[1], lines[n+i], w.Skip, w.Reason)
		}
	}
	if last := lines[n+3]; !strings.Contains(last, `"error":"report(studyJSON, postsJSON, day, platform): want 4 arguments"`) {
		t.Errorf("a call without its arguments returned %s", last)
	}
	t.Logf("%d reports of a %d-post day, %d distinct ids, truth %v; %s", n, want.Posts, len(ids), want.Truth, strings.TrimSpace(timing.String()))
}
