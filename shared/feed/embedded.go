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

// embeddedMarker is one platform's text before an embedded document,
// found by its anchor: its least common byte, at offset anchor.
type embeddedMarker struct {
	text   string
	anchor int
	a      *adapter
}

// embeddedByAnchor lists the markers by their anchor byte; isAnchor says
// which bytes are one. The page scan stops only at those, so most of a
// page is passed over by a tight loop.
var (
	embeddedByAnchor [256][]embeddedMarker
	isAnchor         [256]bool
)

func addEmbeddedMarkers(a *adapter) {
	for _, m := range a.rules.Embedded {
		if m == "" {
			panic(fmt.Sprintf("feed: rules/%s.json: empty embedded marker", a.rules.Platform))
		}
		at := 0
		for i := range len(m) {
			if commonness(m[i]) < commonness(m[at]) {
				at = i
			}
		}
		embeddedByAnchor[m[at]] = append(embeddedByAnchor[m[at]], embeddedMarker{m, at, a})
		isAnchor[m[at]] = true
	}
}

// commonness ranks how often a byte occurs in HTML and JavaScript: lower
// case letters, spaces and markup most, then digits, upper case letters,
// and least the other punctuation and non-ASCII bytes.
func commonness(c byte) int {
	switch {
	case 'a' <= c && c <= 'z', strings.IndexByte(" \t\n<>=/\"'.,:;{}()-", c) >= 0:
		return 3
	case '0' <= c && c <= '9':
		return 2
	case 'A' <= c && c <= 'Z':
		return 1
	}
	return 0
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
		for i < len(page) && !isAnchor[page[i]] {
			i++
		}
		if i == len(page) {
			break
		}
		for _, m := range embeddedByAnchor[page[i]] {
			at := i - m.anchor
			if only != nil && m.a != only || at < 0 || !strings.HasPrefix(page[at:], m.text) {
				continue
			}
			start := at + len(m.text)
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
