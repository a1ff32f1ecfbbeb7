// npm run bench: the TypeScript exporter against the Go (and Rust) reference
// on a realistic lakehouse, the parity gate's throughput, and the gate on
// that lakehouse with --root, all in one run.
//
//   npm run bench -- [--size MB] [--reps N] [--exporters ts,go,rust] [--gate-runs N] [--no-root] [--json FILE]
//   npm run bench -- --root-mode [--size MB] [--reps N] [--exporters ts,go,rust] [--json FILE]
//   npm run bench -- --huge [--huge-scale X]   files over 2 GiB: ts against go (see bench/huge.ts)
//
// Every exporter runs the same lakehouse several times, alternating, each
// run a fresh process under reference/go/cmd/runstat (wall time and peak RSS
// from the kernel's rusage, measured the same way for every runtime). The
// exports must be byte-identical; the table gives medians and the ratio of
// each to Go measured in the same run. Then `npm run parity -- --runs N`
// (golden, built-in and N generated cases, default 2000) is timed as typed,
// npm included, --reps times (the median and every run), and the
// parity gate runs on the lakehouse (--root): its wall time next to the
// exporters' own export times, with the harness's peak RSS
// (scripts/bench/rootmode.ts). --root-mode measures only the exporters and
// the --root gate; --gate-runs 0 and --no-root leave those parts out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureLakehouse } from './bench/lakehouse.js';
import { buildHugeLakehouse, hugeDifferences, LONGEST_LINE_MIB, runHuge } from './bench/huge.js';
import { rootMode } from './bench/rootmode.js';
import { GoExporter, RustExporter, TsExporter, type RepoPaths } from '../src/parity/exporters/builtin.js';
import type { Command } from '../src/parity/exporters/session.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The harness as `npm run parity` runs it (its bundle, scripts/build.mjs). */
const HARNESS = path.join(REPO, 'dist/src/parity/cli.bundle.js');
const RECORDED_AT = '2026-11-24T00:00:00Z';

interface Options {
  sizeMb: number;
  reps: number;
  exporters: string[];
  gateRuns: number;
  json: string | undefined;
  huge: boolean;
  hugeScale: number;
  rootMode: boolean;
  /** --no-root: the gate on the lakehouse (--root) is not measured. */
  noRoot: boolean;
}

class BenchUsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const o: Options = { sizeMb: 200, reps: 3, exporters: [], gateRuns: 2000, json: undefined, huge: false, hugeScale: 1, rootMode: false, noRoot: false };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const val = (): string => {
      const v = argv[++k];
      if (v === undefined) throw new BenchUsageError(`${a} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(val());
      if (!Number.isInteger(v) || v < 0) throw new BenchUsageError(`${a} takes a whole number`);
      return v;
    };
    if (a === '--size') o.sizeMb = num();
    else if (a === '--reps') o.reps = Math.max(1, num());
    else if (a === '--exporters') o.exporters = val().split(',').filter(Boolean);
    else if (a === '--gate-runs') o.gateRuns = num();
    else if (a === '--json') o.json = val();
    else if (a === '--huge') o.huge = true;
    else if (a === '--root-mode') o.rootMode = true;
    else if (a === '--no-root') o.noRoot = true;
    else if (a === '--huge-scale') {
      o.hugeScale = Number(val());
      if (!(o.hugeScale > 0 && o.hugeScale <= 1)) throw new BenchUsageError('--huge-scale takes a number in (0, 1]');
    }
    else if (a === '-h' || a === '--help') {
      // The help is this file's leading comment (not the source-map line tsc appends).
      const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
      const end = lines.findIndex((l) => !l.startsWith('//'));
      process.stdout.write(lines.slice(0, end < 0 ? lines.length : end).map((l) => l.slice(3)).join('\n') + '\n');
      process.exit(0);
    } else throw new BenchUsageError(`unknown option ${a} (see --help)`);
  }
  if (o.sizeMb < 1) throw new BenchUsageError('--size must be at least 1 (MB)');
  return o;
}

interface Sample {
  wallS: number;
  maxRssMb: number;
}

interface Row {
  exporter: string;
  version: string;
  samples: Sample[];
  wallS: number;
  mbPerS: number;
  maxRssMb: number;
  timeVsGo: number | null;
  rssVsGo: number | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function sha256File(p: string): string {
  return fs.existsSync(p) ? createHash('sha256').update(fs.readFileSync(p)).digest('hex') : '<absent>';
}

function buildRunstat(cacheDir: string): string {
  const out = path.join(cacheDir, 'runstat');
  execFileSync('go', ['build', '-o', out, './cmd/runstat'], { cwd: path.join(REPO, 'reference/go'), stdio: 'inherit' });
  return out;
}

/** One export in a fresh process, measured by runstat. */
function measure(runstat: string, cmd: Command, root: string, statFile: string): { sample: Sample; stdout: string } {
  const r = spawnSync(runstat, [statFile, cmd.file, ...cmd.args, '--root', root, '--recorded-at', RECORDED_AT], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd.file} failed (exit ${r.status}): ${r.stderr}`);
  const st = JSON.parse(fs.readFileSync(statFile, 'utf8')) as { wall_ns: number; max_rss_kb: number };
  return { sample: { wallS: st.wall_ns / 1e9, maxRssMb: st.max_rss_kb / 1024 }, stdout: r.stdout };
}

