package feed

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"
)

// adapter reads the payloads of one platform.
type adapter struct {
	rules *rules
	// parse appends the posts of one document to b; root is the record
	// of the endpoint's Object found at one of its Roots.
	parse func(b *builder, ep *endpoint, root *rec)
}

// adapters lists every platform's adapter; detection without a URL tries
// their endpoints in this order.
var adapters []*adapter

// register links a platform's rules and adds its adapter; platform files
// call it from init, after their kinds are declared.
func register(r *rules, parse func(b *builder, ep *endpoint, root *rec)) {
	r.link()
	a := &adapter{rules: r, parse: parse}
	adapters = append(adapters, a)
	addEmbeddedMarkers(a)
}

// Errors Parse returns; wrapped with detail, test them with errors.Is.
var (
	ErrNotJSON         = errors.New("not valid JSON")
	ErrUnknownPlatform = errors.New("unknown platform")
	ErrUnknownEndpoint = errors.New("not a known feed endpoint")
	ErrEmpty           = errors.New("empty payload")
)

func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// Match tells which platform and endpoint a request URL belongs to.
// It is how a browser capture or a HAR decides which responses to keep.
// When several endpoints' patterns match (the payload's shape then
// decides, see Parse), the first in the rules is named.
func Match(rawURL string) (Platform, string, bool) {
	a, eps, err := matchURL(rawURL)
	if err != nil {
		return "", "", false
	}
	return a.rules.Platform, eps[0].Name, true
}

// matchURL returns the platform of a request URL and the endpoints whose
// URL pattern matches it, in rules order. A platform whose hosts are "*"
// (Mastodon: every server is a host) claims a URL only through its
// endpoints' patterns, after every platform with named hosts.
func matchURL(rawURL string) (*adapter, []*endpoint, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: bad URL %q", ErrUnknownPlatform, rawURL)
	}
	host := strings.ToLower(u.Hostname())
	for _, anyHost := range []bool{false, true} {
		for _, a := range adapters {
			if anyHost != slices.Contains(a.rules.Hosts, "*") || !anyHost && !hostIn(host, a.rules.Hosts) {
				continue
			}
			var eps []*endpoint
			for i := range a.rules.Endpoints {
				ep := &a.rules.Endpoints[i]
				if ep.url != nil && (ep.url.MatchString(u.EscapedPath()) || ep.url.MatchString(rawURL)) {
					eps = append(eps, ep)
				}
			}
			switch {
			case len(eps) > 0:
				return a, eps, nil
			case !anyHost:
				return a, nil, fmt.Errorf("%w: %s %s", ErrUnknownEndpoint, a.rules.Platform, u.Path)
			}
		}
	}
	return nil, nil, fmt.Errorf("%w: host %q", ErrUnknownPlatform, host)
}

