//go:build !js

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/internal/jsonnear"
	"github.com/feedlens/feedlens/shared/groundtruth"
)

// TestNodeMatchesCLI builds the WebAssembly core, runs it under Node the
// way the extension's service worker loads it, and checks that
// feedlens.inspect returns, for every fixture, what `feedlens inspect
// --json` prints for it natively (or the same error).
func TestNodeMatchesCLI(t *testing.T) {
	fixtures, err := filepath.Glob(filepath.Join(groundtruth.Path(t, "fixtures"), "*", "*.json"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	node := nodePath(t)
	wasm, execJS := buildCore(t)
	cli := filepath.Join(t.TempDir(), "feedlens")
	goBuild(t, nil, "-o", cli, "../cmd/feedlens")

	// Every file as bytes, and the first one once more as a string.
	args := []string{"node/inspect.mjs", "--wasm", wasm, "--exec", execJS}
	args = append(args, fixtures...)
	args = append(args, "-", fixtures[0])
	out, err := exec.Command(node, args...).Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderrOf(err))
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != len(fixtures)+1 {
		t.Fatalf("node printed %d results for %d calls", len(lines), len(fixtures)+1)
	}
	if lines[len(fixtures)] != lines[0] {
		t.Errorf("string and Uint8Array bodies give different results for %s", fixtures[0])
	}
	posts := 0
	for i, fx := range fixtures {
		name := strings.TrimPrefix(fx, filepath.Dir(filepath.Dir(fx))+"/")
		var got map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatalf("%s: WASM output is not JSON: %v", name, err)
		}
		stdout, stderr, code := runCLI(t, cli, fx)
		if code != 0 {
			want := strings.TrimSpace(strings.TrimPrefix(stderr, "feedlens: "+fx+": "))
			if got["error"] != want {
				t.Errorf("%s: CLI failed with %q, WASM returned %s", name, want, lines[i])
			}
			continue
		}
		var res struct{ Files []map[string]any }
		if err := json.Unmarshal(stdout, &res); err != nil || len(res.Files) != 1 {
			t.Fatalf("%s: CLI output: %v (%d files)", name, err, len(res.Files))
		}
		want := res.Files[0]
		want["file"] = "" // the CLI names the file, the WASM the (empty) URL
		if !jsonnear.Equal(got, want, 1e-12) {
			t.Errorf("%s: WASM and CLI differ\nwasm: %.400s\ncli:  %.400s", name, lines[i], stdout)
		}
		posts += len(want["posts"].([]any))
	}
	if posts == 0 {
		t.Fatal("no fixture yielded posts: nothing was compared")
	}
	t.Logf("%d fixtures, %d posts identical in WASM and CLI", len(fixtures), posts)
}

func nodePath(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node not found: install Node.js (.ci/run does) to test the WebAssembly core")
	}
	return node
}

// buildCore builds the WebAssembly core as `make wasm` does, the models
// apart (load.mjs hands them over), and returns it with the wasm_exec.js
// of the Go that built it.
func buildCore(t *testing.T) (wasm, execJS string) {
	t.Helper()
	wasm = filepath.Join(t.TempDir(), "feedlens.wasm")
	goBuild(t, []string{"GOOS=js", "GOARCH=wasm"}, "-tags", "feedlens_models_apart", "-o", wasm, ".")
	return wasm, filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js")
}

func goBuild(t *testing.T, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"build", "-trimpath"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %v: %v\n%s", args, err, out)
	}
}

func runCLI(t *testing.T, cli, file string) (stdout []byte, stderr string, code int) {
	t.Helper()
	var so, se bytes.Buffer
	cmd := exec.Command(cli, "inspect", "--json", file)
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return so.Bytes(), se.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return so.Bytes(), se.String(), 0
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// TestNodeBadArguments calls the core's exports under Node with
// arguments they must refuse (no body, a number, an array, an object that
// only looks like bytes): each comes back as an error document that says
// what was wanted, and the core goes on working; a body given as an
// ArrayBuffer reads as the same bytes as a Uint8Array or a string.
func TestNodeBadArguments(t *testing.T) {
	fixture := filepath.Join(groundtruth.Path(t, "fixtures"), "x", "SearchTimeline_promoted.json")
	wasm, execJS := buildCore(t)
	out, err := exec.Command(nodePath(t), "node/args.mjs", "--wasm", wasm, "--exec", execJS, fixture).Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderrOf(err))
	}
	type line struct{ Call, Out, Threw string }
	got := map[string]line{}
	var order []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("node printed %q: %v", l, err)
		}
		got[x.Call] = x
		order = append(order, x.Call)
	}
	for _, c := range order {
		if got[c].Threw != "" {
			t.Errorf("%s threw %q (after a panic every call throws)", c, got[c].Threw)
		}
	}
	refused := map[string]string{
		"inspect(url, null)":                 "inspect(url, body): body must be a string, a Uint8Array or an ArrayBuffer",
		"inspect(url, 42)":                   "inspect(url, body): body must be a string, a Uint8Array or an ArrayBuffer",
		"inspect(url, {length: 3})":          "inspect(url, body): body must be a string, a Uint8Array or an ArrayBuffer",
		"inspect(url, [1, 2])":               "inspect(url, body): body must be a string, a Uint8Array or an ArrayBuffer",
		"inspect(url)":                       "inspect(url, body): want 2 arguments",
		"metrics(undefined)":                 "metrics(postsJSON): postsJSON must be a string, a Uint8Array or an ArrayBuffer",
		"report(1, 2, 3, 4)":                 "report(studyJSON, postsJSON, day, platform): studyJSON and postsJSON must be a string, a Uint8Array or an ArrayBuffer",
		`loadModels({"model/topic.lin": 7})`: "loadModels(files): model/topic.lin must be a string, a Uint8Array or an ArrayBuffer",
	}
	for call, want := range refused {
		var doc struct{ Error string }
		if err := json.Unmarshal([]byte(got[call].Out), &doc); err != nil || doc.Error != want {
			t.Errorf("%s = %q, want the error %q", call, got[call].Out, want)
		}
	}
	bytesOut := got["inspect(url, bytes)"].Out
	var f struct{ Posts []json.RawMessage }
	if err := json.Unmarshal([]byte(bytesOut), &f); err != nil || len(f.Posts) == 0 {
		t.Fatalf("after the refused calls, inspect of %s gave %.200q", fixture, bytesOut)
	}
	for _, c := range []string{"inspect(url, arrayBuffer)", "inspect(url, string)"} {
		if got[c].Out != bytesOut {
			t.Errorf("%s differs from inspect(url, bytes)", c)
		}
	}
	if o := got["inspect(undefined, bytes)"].Out; !strings.Contains(o, `"file":""`) || !strings.Contains(o, `"posts":[`) {
		t.Errorf("inspect(undefined, bytes) = %.200q: want the posts, read without a URL", o)
	}
	if got["version()"].Out == "" {
		t.Error("version() returned nothing after the refused calls")
	}
}
