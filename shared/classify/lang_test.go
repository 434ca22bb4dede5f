package classify

import (
	"strings"
	"testing"
)

// TestHasUmlaut holds the byte search to strings.ContainsAny, on the
// letters themselves, their neighbours in Latin-1, and broken UTF-8.
func TestHasUmlaut(t *testing.T) {
	texts := []string{"", "plain", "\xc3", "x\xc3", "\xc3\xa4", "Ärger", "Straße", "ÿ é Ã ¤", "a\xc3\xc3\xbcb", "\xc3\xa5\xc3\x85", "漢字 ü"}
	for r := rune(0xC0); r < 0x100; r++ {
		texts = append(texts, "ab"+string(r)+"cd")
	}
	for _, s := range texts {
		if got, want := hasUmlaut(s), strings.ContainsAny(s, "äöüßÄÖÜ"); got != want {
			t.Errorf("hasUmlaut(%q) = %v, want %v", s, got, want)
		}
	}
}
