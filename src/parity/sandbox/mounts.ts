// The mount table, as the sandbox needs it: where each file system is
// mounted, of what type, and whether it is read-only. Read from
// /proc/self/mountinfo (proc(5)); mount points are raw bytes there, with
// space, tab, newline and backslash written as octal escapes.
import fs from 'node:fs';

export interface Mount {
  /** Absolute mount point, raw bytes. */
  point: Buffer;
  fsType: string;
  readOnly: boolean;
}

/** File systems that are kernel interfaces, not data: bound into the sandbox as they are. */
const KERNEL_FS = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'mqueue',
  'securityfs',
  'debugfs',
  'tracefs',
  'bpf',
  'pstore',
  'configfs',
  'fusectl',
  'hugetlbfs',
  'binfmt_misc',
  'autofs',
  'efivarfs',
  'selinuxfs',
  'nsfs',
  'rpc_pipefs',
  'nfsd',
]);

/** True for a mount whose writes would change stored data (so the sandbox captures them). */
export function holdsData(m: Mount): boolean {
  return !KERNEL_FS.has(m.fsType) && !m.readOnly;
}

/** "\040" and friends back to bytes. */
function unescapeOctal(field: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < field.length; i++) {
    const c = field[i] as number;
    const oct = field.subarray(i + 1, i + 4).toString('latin1');
    if (c === 0x5c && /^[0-7]{3}$/.test(oct)) {
      out.push(parseInt(oct, 8));
      i += 3;
    } else out.push(c);
  }
  return Buffer.from(out);
}

/** Parses mountinfo text; the last mount at a point is the one on top. */
export function parseMountinfo(text: Buffer): Mount[] {
  const mounts: Mount[] = [];
  let at = 0;
  while (at < text.length) {
    let nl = text.indexOf(0x0a, at);
    if (nl < 0) nl = text.length;
    const fields = text.subarray(at, nl).toString('latin1').split(' ');
    at = nl + 1;
    const dash = fields.indexOf('-');
    if (fields.length < 7 || dash < 6) continue;
    const point = unescapeOctal(Buffer.from(fields[4] as string, 'latin1'));
    const opts = (fields[5] as string).split(',');
    const superOpts = (fields[dash + 3] ?? '').split(',');
    mounts.push({ point, fsType: fields[dash + 1] as string, readOnly: opts.includes('ro') || superOpts.includes('ro') });
  }
  return mounts;
}

export function readMounts(): Mount[] {
  return parseMountinfo(fs.readFileSync('/proc/self/mountinfo'));
}

/** True when p is dir or below it (bytewise, whole components). */
export function within(p: Buffer, dir: Buffer): boolean {
  if (dir.length === 1 && dir[0] === 0x2f) return p[0] === 0x2f;
  return p.equals(dir) || (p.length > dir.length && p[dir.length] === 0x2f && p.subarray(0, dir.length).equals(dir));
}
