package feed

import (
	"slices"
	"testing"
)

func TestHashtagsIn(t *testing.T) {
	for text, want := range map[string][]string{
		"🏟💡 Another night under the #OldTrafford lights.\n\n#MUFC #ManUtd #MUFC": {"OldTrafford", "MUFC", "ManUtd"},
		"#début du texte, #日本語 et #día_1":                                        {"début", "日本語", "día_1"},
		"C# and F#, &#39;quoted&#39;, a#b, #123 alone, # spaced":                 nil,
		"":      nil,
		"#":     nil,
		"end #": nil,
		"#x":    {"x"},
		"Go #golang, #Go_1 and#not #123 #golang #über!": {"golang", "Go_1", "über"},
	} {
		if got := hashtagsIn(text); !slices.Equal(got, want) {
			t.Errorf("hashtagsIn(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestUnshim(t *testing.T) {
	shims := []string{"l.facebook.com/l.php?u", "l.instagram.com/?u"}
	for in, want := range map[string]string{
		"https://l.facebook.com/l.php?u=https%3A%2F%2Fb2wgroup.com%2Fcourse%2F&h=AT2": "https://b2wgroup.com/course/",
		"https://L.Facebook.com/l.php?u=https%3A%2F%2Fexample.org":                    "https://example.org",
		"https://l.instagram.com/?u=https%3A%2F%2Fshop.example%2Fa&e=1":               "https://shop.example/a",
		"https://l.facebook.com/other.php?u=https%3A%2F%2Fexample.org":                "https://l.facebook.com/other.php?u=https%3A%2F%2Fexample.org",
		"https://l.facebook.com/l.php?h=only":                                         "https://l.facebook.com/l.php?h=only",
		"https://example.com/l.php?u=https%3A%2F%2Fevil.example":                      "https://example.com/l.php?u=https%3A%2F%2Fevil.example",
		"not a url %%": "not a url %%",
	} {
		if got := unshim(in, shims); got != want {
			t.Errorf("unshim(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAddOutsideLink(t *testing.T) {
	var p Post
	for _, l := range []string{"https://www.facebook.com/Page/videos/1/", "https://news.example.co.uk/a", "http://fb.me/", "mailto:x@y.z", "https://news.example.co.uk/a"} {
		p.addOutsideLink(l, []string{"facebook.com", "fb.me"})
	}
	if !slices.Equal(p.Links, []string{"https://news.example.co.uk/a"}) || !slices.Equal(p.Domains, []string{"example.co.uk"}) {
		t.Errorf("links %q domains %q", p.Links, p.Domains)
	}
}
