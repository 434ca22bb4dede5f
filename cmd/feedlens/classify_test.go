package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runWithStdin(t *testing.T, in string, args ...string) (int, string, string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(in)
	defer func() { stdin = old }()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestClassifyCommand(t *testing.T) {
	in := "LAST CHANCE: only 3 left, use code SAVE20! #ad\n\nNur heute: 50% Rabatt statt 99€ – teilen wenn du das liebst!\nThe striker scored twice as the team won the final\n"
	code, out, errs := runWithStdin(t, in, "classify")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d output lines for 4 input lines:\n%s", len(lines), out)
	}
	type result struct {
		Lang       string   `json:"lang"`
		Topic      string   `json:"topic"`
		TopicScore *float64 `json:"topic_score"`
		Tactics    []struct {
			Kind, Span string
		} `json:"tactics"`
		Clickbait  *float64 `json:"clickbait"`
		Commercial *string  `json:"commercial"`
		Evidence   []struct {
			Decision, Path, Value string
		} `json:"evidence"`
	}
	var got []result
	for _, l := range lines {
		var r result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if r.TopicScore == nil || r.Clickbait == nil || r.Commercial == nil || r.Tactics == nil || r.Evidence == nil {
			t.Errorf("%q: a field of the documented shape is missing", l)
		}
		got = append(got, r)
	}
	kinds := func(r result) string {
		var k []string
		for _, t := range r.Tactics {
			k = append(k, t.Kind+"="+t.Span)
		}
		return strings.Join(k, ",")
	}
	if *got[0].Commercial != "self_disclosed_ad" || kinds(got[0]) != "urgency=LAST CHANCE,scarcity=only 3 left" || got[0].Lang != "en" {
		t.Errorf("line 1: %+v", got[0])
	}
	if got[1].Topic != "other" || len(got[1].Tactics) != 0 || *got[1].Commercial != "" {
		t.Errorf("empty line: %+v", got[1])
	}
	if got[2].Lang != "de" || kinds(got[2]) != "urgency=Nur heute,fake_discount=50% Rabatt,engagement_bait=teilen wenn du" {
		t.Errorf("line 3: lang %s, tactics %s", got[2].Lang, kinds(got[2]))
	}
	if got[3].Topic != "sports" || *got[3].TopicScore < 0.5 {
		t.Errorf("line 4: topic %s %.2f", got[3].Topic, *got[3].TopicScore)
	}
}

func TestClassifyForcedLanguage(t *testing.T) {
	_, out, _ := runWithStdin(t, "Die Regierung hat heute das Gesetz beschlossen\n", "classify", "--lang", "en")
	if !strings.Contains(out, `"lang":"en"`) {
		t.Errorf("--lang en not honoured: %s", out)
	}
}

func TestClassifyBadUsage(t *testing.T) {
	for _, args := range [][]string{{"classify", "--lang", "fr"}, {"classify", "file.txt"}, {"classify", "--nope"}} {
		code, out, errs := runWithStdin(t, "x\n", args...)
		if code != 2 || out != "" || errs == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 with a message", args, code, out, errs)
		}
	}
}

func TestClassifyLineTooLong(t *testing.T) {
	code, _, errs := runWithStdin(t, strings.Repeat("a", maxLine+1)+"\n", "classify")
	if code != 1 || !strings.Contains(errs, "reading stdin") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming the input", code, errs)
	}
}
