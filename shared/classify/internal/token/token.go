// Package token splits post text into normalised tokens that remember
// where they came from, so every rule and model feature can point back at
// the exact words of the original text.
//
// Normalisation lower-cases and folds the spellings people use
// interchangeably: "Fußball" and "Fussball" both become "fussball",
// "Grüße" and "Gruesse" both "gruesse", "café" becomes "cafe".
package token

import (
	"unicode"
	"unicode/utf8"
)

// Kind is what a token is made of.
type Kind uint8

// The token kinds.
const (
	Word   Kind = iota // letters, possibly with digits and inner ' - _ ("save20", "must-have")
	Number             // digits, with inner separators ("10,000", "99.99")
	Symbol             // one of the symbols rules care about: % € $ £ # @ ! ? - + : / | *
	URL                // a web address ("https://amzn.to/x", "www.a.de", "a.com/x")
)

// Token is one token of a text.
type Token struct {
	Kind       Kind
	Start, End int // byte offsets in the original text
	// NStart, NEnd are byte offsets of the normalised form in the
	// Tokens.Norm buffer.
	NStart, NEnd int
	// Caps is set for words written in capitals only ("SAVE20", "NOW").
	Caps bool
	// Upper is set for words with at least one capital letter.
	Upper bool
	// Foreign is set for words with letters outside the Latin script
	// (Chinese, Japanese, Cyrillic …): the models know English and German
	// only, and such a word tells them nothing.
	Foreign bool
	// Mention is set for a word right after "@": an account name, not
	// something the text says.
	Mention bool
}

// Tokens is a tokenised text; reuse one value to avoid allocations.
type Tokens struct {
	Text string
	List []Token
	Norm []byte // the normalised forms, concatenated
}

// Normal returns the normalised form of token i.
func (t *Tokens) Normal(i int) string {
	tk := &t.List[i]
	return string(t.Norm[tk.NStart:tk.NEnd])
}

// NormalBytes returns the normalised form of token i without copying; it
// is valid until the next Split.
func (t *Tokens) NormalBytes(i int) []byte {
	tk := &t.List[i]
	return t.Norm[tk.NStart:tk.NEnd]
}

// Original returns the original text of tokens i..j inclusive.
func (t *Tokens) Original(i, j int) string {
	return t.Text[t.List[i].Start:t.List[j].End]
}

// Split tokenises text into t, reusing t's storage.
func (t *Tokens) Split(text string) {
	t.Text = text
	t.List = t.List[:0]
	t.Norm = t.Norm[:0]
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case isWordRune(r):
			if end := urlEnd(text, i); end > i {
				t.add(URL, i, end)
				i = end
				continue
			}
			i = t.word(text, i)
		case isSymbol(r):
			t.List = append(t.List, Token{Kind: Symbol, Start: i, End: i + size, NStart: len(t.Norm)})
			if r == '−' || r == '–' {
				r = '-'
			}
			t.Norm = utf8.AppendRune(t.Norm, r)
			t.List[len(t.List)-1].NEnd = len(t.Norm)
			i += size
		default:
			i += size
		}
	}
}

func (t *Tokens) add(k Kind, start, end int) {
	n := len(t.Norm)
	for _, r := range t.Text[start:end] {
		t.Norm = fold(t.Norm, r)
	}
	t.List = append(t.List, Token{Kind: k, Start: start, End: end, NStart: n, NEnd: len(t.Norm)})
}

