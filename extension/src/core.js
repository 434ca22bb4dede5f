// The Go core, loaded once per extension context (service worker or
// extension page). Only extension contexts may run it: a page's CSP
// forbids WebAssembly in content scripts, and the manifest's
// 'wasm-unsafe-eval' allows it here.
import './wasm_exec.js'; // defines globalThis.Go

let ready = null;

/** Resolves to the global `feedlens` object the Go core sets. */
export function loadCore() {
  ready ??= (async () => {
    const go = new globalThis.Go();
    const { instance } = await WebAssembly.instantiateStreaming(
      fetch(chrome.runtime.getURL('feedlens.wasm')), go.importObject);
    go.run(instance); // never resolves: Go's main blocks so its exports stay alive
    return globalThis.feedlens;
  })().catch((err) => { ready = null; throw err; });
  return ready;
}

/**
 * Classifies one payload: the inspect.File object (posts with labels and
 * evidence), or throws with the core's error message.
 */
export async function inspect(url, body) {
  const core = await loadCore();
  const out = JSON.parse(core.inspect(url, body));
  if (out.error) throw new Error(out.error);
  return out;
}
