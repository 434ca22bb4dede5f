// Today at a glance.
import { localize, pct } from './i18n.js';
import { records } from './store.js';
import { advertisers, groupBy, tally, today } from './figures.js';
import { dayOf } from './store.js';

localize();
const set = (id, v) => { document.getElementById(id).textContent = v; };

const recs = today(await records(dayOf(Date.now())));
const c = tally(recs);
set('posts', String(c.posts));
set('ads', c.posts ? pct(c.ads / c.posts) : '–');
set('recommended', c.posts ? pct(c.reasons.recommended / c.posts) : '–');
set('followed', c.posts ? pct(c.reasons.followed / c.posts) : '–');
set('platforms', String(groupBy(recs, (r) => r.platform).size));
set('advertisers', String(advertisers(recs).length));
document.getElementById('empty').hidden = c.posts > 0;
document.getElementById('open-dashboard').onclick = () => chrome.tabs.create({ url: chrome.runtime.getURL('dashboard.html') });
document.getElementById('open-options').onclick = () => chrome.runtime.openOptionsPage();
document.body.dataset.ready = '1';
