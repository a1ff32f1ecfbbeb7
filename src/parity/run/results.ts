// The outcome of a run, case by case and exporter by exporter, with known
// divergences applied. Identical cases keep only their id; divergent ones
// keep what the report, the shrinker and the replay files need.
import type { EffectDiff, EffectName } from '../compare/effects.js';
import type { CaseSource, ParityCase } from '../cases/case.js';
import type { KnownList } from './known.js';
import type { CaseOutcome } from './runner.js';

export type Status = 'identical' | 'divergent' | 'known';

export interface ExporterResult {
  exporter: string;
  status: Status;
  diffs: EffectDiff[];
  /** Differing effects no known entry covers (these fail the run). */
  failing: EffectName[];
}

export interface CaseResult {
  id: string;
  source: CaseSource;
  description: string;
  rootPath: string;
  durationMs: number;
  results: ExporterResult[];
  /** Kept for divergent cases only. */
  case: ParityCase | undefined;
}

export function classify(o: CaseOutcome, known: KnownList | undefined): CaseResult {
  const results = o.verdicts.map((v): ExporterResult => {
    const effects = v.diffs.map((d) => d.effect);
    const failing = known ? known.record(o.case.id, v.exporter, effects) : effects;
    const status: Status = effects.length === 0 ? 'identical' : failing.length === 0 ? 'known' : 'divergent';
    return { exporter: v.exporter, status, diffs: v.diffs, failing };
  });
  const divergent = results.some((r) => r.status !== 'identical');
  return {
    id: o.case.id,
    source: o.case.source,
    description: o.case.description,
    rootPath: o.rootPath,
    durationMs: o.durationMs,
    results,
    case: divergent ? o.case : undefined,
  };
}

export interface Tally {
  identical: number;
  divergent: number;
  known: number;
}

/** exporter -> source -> tally. */
export function tally(results: readonly CaseResult[]): Map<string, Map<CaseSource, Tally>> {
  const t = new Map<string, Map<CaseSource, Tally>>();
  for (const c of results) {
    for (const r of c.results) {
      let bySource = t.get(r.exporter);
      if (!bySource) t.set(r.exporter, (bySource = new Map()));
      let x = bySource.get(c.source);
      if (!x) bySource.set(c.source, (x = { identical: 0, divergent: 0, known: 0 }));
      x[r.status]++;
    }
  }
  return t;
}
