// A termination signal while the TypeScript exporter publishes its export
// (src/export/publish.ts): the temporary file is never left behind, and the
// signal is not lost: the process ends by it once the export is in place.
// Node delivers signals to JavaScript only from its event loop, so a child
// process runs the built publish module with a spool whose write blocks the
// thread, and is signalled while it does.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/toolchains.js';

const PUBLISH = path.join(REPO_ROOT, 'dist/src/export/publish.js');

/**
 * The child: writes `target` through writeFile with a spool that says
 * "writing" and then holds the thread for 1.5 s before writing its bytes;
 * says "published" after, then "idle" 100 ms later, and then holds the
 * thread for 3 s more (a signal then must act at once, as by default).
 */
const CHILD = `
import fs from 'node:fs';
const { writeFile } = await import(process.argv[1]);
const hold = (ms) => { const t = Date.now(); while (Date.now() - t < ms) {} };
const say = (s) => fs.writeSync(1, s + '\\n');
writeFile(Buffer.from(process.argv[2]), { writeTo(fd) { say('writing'); hold(1500); fs.writeSync(fd, 'all of it\\n'); } });
say('published');
setTimeout(() => { say('idle'); hold(3000); say('still alive'); }, 100);
`;

let dir = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-publish-signals-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the child on target, sends `signal` when it prints `when`; its stdout and how it ended. */
function signalled(target: string, when: string, signal: NodeJS.Signals): Promise<{ stdout: string; code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  return new Promise((resolve, reject) => {
    let sentAt = 0;
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, PUBLISH, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (sentAt === 0 && stdout.split('\n').includes(when)) {
        sentAt = Date.now();
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve({ stdout, code, signal: sig, ms: sentAt === 0 ? -1 : Date.now() - sentAt }));
    setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
  });
}

describe('a termination signal during the publish', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal}: the export is published whole, no temporary file is left, and the process ends by ${signal}`, async () => {
      const target = path.join(dir, `export-${signal}.jsonl`);
      const run = await signalled(target, 'writing', signal);
      expect(run.signal, run.stdout).toBe(signal);
      expect(run.stdout).toBe('writing\npublished\n');
      expect(fs.readFileSync(target, 'utf8')).toBe('all of it\n');
      expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    });
  }

  it('after the publish, the default handling is back: a signal ends the process at once', async () => {
    const target = path.join(dir, 'export-after.jsonl');
    const run = await signalled(target, 'idle', 'SIGTERM');
    expect(run.signal, run.stdout).toBe('SIGTERM');
    expect(run.stdout).toBe('writing\npublished\nidle\n');
    // Not after the 3 s the thread is held: the signal did not wait for the event loop.
    expect(run.ms).toBeLessThan(2500);
  });
});
