// One parity run from parsed options to exit code: prepare the exporters,
// list the cases (sharded), run them in parallel job slots, classify the
// divergences into causes and apply the known ones, shrink the causes
// explained in full to minimal inputs, write the reports, clean up.
import fs from 'node:fs';
import path from 'node:path';
import { defaultJobs, type Options } from './args.js';
import { CASE_SOURCES, type CaseSource } from './cases/case.js';
import { caseRefs, rootWarnings } from './run/sources.js';
import { causeKey, worthShrinking } from './compare/causes.js';
import { SetupError, UsageError } from './core/errors.js';
import { resolveExporters } from './exporters/registry.js';
import { cacheDir, cargoTargetDir, packageDir } from './core/location.js';
import type { Exporter, ExporterInfo, Jail } from './exporters/types.js';
import { rankCauses, type RankedCause } from './report/causes.js';
import type { RunReport, ShrunkFailure } from './report/model.js';
import { colorWanted, makeStyle } from './report/style.js';
import { publishReport } from './report/publish.js';
import { describeInput } from './report/input.js';
import { header } from './report/text.js';
import { generatedIndex } from './generate/case-seed.js';
import { mainThreadScheduling } from './core/schedule.js';
import { moveAsideEarlierFailures, PREVIOUS_RUN, saveFailure } from './run/failures.js';
import { formatKnownList, KnownList } from './run/known.js';
import { Progress } from './run/progress.js';
import { replayContext, savedReplay, shownPath, type ReplayContext } from './run/replay.js';
import { classify, type CaseResult } from './run/results.js';
import { Lakehouses } from './run/lakehouse.js';
import { prefetchFirst, Runner, useExportUmask, type CaseRef } from './run/runner.js';
import { Scratch } from './run/scratch.js';
import { firstJail, Sandboxes } from './sandbox/pool.js';
import { makePlan, runSettings } from './run/plan.js';
import { inShard } from './run/shard.js';
import { fileCount, lineCount, shrinkable, shrinkCase } from './run/shrink.js';
import { contentOf } from './tree/snapshot.js';
import { CaseDrawer } from './generate/drawer.js';
import { MAX_CACHED_CASES } from './generate/casecache.js';

