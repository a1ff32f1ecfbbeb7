// Generated cases drawn on a worker thread, ahead of the slots that run them.
// Drawing a case (fast-check) is the harness's largest cost per generated
// case; on the main thread it delays every export the slots are waiting to
// start, on its own thread it overlaps with the exports. The cases are the
// same either way: case i is drawn from its own seed (case.ts), wherever.
// Given a cache directory, the drawer first reads the cases the same
// generator drew before (casecache.ts), and keeps those it draws.
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ParityCase } from '../cases/case.js';
import { CaseCache, generatorIdentity } from './casecache.js';

/** What the worker is asked for, and answers. */
export interface DrawRequest {
  runSeed: number;
  index: number;
}
/** A drawn case comes back as v8.serialize wrote it: the bytes the case cache keeps. */
export type DrawAnswer = DrawRequest & ({ bytes: Uint8Array } | { error: string });

const WORKER = new URL('./drawworker.js', import.meta.url);

const key = (runSeed: number, index: number): string => `${runSeed}/${index}`;

/** A case asked for and not yet taken. */
interface Pending extends DrawRequest {
  promise: Promise<ParityCase>;
  resolve: (c: ParityCase) => void;
  reject: (e: Error) => void;
  /** Answered (by the worker or here): a fallback must not draw it again. */
  settled: boolean;
}

export interface DrawerOptions {
  /** The directory the cases are kept in from run to run (none: every case is drawn). */
  cacheDir?: string;
  /** The generator's identity for the cache; default: that of the worker's bundle (none when the worker is not one). */
  generator?: string;
}

export class CaseDrawer {
  private worker: Worker | undefined;
  /** The generator's identity (casecache.ts), when its cases can be cached. */
  private readonly generator: string | undefined;
  private readonly caches = new Map<number, CaseCache>();

  constructor(private readonly opts: DrawerOptions = {}) {
    this.generator = opts.cacheDir === undefined ? undefined : (opts.generator ?? generatorIdentity(fileURLToPath(WORKER)));
  }

  /** The cache of `runSeed`'s cases, opened on first use; undefined when cases are not cached. */
  cacheOf(runSeed: number): CaseCache | undefined {
    if (this.generator === undefined || this.opts.cacheDir === undefined) return undefined;
    let c = this.caches.get(runSeed);
    if (!c) this.caches.set(runSeed, (c = CaseCache.open(this.opts.cacheDir, this.generator, runSeed)));
    return c;
  }

  /** How many cases were read from the cache. */
  get fromCache(): number {
    let n = 0;
    for (const c of this.caches.values()) n += c.hits;
    return n;
  }

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
    const cached = this.cacheOf(runSeed)?.get(index);
    if (cached) {
      p.settled = true;
      p.resolve(cached);
      return p;
    }
    const w = this.start();
    if (w) w.postMessage({ runSeed, index } satisfies DrawRequest);
    else this.drawHere(p);
    return p;
  }

  /** Stops the worker; keeps what was drawn in the cache. */
  close(): void {
    for (const c of this.caches.values()) c.save();
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
      const bytes = Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength);
      this.cacheOf(a.runSeed)?.add(a.index, bytes);
      p.resolve(v8.deserialize(bytes) as ParityCase);
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
    drawnHere(p.runSeed, p.index).then(
      (c) => {
        this.cacheOf(p.runSeed)?.add(p.index, v8.serialize(c));
        p.resolve(c);
      },
      (err: unknown) => p.reject(err instanceof Error ? err : new Error(String(err))),
    );
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
