// Per platform and over time: what the feed showed and why.
import { localize, pct, t } from './i18n.js';
import { CAPTURES } from './generated/captures.js';
import { dayOf, deleteAll, records } from './store.js';
import { REASONS, advertisers, authors, groupBy, tactics, tally } from './figures.js';

localize();
const $ = (id) => document.getElementById(id);
const COLORS = { followed: '#1a73e8', recommended: '#7a4fd1', ad: '#b3261e', repost: '#188038', network: '#f9ab00', search: '#12b5cb', reply: '#9aa0a6', unknown: '#dadce0' };
const PALETTE = ['#7a4fd1', '#1a73e8', '#b3261e', '#188038', '#f9ab00', '#12b5cb', '#e8710a', '#a142f4', '#9aa0a6'];

for (const { platform } of CAPTURES) $('platform').append(new Option(t('platform_' + platform), platform));
$('platform').onchange = render;
$('period').onchange = render;

const charts = {};
function chart(id, config) {
  charts[id]?.destroy();
  config.options = { responsive: true, maintainAspectRatio: false, animation: false, ...config.options };
  charts[id] = new Chart($(id), config);
}

function cell(tr, text, cls) {
  const td = tr.insertCell();
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function evidenceText(post) {
  return (post.evidence ?? []).map((e) => `${e.decision}: ${e.path || '(endpoint)'} = ${e.value}`).join('\n');
}

async function selected() {
  const from = dayOf(Date.now() - (Number($('period').value) - 1) * 86400e3);
  const platform = $('platform').value;
  return (await records(from)).filter((r) => !platform || r.platform === platform);
}

async function render() {
  const recs = await selected();
  const all = tally(recs);
  $('empty').hidden = recs.length > 0;

  const figs = [
    [String(all.posts), t('figPosts')],
    [all.posts ? pct(all.ads / all.posts) : '–', t('figAdShare')],
    [all.posts ? pct(all.reasons.recommended / all.posts) : '–', t('figRecommended')],
    [all.posts ? pct(all.reasons.followed / all.posts) : '–', t('figFollowed')],
    [String(advertisers(recs).length), t('figAdvertisers')],
  ];
  $('figures').replaceChildren(...figs.map(([v, label]) => {
    const d = document.createElement('div');
    d.className = 'figure';
    d.innerHTML = '<b></b><span></span>';
    d.firstChild.textContent = v;
    d.lastChild.textContent = label;
    return d;
  }));

  // Over time: why each day's posts were there.
  const days = groupBy(recs, (r) => r.day);
  chart('chart-time', {
    type: 'bar',
    data: {
      labels: [...days.keys()],
      datasets: REASONS.map((r) => ({ label: t('reason_' + r), backgroundColor: COLORS[r], data: [...days.values()].map((g) => tally(g).reasons[r]) })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });

  // Per platform: ad load, recommended and followed shares.
  const plats = groupBy(recs, (r) => r.platform);
  const share = (g, f) => { const c = tally(g); return c.posts ? (100 * f(c)) / c.posts : 0; };
  chart('chart-platforms', {
    type: 'bar',
    data: {
      labels: [...plats.keys()].map((p) => t('platform_' + p)),
      datasets: [
        { label: t('figAdShare'), backgroundColor: COLORS.ad, data: [...plats.values()].map((g) => share(g, (c) => c.ads)) },
        { label: t('figRecommended'), backgroundColor: COLORS.recommended, data: [...plats.values()].map((g) => share(g, (c) => c.reasons.recommended)) },
        { label: t('figFollowed'), backgroundColor: COLORS.followed, data: [...plats.values()].map((g) => share(g, (c) => c.reasons.followed)) },
      ],
    },
    options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '%' } } } },
  });

  // Topic mix and author tiers come from the classifiers' labels.
  const labelled = recs.filter((r) => r.post.labels);
  for (const [id, field] of [['chart-topics', 'topic'], ['chart-tiers', 'tier']]) {
    const groups = groupBy(labelled, (r) => r.post.labels[field] || 'unknown');
    $(id.replace('chart-', '') + '-note').hidden = labelled.length > 0;
    chart(id, {
      type: id === 'chart-topics' ? 'doughnut' : 'bar',
      data: { labels: [...groups.keys()].map((k) => t(field + '_' + k)), datasets: [{ label: t('figPosts'), backgroundColor: PALETTE, data: [...groups.values()].map((g) => g.length) }] },
    });
  }

  const advBody = $('advertisers').tBodies[0];
  advBody.replaceChildren();
  for (const a of advertisers(recs)) {
    const tr = advBody.insertRow();
    cell(tr, a.name);
    cell(tr, String(a.ads), 'num');
    cell(tr, [...a.platforms].map((p) => t('platform_' + p)).join(', '));
    const ev = document.createElement('code');
    ev.textContent = evidenceText(a.example);
    tr.insertCell().append(ev);
  }

  const auth = authors(recs);
  const top10 = auth.slice(0, 10).reduce((n, a) => n + a.seen, 0);
  $('authors-note').textContent = recs.length ? t('dashTop10', pct(top10 / recs.length), String(auth.length)) : '';
  const authBody = $('authors').tBodies[0];
  authBody.replaceChildren();
  for (const a of auth.slice(0, 20)) {
    const tr = authBody.insertRow();
    cell(tr, a.name ? `${a.name} (@${a.handle})` : a.handle);
    cell(tr, t('platform_' + a.platform));
    cell(tr, a.followers >= 0 ? a.followers.toLocaleString() : '–', 'num');
    cell(tr, String(a.seen), 'num');
  }

  const tac = tactics(recs);
  $('tactics-note').hidden = labelled.length > 0;
  const tacBody = $('tactics').tBodies[0];
  tacBody.replaceChildren();
  for (const x of tac.slice(0, 50)) {
    const tr = tacBody.insertRow();
    cell(tr, t('tactic_' + x.kind));
    cell(tr, `“${x.span}”`);
    cell(tr, (x.post.text ?? '').slice(0, 140));
    const ev = document.createElement('code');
    ev.textContent = (x.post.labels?.evidence ?? []).filter((e) => e.decision.includes(x.kind)).map((e) => `${e.path} = ${e.value}`).join('\n');
    tr.insertCell().append(ev);
  }
  document.body.dataset.ready = '1';
  document.body.dataset.posts = String(all.posts);
}

