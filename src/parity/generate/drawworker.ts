// The drawer's worker thread (drawer.ts): draws the cases it is asked for and
// sends them back, serialized (v8.serialize: Buffers come back as Buffers,
// and the bytes are what the case cache keeps).
import v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { generatedCase } from './case.js';
import type { DrawAnswer, DrawRequest } from './drawer.js';

parentPort?.on('message', (r: DrawRequest) => {
  let answer: DrawAnswer;
  try {
    answer = { ...r, bytes: v8.serialize(generatedCase(r.runSeed, r.index)) };
  } catch (err) {
    answer = { ...r, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(answer);
});
