// Usage: node report.mjs --wasm feedlens.wasm --exec wasm_exec.js STUDY POSTS [DAY PLATFORM TIMES]...
// Calls feedlens.report(study, posts, DAY, PLATFORM) TIMES times for each
// triple, the way the extension's service worker does, and prints one line
// per call: what the core returned. Last, one line for a call with too few
// arguments. The time per call goes to stderr.
import { readFile } from 'node:fs/promises';
import { loadFeedlens, pathsFromArgs } from './load.mjs';

const { wasm, exec, rest } = pathsFromArgs(process.argv.slice(2));
const [studyPath, postsPath, ...calls] = rest;
const feedlens = await loadFeedlens(wasm, exec);
const study = await readFile(studyPath, 'utf8');
const posts = await readFile(postsPath); // bytes, as the worker passes them
let count = 0;
const t0 = performance.now();
for (let i = 0; i + 2 < calls.length; i += 3) {
  for (let n = Number(calls[i + 2]); n > 0; n--, count++) {
    process.stdout.write(feedlens.report(study, posts, calls[i], calls[i + 1]) + '\n');
  }
}
process.stderr.write(`feedlens.report: ${count} calls on ${posts.length} bytes of posts, ${((performance.now() - t0) / count).toFixed(2)} ms per call\n`);
process.stdout.write(feedlens.report(study) + '\n');
process.exit(0);
