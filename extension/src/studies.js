// Crowd studies, the client side: the study server's address, enrolment
// and withdrawal, and the queue of daily reports in IndexedDB.
//
// Nothing here touches the network unless the user has set a study
// server: then the options page may ask it for its list of studies, and
// only for a study the user joined does the worker send reports. Each
// report is built once per study, day and platform by the Go core
// (feedlens.report: metrics, buckets, randomised response), stored with
// its id before anything is sent, and sent again with the same id until
// the server has answered 202 for it, so a report is never lost and never
// counted twice (the server stores an id once).
import { report } from './core.js';
import { dayOf, firstKept, getSettings, records, request, serial, tx } from './store.js';

/** The alarm that builds and sends each day's reports (checked hourly). */
export const STUDY_ALARM = 'feedlens-studies';
/** The one-shot alarm of the next retry. */
export const RETRY_ALARM = 'feedlens-studies-retry';
/** The server takes at most this many reports in one batch. */
const MAX_BATCH = 500;
/** Backoff between failed sends: 1, 2, 4 … minutes, at most a day. */
const RETRY_BASE_MS = 60e3;
const RETRY_MAX_MS = 86400e3;
/** The keys of a report: all that leaves the browser. */
const REPORT_KEYS = ['id', 'study', 'version', 'day', 'platform', 'values'];

/**
 * The study server's base URL from what the user typed, or throws an
 * Error whose message is a locale key. Plain http only for this machine
 * (a server being tried out locally); reports cross the network over
 * https only.
 */
export function serverBase(text) {
  let u;
  try { u = new URL(String(text).trim()); } catch { throw new Error('studyServerInvalid'); }
  const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
  if (!(u.protocol === 'https:' || (u.protocol === 'http:' && local))) throw new Error('studyServerHttps');
  if (u.username || u.password || u.search || u.hash) throw new Error('studyServerInvalid');
  return u.origin + u.pathname.replace(/\/+$/, '');
}

/** The host permission the extension asks for at enrolment. */
export function serverPermission(base) {
  return `${new URL(base).origin}/*`;
}

/**
 * Every request to the study server: no cookies or other credentials, no
 * referrer, and a fixed language, so that nothing about the browser
 * beyond what every request carries reaches the server.
 */
function call(url, init = {}) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 30e3);
  return fetch(url, {
    ...init, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', signal: ctl.signal,
    headers: { Accept: 'application/json', 'Accept-Language': 'en', ...init.headers },
  }).finally(() => clearTimeout(timer));
}

