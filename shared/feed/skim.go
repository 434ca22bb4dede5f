package feed

import (
	"strconv"
	"strings"
)

// Shape detection runs before the walk, so it must not cost a pass of
// its own over a large payload. gjson.Get returns the raw text of the
// value it finds, scanning all of it, and listing the top-level keys with
// ForEach scans every value; on a Facebook story that doubled the cost of
// Parse. skim passes over a value without validating it (the walk that
// follows validates), jumping from quote to quote, and lookup finds a
// path without reading the value at its end.

// skimStop marks the bytes a container scan must look at; skimEnd the
// bytes that end a number or literal.
var skimStop, skimEnd [256]bool

func init() {
	for _, c := range `"{}[]` {
		skimStop[c] = true
	}
	for _, c := range ",}] \t\r\n" {
		skimEnd[c] = true
	}
}

// skim returns the index just after the JSON value starting at s[i:]
// (after whitespace), or len(s) when the value does not end.
func skim(s string, i int) int {
	i = skipSpace(s, i)
	if i >= len(s) {
		return len(s)
	}
	switch s[i] {
	case '"':
		return skimString(s, i)
	case '{', '[':
		depth := 0
		for i < len(s) {
			for i < len(s) && !skimStop[s[i]] {
				i++
			}
			if i >= len(s) {
				break
			}
			switch s[i] {
			case '"':
				i = skimString(s, i)
				continue
			case '{', '[':
				depth++
			default:
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(s)
	}
	for i < len(s) && !skimEnd[s[i]] {
		i++
	}
	return i
}

// skimString returns the index just after the string whose opening quote
// is at s[i].
func skimString(s string, i int) int {
	for i++; ; i++ {
		j := strings.IndexByte(s[i:], '"')
		if j < 0 {
			return len(s)
		}
		i += j
		k := i
		for s[k-1] == '\\' {
			k--
		}
		if (i-k)%2 == 0 {
			return i + 1
		}
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && space[s[i]] {
		i++
	}
	return i
}

// members calls f with each key of the object at s[i] ('{') and the index
// where its value starts, until f returns false.
func members(s string, i int, f func(key string, value int) bool) {
	for i++; ; {
		i = skipSpace(s, i)
		if i >= len(s) || s[i] != '"' {
			return
		}
		end := skimString(s, i)
		key := s[i+1 : max(i+1, end-1)]
		if strings.IndexByte(key, '\\') >= 0 {
			key = unquote(s[i:end])
		}
		if i = skipSpace(s, end); i >= len(s) || s[i] != ':' {
			return
		}
		v := skipSpace(s, i+1)
		if !f(key, v) {
			return
		}
		if i = skipSpace(s, skim(s, v)); i >= len(s) || s[i] != ',' {
			return
		}
		i++
	}
}

// shapeDoc answers the shape tests on one document. It remembers the
// keys of every object it has scanned, so that the shapes of all
// endpoints together skim each object once: several share a first key
// ("data") whose value is most of the payload.
type shapeDoc struct {
	s    string
	objs map[int]map[string][]int // object start → key → value starts
}

func newShapeDoc(doc string) *shapeDoc {
	return &shapeDoc{s: doc, objs: map[int]map[string][]int{}}
}

// keys returns the members of the object starting at i.
func (d *shapeDoc) keys(i int) map[string][]int {
	if m, ok := d.objs[i]; ok {
		return m
	}
	m := map[string][]int{}
	members(d.s, i, func(key string, v int) bool { m[key] = append(m[key], v); return true })
	d.objs[i] = m
	return m
}

// has reports whether the document's first value has the top-level key
// ("0" for an array), the cheap first test of every shape.
func (d *shapeDoc) has(key string) bool {
	i := skipSpace(d.s, 0)
	switch {
	case i >= len(d.s):
		return false
	case d.s[i] == '[':
		return key == "0"
	case d.s[i] == '{':
		return len(d.keys(i)[key]) > 0
	}
	return false
}

// lookup returns where the value at path (unescaped keys and array
// indexes) starts in the document's first value, or -1. Like gjson, it
// tries every member of a repeated key.
func (d *shapeDoc) lookup(path []string) int {
	return d.lookupAt(skipSpace(d.s, 0), path)
}

func (d *shapeDoc) lookupAt(i int, path []string) int {
	s := d.s
	if len(path) == 0 {
		return i
	}
	if i >= len(s) {
		return -1
	}
	switch s[i] {
	case '{':
		for _, v := range d.keys(i)[path[0]] {
			if at := d.lookupAt(v, path[1:]); at >= 0 {
				return at
			}
		}
	case '[':
		n, err := strconv.Atoi(path[0])
		if err != nil || n < 0 {
			return -1
		}
		for j := skipSpace(s, i+1); j < len(s) && s[j] != ']'; n-- {
			if n == 0 {
				return d.lookupAt(j, path[1:])
			}
			if j = skipSpace(s, skim(s, j)); j >= len(s) || s[j] != ',' {
				break
			}
			j = skipSpace(s, j+1)
		}
	}
	return -1
}
