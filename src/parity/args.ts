// The command line of sft-parity. Every flag, its default, and the checks
// that make a bad value a usage error (exit 2) rather than a surprise.
import os from 'node:os';
import { IGNORABLE_EFFECTS, type EffectName } from './compare/effects.js';
import { DEFAULT_RECORDED_AT } from './cases/case.js';
import { UsageError } from './core/errors.js';
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
  jobs: number;
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
  /** --only patterns ('*' globs) on case ids. */
  only: string[];
  help: boolean;
}

/** The report flags, shared by a run and sft-parity merge. */
export const OUTPUT_USAGE = `  --json FILE              write the whole report as JSON, with the ranked causes
                           (merge reads it)
  --junit FILE             write JUnit XML (one testcase per case and exporter)
  --html FILE              write the report as one self-contained HTML page
  --summary FILE           append a Markdown summary (default under GitHub
                           Actions: $GITHUB_STEP_SUMMARY)
  --no-summary             no Markdown summary, not even under GitHub Actions
  --reporter NAME          text (the report, always printed) or github (also a
                           ::error workflow command per cause); repeatable;
                           default: text, and github when GITHUB_ACTIONS=true
  --max-details N          causes explained in full per exporter, each by one case
                           shrunk to a minimal input (default: 5)
`;

export const USAGE = `usage: sft-parity [options]        (npm run parity -- [options])
       sft-parity merge A.json B.json … [options]   (one report from shards; merge --help)

Runs every case through every exporter and compares all effects (exit code,
stdout, stderr, the whole root tree) with the reference, byte for byte.

Exporters
  --exporters a,b          exporters to run (default: ts, go, and rust when
                           reference/rust exists, plus every --exporter)
  --exporter NAME=CMD      add a program honouring the exporter contract
                           (docs/exporter-cli.md of sft-parity); CMD is a shell
                           command line, the flags are appended (one process
                           per export); repeatable
  --reference NAME         what the others are compared with (default: go)

Cases (default: golden/cases, the built-in cases, and --runs generated ones)
  --runs N                 generated lakehouses (default: ${DEFAULT_RUNS}; 0 for none)
  --seed S                 generator seed, 0 to ${MAX_SEED} (default: ${DEFAULT_SEED};
                           printed on every run)
  --root DIR               a real lakehouse, copied to scratch, never modified;
                           runs only the given --root/--case cases (add --runs N
                           for generated ones too); repeatable
  --recorded-at TS         --recorded-at for --root cases (default: ${DEFAULT_RECORDED_AT})
  --dry-run                --root cases run with --dry-run
  --include-partial        --root cases run with --include-partial
  --case DIR               replay a case in the golden layout (a parity-failures/
                           directory or golden/cases/NAME); repeatable
  --golden DIR             the golden corpus (default: golden/cases)
  --no-golden              leave the golden corpus out

Running
  --timeout SECONDS        per export; the whole process tree is killed (default: 60)
  --no-batch               run the built-ins one process per export too (their
                           CLI path; slower). Built-in cases always do.
  --no-sandbox             run the exporters without the sandbox (which captures
                           writes outside the scratch space; see README); --root
                           cases then run on a closed copy
  --jobs N                 cases in parallel (default: number of cores)
  --shard i/n              run only the i-th of n deterministic parts of the cases
  --only PATTERN           run only cases whose id matches ('*' any text), like
                           golden/bom or generated/20261124/17; repeatable

Results
  --ignore EFFECT          do not compare EFFECT (exit_code, stdout, stderr or
                           tree; stderr for error texts not meant to match Go's);
                           repeatable
  --known FILE             known divergences: lines of
                           "CASE EXPORTER EFFECT [KIND [FIELD]]"
  --write-known FILE       write this run's divergences as a known list (one
                           entry per case, exporter, effect and cause)
${OUTPUT_USAGE}  --failures DIR           where minimal failures go (default: parity-failures)
  --no-shrink              do not shrink failures to minimal inputs
  --shrink-time SECONDS    time budget for shrinking, per cause (default: 10)
  -h, --help               this help

Exit codes: 0 all identical, 1 a divergence or a stale known entry,
2 usage or setup error (a missing toolchain, a failed build).
`;

