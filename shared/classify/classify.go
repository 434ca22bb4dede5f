package classify

import (
	"fmt"
	"sync"

	"github.com/feedlens/feedlens/shared/classify/internal/token"
	"github.com/feedlens/feedlens/shared/feed"
)

// Options configure a Classifier. The zero value is the default.
type Options struct {
	// Leanings maps linked domains to a political leaning in [-1, 1],
	// usually loaded with ReadLeanings from a CSV the user or a study
	// supplies. feedlens ships no such table.
	Leanings Leanings
}

// Classifier labels posts and texts. It is safe for concurrent use.
type Classifier struct {
	m        *models
	leanings Leanings
	scratch  sync.Pool
}

// New returns a Classifier with the embedded models and the given options.
func New(opts Options) (*Classifier, error) {
	m, err := loadModels()
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	c := &Classifier{m: m, leanings: opts.Leanings}
	c.scratch.New = func() any { return new(scratch) }
	return c, nil
}

// scratch is the per-call working memory, reused across calls so that
// classifying a post allocates little more than its result.
type scratch struct {
	text, extra token.Tokens
	// feats are the hashed features of text, shared by all models;
	// token i owns feats[starts[i]:starts[i+1]]. extraFeats are those of
	// the hashtags and hints. sums and extraSums are the tokens' weight
	// sums (linear.TokenSums) under the model that ran last.
	feats, extraFeats   []uint32
	starts, extraStarts []int32
	sums, extraSums     []int32
	logits              [16]float64
	matches             []match
	tags                []string
	top                 []wordWeight
	buf                 []byte
}

// TextLabels are the labels of a bare text: what `feedlens classify`
// prints for each line.
type TextLabels struct {
	Lang       string          `json:"lang"`
	Topic      Topic           `json:"topic"`
	TopicScore float64         `json:"topic_score"`
	Tactics    []Tactic        `json:"tactics"`
	Clickbait  float64         `json:"clickbait"`
	Commercial Commercial      `json:"commercial"`
	Evidence   []feed.Evidence `json:"evidence"`
}

// Languages the classifier knows; "" asks it to detect the language.
const (
	English = "en"
	German  = "de"
)

// Text labels a bare text. lang is "en", "de" or "" to detect it. The
// text is taken for a headline: the clickbait model always scores it.
func (c *Classifier) Text(text, lang string) TextLabels {
	s := c.scratch.Get().(*scratch)
	defer c.scratch.Put(s)
	var out TextLabels
	ev := make([]feed.Evidence, 0, 8)
	c.analyse(s, text)
	out.Lang = language(&s.text, lang)
	out.Commercial, ev = c.commercialText(s, nil, ev)
	out.Tactics, out.Clickbait, ev = c.tactics(s, out.Lang, true, ev)
	out.Topic, out.TopicScore, ev = c.topic(s, nil, nil, ev)
	out.Evidence = ev
	return out
}

// Post labels one normalised post.
func (c *Classifier) Post(p *feed.Post) Labels {
	s := c.scratch.Get().(*scratch)
	defer c.scratch.Put(s)
	var l Labels
	ev := make([]feed.Evidence, 0, 8)
	c.analyse(s, p.Text)
	lang := language(&s.text, postLang(p.Lang))
	if p.IsAd() {
		l.Commercial = PlatformAd
		ev = append(ev, feed.Evidence{Decision: "commercial=ad", Path: "ad", Value: adValue(p.Ad)})
	} else if p.Reason == feed.Ad {
		l.Commercial = PlatformAd
		ev = append(ev, feed.Evidence{Decision: "commercial=ad", Path: "reason", Value: string(p.Reason)})
	} else {
		l.Commercial, ev = c.commercialText(s, p.Links, ev)
	}
	l.Reason = p.Reason
	if l.Reason == "" {
		l.Reason = feed.Unknown
	}
	l.Tier, ev = tierOf(p.Author.Followers, ev)
	l.Verified = p.Author.Verified
	l.Brand, ev = c.brand(&p.Author, ev)
	l.Tactics, l.Clickbait, ev = c.tactics(s, lang, linksArticle(p.Domains), ev)
	l.Topic, l.TopicScore, ev = c.topic(s, s.extraHashtags(p.Hashtags), p.Hints, ev)
	l.Political, ev = c.political(p.Platform, &p.Author, ev)
	l.Leaning, ev = c.leanings.mean(p.Domains, ev)
	l.Evidence = ev
	return l
}

// postLang reduces a platform language tag ("de-DE", "en_US") to the
// languages the classifier knows; others are detected from the text.
func postLang(tag string) string {
	if len(tag) >= 2 {
		switch tag[:2] {
		case English, German:
			return tag[:2]
		}
	}
	return ""
}

func adValue(a *feed.AdInfo) string {
	switch {
	case a.Disclosure != "" && a.Advertiser != "":
		return a.Disclosure + ": " + a.Advertiser
	case a.Disclosure != "":
		return a.Disclosure
	}
	return a.Advertiser
}

// extraHashtags returns the hashtags that the text does not already
// contain, so no word counts twice.
func (s *scratch) extraHashtags(tags []string) []string {
	out := s.tags[:0]
	for _, h := range tags {
		if !s.hasWord(token.Normalize(h)) {
			out = append(out, h)
		}
	}
	s.tags = out
	return out
}
