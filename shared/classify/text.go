package classify

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/feedlens/feedlens/shared/classify/internal/linear"
	"github.com/feedlens/feedlens/shared/classify/internal/token"
	"github.com/feedlens/feedlens/shared/feed"
)

// nameKey is the form names, handles and hints are matched in.
func nameKey(s string) string { return token.Key(s) }

// match is the first match of one rule kind in a text.
type match struct {
	rule        int
	first, last int
	ok          bool
}

// analyse tokenises text, hashes its model features and runs every rule
// over it, once; the label steps that follow read the results from s.
func (c *Classifier) analyse(s *scratch, text string) {
	s.text.Split(text)
	s.feats, s.starts = c.m.topic.ExtractTokens(&s.text, s.feats[:0], s.starts)
	s.matches = append(s.matches[:0], make([]match, len(ruleKinds))...)
	c.m.rules.Match(&s.text, func(rule, first, last int) bool {
		slot := c.m.ruleKind[rule]
		if !s.matches[slot].ok {
			s.matches[slot] = match{rule: rule, first: first, last: last, ok: true}
		}
		return true
	})
}

// span returns the original words of a match.
func (s *scratch) span(m match) string { return s.text.Original(m.first, m.last) }

// commercialText labels what the text and links disclose or betray.
func (c *Classifier) commercialText(s *scratch, links []string, ev []feed.Evidence) (Commercial, []feed.Evidence) {
	if m := s.matches[slotSelfDisclosed]; m.ok {
		return SelfDisclosedAd, append(ev, feed.Evidence{Decision: "commercial=" + string(SelfDisclosedAd), Path: "text", Value: s.span(m)})
	}
	if m := s.matches[slotCommercial]; m.ok {
		return LikelyCommercial, append(ev, feed.Evidence{Decision: "commercial=" + string(LikelyCommercial), Path: "text", Value: s.span(m)})
	}
	for i, l := range links {
		if why := affiliate(l); why != "" {
			return LikelyCommercial, append(ev, feed.Evidence{Decision: "commercial=" + string(LikelyCommercial) + " (" + why + ")", Path: "links." + strconv.Itoa(i), Value: shorten(l, 120)})
		}
	}
	for i := range s.text.List {
		if tk := &s.text.List[i]; tk.Kind == token.URL {
			l := s.text.Text[tk.Start:tk.End]
			if why := affiliate(l); why != "" {
				return LikelyCommercial, append(ev, feed.Evidence{Decision: "commercial=" + string(LikelyCommercial) + " (" + why + ")", Path: "text", Value: shorten(l, 120)})
			}
		}
	}
	return NotCommercial, ev
}

// Clickbait scoring.
const (
	// clickbaitThreshold is the score from which a text counts as
	// clickbait: the model's own decision boundary.
	clickbaitThreshold = 0.5
	// ruleClickbait is the score a clickbait rule match gives.
	ruleClickbait = 0.9
	// headlineTokens is how much of a post's first line the clickbait
	// model reads: it was trained on headlines.
	headlineTokens = 40
	// minHeadlineWords is the fewest words (numbers count) the clickbait
	// model judges: a word or two ("hello", "best pizza") say too little,
	// and the model, which learned formal news headlines against
	// clickbait, took such titles for clickbait. 11 of its 25,551
	// training headlines are that short; on its dev split, recall 0.969
	// → 0.967, precision unchanged (0.985). Four words cost twice as much
	// recall.
	minHeadlineWords = 3
)

// tactics lists the tactics the rules found and scores clickbait. The
// clickbait model reads English headlines only: headline is false for
// posts without links (the model learned news headlines against clickbait
// ones and takes ordinary chat for clickbait; a web address in the text
// alone is often just the post's own picture). The rules read everything.
func (c *Classifier) tactics(s *scratch, lang string, headline bool, ev []feed.Evidence) ([]Tactic, float64, []feed.Evidence) {
	out := []Tactic{} // never null in JSON
	score := 0.0
	cb := s.matches[slotOf(Clickbait)]
	if headline && lang != German {
		n := s.headline()
		if nfeats := int(s.starts[n]); nfeats > 0 && s.words(n) >= minHeadlineWords {
			model := c.m.clickbait
			s.probabilities(model, n)
			score = s.logits[c.m.clickbaitK]
			if !cb.ok && score >= clickbaitThreshold {
				words := s.explain(model, c.m.clickbaitK, n, nfeats, false)
				ev = append(ev, feed.Evidence{Decision: "tactic=clickbait (model " + strconv.FormatFloat(score, 'f', 2, 64) + ")", Path: "text", Value: words})
			}
		}
	}
	if cb.ok {
		score = max(score, ruleClickbait)
	}
	for slot, kind := range TacticKinds {
		m := s.matches[slot]
		switch {
		case m.ok:
			span := s.span(m)
			out = append(out, Tactic{Kind: kind, Span: span})
			ev = append(ev, feed.Evidence{Decision: tacticDecisions[slot], Path: "text", Value: span})
		case kind == Clickbait && score >= clickbaitThreshold:
			out = append(out, Tactic{Kind: kind, Span: s.headlineText()})
		case kind == Outrage && lang == German:
			var t *Tactic
			if t, ev = c.offense(s, ev); t != nil {
				out = append(out, *t)
			}
		}
	}
	return out, score, ev
}

