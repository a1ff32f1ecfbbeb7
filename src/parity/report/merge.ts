// sft-parity merge A.json B.json …: joins the --json reports of a run's
// shards into the report the unsharded run would have written: the same
// cases in the same order, the same results, known-list verdicts and exit
// code. Shards of different runs (seed, case list, settings, exporter
// builds, known list) are refused, and so is an incomplete set, naming the
// shards that are missing.
import { UsageError } from '../core/errors.js';
import type { ExporterInfo } from '../exporters/types.js';
import type { RunReport, ShrunkFailure } from './model.js';
import { planDigest } from '../run/plan.js';
import { staleEntries, type KnownState } from '../run/known.js';
import { causeKey } from '../compare/causes.js';
import { rankCauses } from './causes.js';

export interface ShardReport {
  file: string;
  report: RunReport;
}

const describeExporter = (e: ExporterInfo): string => `${e.name} (${e.version}; ${e.command})`;

/** Throws unless every report agrees with the first on what makes them one run. */
function checkSameRun(shards: readonly ShardReport[]): void {
  const [first, ...rest] = shards as [ShardReport, ...ShardReport[]];
  const a = first.report;
  for (const { file, report: b } of rest) {
    const differ = (what: string, x: unknown, y: unknown): never => {
      throw new UsageError(`${first.file} and ${file} are not shards of one run: ${what} differs (${JSON.stringify(x)} vs ${JSON.stringify(y)})`);
    };
    if (a.seed !== b.seed) differ('the seed', a.seed, b.seed);
    if (a.runs !== b.runs) differ('--runs', a.runs, b.runs);
    if (a.reference !== b.reference) differ('the reference', a.reference, b.reference);
    if (a.plan.total !== b.plan.total || a.plan.digest !== b.plan.digest) {
      differ('the case list (golden corpus, --only, --root, --case)', `${a.plan.total} cases ${a.plan.digest.slice(0, 12)}`, `${b.plan.total} cases ${b.plan.digest.slice(0, 12)}`);
    }
    for (const k of new Set([...Object.keys(a.plan.settings), ...Object.keys(b.plan.settings)])) {
      if (a.plan.settings[k] !== b.plan.settings[k]) differ(`the setting ${k}`, a.plan.settings[k] ?? null, b.plan.settings[k] ?? null);
    }
    const ea = a.exporters.map(describeExporter);
    const eb = b.exporters.map(describeExporter);
    if (ea.join('\n') !== eb.join('\n')) {
      const i = ea.findIndex((x, j) => x !== eb[j]);
      throw new UsageError(`${first.file} and ${file} ran different exporter builds: ${ea[i] ?? '(none)'} vs ${eb[i] ?? '(none)'}`);
    }
    const ka = a.known.map((k) => `${k.entry.where} ${k.entry.caseId} ${k.entry.exporter} ${k.entry.effect}`);
    const kb = b.known.map((k) => `${k.entry.where} ${k.entry.caseId} ${k.entry.exporter} ${k.entry.effect}`);
    if (ka.join('\n') !== kb.join('\n')) differ('the --known list', ka.find((x) => !kb.includes(x)) ?? `${ka.length} entries`, kb.find((x) => !ka.includes(x)) ?? `${kb.length} entries`);
  }
}