/** The gate's wall time: the median of `reps` runs, and each run's. */
interface GateResult {
  runs: number;
  cases: number;
  wallS: number;
  samplesS: number[];
  casesPerS: number;
  scratch: string;
  /** Where the last run's generated cases came from (its header's `generated:` line), if it says. */
  generated: string | undefined;
  /** How its main thread was scheduled (its header's `scheduling:` line), if it says. */
  scheduling: string | undefined;
  command: string;
}

/** What a run's header says on its `name:` line. */
function headerLine(stdout: string, name: string): string | undefined {
  return new RegExp(`^${name}: (.*)$`, 'm').exec(stdout)?.[1];
}

/**
 * The gate's throughput as a user meets it: `npm run parity -- --runs N`
 * (golden, built-in and N generated cases) through every exporter, npm and
 * its build step included, timed from the outside `reps` times (the
 * machine's speed drifts between runs: the median and every run are
 * reported); the case count is the one its last line reports.
 */
function gateThroughput(runs: number, exporters: string[], reps: number): GateResult | null {
  if (runs === 0) return null;
  const args = ['run', 'parity', '--silent', '--', '--runs', String(runs), '--exporters', exporters.join(','), '--no-shrink'];
  // The npm that runs the bench, when it does; else the one on PATH.
  const npm = process.env['npm_execpath'];
  const [file, argv] = npm !== undefined && npm !== '' ? [process.execPath, [npm, ...args]] : ['npm', args];
  const samplesS: number[] = [];
  let cases = runs;
  let scratch = '?';
  let generated: string | undefined;
  let scheduling: string | undefined;
  for (let rep = 0; rep < reps; rep++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(file, argv, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`the parity gate failed (exit ${r.status}) on --runs ${runs}:\n${(r.stdout ?? '').slice(-2000)}${r.error ? `\n${r.error.message}` : ''}`);
    cases = Number(/ on (\d+) case\(s\)/.exec(r.stdout)?.[1] ?? runs);
    scratch = headerLine(r.stdout, 'scratch') ?? '?';
    generated = headerLine(r.stdout, 'generated');
    scheduling = headerLine(r.stdout, 'scheduling');
    samplesS.push(wallS);
    process.stderr.write(`  gate run ${rep + 1}/${reps}: ${wallS.toFixed(2)} s\n`);
  }
  const wallS = median(samplesS);
  return { runs, cases, wallS, samplesS, casesPerS: cases / wallS, scratch, generated, scheduling, command: `npm ${args.join(' ')}` };
}

function fmt(n: number | null, digits = 2): string {
  return n === null ? '-' : n.toFixed(digits);
}

