package bridge

import (
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
	"github.com/feedlens/feedlens/shared/inspect"
)

// encodeFile writes f exactly as encode (encoding/json without HTML
// escaping) would, field for field, omitempty for omitempty. Reflection
// made encoding/json 12 % of an inspect call in WebAssembly; this is a
// few times faster. TestEncodeFileMatchesJSON holds the two together on
// every fixture, on odd strings and on a File with every field set, so a
// field added to inspect.File fails that test until it is written here.
// ok is false for a value encoding/json refuses (a NaN or infinite
// score), which the caller then reports as encoding/json does.
func encodeFile(f *inspect.File) (out string, ok bool) {
	e := jsonWriter{b: make([]byte, 0, 512+1024*len(f.Posts)), ok: true}
	e.str(`{"file":`, f.File)
	if f.URL != "" {
		e.str(`,"url":`, f.URL)
	}
	e.str(`,"platform":`, string(f.Platform))
	e.str(`,"endpoint":`, f.Endpoint)
	e.str(`,"surface":`, string(f.Surface))
	e.raw(`,"posts":`)
	if f.Posts == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i := range f.Posts {
			if i > 0 {
				e.raw(",")
			}
			e.post(&f.Posts[i])
		}
		e.raw("]")
	}
	e.int(`,"unknown":`, int64(f.Unknown))
	if len(f.UnknownKinds) > 0 {
		e.strs(`,"unknown_kinds":`, f.UnknownKinds)
	}
	e.raw("}")
	// The bytes are never written again: share them rather than copy a
	// result that can be megabytes (what strings.Builder does).
	return unsafe.String(unsafe.SliceData(e.b), len(e.b)), e.ok
}

// jsonWriter appends JSON to b; ok turns false on a value JSON cannot
// hold.
type jsonWriter struct {
	b  []byte
	ok bool
}

func (e *jsonWriter) raw(s string) { e.b = append(e.b, s...) }

// str writes a key (with its punctuation, as in `,"id":`) and a string.
func (e *jsonWriter) str(key, s string) {
	e.b = appendString(append(e.b, key...), s)
}

func (e *jsonWriter) int(key string, n int64) {
	e.b = strconv.AppendInt(append(e.b, key...), n, 10)
}

func (e *jsonWriter) bool(key string, v bool) {
	e.b = strconv.AppendBool(append(e.b, key...), v)
}

// float writes f as encoding/json does: like ES6's Number#toString, 'e'
// notation only for very small and very large values, exponents unpadded.
func (e *jsonWriter) float(key string, f float64) {
	e.b = append(e.b, key...)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.ok = false
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if n := len(e.b); format == 'e' && n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
		e.b[n-2] = e.b[n-1] // e-09 → e-9
		e.b = e.b[:n-1]
	}
}

// strs writes a list of strings; nil is null, as encoding/json has it.
func (e *jsonWriter) strs(key string, list []string) {
	e.b = append(e.b, key...)
	if list == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.b = append(e.b, '[')
	for i, s := range list {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = appendString(e.b, s)
	}
	e.b = append(e.b, ']')
}

