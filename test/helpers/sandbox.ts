// Whether the sandbox tests can run here: they need Linux with util-linux
// and mount (and, as another user than root, user) namespaces. They skip
// with a message where it cannot be made, but never when CI is set: CI runs
// as root and must run the sandboxed mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './toolchains.js';
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

let nobodyCached: string | undefined;

/**
 * Why the tests cannot run the exporters and the harness as the unprivileged
 * user nobody here, or '' when they can: that takes root, runuser, and a
 * checkout nobody can reach (a clone inside a 0700 directory, as mktemp -d
 * makes, is not).
 */
export function nobodyProblem(): string {
  if (nobodyCached !== undefined) return nobodyCached;
  const bin = path.join(REPO_ROOT, 'bin/export-sft');
  if (process.getuid?.() !== 0) nobodyCached = 'they need root (to switch to nobody with runuser)';
  else if (!fs.existsSync('/usr/sbin/runuser') && !fs.existsSync('/sbin/runuser')) nobodyCached = 'runuser (util-linux) is not installed';
  else if (spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-x', bin]).status !== 0) {
    nobodyCached = `nobody cannot reach ${bin}: a directory above the checkout is not searchable by others (clone where others can traverse, e.g. not inside a mktemp -d directory)`;
  } else nobodyCached = '';
  return nobodyCached;
}

/** True when the tests can also run as an unprivileged user; says why not otherwise; throws under CI. */
export function requireNobody(what: string): boolean {
  const problem = nobodyProblem();
  if (problem === '') return true;
  if (process.env['CI']) throw new Error(`${what}: CI must run them as an unprivileged user too, but ${problem}`);
  console.warn(`SKIPPED ${what}: ${problem}`);
  return false;
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
