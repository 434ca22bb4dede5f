// Loads the feedlens WebAssembly core into Node, the way the extension's
// service worker does, and returns the global `feedlens` object.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The classifier's model files, as the extension ships them beside the
// core (the browser build does not embed them).
const modelsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'classify');

/**
 * @param {string} wasmPath  feedlens.wasm
 * @param {string} execPath  wasm_exec.js of the Go that built it
 */
export async function loadFeedlens(wasmPath, execPath) {
  await import(pathToFileURL(execPath).href); // defines globalThis.Go
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), go.importObject);
  go.run(instance); // resolves only when main returns, which it never does
  const feedlens = globalThis.feedlens;
  if (!feedlens) throw new Error(`${wasmPath}: no feedlens object after start`);
  if (feedlens.modelFiles) {
    const files = {};
    for (const name of feedlens.modelFiles()) files[name] = await readFile(join(modelsDir, name));
    const err = feedlens.loadModels(files);
    if (err) throw new Error(`${wasmPath}: loadModels: ${err}`);
  }
  return feedlens;
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
