package feed

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Platforms often show counts only as text, localised and abbreviated:
// "1,234 views", "73 421 просмотр", "9.912.579 visualizzazioni",
// "1.2M views", "2,4 млн просмотров", "120万 回視聴". counts reads them;
// the words that scale a number ("K", "млн", "万") are data in a
// platform's rules, so a new locale is a change to the table.

// countScales maps the words that may follow a number to what they
// multiply it by, longest word first so that "Mln" wins over "M".
type countScales []countScale

type countScale struct {
	word string
	mult float64
}

// newCountScales builds the table from rules markers named like
// "count_1e3" (thousand), "count_1e6" (million) and so on.
func newCountScales(r *rules) countScales {
	var cs countScales
	for name, words := range r.Markers {
		exp, ok := strings.CutPrefix(name, "count_1e")
		if !ok || len(exp) != 1 || exp[0] < '1' || exp[0] > '9' {
			continue
		}
		for _, w := range words {
			cs = append(cs, countScale{w, math.Pow10(int(exp[0] - '0'))})
		}
	}
	slices.SortFunc(cs, func(a, b countScale) int {
		if n := len(b.word) - len(a.word); n != 0 {
			return n
		}
		return strings.Compare(a.word, b.word)
	})
	return cs
}

// count returns the first number in text, scaled by the word after it,
// or -1 when text holds no number. Without a scale word every separator
// between digits groups thousands ("1.234.567", "12,34,567", "73 421");
// with one, a '.', ',' or '٫' before the last one or two digits is the
// decimal point ("1.2M", "9,9 Mln").
func (cs countScales) count(text string) int64 {
	i := 0
	for i < len(text) {
		if _, ok := digitAt(text, i); ok {
			break
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
	if i == len(text) {
		return -1
	}
	// Read digits and the separators between them.
	var digits []byte
	point := -1 // index in digits where the last separator stood
	var pointSep rune
	for i < len(text) && len(digits) < 19 {
		if d, ok := digitAt(text, i); ok {
			digits = append(digits, d)
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isCountSeparator(r) || i+n >= len(text) {
			break
		}
		if _, ok := digitAt(text, i+n); !ok {
			break
		}
		point, pointSep = len(digits), r
		i += n
	}
	mult := cs.scaleAt(text, i)
	decimal := mult > 0 && point > 0 && len(digits)-point <= 2 && (pointSep == '.' || pointSep == ',' || pointSep == '٫')
	if !decimal {
		point = len(digits)
	}
	value := float64(0)
	for _, d := range digits[:point] {
		value = value*10 + float64(d-'0')
	}
	for k, d := range digits[point:] {
		value += float64(d-'0') / math.Pow10(k+1)
	}
	if mult > 0 {
		value *= mult
	}
	if value >= math.MaxInt64/2 {
		return -1
	}
	return int64(math.Round(value))
}

// scaleAt returns the multiplier of the scale word at text[i:] (after
// spaces), or 0 when there is none. A word ending in a letter of an
// alphabet that spaces its words must end there ("mi" is not "million").
func (cs countScales) scaleAt(text string, i int) float64 {
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r != ' ' && r != '\u00a0' && r != '\u202f' {
			break
		}
		i += n
	}
	rest := text[i:]
	for _, s := range cs {
		if !strings.HasPrefix(rest, s.word) {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(s.word)
		next, _ := utf8.DecodeRuneInString(rest[len(s.word):])
		if spacedLetter(last) && spacedLetter(next) {
			continue
		}
		return s.mult
	}
	return 0
}

func spacedLetter(r rune) bool {
	return unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Greek)
}

func isCountSeparator(r rune) bool {
	switch r {
	case '.', ',', ' ', '\u00a0', '\u202f', '\'', '’', '٫', '٬':
		return true
	}
	return false
}

// zeroDigits are the zeros of the decimal digit sets counts come in.
var zeroDigits = []rune{'0', '٠', '۰', '०', '০', '๐', '０'}

// digitAt returns the ASCII digit for the digit rune at text[i].
func digitAt(text string, i int) (byte, bool) {
	if c := text[i]; c < utf8.RuneSelf {
		return c, '0' <= c && c <= '9'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	for _, z := range zeroDigits {
		if z <= r && r <= z+9 {
			return byte('0' + r - z), true
		}
	}
	return 0, false
}