func (e *jsonWriter) post(p *inspect.Post) {
	e.str(`{"platform":`, string(p.Platform))
	e.str(`,"id":`, p.ID)
	if p.Ref != "" {
		e.str(`,"ref":`, p.Ref)
	}
	e.int(`,"position":`, int64(p.Position))
	e.str(`,"reason":`, string(p.Reason))
	e.bool(`,"ad":`, p.Ad)
	if p.Advertiser != "" {
		e.str(`,"advertiser":`, p.Advertiser)
	}
	if a := p.AdInfo; a != nil {
		e.str(`,"ad_info":{"advertiser":`, a.Advertiser)
		if a.AdvertiserHandle != "" {
			e.str(`,"advertiser_handle":`, a.AdvertiserHandle)
		}
		if a.Disclosure != "" {
			e.str(`,"disclosure":`, a.Disclosure)
		}
		if a.AdID != "" {
			e.str(`,"ad_id":`, a.AdID)
		}
		if a.CampaignID != "" {
			e.str(`,"campaign_id":`, a.CampaignID)
		}
		e.raw("}")
	}
	if p.Branded {
		e.raw(`,"branded":true`)
	}
	e.str(`,"author":{"handle":`, p.Author.Handle)
	e.str(`,"name":`, p.Author.Name)
	e.int(`,"followers":`, p.Author.Followers)
	e.bool(`,"verified":`, p.Author.Verified)
	e.bool(`,"organization":`, p.Author.Organization)
	e.bool(`,"followed":`, p.Author.Followed)
	e.str(`},"text":`, p.Text)
	if p.Lang != "" {
		e.str(`,"lang":`, p.Lang)
	}
	if len(p.Links) > 0 {
		e.strs(`,"links":`, p.Links)
	}
	e.strs(`,"domains":`, p.Domains)
	if len(p.Hashtags) > 0 {
		e.strs(`,"hashtags":`, p.Hashtags)
	}
	if len(p.Hints) > 0 {
		e.strs(`,"hints":`, p.Hints)
	}
	e.str(`,"media":`, string(p.Media))
	if p.Created != "" {
		e.str(`,"created":`, p.Created)
	}
	e.int(`,"engagement":{"likes":`, p.Engagement.Likes)
	e.int(`,"reposts":`, p.Engagement.Reposts)
	e.int(`,"replies":`, p.Engagement.Replies)
	e.int(`,"views":`, p.Engagement.Views)
	e.evidence(`},"evidence":`, p.Evidence)
	e.labels(`,"labels":`, &p.Labels)
	e.raw("}")
}

func (e *jsonWriter) labels(key string, l *classify.Labels) {
	e.raw(key)
	e.str(`{"commercial":`, string(l.Commercial))
	e.str(`,"reason":`, string(l.Reason))
	e.str(`,"tier":`, string(l.Tier))
	e.bool(`,"verified":`, l.Verified)
	e.bool(`,"brand":`, l.Brand)
	e.str(`,"topic":`, string(l.Topic))
	e.float(`,"topic_score":`, l.TopicScore)
	e.raw(`,"tactics":`)
	if l.Tactics == nil {
		e.raw("null")
	} else {
		e.raw("[")
		for i, t := range l.Tactics {
			if i > 0 {
				e.raw(",")
			}
			e.str(`{"kind":`, string(t.Kind))
			e.str(`,"span":`, t.Span)
			e.raw("}")
		}
		e.raw("]")
	}
	e.float(`,"clickbait":`, l.Clickbait)
	if p := l.Political; p != nil {
		e.str(`,"political":{"party":`, p.Party)
		e.str(`,"role":`, p.Role)
		e.raw("}")
	}
	if l.Leaning != nil {
		e.float(`,"leaning":`, *l.Leaning)
	}
	e.evidence(`,"evidence":`, l.Evidence)
	e.raw("}")
}

func (e *jsonWriter) evidence(key string, ev []feed.Evidence) {
	e.raw(key)
	if ev == nil {
		e.raw("null")
		return
	}
	e.raw("[")
	for i := range ev {
		if i > 0 {
			e.raw(",")
		}
		e.str(`{"decision":`, ev[i].Decision)
		e.str(`,"path":`, ev[i].Path)
		e.str(`,"value":`, ev[i].Value)
		e.raw("}")
	}
	e.raw("]")
}

// appendString appends s as a JSON string the way encoding/json writes
// it without HTML escaping: \b \f \n \r \t and \u00XX for the other
// control characters, \ufffd for each byte of invalid UTF-8, and U+2028
// and U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Most text needs no escaping: pass it eight bytes at a time.
		for i+8 <= len(s) && plain8(load64(s, i)) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

const hexDigits = "0123456789abcdef"

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// plain8 reports whether eight bytes are all printable ASCII other than
// a quote or a backslash, the bytes appendString copies as they are:
// none is below 0x20 (the "has a byte less than n" test of Hacker's
// Delight), none equals '"' or '\\' (the "has a zero byte" test on x
// xor the byte), none has the high bit set. WebAssembly in Go has no
// vector instructions; one 64-bit word at a time is what it has.
func plain8(x uint64) bool {
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return (x|(x-ones*0x20)&^x|(q-ones)&^q|(b-ones)&^b)&high == 0
}

// load64 reads the eight bytes of s at i (i+8 <= len(s)) in one
// unaligned little-endian load.
func load64(s string, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
}
