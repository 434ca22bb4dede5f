package feed

import (
	"net/netip"
	"net/url"
	"strings"

	"github.com/feedlens/feedlens/shared/feed/internal/publicsuffix"
)

// addLink records an expanded link and its registrable domain, once each.
func (p *Post) addLink(link string) {
	if link == "" || containsStr(p.Links, link) {
		return
	}
	p.Links = append(p.Links, link)
	if d := Domain(link); d != "" && !containsStr(p.Domains, d) {
		p.Domains = append(p.Domains, d)
	}
}

// setRef sets the post's Ref from what its rules' "ref" paths found: the
// last segment of a URI or URL's path (Bluesky's record key, Facebook's
// permalink id or pfbid), or a plain key as it is (Instagram's shortcode,
// Mastodon's local id). A Ref equal to the ID is left out.
func (p *Post) setRef(v string) {
	v, _, _ = strings.Cut(v, "?")
	v, _, _ = strings.Cut(v, "#")
	v = strings.TrimRight(v, "/")
	if i := strings.LastIndexByte(v, '/'); i >= 0 {
		v = v[i+1:]
	}
	if v != p.ID {
		p.Ref = v
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Domain returns the registrable domain of a web link: the part a person
// or company registers, e.g. "bbc.co.uk" for "https://www.bbc.co.uk/news".
// It returns "" for links that are not http(s), IP addresses and hosts
// without a public suffix.
func Domain(link string) string {
	link = strings.TrimSpace(link)
	if scheme, _, ok := strings.Cut(link, "://"); !ok || strings.ContainsAny(scheme, "./") {
		// A bare host such as "nytimes.com/2024/a.html", but not
		// "mailto:a@b.c".
		if head, _, _ := strings.Cut(link, "/"); !strings.Contains(head, ".") || strings.Contains(head, "@") {
			return ""
		}
		link = "https://" + link
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if !strings.Contains(host, ".") {
		return ""
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return ""
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return ""
	}
	return d
}

// firstNonEmpty returns the first of s that is not empty.
func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// joinText joins a title and a body (description, self text) into a
// post's text.
func joinText(title, description string) string {
	switch {
	case description == "":
		return title
	case title == "":
		return description
	}
	return title + "\n" + description
}
