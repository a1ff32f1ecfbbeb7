// A slot's scratch directory brought to the state a case starts from: the
// case's tree at <slot>/root, nothing else, and the --root / LH_DISTILL_ROOT
// the case's root spec asks for (golden/README.md). Every exporter of a case
// runs in the same slot, so every exporter sees the same absolute paths.
//
// Why reconcile rather than delete and copy: on a disk filesystem (ext4 with
// discard, say) every rmdir is expensive, and a run makes thousands of
// exports. The slot's actual state is known exactly (the snapshot taken after
// each export), so only what differs from the target is changed: usually the
// export an exporter wrote, or the files that differ between two cases.
// What must go is removed entry by entry, from what the snapshot saw (an
// unlink or rmdir each, no directory reads); a directory that cannot be
// removed that way is renamed into a trash directory, deleted with the
// scratch space at the end.
import fs from 'node:fs';
import path from 'node:path';
import type { ParityCase } from '../cases/case.js';
import { rootFlags } from '../cases/root.js';
import { fileDigest, sameContent, snapshotTree, type TreeEntry } from '../tree/snapshot.js';
import { Seen } from '../tree/seen.js';
import { TreeWriteError, umask, writeFileEntry, type WritableEntry } from '../tree/write.js';

export interface World {
  root: string | undefined;
  envRoot: string | undefined;
  /** The absolute path of <slot>/root, which stdout and stderr may contain. */
  rootPath: string;
}

const ROOT = Buffer.from('root');
const ROOT_SLASH = Buffer.from('root/');

/** A case's starting entries, and each one's latin1 path (the key the slot's maps use). */
interface Target {
  entries: WritableEntry[];
  /** entries[i]'s latin1 path. */
  keys: string[];
  byPath: Map<string, WritableEntry>;
  /** Each directory's names, sorted, by latin1 slot-relative path ('' for the slot itself). */
  names: Map<string, Buffer[]>;
}

/** Every exporter of a case starts from the same entries: worked out once per case. */
const targets = new WeakMap<ParityCase, Target>();

/** The slot-relative entries a case starts from, sorted bytewise. */
function targetOf(c: ParityCase): Target {
  const known = targets.get(c);
  if (known) return known;
  const entries = targetEntries(c);
  const keys = entries.map((e) => e.path.toString('latin1'));
  const names = new Map<string, Buffer[]>([['', []]]);
  entries.forEach((e, i) => {
    const key = keys[i] as string;
    const cut = key.lastIndexOf('/');
    // In path order, so each directory's names come sorted.
    names.get(cut < 0 ? '' : key.slice(0, cut))?.push(e.path.subarray(cut + 1));
    if (e.type === 'dir') names.set(key, []);
  });
  const t = { entries, keys, byPath: new Map(entries.map((e, i) => [keys[i] as string, e])), names };
  targets.set(c, t);
  return t;
}

function targetEntries(c: ParityCase): WritableEntry[] {
  if (c.root === 'missing') return [];
  if (c.root === 'file') return [{ path: ROOT, type: 'file', mode: 0o644, content: Buffer.alloc(0) }];
  const byPath = new Map<string, WritableEntry>([[ROOT.toString('latin1'), { path: ROOT, type: 'dir', mode: 0o755 }]]);
  for (const e of c.entries) {
    if (e.type === 'other') continue;
    // Parents the case does not list are directories 0755 (as writeTree makes them).
    for (let i = e.path.indexOf(0x2f); i > 0; i = e.path.indexOf(0x2f, i + 1)) {
      const p = Buffer.concat([ROOT_SLASH, e.path.subarray(0, i)]);
      const key = p.toString('latin1');
      if (!byPath.has(key)) byPath.set(key, { path: p, type: 'dir', mode: 0o755 });
    }
    const p = Buffer.concat([ROOT_SLASH, e.path]);
    byPath.set(p.toString('latin1'), { ...e, path: p });
  }
  for (const e of c.extra ?? []) byPath.set(e.path.toString('latin1'), e);
  return [...byPath.values()].sort((a, b) => Buffer.compare(a.path, b.path));
}

/**
 * The mode mkdir or open give what they create when asked for `mode`: its
 * permission bits less the umask (set-id and sticky bits need a chmod).
 */
function createdMode(mode: number, mask: number): number {
  return mode & 0o777 & ~mask;
}

/** The entry in dirs (by latin1 path) that is an ancestor of key, if any. */
function doomedAncestor<T>(key: string, dirs: Map<string, T>): T | undefined {
  if (dirs.size === 0) return undefined;
  for (let i = key.indexOf('/'); i > 0; i = key.indexOf('/', i + 1)) {
    const d = dirs.get(key.slice(0, i));
    if (d) return d;
  }
  return undefined;
}

function same(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return (a ?? Buffer.alloc(0)).equals(b ?? Buffer.alloc(0));
}

/**
 * Files no larger than this have their bytes kept by the snapshot after an
 * export (a report may show them); larger ones that the export changed are
 * hard-linked aside and read again only when a divergence needs them.
 */
