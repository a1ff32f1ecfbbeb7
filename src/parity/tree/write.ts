// Writes a tree (as snapshotTree reads it) under a directory, exactly: every
// type, mode, content and symlink target. This is how a case is copied into
// each exporter's scratch root, so it must be cheap: one pass, no reads.
import fs from 'node:fs';
import type { TreeEntry } from './snapshot.js';

const SLASH = 0x2f;

/** The part of a TreeEntry that writing needs: a file's bytes are its content, or else its source's. */
export type WritableEntry = Pick<TreeEntry, 'path' | 'type' | 'mode' | 'content' | 'source' | 'size' | 'hash' | 'target'>;

/** Writes a file entry's bytes at abs (copied from its source when it holds no content). */
export function writeFileEntry(abs: Buffer, e: WritableEntry): void {
  if (e.content === undefined && e.source !== undefined) {
    fs.copyFileSync(e.source, abs);
    fs.chmodSync(abs, e.mode);
  } else fs.writeFileSync(abs, e.content ?? Buffer.alloc(0), { mode: e.mode });
}

/** Thrown when a tree cannot be written; names the entry. */
export class TreeWriteError extends Error {
  constructor(path: Buffer, cause: unknown) {
    super(`cannot write ${JSON.stringify(path.toString('utf8'))} of a case tree: ${(cause as Error).message}`);
    this.name = 'TreeWriteError';
  }
}

/** The process's umask now (the harness sets it when it starts a run: it must not be remembered from before). */
export function umask(): number {
  // process.umask() without an argument is the only read-only way to get it.
  return process.umask();
}

/**
 * Writes entries under dir (which must exist). Parents missing from the list
 * are created with mode 0755. Entries are written parents first; directory
 * modes are set last so that a read-only directory can still be filled.
 */
export function writeTree(entries: readonly WritableEntry[], dir: string | Buffer): void {
  const mask = umask();
  const base = Buffer.isBuffer(dir) ? dir : Buffer.from(dir);
  const made = new Set<string>();
  const dirModes: [Buffer, number][] = [];
  const ensureParent = (rel: Buffer): void => {
    const cut = rel.lastIndexOf(SLASH);
    if (cut <= 0) return;
    const parent = rel.subarray(0, cut);
    const key = parent.toString('latin1');
    if (made.has(key)) return;
    ensureParent(parent);
    const abs = Buffer.concat([base, Buffer.from('/'), parent]);
    if (!fs.existsSync(abs)) {
      fs.mkdirSync(abs);
      dirModes.push([abs, 0o755]);
    }
    made.add(key);
  };
  const sorted = [...entries].sort((a, b) => Buffer.compare(a.path, b.path));
  for (const e of sorted) {
    const abs = Buffer.concat([base, Buffer.from('/'), e.path]);
    try {
      ensureParent(e.path);
      switch (e.type) {
        case 'dir':
          fs.mkdirSync(abs);
          made.add(e.path.toString('latin1'));
          dirModes.push([abs, e.mode]);
          break;
        case 'file':
          writeFileEntry(abs, e);
          if ((e.mode & mask) !== 0) fs.chmodSync(abs, e.mode);
          break;
        case 'symlink':
          fs.symlinkSync(e.target ?? Buffer.alloc(0), abs);
          break;
        case 'other':
          // FIFOs, sockets, devices: not reproducible in scratch; skipped.
          break;
      }
    } catch (err) {
      throw new TreeWriteError(e.path, err);
    }
  }
  for (let i = dirModes.length - 1; i >= 0; i--) {
    const [abs, mode] = dirModes[i] as [Buffer, number];
    if (mode !== (0o777 & ~mask)) fs.chmodSync(abs, mode);
  }
}
