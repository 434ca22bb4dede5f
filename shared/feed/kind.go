package feed

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// A kind is one sort of object in a platform's payloads ("tweet", "user",
// "entry"), as its rules table describes it: named fields, each with one
// or more alternative gjson paths (for the payload versions seen in the
// wild; the first that exists wins). A field may itself be a record of
// another kind ("object") or an array of them ("each"), which is how the
// rules describe nesting without the code walking paths itself.
type kind struct {
	name   string
	fields []kindField // in the order the adapter declared
	root   *node       // the trie the walker follows inside such an object
	slots  int
	paths  []string // per slot: its gjson path, for evidence
	// subOf maps a slot to its list of records in rec.subs, or -1 for a
	// slot holding a plain value: most slots do, and a record keeps a
	// list only for the others.
	subOf []int
	nsubs int
}

type kindField struct {
	name string
	alts []int // slots of its alternative paths, by priority
}

// node is one step of a kind's trie.
type node struct {
	key   string // the object key this node matches (unescaped)
	index int    // the array index this node matches, or -1
	slot  int    // where the value found here goes, or -1
	kids  []*node
	any   *node // the "*" step: any key or element no kid names
	deep  *node // the "**" step: its kids match at any depth below
	kind  *kind // set when the value is a record (or a list of them)
	each  bool  // the value is an array of records
	all   bool  // like each, merged with the other paths of the field
	// keys holds a hash of every key kid: most keys of a large object
	// (a Reddit post has a hundred) name no kid, and the filter turns them
	// away without comparing strings.
	keys keyFilter
}

// keyFilter is a 256-bit set of key hashes (length, first and last byte).
type keyFilter [4]uint64

func keyHash(k string) uint8 {
	if k == "" {
		return 0
	}
	return uint8(len(k))*31 + k[0]*7 + k[len(k)-1]
}

func (f *keyFilter) add(k string) { h := keyHash(k); f[h>>6] |= 1 << (h & 63) }

func (f *keyFilter) has(k string) bool { h := keyHash(k); return f[h>>6]&(1<<(h&63)) != 0 }

// named returns the kid matching an object key (index < 0) or an array
// index.
func (n *node) named(key string, index int) *node {
	if index < 0 && key != "" {
		// n.keys.has(key), written out: the walker asks this of every
		// key on its path, and the core is built without inlining here.
		h := uint8(len(key))*31 + key[0]*7 + key[len(key)-1]
		if n.keys[h>>6]&(1<<(h&63)) == 0 {
			return nil
		}
	} else if index < 0 && !n.keys.has(key) {
		return nil
	}
	for _, k := range n.kids {
		if index < 0 && k.key == key && k.index < 0 || index >= 0 && k.index == index {
			return k
		}
	}
	return nil
}

func (n *node) branches() bool { return len(n.kids) > 0 || n.any != nil || n.deep != nil }

// fieldSpec is a field as the rules file writes it: either a list of
// alternative paths, or {"paths": [...], "object"|"each"|"all": kind}.
// "object" is one record; "each" the records of an array (of the first
// path that exists); "all" the records found at every path, in payload
// order — with "**" steps, every match at any depth. A key that another
// path names at the same step is walked by that path only: a "**" beside
// it does not search inside it, so write both paths with "**" (or both
// without) when they must reach the same subtree.
type fieldSpec struct {
	Paths  []string `json:"paths"`
	Object string   `json:"object"`
	Each   string   `json:"each"`
	All    string   `json:"all"`
}

func (f *fieldSpec) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, &f.Paths)
	}
	type plain fieldSpec
	return json.Unmarshal(b, (*plain)(f))
}

// kind declares the fields of object kind name that the adapter reads, in
// index order. The trie is built by link once every kind is declared.
func (r *rules) kind(name string, fields []string) *kind {
	if r.kinds == nil {
		r.kinds = map[string]*kind{}
	}
	if _, dup := r.kinds[name]; dup {
		panic(fmt.Sprintf("feed: %s: kind %q declared twice", r.Platform, name))
	}
	k := &kind{name: name}
	for _, f := range fields {
		k.fields = append(k.fields, kindField{name: f})
	}
	r.kinds[name] = k
	return k
}

// link builds every declared kind's trie, and each endpoint's, from the
// rules table. A field named in code but missing from the table, or a
// table entry naming an undeclared kind, is a programming error caught by
// any test of the package.
func (r *rules) link() {
	for name, k := range r.kinds {
		specs, ok := r.Objects[name]
		if !ok {
			panic(fmt.Sprintf("feed: rules/%s.json: no object %q", r.Platform, name))
		}
		r.build(k, specs)
	}
	for i := range r.Endpoints {
		ep := &r.Endpoints[i]
		ep.root = &kind{name: "endpoint " + ep.Name, fields: []kindField{{name: "root"}}}
		r.build(ep.root, map[string]fieldSpec{"root": {Paths: ep.Roots, Object: ep.Object}})
	}
}

