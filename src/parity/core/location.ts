// Where the harness runs from, and what follows from it. sft-parity runs
// either from a development checkout (`npm run parity` in a clone) or from
// the package installed into another project (`npx sft-parity`). Installed,
// the package directory is someone else's dependency and may be read-only:
// builds of the references go to the user's cache directory, never into the
// package, and commands printed for replaying use `npx sft-parity`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupError } from './errors.js';

function isSftParityPackage(dir: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === 'sft-parity';
  } catch {
    return false;
  }
}

let found: string | undefined;

/** The sft-parity package directory: the nearest one above this file whose package.json is sft-parity's. */
export function packageDir(): string {
  if (found !== undefined) return found;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (isSftParityPackage(dir)) return (found = dir);
    if (path.dirname(dir) === dir) throw new SetupError('cannot find the sft-parity package (its package.json) above the harness');
  }
}

/** True when the package was installed by npm (it lies below a node_modules directory). */
export function isInstalled(dir: string = packageDir()): boolean {
  return fs.realpathSync(dir).split(path.sep).includes('node_modules');
}

/**
 * Where the built references are cached: SFT_PARITY_CACHE when set; in a
 * checkout its .cache/ (CI caches it); installed, the user's cache
 * directory ($XDG_CACHE_HOME/sft-parity, or ~/.cache/sft-parity).
 */
export function cacheDir(dir: string = packageDir()): string {
  const override = process.env['SFT_PARITY_CACHE'];
  if (override !== undefined && override !== '') return path.resolve(override);
  if (!isInstalled(dir)) return path.join(dir, '.cache');
  const xdg = process.env['XDG_CACHE_HOME'];
  return path.join(xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'sft-parity');
}

/**
 * Cargo's target directory for the Rust reference: the crate's own target/
 * in a checkout (its incremental state is shared with `cargo test`), inside
 * the cache when installed (the package directory is not written).
 */
export function cargoTargetDir(dir: string = packageDir()): string {
  return isInstalled(dir) ? path.join(cacheDir(dir), 'rust-target') : path.join(dir, 'reference/rust/target');
}

/** How the user runs the gate here, for the replay commands in reports. */
export function parityCommand(dir: string = packageDir()): string {
  return isInstalled(dir) ? 'npx sft-parity' : 'npm run parity --';
}
