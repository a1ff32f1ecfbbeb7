// One case through one exporter, its effects captured: the harness's own
// machinery (scratch space, job slots, sandbox, snapshot, umask) for those
// that need a case's effects without a comparison: `npm run golden` (the Go
// reference writes expected/) and the golden test (the exporter under test
// against them). Cases run in parallel up to `jobs`, each in a free slot.
import fs from 'node:fs';
import type { ParityCase } from '../cases/case.js';
import { effectFiles, exportPath, type EffectFiles } from '../cases/expected.js';
import { describeEnding, describeOutside, type Effects } from '../compare/effects.js';
import type { Exporter } from '../exporters/types.js';
import { Sandboxes } from '../sandbox/pool.js';
import { formatManifest } from '../tree/snapshot.js';
import { Lakehouses } from './lakehouse.js';
import { Runner, useExportUmask } from './runner.js';
import { Scratch } from './scratch.js';

/** The exporter did not exit (it was killed, timed out, could not start), or wrote outside the root. */
export class CaseRunError extends Error {
  override name = 'CaseRunError';
}

export interface CaseRun {
  effects: Effects;
  /** The root path stdout and stderr may contain. */
  rootPath: string;
  /** The effects as golden expected/ files, the root path still in them. */
  files: EffectFiles;
}

/** The export at the path the exporter was told, following symlinks as it did; undefined when there is none. */
function readExport(p: string | undefined): Buffer | undefined {
  if (p === undefined) return undefined;
  try {
    return fs.statSync(p).isFile() ? fs.readFileSync(p) : undefined;
  } catch {
    return undefined;
  }
}

/** The golden effect files of one run: exit code, stdout, stderr, the tree's manifest, and the export if given. */
export function runEffectFiles(e: Effects, exported: Buffer | undefined): EffectFiles {
  return effectFiles({
    stdout: e.stdout,
    stderr: e.stderr,
    exitCode: e.ending.kind === 'exited' ? e.ending.code : e.ending.kind,
    tree: Buffer.from(formatManifest(e.tree)),
    export: exported,
  });
}

export class CaseRunner {
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  private constructor(
    private readonly runner: Runner,
    private readonly scratch: Scratch,
    private readonly sandboxes: Sandboxes,
    readonly exporter: Exporter,
    private readonly restoreUmask: () => void,
  ) {
    this.free = Array.from({ length: runner.jobs }, (_, i) => i);
  }

  /** A runner of `exporter` in `jobs` slots, sandboxed where a sandbox can be made. */
  static async open(exporter: Exporter, jobs: number, timeoutMs = 60_000): Promise<CaseRunner> {
    const restoreUmask = useExportUmask();
    const scratch = new Scratch();
    try {
      const sandboxes = await Sandboxes.open(jobs, (i) => scratch.freshDir(`sandbox-${i}`), [scratch.dir], false);
      await exporter.prepare({ dir: scratch.freshDir('prepare'), tmpDir: scratch.tmpDir, timeoutMs, ...(sandboxes.forSlot(0) ? { jail: sandboxes.forSlot(0) } : {}) });
      const lakehouses = new Lakehouses(scratch.dir, sandboxes.state.kind);
      const runner = new Runner({ exporters: [exporter], reference: exporter.name, jobs, timeoutMs, scratch, sandboxes, lakehouses });
      return new CaseRunner(runner, scratch, sandboxes, exporter, restoreUmask);
    } catch (err) {
      scratch.remove();
      restoreUmask();
      throw err;
    }
  }

  private async slot(): Promise<number> {
    const s = this.free.pop();
    if (s !== undefined) return s;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: number): void {
    const w = this.waiting.shift();
    if (w) w(slot);
    else this.free.push(slot);
  }

  /** Runs the case; throws CaseRunError when the exporter did not simply exit, or wrote outside the root. */
  async run(c: ParityCase): Promise<CaseRun> {
    const slot = await this.slot();
    try {
      const { effects, rootPath } = await this.runner.effectsOf(slot, c);
      const e = effects.get(this.exporter.name);
      if (!e) throw new CaseRunError(`${c.id}: ${this.exporter.name} did not run`);
      const wrong = describeEnding(e.ending, this.exporter.name) ?? describeOutside(e, this.exporter.name);
      if (wrong) throw new CaseRunError(`${c.id}: ${wrong}${e.stderr.length > 0 ? `; stderr: ${e.stderr.toString('utf8').trim().slice(0, 500)}` : ''}`);
      // Read now: the slot holds this run's tree until its next case.
      const files = runEffectFiles(e, readExport(exportPath(c.root, rootPath, this.runner.slotDir(slot))));
      return { effects: e, rootPath, files };
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    try {
      await this.runner.close();
    } finally {
      this.sandboxes.close();
      this.scratch.remove();
      this.restoreUmask();
    }
  }
}
