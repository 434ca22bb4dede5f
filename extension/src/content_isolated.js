// ISOLATED world: takes the payloads the MAIN-world script copied, has
// the service worker classify them, and marks the posts in the page.
/* global sendCapture */ // from messaging.js, loaded before this file
(() => {
  const started = performance.now();
  const EVENT = 'feedlens:capture';
  // The relay frame receives the MAIN world's payloads off the page's
  // main thread (see relay.js); once loaded it tells the MAIN world. It
  // is added when the MAIN world has its first payload: adding it is most
  // of what the extension costs a page (6-44 ms here), which a page that
  // gets no feed (a settings page, a feed not yet scrolled) need not pay,
  // and which a page that does pays after its load, not during it.
  document.addEventListener('feedlens:need-relay', () => {
    const t0 = performance.now();
    addRelay();
    measure(t0, '', 'relay');
  }, { once: true });
  function addRelay() {
    const frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL('relay.html');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.style.cssText = 'display:none!important';
    frame.addEventListener('load', () => frame.dispatchEvent(new CustomEvent('feedlens:relay', { bubbles: true })), { once: true });
    (document.body ?? document.documentElement).append(frame);
  }

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

  function measure(t0, url, kind) {
    try {
      performance.measure('feedlens:main-thread', { start: t0, duration: performance.now() - t0, detail: { url, kind, world: 'isolated' } });
    } catch { /* ignore */ }
  }

  // The posts to badge, per badge anchor (one per platform): its compiled
  // form and the posts by the key the anchor names ({id} or {ref}), each
  // with the badge it has in the page, if it has one. A post stays after
  // its badge is drawn: feeds are virtual lists that drop the elements of
  // posts scrolled past and make new ones when the reader scrolls back,
  // and those need their badge again.
  // A post the page never shows (a collapsed reply, a prefetched post
  // the user never scrolls to) would wait as long as the tab lives:
  // posts never shown give up after MAX_WAIT_MS, and no anchor keeps
  // more than MAX_WAITING posts (the oldest go first).
  const waiting = new Map(); // anchor → { badge, anchor: compiled, posts: Map key → { post, at, shown: WeakRef(badge) | null } }
  const MAX_WAIT_MS = 10 * 60 * 1000;
  const MAX_WAITING = 1000;
  let timer = 0;
  // Where the next paint searches: the whole document after new posts
  // came (their elements may be there already), else only what the page
  // added since. A feed that renders as the user scrolls adds a few posts
  // at a time to a page of thousands of elements and changes it many
  // times a second; a search of the whole document at each change cost
  // in proportion to the page, for as long as any post waited.
  let searchAll = false;
  const added = new Set();
  const MAX_ADDED = 50; // beyond, one search of the document is cheaper
  // It also hears the anchors' attributes change: an app may add a
  // post's element first and fill in its link or id later, or reuse a
  // post's element for another post (YouTube does), when the badge in it
  // is stale.
  const changed = new Set();
  const observer = new MutationObserver((records) => {
    if (!waiting.size) return;
    for (const r of records) {
      if (r.type === 'attributes') {
        added.add(r.target);
        changed.add(r.target);
        continue;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType === Node.ELEMENT_NODE && !n.classList.contains('feedlens-badge')) added.add(n);
      }
    }
    if (added.size) schedule();
  });

  function mark(reply) {
    let group = waiting.get(reply.badge.anchor);
    if (!group) {
      const anchor = compileAnchor(reply.badge.anchor);
      if (!anchor.parts.length) return;
      group = { badge: reply.badge, anchor, posts: new Map() };
      waiting.set(reply.badge.anchor, group);
    }
    const at = performance.now();
    for (const post of reply.posts) {
      const key = (group.anchor.key === 'ref' && post.ref) || post.id;
      if (!key) continue;
      // A post that comes again keeps its badge and goes to the end.
      const shown = group.posts.get(key)?.shown ?? null;
      group.posts.delete(key);
      group.posts.set(key, { post, at, shown });
    }
    searchAll = true;
    schedule();
    const attributeFilter = [...new Set([...waiting.values()].flatMap((g) => g.anchor.parts.map((p) => p.attr)))];
    observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter });
  }

  function schedule() {
    if (!timer) timer = setTimeout(() => { timer = 0; paint(); }, 50);
  }

  // A badge anchor, compiled once: each part `head[attr op "before{key}after"]`
  // (shared/feed/capture.go) becomes a selector for every element that
  // may be a post's (`head[attr*="before"]`) and a pattern that reads the
  // key out of the attribute. A paint then costs one querySelectorAll per
  // part, whatever the number of posts, where a query per post searched
  // the whole document each time.
  const anchors = new Map();
  function compileAnchor(text) {
    let c = anchors.get(text);
    if (c) return c;
    c = { key: 'id', parts: [] };
    const lit = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const part of text.split(',')) {
      const m = /^([^[\],]*)\[([A-Za-z][\w-]*)([\^$*]?=)"([^"{}]*)\{(id|ref)\}([^"{}]*)"\]$/.exec(part.trim());
      if (!m) continue; // TestCaptures keeps the rules to this form
      const [, head, attr, op, before, key, after] = m;
      c.key = key;
      // Exact and prefix matches take the key up to the end; within a
      // URL a key ends at the next /, ?, & or #.
      const value = op === '=' || (op === '^=' && !after) ? '(.+)' : '([^/?&#]+)';
      c.parts.push({
        selector: `${head}[${attr}${before ? `*="${before}"` : ''}]`,
        attr,
        re: new RegExp(`${op === '=' || op === '^=' ? '^' : ''}${lit(before)}${value}${lit(after)}${op === '=' || op === '$=' ? '$' : ''}`),
      });
    }
    anchors.set(text, c);
    return c;
  }

  function paint() {
    const t0 = performance.now();
    // Find and make every badge first, then append them together: our
    // DOM writes come after our reads (but for stale badges, below).
    const adds = [];
    const roots = searchAll || added.size > MAX_ADDED ? [document] : [...added].filter((n) => n.isConnected);
    // Only an element the page added can have made a badge stale.
    const pageChanged = added.size > 0;
    searchAll = false;
    added.clear();
    for (const el of changed) {
      if (!el.isConnected) continue;
      for (const { badge } of waiting.values()) removeStale(boxOf(el, badge));
    }
    changed.clear();
    for (const [text, { badge, anchor, posts }] of waiting) {
      // The anchors found. When the page changed, a badge in their
      // post's element that no longer shows its post goes first, so that
      // the post is free to get its badge where it shows now: apps reuse
      // a post's element for another post, by changing the anchor's
      // attribute (seen above) or by putting another anchor in it.
      const found = [];
      for (const part of anchor.parts) {
        for (const el of candidates(roots, part.selector)) {
          const m = part.re.exec(el.getAttribute(part.attr));
          if (!m) continue;
          if (pageChanged) removeStale(boxOf(el, badge));
          if (posts.has(m[1])) found.push({ el, part, key: m[1] });
        }
      }
      const drawn = new Set(); // keys drawn by this paint, not appended yet
      for (const f of found) {
        const entry = posts.get(f.key);
        // One badge per post, in the first of its elements found: a
        // post also linked from another's (a quote, a reply) keeps its
        // badge where it is while that is in the page.
        if (drawn.has(f.key) || entry.shown?.deref()?.isConnected) continue;
        drawn.add(f.key);
        const box = boxOf(f.el, badge);
        const b = badgeFor(entry.post);
        let mine = badgesIn.get(box);
        if (!mine) badgesIn.set(box, (mine = new Map()));
        mine.set(b, { anchor: new WeakRef(f.el), part: f.part, key: f.key });
        entry.shown = new WeakRef(b);
        adds.push(box, b);
      }
      // Oldest first (a Map keeps the order of insertion).
      let over = posts.size - MAX_WAITING;
      for (const [key, { at, shown }] of posts) {
        if (over-- > 0 || (!shown && t0 - at >= MAX_WAIT_MS)) posts.delete(key);
      }
      if (!posts.size) waiting.delete(text);
    }
    for (let i = 0; i < adds.length; i += 2) adds[i].append(adds[i + 1]);
    if (!waiting.size) observer.disconnect();
    measure(t0, '');
  }

  // The badges drawn in each post element (which may have hundreds of
  // children), with what each was drawn for: the anchor element it was
  // found by, its part of the anchor, and the key it read there.
  const badgesIn = new WeakMap(); // post element → Map badge → { anchor: WeakRef(element), part, key }

  /** The post's element a badge goes in, for an element of its anchor. */
  function boxOf(el, badge) {
    return badge.container ? el.closest(badge.container) ?? el : el;
  }

  /**
   * Removes the badges in box whose anchor is gone from it or names
   * another post now; their posts are then free to get their badges
   * where they show up.
   */
  function removeStale(box) {
    const mine = badgesIn.get(box);
    if (!mine) return;
    for (const [b, d] of mine) {
      const a = d.anchor.deref();
      if (b.parentNode !== box) {
        mine.delete(b); // the page removed it
      } else if (!a || !box.contains(a) || d.part.re.exec(a.getAttribute(d.part.attr))?.[1] !== d.key) {
        b.remove();
        mine.delete(b);
      }
    }
  }

  /** The elements under roots (and roots themselves) that match selector. */
  function* candidates(roots, selector) {
    for (const root of roots) {
      if (root !== document && root.matches(selector)) yield root;
      yield* root.querySelectorAll(selector);
    }
  }

  // The badges' look is in badges.css (injected with this script):
  // classes cost nothing per badge, where inline styles were parsed
  // again for every chip (half the time of making a badge).
  const protoBadge = document.createElement('span');
  protoBadge.className = 'feedlens-badge';
  const protoChips = new Map(); // colour → an empty chip of that colour

  // The service worker wrote the chips' texts and the tooltip (in the
  // user's language) and chose each chip's colour (ad, recommended,
  // commercial, tactic or other); here is only the DOM work, with as
  // few calls as can be: a page's first badges run this code for the
  // first time, where every call costs many times its later price.
  function badgeFor(post) {
    const el = protoBadge.cloneNode(false);
    el.setAttribute('data-feedlens-id', post.id);
    el.setAttribute('data-reason', post.kind);
    el.title = post.title;
    for (const [text, color] of post.chips) {
      let proto = protoChips.get(color);
      if (!proto) {
        proto = document.createElement('span');
        proto.className = `feedlens-chip feedlens-${color}`;
        protoChips.set(color, proto);
      }
      const chip = proto.cloneNode(false);
      chip.textContent = text;
      el.append(chip);
    }
    return el;
  }

  // What starting cost the page, once (the per-response measures are apart).
  measure(started, '', 'start');
})();
