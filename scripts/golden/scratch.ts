// The scratch copy a case runs on. The committed root/ is never touched: it is
// copied to a fresh temporary directory, with modes set explicitly (a checkout
// honours the user's umask, the expected tree must not), then the case's setup
// operations are applied to the copy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setupContent, type CaseDir, type SetupOp } from '../../src/parity/cases/casejson.js';
import { rootFlags } from '../../src/parity/generate/materialize.js';

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

const SLASH = Buffer.from('/');

export function makeScratch(c: CaseDir): Scratch {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-golden-'));
  // Expected outputs hold this path replaced by $ROOT; the replacement is
  // byte-exact only when JSON writes the path as is.
  if (!/^[A-Za-z0-9/_.-]+$/.test(dir)) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new ScratchPathError(`scratch path ${dir} has characters JSON would escape; set TMPDIR to a plain path like /tmp`);
  }
  const root = path.join(dir, 'root');
  const committed = path.join(c.dir, 'root');
  if (c.root === 'file') fs.writeFileSync(root, '', { mode: 0o644 });
  else if (c.root !== 'missing') {
    if (fs.existsSync(committed)) copyTree(Buffer.from(committed), Buffer.from(root));
    else makeDir(root);
    for (const op of c.setup) applySetup(root, op);
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

function makeDir(p: string | Buffer): void {
  fs.mkdirSync(p);
  fs.chmodSync(p, 0o755);
}

/** mkdir -p, each created directory 0755 whatever the umask. */
function makeDirs(p: string): void {
  if (fs.existsSync(p)) return;
  makeDirs(path.dirname(p));
  makeDir(p);
}

/**
 * Copies a tree by raw byte paths (names need not be UTF-8): directories 0755,
 * files 0644 or 0755 (executable in git), symlinks as symlinks.
 */
function copyTree(from: Buffer, to: Buffer): void {
  makeDir(to);
  for (const name of fs.readdirSync(from, { encoding: 'buffer' })) {
    const src = Buffer.concat([from, SLASH, name]);
    const dst = Buffer.concat([to, SLASH, name]);
    const st = fs.lstatSync(src);
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src, { encoding: 'buffer' }), dst);
    else if (st.isDirectory()) copyTree(src, dst);
    else if (st.isFile()) {
      fs.writeFileSync(dst, fs.readFileSync(src));
      fs.chmodSync(dst, st.mode & 0o111 ? 0o755 : 0o644);
    } else throw new Error(`golden: ${src.toString()} is neither file, directory nor symlink; git cannot hold it`);
  }
}

function applySetup(root: string, op: SetupOp): void {
  const p = path.join(root, op.path);
  switch (op.op) {
    case 'mkdir':
      makeDirs(p);
      return;
    case 'write': {
      makeDirs(path.dirname(p));
      fs.writeFileSync(p, setupContent(op));
      fs.chmodSync(p, 0o644);
      return;
    }
    case 'chmod':
      fs.chmodSync(p, op.mode);
      return;
  }
}