function globRe(p: string): RegExp {
  return new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Prepares every exporter in the scratch space: the quick ones first, so that
 * a command that cannot run is reported before any build; then the others,
 * together: their toolchain probes run at once, and a build, when one is
 * needed, runs on this thread and so one at a time (builds are CPU-bound and
 * the machine may have two cores). The first failure in that order is the
 * one reported.
 */
async function prepareAll(exporters: readonly Exporter[], scratch: Scratch, timeoutMs: number, jail: Jail | undefined): Promise<void> {
  const prepare = (e: Exporter): Promise<void> => e.prepare({ dir: scratch.freshDir(`prepare-${e.name}`), tmpDir: scratch.tmpDir, timeoutMs, ...(jail ? { jail } : {}) });
  for (const e of exporters.filter((x) => x.prepareCost === 'quick')) await prepare(e);
  const settled = await Promise.allSettled(exporters.filter((x) => x.prepareCost !== 'quick').map(prepare));
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
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
  const restore = useExportUmask();
  try {
    return await gate(o, out);
  } finally {
    restore();
  }
}

async function gate(o: Options, out: ReportStream | undefined): Promise<RunReport> {
  const started = performance.now();
  // A checkout or an installed copy: the references' sources, the golden corpus, the TypeScript exporter.
  const repo = packageDir();
  const style = makeStyle(out !== undefined && colorWanted(out as NodeJS.WriteStream));
  const cache = cacheDir(repo);
  const exporters = resolveExporters(o.exporters, o.extra, o.reference, { repo, cache, cargoTarget: cargoTargetDir(repo) });
  const known = o.known ? KnownList.load(o.known) : undefined;

  const explicit = o.roots.length > 0 || o.caseDirs.length > 0;
  // The package's corpus by default; a --golden DIR, like every path the
  // user gives, is relative to the working directory.
  const goldenDir = o.golden && !explicit ? (o.goldenDir !== undefined ? path.resolve(o.goldenDir) : path.join(repo, 'golden/cases')) : undefined;
  if (o.goldenDir !== undefined && !fs.existsSync(o.goldenDir)) throw new SetupError(`--golden ${o.goldenDir} does not exist`);
  const runs = explicit && !o.runsGiven ? 0 : o.runs;
  const drawer = new CaseDrawer({ cacheDir: path.join(cache, 'cases') });
  const all = caseRefs({
    goldenDir,
    builtin: !explicit,
    runs,
    seed: o.seed,
    roots: o.roots,
    rootOptions: { recordedAt: o.recordedAt, dryRun: o.dryRun, includePartial: o.includePartial },
    caseDirs: o.caseDirs,
    drawer,
  });
  const only = o.only.map(globRe);
  const wanted = (r: CaseRef): boolean => only.length === 0 || only.some((re) => re.test(r.id));
  if (only.length > 0 && !all.some(wanted)) throw new UsageError(`--only ${o.only.join(' --only ')} matches no case of this run (ids look like golden/bom, builtin/firewall, generated/${o.seed}/0)`);
  const selected: CaseRef[] = all.filter((r, i) => inShard(i, o.shard) && wanted(r));
  // The unsharded run's cases: what every shard's report is a part of.
  const whole = all.filter(wanted).map((r, position) => ({ id: r.id, position }));

  // The scratch space exists before the exporters are prepared: their trial
  // runs happen in it, and Ctrl-C then cleans up after them as well.
  const roots = selected.some((r) => r.source === 'root');
  const scratch = new Scratch({ large: roots });
  const jobs = Math.min(o.jobs ?? defaultJobs(roots), Math.max(1, selected.length));
  const results: CaseResult[] = [];
  const shrunk: ShrunkFailure[] = [];
  // In the working directory (the user's project), never in the package.
  const failuresDir = path.resolve(o.failuresDir ?? 'parity-failures');
  const warnings = rootWarnings(o.roots);
  let infos: ExporterInfo[] = [];
  let sandboxes: Sandboxes | undefined;
  let ranked: RankedCause[] = [];
  let movedAside: RunReport['movedAside'];
  try {
    // The first generated cases are drawn while the sandbox and the exporters are made ready.
    prefetchFirst(selected);
    // The exporters are prepared while the first sandbox is made (its shell runs a few dozen mounts).
    const opening = Sandboxes.open(jobs, (i) => scratch.freshDir(`sandbox-${i}`), [scratch.dir], o.noSandbox);
    const [opened, prepared] = await Promise.allSettled([opening, prepareAll(exporters, scratch, o.timeoutSeconds * 1000, firstJail(opening))]);
    if (opened.status === 'rejected') throw opened.reason;
    sandboxes = opened.value;
    if (prepared.status === 'rejected') throw prepared.reason;
    // What a trial call wrote outside is not the first case's doing (the cases catch it again).
    if ((sandboxes.forSlot(0)?.outsideWrites() ?? []).length > 0) await sandboxes.forSlot(0)?.refresh();
    infos = exporters.map((e) => e.describe());
    const counts = new Map<CaseSource, number>(CASE_SOURCES.map((s) => [s, selected.filter((r) => r.source === s).length]));
    out?.write(header({ ...context(o, runs, infos, jobs), warnings }, counts, style).join('\n') + '\n');
    out?.write(`sandbox: ${sandboxes.state.summary}\n`);
    out?.write(`scratch: ${scratch.summary}\n`);
    const scheduling = mainThreadScheduling();
    if (scheduling) out?.write(`scheduling: ${scheduling.summary}\n`);
    const drawn = drawnLine(drawer, o.seed, counts.get('generated') ?? 0, selected);
    if (drawn) out?.write(`${drawn}\n`);
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
      ignore: o.ignore,
    });
    try {
      // Progress goes to a terminal's stderr, and only for a run that reports as text.
      const progress = new Progress(selected.length, out === undefined ? null : process.stderr);
      await runner.runAll(selected, (outcome) => {
        const r = classify(outcome, known, o.reference);
        results.push(r);
        progress.tick(r.results.some((x) => x.status === 'divergent'));
      });
      // Reports list cases in the run's order, whatever order the slots finished in.
      const position = new Map(selected.map((r, i) => [r.id, i]));
      results.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
      ranked = rankCauses(results, false);
      // The examples' inputs, as the report shows them (a merge of shards has only these).
      const examples = new Set([...ranked, ...rankCauses(results, true)].map((c) => c.example));
      for (const c of results) if (examples.has(c.id) && c.case) c.input = describeInput(c.case, makeStyle(false), '');
      if (o.shrink) {
        // parity-failures/ holds this run's failures only.
        const moved = moveAsideEarlierFailures(failuresDir, o.caseDirs);
        if (moved > 0) movedAside = { count: moved, to: shownPath(path.join(failuresDir, PREVIOUS_RUN), process.cwd()) };
        progress.note('shrinking to minimal inputs…');
        shrunk.push(...(await shrinkCauses(runner, results, ranked, o, failuresDir, replayContext(o, infos, process.cwd()), scratch.dir)));
      }
      progress.end();
    } finally {
      await runner.close();
    }
  } finally {
    drawer.close();
    sandboxes?.close();
    scratch.remove();
  }

  const stale = known?.stale() ?? [];
  const failing = results.some((c) => c.results.some((r) => r.status === 'divergent'));
  if (o.writeKnown) writeKnownList(o.writeKnown, results, `seed ${o.seed}, ${results.length} case(s)`);
  const report: RunReport = {
    ...context(o, runs, infos, jobs),
    warnings,
    cases: results,
    causes: ranked,
    knownCauses: rankCauses(results, true),
    stale,
    known: known?.states() ?? [],
    plan: makePlan(whole, new Set(selected.map((r) => r.id)), runSettings(o)),
    shrunk,
    movedAside,
    wroteKnown: o.writeKnown,
    replay: replayContext(o, infos, process.cwd()),
    durationMs: performance.now() - started,
    exitCode: failing || stale.length > 0 ? 1 : 0,
  };
  publishReport(report, o, out, style);
  return report;
}

