// The exporter with its scored files on worker threads (SFT_EXPORT_WORKERS,
// src/export/pool.ts) must have every effect of the Go reference, whatever
// order the threads finish in: the parity gate compares both, on the golden
// corpus, the built-in cases and generated lakehouses (several scored files
// each, unreadable ones, symlinks, errors), one process per export.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireGo, REPO_ROOT } from './helpers/toolchains.js';
import { runParity } from './wrong-exporters/run-parity.js';

const BIN = path.join(REPO_ROOT, 'bin/export-sft');

describe.runIf(requireGo('worker-thread exporter against Go'))('export-sft on worker threads', () => {
  it('has the effects of the Go reference on every case, with more threads than files', async () => {
    const threads = `tsw=env SFT_EXPORT_WORKERS=3 ${process.execPath} ${BIN}`;
    const run = await runParity(['--exporters', 'go,tsw', '--exporter', threads, '--runs', '80', '--no-shrink', '--seed', '16']);
    expect(run.stdout).toMatch(/tsw\s+(\d+)\/\1\s+(\d+)\/\2\s+80\/80/);
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
  }, 600_000);

  it('rejects a bad SFT_EXPORT_WORKERS with a usage error', async () => {
    const { execa } = await import('execa');
    const r = await execa(process.execPath, [BIN, '--root', '/nonexistent'], { env: { SFT_EXPORT_WORKERS: 'many' }, reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('SFT_EXPORT_WORKERS must be a whole number');
  });
});
