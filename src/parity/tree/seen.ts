// What the last snapshot of a directory saw, so that the next one reads
// again only what can have changed since: a file whose inode, size, mode and
// timestamps are the same, in a directory that is the same, has the same
// bytes; a directory whose inode and timestamps are the same has the same
// names. The gate snapshots every slot after every export, and most of what
// it reads is the case's own input, untouched.
//
// Why timestamps can be trusted here, and only where the kernel says so: a
// change to a file or a directory (a write, a truncate, a chmod, an entry
// created, removed or renamed in it) sets its ctime. With coarse timestamps
// a change within the same clock tick as the last one can carry the same
// ctime, so a snapshot taken right after the harness wrote a file could not
// tell an exporter's write from its own. File systems with multigrain
// timestamps (Linux 6.13 and later: tmpfs, ext4, xfs, btrfs) give a change
// made after the timestamp was looked at a finer, strictly later one; the
// snapshot looks at every entry. `timesShowEveryChange` checks that in the
// scratch space itself before anything relies on it.
//
// What the harness changes itself between snapshots (preparing the next
// case) it forgets here (`forget`): only an exporter's changes are left to
// the timestamps. A file replaced rather than rewritten (unlink and create,
// or rename over it) may reuse the inode number on some file systems, but
// it changes its directory: a file is trusted only while its directory is.
import fs from 'node:fs';
import path from 'node:path';
import type { TreeEntry } from './snapshot.js';

/** The parts of an lstat that change when the entry does. */
class Identity {
  readonly ino: number;
  readonly dev: number;
  readonly mode: number;
  readonly size: number;
  readonly ctimeMs: number;
  readonly mtimeMs: number;
  constructor(st: fs.Stats) {
    this.ino = st.ino;
    this.dev = st.dev;
    this.mode = st.mode;
    this.size = st.size;
    this.ctimeMs = st.ctimeMs;
    this.mtimeMs = st.mtimeMs;
  }
  is(st: fs.Stats): boolean {
    return st.ctimeMs === this.ctimeMs && st.mtimeMs === this.mtimeMs && st.ino === this.ino && st.size === this.size && st.mode === this.mode && st.dev === this.dev;
  }
}

interface SeenEntry {
  identity: Identity;
  /** The entry the snapshot made (files: size, hash, kept content). */
  entry: TreeEntry;
  /** Directories: their names, sorted bytewise. */
  names: Buffer[] | undefined;
  /** Directories: their names' absolute paths and keys, made when first needed. */
  children?: Child[];
}

/**
 * An entry of a directory as a snapshot walks it: its absolute path and its
 * key, made once while the directory stays unchanged (the gate snapshots
 * the same tree after each of a case's exports), and the same key string
 * each time, whose hash the maps then need not compute again.
 */
export interface Child {
  abs: Buffer;
  key: string;
}

/** The children of the directory at abs, in the order of names. */
export function childrenOf(abs: Buffer, names: readonly Buffer[]): Child[] {
  return names.map((name) => {
    const child = Buffer.allocUnsafe(abs.length + 1 + name.length);
    abs.copy(child, 0);
    child[abs.length] = 0x2f;
    name.copy(child, abs.length + 1);
    return { abs: child, key: Seen.keyOf(child) };
  });
}

/**
 * One directory tree's last snapshot, by absolute path. Paths are raw bytes;
 * the maps are keyed by their latin1 strings (one character per byte), which
 * callers that look a path up more than once make once (`keyOf`).
 */
export class Seen {
  private readonly byPath = new Map<string, SeenEntry>();

  /** The key a path is looked up by. */
  static keyOf(abs: Buffer): string {
    return abs.toString('latin1');
  }

  /** The names in dir (at abs) and their paths, when the last snapshot read them and dir is unchanged since. */
  children(key: string, st: fs.Stats, abs: Buffer): { names: Buffer[]; children: Child[] } | undefined {
    const s = this.byPath.get(key);
    if (s?.names === undefined || !s.identity.is(st)) return undefined;
    s.children ??= childrenOf(abs, s.names);
    return { names: s.names, children: s.children };
  }

  /** The last snapshot's entry for a file, when it and its directory are unchanged since. */
  file(key: string, st: fs.Stats, dirUnchanged: boolean): TreeEntry | undefined {
    if (!dirUnchanged) return undefined;
    const s = this.byPath.get(key);
    return s !== undefined && s.identity.is(st) ? s.entry : undefined;
  }

  note(key: string, st: fs.Stats, entry: TreeEntry, names?: Buffer[], children?: Child[]): void {
    const s = this.byPath.get(key);
    // Unchanged (most entries of most snapshots): the same record, its entry the new one.
    if (s !== undefined && s.names === names && s.identity.is(st)) {
      s.entry = entry;
      s.children ??= children;
    } else this.byPath.set(key, { identity: new Identity(st), entry, names, ...(children ? { children } : {}) });
  }

  /** The harness itself changes the path (and so its directory): look at both again. */
  forget(key: string): void {
    this.byPath.delete(key);
    this.byPath.delete(path.posix.dirname(key));
  }
}

/**
 * True when, in dir, a change made right after an lstat always shows in the
 * next lstat (multigrain timestamps), for a file's content and for a
 * directory's entries. Tried a few times, back to back, as fast as the
 * harness and an exporter could follow each other.
 */
export function timesShowEveryChange(dir: string): boolean {
  const probe = fs.mkdtempSync(path.join(dir, 'times-'));
  try {
    const file = path.join(probe, 'f');
    fs.writeFileSync(file, 'a');
    for (let i = 0; i < 5; i++) {
      const before = new Identity(fs.lstatSync(file));
      fs.writeFileSync(file, i % 2 === 0 ? 'b' : 'a');
      if (before.is(fs.lstatSync(file))) return false;
      const dirBefore = new Identity(fs.lstatSync(probe));
      fs.writeFileSync(path.join(probe, `n${i}`), '');
      if (dirBefore.is(fs.lstatSync(probe))) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}
