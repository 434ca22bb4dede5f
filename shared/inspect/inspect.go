// Package inspect is the pipeline every shell runs: payload → posts →
// labels, in the one JSON shape that `feedlens inspect --json`, the
// WebAssembly core and the extension all share.
package inspect

import (
	"errors"
	"fmt"
	"sync"

	"github.com/feedlens/feedlens/shared/classify"
	"github.com/feedlens/feedlens/shared/feed"
)

// File is what one payload (or one response of a HAR) yields.
type File struct {
	File     string        `json:"file"`
	URL      string        `json:"url,omitempty"`
	Platform feed.Platform `json:"platform"`
	Endpoint string        `json:"endpoint"`
	Surface  feed.Surface  `json:"surface"`
	Posts    []Post        `json:"posts"`
	Unknown  int           `json:"unknown"`
	// UnknownKinds names the shapes that were not understood.
	UnknownKinds []string `json:"unknown_kinds,omitempty"`
}

// Post is a normalised post as inspect reports it.
type Post struct {
	Platform   feed.Platform   `json:"platform"`
	ID         string          `json:"id"`
	Ref        string          `json:"ref,omitempty"`
	Position   int             `json:"position"`
	Reason     feed.Reason     `json:"reason"`
	Ad         bool            `json:"ad"`
	Advertiser string          `json:"advertiser,omitempty"`
	AdInfo     *feed.AdInfo    `json:"ad_info,omitempty"`
	Branded    bool            `json:"branded,omitempty"`
	Author     feed.Author     `json:"author"`
	Text       string          `json:"text"`
	Lang       string          `json:"lang,omitempty"`
	Links      []string        `json:"links,omitempty"`
	Domains    []string        `json:"domains"`
	Hashtags   []string        `json:"hashtags,omitempty"`
	Hints      []string        `json:"hints,omitempty"`
	Media      feed.Media      `json:"media"`
	Created    string          `json:"created,omitempty"` // RFC 3339, UTC
	Engagement feed.Engagement `json:"engagement"`
	Evidence   []feed.Evidence `json:"evidence"`
	// Labels are what the on-device classifiers say about the post, each
	// with its own evidence.
	Labels classify.Labels `json:"labels"`
}

// Result is the document `feedlens inspect --json` prints.
type Result struct {
	Files []File `json:"files"`
}

var (
	defaultOnce       sync.Once
	defaultClassifier *classify.Classifier
	defaultErr        error
)

// Default returns the classifier Payload and Bytes use: the embedded
// models without options.
func Default() (*classify.Classifier, error) {
	defaultOnce.Do(func() { defaultClassifier, defaultErr = classify.New(classify.Options{}) })
	return defaultClassifier, defaultErr
}

// Payload inspects one payload with the default classifier; name labels
// it in the output.
func Payload(name, url string, body []byte) (File, error) {
	c, err := Default()
	if err != nil {
		return File{File: name, URL: url}, err
	}
	return PayloadWith(c, name, url, body)
}

// PayloadWith inspects one payload, labelling posts with c (for example
// one built with a study's leaning table).
func PayloadWith(c *classify.Classifier, name, url string, body []byte) (File, error) {
	f, err := feed.Parse(url, body)
	if err != nil {
		return File{File: name, URL: url}, err
	}
	out := File{
		File: name, URL: url,
		Platform: f.Platform, Endpoint: f.Endpoint, Surface: f.Surface,
		Posts: make([]Post, len(f.Posts)), Unknown: f.Unknown, UnknownKinds: f.UnknownKinds,
	}
	for i := range f.Posts {
		out.Posts[i] = postOf(&f.Posts[i])
		out.Posts[i].Labels = c.Post(&f.Posts[i])
	}
	return out, nil
}

func postOf(p *feed.Post) Post {
	q := Post{
		Platform: p.Platform, ID: p.ID, Ref: p.Ref, Position: p.Position, Reason: p.Reason,
		Ad: p.IsAd(), AdInfo: p.Ad, Branded: p.Branded, Author: p.Author, Text: p.Text, Lang: p.Lang,
		Links: p.Links, Domains: p.Domains, Hashtags: p.Hashtags, Hints: p.Hints,
		Media: p.Media, Engagement: p.Engagement, Evidence: p.Evidence,
	}
	if q.Domains == nil {
		q.Domains = []string{}
	}
	if p.Ad != nil {
		q.Advertiser = p.Ad.Advertiser
	}
	if !p.Created.IsZero() {
		q.Created = p.Created.UTC().Format("2006-01-02T15:04:05Z")
	}
	return q
}

// ErrEmptyHAR means a HAR held no response of a known feed endpoint.
var ErrEmptyHAR = errors.New("HAR has no feed responses")

// Bytes inspects a file's contents with the default classifier: a HAR
// export yields one File per feed response in it, anything else is one
// payload. Errors of single responses inside a HAR are returned beside
// the Files that worked.
func Bytes(name, url string, body []byte) ([]File, []error) {
	c, err := Default()
	if err != nil {
		return nil, []error{err}
	}
	return BytesWith(c, name, url, body)
}

// BytesWith is Bytes labelling posts with c.
func BytesWith(c *classify.Classifier, name, url string, body []byte) ([]File, []error) {
	if url == "" && IsHAR(body) {
		caps, err := HAR(body)
		if err != nil {
			return nil, []error{err}
		}
		var files []File
		var errs []error
		others := 0
		for _, cp := range caps {
			f, err := PayloadWith(c, fmt.Sprintf("%s#%d", name, cp.Entry), cp.URL, cp.Body)
			switch {
			case errors.Is(err, feed.ErrUnknownEndpoint):
				// A GraphQL URL serves every query of a page; the
				// responses that are no feed are not the user's concern.
				others++
			case err != nil:
				errs = append(errs, fmt.Errorf("entry %d (%s): %w", cp.Entry, cp.URL, err))
			default:
				files = append(files, f)
			}
		}
		if len(files) == 0 && len(errs) == 0 {
			errs = append(errs, fmt.Errorf("%w (%d responses of feed URLs were other queries)", ErrEmptyHAR, others))
		}
		return files, errs
	}
	f, err := PayloadWith(c, name, url, body)
	if err != nil {
		return nil, []error{err}
	}
	return []File{f}, nil
}
