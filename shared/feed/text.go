package feed

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// hashtagsIn returns the hashtags of a text, without "#", once each, for
// platforms that send captions as plain text rather than with entities.
// A tag starts at a "#" that does not follow a letter, digit or "&" (so
// "C#" and "&#39;" are not tags) and runs over letters, marks, digits
// and "_".
func hashtagsIn(text string) []string {
	var tags []string
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '#')
		if j < 0 {
			break
		}
		at := i + j
		i = at + 1
		if prev, _ := utf8.DecodeLastRuneInString(text[:at]); at > 0 && (isTagRune(prev) || prev == '&') {
			continue
		}
		end := i
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !isTagRune(r) {
				break
			}
			end += n
		}
		if tag := text[i:end]; tag != "" && !isDigits(tag) && !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
		i = end
	}
	return tags
}

func isTagRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func isDigits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}
