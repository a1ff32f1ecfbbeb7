// The one small interface every exporter is seen through: prepare (build,
// cached), describe (name, version), and open a session per job slot that
// runs one export at a time.
import type { ProcessResult } from '../core/process.js';

/** One export, as docs/exporter-cli.md's flags describe it. */
export interface ExportRequest {
  /** Working directory of the exporter: the slot's scratch directory. */
  cwd: string;
  /** --root value; undefined: no --root flag. */
  root: string | undefined;
  /** LH_DISTILL_ROOT; undefined: unset. */
  envRoot: string | undefined;
  recordedAt: string;
  dryRun: boolean;
  includePartial: boolean;
  /** Run as its own process even where the exporter has --batch (exercises the CLI path). */
  ownProcess?: boolean;
}

/**
 * What an exporter is: one the package builds (ts, go, rust), a command given
 * with --exporter NAME=CMD (a replay has to define it again), or a program at
 * a known path (npm run golden, the golden test).
 */
export type ExporterKind = 'builtin' | 'external' | 'program';

export const EXPORTER_KINDS: readonly ExporterKind[] = ['builtin', 'external', 'program'];

export interface ExporterInfo {
  name: string;
  kind: ExporterKind;
  /** A built-in's toolchain and build identity, e.g. "go1.26.8, sources 3f2a9c1b"; otherwise what kind of program it is. */
  version: string;
  /** What runs, for the report and for replaying by hand. */
  command: string;
}

/** Runs exports one at a time in one job slot. */
export interface ExporterSession {
  run(req: ExportRequest, timeoutMs: number): Promise<ProcessResult>;
  /** Starts ahead what running req would start (a --batch process), so that it is ready when req's turn comes. */
  warm?(req: ExportRequest): void;
  close(): Promise<void>;
}

/**
 * Where a slot's exporters run when the harness sandboxes them
 * (src/parity/sandbox): a view of the file system whose writes outside the
 * scratch space are captured, entered by wrapping the command.
 */
export interface Jail {
  /** Builds the view unless it exists; throws SetupError when it cannot. */
  ready(): Promise<void>;
  /** The argv that runs file with args inside the view, in cwd. */
  command(file: string, args: readonly string[], cwd: string): { file: string; args: string[] };
  /** Changes when the view is rebuilt: a process started in an older one must start again. */
  readonly generation: number;
}

/** Runs file with args in cwd inside the jail when there is one. */
export async function jailed(jail: Jail | undefined, file: string, args: readonly string[], cwd: string): Promise<{ file: string; args: readonly string[] }> {
  if (!jail) return { file, args };
  await jail.ready();
  return jail.command(file, args, cwd);
}

/** Where one job slot runs its exports. */
export interface Slot {
  /** The slot's scratch directory: every export's cwd, snapshotted after each run. */
  dir: string;
  /** TMPDIR for the exporters, inside the harness's scratch space. */
  tmpDir: string;
  /** The sandbox the slot's exporters run in, if any. */
  jail?: Jail;
}

/** What an exporter's prepare step may use for a trial run. */
export interface PrepareContext {
  /** A fresh directory inside the harness's scratch space (removed with it, also on Ctrl-C). */
  dir: string;
  /** TMPDIR for a trial run. */
  tmpDir: string;
  /** The run's per-export timeout; a trial run takes at most this long. */
  timeoutMs: number;
  /** The sandbox a trial run happens in, if the run has one. */
  jail?: Jail;
}

export interface Exporter {
  readonly name: string;
  /**
   * 'quick' when prepare builds nothing: such exporters are prepared first,
   * so that a command that cannot run is reported before minutes of builds.
   */
  readonly prepareCost: 'quick' | 'build';
  /**
   * Builds (or finds in the cache) what it runs, and makes sure it can be
   * started. Throws SetupError with a fix.
   */
  prepare(ctx: PrepareContext): Promise<void>;
  describe(): ExporterInfo;
  /** A session for one job slot. */
  open(slot: Slot): ExporterSession;
}

/** The CLI flags for a request (docs/exporter-cli.md, one export per process). */
export function cliArgs(req: ExportRequest): string[] {
  const args: string[] = [];
  if (req.root !== undefined) args.push('--root', req.root);
  args.push('--recorded-at', req.recordedAt);
  if (req.dryRun) args.push('--dry-run');
  if (req.includePartial) args.push('--include-partial');
  return args;
}

/** Variables an adapter sets (a string) or removes (undefined) for the runtime it starts. */
export type EnvChanges = Readonly<Record<string, string | undefined>>;

/**
 * The environment of an exporter: the harness's, with LH_DISTILL_ROOT as the
 * request says, TMPDIR in the scratch space, and the adapter's own changes.
 */
export function exporterEnv(req: Pick<ExportRequest, 'envRoot'>, tmpDir: string, changes: EnvChanges = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmpDir };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  delete env['LH_DISTILL_ROOT'];
  if (req.envRoot !== undefined) env['LH_DISTILL_ROOT'] = req.envRoot;
  return env;
}
