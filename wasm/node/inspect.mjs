// Usage: node inspect.mjs --wasm feedlens.wasm --exec wasm_exec.js FILE...
// Prints one line per file: the JSON feedlens.inspect returns for it
// (no URL; the payload's shape decides), so tests can compare it with
// `feedlens inspect --json`. FILE=- reads a string body instead of bytes
// from the file named by the next argument, to test both call forms.
import { readFile } from 'node:fs/promises';
import { loadFeedlens, pathsFromArgs } from './load.mjs';

const { wasm, exec, rest } = pathsFromArgs(process.argv.slice(2));
const feedlens = await loadFeedlens(wasm, exec);
for (let i = 0; i < rest.length; i++) {
  const asString = rest[i] === '-';
  const body = await readFile(asString ? rest[++i] : rest[i]);
  process.stdout.write(feedlens.inspect('', asString ? body.toString('utf8') : body) + '\n');
}
process.exit(0);
