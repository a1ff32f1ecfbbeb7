// The harness's scratch space: one directory in the OS temp dir holding a
// directory per job slot and a TMPDIR for the exporters. It is removed at the
// end of the run, also when the run fails or is interrupted (Ctrl-C, SIGTERM),
// after every child process group has been killed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killAllGroups } from '../core/process.js';
import { SetupError } from '../core/errors.js';
import { removeTree } from '../tree/remove.js';

export class Scratch {
  readonly dir: string;
  readonly tmpDir: string;
  /** Where slots move directories they no longer need (removed with the rest). */
  readonly trashDir: string;
  private removed = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.remove();
    process.stderr.write(`\nsft-parity: interrupted by ${signal}; scratch space removed\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  private readonly onExit = (): void => this.remove();

  constructor() {
    try {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-parity-'));
    } catch (err) {
      throw new SetupError(`cannot create scratch space in the temp dir ${os.tmpdir()}: ${(err as Error).message} (set TMPDIR to a writable directory)`);
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
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    process.on('SIGHUP', this.onSignal);
    process.on('exit', this.onExit);
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

