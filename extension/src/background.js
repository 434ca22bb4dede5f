// The service worker: classifies every captured payload with the Go
// core, stores the posts, and tells the content script what to mark;
// for the studies the user joined, builds and sends the daily reports.
import { loadCore, inspect } from './core.js';
import { CAPTURES } from './generated/captures.js';
import { addPosts, getSettings, prune } from './store.js';
import { RETRY_ALARM, STUDY_ALARM, enrolments, ensureSchedule, runStudies, serverPermission, withdraw } from './studies.js';

/** The platform whose pages include the host of the sending tab, or null. */
export function captureFor(pageURL) {
  let host;
  try { host = new URL(pageURL).hostname.toLowerCase(); } catch { return null; }
  return CAPTURES.find((c) => c.pages.some((h) => host === h || host.endsWith('.' + h))) ?? null;
}

const t = (name) => chrome.i18n.getMessage(name) || name;
const REASON_LABEL = {
  ad: 'badgeAd', recommended: 'badgeSuggested', followed: 'badgeFollowed', repost: 'badgeRepost',
  network: 'badgeNetwork', search: 'badgeSearch', reply: 'badgeReply', unknown: 'badgeSeen',
};
// A chip's colour is a class of badges.css: ad, recommended, commercial,
// tactic, or other for every other reason.
const OWN_COLOR = new Set(['ad', 'recommended']);

/**
 * A post's badge, ready to draw: its chips (Ad or why it is there, a
 * commercial label, the tactics) and a tooltip with the evidence, in the
 * user's language. Built here because chrome.i18n in a content script
 * can block the page's main thread.
 */
export function badgeOf(post) {
  const labels = post.labels ?? {};
  const kind = post.ad ? 'ad' : post.reason;
  const chips = [[t(REASON_LABEL[kind] ?? 'badgeSeen'), OWN_COLOR.has(kind) ? kind : 'other']];
  if (labels.commercial && labels.commercial !== 'ad') chips.push([t('commercial_' + labels.commercial), 'commercial']);
  const tactics = labels.tactics ?? [];
  for (const k of new Set(tactics.map((x) => x.kind))) chips.push([t('tactic_' + k), 'tactic']);
  const lines = [...(post.evidence ?? []), ...(labels.evidence ?? [])].map((e) => `${e.decision}: ${e.path || '(endpoint)'} = ${e.value}`);
  for (const x of tactics) lines.push(`${t('tactic_' + x.kind)}: “${x.span}”`);
  if (post.advertiser) lines.unshift(`${t('advertiser')}: ${post.advertiser}`);
  return { id: post.id, ref: post.ref, kind, chips, title: `feedlens — ${t('evidence')}\n${lines.join('\n')}` };
}

async function onCapture(msg, pageURL) {
  const cap = captureFor(pageURL);
  if (!cap) return { skipped: 'unknown host' };
  const settings = await getSettings();
  if (settings.platforms[cap.platform] === false) return { skipped: 'platform off' };
  const t0 = performance.now();
  const file = await inspect(msg.url, msg.body);
  const inspectMs = performance.now() - t0;
  const added = await addPosts(file);
  return {
    url: msg.url,
    platform: file.platform,
    endpoint: file.endpoint,
    badge: cap.badge,
    showBadges: settings.badges && !settings.badgesOff[cap.platform],
    posts: file.posts.map(badgeOf),
    added,
    inspectMs,
  };
}

/** Whether a message comes from one of the extension's own pages. */
const fromExtensionPage = (sender) => sender.id === chrome.runtime.id && String(sender.url).startsWith(chrome.runtime.getURL(''));

/**
 * The options page's study messages: 'studies-changed' after joining or
 * leaving (the alarm follows), 'studies-run' for its Send now button
 * (retryNow: send what waits for its next try too). 'studies-run' takes
 * a clock (now, ms) so that the end-to-end test can let days pass.
 */
function onStudyMessage(msg, sendResponse) {
  const work = msg.type === 'studies-changed' ? ensureSchedule() : runStudies(Number(msg.now) || Date.now(), msg.retryNow === true);
  work.then((r) => sendResponse(r ?? {}), (err) => sendResponse({ error: String(err?.message ?? err) }));
  return true;
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if ((msg?.type === 'studies-run' || msg?.type === 'studies-changed') && fromExtensionPage(sender)) return onStudyMessage(msg, sendResponse);
  if (msg?.type !== 'capture' || sender.id !== chrome.runtime.id) return false;
  const relayed = msg.via === 'relay' && sender.tab;
  // The platform is the one of the page: the content script's frame, or
  // for the relay frame the page it says it sits in.
  onCapture(msg, msg.via === 'relay' ? String(msg.page) : sender.url).catch((err) => ({ error: String(err?.message ?? err) })).then(async (reply) => {
    // What the relay frame passed on is confirmed to the page's ISOLATED
    // script (top frame), with the badges to draw. It goes first: if the
    // worker is stopped before the relay hears back, the relay sends
    // again and the badges come again (drawn once).
    if (relayed) {
      await chrome.tabs.sendMessage(sender.tab.id, { type: 'badges', id: msg.id, reply }, { frameId: 0 }).catch(() => {});
    }
    sendResponse(reply);
  });
  return true; // the reply is asynchronous
});

const logged = (what) => (err) => console.error(`feedlens: ${what}:`, err);

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === STUDY_ALARM || alarm.name === RETRY_ALARM) runStudies().catch(logged('studies'));
});
chrome.runtime.onStartup.addListener(() => runStudies().catch(logged('studies')));
// Taking the study server's permission back in the browser's settings
// is leaving its studies.
chrome.permissions.onRemoved.addListener(({ origins = [] }) => {
  (async () => {
    for (const e of Object.values(await enrolments())) {
      if (origins.includes(serverPermission(e.server))) await withdraw(e.study.id);
    }
    await ensureSchedule();
  })().catch(logged('studies'));
});

// Warm the core at every start (also after the browser stopped the
// worker), drop days older than the history setting, and keep the study
// alarm (alarms may not survive a browser restart).
loadCore().catch(logged('core'));
prune().catch(logged('prune'));
ensureSchedule().catch(logged('studies'));
