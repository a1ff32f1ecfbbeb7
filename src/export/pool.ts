// export_sft.go, ExportSft: the loop over files, shared among worker threads.
//
// Scored files exported on worker threads, their outcomes handed back in
// walk order whatever order the workers finish in, so the result and the
// export are the same bytes as one thread gives. Memory stays bounded by
// the files in flight: one per worker, and finished ones wait only while
// an earlier one is not done. A worker that fails or dies (out of memory:
// its heap is kept small) costs only time: its file is done again on the
// main thread, whose heap is Node's default, by the same code. How many
// workers an export gets is decided in workercount.ts; this module is loaded
// only once an export gets some.
import { Worker } from 'node:worker_threads';
import { CIRCULATING_CHUNKS_MAX, isReusable } from './chunks.js';
import { evidencePathOf, exportScoredFile, type FileContext, type FileOutcome } from './scoredfile.js';
import { sizeOf, WORKER_FILE } from './workercount.js';

/**
 * Each worker's heap. The young generation is 6 MiB (2 MiB semi-spaces): a
 * worker holds its file's runs and wanted evidence while it allocates, and
 * with V8's 1 MiB semi-spaces every scavenge copied most of that. On
 * `npm run bench`'s lakehouse 6 MiB halves the scavenges (327 to 158; GC
 * time 0.62 to 0.55 s, both workers together) and was up to 5% faster in
 * same-run comparisons, for 4 to 10 MB more peak; 9 MiB was faster still
 * but put the peak past a quarter of Go's. A bounded old generation makes
 * V8 collect before garbage piles up (with Node's default limit it lets a
 * worker grow twice as large). A file whose records do not fit is redone on
 * the main thread, and a file this large goes there at once.
 */
const YOUNG_GENERATION_MB = 6;
const OLD_GENERATION_MB = 256;
const MAIN_THREAD_FILE_BYTES = 32 << 20;

/** A task for a worker: one scored file. */
export interface FileTask {
  readonly path: Uint8Array;
  readonly ctx: FileContext;
  /** Chunk memory back from the main thread, for the worker to reuse. */
  readonly recycled: ArrayBuffer[];
}

/** A worker's reply: the outcome, or the error that is not a read error. */
export type FileReply = { readonly outcome: FileOutcome | null } | { readonly error: { name: string; message: string } };

/** One worker thread, running one task at a time. */
class Slot {
  private worker: Worker | null = null;
  private pending: { resolve: (r: FileReply | 'died') => void } | null = null;

  private start(): Worker {
    const w = new Worker(WORKER_FILE, {
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB },
    });
    w.on('message', (r: FileReply) => this.settle(r));
    // Out of memory, or any other end: the task (if any) is redone by the caller.
    w.on('error', () => this.died(w));
    w.on('exit', () => this.died(w));
    return w;
  }

  private settle(r: FileReply | 'died'): void {
    const p = this.pending;
    this.pending = null;
    p?.resolve(r);
  }

  private died(w: Worker): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.settle('died');
  }

  /** Runs the task; 'died' when the worker stopped before it answered. */
  run(task: FileTask): Promise<FileReply | 'died'> {
    const w = (this.worker ??= this.start());
    w.ref(); // keep the process alive while a task is out
    return new Promise((resolve) => {
      this.pending = { resolve };
      w.postMessage(task, task.recycled);
    }).finally(() => this.worker?.unref()) as Promise<FileReply | 'died'>;
  }

  close(): void {
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
  }
}

class Pool {
  private readonly slots: Slot[];
  /** Written chunks to hand back to the workers with their next tasks. */
  private free: ArrayBuffer[] = [];

  constructor(readonly size: number) {
    this.slots = Array.from({ length: size }, () => new Slot());
  }

  /** Calls fn with the outcome of each file, in the order of files. */
  forEachOutcome(files: readonly Buffer[], ctx: FileContext, fn: (o: FileOutcome | null) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const window = 2 * this.slots.length;
      const done = new Map<number, FileOutcome | null>();
      const idle = [...this.slots];
      let next = 0; // the next file to hand out
      let flushed = 0; // files passed to fn
      let running = 0;
      let failure: unknown = null;
      const fail = (e: unknown): void => {
        failure ??= e;
      };
      const flush = (): void => {
        while (failure === null && done.has(flushed)) {
          const o = done.get(flushed)!;
          done.delete(flushed);
          flushed++;
          try {
            fn(o);
          } catch (e) {
            fail(e);
          }
        }
      };
      const schedule = (): void => {
        // Hand out files while there are idle workers, not too far ahead of the output.
        while (failure === null && idle.length > 0 && next < files.length && next < flushed + window) {
          const slot = idle.pop()!;
          const k = next++;
          running++;
          this.exportFile(slot, files[k]!, ctx).then(
            (o) => done.set(k, o),
            fail,
          ).finally(() => {
            running--;
            idle.push(slot);
            flush();
            schedule();
          });
        }
        if (running === 0 && (failure !== null || flushed === files.length)) {
          if (failure !== null) reject(failure);
          else resolve();
        }
      };
      schedule();
    });
  }

  /** One file on the slot's worker, or on this thread when it is large or the worker dies. */
  private async exportFile(slot: Slot, f: Buffer, ctx: FileContext): Promise<FileOutcome | null> {
    if (sizeOf(f) + sizeOf(evidencePathOf(f)) > MAIN_THREAD_FILE_BYTES) return exportScoredFile(f, ctx);
    // All the free chunks this thread has (at most CIRCULATING_CHUNKS_MAX) go with the task.
    const recycled = this.free.splice(0, CIRCULATING_CHUNKS_MAX);
    const r = await slot.run({ path: f, ctx, recycled });
    // A worker that died or failed (a line too long to hold, say): this
    // thread does the file itself, and fails as inline it would.
    if (r === 'died' || 'error' in r) return exportScoredFile(f, ctx);
    if (r.outcome === null) return null;
    // Chunks arrive as plain Uint8Arrays over the transferred ArrayBuffers.
    return { ...r.outcome, chunks: r.outcome.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)) };
  }

  /** Takes back the memory of a chunk that has been written out. */
  recycle(chunk: Buffer): void {
    if (isReusable(chunk) && this.free.length < CIRCULATING_CHUNKS_MAX) this.free.push(chunk.buffer as ArrayBuffer);
  }

  close(): void {
    for (const s of this.slots) s.close();
  }
}

let pool: Pool | null = null;

/** The pool of n workers (kept between exports, as --batch runs many). */
export function workerPool(n: number): Pool {
  if (pool !== null && pool.size !== n) {
    pool.close();
    pool = null;
  }
  return (pool ??= new Pool(n));
}