func (r *rules) build(k *kind, specs map[string]fieldSpec) {
	k.root = &node{index: -1, slot: -1}
	for i := range k.fields {
		f := &k.fields[i]
		spec, ok := specs[f.name]
		if !ok || len(spec.Paths) == 0 {
			panic(fmt.Sprintf("feed: rules/%s.json: object %q has no field %q", r.Platform, k.name, f.name))
		}
		var sub *kind
		if subName := spec.Object + spec.Each + spec.All; subName != "" {
			if sub = r.kinds[subName]; sub == nil {
				panic(fmt.Sprintf("feed: rules/%s.json: %s.%s names undeclared object %q", r.Platform, k.name, f.name, subName))
			}
		}
		for j, path := range spec.Paths {
			n := k.root
			if path != "@this" {
				for _, seg := range splitPath(path) {
					n = n.child(seg)
				}
			}
			if n.slot >= 0 || n.kind != nil || (sub != nil && n.branches()) {
				panic(fmt.Sprintf("feed: rules/%s.json: %s.%s: path %q is used twice", r.Platform, k.name, f.name, path))
			}
			n.kind, n.each, n.all = sub, spec.Each != "", spec.All != ""
			if n.all && j > 0 {
				// Every path of an "all" field fills the one list.
				n.slot = f.alts[0]
				continue
			}
			n.slot = k.slots
			k.slots++
			k.paths = append(k.paths, path)
			f.alts = append(f.alts, n.slot)
			k.subOf = append(k.subOf, -1)
			if sub != nil {
				k.subOf[n.slot] = k.nsubs
				k.nsubs++
			}
		}
	}
}

func (n *node) child(seg string) *node {
	switch seg {
	case "*":
		if n.any == nil {
			n.any = &node{index: -1, slot: -1}
		}
		return n.any
	case "**":
		if n.deep == nil {
			n.deep = &node{index: -1, slot: -1}
		}
		return n.deep
	}
	key := unescapeKey(seg)
	idx := -1
	if i, err := strconv.Atoi(key); err == nil && i >= 0 {
		idx = i
	}
	for _, k := range n.kids {
		if k.key == key && k.index == idx {
			return k
		}
	}
	k := &node{key: key, index: idx, slot: -1}
	n.kids = append(n.kids, k)
	if idx < 0 {
		n.keys.add(key)
	}
	return k
}

// rec is one object the walker read: the raw JSON of each slot ("" when
// absent) and the records of its object and each fields. It knows where
// it sits in the payload, for evidence.
type rec struct {
	kind   *kind
	raw    []string
	subs   [][]*rec // the records of each record-typed slot (see kind.subOf)
	parent *rec
	slot   int    // the parent's slot this record came from
	index  int    // position in the parent's array, or -1
	rel    string // the path from the parent, when the rules path does not say it
	base   string // the path prefix of a root record (e.g. the NDJSON line)
	depth  int    // the walker's path depth where the record starts
}

// recAlloc hands out records from slabs, so that a payload costs a few
// allocations rather than several per object. Slabs start small and
// double, so that a small payload (a streamed story, a page of five
// statuses) does not pay for a large one's.
type recAlloc struct {
	recs []rec
	strs []string
	subs [][]*rec
}

// slab returns the size of the next slab after one of size last.
func slab(last, limit, need int) int { return max(min(max(2*last, 16), limit), need) }

func (a *recAlloc) new(k *kind, parent *rec, slot, index int) *rec {
	if len(a.recs) == cap(a.recs) {
		a.recs = make([]rec, 0, slab(cap(a.recs), 64, 1))
	}
	a.recs = append(a.recs, rec{kind: k, parent: parent, slot: slot, index: index})
	r := &a.recs[len(a.recs)-1]
	if len(a.strs)+k.slots > cap(a.strs) {
		a.strs = make([]string, 0, slab(cap(a.strs), 1024, k.slots))
	}
	r.raw = a.strs[len(a.strs) : len(a.strs)+k.slots : len(a.strs)+k.slots]
	a.strs = a.strs[:len(a.strs)+k.slots]
	if len(a.subs)+k.nsubs > cap(a.subs) {
		a.subs = make([][]*rec, 0, slab(cap(a.subs), 256, k.nsubs))
	}
	r.subs = a.subs[len(a.subs) : len(a.subs)+k.nsubs : len(a.subs)+k.nsubs]
	a.subs = a.subs[:len(a.subs)+k.nsubs]
	return r
}

// alt returns the slot of the first alternative of field f that exists.
func (r *rec) alt(f int) int {
	if r == nil {
		return -1
	}
	for _, s := range r.kind.fields[f].alts {
		if r.raw[s] != "" {
			return s
		}
	}
	return -1
}

// which returns the rules path of field f's first alternative that
// exists ("" when none does): for fields whose alternatives are different
// things, such as the renderer that holds a tile.
func (r *rec) which(f int) string {
	if s := r.alt(f); s >= 0 {
		return r.kind.paths[s]
	}
	return ""
}

// has reports whether field f is present (null counts as present).
func (r *rec) has(f int) bool { return r.alt(f) >= 0 }

