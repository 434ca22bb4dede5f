package classify

import (
	"net/url"
	"slices"
	"strings"
)

// affiliateHosts are link shorteners and redirectors of affiliate
// networks: a link through them earns the poster a commission.
var affiliateHosts = []string{
	"amzn.to", "amzn.eu", "amzn.com", "a.co",
	"go.skimresources.com", "skimresources.com", "shareasale.com", "click.linksynergy.com", "linksynergy.com",
	"awin1.com", "rstyle.me", "liketk.it", "shopstyle.it", "shopltk.com", "howl.me", "geni.us", "shopmy.us",
	"anrdoezrs.net", "jdoqocy.com", "tkqlhce.com", "dpbolvw.net", "kqzyfj.com", "pntra.com", "pjtra.com",
	"sjv.io", "prf.hn", "ebay.us", "s.click.aliexpress.com", "tidd.ly", "clkde.tradedoubler.com", "clk.tradedoubler.com",
	"partners.webmasterplan.com", "go.magik.ly", "fave.co", "collabs.shop", "urlgeni.us",
}

// affiliateParams are query parameters that carry an affiliate or
// partner id.
var affiliateParams = map[string]bool{
	"aff": true, "aff_id": true, "affid": true, "affiliate": true, "affiliate_id": true, "aff_sub": true,
	"irclickid": true, "irgwc": true, "clickref": true, "awc": true, "ranmid": true, "raneaid": true,
	"partner_id": true, "partnerid": true, "ascsubtag": true, "linkcode": true,
}

// affiliate says why link is an affiliate link, or "" when it is not.
func affiliate(link string) string {
	if !strings.Contains(link, "://") {
		link = "https://" + link
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	host := strings.ToLower(strings.TrimPrefix(u.Hostname(), "www."))
	for _, h := range affiliateHosts {
		if strings.HasSuffix(host, h) && (len(host) == len(h) || host[len(host)-len(h)-1] == '.') { // host is h or a subdomain of it, without concatenating "."+h
			return "affiliate link host " + h
		}
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same link always gives the same reason
	for _, k := range keys {
		v := q[k]
		lk := strings.ToLower(k)
		switch {
		case affiliateParams[lk]:
			return "affiliate parameter " + k
		case (lk == "tag" || lk == "ref") && strings.Contains(host, "amazon."):
			return "Amazon partner parameter " + k + "=" + strings.Join(v, ",")
		case strings.HasPrefix(lk, "utm_") && hasAffiliateMarker(v):
			return "campaign parameter " + k + "=" + strings.Join(v, ",")
		}
	}
	return ""
}

func hasAffiliateMarker(values []string) bool {
	for _, v := range values {
		v = strings.ToLower(v)
		if strings.Contains(v, "affiliate") || strings.Contains(v, "influencer") || strings.Contains(v, "partner") {
			return true
		}
	}
	return false
}

// mediaDomains host pictures, clips and the platforms' own pages. A post
// linking only there is a caption (a Reddit photo's title, a tweet with
// a video), not a headline selling an article, so the clickbait model,
// which learned headlines, does not judge it.
var mediaDomains = map[string]bool{
	"redd.it": true, "reddit.com": true, "redditmedia.com": true, "imgur.com": true, "gfycat.com": true,
	"redgifs.com": true, "giphy.com": true, "tenor.com": true, "twimg.com": true, "twitter.com": true,
	"x.com": true, "instagram.com": true, "cdninstagram.com": true, "fbcdn.net": true, "facebook.com": true,
	"tiktok.com": true, "bsky.app": true, "flickr.com": true, "streamable.com": true,
}

// linksArticle reports whether any of a post's linked domains is not a
// media host: the post then presents a link as a headline.
func linksArticle(domains []string) bool {
	for _, d := range domains {
		if !mediaDomains[d] {
			return true
		}
	}
	return false
}
