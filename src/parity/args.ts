// The command line of sft-parity: its flag table (flags.ts makes the parser,
// --help and README.md's table of flags from it). Every flag, its default,
// and the checks that make a bad value a usage error (exit 2) rather than a
// surprise.
import os from 'node:os';
import { IGNORABLE_EFFECTS, type EffectName } from './compare/effects.js';
import { DEFAULT_RECORDED_AT } from './cases/case.js';
import { UsageError } from './core/errors.js';
import { helpLines, intValue, oneOfValue, parseFlags, secondsValue, type Flag } from './flags.js';
import { REPORTERS, type OutputOptions, type Reporter } from './report/publish.js';
import { DEFAULT_TIMEOUT_SECONDS } from './run/plan.js';
import { parseShard, type Shard } from './run/shard.js';

export const DEFAULT_RUNS = 400;
export const DEFAULT_SEED = 20261124;
/** Seeds are 32 bits (what the case seeds mix); a value outside cannot be reproduced as itself. */
export const MAX_SEED = 0xffffffff;

export interface Options extends OutputOptions {
  /** --exporters; undefined: the default set. */
  exporters: string[] | undefined;
  /** --exporter NAME=CMD, in order. */
  extra: string[];
  reference: string;
  runs: number;
  /** Whether --runs was given (with --root/--case, generated cases run only then). */
  runsGiven: boolean;
  seed: number;
  roots: string[];
  recordedAt: string;
  dryRun: boolean;
  includePartial: boolean;
  caseDirs: string[];
  golden: boolean;
  goldenDir: string | undefined;
  timeoutSeconds: number;
  /** --jobs; undefined: defaultJobs(). */
  jobs: number | undefined;
  known: string | undefined;
  /** --write-known FILE: today's divergences written as a known list. */
  writeKnown: string | undefined;
  /** --ignore EFFECT, repeatable: effects not compared. */
  ignore: EffectName[];
  shard: Shard | undefined;
  failuresDir: string | undefined;
  shrink: boolean;
  shrinkSeconds: number;
  /** --no-batch: one process per export for the built-ins too. */
  noBatch: boolean;
  /** --no-sandbox: run the exporters as they are, --root cases on a closed copy. */
  noSandbox: boolean;
  /** --no-realtime: the main thread is not put at SCHED_FIFO (core/schedule.ts; the CLI only). */
  noRealtime: boolean;
  /** --only patterns ('*' globs) on case ids. */
  only: string[];
  help: boolean;
}

/** The report flags, shared by a run and sft-parity merge. */
export const OUTPUT_FLAGS: readonly Flag<OutputOptions>[] = [
  {
    names: ['--json'],
    value: 'FILE',
    help: 'write the whole report as JSON, with the ranked causes\n(merge reads it)',
    readme: 'the whole report as JSON, with the ranked `causes` (below; byte values both made visible and base64; complete enough for `sft-parity merge` to rebuild the run\'s report from it; [docs/report-json.md](docs/report-json.md))',
    apply: (o, v) => void (o.json = v),
  },
  {
    names: ['--junit'],
    value: 'FILE',
    help: 'write JUnit XML (one testcase per case and exporter)',
    readme: 'JUnit XML: one testsuite per exporter, one testcase per case',
    apply: (o, v) => void (o.junit = v),
  },
  {
    names: ['--html'],
    value: 'FILE',
    help: 'write the report as one self-contained HTML page',
    readme: 'the report as one self-contained HTML page (below)',
    apply: (o, v) => void (o.html = v),
  },
  {
    names: ['--summary'],
    value: 'FILE',
    help: 'append a Markdown summary (default under GitHub\nActions: $GITHUB_STEP_SUMMARY)',
    readme: 'the Markdown job summary (or none), and with `--reporter github` GitHub workflow commands (one `::error` per cause); both automatic under GitHub Actions (see CI)',
    apply: (o, v) => void (o.summary = v),
  },
  {
    names: ['--no-summary'],
    help: 'no Markdown summary, not even under GitHub Actions',
    readme: null,
    apply: (o) => void (o.noSummary = true),
  },
  {
    names: ['--reporter'],
    value: 'NAME',
    help: 'text (the report, always printed) or github (also a\n::error workflow command per cause); repeatable;\ndefault: text, and github when GITHUB_ACTIONS=true',
    readme: null,
    apply: (o, v, flag) => void (o.reporters = [...(o.reporters ?? []), oneOfValue<Reporter>(flag, v, REPORTERS)]),
  },
  {
    names: ['--max-details'],
    value: 'N',
    help: 'causes explained in full per exporter, each by one case\nshrunk to a minimal input (default: 5)',
    readme: 'causes explained in full per exporter, each by one representative case shrunk to a minimal input (default 5)',
    apply: (o, v, flag) => void (o.maxDetails = intValue(flag, v, 0)),
  },
];

