// Per platform and over time: what the feed showed and why.
import { localize, pct, t } from './i18n.js';
import { CAPTURES } from './generated/captures.js';
import { dayOf, deleteAll, records } from './store.js';
import { advertisers, authors, groupBy, tactics } from './figures.js';
import { metrics } from './core.js';

localize();
const $ = (id) => document.getElementById(id);
const COLORS = { followed: '#1a73e8', recommended: '#7a4fd1', ad: '#b3261e' };
const TIER_ORDER = ['nano', 'micro', 'mid', 'macro', 'mega', 'unknown']; // classify.Tiers
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

const share = (v) => (v === null || v === undefined ? '–' : pct(v));
const num = (v, digits = 2) => (v === null || v === undefined ? '–' : Number(v).toFixed(digits));
const percent = (v) => (v === null || v === undefined ? 0 : 100 * v);

function figure(value, label) {
  const d = document.createElement('div');
  d.className = 'figure';
  d.append(document.createElement('b'), document.createElement('span'));
  d.firstChild.textContent = value;
  d.lastChild.textContent = label;
  return d;
}

/** Metrics of each group of records, each against the group before it (for novelty). */
async function series(groups) {
  const out = [];
  let previous = [];
  for (const g of groups.values()) {
    out.push(await metrics(g, previous));
    previous = g;
  }
  return out;
}

async function render() {
  const recs = await selected();
  $('empty').hidden = recs.length > 0;
  // Every figure is the Go core's (shared/metrics): the same numbers
  // `feedlens inspect --metrics` prints for the same posts.
  const m = await metrics(recs);
  $('figures').replaceChildren(
    figure(String(m.posts), t('figPosts')),
    figure(share(m.ad_share), t('figAdShare')),
    figure(share(m.reason_share?.recommended), t('figRecommended')),
    figure(share(m.reason_share?.followed), t('figFollowed')),
    figure(m.diversity_score === null ? '–' : String(Math.round(m.diversity_score)), t('figScore')),
    figure(num(m.topic_entropy), t('figTopicEntropy')),
    figure(share(m.top10_share), t('figTop10')),
    figure(num(m.author_hhi, 3), t('figHHI')),
    figure(share(m.tactic_rate), t('figTactics')),
    figure(String(advertisers(recs).length), t('figAdvertisers')),
  );
  document.body.dataset.metrics = JSON.stringify(m);

  // Over time: per day, ad load, recommended and followed shares, and the
  // diversity score.
  const days = groupBy(recs, (r) => r.day);
  const perDay = await series(days);
  chart('chart-time', {
    type: 'bar',
    data: {
      labels: [...days.keys()],
      datasets: [
        { label: t('figAdShare'), backgroundColor: COLORS.ad, data: perDay.map((x) => percent(x.ad_share)) },
        { label: t('figRecommended'), backgroundColor: COLORS.recommended, data: perDay.map((x) => percent(x.reason_share?.recommended)) },
        { label: t('figFollowed'), backgroundColor: COLORS.followed, data: perDay.map((x) => percent(x.reason_share?.followed)) },
        { label: t('figScore'), type: 'line', borderColor: '#188038', backgroundColor: '#188038', data: perDay.map((x) => x.diversity_score ?? null) },
      ],
    },
    options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% / 0–100' } } } },
  });

  // Per platform.
  const plats = groupBy(recs, (r) => r.platform);
  const perPlatform = [];
  for (const g of plats.values()) perPlatform.push(await metrics(g));
  chart('chart-platforms', {
    type: 'bar',
    data: {
      labels: [...plats.keys()].map((p) => t('platform_' + p)),
      datasets: [
        { label: t('figAdShare'), backgroundColor: COLORS.ad, data: perPlatform.map((x) => percent(x.ad_share)) },
        { label: t('figRecommended'), backgroundColor: COLORS.recommended, data: perPlatform.map((x) => percent(x.reason_share?.recommended)) },
        { label: t('figFollowed'), backgroundColor: COLORS.followed, data: perPlatform.map((x) => percent(x.reason_share?.followed)) },
      ],
    },
    options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '%' } } } },
  });

  // Topic mix and author reach tiers.
  const topics = Object.entries(m.topic_share ?? {}).filter(([, v]) => v > 0);
  $('topics-note').hidden = topics.length > 0;
  chart('chart-topics', {
    type: 'doughnut',
    data: { labels: topics.map(([k]) => t('topic_' + k)), datasets: [{ backgroundColor: PALETTE, data: topics.map(([, v]) => percent(v)) }] },
  });
  // Tiers by audience size, smallest first (the metrics' JSON object
  // has them in alphabetical order).
  const tierShare = m.tier_share ?? {};
  const tiers = [...TIER_ORDER.filter((k) => k in tierShare), ...Object.keys(tierShare).filter((k) => !TIER_ORDER.includes(k))].map((k) => [k, tierShare[k]]);
  $('tiers-note').hidden = tiers.some(([, v]) => v > 0);
  chart('chart-tiers', {
    type: 'bar',
    data: { labels: tiers.map(([k]) => t('tier_' + k)), datasets: [{ label: '%', backgroundColor: PALETTE, data: tiers.map(([, v]) => percent(v)) }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, max: 100 } } },
  });

  // The diversity score and its parts.
  const partsBody = $('parts').tBodies[0];
  partsBody.replaceChildren();
  for (const p of m.diversity_parts ?? []) {
    const tr = partsBody.insertRow();
    cell(tr, t('part_' + p.name));
    cell(tr, p.figure);
    cell(tr, num(p.weight), 'num');
    cell(tr, num(p.value), 'num');
    cell(tr, num(p.points, 1), 'num');
  }
  $('score-note').textContent = m.diversity_score === null ? t('scoreNone') : t('scoreIs', String(Math.round(m.diversity_score)), pct(m.diversity_coverage));

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
  $('authors-note').textContent = recs.length ? t('dashConcentration', share(m.top10_share), num(m.author_hhi, 3), num(m.author_gini), String(m.unique_authors)) : '';
  const authBody = $('authors').tBodies[0];
  authBody.replaceChildren();
  for (const a of auth.slice(0, 20)) {
    const tr = authBody.insertRow();
    cell(tr, a.name && a.handle ? `${a.name} (@${a.handle})` : a.name || `@${a.handle}`);
    cell(tr, t('platform_' + a.platform));
    cell(tr, a.followers >= 0 ? a.followers.toLocaleString() : '–', 'num');
    cell(tr, String(a.seen), 'num');
  }

  const tac = tactics(recs);
  $('tactics-note').hidden = tac.length > 0;
  $('tactics-rates').textContent = Object.entries(m.tactic_rate_by_kind ?? {}).filter(([, v]) => v > 0).map(([k, v]) => `${t('tactic_' + k)} ${pct(v)}`).join(' · ');
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
  document.body.dataset.posts = String(m.posts);
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