/** The studies the server lists (GET /v1/studies): running and upcoming. */
export async function fetchStudies(base) {
  const res = await call(`${base}/v1/studies`);
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`.trim());
  const body = await res.json();
  if (!Array.isArray(body?.studies)) throw new Error('the answer has no studies list');
  return body.studies;
}

/** A study text ({"en": …, "de": …}) in the user's language, else English. */
export function localText(text, lang) {
  return text?.[lang] ?? text?.[String(lang).split('-')[0]] ?? text?.en ?? '';
}

/** Moves a YYYY-MM-DD day by n days. */
export function shiftDay(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The studies the user has joined: {id: {study, server, since, joined}}. */
export async function enrolments() {
  return (await tx('kv', 'readonly', ({ kv }) => request(kv.get('studies')))) ?? {};
}

/**
 * Joins a study (its document as the user saw it on the consent screen).
 * Days are reported from the day of joining on.
 */
export function enrol(study, server, now = Date.now()) {
  return serial(() => tx('kv', 'readwrite', async ({ kv }) => {
    const all = (await request(kv.get('studies'))) ?? {};
    all[study.id] = { study, server, since: dayOf(now), joined: now };
    kv.put(all, 'studies');
  }));
}

/**
 * Leaves a study: forgets the enrolment and deletes every report of it,
 * queued ones included, in one transaction, so nothing more of it is
 * built or sent. Returns how many queued reports were dropped.
 */
export function withdraw(id) {
  return serial(() => tx(['kv', 'reports'], 'readwrite', async ({ kv, reports }) => {
    const all = (await request(kv.get('studies'))) ?? {};
    delete all[id];
    kv.put(all, 'studies');
    const mine = await request(reports.index('study').getAll(id));
    for (const r of mine) reports.delete(r.key);
    return mine.filter((r) => r.state === 'queued').length;
  }));
}

/** The records of one study (queued, sent, rejected, skipped), by day. */
export async function studyRecords(id) {
  return tx('reports', 'readonly', ({ reports }) => request(reports.index('study').getAll(id)));
}

/** Exactly what leaves the browser for a report: its six keys. */
export function wire(rep) {
  return Object.fromEntries(REPORT_KEYS.map((k) => [k, rep[k]]));
}

let running = Promise.resolve();

/**
 * The daily job, one run at a time: for every study joined, builds the
 * reports of each finished day since joining that has none yet, then
 * sends what is queued and due (all that is queued with retryNow, the
 * options page's Send now). now is the clock (tests move it).
 */
export function runStudies(now = Date.now(), retryNow = false) {
  const run = running.then(() => runOnce(now, retryNow));
  running = run.catch(() => {});
  return run;
}

async function runOnce(now, retryNow) {
  const summary = { built: 0, skipped: 0, sent: 0, rejected: 0, failed: 0 };
  const joined = Object.values(await enrolments());
  if (joined.length === 0) return summary; // no study: no network, nothing to do
  const { historyDays } = await getSettings();
  const yesterday = shiftDay(dayOf(now), -1);
  for (const e of joined) {
    const first = [e.since, e.study.start, firstKept(historyDays, now)].sort().at(-1);
    const last = [yesterday, e.study.end].sort()[0];
    try {
      for (let day = first; day <= last; day = shiftDay(day, 1)) await buildDay(e, day, now, summary);
    } catch (err) {
      // One study that cannot be built must not hold up the others' sending.
      console.error(`feedlens: study ${e.study.id}:`, err);
      summary.error = String(err?.message ?? err);
    }
  }
  await sendDue(now, retryNow, summary);
  await scheduleRetry();
  return summary;
}

/** Builds the missing records of one study and day, one per platform. */
async function buildDay(e, day, now, summary) {
  const prefix = `${e.study.id}|${day}|`;
  const have = await tx('reports', 'readonly', ({ reports }) => request(reports.getAllKeys(IDBKeyRange.bound(prefix, prefix + '\uffff'))));
  const missing = e.study.platforms.filter((p) => !have.includes(prefix + p));
  if (missing.length === 0) return;
  const recs = await records(shiftDay(day, -1), day);
  const built = [];
  for (const platform of missing) {
    const o = await report(e.study, recs.filter((r) => r.platform === platform), day, platform);
    const base = { key: prefix + platform, study: e.study.id, version: e.study.version, day, platform, posts: o.posts, built: now };
    built.push(o.report
      ? { ...base, state: 'queued', report: wire(o.report), truth: o.truth, attempts: 0, nextTry: 0 }
      : { ...base, state: 'skipped', skip: o.skip, reason: o.reason });
  }
  // Stored only while the enrolment that built them stands (the user may
  // have withdrawn meanwhile), and only where no record exists yet.
  await serial(() => tx(['kv', 'reports'], 'readwrite', async ({ kv, reports }) => {
    const current = ((await request(kv.get('studies'))) ?? {})[e.study.id];
    if (current?.joined !== e.joined) return;
    for (const r of built) {
      const req = reports.add(r);
      req.onsuccess = () => { summary[r.state === 'queued' ? 'built' : 'skipped']++; };
      req.onerror = (ev) => { ev.preventDefault(); ev.stopPropagation(); };
    }
  }));
}

/** Sends the queued reports that are due, in batches per study. */
async function sendDue(now, retryNow, summary) {
  const joined = await enrolments();
  const queued = await tx('reports', 'readonly', ({ reports }) => request(reports.getAll()));
  const due = new Map();
  for (const r of queued) {
    if (r.state !== 'queued' || (r.nextTry > now && !retryNow) || !joined[r.study]) continue;
    if (!due.has(r.study)) due.set(r.study, []);
    due.get(r.study).push(r);
  }
  for (const [id, recs] of due) {
    const { server } = joined[id];
    // The user may have taken the server's permission back in the
    // browser's settings: then nothing is sent.
    if (!(await chrome.permissions.contains({ origins: [serverPermission(server)] }))) continue;
    for (let i = 0; i < recs.length; i += MAX_BATCH) await sendBatch(server, id, recs.slice(i, i + MAX_BATCH), now, summary);
  }
}

async function sendBatch(server, id, batch, now, summary) {
  let results = null;
  let failure = '';
  try {
    const res = await call(`${server}/v1/studies/${encodeURIComponent(id)}/reports`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reports: batch.map((r) => wire(r.report)) }),
    });
    const body = await res.json().catch(() => null);
    if (res.status === 202 && Array.isArray(body?.results) && body.results.length === batch.length) results = body.results;
    else failure = `HTTP ${res.status}${body?.error ? ': ' + body.error : ''}`;
  } catch (err) {
    failure = String(err?.message ?? err);
  }
  await serial(() => tx('reports', 'readwrite', async ({ reports }) => {
    for (const [i, r] of batch.entries()) {
      const cur = await request(reports.get(r.key));
      if (!cur || cur.state !== 'queued') continue; // withdrawn meanwhile
      const res = results?.[i];
      if (res?.status === 'accepted' || res?.status === 'duplicate') {
        Object.assign(cur, { state: 'sent', sent: now, error: '' });
        summary.sent++;
      } else if (res?.status === 'rejected') {
        // The server will never take this one: keep it visible, stop sending.
        Object.assign(cur, { state: 'rejected', error: [res.field, res.error].filter(Boolean).join(': ') });
        summary.rejected++;
      } else {
        cur.attempts++;
        const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (cur.attempts - 1));
        Object.assign(cur, { nextTry: now + wait * (0.75 + Math.random() / 2), error: failure || 'no answer for this report' });
        summary.failed++;
      }
      reports.put(cur);
    }
  }));
}

/** Sets the retry alarm to the earliest queued report's next try. */
async function scheduleRetry() {
  const queued = (await tx('reports', 'readonly', ({ reports }) => request(reports.getAll()))).filter((r) => r.state === 'queued');
  if (queued.length === 0) {
    await chrome.alarms.clear(RETRY_ALARM);
    return;
  }
  // Chrome fires alarms 30 s apart at the soonest.
  const when = Math.max(Date.now() + 30e3, Math.min(...queued.map((r) => r.nextTry)));
  await chrome.alarms.create(RETRY_ALARM, { when });
}

/** Keeps the hourly alarm while a study is joined, and none otherwise. */
export async function ensureSchedule() {
  if (Object.keys(await enrolments()).length === 0) {
    await Promise.all([chrome.alarms.clear(STUDY_ALARM), chrome.alarms.clear(RETRY_ALARM)]);
    return;
  }
  if (!(await chrome.alarms.get(STUDY_ALARM))) await chrome.alarms.create(STUDY_ALARM, { periodInMinutes: 60 });
}