/** -h, --help of a command. */
export function helpFlag<O extends { help: boolean }>(readme: string): Flag<O> {
  return { names: ['-h', '--help'], help: 'this help', readme, apply: (o) => void (o.help = true) };
}

function seed(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > MAX_SEED) throw new UsageError(`--seed wants a whole number from 0 to ${MAX_SEED}, not ${JSON.stringify(v)}`);
  return Number(v);
}

function exporterList(v: string): string[] {
  const names = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--exporters needs at least one name');
  return names;
}

function ignored(o: Options, v: string, flag: string): void {
  const e = oneOfValue<EffectName>(flag, v, IGNORABLE_EFFECTS, v === 'run' ? ' (a crash or timeout is always compared)' : '');
  if (!o.ignore.includes(e)) o.ignore.push(e);
}

/** Every flag of a run, in --help order. */
export const RUN_FLAGS: readonly Flag<Options>[] = [
  {
    names: ['--exporters'],
    value: 'a,b',
    group: 'Exporters',
    help: 'exporters to run (default: ts, go, and rust when\nreference/rust exists, plus every --exporter)',
    readme: 'the exporters to run (default: `ts`, `go`, `rust` when `reference/rust` exists, and every `--exporter`)',
    apply: (o, v) => void (o.exporters = exporterList(v)),
  },
  {
    names: ['--exporter'],
    value: 'NAME=CMD',
    help: 'add a program honouring the exporter contract\n(docs/exporter-cli.md of sft-parity); CMD is a shell\ncommand line, the flags are appended (one process\nper export); repeatable',
    readme: 'add any program that honours the CLI contract; repeatable (below)',
    apply: (o, v) => void o.extra.push(v),
  },
  {
    names: ['--reference'],
    value: 'NAME',
    help: 'what the others are compared with (default: go)',
    readme: 'what the others are compared with (default `go`; always run)',
    apply: (o, v) => void (o.reference = v),
  },
  {
    names: ['--runs'],
    value: 'N',
    group: 'Cases (default: golden/cases, the built-in cases, and --runs generated ones)',
    help: `generated lakehouses (default: ${DEFAULT_RUNS}; 0 for none)`,
    readme: `generated lakehouses (default ${DEFAULT_RUNS}; \`0\` for none)`,
    apply: (o, v, flag) => {
      o.runs = intValue(flag, v, 0);
      o.runsGiven = true;
    },
  },
  {
    names: ['--seed'],
    value: 'S',
    help: `generator seed, 0 to ${MAX_SEED} (default: ${DEFAULT_SEED};\nprinted on every run)`,
    readme: `generator seed, 0 to ${MAX_SEED} (default ${DEFAULT_SEED}; a value outside is a usage error, exit 2). Case *i* is drawn from its own seed derived from (S, i), so any case regenerates alone`,
    apply: (o, v) => void (o.seed = seed(v)),
  },
  {
    names: ['--root'],
    value: 'DIR',
    help: 'a real lakehouse, copied to scratch, never modified;\nruns only the given --root/--case cases (add --runs N\nfor generated ones too); repeatable',
    readme:
      'a real lakehouse, run in place in the sandbox (below) and never modified; runs only the `--root`/`--case` cases unless `--runs` is also given; repeatable. A DIR without `data/scored-runs` gets a warning line in the header (the run is unchanged: Go exports nothing there and exits 0)',
    apply: (o, v) => void o.roots.push(v),
  },
  {
    names: ['--recorded-at'],
    value: 'TS',
    help: `--recorded-at for --root cases (default: ${DEFAULT_RECORDED_AT})`,
    readme: `options for the \`--root\` cases (default recorded-at \`${DEFAULT_RECORDED_AT}\`)`,
    apply: (o, v) => void (o.recordedAt = v),
  },
  { names: ['--dry-run'], help: '--root cases run with --dry-run', readme: null, apply: (o) => void (o.dryRun = true) },
  { names: ['--include-partial'], help: '--root cases run with --include-partial', readme: null, apply: (o) => void (o.includePartial = true) },
  {
    names: ['--case'],
    value: 'DIR',
    help: 'replay a case in the golden layout (a parity-failures/\ndirectory or golden/cases/NAME); repeatable',
    readme: 'replay a case in the golden layout (`parity-failures/NAME`, `golden/cases/NAME`); repeatable',
    apply: (o, v) => void o.caseDirs.push(v),
  },
  {
    names: ['--golden'],
    value: 'DIR',
    help: 'the golden corpus (default: golden/cases)',
    readme: 'another corpus, or none',
    apply: (o, v) => void (o.goldenDir = v),
  },
  { names: ['--no-golden'], help: 'leave the golden corpus out', readme: null, apply: (o) => void (o.golden = false) },
  {
    names: ['--timeout'],
    value: 'SECONDS',
    group: 'Running',
    help: `per export; the whole process tree is killed (default: ${DEFAULT_TIMEOUT_SECONDS})`,
    readme: `per export (default ${DEFAULT_TIMEOUT_SECONDS}); the exporter's whole process group is killed`,
    apply: (o, v, flag) => void (o.timeoutSeconds = secondsValue(flag, v)),
  },
  {
    names: ['--no-batch'],
    help: 'run the built-ins one process per export too (their\nCLI path; slower). Built-in cases always do.',
    readme: 'run the built-ins one process per export too (their CLI path; slower). The built-in cases always run that way',
    apply: (o) => void (o.noBatch = true),
  },
  {
    names: ['--no-sandbox'],
    help: 'run the exporters without the sandbox (which captures\nwrites outside the scratch space; see README); --root\ncases then run on a closed copy',
    readme: 'run the exporters as they are, without the sandbox (writes outside the scratch space are then not captured; `--root` cases run on a closed copy)',
    apply: (o) => void (o.noSandbox = true),
  },
  {
    names: ['--no-realtime'],
    help: "leave the harness's main thread at normal priority\n(by default it runs at SCHED_FIFO 1 where it may, its\nchildren as usual; runs with --root cases leave it)",
    readme: "leave the harness's main thread at normal priority. By default the CLI puts it at `SCHED_FIFO` 1 with reset on fork where it may (as root), so that an exporter it wakes never takes its core; the exporters and everything else it starts run as usual. Runs with `--root` cases always leave it",
    apply: (o) => void (o.noRealtime = true),
  },
  {
    names: ['--jobs'],
    value: 'N',
    help: 'cases in parallel (default: one more than the number\nof cores; with --root cases, the number of cores)',
    readme: 'cases in parallel (default: one more than the number of cores; with `--root` cases, the number of cores)',
    apply: (o, v, flag) => void (o.jobs = intValue(flag, v, 1)),
  },
  {
    names: ['--shard'],
    value: 'i/n',
    help: 'run only the i-th of n deterministic parts of the cases',
    readme: 'the i-th of n deterministic parts of the cases (for a CI matrix)',
    apply: (o, v) => void (o.shard = parseShard(v)),
  },
  {
    names: ['--only'],
    value: 'PATTERN',
    help: "run only cases whose id matches ('*' any text), like\ngolden/bom or generated/20261124/17; repeatable",
    readme: 'only cases whose id matches (`*` is any text): `golden/bom`, `generated/20261124/17`, `builtin/*`; repeatable',
    apply: (o, v) => void o.only.push(v),
  },
  {
    names: ['--ignore'],
    value: 'EFFECT',
    group: 'Results',
    help: "do not compare EFFECT (exit_code, stdout, stderr or\ntree; stderr for error texts not meant to match Go's);\nrepeatable",
    readme:
      'do not compare EFFECT (`exit_code`, `stdout`, `stderr` or `tree`; `stderr` for a team whose error texts are not meant to match Go\'s); repeatable; the header says so. `run` (a crash, a timeout) is always compared',
    apply: ignored,
  },
  {
    names: ['--known'],
    value: 'FILE',
    help: 'known divergences: lines of\n"CASE EXPORTER EFFECT [KIND [FIELD]]"',
    readme: 'known divergences, with the cause each is expected to have (below)',
    apply: (o, v) => void (o.known = v),
  },
  {
    names: ['--write-known'],
    value: 'FILE',
    help: 'write this run\'s divergences as a known list (one\nentry per case, exporter, effect and cause)',
    readme: 'write this run\'s divergences as a known list, one entry per case, exporter, effect and cause (below)',
    apply: (o, v) => void (o.writeKnown = v),
  },
  ...OUTPUT_FLAGS,
  {
    names: ['--failures'],
    value: 'DIR',
    help: 'where minimal failures go (default: parity-failures)',
    readme: 'where minimal failures go (default `parity-failures/`); it holds only the current run\'s',
    apply: (o, v) => void (o.failuresDir = v),
  },
  {
    names: ['--no-shrink'],
    help: 'do not shrink failures to minimal inputs',
    readme: 'skip shrinking, or change its budget per cause (default 10 s)',
    apply: (o) => void (o.shrink = false),
  },
  {
    names: ['--shrink-time'],
    value: 'SECONDS',
    help: 'time budget for shrinking, per cause (default: 10)',
    readme: null,
    apply: (o, v, flag) => void (o.shrinkSeconds = secondsValue(flag, v)),
  },
  helpFlag<Options>('this help (`sft-parity merge --help` for merge\'s)'),
];

