// One parity run from parsed options to exit code: prepare the exporters,
// list the cases (sharded), run them in parallel job slots, apply the known
// divergences, shrink generated failures, write the reports, clean up.
import fs from 'node:fs';
import path from 'node:path';
import type { Options } from './args.js';
import { CASE_SOURCES, type CaseSource } from './cases/case.js';
import { caseRefs } from './cases/sources.js';
import { SetupError, UsageError } from './errors.js';
import { resolveExporters } from './exporters/registry.js';
import { cacheDir, cargoTargetDir, packageDir } from './location.js';
import type { Exporter, ExporterInfo, Jail } from './exporters/types.js';
import type { RunReport, ShrunkFailure } from './report/model.js';
import { colorWanted, makeStyle } from './report/style.js';
import { publishReport } from './report/publish.js';
import { exporterFlags, header } from './report/text.js';
import { saveFailure } from './run/failures.js';
import { KnownList } from './run/known.js';
import { Progress } from './run/progress.js';
import { classify, type CaseResult } from './run/results.js';
import { Lakehouses } from './run/lakehouse.js';
import { Runner, type CaseRef } from './run/runner.js';
import { Scratch } from './run/scratch.js';
import { Sandboxes } from './sandbox/pool.js';
import { makePlan, runSettings } from './run/plan.js';
import { inShard } from './run/shard.js';
import { shrinkCase } from './run/shrink.js';

/**
 * The sft-parity package directory, a checkout or an installed copy: where
 * the references' sources, the golden corpus and the TypeScript exporter are.
 */
export function repoRoot(): string {
  return packageDir();
}

/** How many generated failures per exporter are shrunk and saved. */
const SHRINK_PER_EXPORTER = 2;

