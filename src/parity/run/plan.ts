// The plan of a run: its whole case list (before --shard) and the settings
// that change results. The shards of one run share it, which is how a merge
// of their reports knows that they belong together and that none is missing.
import { createHash } from 'node:crypto';
import type { Options } from '../args.js';
import type { RunPlan } from '../report/model.js';

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

/** The settings that can change a case's result without changing the case list. */
export function runSettings(o: Pick<Options, 'timeoutSeconds' | 'noBatch' | 'recordedAt' | 'dryRun' | 'includePartial' | 'ignore'>): RunPlan['settings'] {
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
