// Saving a (shrunk) failure as a replayable case in the golden layout:
// parity-failures/<case>/case.json, root/, expected/ (the reference's
// effects, the scratch root replaced by $ROOT as in golden/README.md), and
// actual/<exporter>/ (what the divergent exporter did, for reading). The
// failures directory holds only the current run's failures: an earlier
// run's are moved aside first.
import fs from 'node:fs';
import path from 'node:path';
import type { Effects } from '../compare/effects.js';
import type { ParityCase } from '../cases/case.js';
import { exportPath, toExpected, writeEffectFiles, type EffectFiles } from '../cases/expected.js';
import { writeCaseDir } from '../cases/layout.js';
import { contentOf } from '../tree/snapshot.js';
import { runEffectFiles } from './caserun.js';

/**
 * The effect files of golden expected/ for one run in the slot directory
 * holding rootPath; the export is read from the run's tree snapshot.
 */
function failureFiles(e: Effects, c: ParityCase, rootPath: string): EffectFiles {
  const slotDir = path.dirname(rootPath);
  const at = exportPath(c.root, rootPath, slotDir);
  const rel = at === undefined ? undefined : Buffer.from(path.relative(slotDir, at));
  const entry = rel === undefined ? undefined : e.tree.find((t) => t.type === 'file' && t.path.equals(rel));
  return toExpected(runEffectFiles(e, entry === undefined ? undefined : contentOf(entry)), rootPath);
}

/**
 * The marker file in every failure directory the harness writes: only
 * directories holding it are ever moved or removed, so nothing else in
 * --failures DIR is touched.
 */
export const FAILURE_MARKER = '.sft-parity-failure';

/** Where an earlier run's failures are moved, inside the failures directory. */
export const PREVIOUS_RUN = 'previous-run';

function isFailureDir(dir: string): boolean {
  try {
    return fs.lstatSync(dir).isDirectory() && fs.lstatSync(path.join(dir, FAILURE_MARKER)).isFile();
  } catch {
    return false;
  }
}

/**
 * Makes baseDir hold only this run's failures: the failure directories of an
 * earlier run are moved into baseDir/previous-run/ (whose own failure
 * directories, two runs old, are removed), except those this run reads as
 * --case (they are this run's). Returns how many were moved aside.
 */
export function moveAsideEarlierFailures(baseDir: string, inputs: readonly string[]): number {
  if (!fs.existsSync(baseDir)) return 0;
  const keep = new Set(inputs.map((d) => path.resolve(d)));
  const earlier = fs
    .readdirSync(baseDir)
    .map((n) => path.join(baseDir, n))
    .filter((d) => isFailureDir(d) && !keep.has(path.resolve(d)));
  if (earlier.length === 0) return 0;
  const previous = path.join(baseDir, PREVIOUS_RUN);
  if (fs.existsSync(previous)) {
    for (const n of fs.readdirSync(previous)) {
      const d = path.join(previous, n);
      if (isFailureDir(d)) fs.rmSync(d, { recursive: true, force: true });
    }
  }
  fs.mkdirSync(previous, { recursive: true });
  for (const d of earlier) {
    const to = path.join(previous, path.basename(d));
    // Something of the user's with that name stays; the failure keeps its place then.
    if (!fs.existsSync(to)) fs.renameSync(d, to);
  }
  return earlier.length;
}

/** A directory name for a failure: parity-failures/<case>-<exporter>-<cause kind>. */
export function failureDirName(caseId: string, exporter: string, kind: string): string {
  return `${caseId.replace(/[^A-Za-z0-9._-]+/g, '-')}-${exporter}-${kind}`;
}

/** A name in baseDir that is free (or an earlier failure of ours), suffixed -2, -3… when taken. */
function freeDir(baseDir: string, name: string): string {
  for (let k = 1; ; k++) {
    const dir = path.join(baseDir, k === 1 ? name : `${name}-${k}`);
    if (!fs.existsSync(dir)) return dir;
  }
}

export interface SavedFailure {
  dir: string;
}

/** Saves a minimal failure as a case in the golden layout, marked as the harness's. */
export function saveFailure(
  baseDir: string,
  c: ParityCase,
  found: { caseId: string; exporter: string; reference: string; kind: string },
  effects: { ref: Effects; other: Effects; rootPath: string },
): SavedFailure {
  fs.mkdirSync(baseDir, { recursive: true });
  const dir = freeDir(baseDir, failureDirName(found.caseId, found.exporter, found.kind));
  writeCaseDir(dir, c, {
    found_by: { case: found.caseId, exporter: found.exporter, reference: found.reference, cause: found.kind, seed: c.generated?.seed ?? null },
  });
  fs.writeFileSync(path.join(dir, FAILURE_MARKER), 'written by sft-parity: a minimal failure of one run; the next run moves it to previous-run/\n');
  writeEffectFiles(path.join(dir, 'expected'), failureFiles(effects.ref, c, effects.rootPath));
  writeEffectFiles(path.join(dir, 'actual', found.exporter), failureFiles(effects.other, c, effects.rootPath));
  return { dir };
}
