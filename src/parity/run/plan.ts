// The plan of a run: its whole case list (before --shard) and the settings
// that change results. The shards of one run share it, which is how a merge
// of their reports knows that they belong together and that none is missing.
import { createHash } from 'node:crypto';
import type { EffectName } from '../compare/effects.js';

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

/** sha256 of case ids in order: equal for equal case lists. */
export function planDigest(ids: readonly string[]): string {
  const h = createHash('sha256');
  for (const id of ids) h.update(id).update('\n');
  return h.digest('hex');
}

/**
 * The plan for a run whose whole case list is `whole` (each with its position
 * in it) and which ran the cases `mine` of it.
 */
export function makePlan(whole: readonly { id: string; position: number }[], mine: ReadonlySet<string>, settings: RunPlan['settings']): RunPlan {
  return {
    total: whole.length,
    digest: planDigest(whole.map((c) => c.id)),
    index: new Map(whole.filter((c) => mine.has(c.id)).map((c) => [c.id, c.position])),
    settings,
  };
}

/** --timeout when not given: seconds per export. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** The options of a run that change a case's result without changing the case list. */
export interface ResultSettings {
  timeoutSeconds: number;
  noBatch: boolean;
  recordedAt: string;
  dryRun: boolean;
  includePartial: boolean;
  ignore: readonly EffectName[];
}

/** The settings that can change a case's result without changing the case list, as a plan records them. */
export function runSettings(o: ResultSettings): RunPlan['settings'] {
  return {
    timeout_seconds: o.timeoutSeconds,
    no_batch: o.noBatch,
    ignore: o.ignore.join(','),
    root_recorded_at: o.recordedAt,
    root_dry_run: o.dryRun,
    root_include_partial: o.includePartial,
    // One CI workflow run (a re-run of one shard keeps the run id).
    ci_run: process.env['GITHUB_RUN_ID'] ?? null,
  };
}
