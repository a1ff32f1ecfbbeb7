// The scratch copy a case runs on. The committed root/ is never touched: the
// case's tree (root/ with modes set explicitly, since a checkout honours the
// user's umask and the expected tree must not, then the setup operations) is
// the harness's reading of the case (src/parity/cases/layout.ts), written to a
// fresh temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseDir } from '../../src/parity/cases/casejson.js';
import { caseEntries } from '../../src/parity/cases/layout.js';
import { rootFlags } from '../../src/parity/generate/materialize.js';
import { writeTree } from '../../src/parity/tree/write.js';

export interface Scratch {
  /** The temporary directory; the exporter's working directory, snapshotted whole. */
  readonly dir: string;
  /** dir/root: where the case's root lives (or would live). */
  readonly root: string;
  /** The exporter's command-line arguments. */
  readonly args: readonly string[];
  /** LH_DISTILL_ROOT for the exporter, or undefined to unset it. */
  readonly envRoot: string | undefined;
}

/** The scratch path would not survive being written into JSON unescaped. */
export class ScratchPathError extends Error {
  override name = 'ScratchPathError';
}

export function makeScratch(c: CaseDir): Scratch {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-golden-'));
  // Expected outputs hold this path replaced by $ROOT; the replacement is
  // byte-exact only when JSON writes the path as is.
  if (!/^[A-Za-z0-9/_.-]+$/.test(dir)) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new ScratchPathError(`scratch path ${dir} has characters JSON would escape; set TMPDIR to a plain path like /tmp`);
  }
  const root = path.join(dir, 'root');
  if (c.root === 'file') fs.writeFileSync(root, '', { mode: 0o644 });
  else if (c.root !== 'missing') {
    fs.mkdirSync(root);
    fs.chmodSync(root, 0o755);
    writeTree(caseEntries(c), root);
  }
  fs.chmodSync(dir, 0o755);
  // --root and LH_DISTILL_ROOT as golden/README.md says, like the harness.
  const { root: rootArg, envRoot } = rootFlags(c.root, root);
  const args = [
    ...(rootArg !== undefined ? ['--root', rootArg] : []),
    '--recorded-at',
    c.recordedAt,
    ...(c.dryRun ? ['--dry-run'] : []),
    ...(c.includePartial ? ['--include-partial'] : []),
  ];
  return { dir, root, args, envRoot };
}

export function removeScratch(s: Scratch): void {
  fs.rmSync(s.dir, { recursive: true, force: true });
}
