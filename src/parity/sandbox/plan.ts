// How the sandbox's view of the file system is built: the same paths as the
// real one, where every directory tree that holds data is an overlay (the
// real tree read-only underneath, writes landing in an upper directory in
// the scratch space, where the harness finds them), kernel file systems
// (/proc, /sys, /dev) are bound as they are, and the directories above mount
// points are a read-only skeleton that mirrors the real ones. An overlay
// cannot take a tree with other mounts inside it as its lower layer (and in
// a user namespace not even try), hence the skeleton above them.
import fs from 'node:fs';
import { holdsData, within, type Mount } from './mounts.js';

export type Step =
  /** The skeleton: a tmpfs at the sandbox root. */
  | { op: 'skeleton' }
  /** A skeleton directory mirroring `at` (mode and owner as the real one). */
  | { op: 'mkdir'; at: Buffer; like: Owner }
  | { op: 'symlink'; at: Buffer; target: Buffer }
  /** A file (or device, fifo, socket) of the skeleton level: the real one, bound read-only. */
  | { op: 'file'; at: Buffer }
  /** A kernel file system, bound with everything mounted below it. */
  | { op: 'rbind'; at: Buffer }
  /** The real tree at `at` as the lower layer of overlay number `layer` (whose root looks like the real one). */
  | { op: 'overlay'; at: Buffer; layer: number; like: Owner }
  /** A real directory bound read-write: the exporters' own scratch space. */
  | { op: 'bind'; at: Buffer }
  /** The skeleton made read-only, once everything is mounted on it. */
  | { op: 'seal' };

/** Mode and owner of a real directory, which its stand-in in the view copies. */
export interface Owner {
  mode: number;
  uid: number;
  gid: number;
}

/** The mode and owner of a directory (0755 root when it cannot be read). */
export function ownerOf(p: Buffer): Owner {
  try {
    const st = fs.statSync(p);
    return { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch {
    return { mode: 0o755, uid: 0, gid: 0 };
  }
}

/** An overlay capturing writes: what is written at `point` (and below) lands in upper dir `index`. */
export interface Layer {
  index: number;
  point: Buffer;
}

export interface Plan {
  steps: Step[];
  layers: Layer[];
}

export interface PlanInput {
  mounts: readonly Mount[];
  /** Directories bound read-write into the sandbox (the slot's scratch dir, TMPDIR). */
  writable: readonly Buffer[];
  /**
   * Directories that get an overlay of their own on top of the one they are
   * in: shared world-writable ones (/tmp, /var/tmp), whose files a user
   * namespace could not copy up from a parent overlay.
   */
  ownLayers: readonly Buffer[];
}

const SLASH = Buffer.from('/');
const ROOT = SLASH;

function join(dir: Buffer, name: Buffer): Buffer {
  return dir.length === 1 ? Buffer.concat([SLASH, name]) : Buffer.concat([dir, SLASH, name]);
}

export function planSandbox(input: PlanInput): Plan {
  // The mount on top at each point (mountinfo lists stacked mounts in order).
  const top = new Map<string, Mount>();
  for (const m of input.mounts) top.set(m.point.toString('latin1'), m);
  const points = [...top.values()];
  const steps: Step[] = [];
  const layers: Layer[] = [];
  const overlay = (at: Buffer): void => {
    const layer = layers.length;
    layers.push({ index: layer, point: at });
    steps.push({ op: 'overlay', at, layer, like: ownerOf(at) });
  };
  /** The mount a path is on: the deepest mount point above it. */
  const mountOf = (p: Buffer): Mount | undefined =>
    points.filter((m) => within(p, m.point)).sort((a, b) => b.point.length - a.point.length)[0];
  const below = (d: Buffer): Mount[] => points.filter((m) => within(m.point, d) && !m.point.equals(d));

  /** Data mounts under a bound kernel file system (/dev/shm under /dev) get overlays of their own. */
  const captureUnder = (d: Buffer): void => {
    for (const m of below(d)) if (holdsData(m) && below(m.point).length === 0) overlay(m.point);
  };

  const build = (d: Buffer): void => {
    const m = mountOf(d);
    if (m && !holdsData(m)) {
      steps.push({ op: 'rbind', at: d });
      captureUnder(d);
      return;
    }
    if (below(d).length === 0) {
      overlay(d);
      return;
    }
    let names: Buffer[];
    try {
      names = fs.readdirSync(d, { encoding: 'buffer' }).sort(Buffer.compare);
    } catch {
      // Unreadable, yet with mounts inside: bound as it is.
      steps.push({ op: 'rbind', at: d });
      return;
    }
    if (d.equals(ROOT)) steps.push({ op: 'skeleton' });
    for (const name of names) {
      const e = join(d, name);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(e);
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) steps.push({ op: 'symlink', at: e, target: fs.readlinkSync(e, { encoding: 'buffer' }) });
      else if (st.isDirectory()) {
        steps.push({ op: 'mkdir', at: e, like: { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid } });
        build(e);
      } else steps.push({ op: 'file', at: e });
    }
  };

  build(ROOT);
  const isSkeleton = steps[0]?.op === 'skeleton';
  for (const d of input.ownLayers) {
    const covering = layers.filter((l) => within(d, l.point)).sort((a, b) => b.point.length - a.point.length)[0];
    // Only inside an overlay (not the skeleton, not a bound kernel fs), and not one already.
    if (covering && !covering.point.equals(d) && below(d).length === 0) overlay(d);
  }
  for (const w of input.writable) steps.push({ op: 'bind', at: w });
  if (isSkeleton) steps.push({ op: 'seal' });
  return { steps, layers };
}
