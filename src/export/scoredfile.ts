// export_sft.go, ExportSft: one iteration of `for _, f := range files`.
//
// One iteration of ExportSft's loop over scored files (export_sft.go): load the runs and
// their evidence, apply the firewall, synthesize and encode the samples.
// Each file's work depends on nothing but the file and the options, so the
// files can be done in any order, or in parallel (pool.ts), and their
// outcomes added up in walk order give the seed's result.
import { base } from './go/path/filepath.js';
import { replaceFirst } from './go/strings.js';
import { sftSampleBytes } from './marshal.js';
import { loadEvidenceByRunId, loadScoredRuns } from './load.js';
import { isSftNever, synthesizeSft } from './synthesize.js';
import { ChunkWriter, type FreeChunks } from './chunks.js';
import { ReadScratch, type ReadOptions } from './lines.js';
import type { EvidenceForSft, ScoredRunLean } from './records.js';
import type { GoString } from './types.js';

export interface FileContext {
  /** Valid UTF-8 is passed as a JS string (cheaper to encode, same bytes). */
  readonly recordedAt: GoString;
  readonly dryRun: boolean;
  readonly read?: ReadOptions;
}

/** What one scored file adds to the result; null when the seed skips it (a read error). */
export interface FileOutcome {
  readonly recordsRead: number;
  readonly quarantined: number;
  readonly notInstructable: number;
  readonly exported: number;
  /** The export's lines for this file, in order (none on a dry run). */
  readonly chunks: Buffer[];
}

/** This thread's read buffer: a file's evidence lines are views of it until the next file. */
const scratch = new ReadScratch();

/** Runs fn; undefined when it fails with a system error, as the seed skips unreadable files. */
function tryRead<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && 'errno' in e) return undefined;
    throw e;
  }
}

/**
 * LoadEvidenceByRunID's path for a scored file. Each scored file has its own
 * (the replaced part is in {root}/data/scored-runs/, common to all), so the
 * seed's per-path cache never hits and files are independent.
 */
export function evidencePathOf(f: Buffer): Buffer {
  return replaceFirst(f, '/scored-runs/', '/evidence/');
}

/**
 * A sample's id, `basename:i`, as bytes: the file's name is written once
 * and each index after it, in one buffer. An id is valid until the next
 * one is made (each sample is encoded before the next is synthesized).
 */
class SampleIds {
  private readonly buf: Buffer;
  private readonly prefix: number;

  constructor(name: Buffer) {
    this.prefix = name.length + 1;
    this.buf = Buffer.allocUnsafe(this.prefix + 20);
    name.copy(this.buf, 0);
    this.buf[name.length] = 0x3a; // ':'
  }

  of(i: number): Buffer {
    const end = this.prefix + this.buf.write(String(i), this.prefix, 'latin1');
    return this.buf.subarray(0, end);
  }
}

/** The file's part of the result; its chunks come from `free` where it has some. */
export function exportScoredFile(f: Buffer, ctx: FileContext, free?: FreeChunks): FileOutcome | null {
  // One buffer serves both reads: the runs keep no view of their file's bytes.
  const read = { ...ctx.read, scratch };
  const runs = tryRead<ScoredRunLean[]>(() => loadScoredRuns(f, read));
  if (runs === undefined) return null;
  // Only runs past the firewall look their evidence up.
  const wanted = new Set<string>();
  for (const r of runs) if (!isSftNever(r.category)) wanted.add(r.evidence_run_id);
  const evidence = tryRead<Map<string, EvidenceForSft>>(() => loadEvidenceByRunId(evidencePathOf(f), wanted, read));
  if (evidence === undefined) return null;
  const out = new ChunkWriter(free);
  const ids = new SampleIds(base(f));
  let quarantined = 0;
  let notInstructable = 0;
  let exported = 0;
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i]!;
    if (isSftNever(r.category)) {
      quarantined++;
      continue;
    }
    const ev = evidence.get(r.evidence_run_id);
    const sample = ev === undefined ? null : synthesizeSft(r, ev, ctx.recordedAt, ids.of(i));
    if (sample === null) {
      notInstructable++;
      continue;
    }
    if (!ctx.dryRun) out.push(sftSampleBytes(sample));
    exported++;
  }
  return { recordsRead: runs.length, quarantined, notInstructable, exported, chunks: out.take() };
}
