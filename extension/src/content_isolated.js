// ISOLATED world: takes the payloads the MAIN-world script copied, has
// the service worker classify them, and marks the posts in the page.
/* global sendCapture */ // from messaging.js, loaded before this file
(() => {
  const EVENT = 'feedlens:capture';
  // The relay frame receives the MAIN world's payloads off the page's
  // main thread (see relay.js); once loaded it tells the MAIN world.
  function addRelay() {
    const frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL('relay.html');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.style.cssText = 'display:none!important';
    frame.addEventListener('load', () => frame.dispatchEvent(new CustomEvent('feedlens:relay', { bubbles: true })), { once: true });
    (document.body ?? document.documentElement).append(frame);
  }
  addRelay();

  // The service worker confirms what the relay passed on, with its badges.
  chrome.runtime.onMessage.addListener((m) => {
    if (m?.type !== 'badges') return false;
    const t0 = performance.now();
    // The MAIN world keeps each relayed payload until this confirmation.
    document.dispatchEvent(new CustomEvent('feedlens:ack', { detail: m.id }));
    if (m.reply?.showBadges && m.reply.badge?.anchor) mark(m.reply);
    measure(t0, m.reply?.url ?? '');
    return false;
  });

  // The slow way, when the relay frame could not be added (see
  // content_main.js): the body comes as a string in a CustomEvent.
  document.addEventListener(EVENT, async (ev) => {
    const detail = ev.detail;
    if (typeof detail !== 'string') return;
    const a = detail.indexOf('\n');
    const b = detail.indexOf('\n', a + 1);
    if (a < 0 || b < 0) return;
    const t0 = performance.now();
    const sending = sendCapture(detail.slice(0, a), detail.slice(a + 1, b), detail.slice(b + 1), 'content');
    measure(t0, detail.slice(0, a));
    const reply = await sending;
    const t1 = performance.now();
    if (reply?.showBadges && reply.badge?.anchor) mark(reply);
    measure(t1, reply?.url ?? '');
  });

  function measure(t0, url) {
    try {
      performance.measure('feedlens:main-thread', { start: t0, duration: performance.now() - t0, detail: { url, world: 'isolated' } });
    } catch { /* ignore */ }
  }

  // Posts whose element is not in the page yet wait here until it is.
  const waiting = new Map();
  let timer = 0;
  const observer = new MutationObserver(() => { if (waiting.size) schedule(); });

  function mark(reply) {
    for (const post of reply.posts) {
      if (post.id) waiting.set(`${reply.platform}|${post.id}`, { post, badge: reply.badge });
    }
    schedule();
    observer.observe(document.documentElement, { childList: true, subtree: true });
  }

  function schedule() {
    if (!timer) timer = setTimeout(() => { timer = 0; paint(); }, 50);
  }

  function paint() {
    const t0 = performance.now();
    for (const [key, { post, badge }] of waiting) {
      // {ref}: the key the platform's page uses, when it is not the id.
      const anchor = document.querySelector(badge.anchor.replaceAll('{id}', CSS.escape(post.id)).replaceAll('{ref}', CSS.escape(post.ref ?? post.id)));
      if (!anchor) continue;
      const box = badge.container ? anchor.closest(badge.container) ?? anchor : anchor;
      const sel = `.feedlens-badge[data-feedlens-id="${CSS.escape(post.id)}"]`;
      if (!box.querySelector(sel)) box.append(badgeFor(post));
      waiting.delete(key);
    }
    if (!waiting.size) observer.disconnect();
    measure(t0, '');
  }

  // Prototypes cloned for each badge: parsing inline styles for every
  // chip cost more main-thread time than everything else together.
  const protoChip = document.createElement('span');
  protoChip.style.cssText = 'display:inline-block;margin-left:4px;padding:0 5px;border-radius:8px;font:600 11px/16px system-ui,sans-serif;color:#fff';
  const protoBadge = document.createElement('span');
  protoBadge.className = 'feedlens-badge';
  protoBadge.style.cssText = 'display:inline-block;margin:2px 0;opacity:.9;cursor:help';

  function chip(text, color) {
    const s = protoChip.cloneNode(false);
    s.textContent = text;
    s.style.backgroundColor = color;
    return s;
  }

  // The service worker wrote the chips' texts and the tooltip (in the
  // user's language); here is only the DOM work.
  function badgeFor(post) {
    const el = protoBadge.cloneNode(false);
    el.dataset.feedlensId = post.id;
    el.dataset.reason = post.kind;
    for (const [text, color] of post.chips) el.append(chip(text, color));
    el.title = post.title;
    return el;
  }
})();
