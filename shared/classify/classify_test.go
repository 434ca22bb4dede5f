package classify_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

func newClassifier(t testing.TB, opts classify.Options) *classify.Classifier {
	t.Helper()
	c, err := classify.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func hasEvidence(ev []feed.Evidence, decision, path, value string) bool {
	return slices.ContainsFunc(ev, func(e feed.Evidence) bool {
		return strings.HasPrefix(e.Decision, decision) && e.Path == path && (value == "" || e.Value == value)
	})
}

// The tactic rules, each kind in English and German, with the span they
// must report, and texts that must not fire.
func TestTactics(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	tests := []struct {
		lang, text string
		kind       classify.TacticKind
		span       string // "" means the kind must not fire
	}{
		{"en", "Last chance to get yours!", classify.Urgency, "Last chance"},
		{"en", "Sale ends tonight, don't wait", classify.Urgency, "Sale ends"},
		{"en", "Only 2 hours left to order", classify.Urgency, "Only 2 hours left"},
		{"en", "This was the last day of school", classify.Urgency, ""},
		{"de", "Nur heute: alles reduziert", classify.Urgency, "Nur heute"},
		{"de", "Letzte Chance für das Angebot", classify.Urgency, "Letzte Chance"},
		{"de", "Das Angebot endet heute um Mitternacht", classify.Urgency, "Angebot endet"},
		{"de", "Heute habe ich nur kurz Zeit", classify.Urgency, ""},
		{"en", "Only 3 left in stock!", classify.Scarcity, "Only 3 left"},
		{"en", "Almost sold out – selling fast", classify.Scarcity, "Almost sold out"},
		{"en", "Only three of us went to the party", classify.Scarcity, ""},
		{"de", "Nur noch wenige Stück verfügbar", classify.Scarcity, "Nur noch wenige"},
		{"de", "Solange der Vorrat reicht!", classify.Scarcity, "Solange der Vorrat reicht"},
		{"de", "Nur noch 3 Tage bis Weihnachten", classify.Scarcity, ""},
		{"en", "Over 10,000 people bought this last week", classify.SocialProof, "10,000 people bought"},
		{"en", "Our bestseller is back", classify.SocialProof, "bestseller"},
		{"en", "Ten people came to the meeting", classify.SocialProof, ""},
		{"de", "Schon 5.000 Kunden vertrauen uns", classify.SocialProof, "5.000 Kunden vertrauen"},
		{"de", "Unser Bestseller ist zurück", classify.SocialProof, "Bestseller"},
		{"en", "Don't miss out on this drop", classify.FOMO, "Don't miss out"},
		{"en", "Exclusive access for members only", classify.FOMO, "Exclusive access"},
		{"en", "An exclusive interview with the minister", classify.FOMO, ""},
		{"de", "Exklusives Angebot nur für Mitglieder", classify.FOMO, "Exklusives Angebot"},
		{"de", "Das darfst du nicht verpassen", classify.FOMO, "nicht verpassen"},
		{"de", "Nie wieder Krieg", classify.FOMO, ""},
		{"en", "Everything -70% this weekend", classify.FakeDiscount, "-70%"},
		{"en", "Up to 50% off everything", classify.FakeDiscount, "Up to 50% off"},
		{"en", "It was 5 years ago", classify.FakeDiscount, ""},
		{"de", "Jetzt nur 29€ statt 99€", classify.FakeDiscount, "statt 99€"},
		{"de", "UVP 199 €, bei uns günstiger", classify.FakeDiscount, "UVP 199"},
		{"de", "statt zu reden, handeln", classify.FakeDiscount, ""},
		{"en", "You won't believe what happened next", classify.Clickbait, "You won't believe what"},
		{"en", "17 things you didn't know about cats", classify.Clickbait, "17 things you"},
		{"de", "Du wirst nicht glauben, was dann passiert", classify.Clickbait, "Du wirst nicht glauben"},
		{"de", "10 Tipps, die dein Leben verändern", classify.Clickbait, "10 Tipps, die"},
		{"de", "Die Regierung beschließt den Haushalt", classify.Clickbait, ""},
		{"en", "Like if you agree!", classify.EngagementBait, "Like if you agree"},
		{"en", "Comment YES if you want the recipe", classify.EngagementBait, "Comment YES"},
		{"en", "Tag a friend who needs this", classify.EngagementBait, "Tag a friend"},
		{"en", "I like it if you agree with me", classify.EngagementBait, ""},
		{"de", "Teilen, wenn du auch so denkst!", classify.EngagementBait, "Teilen, wenn du"},
		{"de", "Markiere einen Freund, der das braucht", classify.EngagementBait, "Markiere einen Freund"},
		{"de", "Schreib mal wieder eine Karte", classify.EngagementBait, ""},
		{"en", "How dare they do this, disgraceful", classify.Outrage, "How dare"},
		{"en", "What a bunch of idiots", classify.Outrage, "idiots"},
		{"en", "The team played well today", classify.Outrage, ""},
		{"de", "Diese Volksverräter gehören abgewählt", classify.Outrage, "Volksverräter"},
		{"de", "Was für eine Frechheit!", classify.Outrage, "Frechheit"},
		{"de", "Wir freuen uns auf das Wochenende", classify.Outrage, ""},
	}
	for _, tt := range tests {
		l := c.Text(tt.text, tt.lang)
		i := slices.IndexFunc(l.Tactics, func(x classify.Tactic) bool { return x.Kind == tt.kind })
		switch {
		case tt.span == "" && i >= 0:
			t.Errorf("%q: %s fired on %q, want nothing", tt.text, tt.kind, l.Tactics[i].Span)
		case tt.span != "" && i < 0:
			t.Errorf("%q: %s did not fire (tactics %v)", tt.text, tt.kind, l.Tactics)
		case tt.span != "" && l.Tactics[i].Span != tt.span:
			t.Errorf("%q: %s span %q, want %q", tt.text, tt.kind, l.Tactics[i].Span, tt.span)
		case tt.span != "" && !hasEvidence(l.Evidence, "tactic="+string(tt.kind), "text", tt.span):
			t.Errorf("%q: no evidence for %s with %q: %v", tt.text, tt.kind, tt.span, l.Evidence)
		}
	}
}

func TestCommercial(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	tests := []struct {
		post  feed.Post
		want  classify.Commercial
		path  string
		value string
	}{
		{feed.Post{Text: "Try our app", Ad: &feed.AdInfo{Advertiser: "Acme", Disclosure: "Promoted"}}, classify.PlatformAd, "ad", "Promoted: Acme"},
		{feed.Post{Text: "Try our app", Reason: feed.Ad}, classify.PlatformAd, "reason", "ad"},
		{feed.Post{Text: "Love this serum #ad"}, classify.SelfDisclosedAd, "text", "#ad"},
		{feed.Post{Text: "Mein neues Parfum #Werbung"}, classify.SelfDisclosedAd, "text", "#Werbung"},
		{feed.Post{Text: "Bezahlte Partnerschaft mit Nivea"}, classify.SelfDisclosedAd, "text", "Bezahlte Partnerschaft"},
		{feed.Post{Text: "In Kooperation mit @zalando zeige ich euch"}, classify.SelfDisclosedAd, "text", "In Kooperation mit"},
		{feed.Post{Text: "Unbezahlte Werbung: mein Lieblingsbuch"}, classify.SelfDisclosedAd, "text", "Unbezahlte Werbung:"},
		{feed.Post{Text: "Paid partnership with Adidas"}, classify.SelfDisclosedAd, "text", "Paid partnership"},
		{feed.Post{Text: "Links are affiliate links"}, classify.SelfDisclosedAd, "text", "affiliate links"},
		{feed.Post{Text: "Anzeige | Mein Sommerlook"}, classify.SelfDisclosedAd, "text", "Anzeige |"},
		{feed.Post{Text: "Use code SAVE20 at checkout"}, classify.LikelyCommercial, "text", "code SAVE20"},
		{feed.Post{Text: "Mit dem Rabattcode ANNA15 spart ihr"}, classify.LikelyCommercial, "text", "Mit dem Rabattcode ANNA15"},
		{feed.Post{Text: "My favourite lamp", Links: []string{"https://amzn.to/3xYzAb"}}, classify.LikelyCommercial, "links.0", "https://amzn.to/3xYzAb"},
		{feed.Post{Text: "Found it", Links: []string{"https://example.org", "https://www.amazon.de/dp/B0?tag=anna-21"}}, classify.LikelyCommercial, "links.1", "https://www.amazon.de/dp/B0?tag=anna-21"},
		{feed.Post{Text: "New drop https://shop.example.com/x?utm_medium=affiliate&utm_source=ig"}, classify.LikelyCommercial, "text", "https://shop.example.com/x?utm_medium=affiliate&utm_source=ig"},
		{feed.Post{Text: "Sneakers", Links: []string{"https://shop.example.com/p?aff_id=42"}}, classify.LikelyCommercial, "links.0", "https://shop.example.com/p?aff_id=42"},
		{feed.Post{Text: "This ad campaign was studied by researchers"}, classify.NotCommercial, "", ""},
		{feed.Post{Text: "Our code review found a bug"}, classify.NotCommercial, "", ""},
		{feed.Post{Text: "Die Kooperation zwischen Bund und Ländern"}, classify.NotCommercial, "", ""},
		{feed.Post{Text: "Book", Links: []string{"https://www.amazon.de/dp/B0"}}, classify.NotCommercial, "", ""},
		{feed.Post{Text: "The European Commission met today"}, classify.NotCommercial, "", ""},
	}
	for _, tt := range tests {
		p := tt.post
		l := c.Post(&p)
		if l.Commercial != tt.want {
			t.Errorf("%q: commercial %q, want %q (evidence %v)", p.Text, l.Commercial, tt.want, l.Evidence)
			continue
		}
		if tt.want != classify.NotCommercial && !hasEvidence(l.Evidence, "commercial="+string(tt.want), tt.path, tt.value) {
			t.Errorf("%q: no evidence %s at %s = %q: %v", p.Text, tt.want, tt.path, tt.value, l.Evidence)
		}
	}
}

func TestTiers(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	for followers, want := range map[int64]classify.Tier{
		-1: classify.UnknownTier, 0: classify.Nano, 9_999: classify.Nano, 10_000: classify.Micro, 99_999: classify.Micro,
		100_000: classify.Mid, 999_999: classify.Mid, 1_000_000: classify.Macro, 9_999_999: classify.Macro, 10_000_000: classify.Mega, 250_000_000: classify.Mega,
	} {
		p := feed.Post{Author: feed.Author{Followers: followers}}
		l := c.Post(&p)
		if l.Tier != want {
			t.Errorf("%d followers: tier %s, want %s", followers, l.Tier, want)
		}
		if followers >= 0 && !hasEvidence(l.Evidence, "tier="+string(want), "author.followers", "") {
			t.Errorf("%d followers: no tier evidence: %v", followers, l.Evidence)
		}
	}
}

func TestBrandAndVerified(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	tests := []struct {
		author feed.Author
		brand  bool
		path   string
	}{
		{feed.Author{Handle: "bakery_mueller", Name: "Bäckerei Müller", Organization: true, Followers: 300}, true, "author.organization"},
		{feed.Author{Handle: "adidas", Name: "adidas", Followers: 500}, true, "author.name"},
		{feed.Author{Handle: "zalando_de", Name: "Mode bei uns", Followers: 50}, true, "author.handle"},
		{feed.Author{Handle: "deutschebahn", Name: "Deutsche Bahn", Verified: true, Followers: 900_000}, true, "author.name"},
		// "Target" is an everyday word: only a verified or big account counts.
		{feed.Author{Handle: "target", Name: "Target", Verified: true, Followers: 5_000}, true, "author.name"},
		{feed.Author{Handle: "target", Name: "Target", Followers: 40}, false, ""},
		{feed.Author{Handle: "anna_mueller", Name: "Anna Müller", Followers: 1200}, false, ""},
		{feed.Author{Handle: "go", Name: "Go", Verified: true, Followers: 5_000_000}, false, ""},
	}
	for _, tt := range tests {
		p := feed.Post{Author: tt.author}
		l := c.Post(&p)
		if l.Brand != tt.brand {
			t.Errorf("%+v: brand %v, want %v (%v)", tt.author, l.Brand, tt.brand, l.Evidence)
		}
		if tt.brand && !hasEvidence(l.Evidence, "brand", tt.path, "") {
			t.Errorf("%+v: no brand evidence at %s: %v", tt.author, tt.path, l.Evidence)
		}
		if l.Verified != tt.author.Verified {
			t.Errorf("%+v: verified %v", tt.author, l.Verified)
		}
	}
}

func TestPolitical(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	p := feed.Post{Platform: feed.X, Author: feed.Author{Handle: "@DrTurgutAltug"}}
	l := c.Post(&p)
	if l.Political == nil || l.Political.Party != "GRÜNE" || l.Political.Role != "Abgeordnetenhaus von Berlin" {
		t.Fatalf("political = %+v, want GRÜNE, Abgeordnetenhaus von Berlin", l.Political)
	}
	if !hasEvidence(l.Evidence, "political=GRÜNE", "author.handle", "@DrTurgutAltug") {
		t.Errorf("no political evidence: %v", l.Evidence)
	}
	for _, other := range []feed.Post{
		{Platform: feed.Instagram, Author: feed.Author{Handle: "DrTurgutAltug"}}, // listed for X only
		{Platform: feed.X, Author: feed.Author{Handle: "someone_else"}},
		{Platform: feed.X},
	} {
		if l := c.Post(&other); l.Political != nil {
			t.Errorf("%s/%s: political %+v, want none", other.Platform, other.Author.Handle, l.Political)
		}
	}
}

func TestLeaning(t *testing.T) {
	csv := "domain,leaning\nleft.example,-0.8\nhttps://www.right.example/news,0.6\ncentre.example, 0.1\n\n"
	lean, err := classify.ReadLeanings(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(lean) != 3 || lean["right.example"] != 0.6 {
		t.Fatalf("ReadLeanings = %v", lean)
	}
	c := newClassifier(t, classify.Options{Leanings: lean})
	p := feed.Post{Domains: []string{"left.example", "unknown.example", "right.example", "centre.example"}}
	l := c.Post(&p)
	want := (-0.8 + 0.6 + 0.1) / 3
	if l.Leaning == nil || math.Abs(*l.Leaning-want) > 1e-12 {
		t.Fatalf("leaning = %v, want %v", l.Leaning, want)
	}
	for path, value := range map[string]string{"domains.0": "left.example", "domains.2": "right.example", "domains.3": "centre.example"} {
		if !hasEvidence(l.Evidence, "leaning", path, value) {
			t.Errorf("no leaning evidence for %s: %v", path, l.Evidence)
		}
	}
	p = feed.Post{Domains: []string{"unknown.example"}}
	if l := c.Post(&p); l.Leaning != nil {
		t.Errorf("unknown domains only: leaning %v, want none", *l.Leaning)
	}
	if l := newClassifier(t, classify.Options{}).Post(&feed.Post{Domains: []string{"left.example"}}); l.Leaning != nil {
		t.Error("leaning without a table")
	}
}

func TestReadLeaningsErrors(t *testing.T) {
	for _, bad := range []string{
		"a.example,1.5\n",                  // out of range
		"domain,leaning\na.example,left\n", // not a number after the header
		"a.example,0.2\na.example,0.3\n",   // twice, differently
		"a.example\n",                      // one cell
		"\"a.example,0.2\n",                // broken quoting
		"a.example,NaN\n",
	} {
		if _, err := classify.ReadLeanings(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadLeanings(%q) succeeded, want an error", bad)
		}
	}
}

func TestTopic(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	tests := []struct {
		lang, text string
		want       classify.Topic
	}{
		{"en", "The striker scored twice and the team won the championship final", classify.Sports},
		{"de", "Der Bundestag hat das neue Gesetz zur Migration beschlossen, die Opposition protestiert", classify.Politics},
		{"en", "Scientists discovered a new planet with the space telescope", classify.ScienceTech},
		{"de", "Die Impfung schützt vor einer schweren Erkrankung, sagen Ärzte im Krankenhaus", classify.Health},
		{"en", "Shares fell as investors worried about inflation and interest rates", classify.Business},
		{"de", "Unser Flug nach Lissabon: Tipps für Hotel, Strand und Sehenswürdigkeiten", classify.Travel},
		{"en", "The new album of the band tops the charts after a sold-out concert tour", classify.Entertainment},
		{"de", "Rezept: veganer Schokoladenkuchen, einfach selbst backen", classify.Lifestyle},
	}
	for _, tt := range tests {
		l := c.Text(tt.text, tt.lang)
		if l.Topic != tt.want {
			t.Errorf("%q: topic %s (%.2f), want %s; %v", tt.text, l.Topic, l.TopicScore, tt.want, l.Evidence)
			continue
		}
		if l.TopicScore <= 0 || l.TopicScore > 1 || !hasEvidence(l.Evidence, "topic="+string(tt.want), "text", "") {
			t.Errorf("%q: score %v, evidence %v", tt.text, l.TopicScore, l.Evidence)
		}
	}
	if l := c.Text("", ""); l.Topic != classify.Other || l.TopicScore != 0 {
		t.Errorf("empty text: %s %v, want other 0", l.Topic, l.TopicScore)
	}
}

func TestTopicEvidenceNamesWords(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	l := c.Text("Bundesliga: Bayern gewinnt das Derby, drei Tore in der zweiten Halbzeit", "de")
	i := slices.IndexFunc(l.Evidence, func(e feed.Evidence) bool { return strings.HasPrefix(e.Decision, "topic=sports") })
	if i < 0 {
		t.Fatalf("no sports evidence: %v", l.Evidence)
	}
	words := strings.Split(l.Evidence[i].Value, ", ")
	if len(words) == 0 || len(words) > 3 {
		t.Fatalf("evidence %q: want 1–3 words with weights", l.Evidence[i].Value)
	}
	for _, w := range words {
		word, weight, ok := strings.Cut(w, " ")
		if !ok || !strings.Contains(l.Evidence[i].Value, word) || !strings.Contains("Bundesliga: Bayern gewinnt das Derby, drei Tore in der zweiten Halbzeit", word) || weight <= "0" {
			t.Errorf("evidence item %q is not a word of the text with a positive weight", w)
		}
	}
}

func TestHintsAndHashtags(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	p := feed.Post{Text: "what a moment", Hints: []string{"Sports"}}
	l := c.Post(&p)
	if l.Topic != classify.Sports || !hasEvidence(l.Evidence, "topic hint=sports", "hints", "Sports") {
		t.Errorf("hint Sports: topic %s, evidence %v", l.Topic, l.Evidence)
	}
	p = feed.Post{Text: "what a moment", Hints: []string{"r/personalfinance"}}
	if l := c.Post(&p); l.Topic != classify.Business {
		t.Errorf("hint r/personalfinance: topic %s, want business", l.Topic)
	}
	p = feed.Post{Text: "so good", Hashtags: []string{"ChampionsLeague", "Fussball"}}
	if l := c.Post(&p); l.Topic != classify.Sports {
		t.Errorf("hashtags: topic %s, want sports (%v)", l.Topic, l.Evidence)
	}
}

func TestLanguageDetection(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	for text, want := range map[string]string{
		"The government is not sure what to do with the new law":       "en",
		"Die Regierung weiß nicht, was sie mit dem Gesetz machen soll": "de",
		"Schöne Grüße": "de",
		"SAVE20":       "",
	} {
		if got := c.Text(text, "").Lang; got != want {
			t.Errorf("%q: lang %q, want %q", text, got, want)
		}
	}
}

func TestClickbaitOnlyOnHeadlines(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	headline := "This Dog Did Something Amazing And The Internet Can't Get Over It"
	// A bare text is taken for a headline.
	if l := c.Text(headline, "en"); l.Clickbait < 0.5 {
		t.Errorf("headline text: clickbait %.2f, want ≥ 0.5", l.Clickbait)
	}
	// A post that links somewhere shows a headline; one that does not is
	// chat, and only the rules judge it.
	linked := feed.Post{Text: headline, Links: []string{"https://example.com/story"}, Domains: []string{"example.com"}}
	if l := c.Post(&linked); l.Clickbait < 0.5 || !slices.ContainsFunc(l.Tactics, func(x classify.Tactic) bool { return x.Kind == classify.Clickbait && x.Span == headline }) {
		t.Errorf("linked post: clickbait %.2f, tactics %v", l.Clickbait, l.Tactics)
	}
	// A photo's caption is no headline, even with a link to the photo.
	photo := feed.Post{Text: headline, Links: []string{"https://i.redd.it/abc.jpg"}, Domains: []string{"redd.it"}}
	if l := c.Post(&photo); l.Clickbait != 0 {
		t.Errorf("photo caption: clickbait %.2f, want 0", l.Clickbait)
	}
	chat := feed.Post{Text: headline}
	if l := c.Post(&chat); l.Clickbait != 0 {
		t.Errorf("unlinked post: clickbait %.2f, want 0 (no rule matches)", l.Clickbait)
	}
	if l := c.Text("Parliament approves budget after long debate", "en"); l.Clickbait >= 0.5 {
		t.Errorf("news headline: clickbait %.2f, want < 0.5", l.Clickbait)
	}
	// A title of a word or two is too short to judge (the model took
	// these for clickbait); from three words on, the model reads it.
	for _, short := range []string{"hello", "stuff!", "best pizza", "Leon's lockpad", "top 10"} {
		p := feed.Post{Text: short, Links: []string{"https://example.com/x"}, Domains: []string{"example.com"}}
		if l := c.Post(&p); l.Clickbait != 0 {
			t.Errorf("%q: clickbait %.2f, want 0 (too short to judge)", short, l.Clickbait)
		}
	}
	if l := c.Text("You Won't Believe", "en"); l.Clickbait < 0.5 {
		t.Errorf("three-word headline: clickbait %.2f, want ≥ 0.5", l.Clickbait)
	}
}

func TestGermanOffenseModel(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	// No rule matches this text; the model trained on GermEval does.
	text := "@user Die wollen uns doch nur alle verarschen, diese Bande"
	l := c.Text(text, "de")
	i := slices.IndexFunc(l.Tactics, func(x classify.Tactic) bool { return x.Kind == classify.Outrage })
	if i < 0 || !strings.Contains(text, l.Tactics[i].Span) || !hasEvidence(l.Evidence, "tactic=outrage (model", "text", "") {
		t.Errorf("tactics %v, evidence %v", l.Tactics, l.Evidence)
	}
	if l := c.Text(text, "en"); slices.ContainsFunc(l.Tactics, func(x classify.Tactic) bool { return x.Kind == classify.Outrage }) {
		t.Error("the German model ran on a text said to be English")
	}
}

func TestEveryFieldIsFilled(t *testing.T) {
	c := newClassifier(t, classify.Options{})
	p := feed.Post{Platform: feed.X, Text: "hello", Author: feed.Author{Followers: -1}}
	l := c.Post(&p)
	if l.Reason != feed.Unknown || l.Tier != classify.UnknownTier || l.Topic == "" || l.Tactics == nil || l.Evidence == nil {
		t.Errorf("labels of a bare post: %+v", l)
	}
}

func TestEmbeddedModelsFitTheBudget(t *testing.T) {
	const budget = 2 << 20
	if n := classify.EmbeddedSize(); n > budget || n < 100_000 {
		t.Errorf("embedded models and tables: %d bytes, want ≤ %d (and more than nothing)", n, budget)
	}
}
