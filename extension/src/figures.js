// Groups stored records for the dashboard (by day, platform, advertiser,
// author) and picks examples. Listing only: every figure comes from the
// Go core's metrics.

/** Records grouped by a key function, keys sorted. */
export function groupBy(records, key) {
  const m = new Map();
  for (const r of records) {
    const k = key(r);
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(r);
  }
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Advertisers by number of ads seen, with the platforms they were seen on. */
export function advertisers(records) {
  const m = new Map();
  for (const { post } of records) {
    if (!post.ad) continue;
    const name = post.advertiser || post.author?.name || post.author?.handle || '?';
    const a = m.get(name) ?? { name, ads: 0, platforms: new Set(), example: post };
    a.ads++;
    a.platforms.add(post.platform);
    m.set(name, a);
  }
  return [...m.values()].sort((a, b) => b.ads - a.ads);
}

/**
 * Authors by exposures, most seen first: the accounts the core's author
 * figures count, by the same key (authorKey in shared/metrics/post.go),
 * so posts without a known author (YouTube's Shorts) are left out.
 */
export function authors(records) {
  const m = new Map();
  for (const { post } of records) {
    const k = authorKey(post);
    if (!k) continue;
    const ad = post.ad_info;
    const a = m.get(k) ?? {
      platform: post.platform,
      handle: post.author?.handle || ad?.advertiser_handle || '',
      name: post.author?.name || (post.author?.handle ? '' : ad?.advertiser) || '',
      followers: post.author?.followers ?? -1,
      seen: 0,
    };
    a.seen++;
    m.set(k, a);
  }
  return [...m.values()].sort((a, b) => b.seen - a.seen);
}

/** An author's key as shared/metrics makes it, or '' when unknown. */
function authorKey(post) {
  const ad = post.ad_info;
  const id = (post.author?.handle || post.author?.name || ad?.advertiser_handle || ad?.advertiser || '').trim().replace(/^@/, '').toLowerCase();
  return id ? `${post.platform}:${id}` : '';
}

/** Posts with at least one tactic label, with the words that matched. */
export function tactics(records) {
  const out = [];
  for (const { post, platform, day } of records) {
    for (const t of post.labels?.tactics ?? []) out.push({ kind: t.kind, span: t.span, platform, day, post });
  }
  return out;
}
