// The options page's study section: the study server, its studies, the
// consent screen with a preview of exactly what would be sent, and for
// each study joined, its queue and the way out.
import { localize, t } from './i18n.js';
import { report } from './core.js';
import { dayOf, getSettings, records, setSettings } from './store.js';
import { enrol, enrolments, fetchStudies, localText, serverBase, serverPermission, shiftDay, studyRecords, wire, withdraw } from './studies.js';

const $ = (id) => document.getElementById(id);
const lang = chrome.i18n.getUILanguage();
const section = $('study');
let listed = null; // the server's studies, once the user asked for them

function el(tag, props = {}, ...children) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function status(text, isError = false) {
  $('study-status').textContent = text;
  $('study-status').className = isError ? 'error' : 'note';
}

/** A pre element with what a batch of these reports puts on the wire. */
function wireBlock(reports) {
  return el('pre', { className: 'wire', textContent: JSON.stringify({ reports: reports.map(wire) }, null, 1) });
}

const pct = (x) => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(x);
const platformName = (p) => t('platform_' + p);

/** A day's outcome on one platform: the report's answers beside the truth, or why none. */
function outcomeBlock(study, platform, o) {
  const box = el('div', { className: 'outcome', id: `preview-${platform}` });
  box.dataset.platform = platform;
  if (!o.report) {
    box.append(el('p', { className: 'note', textContent: `${platformName(platform)}: ${t('studySkip_' + o.skip)} (${t('studyPosts', String(o.posts))})` }));
    return box;
  }
  box.append(el('p', { textContent: `${platformName(platform)} (${t('studyPosts', String(o.posts))})` }));
  const table = el('table', {}, el('thead', {}, el('tr', {},
    el('th', { textContent: t('studyField') }), el('th', { textContent: t('studyYourDay') }),
    el('th', { textContent: t('studySentValue') }), el('th', { className: 'num', textContent: t('studyKeepChance') }))));
  const body = el('tbody');
  for (const f of study.fields) {
    body.append(el('tr', {},
      el('td', { textContent: f.name }), el('td', { textContent: f.categories[o.truth[f.name]] }),
      el('td', { textContent: f.categories[o.report.values[f.name]] }), el('td', { className: 'num', textContent: pct(o.keep[f.name]) })));
  }
  table.append(body);
  box.append(table);
  return box;
}

/**
 * The preview: this study's reports built now from today's posts so far
 * (for a study that has not started, as if today were its first day).
 * They are randomised like real ones, and never sent.
 */
async function preview(study) {
  const now = Date.now();
  const today = dayOf(now);
  const day = today < study.start ? study.start : today;
  const moved = (recs, to) => recs.map((r) => ({ ...r, day: to }));
  const recent = await records(shiftDay(today, -1), today);
  const outcomes = [];
  for (const platform of study.platforms) {
    const mine = recent.filter((r) => r.platform === platform);
    const recs = [...moved(mine.filter((r) => r.day === today), day), ...moved(mine.filter((r) => r.day !== today), shiftDay(day, -1))];
    outcomes.push([platform, await report(study, recs, day, platform)]);
  }
  const blocks = outcomes.map(([p, o]) => outcomeBlock(study, p, o));
  const sent = outcomes.filter(([, o]) => o.report).map(([, o]) => o.report);
  $('consent-preview').replaceChildren(...blocks, sent.length ? wireBlock(sent) : el('p', { className: 'note', textContent: t('studyPreviewEmpty') }));
}

async function openConsent(study, server) {
  const panel = $('study-consent');
  panel.dataset.study = study.id;
  $('consent-title').textContent = localText(study.title, lang);
  $('consent-description').textContent = localText(study.description, lang);
  $('consent-facts').textContent = t('studyFacts', study.start, study.end, study.platforms.map(platformName).join(', '), String(study.version));
  $('consent-privacy').textContent = t('studyPrivacy', String(study.epsilon), String(study.min_cohort), String(study.min_posts));
  $('consent-text').textContent = localText(study.consent, lang);
  $('consent-permission').textContent = t('studyPermissionNote', new URL(server).origin);
  const rows = study.fields.map((f) => el('tr', {}, el('td', { textContent: f.name }), el('td', { textContent: f.categories.join(' · ') })));
  $('consent-fields').tBodies[0].replaceChildren(...rows);
  $('consent-agree').checked = false;
  $('consent-join').disabled = true;
  $('consent-preview').replaceChildren(el('p', { className: 'note', textContent: t('studyPreviewBuilding') }));
  panel.hidden = false;
  delete panel.dataset.previewed;
  let valid = true; // the core checks the study as the server does, while building the preview
  $('consent-agree').onchange = () => { $('consent-join').disabled = !$('consent-agree').checked || !valid; };
  $('consent-close').onclick = () => { panel.hidden = true; };
  // The permission request must be the first thing the click does:
  // Firefox grants it only straight from a user action.
  $('consent-join').onclick = () => {
    chrome.permissions.request({ origins: [serverPermission(server)] }).then(async (granted) => {
      if (!granted) return status(t('studyPermissionRefused'), true);
      await enrol(study, server);
      await chrome.runtime.sendMessage({ type: 'studies-changed' });
      panel.hidden = true;
      status(t('studyJoinedNow', localText(study.title, lang)));
      await render();
    }).catch((err) => status(String(err?.message ?? err), true));
  };
  try {
    await preview(study);
  } catch (err) {
    valid = false;
    $('consent-join').disabled = true;
    $('consent-preview').replaceChildren(el('p', { className: 'error', textContent: String(err?.message ?? err) }));
  }
  panel.dataset.previewed = '1';
}

