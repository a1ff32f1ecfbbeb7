// The sandbox (src/parity/sandbox): exporters see the real paths; whatever
// they write outside the scratch space is captured, named, and never reaches
// the real file system, as root (a mount namespace) and as another user (a
// user namespace); without a sandbox the run says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../src/parity/core/process.js';
import { removeTree } from '../src/parity/tree/remove.js';
import { parseMountinfo } from '../src/parity/sandbox/mounts.js';
import { Sandbox } from '../src/parity/sandbox/sandbox.js';
import { requireNobody, requireSandbox } from './helpers/sandbox.js';
import { REPO_ROOT } from './helpers/toolchains.js';
import { CLI, WRONG, privateDir, runParity } from './wrong-exporters/run-parity.js';
import { execa } from 'execa';

describe('mount table', () => {
  it('reads mount points as bytes, with their escapes undone, and read-only flags', () => {
    const text = Buffer.from(
      [
        '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
        '28 27 0:25 / /mnt/with\\040space\\134x ro,nosuid - tmpfs t ro,size=4k',
        '29 27 0:26 / /data rw shared:1 - xfs /dev/vdb rw',
        '30 27 0:27 / /proc rw - proc proc rw',
      ].join('\n') + '\n',
    );
    const m = parseMountinfo(text);
    expect(m.map((x) => [x.point.toString('latin1'), x.fsType, x.readOnly])).toEqual([
      ['/', 'ext4', false],
      ['/mnt/with space\\x', 'tmpfs', true],
      ['/data', 'xfs', false],
      ['/proc', 'proc', false],
    ]);
  });
});

const ENABLED = await requireSandbox('sandbox tests');

