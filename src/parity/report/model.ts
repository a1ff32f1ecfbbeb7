// The whole report of a run, as the text, JSON and JUnit writers see it.
import type { ExporterInfo } from '../exporters/types.js';
import type { KnownEntry, KnownState } from '../run/known.js';
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

/**
 * What makes the shards of one run one run: the whole run's case list and
 * the settings that change results. A merge of shards checks them.
 */
export interface RunPlan {
  /** Cases in the whole (unsharded) run. */
  total: number;
  /** sha256 of the whole run's case ids, in order. */
  digest: string;
  /** Each case of this report: its position in the whole run's order. */
  index: ReadonlyMap<string, number>;
  /** Settings that change results (timeout, --no-batch, the CI run, ...): shards must agree on each. */
  settings: Readonly<Record<string, string | number | boolean | null>>;
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
  /** Every --known entry with what the run made of it (empty without --known). */
  known: KnownState[];
  plan: RunPlan;
  shrunk: ShrunkFailure[];
  durationMs: number;
  exitCode: 0 | 1;
}

/** (case, exporter) pairs that fail the run. */
export function failures(r: RunReport): { c: CaseResult; exporter: string }[] {
  return r.cases.flatMap((c) => c.results.filter((x) => x.status === 'divergent').map((x) => ({ c, exporter: x.exporter })));
}
