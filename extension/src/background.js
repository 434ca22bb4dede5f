// The service worker: classifies every captured payload with the Go
// core, stores the posts, and tells the content script what to mark.
import { loadCore, inspect } from './core.js';
import { CAPTURES } from './generated/captures.js';
import { addPosts, getSettings, prune } from './store.js';

/** The platform whose hosts include the URL's host, or null. */
export function captureFor(url) {
  let host;
  try { host = new URL(url).hostname.toLowerCase(); } catch { return null; }
  return CAPTURES.find((c) => c.hosts.some((h) => host === h || host.endsWith('.' + h))) ?? null;
}

/** What a badge needs of a post: the decisions and their evidence. */
function badgeOf(post) {
  const labels = post.labels ?? {};
  return {
    id: post.id,
    ad: post.ad,
    reason: post.reason,
    advertiser: post.advertiser ?? '',
    commercial: labels.commercial ?? '',
    tactics: (labels.tactics ?? []).map((t) => ({ kind: t.kind, span: t.span })),
    evidence: [...(post.evidence ?? []), ...(labels.evidence ?? [])]
      .map((e) => ({ decision: e.decision, path: e.path, value: e.value })),
  };
}

async function onCapture(msg) {
  const cap = captureFor(msg.url);
  if (!cap) return { skipped: 'unknown host' };
  const settings = await getSettings();
  if (settings.platforms[cap.platform] === false) return { skipped: 'platform off' };
  const t0 = performance.now();
  const file = await inspect(msg.url, msg.body);
  const inspectMs = performance.now() - t0;
  const added = await addPosts(file);
  return {
    platform: file.platform,
    endpoint: file.endpoint,
    badge: cap.badge,
    showBadges: settings.badges && !settings.badgesOff[cap.platform],
    posts: file.posts.map(badgeOf),
    added,
    inspectMs,
  };
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (msg?.type !== 'capture' || sender.id !== chrome.runtime.id) return false;
  onCapture(msg).then(sendResponse, (err) => sendResponse({ error: String(err?.message ?? err) }));
  return true; // the reply is asynchronous
});

// Warm the core at every start (also after the browser stopped the
// worker), and drop days older than the history setting.
loadCore().catch((err) => console.error('feedlens: core:', err));
prune().catch((err) => console.error('feedlens: prune:', err));
