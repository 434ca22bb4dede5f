// Loads the feedlens WebAssembly core into Node, the way the extension's
// service worker does, and returns the global `feedlens` object.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

/**
 * @param {string} wasmPath  feedlens.wasm
 * @param {string} execPath  wasm_exec.js of the Go that built it
 */
export async function loadFeedlens(wasmPath, execPath) {
  await import(pathToFileURL(execPath).href); // defines globalThis.Go
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), go.importObject);
  go.run(instance); // resolves only when main returns, which it never does
  if (!globalThis.feedlens) throw new Error(`${wasmPath}: no feedlens object after start`);
  return globalThis.feedlens;
}

/** Reads the two paths from the command line: --wasm FILE --exec FILE. */
export function pathsFromArgs(argv) {
  const take = (flag) => {
    const i = argv.indexOf(flag);
    if (i < 0 || i + 1 >= argv.length) throw new Error(`missing ${flag} FILE`);
    return argv.splice(i, 2)[1];
  };
  return { wasm: take('--wasm'), exec: take('--exec'), rest: argv };
}
