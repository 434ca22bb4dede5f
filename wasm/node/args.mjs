// Usage: node args.mjs --wasm feedlens.wasm --exec wasm_exec.js PAYLOAD
// Calls the core's exports with arguments they must refuse, then reads
// PAYLOAD as bytes, as an ArrayBuffer and as a string, and prints one
// line per call: {"call": …, "out": what the core returned} or
// {"call": …, "threw": the message}. A refused argument must come back
// as an error document: were it to reach syscall/js it would panic and
// end the Go program, and every later call would throw.
import { readFile } from 'node:fs/promises';
import { loadFeedlens, pathsFromArgs } from './load.mjs';

const { wasm, exec, rest } = pathsFromArgs(process.argv.slice(2));
const feedlens = await loadFeedlens(wasm, exec);
const bytes = await readFile(rest[0]);
const url = 'https://x.com/i/api/graphql/args/SearchTimeline';
const calls = [
  ['inspect(url, null)', () => feedlens.inspect(url, null)],
  ['inspect(url, 42)', () => feedlens.inspect(url, 42)],
  ['inspect(url, {length: 3})', () => feedlens.inspect(url, { length: 3 })],
  ['inspect(url, [1, 2])', () => feedlens.inspect(url, [1, 2])],
  ['inspect(url)', () => feedlens.inspect(url)],
  ['metrics(undefined)', () => feedlens.metrics(undefined)],
  ['report(1, 2, 3, 4)', () => feedlens.report(1, 2, 3, 4)],
  ['loadModels({"model/topic.lin": 7})', () => feedlens.loadModels({ 'model/topic.lin': { not: 'bytes' } })],
  ['inspect(url, bytes)', () => feedlens.inspect(url, new Uint8Array(bytes))],
  ['inspect(url, arrayBuffer)', () => feedlens.inspect(url, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))],
  ['inspect(url, string)', () => feedlens.inspect(url, bytes.toString('utf8'))],
  ['inspect(undefined, bytes)', () => feedlens.inspect(undefined, new Uint8Array(bytes))],
  ['version()', () => feedlens.version()],
];
for (const [call, fn] of calls) {
  try {
    process.stdout.write(JSON.stringify({ call, out: fn() }) + '\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ call, threw: String(err?.message ?? err) }) + '\n');
  }
}
process.exit(0);