func hostIn(host string, hosts []string) bool {
	for _, h := range hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// Parse reads one payload. url is the request URL if known; with "" the
// payload's shape decides the platform and endpoint. body may be one JSON
// document or several (NDJSON, as streamed responses send them),
// optionally behind an anti-hijacking prefix such as "for (;;);".
func Parse(rawURL string, body []byte) (Feed, error) {
	// The payload is read in place, without a copy; builder.add copies
	// the few strings a post keeps, so nothing refers to body afterwards.
	doc := trimPayload(unsafe.String(unsafe.SliceData(body), len(body)))
	if doc == "" {
		return Feed{}, ErrEmpty
	}
	var a *adapter
	var eps []*endpoint
	if rawURL != "" {
		// A known host with an unknown path still names the platform;
		// the payload's shape then picks the endpoint.
		var err error
		if a, eps, err = matchURL(rawURL); a == nil {
			return Feed{}, err
		}
	}
	// An HTML page carries its feed as embedded JSON documents; the first
	// one's shape stands for the page.
	var embedded []string
	shapeDoc := doc
	if isHTML(doc) {
		docs, err := embeddedDocs(doc, a)
		if err != nil {
			return Feed{}, err
		}
		a = docs[0].a
		for _, d := range docs {
			if d.a == a {
				embedded = append(embedded, d.json)
			}
		}
		w := walker{s: embedded[0]}
		if w.skip(); w.err != nil {
			return Feed{}, fmt.Errorf("%w: embedded document: %w", ErrNotJSON, w.err)
		}
		shapeDoc = embedded[0][:w.i]
	}
	var ep *endpoint
	if len(eps) > 0 {
		ep = pick(eps, shapeDoc)
	} else if a, ep = detect(a, shapeDoc); ep == nil {
		if err := validate(shapeDoc); err != nil {
			return Feed{}, err
		}
		if a != nil {
			return Feed{}, fmt.Errorf("%w: %s payload of unknown shape", ErrUnknownEndpoint, a.rules.Platform)
		}
		return Feed{}, fmt.Errorf("%w: no platform's payload has this shape", ErrUnknownPlatform)
	}
	b := &builder{feed: Feed{Platform: a.rules.Platform, Endpoint: ep.Name, Surface: ep.Surface, Posts: []Post{}}}
	roots, err := walkDocs(b, ep, doc, embedded)
	if err != nil {
		return Feed{}, err
	}
	found := 0
	for n, top := range roots {
		root := top.obj(0)
		if root == nil {
			b.unknown("document without " + strings.Join(ep.Roots, " or "))
			continue
		}
		found++
		switch {
		case len(embedded) > 1:
			top.base = "embedded" + strconv.Itoa(n+1)
		case len(roots) > 1:
			// Paths in an NDJSON stream are prefixed by the line.
			top.base = "line" + strconv.Itoa(n+1)
		}
		a.parse(b, ep, root)
	}
	if found == 0 {
		// One URL serves many queries (GraphQL): a response without the
		// feed's root is another query's, not a feed.
		return Feed{}, fmt.Errorf("%w: %s %s response without %s", ErrUnknownEndpoint, a.rules.Platform, ep.Name, strings.Join(ep.Roots, " or "))
	}
	return b.feed, nil
}

// walkDocs walks the JSON documents of a payload with the endpoint's
// trie: the documents embedded in a page, or else the one or more values
// (NDJSON) of doc.
func walkDocs(b *builder, ep *endpoint, doc string, embedded []string) ([]*rec, error) {
	var roots []*rec
	for n, e := range embedded {
		w := walker{s: e, recs: &b.recs}
		top := b.recs.new(ep.root, nil, -1, -1)
		if w.value(ep.root.root, top); w.err != nil {
			return nil, fmt.Errorf("%w: embedded document %d: %w", ErrNotJSON, n+1, w.err)
		}
		roots = append(roots, top)
	}
	if embedded != nil {
		return roots, nil
	}
	w := walker{s: doc, recs: &b.recs}
	for {
		top := b.recs.new(ep.root, nil, -1, -1)
		w.value(ep.root.root, top)
		if w.err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotJSON, w.err)
		}
		roots = append(roots, top)
		if w.ws(); w.i == len(w.s) {
			return roots, nil
		}
		if c := w.s[w.i]; c != '{' && c != '[' {
			w.fail(unexpected(w.s, w.i) + " after the JSON value")
			return nil, fmt.Errorf("%w: %w", ErrNotJSON, w.err)
		}
	}
}

// trimPayload strips a byte-order mark, whitespace and the prefixes
// platforms put before JSON to stop script inclusion.
func trimPayload(body string) string {
	body = strings.TrimSpace(strings.TrimPrefix(body, "\uFEFF"))
	for _, p := range []string{"for (;;);", ")]}'", "while(1);"} {
		body = strings.TrimSpace(strings.TrimPrefix(body, p))
	}
	return body
}

// validate checks that doc is one or more JSON values.
func validate(doc string) error {
	w := walker{s: doc}
	for w.ws(); w.i < len(w.s); w.ws() {
		if c := w.s[w.i]; c != '{' && c != '[' && w.i > 0 {
			w.fail(unexpected(w.s, w.i) + " after the JSON value")
		}
		w.skip()
		if w.err != nil {
			return fmt.Errorf("%w: %w", ErrNotJSON, w.err)
		}
	}
	return nil
}

// pick chooses among the endpoints a URL matches (one GraphQL URL serves
// every query): the first whose shape the document has, else the last,
// which the rules list as the most general.
func pick(eps []*endpoint, doc string) *endpoint {
	if len(eps) > 1 {
		d := newShapeDoc(doc)
		for _, ep := range eps[:len(eps)-1] {
			for _, shape := range ep.Shape {
				if hasShape(d, shape) {
					return ep
				}
			}
		}
	}
	return eps[len(eps)-1]
}

// detect finds the endpoint whose shape the document has, among the
// endpoints of only (when not nil) or of every platform. Only shapes
// whose first key is present at the top level are tried, so a large
// payload is not scanned once per known endpoint, and the tests skim
// rather than decode (see skim.go).
func detect(only *adapter, doc string) (*adapter, *endpoint) {
	d := newShapeDoc(doc)
	for _, a := range adapters {
		if only != nil && a != only {
			continue
		}
		for i := range a.rules.Endpoints {
			ep := &a.rules.Endpoints[i]
			for _, shape := range ep.Shape {
				// "@this" holds for any document: it can only choose
				// among endpoints a URL already named (see pick).
				if shape != "@this" && hasShape(d, shape) {
					return a, ep
				}
			}
		}
	}
	return only, nil
}

