package classify

import (
	"strings"

	"github.com/feedlens/feedlens/shared/classify/internal/token"
)

// language returns lang when given, or guesses English or German from
// the text: a count of frequent function words of each language, plus
// German letters (ä ö ü ß). It is small and fast, and meant only to pick
// between the two languages feedlens models; it returns "" when the text
// gives no clue.
func language(t *token.Tokens, lang string) string {
	if lang != "" {
		return lang
	}
	score := 0 // > 0 German, < 0 English
	for i := range t.List {
		if t.List[i].Kind != token.Word {
			continue
		}
		score += int(functionWords[string(t.NormalBytes(i))])
	}
	if hasUmlaut(t.Text) {
		score += 2
	}
	switch {
	case score > 0:
		return German
	case score < 0:
		return English
	}
	return ""
}

// hasUmlaut is strings.ContainsAny(s, "äöüßÄÖÜ") without decoding every
// rune, which made it a quarter of language in WebAssembly: in UTF-8
// each of those letters is 0xC3 and one byte after it.
func hasUmlaut(s string) bool {
	for {
		i := strings.IndexByte(s, 0xC3)
		if i < 0 || i+1 >= len(s) {
			return false
		}
		switch s[i+1] {
		case 0xA4, 0xB6, 0xBC, 0x9F, 0x84, 0x96, 0x9C: // ä ö ü ß Ä Ö Ü
			return true
		}
		s = s[i+1:]
	}
}

// functionWords are frequent words of one language that are rare in the
// other: +1 German, -1 English. Words both use ("in", "so", "was", "will",
// "die") are left out.
var functionWords = func() map[string]int8 {
	m := map[string]int8{}
	for _, w := range strings.Fields(`der das und ist nicht ich du wir sie es mit fuer auf den dem ein eine einen einem zu von im auch sich wie noch nur bei aus heute jetzt mehr oder aber wenn dass hat sind wird werden ihr mein meine dein deine unser euch uns kein keine schon immer hier dann doch mal sehr gibt ja nein vom zum zur ueber nach diese dieser dieses wer warum wurde haben bin bist`) {
		m[w] = 1
	}
	for _, w := range strings.Fields(`the and is are you this that with for of to it have be on not what my your we they can just all but at from how why who he she his her our their them there been would could should about than then when which were has had do does did don't it's i'm you're get got out up one if no yes now new more only use left off free best today here every still make like love`) {
		m[w] = -1
	}
	return m
}()