// offenseThreshold is the offense model's decision boundary.
const offenseThreshold = 0.5

// probabilities sets s.logits to model's class probabilities for the
// first n tokens of the text, leaving their sums in s.sums for explain.
func (s *scratch) probabilities(model *linear.Model, n int) {
	s.sums = model.TokenSums(s.feats, s.starts[:n+1], s.sums[:0])
	model.LogitsOf(s.logits[:], int(s.starts[n]), s.sums)
	linear.Softmax(s.logits[:model.K()])
}

// offense runs the German offensive-language model over the whole text;
// the span it reports is the word that weighs most.
func (c *Classifier) offense(s *scratch, ev []feed.Evidence) (*Tactic, []feed.Evidence) {
	model := c.m.offense
	if len(s.feats) == 0 {
		return nil, ev
	}
	s.probabilities(model, len(s.text.List))
	p := s.logits[c.m.offenseK]
	if p < offenseThreshold {
		return nil, ev
	}
	words := s.explain(model, c.m.offenseK, len(s.text.List), len(s.feats), false)
	span := s.headlineText()
	if len(s.top) > 0 {
		span = s.top[0].t.Original(s.top[0].tok, s.top[0].tok)
	}
	ev = append(ev, feed.Evidence{Decision: "tactic=outrage (model " + strconv.FormatFloat(p, 'f', 2, 64) + ")", Path: "text", Value: words})
	return &Tactic{Kind: Outrage, Span: span}, ev
}

// headline returns how many tokens of the text form its first line,
// at most headlineTokens; a web address ends it.
func (s *scratch) headline() int {
	nl := strings.IndexByte(s.text.Text, '\n')
	n := 0
	for n < len(s.text.List) && n < headlineTokens && (nl < 0 || s.text.List[n].Start < nl) && s.text.List[n].Kind != token.URL {
		n++
	}
	return n
}

// words counts the words and numbers among the first n tokens.
func (s *scratch) words(n int) int {
	w := 0
	for _, t := range s.text.List[:n] {
		if t.Kind == token.Word || t.Kind == token.Number {
			w++
		}
	}
	return w
}

// headlineText is the first line the clickbait model read.
func (s *scratch) headlineText() string {
	n := s.headline()
	if n == 0 {
		return ""
	}
	return shorten(s.text.Original(0, n-1), 160)
}

// minTopicScore is the probability below which a post's topic is
// "other": the model has no clear idea (ad copy, chat, a language it
// does not know).
const minTopicScore = 0.25

// hintBoost is the logit a platform's own topic hint adds to its topic:
// about as much as two or three strongly topical words.
const hintBoost = 2.0

// topic scores the topic model on the text plus extra hashtags and
// platform hints.
func (c *Classifier) topic(s *scratch, hashtags, hints []string, ev []feed.Evidence) (Topic, float64, []feed.Evidence) {
	model := c.m.topic
	s.extra.Split(camelWords(s.buf[:0], hashtags, hints))
	s.extraFeats, s.extraStarts = model.ExtractTokens(&s.extra, s.extraFeats[:0], s.extraStarts)
	s.sums = model.TokenSums(s.feats, s.starts, s.sums[:0])
	s.extraSums = model.TokenSums(s.extraFeats, s.extraStarts, s.extraSums[:0])
	nfeats := len(s.feats) + len(s.extraFeats)
	K := model.K()
	logits := s.logits[:K]
	model.LogitsOf(logits, nfeats, s.sums, s.extraSums)
	hinted := false
	for _, h := range hints {
		if t, ok := c.m.hints[nameKey(strings.TrimPrefix(h, "r/"))]; ok {
			for k, kt := range c.m.topicOf {
				if kt == t {
					logits[k] += hintBoost
				}
			}
			hinted = true
			ev = append(ev, feed.Evidence{Decision: "topic hint=" + string(t), Path: "hints", Value: h})
		}
	}
	if nfeats == 0 && !hinted {
		return Other, 0, ev
	}
	linear.Softmax(logits)
	best := 0
	for k := range logits {
		if logits[k] > logits[best] {
			best = k
		}
	}
	t, p := c.m.topicOf[best], logits[best]
	if p < minTopicScore {
		t = Other
	}
	words := s.explain(model, best, len(s.text.List), nfeats, true)
	ev = append(ev, feed.Evidence{Decision: "topic=" + string(t) + " (" + strconv.FormatFloat(p, 'f', 2, 64) + ")", Path: "text", Value: words})
	return t, p, ev
}

