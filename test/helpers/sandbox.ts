// Whether the sandbox tests can run here: they need Linux with util-linux
// and mount (and, as another user than root, user) namespaces. They skip
// with a message where it cannot be made, but never when CI is set: CI runs
// as root and must run the sandboxed mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeTree } from '../../src/parity/tree/remove.js';
import { Sandboxes } from '../../src/parity/sandbox/pool.js';

let cached: string | undefined;

/** Why no sandbox can be made here, or '' when it can. */
export async function sandboxProblem(): Promise<string> {
  if (cached !== undefined) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-probe-'));
  try {
    const s = await Sandboxes.open(1, () => path.join(dir, 'state'), [dir], false);
    s.close();
    cached = s.state.kind === undefined ? s.state.summary : '';
  } finally {
    removeTree(dir);
  }
  return cached;
}

/** True when the sandbox tests should run; says why not otherwise; throws under CI. */
export async function requireSandbox(what: string): Promise<boolean> {
  const problem = await sandboxProblem();
  if (problem === '') return true;
  if (process.env['CI']) throw new Error(`${what}: CI must run the sandboxed mode, but: ${problem}`);
  console.warn(`SKIPPED ${what}: no sandbox here: ${problem}`);
  return false;
}

/** True when the tests can also run the harness as an unprivileged user (root with runuser). */
export function canRunAsNobody(): boolean {
  return process.getuid?.() === 0 && (fs.existsSync('/usr/sbin/runuser') || fs.existsSync('/sbin/runuser'));
}

/**
 * Whether /dev/shm is a tmpfs with 1 GiB free, seen independently of
 * src/parity/run/scratch.ts (which decides the same thing for the harness),
 * so the scratch tests know which place to expect.
 */
export function memoryFsHere(): boolean {
  try {
    const shm = fs.statfsSync('/dev/shm');
    return shm.type === 0x01021994 && shm.bavail * shm.bsize >= 1 << 30;
  } catch {
    return false;
  }
}
