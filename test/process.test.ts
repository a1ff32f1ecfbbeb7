// The harness's process runner (src/parity/core/process.ts, on execa):
// exit codes, signals, spawn failures, output capture, and that a timeout or
// a straggling grandchild never outlives the export.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchSession } from '../src/parity/exporters/batch.js';
import { runProcess } from '../src/parity/core/process.js';

const opts = (timeoutMs = 10_000) => ({ cwd: os.tmpdir(), env: { ...process.env }, timeoutMs });

/** Whether pid is a live process (a zombie, killed but not yet reaped, is not). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A file in a fresh directory where scripts append the pids of grandchildren; alive() is true if any lives. */
function pidFile(): { file: string; alive: () => Promise<boolean> } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proc-test-')), 'pid');
  return {
    file,
    alive: async () => {
      const pids = fs.readFileSync(file, 'utf8').trim().split('\n').map(Number);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      expect(pids.every((p) => p > 0)).toBe(true);
      // SIGKILL is delivered asynchronously: give it a moment.
      for (let i = 0; i < 20 && pids.some(isAlive); i++) await new Promise((r) => setTimeout(r, 25));
      return pids.some(isAlive);
    },
  };
}

describe('runProcess', () => {
  it('captures stdout, stderr and the exit code as bytes', async () => {
    const r = await runProcess('/bin/sh', ['-c', 'printf "a\\377\\n"; printf e >&2; exit 3'], opts());
    expect(r.ending).toEqual({ kind: 'exited', code: 3 });
    expect(r.stdout).toEqual(Buffer.from([0x61, 0xff, 0x0a]));
    expect(r.stderr.toString()).toBe('e');
  });

  it('reports a signal, a program that cannot start, and arguments execa refuses', async () => {
    expect((await runProcess('/bin/sh', ['-c', 'kill -SEGV $$'], opts())).ending).toEqual({ kind: 'signaled', signal: 'SIGSEGV' });
    const missing = await runProcess('/nonexistent/exporter', [], opts());
    expect(missing.ending).toMatchObject({ kind: 'spawn-failed', message: expect.stringContaining('ENOENT') });
    const nul = await runProcess('/bin/echo', ['a\0b'], opts());
    expect(nul.ending).toMatchObject({ kind: 'spawn-failed', message: expect.stringContaining('null bytes') });
  });

  it('kills the whole process group at the timeout, grandchildren included', async () => {
    const p = pidFile();
    const started = Date.now();
    const r = await runProcess('/bin/sh', ['-c', `sleep 600 & echo $! >> ${p.file}; sleep 601`], opts(500));
    expect(r.ending).toEqual({ kind: 'timeout', afterMs: 500 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await p.alive()).toBe(false);
  });

  it('kills a grandchild that keeps the pipes open after the leader exits', async () => {
    const p = pidFile();
    const started = Date.now();
    const r = await runProcess('/bin/sh', ['-c', `sleep 600 & echo $! >> ${p.file}; echo done`], opts());
    expect(r.ending).toEqual({ kind: 'exited', code: 0 });
    expect(r.stdout.toString()).toBe('done\n');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await p.alive()).toBe(false);
  });
});

describe('BatchSession', () => {
  it('restarts a process that died, and kills its group on close', async () => {
    const p = pidFile();
    // Answers one request with a fixed result, then exits on the second.
    const script = `sleep 600 & echo $! >> ${p.file}; read l; echo '{"result":{"n":1},"error":null}'; read l; exit 7`;
    const s = new BatchSession({ file: '/bin/sh', args: ['-c', script], cwd: os.tmpdir(), env: { ...process.env } });
    const req = { root: '/x', recorded_at: 't', dry_run: false, include_partial: false };
    const first = await s.run(req, 5000);
    expect(first.ending).toEqual({ kind: 'exited', code: 0 });
    expect(first.stdout.toString()).toBe('{"n":1}\n');
    const second = await s.run(req, 5000);
    expect(second.ending).toMatchObject({ kind: 'protocol', message: expect.stringContaining('exited with code 7 before answering') });
    const third = await s.run(req, 5000);
    expect(third.ending).toEqual({ kind: 'exited', code: 0 });
    expect(fs.readFileSync(p.file, 'utf8').trim().split('\n')).toHaveLength(2);
    await s.close();
    expect(await p.alive()).toBe(false);
  });

  it('times out a request and kills the process group', async () => {
    const p = pidFile();
    const s = new BatchSession({ file: '/bin/sh', args: ['-c', `sleep 600 & echo $! >> ${p.file}; wait`], cwd: os.tmpdir(), env: { ...process.env } });
    const r = await s.run({ root: '/x', recorded_at: 't', dry_run: false, include_partial: false }, 300);
    expect(r.ending).toEqual({ kind: 'timeout', afterMs: 300 });
    await new Promise((res) => setTimeout(res, 100));
    expect(await p.alive()).toBe(false);
    await s.close();
  });
});
