// Package phrase matches hand-written phrase rules against tokenised text
// fast enough to run every rule on every post.
//
// A rule is a sequence of atoms separated by spaces:
//
//	last chance                  literal words (normalised like the text)
//	(ends|ending) (today|soon)   alternatives, each may be several words
//	only {num} left              {num} a number ("3", "10,000", "10k")
//	code :? {code}               x? optional; {code} a discount code ("SAVE20")
//	fuck* *verräter              a word starting or ending with the letters
//	{word} {caps} {gap}          any word, a word in capitals, 0–3 tokens
//	{start} anzeige              only before the first word
//	werbung {end}                only after the last word
//	anzeige {bar}                a literal "|"
//
// Rules are expanded into plain sequences when compiled and merged into
// one trie of atoms, so matching costs about one map look-up per token
// and per matched word, however many rules share a beginning.
package phrase

import (
	"fmt"
	"strings"

	"github.com/feedlens/feedlens/shared/classify/internal/token"
)

type atomKind uint8

const (
	lit atomKind = iota
	prefix
	suffix
	num
	word
	code
	caps
	gap
	start
	end
)

type atom struct {
	kind atomKind
	text string
}

// Rule is one compiled rule.
type Rule struct {
	Kind string // what the rule detects, e.g. "urgency"
	Lang string // the language it was written for: "en", "de" or "*"
	Text string // the rule as written
	Line int    // its line in the rules file
}

// node is a trie node: the words and other atoms that may follow, and the
// rule whose sequence ends here (-1 for none).
type node struct {
	lit   map[string]*node
	other []edge
	rule  int
}

type edge struct {
	atom atom
	to   *node
}

func newNode() *node { return &node{rule: -1} }

// Set is a compiled rule set.
type Set struct {
	Rules []Rule
	root  *node
}

// maxExpansions bounds how many plain sequences one rule may expand to.
const maxExpansions = 512

// Compile reads rules, one per line as "kind<TAB>lang<TAB>pattern"; blank
// lines and lines starting with # are skipped.
func Compile(text string) (*Set, error) {
	s := &Set{root: newNode()}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			return nil, fmt.Errorf("phrase: line %d: want kind<TAB>lang<TAB>pattern, got %q", n+1, line)
		}
		r := Rule{Kind: cols[0], Lang: cols[1], Text: cols[2], Line: n + 1}
		seqs, err := expand(r.Text)
		if err != nil {
			return nil, fmt.Errorf("phrase: line %d: %q: %w", n+1, r.Text, err)
		}
		s.Rules = append(s.Rules, r)
		for _, atoms := range seqs {
			if err := s.insert(atoms, len(s.Rules)-1); err != nil {
				return nil, fmt.Errorf("phrase: line %d: %q: %w", n+1, r.Text, err)
			}
		}
	}
	return s, nil
}

// insert adds one plain sequence of rule to the trie. The first rule to
// end at a node keeps it.
func (s *Set) insert(atoms []atom, rule int) error {
	first := atoms[0]
	if first.kind == start && len(atoms) > 1 {
		first = atoms[1]
	}
	switch first.kind {
	case word, code, caps, gap, end:
		return fmt.Errorf("a rule may not start with {word}, {code}, {caps}, {gap} or {end}")
	}
	for i, a := range atoms {
		if a.kind == end && i != len(atoms)-1 {
			return fmt.Errorf("{end} must come last")
		}
		if a.kind == start && i != 0 {
			return fmt.Errorf("{start} must come first")
		}
	}
	n := s.root
	for _, a := range atoms {
		n = n.child(a)
	}
	if n.rule < 0 {
		n.rule = rule
	}
	return nil
}

func (n *node) child(a atom) *node {
	if a.kind == lit {
		if n.lit == nil {
			n.lit = map[string]*node{}
		}
		c := n.lit[a.text]
		if c == nil {
			c = newNode()
			n.lit[a.text] = c
		}
		return c
	}
	for _, e := range n.other {
		if e.atom == a {
			return e.to
		}
	}
	c := newNode()
	n.other = append(n.other, edge{atom: a, to: c})
	return c
}

