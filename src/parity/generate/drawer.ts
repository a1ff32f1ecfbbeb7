// Generated cases drawn on a worker thread, ahead of the slots that run them.
// Drawing a case (fast-check) is the harness's largest cost per generated
// case; on the main thread it delays every export the slots are waiting to
// start, on its own thread it overlaps with the exports. The cases are the
// same either way: case i is drawn from its own seed (case.ts), wherever.
import { Worker } from 'node:worker_threads';
import type { ParityCase } from '../cases/case.js';

/** What the worker is asked for, and answers. */
export interface DrawRequest {
  runSeed: number;
  index: number;
}
export type DrawAnswer = DrawRequest & ({ case: ParityCase } | { error: string });

const WORKER = new URL('./drawworker.js', import.meta.url);

/** Buffers arrive as plain Uint8Arrays: the tree writer and the comparisons want Buffers back. */
export function asBuffers<T>(value: T): T {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength) as T;
  if (Array.isArray(value)) return value.map(asBuffers) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = asBuffers(v);
    return out as T;
  }
  return value;
}

const key = (runSeed: number, index: number): string => `${runSeed}/${index}`;

/** A case asked for and not yet taken. */
interface Pending extends DrawRequest {
  promise: Promise<ParityCase>;
  resolve: (c: ParityCase) => void;
  reject: (e: Error) => void;
  /** Answered (by the worker or here): a fallback must not draw it again. */
  settled: boolean;
}

export class CaseDrawer {
  private worker: Worker | undefined;
  private readonly pending = new Map<string, Pending>();
  /** Set when the worker cannot run: cases are then drawn here, on the main thread. */
  private broken = false;
  /** How many cases the worker drew (the rest were drawn here). */
  fromWorker = 0;

  /** Asks for case `index` to be drawn now, so that it is ready when its slot takes it. */
  request(runSeed: number, index: number): void {
    this.entry(runSeed, index);
  }

  /** Case `index`, drawn ahead when it was requested, else now. */
  take(runSeed: number, index: number): Promise<ParityCase> {
    return this.entry(runSeed, index).promise.finally(() => this.pending.delete(key(runSeed, index)));
  }

  /** The pending draw of case `index`, started if it was not. */
  private entry(runSeed: number, index: number): Pending {
    const k = key(runSeed, index);
    const known = this.pending.get(k);
    if (known) return known;
    let resolve!: (c: ParityCase) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<ParityCase>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A draw nobody takes (a run stopped early) must not be an unhandled rejection.
    promise.catch(() => undefined);
    const p: Pending = { runSeed, index, promise, settled: false, resolve, reject };
    this.pending.set(k, p);
    const w = this.start();
    if (w) w.postMessage({ runSeed, index } satisfies DrawRequest);
    else this.drawHere(p);
    return p;
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const w = new Worker(WORKER);
      // An idle drawer must not keep a finished run's process alive.
      w.unref();
      w.on('message', (a: DrawAnswer) => this.answer(a));
      w.on('error', () => this.fallBack());
      w.on('exit', () => {
        if (this.worker === w) this.fallBack();
      });
      this.worker = w;
    } catch {
      this.broken = true;
    }
    return this.worker;
  }

  private answer(a: DrawAnswer): void {
    const p = this.pending.get(key(a.runSeed, a.index));
    if (!p || p.settled) return;
    p.settled = true;
    if ('error' in a) p.reject(new Error(`drawing generated case ${a.index} of seed ${a.runSeed}: ${a.error}`));
    else {
      this.fromWorker++;
      p.resolve(asBuffers(a.case));
    }
  }

  /** The worker died: what it had not answered is drawn here. */
  private fallBack(): void {
    this.worker = undefined;
    this.broken = true;
    for (const p of this.pending.values()) if (!p.settled) this.drawHere(p);
  }

  private drawHere(p: Pending): void {
    p.settled = true;
    drawnHere(p.runSeed, p.index).then(p.resolve, (err: unknown) => p.reject(err instanceof Error ? err : new Error(String(err))));
  }
}

/**
 * Case `index` drawn on this thread. The generator (fast-check and the
 * arbitraries built from it, a third of the harness's code) is loaded only
 * then: a run whose drawer works never loads it on the main thread, where
 * it was some 40 ms of every run's start.
 */
export async function drawnHere(runSeed: number, index: number): Promise<ParityCase> {
  const { generatedCase } = await import('./case.js');
  return generatedCase(runSeed, index);
}
