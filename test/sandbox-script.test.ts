// The sandbox's mount script (src/parity/sandbox/script.ts): mounts go to
// fstab files for `mount -a`, so the paths in them must come back from
// libmount byte for byte, and a command that makes something in the view
// must keep its order against the mounts wherever that order can matter.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildScript, fstabField } from '../src/parity/sandbox/script.js';
import type { Step } from '../src/parity/sandbox/plan.js';

/** findmnt's -r output: bytes it does not print as they are come as \xHH. */
function unhex(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === 'x') {
      out.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else out.push(s.charCodeAt(i));
  }
  return Buffer.from(out);
}

function hasFindmnt(): boolean {
  try {
    execFileSync('findmnt', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the sandbox mount script', () => {
  const findmnt = hasFindmnt();
  if (!findmnt) console.warn('skipping the fstab round trip: findmnt (util-linux) is not on PATH');

  it.skipIf(!findmnt && !process.env['CI'])('writes fstab paths that libmount reads back as the same bytes', () => {
    const odd = [
      Buffer.from('/plain/path_1.2+@%=:,-'),
      Buffer.from('/with space/and\ttab/and\nnewline'),
      Buffer.from('/back\\slash/#hash/"quote"/\'single\''),
      Buffer.from('/é/日本/\u2028'),
      Buffer.concat([Buffer.from('/bytes-'), Buffer.from(Array.from({ length: 255 }, (_, i) => i + 1).filter((b) => b !== 0x2f))]),
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fstab-test-'));
    try {
      const file = path.join(dir, 'fstab');
      fs.writeFileSync(file, Buffer.concat(odd.map((p, i) => Buffer.concat([fstabField(p), Buffer.from(` /target/${i} none bind 0 0\n`)]))));
      const out = execFileSync('findmnt', ['--tab-file', file, '-n', '-r', '-o', 'SOURCE'], { encoding: 'latin1' });
      expect(out.trimEnd().split('\n').map(unhex)).toEqual(odd);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes the mounts in one mount -a, in the plan order, and keeps a command after the mounts its path is at or below', () => {
    const like = { mode: 0o755, uid: 0, gid: 0 };
    const steps: Step[] = [
      { op: 'skeleton' },
      { op: 'mkdir', at: Buffer.from('/a'), like },
      { op: 'overlay', at: Buffer.from('/a'), layer: 0, like },
      // Below the waiting overlay: must come after it.
      { op: 'symlink', at: Buffer.from('/a/link'), target: Buffer.from('x') },
      { op: 'rbind', at: Buffer.from('/dev') },
      // Apart from every waiting mount: may go first.
      { op: 'symlink', at: Buffer.from('/bin'), target: Buffer.from('usr/bin') },
      { op: 'file', at: Buffer.from('/.dockerenv') },
      { op: 'bind', at: Buffer.from('/scratch') },
      { op: 'seal' },
    ];
    const built = buildScript(steps, 'root', '/state');
    const lines = built.script.toString('latin1').trimEnd().split('\n');
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    // Two fstab files in the state directory, each read by its own mount -a line, in order.
    expect(built.files).toHaveLength(2);
    const [one, two] = built.files.map((f) => path.basename(f.path));
    for (const f of built.files) expect(f.path).toMatch(/^\/state\/fstab-\d+$/);
    const mountA = (name: string | undefined): number => lines.indexOf(`mount -a --fstab "$S/${name ?? ''}"`);
    expect(mountA(one)).toBeGreaterThanOrEqual(0);
    expect(mountA(two)).toBeGreaterThan(mountA(one));
    expect(at(/^ln -s -- 'x' "\$N"'\/a\/link'$/)).toBeGreaterThan(mountA(one));
    expect(at(/'usr\/bin'/)).toBeGreaterThan(mountA(one));
    expect(at(/'usr\/bin'/)).toBeLessThan(mountA(two));
    expect(at(/^: > "\$N"'\/.dockerenv'$/)).toBeLessThan(mountA(two));
    expect(at(/remount,bind,ro -- "\$N"$/)).toBe(lines.length - 1);
    const [first, second] = built.files.map((f) => f.text.toString('latin1').trimEnd().split('\n'));
    expect(first).toEqual(['sft-parity /state/root/a overlay metacopy=off,redirect_dir=nofollow,lowerdir=/a,upperdir=/state/up/0,workdir=/state/work/0 0 0']);
    expect(second).toEqual(['/dev /state/root/dev none rbind 0 0', '/.dockerenv /state/root/.dockerenv none bind,ro 0 0', '/scratch /state/root/scratch none bind 0 0']);
  });
});