// expand turns a pattern into the plain atom sequences it stands for.
func expand(pattern string) ([][]atom, error) {
	out := [][]atom{nil}
	rest := strings.TrimSpace(pattern)
	for rest != "" {
		var alts []string
		optional := false
		if rest[0] == '(' {
			end := strings.IndexByte(rest, ')')
			if end < 0 {
				return nil, fmt.Errorf("unclosed (")
			}
			alts = strings.Split(rest[1:end], "|")
			rest = rest[end+1:]
		} else {
			end := strings.IndexAny(rest, " \t")
			if end < 0 {
				end = len(rest)
			}
			alts = []string{rest[:end]}
			rest = rest[end:]
		}
		if strings.HasPrefix(rest, "?") {
			optional = true
			rest = rest[1:]
		} else if len(alts) == 1 && strings.HasSuffix(alts[0], "?") && len(alts[0]) > 1 {
			optional = true
			alts[0] = strings.TrimSuffix(alts[0], "?")
		}
		rest = strings.TrimLeft(rest, " \t")
		var choices [][]atom
		for _, a := range alts {
			atoms, err := parseAtoms(a)
			if err != nil {
				return nil, err
			}
			choices = append(choices, atoms)
		}
		if optional {
			choices = append(choices, nil)
		}
		var next [][]atom
		for _, head := range out {
			for _, c := range choices {
				next = append(next, append(append([]atom(nil), head...), c...))
			}
		}
		if len(next) > maxExpansions {
			return nil, fmt.Errorf("expands to more than %d sequences", maxExpansions)
		}
		out = next
	}
	var kept [][]atom
	for _, atoms := range out {
		if len(atoms) > 0 {
			kept = append(kept, atoms)
		}
	}
	if len(kept) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	return kept, nil
}

// parseAtoms parses one alternative: placeholders, prefix/suffix words, or
// literal text split by the text tokeniser so that "99€" and "#ad" are
// read exactly like the text they must match.
func parseAtoms(s string) ([]atom, error) {
	var out []atom
	for _, f := range strings.Fields(s) {
		switch {
		case f == "{num}":
			out = append(out, atom{kind: num})
		case f == "{word}":
			out = append(out, atom{kind: word})
		case f == "{code}":
			out = append(out, atom{kind: code})
		case f == "{caps}":
			out = append(out, atom{kind: caps})
		case f == "{gap}":
			out = append(out, atom{kind: gap})
		case f == "{bar}": // "|" separates alternatives, so it has a name
			out = append(out, atom{kind: lit, text: "|"})
		case f == "{start}":
			out = append(out, atom{kind: start})
		case f == "{end}":
			out = append(out, atom{kind: end})
		case strings.HasPrefix(f, "{"):
			return nil, fmt.Errorf("unknown placeholder %s", f)
		case len(f) > 1 && strings.HasSuffix(f, "*"):
			p := token.Normalize(strings.TrimSuffix(f, "*"))
			if len(p) < 3 {
				return nil, fmt.Errorf("prefix %s shorter than 3 letters", f)
			}
			out = append(out, atom{kind: prefix, text: p})
		case len(f) > 1 && strings.HasPrefix(f, "*"):
			p := token.Normalize(strings.TrimPrefix(f, "*"))
			if len(p) < 3 {
				return nil, fmt.Errorf("suffix %s shorter than 3 letters", f)
			}
			out = append(out, atom{kind: suffix, text: p})
		default:
			var t token.Tokens
			t.Split(f)
			if len(t.List) == 0 {
				return nil, fmt.Errorf("%q has no tokens", f)
			}
			for i := range t.List {
				out = append(out, atom{kind: lit, text: t.Normal(i)})
			}
		}
	}
	return out, nil
}

// maxGap is how many tokens {gap} may skip.
const maxGap = 3

