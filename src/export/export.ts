// ExportSft: walk the scored runs, load paired evidence, apply the firewall,
// synthesize samples and write the combined JSONL -- the seed's behaviour,
// counts and error texts exactly, with the export streamed (spool.ts) and
// published without half-written states (publish.ts).
import { isUtf8 } from 'node:buffer';
import { GoError } from './goerrors.js';
import { base, bytes, dir, join, replaceFirst } from './gopath.js';
import { sftSampleBytes, unmarshalEvidenceForSft } from './gojson/index.js';
import { listScoredRunFiles } from './walk.js';
import { loadEvidenceByRunId, loadScoredRuns } from './load.js';
import { isSftNever, synthesizeSft } from './synthesize.js';
import { Spool } from './spool.js';
import { mkdirAll, writeFile } from './publish.js';
import type { ExportSftOptions, ExportSftResult, ScoredRun } from './types.js';

/** ExportSft failed; `result` is the partly filled result Go returns with the error. */
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
    scored_files_read: 0,
    records_read: 0,
    records_exported: 0,
    records_quarantined: 0,
    output_path: Buffer.alloc(0),
    quarantine_summary: '',
  };
}

function tryRead<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && 'errno' in e) return undefined; // the seed skips unreadable files
    throw e;
  }
}

/** Runs the export. Throws ExportSftError where Go's ExportSft returns an error. */
export function exportSft(opts: ExportSftOptions): ExportSftResult {
  if (opts.recordedAt.length === 0) {
    throw new ExportSftError(emptyResult(), new GoError('distillation: ExportSft requires RecordedAt'));
  }
  const root = bytes(opts.root);
  // Valid UTF-8 bytes are the same Go string as their JS string, which is
  // cheaper to encode on every sample.
  const recordedAt =
    typeof opts.recordedAt === 'string' || !isUtf8(opts.recordedAt) ? opts.recordedAt : Buffer.from(opts.recordedAt).toString('utf8');
  const res = emptyResult();
  const outputPath = join(root, 'data', 'distilled', 'sft', 'sft_export.jsonl');
  res.output_path = outputPath;
  let files: Buffer[];
  try {
    files = listScoredRunFiles(root);
  } catch (e) {
    if (e instanceof GoError) throw new ExportSftError(res, e.wrap('list scored runs: '));
    throw e;
  }
  res.scored_files_read = files.length;
  const spool = opts.dryRun ? null : new Spool();
  try {
    let notInstructable = 0;
    for (const f of files) {
      const runs = tryRead<ScoredRun[]>(() => loadScoredRuns(f));
      if (runs === undefined) continue;
      // Each scored file has its own evidence path, so the seed's cache never
      // hits across files; loading per file keeps memory per file.
      const evidence = tryRead<Map<string, Buffer>>(() =>
        loadEvidenceByRunId(replaceFirst(f, '/scored-runs/', '/evidence/')),
      );
      if (evidence === undefined) continue;
      res.records_read += runs.length;
      const idPrefix = Buffer.concat([base(f), Buffer.from(':')]);
      for (let i = 0; i < runs.length; i++) {
        const r = runs[i]!;
        if (isSftNever(r.category)) {
          res.records_quarantined++;
          continue;
        }
        const line = evidence.get(r.evidence_run_id);
        // The line was validated when indexed, so it decodes.
        const ev = line === undefined ? null : unmarshalEvidenceForSft(line);
        if (ev === null) {
          notInstructable++;
          continue;
        }
        const id = Buffer.concat([idPrefix, Buffer.from(String(i))]);
        const sample = synthesizeSft(r, ev, recordedAt, id);
        if (sample === null) {
          notInstructable++;
          continue;
        }
        spool?.push(sftSampleBytes(sample));
        res.records_exported++;
      }
    }
    res.quarantine_summary = `firewall=${res.records_quarantined}, not-instructable=${notInstructable}`;
    if (spool !== null && !spool.empty) {
      try {
        mkdirAll(dir(outputPath), 0o755);
      } catch (e) {
        if (e instanceof GoError) throw new ExportSftError(res, e.wrap('mkdir output: '));
        throw e;
      }
      try {
        writeFile(outputPath, spool);
      } catch (e) {
        if (e instanceof GoError) throw new ExportSftError(res, e.wrap('write output: '));
        throw e;
      }
    }
    return res;
  } finally {
    spool?.close();
  }
}
