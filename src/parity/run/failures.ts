// Saving a (shrunk) failure as a replayable case in the golden layout:
// parity-failures/<case>/case.json, root/, expected/ (the reference's
// effects, the scratch root replaced by $ROOT as in golden/README.md), and
// actual/<exporter>/ (what the divergent exporter did, for reading).
import path from 'node:path';
import type { Effects } from '../compare/effects.js';
import type { ParityCase } from '../cases/case.js';
import { effectFiles, exportPath, toExpected, writeEffectFiles, type EffectFiles } from '../cases/expected.js';
import { writeCaseDir } from '../cases/layout.js';
import { contentOf, formatManifest } from '../snapshot.js';
import { parityCommand } from '../location.js';

/**
 * The effect files of golden expected/ for one run in the slot directory
 * holding rootPath; the export is read from the run's tree snapshot.
 */
function failureFiles(e: Effects, c: ParityCase, rootPath: string): EffectFiles {
  const slotDir = path.dirname(rootPath);
  const at = exportPath(c.root, rootPath, slotDir);
  const rel = at === undefined ? undefined : Buffer.from(path.relative(slotDir, at));
  const entry = rel === undefined ? undefined : e.tree.find((t) => t.type === 'file' && t.path.equals(rel));
  const files = effectFiles({
    stdout: e.stdout,
    stderr: e.stderr,
    exitCode: e.ending.kind === 'exited' ? e.ending.code : e.ending.kind,
    tree: Buffer.from(formatManifest(e.tree)),
    export: entry === undefined ? undefined : contentOf(entry),
  });
  return toExpected(files, rootPath);
}

/** A directory name for a case id and exporter: parity-failures/<name>. */
export function failureDirName(caseId: string, exporter: string): string {
  return `${caseId.replace(/[^A-Za-z0-9._-]+/g, '-')}-${exporter}`;
}

export interface SavedFailure {
  dir: string;
  replay: string;
}

export function saveFailure(
  baseDir: string,
  c: ParityCase,
  originalId: string,
  exporter: string,
  reference: string,
  effects: { ref: Effects; other: Effects; rootPath: string },
  cwd: string,
  exporterFlags: string,
): SavedFailure {
  const dir = path.join(baseDir, failureDirName(originalId, exporter));
  writeCaseDir(dir, c, {
    found_by: { case: originalId, exporter, reference, seed: c.generated?.seed ?? null },
  });
  writeEffectFiles(path.join(dir, 'expected'), failureFiles(effects.ref, c, effects.rootPath));
  writeEffectFiles(path.join(dir, 'actual', exporter), failureFiles(effects.other, c, effects.rootPath));
  const rel = path.relative(cwd, dir);
  const shown = rel.startsWith('..') ? dir : rel;
  return { dir, replay: `${parityCommand()} --case ${shown} ${exporterFlags}` };
}
