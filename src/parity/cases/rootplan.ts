// A real lakehouse given with --root, as the sandbox needs to know it: which
// real directories its exports may write through. Lakehouses link
// directories to other volumes (data/distilled -> /mnt/exports, a day of
// evidence -> ../../elsewhere); each directory outside the root that a link
// leads to, followed transitively, is captured like the root itself, so a
// write through a link is compared, not lost. Read once with lstat only.
import fs from 'node:fs';
import path from 'node:path';
import { holdsData, within, type Mount } from '../sandbox/mounts.js';

export interface LinkOut {
  /** The link, a real path inside the root or a captured directory. */
  link: Buffer;
  /** The real path it leads to, outside the root. */
  to: Buffer;
}

export interface RootPlan {
  /** The absolute path the exporters are given (--root), as the user wrote it, made absolute. */
  root: string;
  /** The root's real path, then each real directory outside it that links lead to (outermost only, mount points below them after them). */
  captures: Buffer[];
  /** Every link that leads out of the root. */
  linksOut: LinkOut[];
  /** Why the sandbox cannot capture this root; undefined when it can. */
  uncapturable: string | undefined;
}

export interface RootPlanContext {
  mounts: readonly Mount[];
  /** The harness's scratch space (a link into it is not followed). */
  scratch: string;
  /** In a user namespace only the user's own files can be copied up. */
  owner?: { uid: number; gid: number } | undefined;
}

const SLASH = Buffer.from('/');

function join(dir: Buffer, name: Buffer): Buffer {
  return dir.length === 1 ? Buffer.concat([SLASH, name]) : Buffer.concat([dir, SLASH, name]);
}

/** The real path of p, which need not exist: the deepest existing ancestor resolved, the rest appended. */
export function realish(p: Buffer): Buffer {
  const rest: Buffer[] = [];
  for (let cur = p; ; ) {
    try {
      const real = fs.realpathSync(cur, { encoding: 'buffer' });
      return rest.reduceRight((acc, name) => join(acc, name), real);
    } catch {
      const cut = cur.lastIndexOf(0x2f);
      if (cut <= 0) return p;
      rest.push(cur.subarray(cut + 1));
      cur = cur.subarray(0, cut);
    }
  }
}

/** The nearest existing directory at or above p. */
function existingDir(p: Buffer): Buffer {
  for (let cur = p; ; ) {
    try {
      if (fs.statSync(cur).isDirectory()) return cur;
    } catch {
      // missing: go up
    }
    const cut = cur.lastIndexOf(0x2f);
    cur = cut <= 0 ? SLASH : cur.subarray(0, cut);
    if (cur.equals(SLASH)) return cur;
  }
}

/** The real path a symlink at p (a real path) leads to, which need not exist. */
export function linkTarget(p: Buffer): Buffer {
  const target = fs.readlinkSync(p, { encoding: 'buffer' }).toString('latin1');
  return realish(Buffer.from(path.resolve(path.dirname(p.toString('latin1')), target), 'latin1'));
}

export function planRoot(dir: string, ctx: RootPlanContext): RootPlan {
  const root = path.resolve(dir);
  const rootReal = fs.realpathSync(root, { encoding: 'buffer' });
  const captures: Buffer[] = [rootReal];
  const linksOut: LinkOut[] = [];
  const problems: string[] = [];
  const scratch = Buffer.from(ctx.scratch);
  const queue: Buffer[] = [rootReal];
  const walk = (d: Buffer): void => {
    let names: Buffer[];
    try {
      names = fs.readdirSync(d, { encoding: 'buffer' });
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (ctx.owner && (st.uid !== ctx.owner.uid || st.gid !== ctx.owner.gid)) {
        problems.push(`${p.toString()} belongs to uid ${st.uid}, gid ${st.gid}, which a user namespace cannot copy up (run as root)`);
      }
      if (st.isDirectory()) walk(p);
      if (!st.isSymbolicLink()) continue;
      const to = linkTarget(p);
      if (within(to, rootReal) || within(to, scratch)) continue;
      linksOut.push({ link: p, to });
      let isDir = false;
      try {
        isDir = fs.statSync(to).isDirectory();
      } catch {
        // a file or nothing yet: its directory is captured
      }
      const cap = isDir ? to : existingDir(to.subarray(0, Math.max(1, to.lastIndexOf(0x2f))));
      if (captures.some((c) => within(cap, c))) continue;
      if (within(rootReal, cap) || within(scratch, cap)) {
        problems.push(`${p.toString()} leads to ${cap.toString()}, which holds the lakehouse or the scratch space itself`);
        continue;
      }
      // A capture swallows those below it (they are walked again as part of it).
      for (let i = captures.length - 1; i > 0; i--) if (within(captures[i] as Buffer, cap)) captures.splice(i, 1);
      captures.push(cap);
      queue.push(cap);
    }
  };
  for (let d = queue.shift(); d !== undefined; d = queue.shift()) if (captures.some((c) => c.equals(d))) walk(d);
  // Mounts below a captured directory are not in its overlay's lower layer: each is captured on top.
  for (const m of ctx.mounts) {
    if (!holdsData(m)) continue;
    if (captures.some((c) => within(m.point, c) && !m.point.equals(c)) && !captures.some((c) => c.equals(m.point))) captures.push(m.point);
  }
  const ordered = [rootReal, ...captures.slice(1).sort((a, b) => a.length - b.length || Buffer.compare(a, b))];
  const seen = new Set<string>();
  const links = linksOut.filter((l) => !seen.has(l.link.toString('latin1')) && seen.add(l.link.toString('latin1')));
  return { root, captures: ordered, linksOut: links, uncapturable: problems.length > 0 ? problems.slice(0, 3).join('; ') : undefined };
}
