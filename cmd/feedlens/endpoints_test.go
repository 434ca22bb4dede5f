package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/feed"
)

func TestEndpoints(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"endpoints"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var caps []feed.Capture
	if err := json.Unmarshal(out.Bytes(), &caps); err != nil {
		t.Fatal(err)
	}
	if len(caps) == 0 || caps[0].Platform != feed.X || caps[0].Hosts[0] != "x.com" {
		t.Fatalf("want X first with host x.com, got %+v", caps)
	}
	out.Reset()
	if code := run([]string{"endpoints", "--js"}, &out, &errb); code != 0 {
		t.Fatalf("--js: exit %d", code)
	}
	js := out.String()
	i := strings.Index(js, "export const CAPTURES = ")
	if i < 0 || !strings.HasSuffix(js, ";\n") {
		t.Fatalf("--js: not an ES module: %.200s", js)
	}
	var again []feed.Capture
	if err := json.Unmarshal([]byte(strings.TrimSuffix(js[i+len("export const CAPTURES = "):], ";\n")), &again); err != nil || len(again) != len(caps) {
		t.Fatalf("--js: CAPTURES is not the JSON list: %v", err)
	}
	if code := run([]string{"endpoints", "extra"}, &out, &errb); code != 2 {
		t.Errorf("extra argument: exit %d, want 2", code)
	}
}
