// The drawer's worker thread (drawer.ts): draws the cases it is asked for and
// sends them back. Copied, not transferred: a Buffer the generator keeps (a
// constant fragment) would be emptied by a transfer and change later cases.
import { parentPort } from 'node:worker_threads';
import { generatedCase } from './case.js';
import type { DrawAnswer, DrawRequest } from './drawer.js';

parentPort?.on('message', (r: DrawRequest) => {
  let answer: DrawAnswer;
  try {
    answer = { ...r, case: generatedCase(r.runSeed, r.index) };
  } catch (err) {
    answer = { ...r, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(answer);
});
