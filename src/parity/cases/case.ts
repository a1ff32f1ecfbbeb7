// A parity case, whatever its source: the lakehouse tree to copy into each
// exporter's scratch root, how the root is passed, and the export options.
import type { WritableEntry } from '../tree/write.js';
import type { RootSpec } from './root.js';

/** --recorded-at when a run or case does not say (a fixed time: exports are reproducible). */
export const DEFAULT_RECORDED_AT = '2026-11-24T00:00:00Z';

/** Where a case came from; also the columns of the summary table. */
export type CaseSource = 'golden' | 'builtin' | 'generated' | 'root' | 'case';

export const CASE_SOURCES: readonly CaseSource[] = ['golden', 'builtin', 'generated', 'root', 'case'];

/** Where a case was read or drawn from: what a replay command needs to run it again. */
export type CaseOrigin =
  | { source: 'golden' | 'case' | 'root'; dir: string }
  | { source: 'builtin' }
  | { source: 'generated'; runSeed: number; index: number };

export interface ParityCase {
  /** Unique and stable: 'golden/bom', 'builtin/html', 'generated/1234/17', 'root/lake'. */
  id: string;
  source: CaseSource;
  description: string;
  recordedAt: string;
  dryRun: boolean;
  includePartial: boolean;
  root: RootSpec;
  /** The tree under the root directory (ignored for 'missing' and 'file'). */
  entries: readonly WritableEntry[];
  /** Run every exporter one process per export, --batch or not (the CLI path). */
  ownProcess?: boolean;
  /** Entries relative to the slot directory, beside root/ (a closed copy's outside/<k>/). */
  extra?: readonly WritableEntry[];
  /** --root cases: the real lakehouse (absolute), which the exporters see in the sandbox, or a closed copy of. */
  lakehouse?: string;
  /** Generated cases: the case seed it was drawn from (generate/case.ts draws it again). */
  generated?: { seed: number };
  /** Where it came from (absolute directories), for replay commands; undefined for a shrunk candidate. */
  origin?: CaseOrigin;
}
