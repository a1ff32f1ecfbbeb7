// The whole report of a run, as the text, JSON and JUnit writers see it.
import type { ExporterInfo } from '../exporters/types.js';
import type { KnownEntry } from '../run/known.js';
import type { CaseResult } from '../run/results.js';
import type { Shard } from '../run/shard.js';

export interface ShrunkFailure {
  caseId: string;
  exporter: string;
  dir: string;
  replay: string;
  steps: number;
  outOfTime: boolean;
  /** Entries in the shrunk lakehouse, against the original's. */
  entries: number;
  originalEntries: number;
}

export interface RunReport {
  seed: number;
  runs: number;
  shard: Shard | undefined;
  reference: string;
  exporters: ExporterInfo[];
  jobs: number;
  timeoutSeconds: number;
  cases: CaseResult[];
  stale: KnownEntry[];
  shrunk: ShrunkFailure[];
  durationMs: number;
  exitCode: 0 | 1;
}

/** (case, exporter) pairs that fail the run. */
export function failures(r: RunReport): { c: CaseResult; exporter: string }[] {
  return r.cases.flatMap((c) => c.results.filter((x) => x.status === 'divergent').map((x) => ({ c, exporter: x.exporter })));
}