// word reads a word or number starting at i and returns where it ends.
func (t *Tokens) word(text string, i int) int {
	start, n := i, len(t.Norm)
	letters, digits, upper, lower := 0, 0, 0, 0
	foreign := false
loop:
	for i < len(text) {
		// ASCII letters and digits, most of most texts, without the
		// calls into unicode that are dear in WebAssembly; the cases
		// below say the same of them.
		switch c := text[i]; {
		case 'a' <= c && c <= 'z':
			letters++
			lower++
			t.Norm = append(t.Norm, c)
			i++
			continue
		case 'A' <= c && c <= 'Z':
			letters++
			upper++
			t.Norm = append(t.Norm, c+'a'-'A')
			i++
			continue
		case '0' <= c && c <= '9':
			digits++
			t.Norm = append(t.Norm, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		var letter, mark, digit bool
		if r < latinEnd {
			// The word's end (a space, a comma) and the letters of
			// Latin scripts, from the table (see latin).
			letter, digit = latin[r].flags&isLetter != 0, latin[r].flags&isDigit != 0
		} else {
			letter = unicode.IsLetter(r)
			mark = !letter && unicode.Is(unicode.Mn, r)
			digit = !letter && !mark && unicode.IsDigit(r)
		}
		switch {
		case letter || mark:
			letters++
			if r >= latinEnd && !mark && !unicode.Is(unicode.Latin, r) { // letters are never Mn
				foreign = true
			}
			if r < latinEnd {
				if f := latin[r].flags; f&isUpper != 0 {
					upper++
				} else if f&isLower != 0 {
					lower++
				}
			} else if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lower++
			}
		case digit:
			digits++
		case (r == '\'' || r == '’' || r == '-' || r == '_') && letters > 0 && i+size < len(text) && isLetterAt(text, i+size):
			// "don't", "must-have", "E-Mail", "nurse_bob": one word.
			if r == '’' {
				r = '\''
			}
		case (r == ',' || r == '.') && digits > 0 && letters == 0 && i+size < len(text) && isDigitAt(text, i+size):
			// "10,000", "99.99": one number.
		default:
			break loop
		}
		t.Norm = fold(t.Norm, r)
		i += size
	}
	kind := Word
	if letters == 0 {
		kind = Number
	}
	t.List = append(t.List, Token{Kind: kind, Start: start, End: i, NStart: n, NEnd: len(t.Norm),
		Caps: upper > 0 && lower == 0 && upper+digits > 1, Upper: upper > 0, Foreign: foreign,
		Mention: start > 0 && text[start-1] == '@'})
	return i
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	if r < latinEnd {
		return latin[r].flags&(isLetter|isDigit) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func isDigitAt(s string, i int) bool { return s[i] >= '0' && s[i] <= '9' }

func isSymbol(r rune) bool {
	switch r {
	case '%', '€', '$', '£', '#', '@', '!', '?', '-', '−', '–', '+', ':', '/', '|', '*':
		return true
	}
	return false
}

// urlEnd returns where a web address starting at i ends, or i when there
// is none: "http://…", "https://…", "www.…", or a host with a dot followed
// by a path ("amzn.to/3xY").
func urlEnd(s string, i int) int {
	j := i
	dot := false
	for j < len(s) {
		c := s[j]
		if c == '.' {
			dot = true
		} else if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			break
		}
		j++
	}
	head := s[i:j]
	isURL := false
	switch {
	case hasPrefixFold(s[i:], "https://") || hasPrefixFold(s[i:], "http://"):
		isURL = true
	case hasPrefixFold(head, "www.") && len(head) > 4:
		isURL = true
	case dot && j < len(s) && s[j] == '/' && s[j-1] != '.' && hasLetterTLD(head):
		isURL = true
	}
	if !isURL {
		return i
	}
	for j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '\r' {
		j++
	}
	return j
}

// hasLetterTLD reports whether the part after the last dot is letters, so
// that "3.5/10" is no web address.
func hasLetterTLD(host string) bool {
	k := len(host) - 1
	for k >= 0 && host[k] != '.' {
		c := host[k] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
		k--
	}
	return len(host)-k > 2
}

func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if s[i]|0x20 != prefix[i] && s[i] != prefix[i] {
			return false
		}
	}
	return true
}

// Normalize returns the normalised form of s as Split would produce it for
// a single word.
func Normalize(s string) string {
	var b []byte
	for _, r := range s {
		b = fold(b, r)
	}
	return string(b)
}

// fold appends the lower-cased, folded form of r.
func fold(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if r < latinEnd {
		return append(b, latin[r].fold...)
	}
	return foldRune(b, r)
}

// latinEnd bounds the runes of the latin table: ASCII, Latin-1 and Latin
// Extended-A and -B, where the letters of English and German texts are.
const latinEnd = 0x250

// The flags of a rune in the latin table.
const (
	isLetter = 1 << iota
	isDigit
	isUpper
	isLower
)

// latin holds, for every rune below latinEnd, what word and fold would
// ask the unicode package (binary searches through its range tables,
// dear in WebAssembly: a third of splitting a text) and fold's result.
// It is computed from those same functions (TestLatinTable).
var latin = func() (t [latinEnd]struct {
	flags uint8
	fold  string
}) {
	for r := rune(0); r < latinEnd; r++ {
		f := &t[r]
		for _, p := range []struct {
			is   func(rune) bool
			flag uint8
		}{{unicode.IsLetter, isLetter}, {unicode.IsDigit, isDigit}, {unicode.IsUpper, isUpper}, {unicode.IsLower, isLower}} {
			if p.is(r) {
				f.flags |= p.flag
			}
		}
		f.fold = string(foldRune(nil, r))
	}
	return t
}()

// foldRune is fold without the latin table.
func foldRune(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	r = unicode.ToLower(r)
	switch r {
	case 'ä', 'æ':
		return append(b, 'a', 'e')
	case 'ö', 'œ':
		return append(b, 'o', 'e')
	case 'ü':
		return append(b, 'u', 'e')
	case 'ß':
		return append(b, 's', 's')
	case 'à', 'á', 'â', 'ã', 'å':
		r = 'a'
	case 'ç':
		r = 'c'
	case 'è', 'é', 'ê', 'ë':
		r = 'e'
	case 'ì', 'í', 'î', 'ï':
		r = 'i'
	case 'ñ':
		r = 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ø':
		r = 'o'
	case 'ù', 'ú', 'û':
		r = 'u'
	case 'ý', 'ÿ':
		r = 'y'
	}
	if unicode.Is(unicode.Mn, r) {
		return b
	}
	return utf8.AppendRune(b, r)
}

// Key reduces a name to its normalised letters and digits, so that
// "Coca-Cola", "coca_cola" and "CocaCola" meet: the form used to match
// brand names, handles and platform hints.
func Key(s string) string {
	// Names are short: fold them on the stack, not in a slice grown per
	// rune (Key runs twice per post, on the author's name and handle).
	var buf [64]byte
	b := buf[:0]
	for _, r := range s {
		b = fold(b, r)
	}
	out := b[:0]
	for _, c := range b {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf {
			out = append(out, c)
		}
	}
	return string(out)
}