// set reports whether some alternative of field f holds a value other
// than null. GraphQL unions send every member and null all but one, so
// there presence (has) says nothing.
func (r *rec) set(f int) bool {
	if r == nil {
		return false
	}
	for _, s := range r.kind.fields[f].alts {
		if v := r.raw[s]; v != "" && v != "null" {
			return true
		}
	}
	return false
}

// get decodes field f with gjson.
func (r *rec) get(f int) gjson.Result {
	s := r.alt(f)
	if s < 0 {
		return gjson.Result{}
	}
	return gjson.Parse(r.raw[s])
}

// str returns field f as a string ("" when absent or null).
func (r *rec) str(f int) string {
	s := r.alt(f)
	if s < 0 {
		return ""
	}
	raw := r.raw[s]
	if len(raw) >= 2 && raw[0] == '"' && strings.IndexByte(raw, '\\') < 0 {
		return raw[1 : len(raw)-1] // the common case, without copying
	}
	return gjson.Parse(raw).String()
}

// num returns field f as an integer, or -1 when absent. Counts arrive as
// numbers or as strings ("32049") depending on the platform.
func (r *rec) num(f int) int64 {
	v := r.get(f)
	switch v.Type {
	case gjson.Number:
		return v.Int()
	case gjson.String:
		if n, err := strconv.ParseInt(strings.ReplaceAll(v.Str, ",", ""), 10, 64); err == nil {
			return n
		}
	}
	return -1
}

// flag returns field f as a boolean: true, or a non-empty, non-zero value.
func (r *rec) flag(f int) bool {
	v := r.get(f)
	switch v.Type {
	case gjson.True:
		return true
	case gjson.Number:
		return v.Num != 0
	case gjson.String:
		return v.Str != "" && v.Str != "false" && v.Str != "0"
	case gjson.JSON:
		return true
	}
	return false
}

// obj returns the record of object field f (nil when absent).
func (r *rec) obj(f int) *rec {
	s := r.alt(f)
	if s < 0 || r.kind.subOf[s] < 0 || len(r.subs[r.kind.subOf[s]]) == 0 {
		return nil
	}
	return r.subs[r.kind.subOf[s]][0]
}

// each returns the records of each field f.
func (r *rec) each(f int) []*rec {
	s := r.alt(f)
	if s < 0 || r.kind.subOf[s] < 0 {
		return nil
	}
	return r.subs[r.kind.subOf[s]]
}

// one returns the first record of each field f, or nil. Declaring a
// nullable object as "each" makes null yield no record (an "object" field
// yields an empty one), so one is how adapters read such objects.
func (r *rec) one(f int) *rec {
	if recs := r.each(f); len(recs) > 0 {
		return recs[0]
	}
	return nil
}

// path returns the gjson path of the record from the payload's root.
func (r *rec) path() string {
	if r == nil {
		return ""
	}
	if r.parent == nil {
		return r.base
	}
	p := r.parent.path()
	if r.rel != "" {
		return joinPath(p, r.rel)
	}
	rel := r.parent.kind.paths[r.slot]
	if rel != "@this" {
		p = joinPath(p, rel)
	}
	if r.index >= 0 {
		p = joinPath(p, strconv.Itoa(r.index))
	}
	return p
}

// pathOf returns the gjson path of field f (its first existing
// alternative) from the payload's root, or "" when it is absent.
func (r *rec) pathOf(f int) string {
	s := r.alt(f)
	if s < 0 {
		return ""
	}
	return joinPath(r.path(), r.kind.paths[s])
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

// splitPath splits a gjson path on its unescaped dots.
func splitPath(path string) []string {
	var segs []string
	start := 0
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '\\':
			i++
		case '.':
			segs = append(segs, path[start:i])
			start = i + 1
		}
	}
	return append(segs, path[start:])
}

func unescapeKey(seg string) string {
	if !strings.Contains(seg, `\`) {
		return seg
	}
	var b strings.Builder
	for i := 0; i < len(seg); i++ {
		if seg[i] == '\\' && i+1 < len(seg) {
			i++
		}
		b.WriteByte(seg[i])
	}
	return b.String()
}

// unquote decodes a JSON string literal (quotes included).
func unquote(lit string) string { return gjson.Parse(lit).Str }

// escapeKey escapes the characters gjson treats as path syntax.
func escapeKey(key string) string {
	// A byte table, not strings.ContainsAny: the path of every record
	// reached through "*" or "**" is written out, key by key, and
	// ContainsAny builds its set of bytes anew per call.
	i := 0
	for i < len(key) && !pathSyntax[key[i]] {
		i++
	}
	if i == len(key) {
		return key
	}
	var b strings.Builder
	b.WriteString(key[:i])
	for ; i < len(key); i++ {
		if pathSyntax[key[i]] {
			b.WriteByte('\\')
		}
		b.WriteByte(key[i])
	}
	return b.String()
}

// pathSyntax holds the bytes escapeKey escapes.
var pathSyntax = func() (t [256]bool) {
	for _, c := range []byte(`.*?\|#@!=<>%`) {
		t[c] = true
	}
	return t
}()
