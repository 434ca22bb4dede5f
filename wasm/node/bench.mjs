// Usage: node bench.mjs --wasm feedlens.wasm --exec wasm_exec.js [--native go-bench.txt] [--wasm-parse go-bench.txt] FILE...
//
// Throughput of feedlens.inspect under Node (V8, as in Chrome's service
// worker) on each payload, called as the extension calls it (bytes and
// the request URL, from bench-urls.json when known; also shown: a string
// body, and no URL, which makes the core detect the payload's shape),
// beside a JavaScript baseline that does what
// comparable extensions do (JSON.parse, then a recursive walk looking for
// ad markers) on the same strings in the same process, and beside the
// native Go figure of `go test -bench BenchmarkInspect ./wasm/bridge`
// when its output is given, and beside the core's parsing alone in
// WebAssembly (`BenchmarkParse` compiled for js/wasm, run under Node),
// the part of the call the baseline also does. Payloads the core cannot
// read are left out.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFeedlens, pathsFromArgs } from './load.mjs';

const argv = process.argv.slice(2);
const goBench = async (flag, bench) => {
  const i = argv.indexOf(flag);
  return i < 0 ? new Map() : parseGoBench(await readFile(argv.splice(i, 2)[1], 'utf8'), bench);
};
const native = await goBench('--native', 'BenchmarkInspect');
const wasmParse = await goBench('--wasm-parse', 'BenchmarkParse');
const { wasm, exec, rest } = pathsFromArgs(argv);
const feedlens = await loadFeedlens(wasm, exec);
const urls = JSON.parse(await readFile(join(dirname(fileURLToPath(import.meta.url)), 'bench-urls.json'), 'utf8'));

// The keys and values ad-blocking and feed-research extensions look for.
const AD_KEYS = new Set(['promotedMetadata', 'adSlotRenderer', 'promotedSparklesWebRenderer', 'promotedVideoRenderer', 'injected', 'sponsored_data', 'sponsoredTracking', 'isAd', 'promoted']);
function walk(v, found) {
  if (Array.isArray(v)) { for (const x of v) walk(x, found); return; }
  if (v && typeof v === 'object') {
    for (const k in v) {
      if (AD_KEYS.has(k) && v[k]) found.n++;
      walk(v[k], found);
    }
  }
}
function baseline(text) {
  const found = { n: 0 };
  walk(JSON.parse(text), found);
  return found.n;
}

/**
 * ms per call of fn: the best of 7 rounds of ~100 ms each after a
 * warm-up, so that other load on the machine inflates no figure.
 */
function time(fn) {
  for (let i = 0; i < 3; i++) fn();
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 100) { fn(); n++; t = performance.now(); }
    best = Math.min(best, (t - t0) / n);
  }
  return best;
}

// Warm every path up before timing any: V8 compiles the module's hot
// functions again, optimised, only after they ran a while, and without
// this the first payload timed paid for it (2 MB/s instead of 15).
const loaded = [];
for (const file of rest) {
  const bytes = await readFile(file);
  const name = `${basename(dirname(file))}/${basename(file)}`;
  loaded.push({ bytes, text: bytes.toString('utf8'), url: urls[name] ?? '' });
}
for (let round = 0; round < 5; round++) {
  for (const { bytes, text, url } of loaded) {
    feedlens.inspect(url, bytes);
    feedlens.inspect(url, text);
    feedlens.inspect('', bytes);
    try {
      baseline(text);
    } catch {
      // not JSON: the core cannot read it either, and it is left out below
    }
  }
}

const rows = [];
for (const file of rest) {
  const bytes = await readFile(file);
  const text = bytes.toString('utf8');
  const name = `${basename(dirname(file))}/${basename(file)}`;
  const url = urls[name] ?? '';
  if (feedlens.inspect(url, bytes).startsWith('{"error"')) continue;
  const mb = bytes.length / 1e6;
  rows.push({
    name, mb, url,
    wasm: time(() => feedlens.inspect(url, bytes)),
    wasmString: time(() => feedlens.inspect(url, text)),
    wasmNoURL: time(() => feedlens.inspect('', bytes)),
    js: time(() => baseline(text)),
    native: native.get(name),
    wasmParse: wasmParse.get(name),
  });
}
if (rows.length === 0) { console.error('bench.mjs: no payload the core can read'); process.exit(1); }

const f = (x) => (x === undefined ? '–' : x.toFixed(0));
const rate = (mb, ms) => mb / (ms / 1e3);
const lines = [
  `feedlens ${feedlens.version()} · node ${process.version} · MB/s (higher is better)`,
  '',
  '| payload | KB | URL | WASM | WASM, string in | WASM, no URL | WASM, parse only | JS baseline | native Go | WASM/JS | WASM/native |',
  '|---|---:|:-:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
const tot = { mb: 0, wasm: 0, wasmString: 0, wasmNoURL: 0, js: 0 };
// Go's figures are MB/s: summed as time, over the payloads they cover.
const goTot = { native: { ms: 0, mb: 0 }, wasmParse: { ms: 0, mb: 0 } };
for (const r of rows) {
  const w = rate(r.mb, r.wasm), js = rate(r.mb, r.js);
  lines.push(`| ${r.name} | ${(r.mb * 1e3).toFixed(0)} | ${r.url ? 'yes' : 'no'} | ${f(w)} | ${f(rate(r.mb, r.wasmString))} | ${f(rate(r.mb, r.wasmNoURL))} | ${f(r.wasmParse)} | ${f(js)} | ${f(r.native)} | ${(w / js).toFixed(2)} | ${r.native ? (w / r.native).toFixed(2) : '–'} |`);
  tot.mb += r.mb;
  for (const k of ['wasm', 'wasmString', 'wasmNoURL', 'js']) tot[k] += r[k];
  for (const k of ['native', 'wasmParse']) {
    if (r[k]) { goTot[k].ms += (r.mb / r[k]) * 1e3; goTot[k].mb += r.mb; }
  }
}
const w = rate(tot.mb, tot.wasm), js = rate(tot.mb, tot.js);
const [nat, parse] = ['native', 'wasmParse'].map((k) => (goTot[k].mb ? rate(goTot[k].mb, goTot[k].ms) : undefined));
lines.push(`| **all** | ${(tot.mb * 1e3).toFixed(0)} | | **${f(w)}** | ${f(rate(tot.mb, tot.wasmString))} | ${f(rate(tot.mb, tot.wasmNoURL))} | ${f(parse)} | ${f(js)} | ${f(nat)} | **${(w / js).toFixed(2)}** | **${nat ? (w / nat).toFixed(2) : '–'}** |`);
console.log(lines.join('\n'));

/** Parses the `go test -bench` lines of one benchmark into payload → best MB/s. */
function parseGoBench(text, bench) {
  const m = new Map();
  const re = new RegExp(`^${bench}\\/(\\S+?)(?:-\\d+)?\\s+\\d+\\s+[\\d.]+ ns\\/op\\s+([\\d.]+) MB\\/s`);
  for (const line of text.split('\n')) {
    const r = re.exec(line);
    if (r) m.set(r[1], Math.max(m.get(r[1]) ?? 0, Number(r[2]))); // the best of -count runs
  }
  return m;
}
