package feed

import (
	"slices"
	"strings"
	"testing"
)

func TestHTMLText(t *testing.T) {
	for _, c := range []struct {
		in, text string
		links    []string
	}{
		{`<p>Hello &amp; welcome</p><p>second<br>line<br/>third</p>`, "Hello & welcome\n\nsecond\nline\nthird", nil},
		{`<p>Was looking for an <a href="https://corteximplant.com/tags/rstats" class="mention hashtag" rel="nofollow noopener" target="_blank">#<span>rstats</span></a> package by <span class="h-card"><a href="https://fosstodon.org/@schochastics" class="u-url mention">@<span>schochastics</span></a></span></p>`,
			"Was looking for an #rstats package by @schochastics", nil},
		{`<p>Read <a href="https://example.com/a/very/long/path?x=1&amp;y=2" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very/lo</span><span class="invisible">ng/path?x=1&amp;y=2</span></a></p>`,
			"Read https://example.com/a/very/long/path?x=1&y=2", []string{"https://example.com/a/very/long/path?x=1&y=2"}},
		{`<p><a class="hashtag" rel="nofollow noopener" href="https://bsky.app/search?q=%23rstats" target="_blank">#rstats</a> x</p>`, "#rstats x", nil},
		{`<p><a href='https://a.example/x' rel=tag>tag</a> <a href=https://b.example/ title="a > b">b</a></p>`, "tag b", []string{"https://b.example/"}},
		{`1 &lt; 2 &#8212; &quot;quoted&quot; &#x1F600;<!-- a <b>comment</b> -->`, "1 < 2 — \"quoted\" 😀", nil},
		{`<ul><li>one</li><li>two</li></ul><blockquote><p>q</p></blockquote>end`, "one\ntwo\nq\n\nend", nil},
		{`plain text, no tags`, "plain text, no tags", nil},
		{`<p>a<br><br>b</p>`, "a\n\nb", nil},
		{`<p>broken <a href="x`, "broken", []string{"x"}},
		{``, "", nil},
	} {
		text, links := htmlText(c.in)
		if text != c.text || !slices.Equal(links, c.links) {
			t.Errorf("htmlText(%q)\n = %q %q\nwant %q %q", c.in, text, links, c.text, c.links)
		}
	}
}

func FuzzHTMLText(f *testing.F) {
	for _, s := range []string{`<p>a<br>b</p>`, `<a href="x" class="mention">@y</a>`, `<a href='`, `&amp;&#`, `<!-- x`, `<p a=b c d="e`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, links := htmlText(s)
		if len(links) > strings.Count(s, "<") || strings.Contains(text, "<br") && !strings.Contains(s, "&lt;") {
			t.Fatalf("htmlText(%q) = %q %q", s, text, links)
		}
	})
}
