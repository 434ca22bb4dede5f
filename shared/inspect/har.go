package inspect

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/feedlens/feedlens/shared/feed"
	"github.com/tidwall/gjson"
)

// Capture is one feed response found in a HAR export.
type Capture struct {
	Entry int // index in log.entries
	URL   string
	Body  []byte
}

// IsHAR reports whether body looks like a HAR export (Chrome's and
// Firefox's "Save all as HAR").
func IsHAR(body []byte) bool {
	head := body[:min(len(body), 4096)]
	return bytes.Contains(head, []byte(`"log"`)) && gjson.GetBytes(body, "log.entries").IsArray()
}

// HAR returns the responses of known feed endpoints in a HAR export,
// decoding base64 bodies. A HAR without any is an error (ErrEmptyHAR), so
// that a user who exported the wrong tab hears about it.
func HAR(body []byte) ([]Capture, error) {
	if !gjson.ValidBytes(body) {
		return nil, fmt.Errorf("%w: HAR is not valid JSON (truncated?)", feed.ErrNotJSON)
	}
	entries := gjson.GetBytes(body, "log.entries")
	if !entries.IsArray() {
		return nil, fmt.Errorf("%w: no log.entries", ErrEmptyHAR)
	}
	var caps []Capture
	total := 0
	entries.ForEach(func(k, e gjson.Result) bool {
		total++
		url := e.Get("request.url").String()
		if _, _, ok := feed.Match(url); !ok {
			return true
		}
		content := e.Get("response.content")
		text := content.Get("text").String()
		if text == "" {
			return true
		}
		b := []byte(text)
		if strings.EqualFold(content.Get("encoding").String(), "base64") {
			dec, err := base64.StdEncoding.DecodeString(text)
			if err != nil {
				return true
			}
			b = dec
		}
		caps = append(caps, Capture{Entry: int(k.Num), URL: url, Body: b})
		return true
	})
	if len(caps) == 0 {
		return nil, fmt.Errorf("%w (%d entries, none from a known feed endpoint)", ErrEmptyHAR, total)
	}
	return caps, nil
}
