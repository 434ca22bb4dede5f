package feed

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// The walker reads a payload in one pass, validating it as strict JSON
// while a trie compiled from the rules table (see kind.go) steers it: it
// descends into the keys some field needs and skips everything else. Each
// byte is touched once, which is what lets the inspector keep up with a
// browser's own JSON.parse even when compiled to WebAssembly; descending
// with gjson's ForEach instead rescans every subtree once per level (see
// docs/PERFORMANCE.md). Values are handed to gjson for decoding.

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 512

// SyntaxError describes where a payload stops being JSON.
type SyntaxError struct {
	Offset int    // byte offset of the problem
	Msg    string // what was wrong
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("byte %d: %s", e.Offset, e.Msg)
}

type walker struct {
	s     string
	i     int
	depth int
	err   *SyntaxError
	recs  *recAlloc
	segs  []seg // the path to the current value
	// dynamic counts the "*" and "**" steps on the current path: records
	// made below one remember their real path.
	dynamic int
}

func (w *walker) fail(msg string) {
	if w.err == nil {
		if w.i >= len(w.s) {
			msg = "unexpected end (truncated?)"
		}
		w.err = &SyntaxError{Offset: w.i, Msg: msg}
	}
	w.i = len(w.s) // stop every loop
}

// ws skips whitespace. Indented payloads (the fixtures saved from
// browsers are; X's and YouTube's are two-thirds spaces) are mostly a
// newline and a run of spaces: the spaces are passed a word at a time,
// the count of leading spaces in a word read off its trailing zero bits
// (one instruction, in WebAssembly as natively). The load is written out
// (see skip).
func (w *walker) ws() {
	s, i := w.s, w.i
	for i < len(s) {
		if i+8 <= len(s) {
			x := *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i)) ^ spaces8
			if x == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(x) / 8 // the spaces before the first other byte
		}
		if !space[s[i]] {
			break
		}
		i++
	}
	w.i = i
}

