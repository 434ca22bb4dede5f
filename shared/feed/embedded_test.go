package feed

import (
	"errors"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/groundtruth"
)

func TestEmbeddedPages(t *testing.T) {
	data := string(ytHome(ytRich(ytVideo("v1", "alice", "")), ytRich(ytDisplaySlot)))
	// The same data written the way a page may write it: as a JavaScript
	// string with \x escapes (m.youtube.com).
	var js strings.Builder
	for _, c := range []byte(data) {
		if c == '{' || c == '"' || c == '}' {
			js.WriteString(`\x` + strings.ToLower(string("0123456789ABCDEF"[c>>4])+string("0123456789ABCDEF"[c&15])))
		} else {
			js.WriteByte(c)
		}
	}
	page := func(script string) []byte {
		return []byte("<!DOCTYPE html><html><head><script>var ytcfg = {\"a\": 1};</script></head><body><script nonce=\"n\">" +
			script + "</script><script>var ytInitialPlayerResponse = {\"videoDetails\":{}};</script></body></html>")
	}
	for _, c := range []struct {
		name, url string
		body      []byte
		endpoint  string
	}{
		{"var, with the page URL", "https://www.youtube.com/", page("var ytInitialData = " + data + ";"), "browse"},
		{"window[...], without a URL", "", page(`window["ytInitialData"] = ` + data + ";"), "browse"},
		{"a JavaScript string", "https://m.youtube.com/", page("var ytInitialData = '" + js.String() + "';"), "browse"},
		{"the watch page's URL decides", "https://www.youtube.com/watch?v=x", page("var ytInitialData=" + data + ";"), "next"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(c.url, c.body)
			if err != nil {
				t.Fatal(err)
			}
			if f.Platform != YouTube || f.Endpoint != c.endpoint || len(f.Posts) != 2 || f.Posts[0].ID != "v1" || f.Posts[1].Ad == nil {
				t.Fatalf("%s %s: %d posts %+v", f.Platform, f.Endpoint, len(f.Posts), f.Posts)
			}
			if p := f.Posts[0].Evidence[0].Path; !strings.HasPrefix(p, "contents.") {
				t.Errorf("evidence path %q is not relative to the embedded document", p)
			}
			checkPosts(t, f)
		})
	}
	for _, c := range []struct {
		name, url, body string
		want            []error
		msg             string
	}{
		{"a page without feed data", "", "<html><body>hello</body></html>", []error{ErrNotJSON, ErrNoEmbedded}, "byte 0"},
		{"a truncated document", "https://www.youtube.com/", "<html><script>var ytInitialData = {\"contents\":{", []error{ErrNotJSON}, "truncated"},
		{"a string that does not end", "", "<html><script>var ytInitialData = '\\x7b", []error{ErrNotJSON}, "does not end"},
		{"another platform's page", "https://www.youtube.com/", "<html><script id=\"SIGI_STATE\" type=\"application/json\">{}</script>", []error{ErrNoEmbedded}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := Parse(c.url, []byte(c.body))
			for _, want := range c.want {
				if !errors.Is(err, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			}
			if err == nil || !strings.Contains(err.Error(), c.msg) || len(f.Posts) != 0 {
				t.Errorf("err %v, %d posts", err, len(f.Posts))
			}
		})
	}
}

func TestJSString(t *testing.T) {
	for in, want := range map[string]string{
		`'\x7b\x22a\x22:1}'`:             `{"a":1}`,
		`"it\'s \"x\" \\ \/ \n"`:         "it's \"x\" \\ / \n",
		`'\u00e9\ud83d\ude00 end' x`:     "é😀 end",
		`'\ud83d alone'`:                 "\ufffd alone",
		`'{\x22t\x22:\x22a\\\x22b\x22}'`: `{"t":"a\"b"}`,
	} {
		if got, ok := jsString(in); !ok || got != want {
			t.Errorf("jsString(%s) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{`'abc`, `'\x4'`, `'\u12`, `'\`} {
		if got, ok := jsString(bad); ok {
			t.Errorf("jsString(%s) = %q, want failure", bad, got)
		}
	}
}

// BenchmarkEmbeddedPage parses a YouTube page built from a fixture: the
// page scan for the markers, then one walk of the embedded document.
func BenchmarkEmbeddedPage(b *testing.B) {
	data := groundtruth.Read(b, "fixtures/youtube/browse_home_web_infeed_ad.json")
	// Real pages carry as much script and markup around the data again.
	filler := strings.Repeat(`<script nonce="n">var ytcfg={"d":"`+strings.Repeat("x", 200)+`"};</script><div class="style-scope"></div>`, len(data)/300)
	page := []byte("<!DOCTYPE html><html><head>" + filler + "</head><body><script>var ytInitialData = " + string(data) + ";</script></body></html>")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if f, err := Parse("https://www.youtube.com/", page); err != nil || len(f.Posts) != 37 {
			b.Fatalf("%d posts, %v", len(f.Posts), err)
		}
	}
}

func TestEmbeddedAnchors(t *testing.T) {
	for _, m := range []string{"var ytInitialData =", `<script id="SIGI_STATE" type="application/json">`, `window["ytInitialData"] =`} {
		found := false
		for _, list := range embeddedByAnchor {
			for _, e := range list {
				if e.text == m {
					found = true
					if commonness(m[e.anchor]) > 1 {
						t.Errorf("%q is anchored on the common byte %q", m, m[e.anchor])
					}
				}
			}
		}
		if !found {
			t.Errorf("marker %q not registered", m)
		}
	}
	// A marker at the very start of a page, and one whose anchor is its
	// first byte, are found too.
	if f, err := Parse("", []byte("<script>var ytInitialData="+string(ytHome(ytRich(ytVideo("v1", "a", ""))))+"</script>")); err != nil || len(f.Posts) != 1 {
		t.Errorf("%d posts, %v", len(f.Posts), err)
	}
}
