// A parity case, whatever its source: the lakehouse tree to copy into each
// exporter's scratch root, how the root is passed, and the export options.
import type { GeneratedCase, RootSpec } from '../generate/lakehouse.js';
import type { WritableEntry } from '../tree/write.js';

export type { RootSpec } from '../generate/lakehouse.js';

/** Where a case came from; also the columns of the summary table. */
export type CaseSource = 'golden' | 'builtin' | 'generated' | 'root' | 'case';

export const CASE_SOURCES: readonly CaseSource[] = ['golden', 'builtin', 'generated', 'root', 'case'];

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
  /** Generated cases: how to regenerate the value, for shrinking. */
  generated?: { seed: number; value: GeneratedCase };
}