export const KEEP_INLINE = 1 << 20;

/** Keeps one slot directory in step with the cases run in it. */
export class SlotWorld {
  /** What is in the slot directory now, by latin1 path (from the last snapshot). */
  private actual = new Map<string, TreeEntry | WritableEntry>();
  private trashed = 0;
  /** The case whose changed files are held in keepDir. */
  private keptFor: ParityCase | undefined;
  private kept = 0;
  /** Slot paths (latin1) whose inode is also held aside in keepDir. */
  private readonly linked = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly trashDir: string,
    /** The scratch space's timestamps show every change (seen.ts): snapshots skip what is unchanged. */
    trustTimes = false,
    /** Where large changed files are held until the slot runs another case. */
    private readonly keepDir: string = path.join(trashDir, `keep-${path.basename(dir)}`),
  ) {
    this.prefix = Buffer.from(dir + '/');
    this.seen = trustTimes ? new Seen() : undefined;
  }

  /** What the last snapshot saw, less what prepare() changed since. */
  private readonly seen: Seen | undefined;

  /** The slot's tree after an export, read as SNAPSHOT says (what is unchanged since the last one, from it). */
  snapshot(): TreeEntry[] {
    return snapshotTree(this.dir, { ...SlotWorld.SNAPSHOT, ...(this.seen ? { seen: this.seen } : {}) });
  }

  private readonly prefix: Buffer;

  /** prepare() is about to change abs: the next snapshot must look at it (and its directory) again. */
  private changing(abs: Buffer): true {
    if (this.seen) {
      const key = Seen.keyOf(abs);
      this.seen.forget(key);
      this.touched.add(key);
      this.touched.add(path.posix.dirname(key));
    }
    return true;
  }

  /** Slot paths (absolute, latin1) prepare() changed, or changed the names of, since the last snapshot. */
  private readonly touched = new Set<string>();

  /**
   * What prepare() made is the target exactly: the snapshot after the next
   * export need not read it back. Each path it touched is looked at once
   * (lstat: so that, with multigrain timestamps, any later change shows)
   * and noted with the target's entry (files: digest and bytes; directories:
   * their names).
   */
  private noteMade(t: Target): void {
    const seen = this.seen;
    if (!seen) return;
    const top = this.prefix.toString('latin1');
    for (const key of this.touched) {
      const rel = key === this.dir ? '' : key.startsWith(top) ? key.slice(top.length) : undefined;
      if (rel === undefined) continue;
      const e = rel === '' ? undefined : t.byPath.get(rel);
      if (rel !== '' && e?.type !== 'dir' && e?.type !== 'file') continue;
      const abs = Buffer.from(key, 'latin1');
      let st: fs.Stats;
      try {
        st = fs.lstatSync(abs);
      } catch {
        continue;
      }
      if (e?.type === 'file') {
        const d = fileDigest(e);
        const kept = e.content !== undefined && SlotWorld.SNAPSHOT.keep(e.path, d.size) ? { content: e.content } : {};
        seen.note(key, st, { path: e.path, type: 'file', mode: st.mode & 0o7777, ...d, ...kept });
      } else {
        const names = t.names.get(rel);
        if (names) seen.note(key, st, { path: e?.path ?? Buffer.alloc(0), type: 'dir', mode: st.mode & 0o7777 }, names);
      }
    }
    this.touched.clear();
  }

  private abs(p: Buffer): Buffer {
    return Buffer.concat([this.prefix, p]);
  }

  /**
   * Removes an entry and what the last snapshot saw below it, deepest first:
   * one unlink or rmdir each. When that fails (a directory an exporter made
   * unwritable, something that appeared since the snapshot), the directory
   * is moved into the trash, removed with the scratch space at the end.
   */
  private remove(top: TreeEntry | WritableEntry, below: readonly (TreeEntry | WritableEntry)[]): void {
    this.changing(this.abs(top.path));
    if (this.seen) for (const b of below) this.seen.forget(Seen.keyOf(this.abs(b.path)));
    if (top.type !== 'dir') {
      fs.unlinkSync(this.abs(top.path));
      return;
    }
    try {
      for (let i = below.length - 1; i >= 0; i--) {
        const b = below[i] as TreeEntry | WritableEntry;
        if (b.type === 'dir') fs.rmdirSync(this.abs(b.path));
        else fs.unlinkSync(this.abs(b.path));
      }
      fs.rmdirSync(this.abs(top.path));
    } catch {
      this.trash(top.path);
    }
  }

  private trash(p: Buffer): void {
    fs.mkdirSync(this.trashDir, { recursive: true });
    fs.renameSync(this.abs(p), path.join(this.trashDir, `${path.basename(this.dir)}-${this.trashed++}`));
  }

  /** Brings the slot to the case's starting state; returns how to pass the root. */
  prepare(c: ParityCase): World {
    if (c !== this.keptFor) {
      // A new case: what the last one held for its report is no longer needed.
      if (this.kept > 0) fs.rmSync(this.keepDir, { recursive: true, force: true });
      this.kept = 0;
      this.keptFor = c;
    }
    const made = targetOf(c);
    const { entries: target, keys, byPath: want } = made;
    // Remove what the target does not have, or has as another type or link.
    type Doomed = { top: TreeEntry | WritableEntry; below: (TreeEntry | WritableEntry)[] };
    const doomed: Doomed[] = [];
    const doomedDirs = new Map<string, Doomed>();
    // In path order: actual is only ever a sorted target or snapshot, less what was removed.
    for (const [key, a] of this.actual) {
      // Below a directory that goes: it goes with it (and nothing below one is kept).
      const above = doomedAncestor(key, doomedDirs);
      if (above) {
        above.below.push(a);
        continue;
      }
      const t = want.get(key);
      const keep = t !== undefined && t.type === a.type && (a.type !== 'symlink' || same(a.target, t.target));
      if (keep) continue;
      const d = { top: a, below: [] };
      doomed.push(d);
      if (a.type === 'dir') doomedDirs.set(key, d);
    }
    for (const { top, below } of doomed) {
      this.remove(top, below);
      this.actual.delete(top.path.toString('latin1'));
      for (const b of below) this.actual.delete(b.path.toString('latin1'));
    }
    // Create what is missing and fix what differs; directory modes last.
    const dirModes: [Buffer, number][] = [];
    // What mkdir and open give what they create; a chmod only where that is not the case's mode.
    // Read when first needed: reading the umask is two system calls, and
    // most prepares (every export of a case after its first) create nothing.
    let known: number | undefined;
    const mask = (): number => (known ??= umask());
    for (let i = 0; i < target.length; i++) {
      const t = target[i] as WritableEntry;
      const key = keys[i] as string;
      const a = this.actual.get(key);
      // Most entries, for every export after a case's first: already as the case has them.
      if (a && a.mode === t.mode && (t.type === 'symlink' || (t.type === 'dir' ? a.type === 'dir' : sameContent(a, t)))) continue;
      const abs = this.abs(t.path);
      try {
        if (t.type === 'dir') {
          if (!a) this.changing(abs) && fs.mkdirSync(abs);
          if ((a ? a.mode : createdMode(0o777, mask())) !== t.mode) dirModes.push([abs, t.mode]);
        } else if (t.type === 'file') {
          const rewrite = !a || !sameContent(a, t);
          // A file held aside for the report (observe()) gets a new inode, not a rewrite in place.
          const fresh = !a || (rewrite && this.linked.delete(key));
          const mode = fresh ? createdMode(t.mode, mask()) : a.mode;
          if (rewrite || mode !== t.mode) this.changing(abs);
          if (a && fresh) fs.unlinkSync(abs);
          if (rewrite) writeFileEntry(abs, t);
          if (mode !== t.mode) fs.chmodSync(abs, t.mode);
        } else if (t.type === 'symlink' && !a) this.changing(abs) && fs.symlinkSync(t.target ?? Buffer.alloc(0), abs);
      } catch (err) {
        throw new TreeWriteError(t.path, err);
      }
    }
    for (let i = dirModes.length - 1; i >= 0; i--) {
      const [abs, mode] = dirModes[i] as [Buffer, number];
      this.changing(abs);
      fs.chmodSync(abs, mode);
    }
    this.noteMade(made);
    // A copy: the target is shared by the case's exporters, and actual is edited.
    this.actual = new Map(want);
    const rootPath = path.join(this.dir, 'root');
    return { ...rootFlags(c.root, rootPath), rootPath };
  }

  /** How the slot is snapshotted after an export: small files' bytes kept, every file's path noted. */
  static readonly SNAPSHOT = { keep: (_rel: Buffer, size: number) => size <= KEEP_INLINE, sources: true };

  /**
   * Records the slot's state after an export (its snapshot, taken with
   * SNAPSHOT) and makes every file's bytes readable until the slot runs
   * another case: unchanged ones are the case's own, changed large ones are
   * hard-linked aside (prepare() never rewrites a file in place, so the link
   * keeps the export's bytes).
   */
  observe(tree: readonly TreeEntry[]): void {
    for (const e of tree) {
      if (e.type !== 'file') continue;
      const before = this.actual.get(e.path.toString('latin1'));
      if (before?.type === 'file' && sameContent(before, e)) {
        // Unchanged: the case's own bytes (held once, not once per export).
        if (before.content !== undefined) e.content = before.content;
        else if (e.content === undefined) e.source = before.source;
        continue;
      }
      if (e.content !== undefined || e.source === undefined) continue;
      fs.mkdirSync(this.keepDir, { recursive: true });
      const held = Buffer.from(path.join(this.keepDir, String(this.kept++)));
      try {
        fs.linkSync(e.source, held);
        this.linked.add(e.path.toString('latin1'));
      } catch {
        fs.copyFileSync(e.source, held);
      }
      e.source = held;
    }
    this.actual = new Map(tree.map((e) => [e.path.toString('latin1'), e]));
  }
}
