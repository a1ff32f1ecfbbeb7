// The two ways to run an export: a long-lived --batch process (built-ins),
// or one process per export (any program honouring the CLI contract, and the
// built-ins too when the request needs what batch cannot say: no --root, or
// the root from LH_DISTILL_ROOT).
import { BatchSession } from './batch.js';
import { runProcess, type ProcessResult } from '../core/process.js';
import { cliArgs, exporterEnv, jailed, type EnvChanges, type ExportRequest, type ExporterSession, type Slot } from './types.js';

/** A command line: the program and the arguments before the contract's flags. */
export interface Command {
  file: string;
  args: readonly string[];
  /** What the adapter changes in its processes' environment (undefined: removed); see exporterEnv. */
  env?: EnvChanges;
}

/** One process per export: `file args... --root R --recorded-at T [...]`. */
export class ProcessSession implements ExporterSession {
  constructor(
    private readonly cmd: Command,
    private readonly slot: Slot,
  ) {}

  async run(req: ExportRequest, timeoutMs: number): Promise<ProcessResult> {
    const cmd = await jailed(this.slot.jail, this.cmd.file, [...this.cmd.args, ...cliArgs(req)], req.cwd);
    return runProcess(cmd.file, cmd.args, { cwd: req.cwd, env: exporterEnv(req, this.slot.tmpDir, this.cmd.env), timeoutMs });
  }

  async close(): Promise<void> {}
}

/** Batch when the request fits the batch protocol, one process otherwise. */
export class BatchOrProcessSession implements ExporterSession {
  private readonly batch: BatchSession;
  private readonly single: ProcessSession;

  constructor(cmd: Command, slot: Slot) {
    this.batch = new BatchSession({ file: cmd.file, args: cmd.args, cwd: slot.dir, env: exporterEnv({ envRoot: undefined }, slot.tmpDir, cmd.env), jail: slot.jail });
    this.single = new ProcessSession(cmd, slot);
  }

  /** Whether req goes to the --batch process (else to a process of its own). */
  private batched(req: ExportRequest): req is ExportRequest & { root: string } {
    return !req.ownProcess && req.root !== undefined && req.envRoot === undefined;
  }

  run(req: ExportRequest, timeoutMs: number): Promise<ProcessResult> {
    if (!this.batched(req)) return this.single.run(req, timeoutMs);
    return this.batch.run(
      { root: req.root, recorded_at: req.recordedAt, dry_run: req.dryRun, include_partial: req.includePartial },
      timeoutMs,
    );
  }

  warm(req: ExportRequest): void {
    if (this.batched(req)) this.batch.warm();
  }

  close(): Promise<void> {
    return this.batch.close();
  }
}
