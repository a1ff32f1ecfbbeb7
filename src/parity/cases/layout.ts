// A ParityCase to and from a directory in the golden layout (golden/README.md):
// <dir>/case.json (casejson.ts), <dir>/root/ (the lakehouse, as entries here),
// <dir>/expected/ (expected.ts). The harness reads golden/cases/* and
// --case DIR with it, and writes shrunk failures to parity-failures/<case>/
// with it, so they replay with --case.
import fs from 'node:fs';
import path from 'node:path';
import { escapeBytes, KEEP_ALL, snapshotTree } from '../tree/snapshot.js';
import type { WritableEntry } from '../tree/write.js';
import type { CaseSource, ParityCase } from './case.js';
import { CaseFormatError, formatCaseJson, readCaseDir, setupContent, type CaseDir, type SetupOp } from './casejson.js';
import { nonPortablePaths } from './portable.js';

/**
 * The committed root/ as entries, with modes as the golden copy sets them
 * (directories 0755, files 0644, or 0755 when executable) unless exactModes.
 */
function readRootEntries(rootDir: string, exactModes: boolean): WritableEntry[] {
  if (!fs.existsSync(rootDir)) return [];
  return snapshotTree(rootDir, KEEP_ALL).flatMap((e): WritableEntry[] => {
    if (e.type === 'other') return [];
    if (exactModes || e.type === 'symlink') return [e];
    return [{ ...e, mode: e.type === 'dir' ? 0o755 : e.mode & 0o111 ? 0o755 : 0o644 }];
  });
}

/**
 * Applies checked setup operations to an entry list, in order, as
 * materializing the case does: parents that are missing become directories
 * 0755, a written file is 0644, a later operation on a path replaces an
 * earlier entry.
 */
function applySetup(dir: string, entries: WritableEntry[], ops: readonly SetupOp[]): WritableEntry[] {
  const byPath = new Map(entries.map((e) => [e.path.toString('latin1'), e]));
  const mkdirs = (p: Buffer): void => {
    for (let i = p.indexOf(0x2f); ; i = p.indexOf(0x2f, i + 1)) {
      const sub = i < 0 ? p : p.subarray(0, i);
      const key = sub.toString('latin1');
      if (!byPath.has(key)) byPath.set(key, { path: sub, type: 'dir', mode: 0o755 });
      if (i < 0) return;
    }
  };
  const parentOf = (p: Buffer): Buffer | undefined => {
    const cut = p.lastIndexOf(0x2f);
    return cut < 0 ? undefined : p.subarray(0, cut);
  };
  ops.forEach((op, i) => {
    const key = op.path.toString('latin1');
    const parent = parentOf(op.path);
    switch (op.op) {
      case 'mkdir':
        mkdirs(op.path);
        return;
      case 'write':
        if (parent) mkdirs(parent);
        byPath.set(key, { path: op.path, type: 'file', mode: 0o644, content: setupContent(op) });
        return;
      case 'symlink':
        if (parent) mkdirs(parent);
        byPath.set(key, { path: op.path, type: 'symlink', mode: 0o777, target: op.target });
        return;
      case 'chmod': {
        const e = byPath.get(key);
        if (!e) throw new CaseFormatError(dir, `"setup"[${i}]: chmod of ${JSON.stringify(escapeBytes(op.path))}, which neither root/ nor an earlier setup op makes`);
        byPath.set(key, { ...e, mode: op.mode });
        return;
      }
    }
  });
  return [...byPath.values()].sort((a, b) => Buffer.compare(a.path, b.path));
}

/** The tree a case directory's root starts from: root/ (modes as a checkout of it gives them) with the setup applied. */
export function caseEntries(spec: CaseDir): WritableEntry[] {
  return applySetup(spec.dir, readRootEntries(path.join(spec.dir, 'root'), false), spec.setup);
}

/** Loads a case directory in the golden layout. */
export function loadCaseDir(dir: string, source: CaseSource, id: string): ParityCase {
  return caseOfDir(readCaseDir(dir), source, id);
}

/**
 * The case of a case directory whose case.json is read already (readCaseDir,
 * which a run does for every case before the first one runs); its root/ is
 * read now.
 */
export function caseOfDir(spec: CaseDir, source: CaseSource, id: string): ParityCase {
  return {
    id,
    source,
    description: spec.description,
    recordedAt: spec.recordedAt,
    dryRun: spec.dryRun,
    includePartial: spec.includePartial,
    root: spec.root,
    entries: caseEntries(spec),
  };
}

/** The setup operations that recreate a file or symlink root/ cannot hold (portable.ts). */
function setupFor(e: WritableEntry): SetupOp[] {
  switch (e.type) {
    case 'symlink':
      return [{ op: 'symlink', path: e.path, target: e.target ?? Buffer.alloc(0) }];
    case 'file': {
      const content = e.content ?? Buffer.alloc(0);
      const text = content.toString('utf8');
      // Text stays readable in case.json; other bytes go escaped.
      return [Buffer.from(text, 'utf8').equals(content) ? { op: 'write', path: e.path, parts: [[text, 1]] } : { op: 'write', path: e.path, content }];
    }
    default:
      return [];
  }
}

/** The mode a checkout of root/ gives an entry, or that a setup op creates it with. */
function defaultMode(e: WritableEntry, inRoot: boolean): number {
  if (e.type === 'dir' || e.type === 'symlink') return e.type === 'dir' ? 0o755 : e.mode;
  return inRoot && e.mode & 0o111 ? 0o755 : 0o644;
}

/**
 * Writes a case in the golden layout. root/ gets what any checkout and npm
 * tarball can hold (portable.ts); the rest, empty directories and modes a
 * checkout would not reproduce go into setup. Modes are set last, deepest
 * first, so that a read-only directory can still be filled.
 */
export function writeCaseDir(dir: string, c: ParityCase, extra: Record<string, unknown> = {}): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const setup: SetupOp[] = [];
  const chmods: SetupOp[] = [];
  const hasRoot = c.root !== 'missing' && c.root !== 'file';
  if (hasRoot) {
    const rootDir = path.join(dir, 'root');
    fs.mkdirSync(rootDir);
    const outside = nonPortablePaths(c.entries);
    const sorted = [...c.entries].sort((a, b) => Buffer.compare(a.path, b.path));
    const paths = sorted.map((e) => e.path);
    for (const e of sorted) {
      const inRoot = !outside.has(e.path.toString('latin1'));
      if (e.type === 'dir') {
        // A directory with something in it is made by what is in it.
        if (inRoot) fs.mkdirSync(Buffer.concat([Buffer.from(rootDir + '/'), e.path]), { recursive: true });
        const empty = !paths.some((p) => p.length > e.path.length && p[e.path.length] === 0x2f && p.subarray(0, e.path.length).equals(e.path));
        if (empty) setup.push({ op: 'mkdir', path: e.path });
      } else if (!inRoot) setup.push(...setupFor(e));
      else if (e.type === 'file') {
        const abs = Buffer.concat([Buffer.from(rootDir + '/'), e.path]);
        fs.mkdirSync(abs.subarray(0, abs.lastIndexOf(0x2f)), { recursive: true });
        fs.writeFileSync(abs, e.content ?? Buffer.alloc(0), { mode: e.mode & 0o111 ? 0o755 : 0o644 });
      }
      if (e.type !== 'other' && e.mode !== defaultMode(e, inRoot)) chmods.push({ op: 'chmod', path: e.path, mode: e.mode });
    }
  }
  setup.push(...chmods.reverse());
  fs.writeFileSync(path.join(dir, 'case.json'), formatCaseJson({ ...c, setup }, extra));
}