/** Throws unless the reports are exactly the shards 1..n of one n, or one whole run. */
function checkShards(shards: readonly ShardReport[]): void {
  const whole = shards.filter((s) => s.report.shard === undefined);
  if (whole.length > 0 && shards.length > 1) {
    throw new UsageError(`${(whole[0] as ShardReport).file} is a whole run (no --shard), not a shard: merge it alone or not at all`);
  }
  if (whole.length > 0) return;
  const count = (shards[0] as ShardReport).report.shard?.count ?? 1;
  const byIndex = new Map<number, string>();
  for (const { file, report } of shards) {
    const s = report.shard as NonNullable<RunReport['shard']>;
    if (s.count !== count) throw new UsageError(`${(shards[0] as ShardReport).file} is a shard of ${count}, ${file} a shard of ${s.count}: not one run`);
    const seen = byIndex.get(s.index);
    if (seen !== undefined) throw new UsageError(`shard ${s.index}/${count} is given twice: ${seen} and ${file}`);
    byIndex.set(s.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const have = [...byIndex].sort(([x], [y]) => x - y).map(([i, f]) => `${i}/${count} (${f})`);
    throw new UsageError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} of ${count}; have ${have.join(', ')}`);
  }
}

/** One entry's verdict over all shards: it ran, or covered a divergence, in any of them; the causes it missed, from all. */
function mergeKnown(all: readonly KnownState[][]): KnownState[] {
  return (all[0] ?? []).map((k, i) => {
    const found = new Map(all.flatMap((s) => s[i]?.found ?? []).map((c) => [causeKey(c), c]));
    return { entry: k.entry, ran: all.some((s) => s[i]?.ran === true), used: all.some((s) => s[i]?.used === true), found: [...found.values()].slice(0, 3) };
  });
}

/** The report of the whole run, from the reports of all its shards. */
export function mergeReports(shards: readonly ShardReport[]): RunReport {
  if (shards.length === 0) throw new UsageError('merge wants the --json reports of the shards (sft-parity merge A.json B.json …)');
  checkSameRun(shards);
  checkShards(shards);
  const index = new Map<string, number>();
  const from = new Map<string, string>();
  for (const { file, report } of shards) {
    for (const c of report.cases) {
      const seen = from.get(c.id);
      if (seen !== undefined) throw new UsageError(`case ${c.id} is in both ${seen} and ${file}`);
      from.set(c.id, file);
      const i = report.plan.index.get(c.id);
      if (i === undefined) throw new UsageError(`${file}: case ${c.id} has no place in the run`);
      index.set(c.id, i);
    }
  }
  const cases = shards.flatMap((s) => s.report.cases).sort((x, y) => (index.get(x.id) ?? 0) - (index.get(y.id) ?? 0));
  const first = (shards[0] as ShardReport).report;
  if (cases.length !== first.plan.total || planDigest(cases.map((c) => c.id)) !== first.plan.digest) {
    throw new UsageError(`the shards hold ${cases.length} cases, not the ${first.plan.total} of their run (was a shard interrupted, or written by another version?)`);
  }
  const known = mergeKnown(shards.map((s) => s.report.known));
  const stale = staleEntries(known);
  const failing = cases.some((c) => c.results.some((r) => r.status === 'divergent'));
  const causes = rankCauses(cases, false);
  // A cause may have been shrunk in more than one shard: the shrink of the whole run's example counts, else the first.
  const shrunk: ShrunkFailure[] = [];
  for (const c of causes) {
    const mine = shards.flatMap((s) => s.report.shrunk).filter((s) => s.exporter === c.exporter && causeKey(s.cause) === causeKey(c));
    const best = mine.find((s) => s.caseId === c.example) ?? mine[0];
    if (best) shrunk.push(best);
  }
  const moved = shards.flatMap((s) => (s.report.movedAside ? [s.report.movedAside] : []));
  return {
    ...first,
    shard: undefined,
    causes,
    knownCauses: rankCauses(cases, true),
    warnings: [...new Set(shards.flatMap((s) => s.report.warnings))],
    movedAside: moved.length > 0 ? { count: moved.reduce((n, m) => n + m.count, 0), to: (moved[0] as { to: string }).to } : undefined,
    wroteKnown: undefined,
    // The shards ran side by side: the run took as long as the longest.
    durationMs: Math.max(...shards.map((s) => s.report.durationMs)),
    jobs: Math.max(...shards.map((s) => s.report.jobs)),
    cases,
    known,
    stale,
    shrunk,
    plan: { ...first.plan, index },
    exitCode: failing || stale.length > 0 ? 1 : 0,
  };
}
