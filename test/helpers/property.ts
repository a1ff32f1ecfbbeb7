// Running fast-check properties: at least MIN_RUNS runs, a printed seed to
// replay a failure, and a scratch directory per run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';

/** At least this many runs per property (FC_NUM_RUNS may raise it). */
export const MIN_RUNS = 200;

/**
 * Runs a property for at least MIN_RUNS runs. On failure the error names the
 * seed and path to replay it: FC_SEED=<seed> FC_PATH=<path> npx vitest run <file>.
 */
export async function checkProperty<T>(name: string, property: fc.IAsyncProperty<T>): Promise<void> {
  const seed = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : Date.now() ^ (Math.random() * 0x100000000);
  const replayPath = process.env['FC_PATH'];
  const numRuns = Math.max(MIN_RUNS, Number(process.env['FC_NUM_RUNS'] ?? 0));
  const details = await fc.check(property, { seed, numRuns, ...(replayPath !== undefined ? { path: replayPath } : {}) });
  if (!details.failed) return;
  const replay = `FC_SEED=${details.seed}${details.counterexamplePath !== null ? ` FC_PATH=${details.counterexamplePath}` : ''}`;
  console.error(`property "${name}" failed; replay with ${replay}`);
  throw new Error(`property "${name}" failed (replay with ${replay})\n${(await fc.asyncDefaultReportMessage(details)) ?? ''}`);
}

/** A fresh directory for one property run, removed by the returned function. */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