const spaces8 = 0x2020202020202020

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// stopAt returns the first i' >= i where s holds a byte that ends the
// fast path of a string (strStop): a quote, a backslash or a control
// character; or len(s). Testing eight bytes at once (the "has zero byte"
// trick of Hacker's Delight) is what lets strings — most of a payload's
// bytes — be passed at several bytes a cycle where WebAssembly has no
// vector instructions; the byte is found in its word from the trailing
// zero bits (the lowest flagged byte is exact: a borrow only runs upwards
// from a flagged byte). The test is written out rather than a function
// of its own: the core is built without inlining here (see skip), and a
// call per eight bytes cost 6 % of inspect. Keys are short, most end in
// their first or second word: passing them byte by byte was 7 %.
func stopAt(s string, i int) int {
	for i+8 <= len(s) {
		x := *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
		q := x ^ (ones * '"')
		b := x ^ (ones * '\\')
		if m := ((q-ones)&^q | (b-ones)&^b | (x-ones*0x20)&^x) & high; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	for i < len(s) && !strStop[s[i]] {
		i++
	}
	return i
}

// value walks one JSON value at w.i with node n (nil: skip it) filling
// record r.
func (w *walker) value(n *node, r *rec) {
	if w.i < len(w.s) && space[w.s[w.i]] { // ws, without a call when there is none (see skip)
		w.ws()
	}
	start := w.i
	if w.i >= len(w.s) {
		w.fail("")
		return
	}
	switch {
	case n == nil:
		w.skip()
		return
	case n.kind != nil:
		w.sub(n, r)
	case n.branches() && (w.s[w.i] == '{' || w.s[w.i] == '['):
		w.members(func(key string, index int) { w.member(n, r, key, index) })
	default:
		w.skip()
	}
	if n.slot >= 0 && w.err == nil {
		r.raw[n.slot] = w.s[start:w.i]
	}
}

// sub walks a value that is a record of its own; with n.each or n.all, an
// array of them (or one, when the platform sends a lone object).
func (w *walker) sub(n *node, r *rec) {
	if !n.each && !n.all || w.s[w.i] != '[' {
		if (n.each || n.all) && w.s[w.i] != '{' {
			w.skip()
			return
		}
		child := w.child(n, r, -1)
		w.value(n.kind.root, child)
		return
	}
	w.members(func(_ string, idx int) {
		w.push("", idx)
		w.value(n.kind.root, w.child(n, r, idx))
		w.pop()
	})
}

// child makes the record for a value reached through node n of record r
// and adds it to r's list for n's slot.
func (w *walker) child(n *node, r *rec, index int) *rec {
	c := w.recs.new(n.kind, r, n.slot, index)
	c.depth = len(w.segs)
	if w.dynamic > 0 || n.all {
		// Reached through "*" or "**", or one of several paths merged in
		// an "all" list: the rules path does not say where it is, so
		// remember the real one.
		c.rel = w.pathFrom(r.depth)
	}
	i := r.kind.subOf[n.slot]
	r.subs[i] = append(r.subs[i], c)
	return c
}

func (w *walker) enter() bool {
	w.depth++
	if w.depth > maxDepth {
		w.fail("nesting too deep")
		return false
	}
	return true
}

// seg is one step of the walker's current path: an object key, or an
// array index when key is "".
type seg struct {
	key   string
	index int
}

func (w *walker) push(key string, index int) { w.segs = append(w.segs, seg{key, index}) }
func (w *walker) pop()                       { w.segs = w.segs[:len(w.segs)-1] }

// pathFrom renders the current path below depth d as a gjson path.
func (w *walker) pathFrom(d int) string {
	var b strings.Builder
	for i, sg := range w.segs[d:] {
		if i > 0 {
			b.WriteByte('.')
		}
		if sg.key == "" {
			b.WriteString(strconv.Itoa(sg.index))
		} else {
			b.WriteString(escapeKey(sg.key))
		}
	}
	return b.String()
}

// next consumes the separator after a member: true after a comma, false
// after the closing bracket (left at w.i).
func (w *walker) next(closing byte) bool {
	if w.i < len(w.s) && space[w.s[w.i]] {
		w.ws()
	}
	if w.i >= len(w.s) {
		w.fail("")
		return false
	}
	switch w.s[w.i] {
	case ',':
		w.i++
		return true
	case closing:
		return false
	}
	w.fail(fmt.Sprintf("expected ',' or %q, found %q", closing, w.s[w.i]))
	return false
}

// members walks the members of the object or array at w.i, calling
// visit with each one's key (objects; index -1) or index (arrays; key
// "") and w.i at its value, which visit must consume.
func (w *walker) members(visit func(key string, index int)) {
	obj := w.s[w.i] == '{'
	closing := byte(']')
	if obj {
		closing = '}'
	}
	if !w.enter() {
		return
	}
	w.i++
	for idx := 0; ; idx++ {
		if w.i < len(w.s) && space[w.s[w.i]] {
			w.ws()
		}
		if idx == 0 && w.i < len(w.s) && w.s[w.i] == closing {
			break
		}
		if obj {
			key, ok := w.key()
			if !ok {
				return
			}
			visit(key, -1)
		} else {
			visit("", idx)
		}
		if !w.next(closing) {
			break
		}
	}
	w.depth--
	w.i++
}

// member walks the value of one object key (index -1) or array element
// under node n: into the kid that names it, else the "*" kid, else, when
// n has a "**" kid, searching it at any depth; otherwise it is skipped.
func (w *walker) member(n *node, r *rec, key string, index int) {
	kid := n.named(key, index)
	dyn := 0
	if kid == nil && n.any != nil {
		kid, dyn = n.any, 1
	}
	if kid == nil && n.deep != nil {
		if kid = n.deep.named(key, index); kid == nil {
			w.push(key, index)
			w.dynamic++
			w.search(n.deep, r)
			w.dynamic--
			w.pop()
			return
		}
		dyn = 1
	}
	if kid == nil {
		w.skip()
		return
	}
	w.push(key, index)
	w.dynamic += dyn
	w.value(kid, r)
	w.dynamic -= dyn
	w.pop()
}

// search walks a value looking for the kids of a "**" node at any depth.
// A match is walked with its kid and not searched further, so a renderer
// that wraps another counts once.
func (w *walker) search(d *node, r *rec) {
	if w.i < len(w.s) && space[w.s[w.i]] {
		w.ws()
	}
	if w.i >= len(w.s) {
		w.fail("")
		return
	}
	if c := w.s[w.i]; c != '{' && c != '[' {
		w.skip()
		return
	}
	w.members(func(key string, index int) {
		w.push(key, index)
		if kid := d.named(key, -1); kid != nil && index < 0 {
			w.value(kid, r)
		} else {
			w.search(d, r)
		}
		w.pop()
	})
}

// key reads an object key and its colon. Keys with escapes are rare; only
// they are unescaped (and allocate).
func (w *walker) key() (string, bool) {
	start := w.i
	end, esc, ok := w.passKey()
	switch {
	case !ok:
		return "", false
	case esc:
		return unquote(w.s[start:end]), true
	}
	return w.s[start+1 : end-1], true
}

// passKey passes over an object key and its colon, returning where the
// key's literal ends and whether it holds escapes. A key without escapes
// (most are) is passed here without str's calls: the walker meets every
// key of the payload.
func (w *walker) passKey() (end int, esc, ok bool) {
	s := w.s
	if w.i >= len(s) || s[w.i] != '"' {
		w.fail("expected a key")
		return 0, false, false
	}
	i := stopAt(s, w.i+1)
	if i < len(s) && s[i] == '"' {
		w.i = i + 1
	} else if esc = w.str(); w.err != nil {
		return 0, false, false
	}
	end = w.i
	if w.i < len(s) && space[s[w.i]] {
		w.ws()
	}
	if w.i >= len(s) || s[w.i] != ':' {
		w.fail("expected ':'")
		return 0, false, false
	}
	w.i++
	return end, esc, true
}

// skip validates and passes over one value. Most of a payload is
// skipped, so this is the walker's inner loop: one function that keeps
// the open arrays and objects in a bit stack (a set bit is an object)
// instead of recursing, and tests for whitespace before calling ws.
// The core is built without inlining in this package (the adapters'
// inlined helpers cost 67 KB gzip of the size budget), so every call
// here costs what a call costs in WebAssembly.
func (w *walker) skip() {
	var objs [maxDepth / 64]uint64
	open := 0 // the containers this call has entered
	s := w.s
	for {
		// A value starts at w.i.
		if w.i < len(s) && space[s[w.i]] {
			w.ws()
		}
		if w.i >= len(s) {
			w.fail("")
			return
		}
		switch c := s[w.i]; c {
		case '{', '[':
			if !w.enter() {
				return
			}
			objs[open/64] &^= 1 << (open % 64)
			closing := byte(']')
			if c == '{' {
				objs[open/64] |= 1 << (open % 64)
				closing = '}'
			}
			open++
			w.i++
			if w.i < len(s) && space[s[w.i]] {
				w.ws()
			}
			if w.i < len(s) && s[w.i] == closing {
				w.i++
				w.depth--
				open--
				break
			}
			if c == '{' {
				if _, _, ok := w.passKey(); !ok {
					return
				}
			}
			continue // to the first member's value
		case '"':
			w.str()
		case 't':
			w.lit("true")
		case 'f':
			w.lit("false")
		case 'n':
			w.lit("null")
		default:
			w.num()
		}
		if w.err != nil {
			return
		}
		// The value ended: close what ends with it, go on to the next
		// member, or return when the outermost value is done.
		for {
			if open == 0 {
				return
			}
			obj := objs[(open-1)/64]&(1<<((open-1)%64)) != 0
			closing := byte(']')
			if obj {
				closing = '}'
			}
			if w.i < len(s) && space[s[w.i]] {
				w.ws()
			}
			if w.i >= len(s) {
				w.fail("")
				return
			}
			if c := s[w.i]; c == closing {
				w.i++
				w.depth--
				open--
				continue
			} else if c != ',' {
				w.fail(fmt.Sprintf("expected ',' or %q, found %q", closing, c))
				return
			}
			w.i++
			if obj {
				if w.i < len(s) && space[s[w.i]] {
					w.ws()
				}
				if _, _, ok := w.passKey(); !ok {
					return
				}
			}
			break
		}
	}
}

// str passes over a string (w.i at its opening quote) and reports whether
// it holds escapes.
func (w *walker) str() (esc bool) {
	s := w.s
	i := w.i + 1
	for {
		i = stopAt(s, i)
		if i >= len(s) {
			w.i = i
			w.fail("")
			return esc
		}
		switch c := s[i]; {
		case c == '"':
			w.i = i + 1
			return esc
		case c == '\\':
			esc = true
			if i+1 >= len(s) {
				w.i = i + 1
				w.fail("")
				return esc
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(s) || !isHex4(s[i+2:i+6]) {
					w.i = i
					w.fail("bad \\u escape")
					return esc
				}
				i += 6
			default:
				w.i = i
				w.fail("bad escape")
				return esc
			}
		default: // a control character
			w.i = i
			w.fail("control character in string")
			return esc
		}
	}
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func (w *walker) lit(want string) {
	if !strings.HasPrefix(w.s[w.i:], want) {
		w.fail("unexpected character")
		return
	}
	w.i += len(want)
}

// num passes over a number, following the JSON grammar.
func (w *walker) num() {
	s, i := w.s, w.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
	default:
		w.i = i
		w.fail(unexpected(s, i))
		return
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == d {
			w.i = i
			w.fail("bad number")
			return
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i == d {
			w.i = i
			w.fail("bad number")
			return
		}
	}
	w.i = i
}

func unexpected(s string, i int) string {
	if i >= len(s) {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return fmt.Sprintf("unexpected %q", r)
}

var space, strStop [256]bool

func init() {
	for _, c := range " \t\r\n" {
		space[c] = true
	}
	for c := 0; c < 0x20; c++ {
		strStop[c] = true
	}
	strStop['"'] = true
	strStop['\\'] = true
}
