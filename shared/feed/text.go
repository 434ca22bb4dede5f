package feed

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// hashtagsIn returns the hashtags of a text, without "#", once each, for
// platforms that send captions as plain text rather than with entities.
// A tag starts at a "#" that does not follow a letter, digit or "&" (so
// "C#" and "&#39;" are not tags) and runs over letters, marks, digits
// and "_".
func hashtagsIn(text string) []string {
	var tags []string
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '#')
		if j < 0 {
			break
		}
		at := i + j
		i = at + 1
		if prev, _ := utf8.DecodeLastRuneInString(text[:at]); at > 0 && (isTagRune(prev) || prev == '&') {
			continue
		}
		end := i
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !isTagRune(r) {
				break
			}
			end += n
		}
		if tag := text[i:end]; tag != "" && !isDigits(tag) && !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
		i = end
	}
	return tags
}

func isTagRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isDigits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

// unshim returns the destination of a platform's outbound-link redirect
// ("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com" →
// "https://example.com"), or link itself when it is not one. Each shim is
// written "host/path?parameter", e.g. "l.facebook.com/l.php?u".
func unshim(link string, shims []string) string {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" {
		return link
	}
	for _, s := range shims {
		where, param, _ := strings.Cut(s, "?")
		host, path, _ := strings.Cut(where, "/")
		if !strings.EqualFold(u.Hostname(), host) || strings.Trim(u.Path, "/") != strings.Trim(path, "/") {
			continue
		}
		if dest := u.Query().Get(param); dest != "" {
			return dest
		}
	}
	return link
}

// addOutsideLink records a link unless it stays on the platform (its
// registrable domain is one of own): a post's link to its own photo or to
// a profile says nothing about the outlets a feed leads to.
func (p *Post) addOutsideLink(link string, own []string) {
	if d := Domain(link); d == "" || slices.Contains(own, d) {
		return
	}
	p.addLink(link)
}
