//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
)

// TestFirefox installs the Firefox build in firefox-esr and checks that
// it classifies an X page: one badge per post, the page's bodies intact.
func TestFirefox(t *testing.T) {
	ext := extensionDir(t, "extension-firefox")
	s := newSite(t)
	i := scenarioNamed(t, "x-home-fetch")
	sc := scenarios[i]
	want := s.want(t, sc)
	url := strings.Replace(sc.pageURL(i), sc.Host, fmt.Sprintf("%s:%d", sc.Host, s.port()), 1)
	cmd := exec.Command("node", "firefox.mjs", ext, url, strings.Join(s.hosts, ","))
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("firefox.mjs: %v\n%s", err, stderrOf(err))
	}
	var got struct {
		ID     string
		Error  string
		Badges []string
		E2E    *pageState `json:"e2e"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("firefox.mjs printed %q: %v", raw, err)
	}
	if got.Error != "" {
		t.Fatalf("Firefox: %s", got.Error)
	}
	if got.ID != "feedlens@feedlens.org" {
		t.Errorf("installed as %q, want the gecko id feedlens@feedlens.org", got.ID)
	}
	if got.E2E == nil || !got.E2E.Done {
		t.Fatalf("the page never finished: %+v", got.E2E)
	}
	if len(got.Badges) != len(want.IDs) {
		t.Errorf("Firefox: %d badges, want %d", len(got.Badges), len(want.IDs))
	}
	for _, id := range got.Badges {
		if !want.IDs[id] {
			t.Errorf("Firefox: badge for unknown post %q", id)
		}
	}
	checkPage(t, sc, *got.E2E)
	t.Logf("Firefox %s: %d posts badged", got.ID, len(got.Badges))
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
