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
	var x *feed.Capture
	for i := range caps {
		if caps[i].Platform == feed.X {
			x = &caps[i]
		}
	}
	if x == nil || x.Hosts[0] != "x.com" || len(x.Endpoints) == 0 {
		t.Fatalf("want X with host x.com and its endpoints, got %+v", caps)
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
