package classify

import (
	"strings"
	"testing"
)

// sample writes a text that a rule pattern must match: the first
// alternative of each group, optional parts left out, placeholders
// filled in.
func sample(pattern string) string {
	var out []string
	rest := pattern
	for rest != "" {
		var part string
		if rest[0] == '(' {
			end := strings.IndexByte(rest, ')')
			part, rest = rest[1:end], rest[end+1:]
			part, _, _ = strings.Cut(part, "|")
			if strings.HasPrefix(rest, "?") {
				part, rest = "", rest[1:]
			}
		} else {
			end := strings.IndexByte(rest, ' ')
			if end < 0 {
				end = len(rest)
			}
			part, rest = rest[:end], rest[end:]
			if strings.HasSuffix(part, "?") && len(part) > 1 {
				part = ""
			}
		}
		rest = strings.TrimLeft(rest, " ")
		for _, f := range strings.Fields(part) {
			switch {
			case f == "{num}":
				f = "3"
			case f == "{code}":
				f = "SAVE20"
			case f == "{word}":
				f = "foo"
			case f == "{caps}":
				f = "WOW"
			case f == "{bar}":
				f = "|"
			case f == "{gap}" || f == "{start}" || f == "{end}":
				f = ""
			case strings.HasSuffix(f, "*") && len(f) > 1:
				f = strings.TrimSuffix(f, "*") + "ing"
			case strings.HasPrefix(f, "*") && len(f) > 1:
				f = "volks" + strings.TrimPrefix(f, "*")
			}
			if f != "" {
				out = append(out, f)
			}
		}
	}
	return strings.Join(out, " ")
}

// TestEveryRuleFires checks that each line of rules.txt compiles and
// matches text written after its own pattern, under the kind it names.
func TestEveryRuleFires(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := new(scratch)
	for i, r := range c.m.rules.Rules {
		text := sample(r.Text)
		c.analyse(s, text)
		m := s.matches[c.m.ruleKind[i]]
		if !m.ok {
			t.Errorf("rules.txt:%d %s %q does not match its sample %q", r.Line, r.Kind, r.Text, text)
		}
	}
	if len(c.m.rules.Rules) < 100 {
		t.Errorf("only %d rules loaded", len(c.m.rules.Rules))
	}
}

func TestRuleLanguagesAndKinds(t *testing.T) {
	c, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range c.m.rules.Rules {
		if r.Lang != "en" && r.Lang != "de" && r.Lang != "*" {
			t.Errorf("rules.txt:%d: language %q", r.Line, r.Lang)
		}
		seen[r.Kind+"/"+r.Lang] = true
	}
	for _, k := range ruleKinds {
		if k == string(FakeDiscount) && seen[k+"/*"] {
			continue
		}
		for _, lang := range []string{"en", "de"} {
			if !seen[k+"/"+lang] {
				t.Errorf("no %s rule for %s", lang, k)
			}
		}
	}
}

func TestTablesRejectBadRows(t *testing.T) {
	if _, err := parseBrands("nike\t0\n"); err == nil {
		t.Error("brands: a row with two cells was accepted")
	}
	if _, err := parsePoliticians("x:a\tSPD\n"); err == nil {
		t.Error("politicians: a row with two cells was accepted")
	}
	if _, err := parseHints("Sports\tfootball\n"); err == nil {
		t.Error("hints: an unknown topic was accepted")
	}
	if _, err := parseHints("Sports\tsports\nsports\tpolitics\n"); err == nil {
		t.Error("hints: a hint mapped to two topics was accepted")
	}
	if m, err := parseHints("# comment\nNews & Politics\tpolitics\n"); err != nil || m["newspolitics"] != Politics {
		t.Errorf("hints: %v, %v", m, err)
	}
}

// BenchmarkLoadModels is the one-time cost of decoding the embedded
// models and tables, paid when the WebAssembly core starts.
func BenchmarkLoadModels(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseModels(); err != nil {
			b.Fatal(err)
		}
	}
}
