package token

import (
	"strings"
	"testing"
	"unicode"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		text string
		want string // normalised tokens joined by "|", kinds as prefix for non-words
	}{
		{"Fußball-Spiel!", "fussball-spiel|!"},
		{"Grüße aus Köln", "gruesse|aus|koeln"},
		{"Café crème", "cafe|creme"},
		{"-70% statt 99€", "-|#70|%|statt|#99|€"},
		{"Only 10,000 left; 99.99 each", "only|#10,000|left|#99.99|each"},
		{"Don’t miss out", "don't|miss|out"},
		{"use code SAVE20 #ad @brand", "use|code|save20|#|ad|@|brand"},
		{"see https://amzn.to/3xY?tag=a-21 now", "see|url:https://amzn.to/3xy?tag=a-21|now"},
		{"visit www.example.de today", "visit|url:www.example.de|today"},
		{"link amzn.to/abc ok", "link|url:amzn.to/abc|ok"},
		{"rated 3.5/10 fine", "rated|#3.5|/|#10|fine"},
		{"", ""},
		{"🙂🙂", ""},
	}
	for _, tt := range tests {
		var tk Tokens
		tk.Split(tt.text)
		var got []string
		for i, x := range tk.List {
			s := tk.Normal(i)
			switch x.Kind {
			case Number:
				s = "#" + s
			case URL:
				s = "url:" + s
			}
			got = append(got, s)
			if orig := tk.Original(i, i); orig != tt.text[x.Start:x.End] || orig == "" {
				t.Errorf("%q: token %d original %q", tt.text, i, orig)
			}
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("Split(%q) = %q, want %q", tt.text, g, tt.want)
		}
	}
}

func TestForeignAndMention(t *testing.T) {
	var tk Tokens
	tk.Split("Привет café 模型 @nurse_bob @ x")
	want := []struct{ foreign, mention bool }{{true, false}, {false, false}, {true, false}, {false, false}, {false, true}, {false, false}, {false, false}} // Привет café 模型 @ nurse_bob @ x
	if len(tk.List) != len(want) {
		t.Fatalf("%d tokens, want %d", len(tk.List), len(want))
	}
	for i, w := range want {
		if tk.List[i].Foreign != w.foreign || tk.List[i].Mention != w.mention {
			t.Errorf("%q: foreign %v mention %v, want %v %v", tk.Original(i, i), tk.List[i].Foreign, tk.List[i].Mention, w.foreign, w.mention)
		}
	}
}

func TestCapsAndKey(t *testing.T) {
	var tk Tokens
	tk.Split("SAVE20 Save20 NOW I")
	caps := []bool{true, false, true, false}
	for i, want := range caps {
		if tk.List[i].Caps != want {
			t.Errorf("%q: Caps = %v, want %v", tk.Original(i, i), tk.List[i].Caps, want)
		}
	}
	for in, want := range map[string]string{"Coca-Cola": "cocacola", "@Nike_DE": "nikede", "News & Politics": "newspolitics", "Fußball": "fussball"} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"Fußball-Spiel!", "https://a.b/c?d", "10,000.5", "a'b", "\xff\xfe", "-70%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var tk Tokens
		tk.Split(s)
		end := 0
		for i, x := range tk.List {
			if x.Start < end || x.End <= x.Start || x.End > len(s) {
				t.Fatalf("token %d [%d,%d) out of order or range in %q", i, x.Start, x.End, s)
			}
			end = x.End
			_ = tk.Normal(i)
		}
	})
}

// TestLatinTable: the latin table says of every rune below latinEnd what
// the unicode package says, and what word assumes of them holds: none is
// a combining mark (Mn), and none is foreign (word's foreign test starts
// at U+0250).
func TestLatinTable(t *testing.T) {
	if latinEnd > 0x250 {
		t.Fatalf("latinEnd %#x: word would no longer find foreign letters below it", latinEnd)
	}
	for r := rune(0); r < latinEnd; r++ {
		f := latin[r].flags
		for _, p := range []struct {
			name string
			is   func(rune) bool
			flag uint8
		}{{"IsLetter", unicode.IsLetter, isLetter}, {"IsDigit", unicode.IsDigit, isDigit}, {"IsUpper", unicode.IsUpper, isUpper}, {"IsLower", unicode.IsLower, isLower}} {
			if got := f&p.flag != 0; got != p.is(r) {
				t.Errorf("%U: table %s %v, unicode %v", r, p.name, got, p.is(r))
			}
		}
		if unicode.Is(unicode.Mn, r) {
			t.Errorf("%U is a combining mark", r)
		}
		if got, want := string(fold(nil, r)), string(foldRune(nil, r)); got != want {
			t.Errorf("%U: fold %q, foldRune %q", r, got, want)
		}
	}
}
