// Local storage of what the extension has seen, in IndexedDB: one record
// per platform, post id and day (seeing a post twice on one day counts
// once), kept for the configured number of days. Every write goes
// through one queue and is committed before its caller hears back, so a
// service worker stopped at any moment loses nothing it acknowledged.
// The study queue (studies.js) lives in the same database.

const DB = 'feedlens';
const VERSION = 2;

/** Defaults of the user's settings (options page). */
export const DEFAULT_SETTINGS = Object.freeze({
  historyDays: 90,
  badges: true,
  platforms: {}, // platform → false when switched off; absent means on
  badgesOff: {}, // platform → true when its badges are switched off
  studyServer: '', // the study server's URL; empty: no network at all
});

let dbPromise = null;

function open() {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = (ev) => {
      const db = req.result;
      if (ev.oldVersion < 1) {
        const posts = db.createObjectStore('posts', { keyPath: 'key' });
        posts.createIndex('day', 'day');
        db.createObjectStore('kv');
      }
      if (ev.oldVersion < 2) {
        // One record per study, day and platform: a report waiting to be
        // sent, sent, rejected, or a day that was not reported.
        const reports = db.createObjectStore('reports', { keyPath: 'key' });
        reports.createIndex('study', 'study');
        reports.createIndex('day', 'day');
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => { db.close(); dbPromise = null; };
      resolve(db);
    };
    req.onerror = () => { dbPromise = null; reject(req.error); };
  });
  return dbPromise;
}

/** Runs fn(stores) in one transaction and resolves when it commits. */
export async function tx(names, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(names, mode);
    const stores = Object.fromEntries([names].flat().map((n) => [n, t.objectStore(n)]));
    let result;
    Promise.resolve(fn(stores, t)).then((r) => { result = r; }, (err) => { t.abort(); reject(err); });
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('transaction aborted'));
  });
}

/** The result of an IndexedDB request, as a promise. */
export function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let queue = Promise.resolve();

/** Serialises writes: fn runs after every earlier write has committed. */
export function serial(fn) {
  const run = queue.then(fn);
  queue = run.catch(() => {});
  return run;
}

/** The local calendar day of a time, YYYY-MM-DD. */
export function dayOf(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Stores the posts of one classified payload; returns how many were new
 * (not yet seen on that platform that day).
 */
export function addPosts(file, now = Date.now()) {
  const day = dayOf(now);
  return serial(() => tx('posts', 'readwrite', async ({ posts }) => {
    let added = 0;
    const waits = file.posts.map((post) => {
      const key = `${post.platform}|${post.id}|${day}`;
      const req = posts.add({ key, day, seen: now, platform: post.platform, surface: file.surface, endpoint: file.endpoint, post });
      return new Promise((resolve) => {
        req.onsuccess = () => { added++; resolve(); };
        // A post already stored today: keep the first sighting.
        req.onerror = (ev) => { ev.preventDefault(); ev.stopPropagation(); resolve(); };
      });
    });
    await Promise.all(waits);
    return added;
  }));
}

/**
 * Deletes the days older than the history setting: posts, and study
 * records that are done with (a queued report stays until it is sent).
 * Returns how many posts went.
 */
export async function prune(now = Date.now()) {
  const { historyDays } = await getSettings();
  const range = IDBKeyRange.upperBound(firstKept(historyDays, now), true);
  return serial(() => tx(['posts', 'reports'], 'readwrite', ({ posts, reports }) => new Promise((resolve, reject) => {
    let n = 0;
    const req = posts.index('day').openKeyCursor(range);
    req.onsuccess = () => {
      const c = req.result;
      if (!c) return resolve(n);
      posts.delete(c.primaryKey);
      n++;
      c.continue();
    };
    req.onerror = () => reject(req.error);
    const old = reports.index('day').openCursor(range);
    old.onsuccess = () => {
      const c = old.result;
      if (!c) return;
      if (c.value.state !== 'queued') c.delete();
      c.continue();
    };
  })));
}

/** The oldest day the history setting keeps. */
export function firstKept(historyDays, now = Date.now()) {
  return dayOf(now - historyDays * 86400e3);
}

/**
 * All stored records, oldest day first; from and to (YYYY-MM-DD, both
 * included) limit the days.
 */
export async function records(from = '', to = '') {
  const range = from && to ? IDBKeyRange.bound(from, to) : from ? IDBKeyRange.lowerBound(from) : to ? IDBKeyRange.upperBound(to) : null;
  return tx('posts', 'readonly', ({ posts }) => request(posts.index('day').getAll(range)));
}

/** Deletes every stored post (settings stay). */
export function deleteAll() {
  return serial(() => tx('posts', 'readwrite', ({ posts }) => { posts.clear(); }));
}

/** The user's settings, defaults filled in. */
export async function getSettings() {
  const s = await tx('kv', 'readonly', ({ kv }) => request(kv.get('settings')));
  return { ...DEFAULT_SETTINGS, ...(s ?? {}) };
}

/** Merges changes into the settings and returns the result. */
export function setSettings(changes) {
  return serial(() => tx('kv', 'readwrite', async ({ kv }) => {
    const s = { ...DEFAULT_SETTINGS, ...((await request(kv.get('settings'))) ?? {}), ...changes };
    s.historyDays = Math.max(1, Math.min(3650, Math.round(Number(s.historyDays)) || DEFAULT_SETTINGS.historyDays));
    kv.put(s, 'settings');
    return s;
  }));
}
