// What one export changed in the captured directories of a --root case, read
// from their overlays' upper directories: only what the export touched is
// read, whatever the lakehouse's size. Each changed path is described as the
// export's merged view shows it (read through the sandbox's root), and
// compared with the real file underneath: a file rewritten with the same
// bytes is no change, a deleted lakehouse file is one (null).
import fs from 'node:fs';
import { sameContent, statEntry, type TreeEntry } from '../tree/snapshot.js';
import type { Capture } from './sandbox.js';

/** Changed paths (real, absolute; by latin1 key) and what is there now, or null when the export removed what was there. */
export type Changes = Map<string, TreeEntry | null>;

const SLASH = Buffer.from('/');

function join(dir: Buffer, name: Buffer): Buffer {
  return dir.length === 1 ? Buffer.concat([SLASH, name]) : Buffer.concat([dir, SLASH, name]);
}

function lstat(p: Buffer): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function names(d: Buffer): Buffer[] {
  try {
    return fs.readdirSync(d, { encoding: 'buffer' });
  } catch {
    return [];
  }
}

/** The real (unchanged) entry at p, hashed; undefined when there is none. */
export function realEntry(p: Buffer): TreeEntry | undefined {
  return lstat(p) ? statEntry(p, p, { sources: true }) : undefined;
}

/** True when two entries describe the same thing (type, mode, bytes or target). */
export function sameEntry(a: TreeEntry, b: TreeEntry): boolean {
  if (a.type !== b.type || a.mode !== b.mode) return false;
  if (a.type === 'file') return sameContent(a, b);
  if (a.type === 'symlink') return (a.target ?? Buffer.alloc(0)).equals(b.target ?? Buffer.alloc(0));
  return true;
}

/**
 * The changes an export made in the captures. `merged` maps a real path to
 * where the harness reads it as the export's view has it.
 */
export function readChanges(captures: readonly Capture[], merged: (p: Buffer) => Buffer): Changes {
  const out: Changes = new Map();
  const visit = (c: Capture, upperDir: Buffer, at: Buffer): void => {
    for (const name of names(upperDir).sort(Buffer.compare)) {
      const u = join(upperDir, name);
      const p = join(at, name);
      const st = lstat(u);
      if (!st) continue;
      const real = lstat(p);
      if (st.isCharacterDevice() && st.rdev === 0) {
        // A whiteout: the export removed p (if there was anything to remove).
        if (real) out.set(p.toString('latin1'), null);
        continue;
      }
      if (st.isDirectory()) {
        const now = lstat(merged(p));
        if (now && (!real || !real.isDirectory() || (real.mode & 0o7777) !== (now.mode & 0o7777))) {
          out.set(p.toString('latin1'), { path: p, type: 'dir', mode: now.mode & 0o7777 });
        }
        if (real?.isDirectory()) {
          // A directory made anew hides everything below it without whiteouts (it is opaque).
          const shown = new Set(names(merged(p)).map((n) => n.toString('latin1')));
          for (const n of names(p)) if (!shown.has(n.toString('latin1'))) out.set(join(p, n).toString('latin1'), null);
        }
        visit(c, u, p);
        continue;
      }
      // Files and links in the upper layer are what the export's view has (no metacopy).
      const now = statEntry(u, p, { sources: true });
      const before = real ? statEntry(p, p, { sources: true }) : undefined;
      if (!before || !sameEntry(before, now)) out.set(p.toString('latin1'), now);
    }
  };
  for (const c of captures) visit(c, c.upper, c.point);
  return out;
}

/**
 * The state of p after an export with these changes: changed, or removed
 * with a directory above it, or else the real one underneath.
 */
export function stateAfter(changes: Changes, p: Buffer, real: (p: Buffer) => TreeEntry | undefined): TreeEntry | undefined {
  const own = changes.get(p.toString('latin1'));
  if (own !== undefined) return own ?? undefined;
  for (let cut = p.lastIndexOf(0x2f); cut > 0; cut = p.lastIndexOf(0x2f, cut - 1)) {
    const above = changes.get(p.subarray(0, cut).toString('latin1'));
    if (above === null || (above !== undefined && above.type !== 'dir')) return undefined;
  }
  return real(p);
}
