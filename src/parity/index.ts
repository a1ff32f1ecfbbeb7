// `sft-parity/parity`: the parity gate as a library. runParity runs what
// `sft-parity` runs, with the same defaults and checks (the options become
// the command line's flags), and returns the report that --json writes.
import { parseArgs } from './args.js';
import { runGate, type ReportStream } from './harness.js';
import { reportJson, type ParityReport } from './report/json.js';

export { SetupError, UsageError } from './core/errors.js';
export type { ReportStream } from './harness.js';
export type { ExporterInfo, ExporterKind } from './exporters/types.js';
export type { CauseId, CauseKind } from './compare/causes.js';
export { CAUSE_KINDS } from './compare/causes.js';
export type {
  BytesJson,
  CaseOriginJson,
  CauseJson,
  CaseResultJson,
  EffectDiffJson,
  EndingJson,
  ExporterResultJson,
  KnownEntryJson,
  ParityReport,
  ResultCauseJson,
  ShrunkJson,
  TreeChangeJson,
  TreeEntryJson,
} from './report/json.js';

/** A run of the gate; each option is the `sft-parity` flag of the same name (`sft-parity --help`). */
export interface ParityOptions {
  /** --exporters: the exporters to run (default: ts, go, rust, and every exporterCommands entry). */
  exporters?: readonly string[];
  /** --exporter NAME=CMD for each entry: programs honouring docs/exporter-cli.md, as shell command lines. */
  exporterCommands?: Readonly<Record<string, string>>;
  /** --reference (default: go). */
  reference?: string;
  /** --runs: generated lakehouses (default 400). */
  runs?: number;
  /** --seed (default 20261124). */
  seed?: number;
  /** --root: real lakehouses, copied to scratch and never modified. */
  roots?: readonly string[];
  /** --recorded-at, --dry-run, --include-partial for the roots. */
  recordedAt?: string;
  dryRun?: boolean;
  includePartial?: boolean;
  /** --case: case directories in the golden layout. */
  cases?: readonly string[];
  /** false: --no-golden; a directory: --golden DIR; default: the package's corpus. */
  golden?: boolean | string;
  /** --only: case id patterns ('*' is any text). */
  only?: readonly string[];
  /** --shard "i/n". */
  shard?: string;
  /** --timeout per export, in seconds (default 60). */
  timeoutSeconds?: number;
  /** --jobs (default: one more than the number of cores; with roots, the number of cores). */
  jobs?: number;
  /** false: --no-batch. */
  batch?: boolean;
  /** --known FILE. */
  known?: string;
  /** --write-known FILE: this run's divergences written as a known list. */
  writeKnown?: string;
  /** --ignore EFFECT for each: effects not compared (exit_code, stdout, stderr, tree). */
  ignore?: readonly string[];
  /** --failures DIR (default: parity-failures in the working directory). */
  failuresDir?: string;
  /** false: --no-shrink. */
  shrink?: boolean;
  /** --shrink-time, in seconds. */
  shrinkSeconds?: number;
  /** --json FILE, --junit FILE: also write these reports. */
  json?: string;
  junit?: string;
  /** Where the text report goes (as on the command line); default: nowhere. */
  output?: ReportStream;
  /** --max-details for the text report. */
  maxDetails?: number;
}

/** The command-line flags for options, so that a library run is exactly a command-line run. */
export function parityArgs(o: ParityOptions): string[] {
  const args: string[] = [];
  const flag = (name: string, value: string | number | undefined): void => {
    if (value !== undefined) args.push(name, String(value));
  };
  const each = (name: string, values: readonly string[] | undefined): void => values?.forEach((v) => flag(name, v));
  if (o.exporters !== undefined) flag('--exporters', o.exporters.join(','));
  for (const [name, cmd] of Object.entries(o.exporterCommands ?? {})) flag('--exporter', `${name}=${cmd}`);
  flag('--reference', o.reference);
  flag('--runs', o.runs);
  flag('--seed', o.seed);
  each('--root', o.roots);
  flag('--recorded-at', o.recordedAt);
  if (o.dryRun === true) args.push('--dry-run');
  if (o.includePartial === true) args.push('--include-partial');
  each('--case', o.cases);
  if (o.golden === false) args.push('--no-golden');
  if (typeof o.golden === 'string') flag('--golden', o.golden);
  each('--only', o.only);
  flag('--shard', o.shard);
  flag('--timeout', o.timeoutSeconds);
  flag('--jobs', o.jobs);
  if (o.batch === false) args.push('--no-batch');
  flag('--known', o.known);
  flag('--write-known', o.writeKnown);
  each('--ignore', o.ignore);
  flag('--failures', o.failuresDir);
  if (o.shrink === false) args.push('--no-shrink');
  flag('--shrink-time', o.shrinkSeconds);
  flag('--json', o.json);
  flag('--junit', o.junit);
  flag('--max-details', o.maxDetails);
  return args;
}

/**
 * Runs the gate. Resolves to the report (exit_code 0: every exporter
 * identical to the reference; 1: a divergence or a stale known entry).
 * Rejects with UsageError for bad options and SetupError when the run cannot
 * start (a missing toolchain, a failed build, an exporter that cannot run):
 * the command line's exit code 2. Like the command line, a run removes its
 * scratch space on SIGINT/SIGTERM and exits the process.
 */
export async function runParity(options: ParityOptions = {}): Promise<ParityReport> {
  return reportJson(await runGate(parseArgs(parityArgs(options)), options.output));
}
