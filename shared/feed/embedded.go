package feed

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A page a user saves, or the document a HAR holds, carries the first
// screen of a feed as JSON inside the HTML: YouTube's
// `var ytInitialData = {...};`, TikTok's
// `<script id="SIGI_STATE" type="application/json">{...}</script>`. Each
// platform's rules list the literal text that comes right before such a
// document ("embedded"); the page is scanned once for all of them, and
// each document is then walked where it stands, without a copy (except
// when the page writes it as a JavaScript string, which is decoded).

// ErrNoEmbedded is returned (with ErrNotJSON) for an HTML page that
// carries no feed data.
var ErrNoEmbedded = errors.New("HTML page without embedded feed data")

// embeddedMarker is one platform's text before an embedded document.
type embeddedMarker struct {
	text string
	a    *adapter
}

// embeddedByFirst lists the markers by their first byte, so that the scan
// compares only where a marker can start.
var embeddedByFirst [256][]embeddedMarker

func addEmbeddedMarkers(a *adapter) {
	for _, m := range a.rules.Embedded {
		if m == "" {
			panic(fmt.Sprintf("feed: rules/%s.json: empty embedded marker", a.rules.Platform))
		}
		embeddedByFirst[m[0]] = append(embeddedByFirst[m[0]], embeddedMarker{m, a})
	}
}

// embeddedDoc is one JSON document found in a page: it starts json, which
// runs on to the end of the page (the walker reads one value from it).
type embeddedDoc struct {
	a    *adapter
	json string
}

// isHTML reports whether a payload is a page rather than JSON.
func isHTML(doc string) bool { return doc != "" && doc[0] == '<' }

// embeddedDocs returns the documents of page in page order, those of only
// when it is not nil. A document written as a JavaScript string literal
// ('{\x22a\x22:1}') is decoded; one that cannot be is reported.
func embeddedDocs(page string, only *adapter) ([]embeddedDoc, error) {
	var docs []embeddedDoc
	for i := 0; i < len(page); i++ {
		for _, m := range embeddedByFirst[page[i]] {
			if only != nil && m.a != only || !strings.HasPrefix(page[i:], m.text) {
				continue
			}
			start := i + len(m.text)
			for start < len(page) && space[page[start]] {
				start++
			}
			json := page[start:]
			if json != "" && (json[0] == '\'' || json[0] == '"') {
				var ok bool
				if json, ok = jsString(json); !ok {
					return nil, fmt.Errorf("%w: byte %d: a JavaScript string that does not end", ErrNotJSON, start)
				}
			}
			docs = append(docs, embeddedDoc{m.a, json})
			i = start - 1
			break
		}
	}
	if len(docs) == 0 {
		// The page is not JSON either: say both.
		return nil, fmt.Errorf("%w: byte 0: %w", ErrNotJSON, ErrNoEmbedded)
	}
	return docs, nil
}

// jsString decodes the JavaScript string literal at the start of s.
func jsString(s string) (string, bool) {
	quote := s[0]
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == quote:
			return b.String(), true
		case c != '\\':
			b.WriteByte(c)
			i++
			continue
		case i+1 >= len(s):
			return "", false
		}
		e := s[i+1]
		i += 2
		switch e {
		case 'x', 'u':
			n := 2
			if e == 'u' {
				n = 4
			}
			if i+n > len(s) {
				return "", false
			}
			v, err := strconv.ParseUint(s[i:i+n], 16, 32)
			if err != nil {
				return "", false
			}
			i += n
			r := rune(v)
			// An emoji is written as two \u escapes, a surrogate pair.
			if utf16.IsSurrogate(r) && i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
				if lo, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
					if pair := utf16.DecodeRune(r, rune(lo)); pair != utf8.RuneError {
						r = pair
						i += 6
					}
				}
			}
			b.WriteRune(r)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case '0':
			b.WriteByte(0)
		default:
			// \' \" \\ \/ and any other escaped character stand for
			// themselves.
			r, n := utf8.DecodeRuneInString(s[i-1:])
			b.WriteRune(r)
			i += n - 1
		}
	}
	return "", false
}
