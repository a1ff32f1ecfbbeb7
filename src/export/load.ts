// export_sft.go: LoadScoredRunsFromFile, LoadEvidenceByRunID.
//
// LoadScoredRunsFromFile and LoadEvidenceByRunID: every trimmed, non-blank
// line of the file (lines.ts) through json.Unmarshal; a line that fails to
// decode is skipped. Read errors are thrown (the seed skips such a file).
import { unmarshalEvidenceForSft, unmarshalScoredRunLean, type EvidenceForSft, type ScoredRunLean } from './records.js';
import type { RawString } from './go/encoding/json/decode.js';
import { errnoCode } from './go/syscall.js';
import { forEachLineOfFile, type ReadOptions } from './lines.js';

/** The decoded runs of a scored-runs file (lean: the fields ExportSft reads). */
export function loadScoredRuns(path: Buffer, opts?: ReadOptions): ScoredRunLean[] {
  const out: ScoredRunLean[] = [];
  forEachLineOfFile(
    path,
    (b, start, end) => {
      const r = unmarshalScoredRunLean(b, start, end);
      if (r !== null) out.push(r);
    },
    opts,
  );
  return out;
}

/**
 * run_id -> the lean record of its last valid line (a later duplicate wins),
 * kept only for the run ids in `wanted`: the others are never looked up.
 * A missing file is an empty map.
 */
export function loadEvidenceByRunId(path: Buffer, wanted: ReadonlySet<string>, opts?: ReadOptions): Map<string, EvidenceForSft> {
  const out = new Map<string, EvidenceForSft>();
  try {
    forEachLineOfFile(
      path,
      (b, start, end, stable) => {
        const r = unmarshalEvidenceForSft(b, start, end);
        if (r === null || !wanted.has(r.run_id)) return;
        // The text is a view of the line: of a reused chunk, it is copied.
        if (!stable) r.text = ownCopy(r.text);
        out.set(r.run_id, r);
      },
      opts,
    );
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return new Map();
    throw e;
  }
  return out;
}

function ownCopy(raw: RawString): RawString {
  return { b: Buffer.from(raw.b.subarray(raw.start, raw.end)), start: 0, end: raw.end - raw.start };
}