function int(flag: string, v: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} wants a whole number >= ${min}, not ${JSON.stringify(v)}`);
  return Number(v);
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) throw new UsageError(`${flag} wants a number of seconds > 0, not ${JSON.stringify(v)}`);
  return n;
}

function seed(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > MAX_SEED) throw new UsageError(`--seed wants a whole number from 0 to ${MAX_SEED}, not ${JSON.stringify(v)}`);
  return Number(v);
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
    jobs: Math.max(1, os.availableParallelism()),
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
    only: [],
    help: false,
  };
  for (const { flag, value } of flags(argv)) {
    switch (flag) {
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '--exporters':
        o.exporters = value()
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        if (o.exporters.length === 0) throw new UsageError('--exporters needs at least one name');
        break;
      case '--exporter':
        o.extra.push(value());
        break;
      case '--reference':
        o.reference = value();
        break;
      case '--runs':
        o.runs = int(flag, value(), 0);
        o.runsGiven = true;
        break;
      case '--seed':
        o.seed = seed(value());
        break;
      case '--root':
        o.roots.push(value());
        break;
      case '--recorded-at':
        o.recordedAt = value();
        break;
      case '--dry-run':
        o.dryRun = true;
        break;
      case '--include-partial':
        o.includePartial = true;
        break;
      case '--case':
        o.caseDirs.push(value());
        break;
      case '--golden':
        o.goldenDir = value();
        break;
      case '--no-golden':
        o.golden = false;
        break;
      case '--timeout':
        o.timeoutSeconds = positive(flag, value());
        break;
      case '--jobs':
        o.jobs = int(flag, value(), 1);
        break;
      case '--shard':
        o.shard = parseShard(value());
        break;
      case '--known':
        o.known = value();
        break;
      case '--write-known':
        o.writeKnown = value();
        break;
      case '--ignore': {
        const v = value();
        if (!(IGNORABLE_EFFECTS as readonly string[]).includes(v)) {
          throw new UsageError(`--ignore wants one of ${IGNORABLE_EFFECTS.join(', ')}, not ${JSON.stringify(v)}${v === 'run' ? ' (a crash or timeout is always compared)' : ''}`);
        }
        if (!o.ignore.includes(v as EffectName)) o.ignore.push(v as EffectName);
        break;
      }
      case '--failures':
        o.failuresDir = value();
        break;
      case '--no-shrink':
        o.shrink = false;
        break;
      case '--no-batch':
        o.noBatch = true;
        break;
      case '--no-sandbox':
        o.noSandbox = true;
        break;
      case '--shrink-time':
        o.shrinkSeconds = positive(flag, value());
        break;
      case '--only':
        o.only.push(value());
        break;
      default:
        if (!outputFlag(flag, value, o)) throw new UsageError(`unknown option ${JSON.stringify(flag)} (see --help)`);
    }
  }
  return o;
}

export function defaultOutputs(): OutputOptions {
  return { json: undefined, junit: undefined, html: undefined, summary: undefined, noSummary: false, reporters: undefined, maxDetails: 5 };
}

/** Handles one of the report flags (OUTPUT_USAGE); false when flag is not one. */
export function outputFlag(flag: string, value: () => string, o: OutputOptions): boolean {
  switch (flag) {
    case '--json':
      o.json = value();
      return true;
    case '--junit':
      o.junit = value();
      return true;
    case '--html':
      o.html = value();
      return true;
    case '--summary':
      o.summary = value();
      return true;
    case '--no-summary':
      o.noSummary = true;
      return true;
    case '--reporter': {
      const v = value();
      if (!(REPORTERS as readonly string[]).includes(v)) throw new UsageError(`--reporter wants one of ${REPORTERS.join(', ')}, not ${JSON.stringify(v)}`);
      o.reporters = [...(o.reporters ?? []), v as Reporter];
      return true;
    }
    case '--max-details':
      o.maxDetails = int(flag, value(), 0);
      return true;
    default:
      return false;
  }
}

/**
 * The words of a command line as flags, each with its value on demand: the
 * rest of --flag=value, or else the next word. A flag given an inline
 * value it did not ask for is a usage error.
 */
export function* flags(argv: readonly string[]): Generator<{ flag: string; value: () => string }> {
  const args = [...argv];
  while (args.length > 0) {
    let flag = args.shift() as string;
    let inline: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      inline = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    let asked = false;
    const value = (): string => {
      asked = true;
      if (inline !== undefined) return inline;
      const v = args.shift();
      if (v === undefined) throw new UsageError(`${flag} needs a value (see --help)`);
      return v;
    };
    yield { flag, value };
    if (inline !== undefined && !asked) throw new UsageError(`${flag} takes no value`);
  }
}
