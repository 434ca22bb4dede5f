package phrase

import (
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/classify/internal/token"
)

const testRules = `# comment
urgency	en	last chance
urgency	de	nur (noch )?heute
scarcity	en	only {num} left
code	en	(code|rabattcode) :? {code}
insult	de	*verraeter
insult	en	fuck*
bait	en	like {gap} if you agree
ad	de	{start} anzeige ({bar}|:)
ad	de	werbung {end}
discount	*	- {num} %
caps	en	so {caps}
`

func matchAll(t *testing.T, s *Set, text string) []string {
	t.Helper()
	var tk token.Tokens
	tk.Split(text)
	var got []string
	s.Match(&tk, func(rule, first, last int) bool {
		got = append(got, s.Rules[rule].Kind+"="+tk.Original(first, last))
		return true
	})
	return got
}

func TestMatch(t *testing.T) {
	s, err := Compile(testRules)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ text, want string }{
		{"LAST CHANCE!!!", "urgency=LAST CHANCE"},
		{"the last of the chances", ""},
		{"Nur noch heute!", "urgency=Nur noch heute"},
		{"nur heute", "urgency=nur heute"},
		{"nur morgen", ""},
		{"Only 3 left in stock", "scarcity=Only 3 left"},
		{"only three left", ""},
		{"use code SAVE20 now", "code=code SAVE20"},
		{"Rabattcode: anna15", "code=Rabattcode: anna15"},
		{"code review today", ""},
		{"diese Volksverräter!", "insult=Volksverräter"},
		{"Verräter", "insult=Verräter"},
		{"what the fucking hell", "insult=fucking"},
		{"like this post if you agree", "bait=like this post if you agree"},
		{"like this very long post here if you agree", ""},
		{"Anzeige | neues Parfum", "ad=Anzeige |"},
		{"Die Anzeige | war", ""},
		{"tolles Parfum. Werbung", "ad=Werbung"},
		{"Werbung nervt", ""},
		{"jetzt -70% auf alles", "discount=-70%"},
		{"so GOOD", "caps=so GOOD"},
		{"so good", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(matchAll(t, s, tt.text), ";"); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestLongestMatchWins(t *testing.T) {
	s, err := Compile("a\ten\tlast chance\nb\ten\tlast chance today\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(matchAll(t, s, "last chance today!"), ";"); got != "b=last chance today" {
		t.Errorf("got %q, want the longer rule", got)
	}
}

func TestCompileErrors(t *testing.T) {
	for _, bad := range []string{
		"urgency\ten",               // too few cells
		"urgency\ten\t(last chance", // unclosed group
		"urgency\ten\t{word} left",  // cannot start with {word}
		"urgency\ten\t{nope} left",  // unknown placeholder
		"urgency\ten\tab* x",        // prefix too short
		"urgency\ten\t🙂",            // no tokens
		"urgency\ten\t(a|b) (c|d) (e|f) (g|h) (i|j) (k|l) (m|n) (o|p) (q|r) (s|t)", // too many expansions
	} {
		if _, err := Compile(bad); err == nil {
			t.Errorf("Compile(%q) succeeded, want an error", bad)
		}
	}
}
