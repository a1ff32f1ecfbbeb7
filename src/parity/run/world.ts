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
// Directories that must go are renamed into a trash directory, deleted with
// the scratch space at the end.
import fs from 'node:fs';
import path from 'node:path';
import type { ParityCase } from '../cases/case.js';
import { rootFlags } from '../cases/root.js';
import { sameContent, type TreeEntry } from '../tree/snapshot.js';
import { TreeWriteError, writeFileEntry, type WritableEntry } from '../tree/write.js';

export interface World {
  root: string | undefined;
  envRoot: string | undefined;
  /** The absolute path of <slot>/root, which stdout and stderr may contain. */
  rootPath: string;
}

const ROOT = Buffer.from('root');
const ROOT_SLASH = Buffer.from('root/');

/** The slot-relative entries a case starts from, sorted bytewise. */
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

function under(p: Buffer, dir: Buffer): boolean {
  return p.length > dir.length && p[dir.length] === 0x2f && p.subarray(0, dir.length).equals(dir);
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
    /** Where large changed files are held until the slot runs another case. */
    private readonly keepDir: string = path.join(trashDir, `keep-${path.basename(dir)}`),
  ) {}

  private abs(p: Buffer): Buffer {
    return Buffer.concat([Buffer.from(this.dir + '/'), p]);
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
    const target = targetEntries(c);
    const want = new Map(target.map((e) => [e.path.toString('latin1'), e]));
    // Remove what the target does not have, or has as another type or link.
    const removed: Buffer[] = [];
    const actualSorted = [...this.actual.values()].sort((a, b) => Buffer.compare(a.path, b.path));
    for (const a of actualSorted) {
      if (removed.some((d) => under(a.path, d))) {
        this.actual.delete(a.path.toString('latin1'));
        continue;
      }
      const t = want.get(a.path.toString('latin1'));
      const keep = t !== undefined && t.type === a.type && (a.type !== 'symlink' || same(a.target, t.target));
      if (keep) continue;
      if (a.type === 'dir') {
        this.trash(a.path);
        removed.push(a.path);
      } else fs.unlinkSync(this.abs(a.path));
      this.actual.delete(a.path.toString('latin1'));
    }
    // Create what is missing and fix what differs; directory modes last.
    const dirModes: [Buffer, number][] = [];
    for (const t of target) {
      const a = this.actual.get(t.path.toString('latin1'));
      const abs = this.abs(t.path);
      try {
        if (t.type === 'dir') {
          if (!a) fs.mkdirSync(abs);
          if (!a || a.mode !== t.mode) dirModes.push([abs, t.mode]);
        } else if (t.type === 'file') {
          const rewrite = !a || !sameContent(a, t);
          // A file held aside for the report (observe()) gets a new inode, not a rewrite in place.
          if (a && rewrite && this.linked.delete(t.path.toString('latin1'))) fs.unlinkSync(abs);
          if (rewrite) writeFileEntry(abs, t);
          if (!a || a.mode !== t.mode) fs.chmodSync(abs, t.mode);
        } else if (t.type === 'symlink' && !a) fs.symlinkSync(t.target ?? Buffer.alloc(0), abs);
      } catch (err) {
        throw new TreeWriteError(t.path, err);
      }
    }
    for (let i = dirModes.length - 1; i >= 0; i--) {
      const [abs, mode] = dirModes[i] as [Buffer, number];
      fs.chmodSync(abs, mode);
    }
    this.actual = want;
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
