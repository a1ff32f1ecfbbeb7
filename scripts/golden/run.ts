// Runs one exporter on one golden case and captures all four effects the
// exporter contract compares: stdout, stderr, exit code, and the tree.
import fs from 'node:fs';
import type { CaseDir } from '../../src/parity/cases/casejson.js';
import { exportPath } from '../../src/parity/cases/expected.js';
import { runProcess } from '../../src/parity/exporters/process.js';
import { formatManifest, snapshotTree } from '../../src/parity/snapshot.js';
import { makeScratch, removeScratch, type Scratch } from './scratch.js';

/** A command and the arguments that come before the exporter's own. */
export interface Exporter {
  readonly command: string;
  readonly args: readonly string[];
}

/** What one run did, with the scratch root path still in it. */
export interface Effects {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
  /** formatManifest of the whole scratch directory after the run. */
  readonly tree: Buffer;
  /** The export file, when the run left one at the path it was told. */
  readonly export: Buffer | undefined;
  /** The scratch root path that stdout and stderr may contain. */
  readonly root: string;
}

/** The exporter did not start, was killed, or ran too long. */
export class ExporterRunError extends Error {
  override name = 'ExporterRunError';
}

const TIMEOUT_MS = 60_000;

export async function runCase(c: CaseDir, exporter: Exporter): Promise<Effects> {
  const scratch = makeScratch(c);
  try {
    const { stdout, stderr, exitCode } = await spawnExporter(exporter, scratch);
    return {
      stdout,
      stderr,
      exitCode,
      tree: Buffer.from(formatManifest(snapshotTree(scratch.dir))),
      export: readExport(exportPath(c.root, scratch.root, scratch.dir)),
      root: scratch.root,
    };
  } finally {
    removeScratch(scratch);
  }
}

/** The export at the path the exporter was told, following symlinks as it did. */
function readExport(p: string | undefined): Buffer | undefined {
  if (p === undefined) return undefined;
  try {
    return fs.statSync(p).isFile() ? fs.readFileSync(p) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the exporter in the scratch directory under umask 022 (the tree
 * records modes, and files the exporter creates take theirs from the umask)
 * with LH_DISTILL_ROOT set only when the case says so. The process handling
 * (process group, timeout) is the parity harness's runProcess.
 */
async function spawnExporter(exporter: Exporter, s: Scratch): Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['LH_DISTILL_ROOT'];
  if (s.envRoot !== undefined) env['LH_DISTILL_ROOT'] = s.envRoot;
  const argv = [...exporter.args, ...s.args];
  const r = await runProcess('/bin/sh', ['-c', 'umask 022 && exec "$0" "$@"', exporter.command, ...argv], {
    cwd: s.dir,
    env,
    timeoutMs: TIMEOUT_MS,
  });
  if (r.ending.kind !== 'exited') {
    throw new ExporterRunError(`${exporter.command} ${argv.join(' ')}: ${JSON.stringify(r.ending)} ${r.stderr.toString('utf8').trim()}`);
  }
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.ending.code };
}

/** Runs tasks with at most `limit` in flight, keeping results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