function globRe(p: string): RegExp {
  return new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Prepares every exporter in the scratch space: the quick ones first, so that
 * a command that cannot run is reported before any build; then the builds,
 * one at a time (they are CPU-bound and the machine may have two cores).
 */
async function prepareAll(exporters: readonly Exporter[], scratch: Scratch, timeoutMs: number, jail: Jail | undefined): Promise<void> {
  const ordered = [...exporters.filter((e) => e.prepareCost === 'quick'), ...exporters.filter((e) => e.prepareCost !== 'quick')];
  for (const e of ordered) {
    const dir = scratch.freshDir(`prepare-${e.name}`);
    await e.prepare({ dir, tmpDir: scratch.tmpDir, timeoutMs, ...(jail ? { jail } : {}) });
  }
}

/** The command line's run: the text report on `out`, the report files the options ask for; the exit code. */
export async function runParity(o: Options, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  return (await runGate(o, out)).exitCode;
}

/** A text stream for the report; without one, a run writes only the files its options name. */
export interface ReportStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * One whole run. Throws UsageError or SetupError (exit code 2) before any
 * case runs; otherwise returns the report, whose exitCode is 0 or 1.
 */
export async function runGate(o: Options, out: ReportStream | undefined): Promise<RunReport> {
  // Exporters create files and directories; modes in the tree depend on the
  // umask, so every exporter runs under the same one (as golden cases do).
  const umask = process.umask(0o022);
  try {
    return await gate(o, out);
  } finally {
    process.umask(umask);
  }
}

async function gate(o: Options, out: ReportStream | undefined): Promise<RunReport> {
  const started = performance.now();
  const repo = repoRoot();
  const style = makeStyle(out !== undefined && colorWanted(out as NodeJS.WriteStream));
  const exporters = resolveExporters(o.exporters, o.extra, o.reference, { repo, cache: cacheDir(repo), cargoTarget: cargoTargetDir(repo) });
  const known = o.known ? KnownList.load(o.known) : undefined;

  const explicit = o.roots.length > 0 || o.caseDirs.length > 0;
  // The package's corpus by default; a --golden DIR, like every path the
  // user gives, is relative to the working directory.
  const goldenDir = o.golden && !explicit ? (o.goldenDir !== undefined ? path.resolve(o.goldenDir) : path.join(repo, 'golden/cases')) : undefined;
  if (o.goldenDir !== undefined && !fs.existsSync(o.goldenDir)) throw new SetupError(`--golden ${o.goldenDir} does not exist`);
  const runs = explicit && !o.runsGiven ? 0 : o.runs;
  const all = caseRefs({
    goldenDir,
    builtin: !explicit,
    runs,
    seed: o.seed,
    roots: o.roots,
    rootOptions: { recordedAt: o.recordedAt, dryRun: o.dryRun, includePartial: o.includePartial },
    caseDirs: o.caseDirs,
  });
  const only = o.only.map(globRe);
  const wanted = (r: CaseRef): boolean => only.length === 0 || only.some((re) => re.test(r.id));
  if (only.length > 0 && !all.some(wanted)) throw new UsageError(`--only ${o.only.join(' --only ')} matches no case of this run (ids look like golden/bom, builtin/firewall, generated/${o.seed}/0)`);
  const selected: CaseRef[] = all.filter((r, i) => inShard(i, o.shard) && wanted(r));
  // The unsharded run's cases: what every shard's report is a part of.
  const whole = all.filter(wanted).map((r, position) => ({ id: r.id, position }));

  // The scratch space exists before the exporters are prepared: their trial
  // runs happen in it, and Ctrl-C then cleans up after them as well.
  const scratch = new Scratch();
  const results: CaseResult[] = [];
  const shrunk: ShrunkFailure[] = [];
  let infos: ExporterInfo[] = [];
  let sandboxes: Sandboxes | undefined;
  try {
    const jobs = Math.min(o.jobs, Math.max(1, selected.length));
    sandboxes = await Sandboxes.open(jobs, (i) => scratch.freshDir(`sandbox-${i}`), [scratch.dir], o.noSandbox);
    await prepareAll(exporters, scratch, o.timeoutSeconds * 1000, sandboxes.forSlot(0));
    // What a trial call wrote outside is not the first case's doing (the cases catch it again).
    if ((sandboxes.forSlot(0)?.outsideWrites() ?? []).length > 0) await sandboxes.forSlot(0)?.refresh();
    infos = exporters.map((e) => e.describe());
    const counts = new Map<CaseSource, number>(CASE_SOURCES.map((s) => [s, selected.filter((r) => r.source === s).length]));
    out?.write(header({ seed: o.seed, runs, shard: o.shard, reference: o.reference, exporters: infos, jobs: o.jobs, timeoutSeconds: o.timeoutSeconds }, counts, style).join('\n') + '\n');
    out?.write(`sandbox: ${sandboxes.state.summary}\n`);
    const lakehouses = new Lakehouses(scratch.dir, sandboxes.state.kind);
    for (const r of selected) if (r.source === 'root' && r.lakehouse !== undefined) out?.write(`  ${lakehouses.describe(r.id, r.lakehouse)}\n`);
    const runner = new Runner({
      exporters,
      reference: o.reference,
      jobs,
      timeoutMs: o.timeoutSeconds * 1000,
      scratch,
      noBatch: o.noBatch,
      sandboxes,
      lakehouses,
    });
    try {
      // Progress goes to a terminal's stderr, and only for a run that reports as text.
      const progress = new Progress(selected.length, out === undefined ? null : process.stderr);
      await runner.runAll(selected, (outcome) => {
        const r = classify(outcome, known);
        results.push(r);
        progress.tick(r.results.some((x) => x.status === 'divergent'));
      });
      if (o.shrink) {
        progress.note('shrinking generated failures…');
        shrunk.push(...(await shrinkFailures(runner, results, o, infos)));
      }
      progress.end();
    } finally {
      await runner.close();
    }
  } finally {
    sandboxes?.close();
    scratch.remove();
  }

  // Reports list cases in the run's order, whatever order the slots finished in.
  const position = new Map(selected.map((r, i) => [r.id, i]));
  results.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
  const stale = known?.stale() ?? [];
  const failing = results.some((c) => c.results.some((r) => r.status === 'divergent'));
  const report: RunReport = {
    seed: o.seed,
    runs,
    shard: o.shard,
    reference: o.reference,
    exporters: infos,
    jobs: o.jobs,
    timeoutSeconds: o.timeoutSeconds,
    cases: results,
    stale,
    known: known?.states() ?? [],
    plan: makePlan(whole, new Set(selected.map((r) => r.id)), runSettings(o)),
    shrunk,
    durationMs: performance.now() - started,
    exitCode: failing || stale.length > 0 ? 1 : 0,
  };
  publishReport(report, o, out, style);
  return report;
}

/** Shrinks the first few generated failures per exporter, slots in parallel, within the time budget. */
async function shrinkFailures(runner: Runner, results: readonly CaseResult[], o: Options, infos: readonly ExporterInfo[]): Promise<ShrunkFailure[]> {
  const todo: { c: CaseResult; exporter: string }[] = [];
  const perExporter = new Map<string, number>();
  for (const c of results) {
    if (c.source !== 'generated' || !c.case) continue;
    for (const r of c.results) {
      if (r.status !== 'divergent' || r.diffs.some((d) => d.effect === 'run' && /timed out|not run/.test(d.cause))) continue;
      const n = perExporter.get(r.exporter) ?? 0;
      if (n >= SHRINK_PER_EXPORTER) continue;
      perExporter.set(r.exporter, n + 1);
      todo.push({ c, exporter: r.exporter });
    }
  }
  const deadline = performance.now() + o.shrinkSeconds * 1000;
  // In the working directory (the user's project), never in the package.
  const baseDir = path.resolve(o.failuresDir ?? 'parity-failures');
  const saved: ShrunkFailure[] = [];
  let next = 0;
  const worker = async (slot: number): Promise<void> => {
    while (next < todo.length) {
      const { c, exporter } = todo[next++] as { c: CaseResult; exporter: string };
      const original = c.case;
      if (!original) continue;
      const effects = c.results.find((r) => r.exporter === exporter)?.failing ?? [];
      const result = await shrinkCase(runner, slot, original, exporter, effects, deadline);
      // Run the minimal case once more for the files that go with it.
      const { effects: byExporter, rootPath } = await runner.effectsOf(slot, result.case, [runner.reference, exporter]);
      const ref = byExporter.get(runner.reference);
      const other = byExporter.get(exporter);
      if (!ref || !other) continue;
      fs.mkdirSync(baseDir, { recursive: true });
      const flags = exporterFlags(exporter, runner.reference, infos);
      const s = saveFailure(baseDir, result.case, c.id, exporter, runner.reference, { ref, other, rootPath }, process.cwd(), flags);
      saved.push({
        caseId: c.id,
        exporter,
        dir: s.dir,
        replay: s.replay,
        steps: result.steps,
        outOfTime: result.outOfTime,
        entries: result.case.entries.length,
        originalEntries: original.entries.length,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(runner.jobs, todo.length) }, (_, i) => worker(i)));
  return saved.sort((a, b) => a.caseId.localeCompare(b.caseId) || a.exporter.localeCompare(b.exporter));
}
