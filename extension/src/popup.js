// Today at a glance: the metrics (shared/metrics, through the Go core) of
// the posts seen today, against yesterday's for novelty.
import { localize, pct } from './i18n.js';
import { metrics } from './core.js';
import { dayOf, records } from './store.js';

localize();
const set = (id, v) => { document.getElementById(id).textContent = v; };
const now = Date.now();
const today = dayOf(now);
const yesterday = dayOf(now - 86400e3);
const recent = await records(yesterday);
const todays = recent.filter((r) => r.day === today);
const m = await metrics(todays, recent.filter((r) => r.day === yesterday));
const share = (v) => (v === null || v === undefined ? '–' : pct(v));
set('posts', String(m.posts));
set('ads', share(m.ad_share));
set('recommended', share(m.reason_share?.recommended));
set('followed', share(m.reason_share?.followed));
set('tactics', share(m.tactic_rate));
set('score', m.diversity_score === null ? '–' : String(Math.round(m.diversity_score)));
document.getElementById('empty').hidden = m.posts > 0;
document.getElementById('open-dashboard').onclick = () => chrome.tabs.create({ url: chrome.runtime.getURL('dashboard.html') });
document.getElementById('open-options').onclick = () => chrome.runtime.openOptionsPage();
document.body.dataset.ready = '1';
