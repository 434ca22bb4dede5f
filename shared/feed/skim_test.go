package feed

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

var skimPaths = []string{"a", "a.b", "a.1", "a.b.c", `k\.2`, "0", "0.a", "1", "x.0.y", "data.viewer", "path.1", `a"b`, "é"}

var skimDocs = []string{
	`{"a":{"b":{"c":1}},"k.2":2}`, `{"a":[1,{"x":"]}"},3]}`, `[{"a":1},{"a":"\"}"}]`, `{"x":[{"y":null}]}`,
	`{"label":"L$stream$x","path":["viewer","news_feed","edges",3],"data":{"viewer":{}}}`,
	`{"a\"b":1,"\u00e9":2,"a":"\\"}`, ` { "a" : [ 1 , { "b" : { "c" : [] } } ] } `, `{"a":{"b":"c"},"a":{"b":{"c":2}}}`,
	`{}`, `[]`, `"s"`, `12`, `{"a":tru`, `"[0"`, `{"a":"unterminated`, `[1,2`, `{"a":{"b":`,
}

func TestSkimAgreesWithGJSON(t *testing.T) {
	for _, doc := range append(skimDocs, walkerSeeds...) {
		checkSkim(t, doc)
	}
}

func checkSkim(t *testing.T, doc string) {
	t.Helper()
	if !json.Valid([]byte(doc)) {
		// Only the absence of panics matters on broken input.
		skim(doc, 0)
		d := newShapeDoc(doc)
		for _, p := range skimPaths {
			d.has(p)
			d.lookup(splitUnescaped(p))
		}
		return
	}
	first := gjson.Parse(doc)
	if end := skim(doc, 0); strings.TrimSpace(doc[:end]) != strings.TrimSpace(first.Raw) {
		t.Errorf("skim(%q) stops at %d: %q, gjson %q", doc, end, doc[:end], first.Raw)
	}
	var want []string
	switch {
	case first.IsArray():
		want = []string{"0"}
	case first.IsObject():
		first.ForEach(func(k, _ gjson.Result) bool { want = append(want, k.Str); return true })
	}
	d := newShapeDoc(doc)
	for _, k := range append(want, "absent") {
		if d.has(k) != (k != "absent") {
			t.Errorf("shapeDoc(%q).has(%q) = %v", doc, k, d.has(k))
		}
	}
	if !first.IsObject() && !first.IsArray() {
		// gjson looks into scalars for brackets ("[0" has an index 0).
		return
	}
	for _, p := range skimPaths {
		v := first.Get(p)
		at := d.lookup(splitUnescaped(p))
		if (at >= 0) != v.Exists() {
			t.Errorf("lookup(%q, %q) = %d, gjson exists %v", doc, p, at, v.Exists())
		} else if at >= 0 && doc[at:skim(doc, at)] != v.Raw {
			t.Errorf("lookup(%q, %q) finds %q, gjson %q", doc, p, doc[at:skim(doc, at)], v.Raw)
		}
	}
}

func splitUnescaped(path string) []string {
	segs := splitPath(path)
	for i := range segs {
		segs[i] = unescapeKey(segs[i])
	}
	return segs
}

func TestSkimNDJSON(t *testing.T) {
	doc := `{"data":{"viewer":{"news_feed":{"edges":[]}}}}` + "\n" + `{"x":1}`
	if end := skim(doc, 0); doc[end] != '\n' {
		t.Errorf("skim runs past the first document: %d", end)
	}
	if d := newShapeDoc(doc); !d.has("data") || d.has("x") || d.lookup([]string{"x"}) >= 0 || d.lookup([]string{"data", "viewer", "news_feed"}) < 0 {
		t.Errorf("shapes read the first document only")
	}
}

func TestHasShape(t *testing.T) {
	doc := `{"label":"x","path":["viewer","news_feed"],"data":{"*elements":["u"],"items":[{"kind":"t3"}]}}`
	d := newShapeDoc(doc)
	for shape, want := range map[string]bool{
		"path.1==news_feed":      true,
		"path.1==edges":          false,
		`data.\*elements`:        true,
		"data.items.0.kind==t3":  true,
		"data.items.#.kind":      true, // gjson syntax falls back to gjson
		"data.items.#(kind==t4)": false,
		"data.missing":           false,
		"nothing.at.all":         false,
		"label==x":               true,
	} {
		if got := hasShape(d, shape); got != want {
			t.Errorf("hasShape(%q) = %v, want %v", shape, got, want)
		}
	}
}

func FuzzSkim(f *testing.F) {
	for _, d := range append(skimDocs, walkerSeeds...) {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, doc string) { checkSkim(t, doc) })
}
