// export_sft.go, ExportSft: how many threads share `for _, f := range files`.
//
// The decision alone, kept apart from pool.ts so that an export that needs no
// worker thread (every small lakehouse, and every --batch request of the
// parity gate) never loads node:worker_threads, and pays for the decision
// no more than it must: whether workers can run here and how many cores
// there are is learnt once per process, and a file's size is a stat that
// reports a missing file without building an exception.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/** Lakehouses smaller than this (scored and evidence bytes) are not worth a thread's start-up. */
export const PARALLEL_MIN_BYTES = 32 << 20;
/** More threads than this buy little on this work, and each costs memory. */
export const MAX_WORKERS = 4;

/** The compiled worker thread's module. */
export const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

let available: boolean | undefined;
let cores: number | undefined;

/** Whether worker threads can run here (the compiled worker is present). */
export function workersAvailable(): boolean {
  return (available ??= fs.existsSync(WORKER_FILE));
}

/**
 * Fewer cores than this, and workers do not pay. Each worker is an isolate
 * of its own, which compiles the exporter's code again (TurboFan: about
 * 0.7 s of CPU on `npm run bench`'s lakehouse, on V8's background threads)
 * and collects its own garbage. On two cores the main thread's compiler and
 * collector already use the second one; two workers there finished no
 * sooner than this thread alone (2.44 s against 2.19 s, medians of six
 * alternating runs) and held 20 MB more.
 */
export const MIN_CORES_FOR_WORKERS = 3;

/**
 * How many workers to use when the caller did not say: none for a small
 * lakehouse (a thread costs more to start than such an export takes) or on
 * fewer than MIN_CORES_FOR_WORKERS cores, else one per core up to
 * MAX_WORKERS.
 */
export function autoWorkers(files: readonly Buffer[], evidencePath: (f: Buffer) => Buffer): number {
  cores ??= os.availableParallelism();
  if (cores < MIN_CORES_FOR_WORKERS) return 0;
  const n = Math.min(cores, MAX_WORKERS, files.length);
  if (n < 2) return 0;
  let total = 0;
  for (const f of files) {
    total += sizeOf(f) + sizeOf(evidencePath(f));
    if (total >= PARALLEL_MIN_BYTES) return n;
  }
  return 0;
}

/** The file's size; 0 when it cannot be stat'ed (its read fails later, or it is an absent evidence file). */
export function sizeOf(p: Buffer): number {
  try {
    return fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}
