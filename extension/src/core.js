// The Go core, loaded once per extension context (service worker or
// extension page). Only extension contexts may run it: a page's CSP
// forbids WebAssembly in content scripts, and the manifest's
// 'wasm-unsafe-eval' allows it here.
import './wasm_exec.js'; // defines globalThis.Go

let ready = null;

/** Resolves to the global `feedlens` object the Go core sets. */
export function loadCore() {
  ready ??= (async () => {
    const t0 = performance.now();
    const go = new globalThis.Go();
    const { instance } = await WebAssembly.instantiateStreaming(
      fetch(chrome.runtime.getURL('feedlens.wasm')), go.importObject);
    go.run(instance); // never resolves: Go's main blocks so its exports stay alive
    const core = globalThis.feedlens;
    // The classifier's models ship beside the core (they would double
    // its size); hand them over before the first call.
    if (core.modelFiles) {
      const names = core.modelFiles();
      const bodies = await Promise.all(names.map(async (n) => new Uint8Array(await (await fetch(chrome.runtime.getURL('models/' + n))).arrayBuffer())));
      const err = core.loadModels(Object.fromEntries(names.map((n, i) => [n, bodies[i]])));
      if (err) throw new Error(`core: ${JSON.parse(err).error}`);
    }
    // How long the start took (compile, run, models), for docs/perf.
    globalThis.feedlensStartMs = performance.now() - t0;
    return core;
  })().catch((err) => { ready = null; throw err; });
  return ready;
}

/**
 * Classifies one payload: the inspect.File object (posts with labels and
 * evidence), or throws with the core's error message.
 */
const encoder = new TextEncoder();

export async function inspect(url, body) {
  const core = await loadCore();
  // Bytes, not the string: Go would re-encode a JS string on its side,
  // which measured slower than TextEncoder plus one copy. Captures come
  // as bytes already (relay.js); strings only the slow way.
  const out = JSON.parse(core.inspect(url, typeof body === 'string' ? encoder.encode(body) : body));
  if (out.error) throw new Error(out.error);
  return out;
}

/** What the core reads of stored records: the day and the post. */
const pick = (rs) => rs.map((r) => ({ day: r.day, post: r.post }));

/**
 * The metrics (shared/metrics) of a window of stored records ({day,
 * post}), with the window before it for novelty.
 */
export async function metrics(records, previous = []) {
  const core = await loadCore();
  const out = JSON.parse(core.metrics(JSON.stringify({ posts: pick(records), previous: pick(previous) })));
  if (out.error) throw new Error(out.error);
  return out;
}

/**
 * A study's report of one platform's day, built from the stored records
 * of that day and the day before (novelty): {report, truth, keep, posts},
 * the report randomised on this device, or {skip, reason, posts} when the
 * day is not reported; throws on bad input.
 */
export async function report(study, records, day, platform) {
  const core = await loadCore();
  const out = JSON.parse(core.report(JSON.stringify(study), JSON.stringify({ posts: pick(records) }), day, platform));
  if (out.error) throw new Error(out.error);
  return out;
}
