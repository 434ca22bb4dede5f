package feed

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/feedlens/feedlens/shared/groundtruth"
)

// validOne reports whether s is exactly one JSON value, by the walker.
func validOne(s string) bool {
	w := walker{s: s}
	w.skip()
	w.ws()
	return w.err == nil && w.i == len(s)
}

func TestWalkerValidatesLikeEncodingJSON(t *testing.T) {
	for _, s := range walkerSeeds {
		if got, want := validOne(s), json.Valid([]byte(s)); got != want {
			t.Errorf("%q: walker %v, encoding/json %v", s, got, want)
		}
	}
}

var walkerSeeds = []string{
	`{}`, `[]`, `{"a":1}`, `{"a":[1,2,{"b":null}]}`, `"x"`, `0`, `-0.5e+10`, `1E3`, `true`, `null`,
	`{"a":"\u00e9\n\"\\\/"}`, ` { "a" : [ ] } `, `[1,]`, `{"a":1,}`, `{"a"}`, `{a:1}`, `[01]`, `[1.]`,
	`[.5]`, `[1e]`, `["\x"]`, `["\u12"]`, "[\"\x01\"]", `[tru]`, `[nul]`, `{"a":1 "b":2}`, `[1 2]`,
	`{`, `[`, `"abc`, `{"a":`, `[1,[2,[3]]]`, `-`, `--1`, `+1`, `[1}`, `{"a":1]`, `{}}`, `[]]`,
	`{"a":{"b":{"c":{}}}}`, `"\ud83d\ude00"`, `[-0]`, `[-01]`, `[1e-0]`,
}

func FuzzWalkerValidates(f *testing.F) {
	for _, s := range walkerSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validOne(s), json.Valid([]byte(s)); got != want {
			t.Fatalf("%q: walker %v, encoding/json %v", s, got, want)
		}
	})
}

// testRules builds a small rules table with "*", "**" and "all" fields.
func testRules(t *testing.T) *rules {
	t.Helper()
	r := &rules{Platform: "test", Objects: map[string]map[string]fieldSpec{}}
	if err := json.Unmarshal([]byte(`{
		"page":   {"byID": {"each": "item", "paths": ["index.*"]},
		           "tiles": {"all": "item", "paths": ["**.video", "**.ad"]},
		           "first": ["none.0.name", "pair.1.name"],
		           "names": {"each": "item", "paths": ["list"]}},
		"item":   {"name": ["name", "title.text"], "n": ["count"], "on": ["flag"]}
	}`), &r.Objects); err != nil {
		t.Fatal(err)
	}
	r.kind("page", []string{"byID", "tiles", "first", "names"})
	r.kind("item", []string{"name", "n", "on"})
	r.Endpoints = []endpoint{{Name: "page", Object: "page", Roots: []string{"@this"}}}
	r.link()
	return r
}

func walkTest(t *testing.T, r *rules, doc string) *rec {
	t.Helper()
	var a recAlloc
	w := walker{s: doc, recs: &a}
	ep := &r.Endpoints[0]
	top := a.new(ep.root, nil, -1, -1)
	w.value(ep.root.root, top)
	if w.err != nil {
		t.Fatalf("walk: %v", w.err)
	}
	return top.obj(0)
}

