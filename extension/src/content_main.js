// MAIN world, document_start: copies the feed payloads the page receives.
//
// The build wraps this file in a function and defines CAPTURES (the
// platforms' hosts, endpoint patterns and embedded-state sources,
// generated from shared/feed/rules), so nothing here is visible to the
// page's scripts. The page gets exactly what it would have got: its
// promise settles with the very Response (or reason) fetch gave, its XHR
// is untouched, and every error of ours is swallowed here.

const EVENT = 'feedlens:capture';
const inHosts = (host, hosts) => hosts.some((h) => host === h || host.endsWith('.' + h));
const pageHost = location.hostname.toLowerCase();
const cap = CAPTURES.find((c) => inHosts(pageHost, c.hosts));

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

/**
 * Hands one payload to the ISOLATED-world script. A CustomEvent with a
 * string detail crosses the worlds without reaching the page's 'message'
 * listeners (window.postMessage would). spent is the main-thread time
 * already used for this response; the total is recorded as a
 * performance measure so its cost can be checked.
 */
function handOff(url, kind, body, spent) {
  const t0 = performance.now();
  try {
    document.dispatchEvent(new CustomEvent(EVENT, { detail: `${url}\n${kind}\n${body}` }));
  } catch { /* never the page's problem */ }
  try {
    performance.measure('feedlens:main-thread', { start: t0, duration: spent + performance.now() - t0, detail: { url, kind, bytes: body.length } });
  } catch { /* older engines lack measure options */ }
}

function tapResponse(res) {
  const t0 = performance.now();
  try {
    if (!res.ok || !isFeed(res.url)) return;
    const spent = performance.now() - t0;
    res.clone().text().then((body) => handOff(res.url, 'fetch', body, spent), () => {});
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

function xhrBody(xhr) {
  switch (xhr.responseType) {
    case '':
    case 'text': return Promise.resolve(xhr.responseText);
    case 'json': return Promise.resolve(xhr.response === null ? '' : JSON.stringify(xhr.response));
    case 'arraybuffer': return Promise.resolve(new TextDecoder().decode(xhr.response));
    case 'blob': return xhr.response.text();
    default: return Promise.resolve('');
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
      xhrBody(this).then((body) => { if (body) handOff(url, 'xhr', body, performance.now() - t0); }, () => {});
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

/** Sends the feed data the platform embeds in the HTML, once parsed. */
function pickUpEmbedded() {
  for (const src of cap.embedded) {
    const t0 = performance.now();
    try {
      if (src.global) {
        const v = window[src.global];
        if (v && typeof v === 'object') handOff(location.href, 'embedded', JSON.stringify(v), performance.now() - t0);
      } else if (src.selector) {
        for (const el of document.querySelectorAll(src.selector)) {
          const text = el.textContent;
          if (text && text.trim()) handOff(location.href, 'embedded', text, performance.now() - t0);
        }
      }
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