function download(name, type, text) {
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const CSV_COLUMNS = ['day', 'platform', 'surface', 'endpoint', 'id', 'reason', 'ad', 'advertiser', 'author_handle', 'author_name', 'followers', 'verified', 'topic', 'tier', 'tactics', 'domains', 'text'];

/** One CSV line per stored post (RFC 4180 quoting). */
export function toCSV(recs) {
  const q = (v) => (/[",\n\r]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  const rows = recs.map(({ day, platform, surface, endpoint, post }) => [
    day, platform, surface, endpoint, post.id, post.reason, post.ad, post.advertiser ?? '', post.author?.handle ?? '', post.author?.name ?? '',
    post.author?.followers ?? '', post.author?.verified ?? '', post.labels?.topic ?? '', post.labels?.tier ?? '',
    (post.labels?.tactics ?? []).map((x) => x.kind).join(' '), (post.domains ?? []).join(' '), post.text ?? '',
  ].map(q).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

$('export-json').onclick = async () => download(`feedlens-${dayOf(Date.now())}.json`, 'application/json', JSON.stringify(await records(), null, 1));
$('export-csv').onclick = async () => download(`feedlens-${dayOf(Date.now())}.csv`, 'text/csv', toCSV(await records()));
$('delete-all').onclick = async () => {
  if (!confirm(t('deleteConfirm'))) return;
  await deleteAll();
  await render();
};

await render();