// hasShape tests one shape: a gjson path that must exist, or
// "path==value" for a path that must hold that string. Paths of plain
// keys and indexes are looked up by skimming; others (wildcards,
// queries) by gjson.
func hasShape(d *shapeDoc, shape string) bool {
	path, want, cmp := cutShape(shape)
	if path == "@this" {
		// The document itself: any payload an endpoint's URL names.
		return !cmp || gjson.Parse(d.s).String() == want
	}
	segs := splitPath(path)
	if !d.has(unescapeKey(segs[0])) {
		return false
	}
	var raw string
	if plain := !strings.ContainsAny(stripEscapes(path), "*?#@|!=<>%()"); plain {
		for i := range segs {
			segs[i] = unescapeKey(segs[i])
		}
		start := d.lookup(segs)
		if start < 0 {
			return false
		}
		if !cmp {
			return true
		}
		raw = d.s[start:skim(d.s, start)]
	} else {
		v := gjson.Get(d.s, path)
		if !v.Exists() {
			return false
		}
		raw = v.Raw
	}
	return !cmp || gjson.Parse(raw).String() == want
}

// cutShape splits "path==value" at the first "==" outside a gjson
// query's parentheses (a.#(kind==t3)==x compares a.#(kind==t3)).
func cutShape(shape string) (path, want string, cmp bool) {
	depth := 0
	for i := 0; i+1 < len(shape); i++ {
		switch shape[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '=':
			if depth == 0 && shape[i+1] == '=' {
				return shape[:i], shape[i+2:], true
			}
		}
	}
	return shape, "", false
}

// stripEscapes drops every escaped character of a gjson path, leaving
// only the characters that carry path syntax.
func stripEscapes(path string) string {
	if !strings.Contains(path, `\`) {
		return path
	}
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '\\' {
			i++
			continue
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

func firstKey(v gjson.Result) string {
	k := "?"
	v.ForEach(func(key, _ gjson.Result) bool { k = key.String(); return false })
	return k
}

// builder collects what one Parse call finds.
type builder struct {
	feed Feed
	recs recAlloc
	strs arena
}

func (b *builder) add(p Post) {
	p.Position = len(b.feed.Posts)
	p.own(&b.strs)
	b.feed.Posts = append(b.feed.Posts, p)
}

// own copies every string of p that may point into the payload, into a.
func (p *Post) own(a *arena) {
	c := a.clone
	p.ID, p.Text, p.Lang = c(p.ID), c(p.Text), c(p.Lang)
	au := &p.Author
	au.Handle, au.Name = c(au.Handle), c(au.Name)
	for _, list := range [][]string{p.Links, p.Domains, p.Hashtags, p.Hints} {
		for i := range list {
			list[i] = c(list[i])
		}
	}
	if p.Ad != nil {
		ad := *p.Ad
		ad.Advertiser, ad.AdvertiserHandle, ad.Disclosure, ad.AdID, ad.CampaignID = c(ad.Advertiser), c(ad.AdvertiserHandle), c(ad.Disclosure), c(ad.AdID), c(ad.CampaignID)
		p.Ad = &ad
	}
	for i := range p.Evidence {
		e := &p.Evidence[i]
		e.Decision, e.Path, e.Value = c(e.Decision), c(e.Path), c(e.Value)
	}
}

// arena holds the strings a Parse call copies out of the payload: one
// allocation per few kilobytes instead of one per string (a post keeps
// a dozen or more), which in WebAssembly is time in the allocator and
// the collector. Its bytes are only ever appended, never written again,
// so the strings handed out stay as they were; a string keeps its whole
// block alive, which is memory of the same Parse call.
type arena struct{ buf []byte }

// arenaBlock is the size of the arena's blocks: a few posts' strings.
const arenaBlock = 8 << 10

func (a *arena) clone(s string) string {
	if s == "" {
		return ""
	}
	if cap(a.buf)-len(a.buf) < len(s) {
		if len(s) > arenaBlock/4 {
			return strings.Clone(s) // a long text gets memory of its own
		}
		a.buf = make([]byte, 0, arenaBlock)
	}
	a.buf = append(a.buf, s...)
	return unsafe.String(&a.buf[len(a.buf)-len(s)], len(s))
}

// unknown counts an entry no rule understood, remembering its kind.
func (b *builder) unknown(kind string) {
	b.feed.Unknown++
	for _, k := range b.feed.UnknownKinds {
		if k == kind {
			return
		}
	}
	if len(b.feed.UnknownKinds) < 20 {
		b.feed.UnknownKinds = append(b.feed.UnknownKinds, kind)
	}
}

// shorten cuts s to at most n runes for evidence and messages.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

// evidence makes one Evidence.
func evidence(decision, path, value string) Evidence {
	return Evidence{Decision: decision, Path: path, Value: shorten(value, 80)}
}
