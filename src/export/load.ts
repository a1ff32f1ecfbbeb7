// LoadScoredRunsFromFile and LoadEvidenceByRunID: read a whole JSONL file,
// split on "\n" only, strings.TrimSpace each line, skip blank lines, and
// json.Unmarshal the rest; a line that fails to decode is skipped.
import fs from 'node:fs';
import { evidenceRunId, unmarshalScoredRunLean } from './gojson/index.js';
import { trimSpaceBounds } from './gostrings.js';
import { errnoCode } from './goerrors.js';
import type { ScoredRun } from './types.js';

/** Calls fn with each trimmed, non-blank line of data (a view, no copy). */
export function forEachLine(data: Buffer, fn: (line: Buffer) => void): void {
  const n = data.length;
  let s = 0;
  while (s <= n) {
    let e = data.indexOf(0x0a, s);
    if (e < 0) e = n;
    const [ls, le] = trimSpaceBounds(data, s, e);
    if (le > ls) fn(data.subarray(ls, le));
    s = e + 1;
  }
}

/** The decoded runs of a scored-runs file (lean: the fields ExportSft reads); throws the read error. */
export function loadScoredRuns(path: Buffer): ScoredRun[] {
  const data = fs.readFileSync(path);
  const out: ScoredRun[] = [];
  forEachLine(data, (line) => {
    const r = unmarshalScoredRunLean(line);
    if (r !== null) out.push(r);
  });
  return out;
}

/**
 * run_id -> the line of its record in an evidence file (a later duplicate
 * wins; lines Go would reject are left out). The line is decoded in full
 * only if a scored run asks for it. A missing file is an empty map; any
 * other read error is thrown.
 */
export function loadEvidenceByRunId(evidencePath: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let data: Buffer;
  try {
    data = fs.readFileSync(evidencePath);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return out;
    throw e;
  }
  forEachLine(data, (line) => {
    const id = evidenceRunId(line);
    if (id !== null) out.set(id, line);
  });
  return out;
}