/** The header's line on where this run's generated cases come from, when they can be cached. */
function drawnLine(drawer: CaseDrawer, seed: number, generated: number, selected: readonly CaseRef[]): string | undefined {
  const cache = generated > 0 ? drawer.cacheOf(seed) : undefined;
  if (!cache) return undefined;
  const indices = selected.filter((r) => r.source === 'generated').map((r) => generatedIndex(r.id));
  const held = indices.filter((i) => cache.holds(i)).length;
  const where = shownPath(cache.file, process.cwd());
  const beyond = indices.some((i) => i >= MAX_CACHED_CASES) ? ` (cases ${MAX_CACHED_CASES} and up are drawn each time)` : '';
  if (held === 0) return `generated: drawn now, and kept for the next run with this seed in ${where}${beyond}`;
  if (held === generated) return `generated: all ${generated} drawn by this build before, read back from ${where}`;
  return `generated: ${held} of ${generated} drawn by this build before, read back from ${where}; the rest drawn now and kept there${beyond}`;
}

/** What the header and the report say about the run itself. */
function context(o: Options, runs: number, exporters: ExporterInfo[], jobs: number) {
  return { seed: o.seed, runs, shard: o.shard, reference: o.reference, exporters, jobs, timeoutSeconds: o.timeoutSeconds, ignored: o.ignore };
}

function writeKnownList(file: string, results: readonly CaseResult[], note: string): void {
  try {
    fs.writeFileSync(file, formatKnownList(results, note));
  } catch (err) {
    throw new SetupError(`--write-known ${file}: ${(err as Error).message}`);
  }
}

/**
 * Shrinks the causes explained in full (the first --max-details per
 * exporter) to minimal inputs, slots in parallel, each within its own
 * --shrink-time budget, starting from the smallest case that shows it.
 */
async function shrinkCauses(runner: Runner, results: readonly CaseResult[], ranked: readonly RankedCause[], o: Options, baseDir: string, replay: ReplayContext, scratchDir: string): Promise<ShrunkFailure[]> {
  const perExporter = new Map<string, number>();
  const todo = ranked.filter((c) => {
    const n = perExporter.get(c.exporter) ?? 0;
    if (n >= o.maxDetails) return false;
    perExporter.set(c.exporter, n + 1);
    return worthShrinking(c.kind);
  });
  const byId = new Map(results.map((c) => [c.id, c]));
  const saved: ShrunkFailure[] = [];
  let next = 0;
  const worker = async (slot: number): Promise<void> => {
    while (next < todo.length) {
      const cause = todo[next++] as RankedCause;
      const from = byId.get(cause.example);
      const original = from?.case && shrinkable(from.case, scratchDir);
      if (!from || !original) continue;
      const started = performance.now();
      const result = await shrinkCase(runner, slot, original, cause.exporter, cause, started + o.shrinkSeconds * 1000);
      if (result.lost) continue;
      // Run the minimal case once more for the files and the report that go with it.
      const { effects: byExporter, rootPath } = await runner.effectsOf(slot, result.case, [runner.reference, cause.exporter]);
      const ref = byExporter.get(runner.reference);
      const other = byExporter.get(cause.exporter);
      if (!ref || !other) continue;
      const diffs = runner.verdicts(byExporter, rootPath).find((v) => v.exporter === cause.exporter)?.diffs ?? [];
      // The saved case holds its bytes (a --root case's are read from the lakehouse).
      const minimal = { ...result.case, entries: result.case.entries.map((e) => (e.type === 'file' && e.content === undefined ? { path: e.path, type: e.type, mode: e.mode, content: contentOf(e) } : e)) };
      const s = saveFailure(baseDir, minimal, { caseId: from.id, exporter: cause.exporter, reference: runner.reference, kind: cause.kind }, { ref, other, rootPath });
      saved.push({
        caseId: from.id,
        exporter: cause.exporter,
        cause: { effect: cause.effect, field: cause.field, kind: cause.kind },
        dir: s.dir,
        replay: savedReplay(s.dir, { ...result.case, id: from.id }, cause.exporter, replay),
        steps: result.steps,
        ms: performance.now() - started,
        outOfTime: result.outOfTime,
        entries: result.case.entries.length,
        originalEntries: original.entries.length,
        files: fileCount(result.case),
        originalFiles: fileCount(original),
        lines: lineCount(result.case),
        originalLines: lineCount(original),
        input: describeInput(result.case, makeStyle(false), ''),
        case: result.case,
        diffs,
        rootPath,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(runner.jobs, todo.length) }, (_, i) => worker(i)));
  // In rank order, whichever slot finished first.
  const rank = (s: ShrunkFailure): number => todo.findIndex((c) => c.exporter === s.exporter && causeKey(c) === causeKey(s.cause));
  return saved.sort((a, b) => rank(a) - rank(b));
}
