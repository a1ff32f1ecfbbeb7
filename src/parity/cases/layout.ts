// A ParityCase to and from a directory in the golden layout (golden/README.md):
// <dir>/case.json (casejson.ts), <dir>/root/ (the lakehouse, as entries here),
// <dir>/expected/ (expected.ts). The harness reads golden/cases/* and
// --case DIR with it, and writes shrunk failures to parity-failures/<case>/
// with it, so they replay with --case.
import fs from 'node:fs';
import path from 'node:path';
import { snapshotTree } from '../snapshot.js';
import type { WritableEntry } from '../tree/write.js';
import type { CaseSource, ParityCase } from './case.js';
import { CaseFormatError, formatCaseJson, readCaseDir, setupContent, type SetupOp } from './casejson.js';

/**
 * The committed root/ as entries, with modes as the golden copy sets them
 * (directories 0755, files 0644, or 0755 when executable) unless exactModes.
 */
function readRootEntries(rootDir: string, exactModes: boolean): WritableEntry[] {
  if (!fs.existsSync(rootDir)) return [];
  return snapshotTree(rootDir).flatMap((e): WritableEntry[] => {
    if (e.type === 'other') return [];
    if (exactModes || e.type === 'symlink') return [e];
    return [{ ...e, mode: e.type === 'dir' ? 0o755 : e.mode & 0o111 ? 0o755 : 0o644 }];
  });
}

/**
 * Applies checked setup operations to an entry list, as the golden copy
 * applies them to the file system.
 */
function applySetup(dir: string, entries: WritableEntry[], ops: readonly SetupOp[]): WritableEntry[] {
  const byPath = new Map(entries.map((e) => [e.path.toString('latin1'), e]));
  const mkdirs = (p: string): void => {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = Buffer.from(parts.slice(0, i).join('/'));
      const key = sub.toString('latin1');
      if (!byPath.has(key)) byPath.set(key, { path: sub, type: 'dir', mode: 0o755 });
    }
  };
  ops.forEach((op, i) => {
    const key = Buffer.from(op.path).toString('latin1');
    switch (op.op) {
      case 'mkdir':
        mkdirs(op.path);
        return;
      case 'write': {
        const parent = op.path.includes('/') ? op.path.slice(0, op.path.lastIndexOf('/')) : '';
        if (parent) mkdirs(parent);
        byPath.set(key, { path: Buffer.from(op.path), type: 'file', mode: 0o644, content: setupContent(op) });
        return;
      }
      case 'chmod': {
        const e = byPath.get(key);
        if (!e) throw new CaseFormatError(dir, `"setup"[${i}]: chmod of ${JSON.stringify(op.path)}, which neither root/ nor an earlier setup op makes`);
        byPath.set(key, { ...e, mode: op.mode });
        return;
      }
    }
  });
  return [...byPath.values()].sort((a, b) => Buffer.compare(a.path, b.path));
}

/** Loads a case directory in the golden layout. */
export function loadCaseDir(dir: string, source: CaseSource, id: string): ParityCase {
  const spec = readCaseDir(dir);
  return {
    id,
    source,
    description: spec.description,
    recordedAt: spec.recordedAt,
    dryRun: spec.dryRun,
    includePartial: spec.includePartial,
    root: spec.root,
    entries: applySetup(dir, readRootEntries(path.join(dir, 'root'), false), spec.setup),
  };
}

/**
 * Writes a case in the golden layout. What the golden copy would not
 * reproduce (empty directories, modes other than 0644/0755) goes into setup.
 */
export function writeCaseDir(dir: string, c: ParityCase, extra: Record<string, unknown> = {}): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const setup: SetupOp[] = [];
  const hasRoot = c.root !== 'missing' && c.root !== 'file';
  if (hasRoot) {
    const rootDir = path.join(dir, 'root');
    fs.mkdirSync(rootDir);
    const paths = c.entries.map((e) => e.path);
    for (const e of [...c.entries].sort((a, b) => Buffer.compare(a.path, b.path))) {
      const abs = Buffer.concat([Buffer.from(rootDir + '/'), e.path]);
      const rel = e.path.toString('utf8');
      const textual = Buffer.from(rel, 'utf8').equals(e.path);
      if (e.type === 'dir') {
        fs.mkdirSync(abs, { recursive: true });
        const empty = !paths.some((p) => p.length > e.path.length && p[e.path.length] === 0x2f && p.subarray(0, e.path.length).equals(e.path));
        if (empty && textual) setup.push({ op: 'mkdir', path: rel });
        if (e.mode !== 0o755 && textual) setup.push({ op: 'chmod', path: rel, mode: e.mode });
      } else if (e.type === 'file') {
        fs.mkdirSync(abs.subarray(0, abs.lastIndexOf(0x2f)), { recursive: true });
        fs.writeFileSync(abs, e.content ?? Buffer.alloc(0), { mode: e.mode & 0o111 ? 0o755 : 0o644 });
        if (e.mode !== 0o644 && e.mode !== 0o755 && textual) setup.push({ op: 'chmod', path: rel, mode: e.mode });
      } else if (e.type === 'symlink') {
        fs.mkdirSync(abs.subarray(0, abs.lastIndexOf(0x2f)), { recursive: true });
        fs.symlinkSync(e.target ?? Buffer.alloc(0), abs);
      }
    }
  }
  fs.writeFileSync(path.join(dir, 'case.json'), formatCaseJson({ ...c, setup }, extra));
}
