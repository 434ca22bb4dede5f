// MAIN world, document_start: copies the feed payloads the page receives.
//
// The build wraps this file in a function and defines `started` (when it
// began) and CAPTURES (the platforms' hosts, endpoint patterns and
// embedded-state sources, generated from shared/feed/rules), so nothing
// here is visible to the page's scripts. Hosts "*" (platforms anyone can
// run a server of) match any host: there the endpoint patterns alone
// claim a URL. The page gets exactly what it would have got: its promise
// settles with the very Response (or reason) fetch gave, its XHR is
// untouched, and every error of ours is swallowed here.

const EVENT = 'feedlens:capture';
const inHosts = (host, hosts) => hosts.some((h) => h === '*' || host === h || host.endsWith('.' + h));
const pageHost = location.hostname.toLowerCase();
const cap = CAPTURES.find((c) => inHosts(pageHost, c.pages.filter((h) => h !== '*')));

/** Whether a request URL is one of the platform's feed endpoints. */
function isFeed(url) {
  try {
    const u = new URL(url, location.href);
    if (!inHosts(u.hostname.toLowerCase(), cap.hosts)) return false;
    return cap.patterns.some((re) => re.test(u.pathname) || re.test(u.href));
  } catch {
    return false;
  }
}

// Payloads go to the ISOLATED script as Blobs, in an event on the
// document. A Blob crosses to the ISOLATED world and on to the service
// worker by reference (the manifest asks for structured-clone
// messaging), so the page's main thread neither copies nor serialises
// the body: a fetched body is read into a Blob off the thread, an XHR's
// text is encoded once. A string instead was copied at each step
// (9-28 ms per 1.3 MB response here), and the relay frame this replaced
// cost 6-25 ms per page load for adding the frame alone.
// The ISOLATED script sends each payload until the worker has it.

/** Hands one payload (a Blob) on; spent is main-thread time already used for it. */
function handOff(url, kind, body, spent) {
  const t0 = performance.now();
  try {
    document.dispatchEvent(new CustomEvent(EVENT, { detail: { url, kind, body } }));
  } catch { /* never the page's problem */ }
  // The ISOLATED script's listener runs inside dispatchEvent: its part
  // (the send) is measured here.
  measure(t0, spent, url, kind);
}

/**
 * A body as a Blob: a string (XHR text, embedded state) encoded as
 * UTF-8, which encodeInto into one buffer does faster than Blob's or
 * TextEncoder.encode's own encoding (measured on a 1.3 MB X payload).
 */
const encoder = new TextEncoder();
function toBlob(body) {
  if (body instanceof Blob) return body;
  if (typeof body !== 'string') return new Blob([body]);
  const bytes = new Uint8Array(body.length * 3);
  return new Blob([bytes.subarray(0, encoder.encodeInto(body, bytes).written)]);
}

/** Records the main-thread time spent on one response, so it can be checked. */
function measure(t0, spent, url, kind) {
  try {
    performance.measure('feedlens:main-thread', { start: t0, duration: spent + performance.now() - t0, detail: { url, kind, world: 'main' } });
  } catch { /* older engines lack measure options */ }
}

function tapResponse(res) {
  const t0 = performance.now();
  try {
    if (!res.ok || !isFeed(res.url)) return;
    // A Blob: the body never enters the page's JavaScript heap.
    const spent = performance.now() - t0;
    res.clone().blob().then((body) => handOff(res.url, 'fetch', body, spent), () => {});
  } catch { /* the page keeps its response either way */ }
}

function wrapFetch() {
  const original = window.fetch;
  if (typeof original !== 'function') return;
  window.fetch = function fetch() {
    // A new promise that settles exactly as the original does, so the
    // page's own handling (and its unhandled rejections) are unchanged.
    return original.apply(this, arguments).then((res) => { tapResponse(res); return res; });
  };
}

/** An XHR's body as a Blob, or null when there is none. */
function xhrBody(xhr) {
  switch (xhr.responseType) {
    case '':
    case 'text': return xhr.responseText ? toBlob(xhr.responseText) : null;
    case 'json': return xhr.response === null ? null : toBlob(JSON.stringify(xhr.response));
    case 'arraybuffer':
    case 'blob': return xhr.response ? toBlob(xhr.response) : null; // a copy: the page keeps its own
    default: return null;
  }
}

function wrapXHR() {
  const proto = XMLHttpRequest.prototype;
  const { open, send } = proto;
  const urls = new WeakMap();
  function onLoad() {
    const t0 = performance.now();
    try {
      if (this.status < 200 || this.status >= 300) return;
      const url = this.responseURL || urls.get(this);
      const body = xhrBody(this);
      if (body) handOff(url, 'xhr', body, performance.now() - t0);
    } catch { /* ignore */ }
  }
  proto.open = function open_(method, url) {
    try { urls.set(this, String(url)); } catch { /* ignore */ }
    return open.apply(this, arguments);
  };
  proto.send = function send_() {
    try {
      if (isFeed(urls.get(this))) this.addEventListener('load', onLoad);
    } catch { /* ignore */ }
    return send.apply(this, arguments);
  };
}

/** The opening tag of a script element, as the page's source writes it. */
function openingTag(el) {
  let tag = '<script';
  for (const a of el.attributes) tag += a.value === '' ? ` ${a.name}` : ` ${a.name}="${a.value}"`;
  return tag + '>';
}

/**
 * Sends each inline script that holds feed data the platform embeds in
 * its HTML (the rules' markers: `var ytInitialData =`, TikTok's
 * SIGI_STATE script tag, …), as a piece of HTML the core reads with the
 * page's URL, once the document is parsed.
 */
function pickUpEmbedded() {
  for (const el of document.querySelectorAll('script:not([src])')) {
    const t0 = performance.now();
    try {
      const tag = openingTag(el);
      const text = el.text;
      if (!cap.embedded.some((m) => tag.includes(m) || text.includes(m))) continue;
      handOff(location.href, 'embedded', toBlob(`${tag}${text}</script>`), performance.now() - t0);
    } catch { /* ignore */ }
  }
}

if (cap) {
  try {
    cap.patterns = cap.endpoints.map((e) => new RegExp(e.url));
    wrapFetch();
    wrapXHR();
    if (cap.embedded.length) {
      document.addEventListener('DOMContentLoaded', pickUpEmbedded, { once: true });
    }
  } catch { /* leave the page as it was */ }
}
// What starting cost the page, once (the per-response measures are apart).
measure(started, 0, '', 'start');
