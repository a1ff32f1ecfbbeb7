// LoadScoredRunsFromFile and LoadEvidenceByRunID: read a whole JSONL file,
// split on "\n" only, strings.TrimSpace each line, skip blank lines, and
// json.Unmarshal the rest; a line that fails to decode is skipped.
import fs from 'node:fs';
import { unmarshalEvidenceRecord, unmarshalScoredRun } from './gojson/index.js';
import { trimSpaceBounds } from './gostrings.js';
import { errnoCode } from './goerrors.js';
import type { EvidenceRecord, ScoredRun } from './types.js';

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

/** The decoded runs of a scored-runs file; throws the read error. */
export function loadScoredRuns(path: Buffer): ScoredRun[] {
  const data = fs.readFileSync(path);
  const out: ScoredRun[] = [];
  forEachLine(data, (line) => {
    const r = unmarshalScoredRun(line);
    if (r !== null) out.push(r);
  });
  return out;
}

/**
 * run_id -> record for an evidence file (a later duplicate wins). A missing
 * file is an empty map; any other read error is thrown.
 */
export function loadEvidenceByRunId(evidencePath: Buffer): Map<string, EvidenceRecord> {
  const out = new Map<string, EvidenceRecord>();
  let data: Buffer;
  try {
    data = fs.readFileSync(evidencePath);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return out;
    throw e;
  }
  forEachLine(data, (line) => {
    const r = unmarshalEvidenceRecord(line);
    if (r !== null) out.set(r.run_id, r);
  });
  return out;
}