// camelWords joins hashtags and hints into one text, splitting
// "AnimalsBeingJerks" and "news_politics" into words.
func camelWords(b []byte, lists ...[]string) string {
	for _, list := range lists {
		for _, s := range list {
			s = strings.TrimPrefix(s, "r/")
			prev := ' '
			for _, r := range s {
				if r == '_' || r == '#' {
					r = ' '
				}
				if unicode.IsUpper(r) && unicode.IsLower(prev) {
					b = append(b, ' ')
				}
				b = utf8.AppendRune(b, r)
				prev = r
			}
			b = append(b, ' ')
		}
	}
	return string(b)
}

// evidenceWords is how many words explain a model decision.
const evidenceWords = 3

type wordWeight struct {
	t      *token.Tokens
	tok    int
	weight float64
}

// explain names the words that pull a model most towards class k, with
// their weights in logit units: the words of the first n tokens of the
// text, and those of the hashtags and hints when extra is set; nfeats is
// the number of features the model scored. A word's weight is the sum
// over its own features (the word, its character n-grams and its pair
// with the word before), read from the token sums (s.sums, s.extraSums)
// the model's decision was made from.
func (s *scratch) explain(model *linear.Model, k, n, nfeats int, extra bool) string {
	s.top = s.top[:0]
	s.collect(model, k, nfeats, &s.text, s.sums, s.starts[:n+1])
	if extra {
		s.collect(model, k, nfeats, &s.extra, s.extraSums, s.extraStarts)
	}
	b := s.buf[:0]
	for i, w := range s.top {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, w.t.Original(w.tok, w.tok)...)
		b = append(b, ' ')
		b = strconv.AppendFloat(b, w.weight, 'f', 2, 64)
	}
	s.buf = b
	return string(b)
}

// collect keeps the evidenceWords tokens of t with the largest positive
// weight; token i owns feats[starts[i]:starts[i+1]] (none: no weight) and
// sums[i*K:(i+1)*K].
func (s *scratch) collect(model *linear.Model, k, nfeats int, t *token.Tokens, sums []int32, starts []int32) {
	K := model.K()
outer:
	for i := 0; i+1 < len(starts); i++ {
		if starts[i] == starts[i+1] {
			continue
		}
		w := model.WeightOf(sums[i*K:(i+1)*K], k, nfeats)
		if w <= 0 || len(s.top) == evidenceWords && w <= s.top[evidenceWords-1].weight {
			continue
		}
		for _, o := range s.top {
			if string(o.t.NormalBytes(o.tok)) == string(t.NormalBytes(i)) {
				continue outer
			}
		}
		s.top = append(s.top, wordWeight{t: t, tok: i, weight: w})
		for j := len(s.top) - 1; j > 0 && s.top[j].weight > s.top[j-1].weight; j-- {
			s.top[j], s.top[j-1] = s.top[j-1], s.top[j]
		}
		if len(s.top) > evidenceWords {
			s.top = s.top[:evidenceWords]
		}
	}
}

// shorten cuts s to at most n bytes at a rune boundary, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// tacticDecisions are the evidence decisions of the tactic kinds, by slot.
var tacticDecisions = func() []string {
	var out []string
	for _, k := range TacticKinds {
		out = append(out, "tactic="+string(k))
	}
	return out
}()

// hasWord reports whether the text has a word token that normalises to
// key.
func (s *scratch) hasWord(key string) bool {
	for i := range s.text.List {
		if string(s.text.NormalBytes(i)) == key {
			return true
		}
	}
	return false
}

// Rule-match slots of the commercial kinds; tactic kinds use their index
// in TacticKinds.
var (
	slotSelfDisclosed = len(TacticKinds)
	slotCommercial    = len(TacticKinds) + 1
)

func slotOf(k TacticKind) int {
	for i, t := range TacticKinds {
		if t == k {
			return i
		}
	}
	return -1
}
