// The outcome of a run, case by case and exporter by exporter: each
// divergence with its causes, and the known divergences applied to them.
// Identical cases keep only their id; divergent ones keep what the report,
// the shrinker and the replay files need.
import { causesOf, type Cause } from '../compare/causes.js';
import type { EffectDiff, EffectName } from '../compare/effects.js';
import type { CaseOrigin, CaseSource, ParityCase } from '../cases/case.js';
import type { KnownList } from './known.js';
import type { CaseOutcome } from './runner.js';

export type Status = 'identical' | 'divergent' | 'known';

/** A cause of one result, and the --known entry that lists it (FILE:LINE), or null. */
export interface ResultCause extends Cause {
  knownBy: string | null;
}

export interface ExporterResult {
  exporter: string;
  /** 'known' when every cause is listed in --known; 'divergent' when one is not. */
  status: Status;
  diffs: EffectDiff[];
  causes: ResultCause[];
  /** Differing effects with a cause no known entry covers (these fail the run). */
  failing: EffectName[];
}

export interface CaseResult {
  id: string;
  source: CaseSource;
  description: string;
  rootPath: string;
  durationMs: number;
  results: ExporterResult[];
  /** Where the case came from and how it runs, for its replay line; undefined for a case with no origin. */
  replay: { origin: CaseOrigin; recordedAt: string; dryRun: boolean; includePartial: boolean } | undefined;
  /** The size of its input (files' bytes, 64 a tree entry): the smaller example of a cause is shown. */
  inputBytes: number;
  /** Kept for divergent cases only, in the run that ran it (a merged report has none). */
  case: ParityCase | undefined;
  /** The case's input as the report shows it (describeInput, plain), for the example of a cause; also in a merged report. */
  input?: string[];
}

/** The size of a case's input, to prefer small examples. */
function inputBytes(c: ParityCase): number {
  return c.entries.reduce((n, e) => n + 64 + (e.size ?? e.content?.length ?? 0), 0);
}

export function classify(o: CaseOutcome, known: KnownList | undefined, reference: string): CaseResult {
  const results = o.verdicts.map((v): ExporterResult => {
    const found = causesOf(v.diffs, { ref: reference, other: v.exporter }, v.place);
    const by = known ? known.record(o.case.id, v.exporter, found) : found.map(() => null);
    const causes = found.map((c, i) => ({ ...c, knownBy: by[i] ?? null }));
    const failing = [...new Set(causes.filter((c) => c.knownBy === null).map((c) => c.effect))];
    const status: Status = v.diffs.length === 0 ? 'identical' : failing.length === 0 ? 'known' : 'divergent';
    return { exporter: v.exporter, status, diffs: v.diffs, causes, failing };
  });
  const divergent = results.some((r) => r.status !== 'identical');
  return {
    id: o.case.id,
    source: o.case.source,
    description: o.case.description,
    rootPath: o.rootPath,
    durationMs: o.durationMs,
    results,
    replay: o.case.origin ? { origin: o.case.origin, recordedAt: o.case.recordedAt, dryRun: o.case.dryRun, includePartial: o.case.includePartial } : undefined,
    inputBytes: inputBytes(o.case),
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
