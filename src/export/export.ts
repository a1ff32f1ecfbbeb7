// export_sft.go: ExportSft.
//
// ExportSft: walk the scored runs, load paired evidence, apply the firewall,
// synthesize samples and write the combined JSONL -- the seed's behaviour,
// counts and error texts exactly, with the export streamed (spool.ts) and
// published without half-written states (publish.ts).
import { isUtf8 } from 'node:buffer';
import { GoError } from './go/errors.js';
import { goStringFromBytes } from './go/unicode/utf8.js';
import { bytes, dir, join } from './go/path/filepath.js';
import { mkdirAll } from './go/os.js';
import { listScoredRunFiles } from './walk.js';
import { bytesReadSoFar } from './lines.js';
import { evidencePathOf, exportScoredFile, type FileContext, type FileOutcome } from './scoredfile.js';
import { autoWorkers, sizeOf, workersAvailable } from './workercount.js';
import { Spool } from './spool.js';
import { isReusable, type FreeChunks } from './chunks.js';
import { writeFile } from './publish.js';
import type { ExportSftOptions, ExportSftResult } from './types.js';

/**
 * ExportSft failed. `message` is Go's error text (`bytes`: exactly, with the
 * path bytes it holds); `result` is the partly filled result Go returns with
 * the error.
 */
export class ExportSftError extends GoError {
  constructor(
    readonly result: ExportSftResult,
    cause: GoError,
  ) {
    super(cause.bytes);
    this.name = 'ExportSftError';
  }
}

function emptyResult(): ExportSftResult {
  return {
    scoredFilesRead: 0,
    recordsRead: 0,
    recordsExported: 0,
    recordsQuarantined: 0,
    outputPath: '',
    outputPathBytes: Buffer.alloc(0),
    quarantineSummary: '',
  };
}

/**
 * Without SFT_EXPORT_WORKERS, a lakehouse whose first scored file (with its
 * evidence) is smaller than this is exported on this thread until this many
 * bytes have been read, and only then is the rest sized (a stat of each
 * file) for worker threads: a small lakehouse, like each of the parity
 * gate's thousands of --batch requests, costs two stats, not two a file.
 * One with a larger first file is sized at once, so that its first file
 * goes to a worker too (on this thread it would add its records to this
 * thread's peak memory).
 */
const SIZE_AFTER_BYTES = 2 << 20;

/**
 * This thread's free output chunks, kept from one export to the next: a
 * --batch process runs thousands of small exports, and a fresh, zeroed
 * chunk for every scored file of every one of them was a twentieth of its
 * time. At most INLINE_FREE_MAX are kept; a large export's other chunks go
 * to the collector.
 */
const INLINE_FREE_MAX = 8;
const inlineFree: FreeChunks = [];

/**
 * One export between the walk and the write: the result so far, and where
 * the files' outcomes go (in walk order).
 */
class Run {
  readonly res = emptyResult();
  readonly files: Buffer[];
  readonly ctx: FileContext;
  private readonly outputPath: Buffer;
  private readonly spool: Spool | null;
  private notInstructable = 0;
  /** Chunks written to the spool's file come back to this thread's free list, or to the pool. */
  recycle: (chunk: Buffer) => void = (c) => {
    if (isReusable(c) && inlineFree.length < INLINE_FREE_MAX) inlineFree.push(c.buffer as ArrayBuffer);
  };

  constructor(opts: ExportSftOptions) {
    if (opts.recordedAt.length === 0) {
      throw new ExportSftError(emptyResult(), new GoError('distillation: ExportSft requires RecordedAt'));
    }
    const root = bytes(opts.root);
    // Valid UTF-8 bytes are the same Go string as their JS string, which is
    // cheaper to encode on every sample.
    const recordedAt =
      typeof opts.recordedAt === 'string' || !isUtf8(opts.recordedAt) ? opts.recordedAt : Buffer.from(opts.recordedAt).toString('utf8');
    this.outputPath = join(root, 'data', 'distilled', 'sft', 'sft_export.jsonl');
    // As text the way Go's JSON shows it (U+FFFD for a byte that is not UTF-8), and exactly.
    this.res.outputPath = goStringFromBytes(this.outputPath);
    this.res.outputPathBytes = this.outputPath;
    try {
      this.files = listScoredRunFiles(root);
    } catch (e) {
      if (e instanceof GoError) throw new ExportSftError(this.res, e.wrap('list scored runs: '));
      throw e;
    }
    this.res.scoredFilesRead = this.files.length;
    this.ctx = { recordedAt, dryRun: opts.dryRun === true };
    this.spool = opts.dryRun ? null : new Spool((c) => this.recycle(c));
    inlineFree.splice(INLINE_FREE_MAX);
  }

