// export_sft.go, ExportSft: the loop body (scoredfile.ts) on a worker thread.
//
// A worker thread of pool.ts: exports the scored files it is sent, one at a
// time, and replies with each file's outcome (its chunks transferred, not
// copied), or with the error, which the main thread then meets itself.
import { parentPort } from 'node:worker_threads';
import { exportScoredFile } from './scoredfile.js';
import { CIRCULATING_CHUNKS_MAX as FREE_MAX } from './chunks.js';
import type { FileReply, FileTask } from './pool.js';

/** Chunk memory the main thread has written out and sent back. */
const free: ArrayBuffer[] = [];

function describe(e: unknown): { name: string; message: string } {
  return e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
}

parentPort!.on('message', (task: FileTask) => {
  free.push(...task.recycled);
  free.splice(FREE_MAX); // what this thread cannot use goes to its collector
  let r: FileReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const outcome = exportScoredFile(Buffer.from(task.path), task.ctx, free);
    r = { outcome };
    if (outcome !== null) transfer = outcome.chunks.map((c) => c.buffer as ArrayBuffer);
  } catch (e) {
    r = { error: describe(e) };
  }
  parentPort!.postMessage(r, transfer);
});