func TestWalkerFields(t *testing.T) {
	r := testRules(t)
	page := walkTest(t, r, `{
		"index": {"k1": {"name": "one", "count": "12"}, "k.2": {"title": {"text": "two"}, "count": 3}},
		"feed": [{"wrap": {"video": {"name": "v1"}}}, {"ad": {"name": "a1", "video": {"name": "inner"}}}, {"deep": [[{"video": {"name": "v2"}}]]}],
		"list": [{"name": "l0"}, {"name": "l1", "flag": true}],
		"pair": [{"name": "p0"}, {"name": "p1"}],
		"video": {"name": "top"}
	}`)
	names := func(recs []*rec) (out []string) {
		for _, x := range recs {
			out = append(out, x.str(0))
		}
		return out
	}
	if got := names(page.each(0)); !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf(`"index.*" records: %q`, got)
	}
	if got := names(page.each(1)); !slices.Equal(got, []string{"v1", "a1", "v2", "top"}) {
		t.Errorf(`"**" records in payload order, an ad's inner video not counted twice: %q`, got)
	}
	if page.str(2) != "p1" || page.which(2) != "pair.1.name" || page.which(0) != "index.*" {
		t.Errorf("first alternative that exists: %q via %q", page.str(2), page.which(2))
	}
	list := page.each(3)
	if len(list) != 2 || list[1].num(1) != -1 || !list[1].flag(2) || list[0].flag(2) {
		t.Errorf("each list: %d records", len(list))
	}
	if !list[1].set(2) || list[0].set(2) || list[0].has(2) {
		t.Errorf("set: a field absent from the record is not set")
	}
	nulls := walkTest(t, r, `{"none": [{"name": null}], "pair": [{}, {"name": "p1"}], "list": [{"name": null, "flag": null}]}`)
	if item := nulls.each(3)[0]; !item.has(0) || item.set(0) || item.set(2) {
		t.Errorf("set: null is present (has) but not set")
	}
	if nulls.one(3) == nil || nulls.one(0) != nil || page.one(3) != list[0] {
		t.Errorf("one: the first record of an each field, nil when there is none")
	}
	if !nulls.set(2) || nulls.str(2) != "" {
		t.Errorf("set: a later alternative holding a value makes the field set, though the first (null) one wins for str: %q", nulls.str(2))
	}
	if n := page.each(0)[0].num(1); n != 12 {
		t.Errorf("a count sent as a string: %d", n)
	}
	// Records found through "*" and "**" know their real paths.
	wantPaths := []string{"index.k1", `index.k\.2`}
	for i, x := range page.each(0) {
		if x.path() != wantPaths[i] {
			t.Errorf("path %q, want %q", x.path(), wantPaths[i])
		}
	}
	wantPaths = []string{"feed.0.wrap.video", "feed.1.ad", "feed.2.deep.0.0.video", "video"}
	for i, x := range page.each(1) {
		if x.path() != wantPaths[i] {
			t.Errorf("path %q, want %q", x.path(), wantPaths[i])
		}
	}
	if p := list[1].pathOf(2); p != "list.1.flag" {
		t.Errorf("pathOf = %q", p)
	}
	if p := page.each(0)[1].pathOf(0); p != `index.k\.2.title.text` {
		t.Errorf("pathOf through a wildcard = %q", p)
	}
}

func TestWalkerRulesErrors(t *testing.T) {
	mustPanic := func(name, objects string, kinds map[string][]string) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", name)
			}
		}()
		r := &rules{Platform: "test"}
		if err := json.Unmarshal([]byte(objects), &r.Objects); err != nil {
			t.Fatal(err)
		}
		for k, f := range kinds {
			r.kind(k, f)
		}
		r.link()
	}
	mustPanic("missing field", `{"a": {"x": ["x"]}}`, map[string][]string{"a": {"y"}})
	mustPanic("missing object", `{}`, map[string][]string{"a": {"y"}})
	mustPanic("undeclared kind", `{"a": {"x": {"object": "b", "paths": ["x"]}}}`, map[string][]string{"a": {"x"}})
	mustPanic("path used twice", `{"a": {"x": ["p"], "y": ["p"]}}`, map[string][]string{"a": {"x", "y"}})
}

