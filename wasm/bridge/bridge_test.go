package bridge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
)

func TestInspectErrorsAreJSON(t *testing.T) {
	for _, body := range []string{"", "{", `{"unrelated": true}`, "not json"} {
		var out struct{ Error string }
		if err := json.Unmarshal([]byte(Inspect("", []byte(body))), &out); err != nil || out.Error == "" {
			t.Errorf("Inspect(%q) = %s: want an {\"error\"} document", body, Inspect("", []byte(body)))
		}
	}
	if got := Error(`say "hi" <b>`); got != `{"error":"say \"hi\" <b>"}` {
		t.Errorf("Error: %s", got)
	}
}

func TestInspectNamesTheURL(t *testing.T) {
	body := groundtruth.Read(t, "fixtures/x/TweetDetail_promoted.json")
	url := "https://x.com/i/api/graphql/q/TweetDetail?variables=%7B%7D"
	var f struct {
		File, URL, Endpoint string
		Posts               []json.RawMessage
	}
	if err := json.Unmarshal([]byte(Inspect(url, body)), &f); err != nil {
		t.Fatal(err)
	}
	if f.File != url || f.URL != url || f.Endpoint != "TweetDetail" || len(f.Posts) == 0 {
		t.Errorf("got file %q url %q endpoint %q, %d posts", f.File, f.URL, f.Endpoint, len(f.Posts))
	}
}

// BenchmarkInspect is the native figure beside which `make bench-wasm`
// puts the WebAssembly and JavaScript ones: the whole call, payload in,
// JSON out, per fixture that parses, with the fixture's request URL when
// wasm/node/bench-urls.json knows it (as the extension calls it).
func BenchmarkInspect(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(groundtruth.Path(b, "fixtures"), "*", "*.json"))
	urls := map[string]string{}
	if raw, err := os.ReadFile("../node/bench-urls.json"); err != nil {
		b.Fatal(err)
	} else if err := json.Unmarshal(raw, &urls); err != nil {
		b.Fatalf("bench-urls.json: %v", err)
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		url := urls[name]
		if strings.HasPrefix(Inspect(url, body), `{"error"`) {
			continue
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				Inspect(url, body)
			}
		})
	}
}