describe.runIf(ENABLED)('a sandbox', () => {
  let dir = '';
  let box: Sandbox;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-'));
    fs.mkdirSync(path.join(dir, 'cwd'));
    box = new Sandbox({ kind: process.getuid?.() === 0 ? 'root' : 'user', stateDir: path.join(dir, 'state'), writable: [path.join(dir, 'cwd')] });
    await box.ready();
  });
  afterAll(() => {
    box.close();
    removeTree(dir);
  });

  const sh = async (script: string) => {
    const c = box.command('/bin/sh', ['-c', script], path.join(dir, 'cwd'));
    return runProcess(c.file, c.args, { cwd: path.join(dir, 'cwd'), env: { ...process.env }, timeoutMs: 20_000 });
  };

  it('shows the real paths, keeps writes to the scratch space, and captures every other write', async () => {
    const outside = fs.mkdtempSync('/var/tmp/sandbox-test-');
    fs.writeFileSync(path.join(outside, 'victim'), 'keep me\n');
    try {
      // Settled: from now on a clean layer is told by its upper root's ctime alone.
      await new Promise((r) => setTimeout(r, 60));
      expect(box.outsideWrites()).toEqual([]);
      const r = await sh(
        `cat ${outside}/victim && echo mine > here.txt && echo evil > ${outside}/evil.txt && rm ${outside}/victim && mkdir ${outside}/d && cat ${outside}/evil.txt`,
      );
      expect(r.stderr.toString()).toBe('');
      expect(r.stdout.toString()).toBe('keep me\nevil\n');
      expect(fs.readFileSync(path.join(dir, 'cwd/here.txt'), 'utf8')).toBe('mine\n');
      expect(box.outsideWrites().map(String)).toEqual([`${outside}/d`, `${outside}/evil.txt`, `${outside}/victim`]);
      // Nothing of it is real.
      expect(fs.readdirSync(outside)).toEqual(['victim']);
      expect(fs.readFileSync(path.join(outside, 'victim'), 'utf8')).toBe('keep me\n');
      // A refresh gives the next export the real state again.
      await box.refresh();
      expect(box.outsideWrites()).toEqual([]);
      const again = await sh(`cat ${outside}/victim; ls ${outside}`);
      expect(again.stdout.toString()).toBe('keep me\nvictim\n');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('keeps the top level read-only and kernel file systems as they are', async () => {
    const r = await sh('touch /sft-parity-top 2>&1; test -r /proc/self/status && echo proc; test -c /dev/null && echo dev');
    expect(r.stdout.toString()).toMatch(/Read-only file system\nproc\ndev\n$/);
    expect(fs.existsSync('/sft-parity-top')).toBe(false);
  });
});

describe.runIf(ENABLED)('the gate in a sandbox', () => {
  const evil = `evil=${path.join(WRONG, 'writes-outside')}`;
  const control = `control=${path.join(WRONG, 'passthrough')}`;
  const args = ['--no-golden', '--runs', '3', '--no-shrink', '--exporters', 'control,evil', '--reference', 'control', '--exporter', control, '--exporter', evil];

  it('names an exporter that writes outside the root and the path, and the file never exists', async () => {
    const x = `/var/tmp/sft-parity-test-${process.pid}`;
    const run = await runParity(args, { SFT_OUTSIDE_DIR: x });
    expect(run.stdout).toMatch(/^sandbox: a (user and )?mount namespace/m);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`evil wrote outside the root: ${x}/evil.txt`);
    expect(run.stdout).toMatch(/identical \/ cases[\s\S]*evil\s+0\/9\s+0\/3/);
    expect(fs.existsSync(x)).toBe(false);
    expect(run.leftInTmp).toEqual([]);
  });

  it('blames only the exporter that wrote outside, not one that ran after it in the same case', async () => {
    // Outside writes are looked for once per case; a case with some runs
    // again, looked at after each export, to tell whose they were.
    const x = `/var/tmp/sft-parity-test-after-${process.pid}`;
    const after = `after=${path.join(WRONG, 'passthrough')}`;
    const run = await runParity(['--no-golden', '--runs', '3', '--no-shrink', '--exporters', 'control,evil,after', '--reference', 'control', '--exporter', control, '--exporter', evil, '--exporter', after], {
      SFT_OUTSIDE_DIR: x,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`evil wrote outside the root: ${x}/evil.txt`);
    expect(run.stdout).not.toMatch(/(control|after) wrote outside/);
    expect(run.stdout).toMatch(/identical \/ cases[\s\S]*evil\s+0\/9\s+0\/3[\s\S]*after\s+9\/9\s+3\/3/);
    expect(fs.existsSync(x)).toBe(false);
  });

  it.runIf(requireNobody('the gate as an unprivileged user'))('does the same as an unprivileged user, in a user namespace', async () => {
    const tmp = privateDir('sandbox-nobody-');
    const x = `/var/tmp/sft-parity-test-nobody-${process.pid}`;
    try {
      fs.chownSync(tmp, 65534, 65534);
      const r = await execa('runuser', ['-u', 'nobody', '--', 'env', `TMPDIR=${tmp}`, `HOME=${tmp}`, `SFT_OUTSIDE_DIR=${x}`, 'NO_COLOR=1', process.execPath, CLI, ...args], {
        cwd: REPO_ROOT,
        reject: false,
      });
      expect(r.stdout).toMatch(/^sandbox: a user and mount namespace/m);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain(`evil wrote outside the root: ${x}/evil.txt`);
      expect(fs.existsSync(x)).toBe(false);
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      removeTree(tmp);
    }
  });

  it.runIf(requireNobody('the user namespace EOVERFLOW test'))("says so when a user namespace cannot capture a write (another owner's directory: EOVERFLOW)", async () => {
    const tmp = privateDir('sandbox-nobody-');
    const x = fs.mkdtempSync('/var/tmp/sft-parity-test-root-');
    try {
      fs.chmodSync(x, 0o777);
      fs.chownSync(tmp, 65534, 65534);
      const r = await execa('runuser', ['-u', 'nobody', '--', 'env', `TMPDIR=${tmp}`, `HOME=${tmp}`, `SFT_OUTSIDE_DIR=${x}`, 'NO_COLOR=1', process.execPath, CLI, ...args], { cwd: REPO_ROOT, reject: false });
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toContain('evil met EOVERFLOW, which in a user namespace means a write the sandbox could not copy up');
      expect(fs.readdirSync(x)).toEqual([]);
    } finally {
      removeTree(tmp);
      fs.rmSync(x, { recursive: true, force: true });
    }
  });

  it('says when it runs without a sandbox', async () => {
    const run = await runParity(['--no-golden', '--runs', '0', '--no-sandbox', '--exporters', 'control,go', '--exporter', control]);
    expect(run.stdout).toMatch(/^sandbox: none \(--no-sandbox\): --root cases run on a closed copy/m);
    expect(run.code).toBe(0);
  });
});
