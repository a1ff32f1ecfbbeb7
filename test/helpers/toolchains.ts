// Where the reference toolchains and binaries are, and the one rule for tests
// that need them: skip with a visible message when the toolchain is absent,
// but never when CI is set (then the test fails instead).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GO_MODULE_DIR = path.join(REPO_ROOT, 'reference/go');
export const GO_BIN_DIR = path.join(GO_MODULE_DIR, 'bin');
export const GO_EXPORTER = path.join(GO_BIN_DIR, 'export-sft');

function hasCommand(cmd: string): boolean {
  return spawnSync(cmd, ['version'], { stdio: 'ignore' }).status === 0;
}

let goCache: boolean | undefined;
export function goAvailable(): boolean {
  goCache ??= hasCommand('go');
  return goCache;
}

/**
 * True when the Go-dependent tests should run. Prints why when they don't;
 * throws when CI is set, because CI must never skip them.
 */
export function requireGo(what: string): boolean {
  if (goAvailable()) return true;
  if (process.env['CI']) {
    throw new Error(`${what}: the Go toolchain is required in CI but 'go' is not on PATH`);
  }
  console.warn(`SKIPPED ${what}: 'go' is not on PATH (install Go >= 1.22 to run it)`);
  return false;
}

let pythonCache: string | null | undefined;

/**
 * The Python 3 interpreter for tests that run a Python program (its real
 * executable, not a version manager's shim, which costs a process per call),
 * or undefined when there is none: then the test skips with a message, or
 * fails when CI is set.
 */
export function requirePython(what: string): string | undefined {
  if (pythonCache === undefined) {
    const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable if sys.version_info >= (3, 8) else "")'], { encoding: 'utf8' });
    pythonCache = r.status === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : null;
  }
  if (pythonCache !== null) return pythonCache;
  if (process.env['CI']) throw new Error(`${what}: Python >= 3.8 is required in CI but 'python3' is not on PATH`);
  console.warn(`SKIPPED ${what}: 'python3' (>= 3.8) is not on PATH`);
  return undefined;
}
