// The harness's scratch space: one directory holding a directory per job slot
// and a TMPDIR for the exporters, on a memory file system where there is one
// (see scratchPlace). It is removed at the end of the run, also when the run
// fails or is interrupted (Ctrl-C, SIGTERM), after every child process group
// has been killed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllGroups } from '../core/process.js';
import { SetupError } from '../core/errors.js';
import { removeTree } from '../tree/remove.js';
import { timesShowEveryChange } from '../tree/seen.js';

/** The memory file system most Linux systems mount. */
export const MEMORY_DIR = '/dev/shm';

/** Below this much free space a memory file system is not used (the cases' trees and exports live there). */
export const MEMORY_MIN_FREE = 1 << 30;

/** tmpfs's f_type (linux/magic.h TMPFS_MAGIC). */
const TMPFS_MAGIC = 0x01021994;

/** Where the scratch space is made, and why there (the run's header says it). */
export interface ScratchPlace {
  parent: string;
  memory: boolean;
  why: string;
}

export interface ScratchWants {
  /** The run has --root cases: their exports are as large as the lakehouse, too large for memory. */
  large: boolean;
}

/**
 * Every case writes a tree, three exporters export it, the harness reads it
 * back: on a disk file system most of a generated case's time is spent in
 * mkdir, open and unlink, on a memory one little. So the scratch space goes
 * to /dev/shm when it is a writable tmpfs with room, unless the user chose a
 * place (TMPDIR) or the cases are lakehouses.
 */
export function scratchPlace(wants: ScratchWants, env: NodeJS.ProcessEnv = process.env): ScratchPlace {
  const tmp = os.tmpdir();
  if ((env['TMPDIR'] ?? '') !== '') return { parent: tmp, memory: false, why: 'TMPDIR' };
  if (wants.large) return { parent: tmp, memory: false, why: 'the temp dir: --root exports are as large as the lakehouse' };
  const memory = memoryDir();
  if (memory !== undefined) return { parent: memory, memory: true, why: 'a memory file system' };
  return { parent: tmp, memory: false, why: `the temp dir (no writable tmpfs at ${MEMORY_DIR} with ${MEMORY_MIN_FREE >> 30} GiB free)` };
}

function memoryDir(): string | undefined {
  try {
    const st = fs.statfsSync(MEMORY_DIR);
    if (st.type !== TMPFS_MAGIC || st.bavail * st.bsize < MEMORY_MIN_FREE) return undefined;
    fs.accessSync(MEMORY_DIR, fs.constants.W_OK | fs.constants.X_OK);
    return MEMORY_DIR;
  } catch {
    return undefined;
  }
}

export class Scratch {
  /** Where it is and why (for the run's header). */
  readonly place: ScratchPlace;
  readonly dir: string;
  readonly tmpDir: string;
  /** Where slots move directories they no longer need (removed with the rest). */
  readonly trashDir: string;
  /** Timestamps here show every change (tree/seen.ts): snapshots read again only what changed. */
  readonly trustTimes: boolean;
  private removed = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.remove();
    process.stderr.write(`\nsft-parity: interrupted by ${signal}; scratch space removed\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  private readonly onExit = (): void => this.remove();

  constructor(wants: ScratchWants = { large: false }) {
    this.place = scratchPlace(wants);
    try {
      this.dir = fs.mkdtempSync(path.join(this.place.parent, 'sft-parity-'));
    } catch (err) {
      throw new SetupError(`cannot create scratch space in ${this.place.parent} (${this.place.why}): ${(err as Error).message} (set TMPDIR to a writable directory)`);
    }
    // Results contain this path, escaped as JSON; keep it plain so that
    // reports and the golden placeholder stay exact.
    if (!/^[A-Za-z0-9/_.-]+$/.test(this.dir)) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      throw new SetupError(`the temp dir path ${this.dir} has characters JSON would escape; set TMPDIR to a plain path like /tmp`);
    }
    fs.chmodSync(this.dir, 0o755);
    this.tmpDir = path.join(this.dir, 'tmp');
    fs.mkdirSync(this.tmpDir);
    this.trashDir = path.join(this.dir, 'trash');
    this.trustTimes = timesShowEveryChange(this.dir);
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    process.on('SIGHUP', this.onSignal);
    process.on('exit', this.onExit);
  }

  /** One line for the run's header: where the exports run. */
  get summary(): string {
    return `${this.dir} (${this.place.why}${this.trustTimes ? '; multigrain timestamps: snapshots reread only what changed' : ''})`;
  }

  /** A fresh directory for job slot i (mode 0755, as golden scratch dirs). */
  slotDir(i: number): string {
    const d = path.join(this.dir, `slot-${i}`);
    fs.mkdirSync(d, { recursive: true, mode: 0o755 });
    fs.chmodSync(d, 0o755);
    return d;
  }

  /** A new, empty directory (mode 0755) named after `prefix`. */
  freshDir(prefix: string): string {
    return fs.mkdtempSync(path.join(this.dir, `${prefix}-`));
  }

  /** Kills the exporters' process groups and removes everything. Idempotent. */
  remove(): void {
    if (this.removed) return;
    this.removed = true;
    killAllGroups();
    removeTree(this.dir);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('SIGHUP', this.onSignal);
    process.off('exit', this.onExit);
  }
}

