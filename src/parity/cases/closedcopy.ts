// Where no sandbox can be made, a --root case runs on a closed copy in the
// slot: the lakehouse at root/, and each directory outside it that its links
// lead to at outside/<k>/, with every link that would leave the copy (an
// absolute one, or a relative one that climbs out) retargeted, relatively,
// into it. A write through a link then lands in the copy and is compared,
// and no exporter that follows the lakehouse's own links writes outside the
// scratch space. Files are copied from their sources, never held.
import path from 'node:path';
import { within } from '../sandbox/mounts.js';
import { snapshotTree, type TreeEntry } from '../tree/snapshot.js';
import type { WritableEntry } from '../tree/write.js';
import { linkTarget, type RootPlan } from './rootplan.js';

export interface ClosedCopy {
  /** The lakehouse, relative to root/. */
  entries: WritableEntry[];
  /** Copies of the directories outside it, relative to the slot (outside/<k>/…). */
  extra: WritableEntry[];
}

function under(prefix: string, rel: Buffer): Buffer {
  return rel.length === 0 ? Buffer.from(prefix) : Buffer.concat([Buffer.from(prefix + '/'), rel]);
}

export function closedCopy(plan: RootPlan): ClosedCopy {
  // A copy holds what is mounted below it: mount points captured on their own are in their parent's copy.
  const outer = plan.captures.filter((c, i) => i === 0 || !plan.captures.some((o, j) => j !== i && within(c, o)));
  const places = outer.map((real, k) => ({ real, at: k === 0 ? 'root' : `outside/${k}` }));
  /** Where a real path is in the slot, if the copy holds it. */
  const inSlot = (real: Buffer): Buffer | undefined => {
    for (const p of [...places].reverse()) if (within(real, p.real)) return under(p.at, real.subarray(p.real.length + (real.length > p.real.length ? 1 : 0)));
    return undefined;
  };
  const S = '/S';
  /** A link entry pointing where its real target's copy is, when the link as written would not. */
  const retarget = (e: TreeEntry, slotPath: Buffer, realLink: Buffer): TreeEntry => {
    const want = inSlot(linkTarget(realLink));
    if (!want) return e;
    const text = (e.target ?? Buffer.alloc(0)).toString('latin1');
    const from = path.posix.dirname(`${S}/${slotPath.toString('latin1')}`);
    const wantAbs = `${S}/${want.toString('latin1')}`;
    if (!text.startsWith('/') && path.posix.resolve(from, text) === wantAbs) return e;
    return { ...e, target: Buffer.from(path.posix.relative(from, wantAbs) || '.', 'latin1') };
  };
  const copyOf = (k: number): WritableEntry[] => {
    const { real, at } = places[k] as { real: Buffer; at: string };
    return snapshotTree(real, { sources: true })
      .filter((e) => e.type !== 'other')
      .map((e) => {
        const slotPath = under(at, e.path);
        const entry = e.type === 'symlink' ? retarget(e, slotPath, Buffer.concat([real, Buffer.from('/'), e.path])) : e;
        return { ...entry, path: k === 0 ? e.path : slotPath };
      });
  };
  const extra: WritableEntry[] = [];
  if (places.length > 1) extra.push({ path: Buffer.from('outside'), type: 'dir', mode: 0o755 });
  for (let k = 1; k < places.length; k++) {
    extra.push({ path: Buffer.from(`outside/${k}`), type: 'dir', mode: 0o755 }, ...copyOf(k));
  }
  return { entries: copyOf(0), extra };
}
