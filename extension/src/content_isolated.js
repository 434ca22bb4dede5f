// ISOLATED world: takes the payloads the MAIN-world script copied, has
// the service worker classify them, and marks the posts in the page.
(() => {
  const EVENT = 'feedlens:capture';
  const RETRIES = [200, 500, 1000, 2000, 4000, 8000]; // ms between tries
  const msg = (name) => chrome.i18n.getMessage(name) || name;

  // Sending fails while the service worker is being stopped or started;
  // the payload is kept and sent again, and the worker stores each post
  // once per day, so a retry never counts twice.
  async function classify(url, kind, body) {
    for (let attempt = 0; ; attempt++) {
      try {
        const reply = await chrome.runtime.sendMessage({ type: 'capture', url, kind, body });
        if (reply && !reply.error) return reply;
        if (reply?.error) console.debug('feedlens:', reply.error);
        return null;
      } catch (err) {
        if (!chrome.runtime?.id || attempt >= RETRIES.length) return null; // extension gone or reloaded
        await new Promise((r) => setTimeout(r, RETRIES[attempt]));
      }
    }
  }

  document.addEventListener(EVENT, (ev) => {
    const detail = ev.detail;
    if (typeof detail !== 'string') return;
    const a = detail.indexOf('\n');
    const b = detail.indexOf('\n', a + 1);
    if (a < 0 || b < 0) return;
    const url = detail.slice(0, a), kind = detail.slice(a + 1, b), body = detail.slice(b + 1);
    classify(url, kind, body).then((reply) => {
      if (reply?.showBadges && reply.badge?.anchor) mark(reply);
    });
  });

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
    for (const [key, { post, badge }] of waiting) {
      const anchor = document.querySelector(badge.anchor.replaceAll('{id}', CSS.escape(post.id)));
      if (!anchor) continue;
      const box = badge.container ? anchor.closest(badge.container) ?? anchor : anchor;
      const sel = `.feedlens-badge[data-feedlens-id="${CSS.escape(post.id)}"]`;
      if (!box.querySelector(sel)) box.append(badgeFor(post));
      waiting.delete(key);
    }
    if (!waiting.size) observer.disconnect();
  }

  const reasonLabel = {
    ad: 'badgeAd', recommended: 'badgeSuggested', followed: 'badgeFollowed', repost: 'badgeRepost',
    network: 'badgeNetwork', search: 'badgeSearch', reply: 'badgeReply', unknown: 'badgeSeen',
  };

  function chip(text, color) {
    const s = document.createElement('span');
    s.textContent = text;
    s.style.cssText = `display:inline-block;margin-left:4px;padding:0 5px;border-radius:8px;font:600 11px/16px system-ui,sans-serif;color:#fff;background:${color}`;
    return s;
  }

  function badgeFor(post) {
    const el = document.createElement('span');
    el.className = 'feedlens-badge';
    el.dataset.feedlensId = post.id;
    el.dataset.reason = post.ad ? 'ad' : post.reason;
    el.style.cssText = 'display:inline-block;margin:2px 0;opacity:.9;cursor:help';
    if (post.ad) el.append(chip(msg('badgeAd'), '#b3261e'));
    else el.append(chip(msg(reasonLabel[post.reason] ?? 'badgeSeen'), post.reason === 'recommended' ? '#7a4fd1' : '#5f6368'));
    if (post.commercial && post.commercial !== 'ad') el.append(chip(msg('commercial_' + post.commercial), '#c26a00'));
    for (const kind of new Set(post.tactics.map((t) => t.kind))) el.append(chip(msg('tactic_' + kind), '#0b6e4f'));
    const lines = post.evidence.map((e) => `${e.decision}: ${e.path || '(endpoint)'} = ${e.value}`);
    for (const t of post.tactics) lines.push(`${msg('tactic_' + t.kind)}: “${t.span}”`);
    if (post.advertiser) lines.unshift(`${msg('advertiser')}: ${post.advertiser}`);
    el.title = `feedlens — ${msg('evidence')}\n` + lines.join('\n');
    return el;
  }
})();