/** --huge: the TypeScript exporter against Go on files over 2 GiB; the files are removed after. */
async function huge(o: Options, cacheDir: string, paths: RepoPaths): Promise<number> {
  const ts = new TsExporter(paths);
  const go = new GoExporter(paths);
  await ts.prepare();
  await go.prepare();
  const runstat = buildRunstat(cacheDir);
  const root = path.join(cacheDir, `huge-${process.pid}`);
  const statFile = path.join(os.tmpdir(), `sft-bench-${process.pid}.json`);
  const cleanUp = (): void => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(statFile, { force: true });
  };
  // Gigabytes are not left behind on Ctrl-C either.
  const onSignal = (sig: NodeJS.Signals): void => {
    cleanUp();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    process.stderr.write(`building the huge lakehouse in ${root} ...\n`);
    buildHugeLakehouse(root, o.hugeScale);
    const sizes = ['scored-runs', 'evidence'].map((k) => fs.statSync(path.join(root, 'data', k, '2026/03/01/huge.jsonl')).size);
    process.stderr.write(`  scored ${(sizes[0]! / 1e9).toFixed(2)} GB, evidence ${(sizes[1]! / 1e9).toFixed(2)} GB\n`);
    const runs = [ts, go].map((e) => {
      process.stderr.write(`  ${e.name}: exporting ...\n`);
      return { name: e.name, run: runHuge(runstat, e.program(), root, RECORDED_AT, statFile) };
    });
    const [t, g] = [runs[0]!.run, runs[1]!.run];
    const diffs = hugeDifferences(t, g);
    const lines = [
      `huge lakehouse: scored ${(sizes[0]! / 1e9).toFixed(2)} GB, evidence ${(sizes[1]! / 1e9).toFixed(2)} GB (longest line ${((LONGEST_LINE_MIB * o.hugeScale) / 1024).toFixed(2)} GiB)`,
      '',
      '| exporter | wall s | peak RSS MB | exit | stdout |',
      '| --- | ---: | ---: | ---: | --- |',
      ...runs.map(({ name, run }) => `| ${name} | ${fmt(run.wallS)} | ${fmt(run.maxRssMb, 0)} | ${run.exitCode} | ${run.stdout.toString().trim()} |`),
      '',
      `export: ${g.export}`,
      diffs.length === 0 ? 'ts and go: same stdout, stderr, exit code and export' : `ts and go DIFFER: ${diffs.join('; ')}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return diffs.length === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanUp();
  }
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const cacheDir = path.join(REPO, '.cache/bench');
  fs.mkdirSync(cacheDir, { recursive: true });
  if (o.huge) return huge(o, cacheDir, { repo: REPO, cache: path.join(REPO, '.cache') });
  const { root, bytes } = ensureLakehouse(cacheDir, o.sizeMb);
  const paths: RepoPaths = { repo: REPO, cache: path.join(REPO, '.cache') };
  const all = { ts: new TsExporter(paths), go: new GoExporter(paths), rust: new RustExporter(paths) };
  const names = o.exporters.length > 0 ? o.exporters : ['ts', 'go', ...(RustExporter.present(REPO) ? ['rust'] : [])];
  if (!names.includes('go')) throw new BenchUsageError('--exporters must include go: every ratio is against it');
  const exporters = names.map((n) => {
    const e = all[n as keyof typeof all];
    if (e === undefined) throw new BenchUsageError(`unknown exporter ${n} (ts, go, rust)`);
    return e;
  });
  for (const e of exporters) await e.prepare();
  const runstat = buildRunstat(cacheDir);
  const statFile = path.join(os.tmpdir(), `sft-bench-${process.pid}.json`);
  const exportFile = path.join(root, 'data/distilled/sft/sft_export.jsonl');
  const samples = new Map<string, Sample[]>(names.map((n) => [n, []]));
  const digests = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  try {
    for (let rep = 0; rep < o.reps; rep++) {
      // Alternate the order so no runtime always runs on a warm or cold cache.
      const order = rep % 2 === 0 ? exporters : [...exporters].reverse();
      for (const e of order) {
        fs.rmSync(path.join(root, 'data/distilled'), { recursive: true, force: true });
        const { sample, stdout } = measure(runstat, e.program(), root, statFile);
        samples.get(e.name)!.push(sample);
        digests.get(e.name)!.add(sha256File(exportFile) + ' ' + createHash('sha256').update(stdout).digest('hex'));
        process.stderr.write(`  ${e.name.padEnd(4)} run ${rep + 1}/${o.reps}: ${sample.wallS.toFixed(2)} s, ${sample.maxRssMb.toFixed(0)} MB\n`);
      }
    }
  } finally {
    fs.rmSync(statFile, { force: true });
    fs.rmSync(path.join(root, 'data/distilled'), { recursive: true, force: true });
  }
  const goDigest = [...digests.get('go')!];
  const identical = names.every((n) => {
    const d = [...digests.get(n)!];
    return d.length === 1 && d[0] === goDigest[0];
  });
  const goSamples = samples.get('go')!;
  const goWall = median(goSamples.map((s) => s.wallS));
  const goRss = median(goSamples.map((s) => s.maxRssMb));
  const rows: Row[] = exporters.map((e) => {
    const s = samples.get(e.name)!;
    const wallS = median(s.map((x) => x.wallS));
    const maxRssMb = median(s.map((x) => x.maxRssMb));
    return {
      exporter: e.name,
      version: e.describe().version,
      samples: s,
      wallS,
      mbPerS: bytes / 1e6 / wallS,
      maxRssMb,
      timeVsGo: wallS / goWall,
      rssVsGo: maxRssMb / goRss,
    };
  });
  const gate = o.rootMode ? null : gateThroughput(o.gateRuns, names, o.reps);
  const root_ = o.noRoot ? null : await rootMode(HARNESS, root, names);
  const ownS = rows.reduce((sum, r) => sum + r.wallS, 0);

  const lines = [
    `lakehouse: ${(bytes / 1e6).toFixed(0)} MB (${root}), ${o.reps} runs each, medians`,
    '',
    '| exporter | wall s | MB/s | peak RSS MB | time / go | RSS / go |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.exporter} | ${fmt(r.wallS)} | ${fmt(r.mbPerS, 0)} | ${fmt(r.maxRssMb, 0)} | ${fmt(r.timeVsGo)} | ${fmt(r.rssVsGo)} |`),
    '',
    `exports identical: ${identical ? 'yes' : 'NO'}`,
    gate === null
      ? 'gate: not measured'
      : `gate: npm run parity -- --runs ${gate.runs} (${names.join(', ')}): ${gate.cases} cases in ${gate.wallS.toFixed(1)} s (median of ${gate.samplesS.map((x) => x.toFixed(1)).join(', ')}) = ${gate.casesPerS.toFixed(0)} cases/s; scratch ${gate.scratch}${gate.generated !== undefined ? `; generated cases: ${gate.generated}` : ''}${gate.scheduling !== undefined ? `; scheduling: ${gate.scheduling}` : ''}`,
    ...(root_ === null
      ? ['gate --root: not measured (--no-root)']
      : [
          `gate --root (sandbox: ${root_.sandbox}), exit ${root_.gateExit}:`,
          `  wall ${root_.gateWallS.toFixed(1)} s; the exporters' own export times (medians above) sum to ${ownS.toFixed(1)} s: ${(root_.gateWallS / ownS).toFixed(2)} x, limit 1.25 x + 5 s = ${(1.25 * ownS + 5).toFixed(1)} s: ${root_.gateWallS <= 1.25 * ownS + 5 ? 'within' : 'OVER'}`,
          `  harness peak RSS ${root_.harnessPeakMb.toFixed(0)} MB (the gate ${root_.gatePeakMb.toFixed(0)} MB, its sandboxes ${root_.sandboxPeakMb.toFixed(0)} MB), limit 300 MB: ${root_.harnessPeakMb <= 300 ? 'within' : 'OVER'}`,
          `  lakehouse unchanged: ${root_.unchanged ? 'yes' : 'NO'}`,
        ]),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (o.json !== undefined) {
    fs.writeFileSync(o.json, JSON.stringify({ lakehouseBytes: bytes, reps: o.reps, rows, identical, gate, rootMode: root_ }, null, 2) + '\n');
  }
  return identical && (root_ === null || (root_.gateExit === 0 && root_.unchanged)) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof BenchUsageError ? 2 : 1;
  },
);
