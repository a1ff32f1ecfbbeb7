// The harness's main thread at SCHED_FIFO, and nothing else
// (src/parity/core/schedule.ts): asked for in a process of its own, since
// it changes the scheduling of the thread that asks.
import { execa } from 'execa';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/toolchains.js';
import { requireNobody } from './helpers/sandbox.js';
import { runParity, WRONG } from './wrong-exporters/run-parity.js';

const SCHEDULE = path.join(REPO_ROOT, 'dist/src/parity/core/schedule.js');

/**
 * Raises the main thread of a fresh node, then reads the policy (0 normal,
 * 1 SCHED_FIFO) of: its main thread, a worker thread it starts after, and a
 * process it starts after.
 */
const PROBE = `
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { raiseMainThread } from ${JSON.stringify(SCHEDULE)};
const policy = (sched) => Number(/^policy\\s*:\\s*(\\d+)/m.exec(sched)[1]);
const s = raiseMainThread();
const main = policy(fs.readFileSync('/proc/thread-self/sched', 'utf8'));
const worker = await new Promise((resolve, reject) => {
  const w = new Worker("import fs from 'node:fs'; import { parentPort } from 'node:worker_threads'; parentPort.postMessage(fs.readFileSync('/proc/thread-self/sched', 'utf8'));", { eval: true });
  w.once('message', (m) => { resolve(policy(m)); w.terminate(); });
  w.once('error', reject);
});
const child = policy(spawnSync('cat', ['/proc/self/sched'], { encoding: 'utf8' }).stdout);
process.stdout.write(JSON.stringify({ ...s, main, worker, child }));
`;

async function probe(asNobody: boolean): Promise<{ raised: boolean; summary: string; main: number; worker: number; child: number }> {
  const node = [process.execPath, '--input-type=module', '-e', PROBE];
  const r = await execa(asNobody ? 'runuser' : node[0]!, asNobody ? ['-u', 'nobody', '--', ...node] : node.slice(1), { reject: false });
  if (r.exitCode !== 0) throw new Error(`the probe failed (${r.exitCode}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { raised: boolean; summary: string; main: number; worker: number; child: number };
}

const root = process.getuid?.() === 0;
const linux = process.platform === 'linux';

describe('the main thread at SCHED_FIFO', () => {
  it.runIf(linux)('raises the main thread alone: a worker thread and a process started after it run as usual', async () => {
    const p = await probe(false);
    // Root may (CAP_SYS_NICE); CI runs as root.
    if (root || process.env['CI']) expect(p.raised, p.summary).toBe(true);
    expect(p.main).toBe(p.raised ? 1 : 0);
    expect(p.worker).toBe(0);
    expect(p.child).toBe(0);
    if (!p.raised) expect(p.summary).toMatch(/^as usual \(chrt could not (run|raise it)/);
  });

  it.runIf(linux && requireNobody('the real-time fallback as an unprivileged user'))('as a user who may not, goes on as usual and says why', async () => {
    const p = await probe(true);
    expect(p).toMatchObject({ raised: false, main: 0, worker: 0, child: 0 });
    expect(p.summary).toMatch(/^as usual \(chrt could not raise it: .*not permitted/i);
  });

  it('says in the header what the CLI asked for, and --no-realtime leaves the thread as it is', async () => {
    const passthrough = path.join(WRONG, 'passthrough');
    const args = ['--no-golden', '--runs', '3', '--exporters', 'control,twin', '--reference', 'control', '--exporter', `control=${passthrough}`, '--exporter', `twin=${passthrough}`];
    const on = await runParity(args);
    expect(on.code, on.stdout + on.stderr).toBe(0);
    if (linux && (root || process.env['CI'])) expect(on.stdout).toMatch(/^scheduling: the harness's main thread at SCHED_FIFO 1, reset on fork/m);
    else expect(on.stdout).toMatch(/^scheduling: (the harness's main thread at SCHED_FIFO|as usual \()/m);
    const off = await runParity([...args, '--no-realtime']);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^scheduling: as usual \(--no-realtime\)$/m);
  });
});