/** One joined study: what was and will be sent, Send now, Leave. */
async function joinedBlock(e) {
  const recs = await studyRecords(e.study.id);
  const by = (state) => recs.filter((r) => r.state === state);
  const queued = by('queued');
  const box = el('div', { className: 'panel', id: `joined-${e.study.id}` });
  box.dataset.queued = String(queued.length);
  box.dataset.sent = String(by('sent').length);
  box.append(el('h3', { textContent: localText(e.study.title, lang) }),
    el('p', { className: 'note', textContent: t('studyJoinedOn', e.since, e.server) }),
    el('p', { textContent: t('studyCounts', String(queued.length), String(by('sent').length), String(by('skipped').length), String(by('rejected').length)) }));
  const newer = listed?.find((s) => s.id === e.study.id && s.version > e.study.version);
  if (newer) box.append(el('p', { className: 'note', textContent: t('studyNewVersion', String(newer.version)) }));
  if (e.study.end < dayOf(Date.now())) box.append(el('p', { className: 'note', textContent: t('studyEnded') }));
  const failing = queued.filter((r) => r.error).sort((a, b) => a.nextTry - b.nextTry)[0];
  if (failing) box.append(el('p', { className: 'error', textContent: t('studyRetry', failing.error, new Date(failing.nextTry).toLocaleString(lang)) }));
  for (const r of by('rejected')) box.append(el('p', { className: 'error', textContent: `${r.day} ${platformName(r.platform)}: ${r.error}` }));
  if (queued.length) box.append(el('h4', { textContent: t('studyQueueTitle') }), wireBlock(queued.map((r) => r.report)));
  const sent = by('sent').sort((a, b) => (a.day < b.day ? 1 : -1)).slice(0, 30);
  if (sent.length) box.append(el('h4', { textContent: t('studySentTitle') }), wireBlock(sent.map((r) => r.report)));
  const skipped = by('skipped').sort((a, b) => (a.day < b.day ? 1 : -1)).slice(0, 30);
  if (skipped.length) {
    box.append(el('h4', { textContent: t('studySkippedTitle') }),
      el('ul', {}, ...skipped.map((r) => el('li', { className: 'note', textContent: `${r.day} ${platformName(r.platform)}: ${t('studySkip_' + r.skip)} (${t('studyPosts', String(r.posts))})` }))));
  }
  const send = el('button', { id: `send-${e.study.id}`, textContent: t('studySendNow') });
  send.onclick = async () => {
    const r = await chrome.runtime.sendMessage({ type: 'studies-run', retryNow: true });
    status(r?.error ?? t('studySendResult', String(r.sent), String(r.failed)), Boolean(r?.error));
    await render();
  };
  const leave = el('button', { id: `withdraw-${e.study.id}`, className: 'danger', textContent: t('studyWithdraw') });
  leave.onclick = async () => {
    if (!confirm(t('studyWithdrawConfirm'))) return;
    const dropped = await withdraw(e.study.id);
    if (Object.keys(await enrolments()).length === 0) await chrome.permissions.remove({ origins: [serverPermission(e.server)] });
    await chrome.runtime.sendMessage({ type: 'studies-changed' });
    status(t('studyWithdrawn', String(dropped)));
    await render();
  };
  box.append(el('div', { className: 'bar' }, send, leave));
  return box;
}

async function render() {
  const settings = await getSettings();
  const joined = await enrolments();
  const locked = Object.keys(joined).length > 0;
  $('study-server').value = settings.studyServer;
  $('study-server').disabled = locked;
  $('study-server-save').disabled = locked;
  $('study-server-note').textContent = t(locked ? 'studyServerLocked' : 'studyServerNote');
  const blocks = [];
  for (const e of Object.values(joined)) blocks.push(await joinedBlock(e));
  $('study-joined').replaceChildren(...(blocks.length ? [el('h3', { textContent: t('studyJoined') }), ...blocks] : []));
  const open = (listed ?? []).filter((s) => !joined[s.id]);
  const items = open.map((s) => {
    const button = el('button', { id: `study-open-${s.id}`, textContent: t('studyDetails') });
    button.onclick = () => openConsent(s, settings.studyServer);
    return el('li', {}, el('b', { textContent: localText(s.title, lang) }), ' ', el('span', { className: 'note', textContent: `${s.start} – ${s.end}` }), ' ', button);
  });
  $('study-list').replaceChildren(...(listed === null ? [] : listed.length === 0 ? [el('p', { className: 'note', textContent: t('studyNone') })]
    : [el('h3', { textContent: t('studyAvailable') }), el('ul', {}, ...items)]));
  section.dataset.renders = String(Number(section.dataset.renders ?? 0) + 1);
}

// Saving the address and asking the server for its studies is the one
// step that goes to the network before joining; an empty address stops
// it altogether.
$('study-server-save').onclick = async () => {
  const text = $('study-server').value.trim();
  listed = null;
  $('study-consent').hidden = true;
  if (!text) {
    await setSettings({ studyServer: '' });
    status(t('studyServerCleared'));
    return render();
  }
  let base;
  try {
    base = serverBase(text);
  } catch (err) {
    return status(t(err.message), true);
  }
  await setSettings({ studyServer: base });
  status(t('studyLoading'));
  try {
    listed = await fetchStudies(base);
    status('');
  } catch (err) {
    status(t('studyLoadFailed', String(err?.message ?? err)), true);
  }
  await render();
};

localize(section);
await render();
section.dataset.ready = '1';
