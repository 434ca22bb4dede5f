package feed

import (
	"html"
	"strings"
)

// htmlText turns the small, sanitised HTML of a post (Mastodon's
// content: paragraphs, line breaks, links, spans) into plain text with
// its line breaks, and returns the links it points to. Links marked as
// mentions or hashtags (class "mention" or "hashtag", rel "tag") are
// not links to the web, so they are left out. Tags are stripped, their
// text kept (Mastodon hides a long URL's ends in invisible spans: joined,
// they give the whole URL), entities decoded.
func htmlText(s string) (string, []string) {
	var b strings.Builder
	var links []string
	// breaks ends the text with at least n line breaks, without adding to
	// those a previous block already ended with.
	breaks := func(n int) {
		have := len(b.String()) - len(strings.TrimRight(b.String(), "\n"))
		for ; b.Len() > 0 && have < n; have++ {
			b.WriteByte('\n')
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
			continue
		}
		end := tagEnd(s, i)
		if strings.HasPrefix(s[i:], "<!--") {
			if k := strings.Index(s[i:], "-->"); k >= 0 {
				end = i + k + 3
			}
		}
		name, attrs, closing := parseTag(s[i+1 : end-1])
		switch {
		case name == "br":
			b.WriteString("\n")
		case closing && (name == "p" || name == "blockquote" || name == "pre" || len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'):
			breaks(2)
		case closing && name == "li":
			breaks(1)
		case !closing && name == "a":
			var href, class, rel string
			eachAttr(attrs, func(k, v string) {
				switch k {
				case "href":
					href = v
				case "class":
					class = " " + v + " "
				case "rel":
					rel = " " + v + " "
				}
			})
			if href != "" && !strings.Contains(class, " mention ") && !strings.Contains(class, " hashtag ") && !strings.Contains(rel, " tag ") {
				links = append(links, html.UnescapeString(href))
			}
		}
		i = end
	}
	text := html.UnescapeString(b.String())
	// Paragraph breaks at the end, or spaces around breaks, mean nothing.
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), links
}

// tagEnd returns the index after the '>' closing the tag at s[i], skipping
// quoted attribute values.
func tagEnd(s string, i int) int {
	var quote byte
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		}
	}
	return len(s) + 1
}

// parseTag splits a tag's inside ("a href=\"x\" class=y", "/p", "br/")
// into its lower-case name and the text of its attributes.
func parseTag(t string) (name, attrs string, closing bool) {
	t = strings.TrimSuffix(strings.TrimSpace(t), "/")
	if closing = strings.HasPrefix(t, "/"); closing {
		t = t[1:]
	}
	n := strings.IndexAny(t, " \t\n\r")
	if n < 0 {
		return strings.ToLower(t), "", closing
	}
	return strings.ToLower(t[:n]), t[n:], closing
}

// eachAttr calls f with each attribute's lower-case name and value.
func eachAttr(t string, f func(key, val string)) {
	for {
		t = strings.TrimLeft(t, " \t\n\r")
		if t == "" {
			return
		}
		k := strings.IndexAny(t, "= \t\n\r")
		if k < 0 {
			f(strings.ToLower(t), "")
			return
		}
		key := strings.ToLower(t[:k])
		t = strings.TrimLeft(t[k:], " \t\n\r")
		if !strings.HasPrefix(t, "=") {
			f(key, "")
			continue
		}
		t = strings.TrimLeft(t[1:], " \t\n\r")
		var val string
		switch {
		case t != "" && (t[0] == '"' || t[0] == '\''):
			if e := strings.IndexByte(t[1:], t[0]); e >= 0 {
				val, t = t[1:1+e], t[2+e:]
			} else {
				val, t = t[1:], ""
			}
		default:
			e := strings.IndexAny(t, " \t\n\r")
			if e < 0 {
				e = len(t)
			}
			val, t = t[:e], t[e:]
		}
		f(key, val)
	}
}