func TestSplitPath(t *testing.T) {
	if got := splitPath(`a.b\.c.0`); !slices.Equal(got, []string{"a", `b\.c`, "0"}) {
		t.Errorf("splitPath: %q", got)
	}
	if got := escapeKey("$type"); got != "$type" {
		t.Errorf("escapeKey($type) = %q", got)
	}
	if got := escapeKey("a.b*"); got != `a\.b\*` {
		t.Errorf("escapeKey = %q", got)
	}
	for c := 0; c < 256; c++ {
		key := string([]byte{'k', byte(c)})
		want := key
		if strings.IndexByte(`.*?\|#@!=<>%`, byte(c)) >= 0 {
			want = `k\` + string([]byte{byte(c)})
		}
		if got := escapeKey(key); got != want {
			t.Errorf("escapeKey(%q) = %q, want %q", key, got, want)
		}
	}
	if !strings.Contains(shorten(strings.Repeat("é", 100), 10), "…") {
		t.Error("shorten does not mark a cut")
	}
}

func TestKeyFilter(t *testing.T) {
	var f keyFilter
	keys := []string{"", "a", "id", "data", "children", "url_overridden_by_dest", "é"}
	for _, k := range keys {
		f.add(k)
	}
	for _, k := range keys {
		if !f.has(k) {
			t.Errorf("filter lost %q", k)
		}
	}
	// A filter is only a shortcut: it may let a key through, never turn
	// a kid away, and an empty one turns everything away.
	var empty keyFilter
	if empty.has("id") {
		t.Error("an empty filter passes keys")
	}
}

// TestWhitespace holds ws, which passes spaces a word at a time, to a
// byte loop: every string of up to 11 spaces, newlines and tabs mixed
// with other bytes (so that words hold every mix), from a few offsets.
func TestWhitespace(t *testing.T) {
	const alphabet = " \n\tx"
	buf := make([]byte, 0, 16)
	var gen func(n int)
	gen = func(n int) {
		for off := 0; off < 3 && off <= len(buf); off++ {
			s := string(buf)
			want := off
			for want < len(s) && space[s[want]] {
				want++
			}
			w := walker{s: s, i: off}
			if w.ws(); w.i != want {
				t.Fatalf("ws(%q from %d) stopped at %d, want %d", s, off, w.i, want)
			}
		}
		if n == 0 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			buf = append(buf, alphabet[i])
			gen(n - 1)
			buf = buf[:len(buf)-1]
		}
	}
	gen(11)
}

// BenchmarkSkip is the walker's inner loop alone: validating whole
// fixtures (skipping every value). Run it in WebAssembly too, where the
// loop is what counts: GOOS=js GOARCH=wasm go test -bench Skip, with
// $(go env GOROOT)/lib/wasm on PATH.
func BenchmarkSkip(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(groundtruth.Path(b, "fixtures"), "*", "*.json"))
	var docs []string
	size := 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, string(body))
		size += len(body)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, d := range docs {
			if err := validate(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestArenaCopies: what the arena hands out is a copy (the payload's
// bytes may change afterwards), and stays intact while later strings,
// short and long, fill and replace its blocks.
func TestArenaCopies(t *testing.T) {
	var a arena
	var got, want []string
	for i := 0; i < 3000; i++ {
		n := (i * 37) % (arenaBlock / 2) // empty, short, and past arenaBlock/4
		src := []byte(strings.Repeat(string(rune('a'+i%26)), n))
		want = append(want, string(src))
		// src seen as a string without a copy, as Parse sees the body
		got = append(got, a.clone(unsafe.String(unsafe.SliceData(src), len(src))))
		for j := range src {
			src[j] = 'X'
		}
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d: got %.20q…, want %.20q…", i, got[i], want[i])
		}
	}
}

// TestStopAt holds stopAt to a byte loop: every byte value at every
// position of a word and of the tail after it, beside every other byte
// value the fast path passes, from two offsets.
func TestStopAt(t *testing.T) {
	for b := 0; b < 256; b++ {
		for other := 0; other < 256; other++ {
			if strStop[other] {
				continue
			}
			for n := 1; n <= 19; n++ {
				for pos := 0; pos < n; pos++ {
					buf := []byte(strings.Repeat(string([]byte{byte(other)}), n))
					buf[pos] = byte(b)
					for off := 0; off < 2 && off <= pos; off++ {
						want := off
						for want < n && !strStop[buf[want]] {
							want++
						}
						if got := stopAt(string(buf), off); got != want {
							t.Fatalf("byte %#x at %d of %d among %#x, from %d: stopAt %d, want %d", b, pos, n, other, off, got, want)
						}
					}
				}
			}
		}
	}
}