export const USAGE = `usage: sft-parity [options]        (npm run parity -- [options])
       sft-parity merge A.json B.json … [options]   (one report from shards; merge --help)

Runs every case through every exporter and compares all effects (exit code,
stdout, stderr, the whole root tree) with the reference, byte for byte.
${helpLines(RUN_FLAGS)}
Exit codes: 0 all identical, 1 a divergence or a stale known entry,
2 usage or setup error (a missing toolchain, a failed build).
`;

/**
 * Cases in parallel when --jobs is not given. A generated or golden case's
 * exports take a few milliseconds each, and between two of them a slot waits
 * on the harness (reconciling, snapshots) and on the wake-ups of a request
 * and its answer: with a slot per core the cores were idle a tenth of the
 * time. One slot more gains a little, for the CPU of one more process per
 * exporter (2,000 cases on two cores, 18 alternating runs: 5.5 s of wall
 * time on average against 5.7, faster in 12; two slots more were no better
 * than one); the harness's main thread, which every slot waits on, is what
 * keeps the rest idle. A --root case's export is long and its memory grows
 * with the lakehouse: one per core.
 */
export function defaultJobs(roots: boolean): number {
  const cores = Math.max(1, os.availableParallelism());
  return roots ? cores : cores + 1;
}

export function defaultOutputs(): OutputOptions {
  return { json: undefined, junit: undefined, html: undefined, summary: undefined, noSummary: false, reporters: undefined, maxDetails: 5 };
}

export function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    exporters: undefined,
    extra: [],
    reference: 'go',
    runs: DEFAULT_RUNS,
    runsGiven: false,
    seed: DEFAULT_SEED,
    roots: [],
    recordedAt: DEFAULT_RECORDED_AT,
    dryRun: false,
    includePartial: false,
    caseDirs: [],
    golden: true,
    goldenDir: undefined,
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    jobs: undefined,
    known: undefined,
    ...defaultOutputs(),
    writeKnown: undefined,
    ignore: [],
    shard: undefined,
    failuresDir: undefined,
    shrink: true,
    shrinkSeconds: 10,
    noBatch: false,
    noSandbox: false,
    noRealtime: false,
    only: [],
    help: false,
  };
  return parseFlags(argv, RUN_FLAGS, o, () => false, (flag) => `unknown option ${JSON.stringify(flag)} (see --help)`);
}
