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

// Payloads go to the extension's relay frame (an extension page the
// ISOLATED script adds, running in the extension's own process): a
// transferred ArrayBuffer costs the page's main thread next to nothing
// and a cloned string one copy (0.5-3 ms for 1.3 MB), where
// chrome.runtime.sendMessage from a content script serialises the whole
// body on it (6–80 ms per response measured). Blobs sent to the worker
// without a frame cost more per response (docs/perf/extension.md).
//
// The slow way stays as the safety net. The frame is added at the first
// payload; until it is ready, payloads wait; if it never comes (a page
// may forbid or remove frames) they go the slow way. A relayed payload
// is kept until the service worker confirms it (through the ISOLATED
// script); unconfirmed after ACK_WAIT_MS, it is sent the slow way too.
// The worker stores each post once a day, so a payload that arrives
// twice counts once.
const RELAY_WAIT_MS = 5000;
const ACK_WAIT_MS = 15000;
const MAX_UNCONFIRMED = 20;
let relay = null; // { frame, origin }
let relayAsked = false;
let relayGaveUp = false;
const waiting = [];
const unconfirmed = new Map(); // id → { url, kind, body, timer }
let nextID = 1;

document.addEventListener('feedlens:relay', (ev) => {
  try {
    const frame = ev.target;
    relay = { frame, origin: new URL(frame.src).origin };
    for (const w of waiting.splice(0)) send(w.url, w.kind, w.body, 0, w.spare);
  } catch { /* keep waiting or fall back */ }
}, true);
document.addEventListener('feedlens:ack', (ev) => {
  const p = unconfirmed.get(ev.detail);
  if (p) {
    clearTimeout(p.timer);
    unconfirmed.delete(ev.detail);
  }
}, true);

/** Has the ISOLATED script add the relay frame, at the first payload. */
function askForRelay() {
  relayAsked = true;
  document.dispatchEvent(new CustomEvent('feedlens:need-relay'));
  setTimeout(() => {
    if (relay) return;
    relayGaveUp = true;
    for (const w of waiting.splice(0)) send(w.url, w.kind, w.body, 0, w.spare);
  }, RELAY_WAIT_MS);
}

/**
 * Hands one payload (string or ArrayBuffer) on; spent is main-thread time
 * already used for it; spare, for a fetched body, is an unread copy of
 * the response to send again if need be (so the buffer itself can be
 * transferred without copying it on the page's thread).
 */
function handOff(url, kind, body, spent, spare) {
  if (!relay && !relayGaveUp) {
    if (!relayAsked) askForRelay();
    if (waiting.length < 50) waiting.push({ url, kind, body, spare });
    return;
  }
  send(url, kind, body, spent, spare);
}

function send(url, kind, body, spent, spare) {
  const t0 = performance.now();
  try {
    // A page may remove frames it did not make: then the slow way.
    if (relay && relay.frame.isConnected && relay.frame.contentWindow) {
      const id = nextID++;
      // What is kept to send again: the string, the unread spare
      // response, or (XHR buffers) a copy, as the buffer is transferred.
      const keep = typeof body === 'string' ? body : spare ?? body.slice(0);
      relay.frame.contentWindow.postMessage({ feedlens: 'capture', id, url, kind, body, page: location.href }, relay.origin, typeof body === 'string' ? [] : [body]);
      unconfirmed.set(id, { url, kind, body: keep, timer: setTimeout(() => resend(id), ACK_WAIT_MS) });
      if (unconfirmed.size > MAX_UNCONFIRMED) resend(unconfirmed.keys().next().value);
    } else {
      sendSlowly(url, kind, body);
    }
  } catch { /* never the page's problem */ }
  measure(t0, spent, url, kind);
}

/** Sends an unconfirmed relayed payload the slow way. */
function resend(id) {
  const p = unconfirmed.get(id);
  if (!p) return;
  clearTimeout(p.timer);
  unconfirmed.delete(id);
  const slowly = (body) => {
    const t0 = performance.now();
    try { sendSlowly(p.url, p.kind, body); } catch { /* ignore */ }
    measure(t0, 0, p.url, p.kind);
  };
  if (p.body instanceof Response) p.body.arrayBuffer().then(slowly, () => {});
  else slowly(p.body);
}

/**
 * The slow way: a CustomEvent with a string detail crosses to the
 * ISOLATED world without reaching the page's 'message' listeners.
 */
function sendSlowly(url, kind, body) {
  const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
  document.dispatchEvent(new CustomEvent(EVENT, { detail: `${url}\n${kind}\n${text}` }));
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
    // Bytes, not text: no decoding on the page's thread, and the buffer
    // is transferred to the relay without a copy.
    const spare = res.clone();
    const spent = performance.now() - t0;
    res.clone().arrayBuffer().then((body) => handOff(res.url, 'fetch', body, spent, spare), () => {});
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
    case 'arraybuffer': return Promise.resolve(xhr.response.slice(0)); // the page keeps its own buffer
    case 'blob': return xhr.response.arrayBuffer();
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
      const spent = performance.now() - t0;
      xhrBody(this).then((body) => { if (body) handOff(url, 'xhr', body, spent); }, () => {});
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
      handOff(location.href, 'embedded', `${tag}${text}</script>`, performance.now() - t0);
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