// Match calls fn for every rule match in t, in text order, with the
// index of the rule in s.Rules and the first and last token of the match.
// When several rules match at one token, the longest match is reported.
// fn returns false to stop.
func (s *Set) Match(t *token.Tokens, fn func(rule, first, last int) bool) {
	for i := range t.List {
		if t.List[i].Kind == token.URL {
			continue
		}
		m := found{rule: -1, end: -1}
		s.walk(t, s.root, i, i, &m)
		if m.rule >= 0 && !fn(m.rule, i, m.end) {
			return
		}
	}
}

// found is the longest match so far.
type found struct{ rule, end int }

// walk follows the trie from n at token i of a match that began at
// token from.
func (s *Set) walk(t *token.Tokens, n *node, from, i int, m *found) {
	if n.rule >= 0 && i-1 >= from && i-1 > m.end {
		m.rule, m.end = n.rule, i-1
	}
	if i < len(t.List) && n.lit != nil {
		if c := n.lit[string(t.NormalBytes(i))]; c != nil {
			s.walk(t, c, from, i+1, m)
		}
	}
	for _, e := range n.other {
		switch e.atom.kind {
		case start:
			if !hasWordBefore(t, i) {
				s.walk(t, e.to, from, i, m)
			}
		case end:
			if !hasWordFrom(t, i) {
				s.walk(t, e.to, from, i, m)
			}
		case gap:
			for skip := 0; skip <= maxGap && i+skip <= len(t.List); skip++ {
				s.walk(t, e.to, from, i+skip, m)
			}
		case prefix, suffix:
			// Most of the root's edges, tried at every token: the
			// atom's first or last byte is compared here, before a
			// call to matches (dear in WebAssembly). Their text has at
			// least 3 bytes (parseAtoms).
			if i >= len(t.List) {
				continue
			}
			norm, a := t.NormalBytes(i), e.atom.text
			if len(norm) < len(a) || e.atom.kind == prefix && norm[0] != a[0] || e.atom.kind == suffix && norm[len(norm)-1] != a[len(a)-1] {
				continue
			}
			if matches(t, i, e.atom) {
				s.walk(t, e.to, from, i+1, m)
			}
		default:
			if i < len(t.List) && matches(t, i, e.atom) {
				s.walk(t, e.to, from, i+1, m)
			}
		}
	}
}

func matches(t *token.Tokens, i int, a atom) bool {
	tk := &t.List[i]
	norm := t.NormalBytes(i)
	switch a.kind {
	case lit:
		return string(norm) == a.text
	case prefix:
		return tk.Kind == token.Word && len(norm) >= len(a.text) && string(norm[:len(a.text)]) == a.text
	case suffix:
		return tk.Kind == token.Word && len(norm) >= len(a.text) && string(norm[len(norm)-len(a.text):]) == a.text
	case num:
		return startsWithDigit(norm)
	case word:
		return tk.Kind == token.Word || tk.Kind == token.Number
	case caps:
		return tk.Kind == token.Word && tk.Caps
	case code:
		return isCode(t, i)
	}
	return false
}

func hasWordBefore(t *token.Tokens, i int) bool {
	for j := 0; j < i && j < len(t.List); j++ {
		if k := t.List[j].Kind; k == token.Word || k == token.Number {
			return true
		}
	}
	return false
}

func hasWordFrom(t *token.Tokens, i int) bool {
	for j := i; j < len(t.List); j++ {
		if k := t.List[j].Kind; k == token.Word || k == token.Number {
			return true
		}
	}
	return false
}

func startsWithDigit(b []byte) bool { return len(b) > 0 && b[0] >= '0' && b[0] <= '9' }

// isCode reports whether token i looks like a discount code: 4–20
// characters in capitals or mixing letters and digits ("SAVE20", "anna15",
// "SUMMER").
func isCode(t *token.Tokens, i int) bool {
	tk := &t.List[i]
	n := tk.End - tk.Start
	if tk.Kind != token.Word || n < 4 || n > 20 {
		return false
	}
	if tk.Caps {
		return true
	}
	digits := 0
	for _, c := range t.NormalBytes(i) {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	return digits > 0 && digits < n
}