  /**
   * The files from `from` on, in walk order, on this thread; with `untilBytes`,
   * only until that many bytes have been read. Returns where it stopped.
   */
  exportInline(from = 0, untilBytes = Infinity): number {
    const stop = bytesReadSoFar() + untilBytes;
    let k = from;
    while (k < this.files.length && bytesReadSoFar() < stop) this.add(exportScoredFile(this.files[k++]!, this.ctx, inlineFree));
    return k;
  }

  /** The files from `from` on, shared among n worker threads. */
  async exportOnWorkers(n: number, from: number): Promise<void> {
    // Loaded here, not above: most exports never start a thread.
    const { workerPool } = await import('./pool.js');
    const pool = workerPool(n);
    this.recycle = (c) => pool.recycle(c);
    await pool.forEachOutcome(this.files.slice(from), this.ctx, (o) => this.add(o));
  }

  /** Adds one file's outcome; they must come in walk order. */
  add(o: FileOutcome | null): void {
    if (o === null) return; // a file that cannot be read is skipped
    this.res.recordsRead += o.recordsRead;
    this.res.recordsQuarantined += o.quarantined;
    this.res.recordsExported += o.exported;
    this.notInstructable += o.notInstructable;
    this.spool?.append(o.chunks);
  }

  /** The counts and the export, written where Go writes it. */
  finish(): ExportSftResult {
    const res = this.res;
    res.quarantineSummary = `firewall=${res.recordsQuarantined}, not-instructable=${this.notInstructable}`;
    if (this.spool !== null && !this.spool.empty) {
      try {
        mkdirAll(dir(this.outputPath), 0o755);
      } catch (e) {
        if (e instanceof GoError) throw new ExportSftError(res, e.wrap('mkdir output: '));
        throw e;
      }
      try {
        writeFile(this.outputPath, this.spool);
      } catch (e) {
        if (e instanceof GoError) throw new ExportSftError(res, e.wrap('write output: '));
        throw e;
      }
    }
    return res;
  }

  close(): void {
    this.spool?.close();
  }
}

/** Runs the export on this thread. Throws ExportSftError where Go's ExportSft returns an error. */
export function exportSft(opts: ExportSftOptions): ExportSftResult {
  const run = new Run(opts);
  try {
    run.exportInline();
    return run.finish();
  } finally {
    run.close();
  }
}

export interface ParallelOptions {
  /**
   * Worker threads for the scored files (the result is the same bytes
   * whatever the number): 0 for none; by default, one per core when the
   * lakehouse is large enough to gain from them.
   */
  workers?: number;
}

/** exportSft, with the scored files shared among worker threads. */
export async function exportSftParallel(opts: ExportSftOptions & ParallelOptions): Promise<ExportSftResult> {
  const run = new Run(opts);
  try {
    const asked = opts.workers;
    let from = 0;
    let workers = 0;
    if (asked !== 0 && run.files.length >= 2 && workersAvailable()) {
      if (asked !== undefined) {
        workers = asked;
      } else {
        const first = run.files[0]!;
        if (sizeOf(first) + sizeOf(evidencePathOf(first)) < SIZE_AFTER_BYTES) from = run.exportInline(0, SIZE_AFTER_BYTES);
        if (run.files.length - from >= 2) workers = autoWorkers(run.files.slice(from), evidencePathOf);
      }
    }
    if (workers === 0) run.exportInline(from);
    else await run.exportOnWorkers(workers, from);
    return run.finish();
  } finally {
    run.close();
  }
}
