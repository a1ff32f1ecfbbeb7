// The package's public API, loaded the way a user loads it: through the
// "exports" of package.json (the built dist/ files and their .d.ts). exportSft
// is checked against the Go reference CLI (export bytes and result), and
// runParity against the gate's own verdict.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Library from '../src/export/index.js';
import type * as Parity from '../src/parity/index.js';
import { schemaExample, writeSchemaExample } from './helpers/schema-example.js';
import { GO_EXPORTER, REPO_ROOT, requireGo } from './helpers/toolchains.js';

interface Exports {
  exports: Record<string, { types: string; default: string } | string>;
}

const PKG = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Exports;

/** The module an export of package.json names, and its declaration file. */
function entry(name: '.' | './parity'): { js: string; dts: string } {
  const e = PKG.exports[name];
  if (typeof e !== 'object') throw new Error(`package.json exports[${name}] must give types and default`);
  return { js: path.join(REPO_ROOT, e.default), dts: path.join(REPO_ROOT, e.types) };
}

async function load<T>(name: '.' | './parity'): Promise<T> {
  return (await import(pathToFileURL(entry(name).js).href)) as T;
}

interface GoRun {
  stdout: Buffer;
  export: Buffer | undefined;
}

/**
 * The Go reference CLI on the lakehouse: what it printed and wrote. The root
 * goes through printf, since an argument from Node is always UTF-8.
 */
function goExport(lake: Buffer, recordedAt: string): GoRun {
  const format = [...lake].map((c) => (c >= 0x80 || c === 0x25 || c === 0x5c ? `\\${c.toString(8).padStart(3, '0')}` : String.fromCharCode(c))).join('');
  const r = spawnSync('/bin/sh', ['-c', 'exec "$0" --root "$(printf "$1")" --recorded-at "$2"', GO_EXPORTER, format, recordedAt]);
  const out = Buffer.concat([lake, Buffer.from('/data/distilled/sft/sft_export.jsonl')]);
  return { stdout: r.stdout, export: fs.existsSync(out) ? fs.readFileSync(out) : undefined };
}

describe('package exports', () => {
  it('name built modules with declarations', () => {
    for (const name of ['.', './parity'] as const) {
      const { js, dts } = entry(name);
      expect(fs.existsSync(js), js).toBe(true);
      expect(fs.existsSync(dts), dts).toBe(true);
    }
  });

  it('the firewall: exactly rejected and needs_human_review', async () => {
    const lib = await load<typeof Library>('.');
    expect([...lib.SFT_NEVER]).toEqual(['rejected', 'needs_human_review']);
    expect(Object.isFrozen(lib.SFT_NEVER)).toBe(true);
    for (const c of ['accepted', 'partially_accepted', 'Rejected', 'unknown', '']) expect(lib.isSftNever(c), c).toBe(false);
    for (const c of lib.SFT_NEVER) expect(lib.isSftNever(c), c).toBe(true);
  });
});

describe.runIf(requireGo('the library against the Go reference'))('exportSft, as the package exports it', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-library-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh copy of the worked example at dir/<name>. */
  function lakehouse(name: Buffer): Buffer {
    const lake = Buffer.concat([Buffer.from(dir + '/'), name]);
    fs.rmSync(lake, { recursive: true, force: true });
    const staging = path.join(dir, 'staging');
    fs.rmSync(staging, { recursive: true, force: true });
    writeSchemaExample(staging);
    fs.renameSync(staging, lake);
    return lake;
  }

  it('writes exactly the Go reference export, and returns its result with paths as strings', async () => {
    const lib = await load<typeof Library>('.');
    const ex = schemaExample();
    // A root that is not UTF-8: the string shows U+FFFD, the bytes are exact.
    for (const name of [Buffer.from('lake'), Buffer.from([0x6c, 0xff, 0x6b])]) {
      const lake = lakehouse(name);
      const go = goExport(lake, ex.recordedAt);
      fs.rmSync(Buffer.concat([lake, Buffer.from('/data/distilled')]), { recursive: true, force: true });
      const result = lib.exportSft({ root: lake, recordedAt: ex.recordedAt });
      const written = fs.readFileSync(Buffer.concat([lake, Buffer.from('/data/distilled/sft/sft_export.jsonl')]));
      expect(go.export).toBeDefined();
      expect(written.equals(go.export as Buffer)).toBe(true);
      const printed = JSON.parse(go.stdout.toString('utf8')) as Record<string, unknown>;
      expect(result).toEqual({
        scoredFilesRead: printed['scored_files_read'],
        recordsRead: printed['records_read'],
        recordsExported: printed['records_exported'],
        recordsQuarantined: printed['records_quarantined'],
        outputPath: printed['output_path'],
        outputPathBytes: Buffer.concat([lake, Buffer.from('/data/distilled/sft/sft_export.jsonl')]),
        quarantineSummary: printed['quarantine_summary'],
      });
      expect(typeof result.outputPath).toBe('string');
      // The same on worker threads (the example has one scored file, so it falls back to this thread).
      fs.rmSync(Buffer.concat([lake, Buffer.from('/data/distilled')]), { recursive: true, force: true });
      expect(await lib.exportSftParallel({ root: lake, recordedAt: ex.recordedAt, workers: 2 })).toEqual(result);
      expect(fs.readFileSync(Buffer.concat([lake, Buffer.from('/data/distilled/sft/sft_export.jsonl')])).equals(written)).toBe(true);
    }
  });

  it('throws ExportSftError with Go\'s error text and the partial result', async () => {
    const lib = await load<typeof Library>('.');
    const missing = path.join(dir, 'no-such-lake');
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    for (const [root, recordedAt] of [[missing, ''], [path.join(dir, 'a-file'), 'T']] as const) {
      const go = spawnSync(GO_EXPORTER, ['--root', root, '--recorded-at', recordedAt]);
      let thrown: unknown;
      try {
        lib.exportSft({ root, recordedAt });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(lib.ExportSftError);
      const err = thrown as InstanceType<typeof lib.ExportSftError>;
      expect(err.message + '\n').toBe(go.stderr.toString('utf8'));
      expect(JSON.parse(go.stdout.toString('utf8'))).toMatchObject({ output_path: err.result.outputPath, scored_files_read: err.result.scoredFilesRead });
    }
  });
});

describe.runIf(requireGo('runParity against the gate'))('runParity, as sft-parity/parity exports it', () => {
  it('returns the report --json writes: every exporter identical, typed fields filled', async () => {
    const parity = await load<typeof Parity>('./parity');
    const json = path.join(os.tmpdir(), `sft-library-report-${process.pid}.json`);
    try {
      const report = await parity.runParity({ exporters: ['ts', 'go'], golden: false, runs: 3, json });
      expect(report.tool).toBe('sft-parity');
      expect(report.exit_code).toBe(0);
      expect(report.exporters.map((e) => e.name)).toEqual(['ts', 'go']);
      expect(report.cases.filter((c) => c.source === 'generated')).toHaveLength(3);
      // 12 cases, no --jobs: one slot more than there are cores.
      expect(report.jobs).toBe(os.availableParallelism() + 1);
      expect(report.cases.every((c) => c.results.every((r) => r.status === 'identical'))).toBe(true);
      // The same object the command line's --json writes.
      expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    } finally {
      fs.rmSync(json, { force: true });
    }
  });

  it('rejects with UsageError where the command line exits 2', async () => {
    const parity = await load<typeof Parity>('./parity');
    await expect(parity.runParity({ runs: -1 })).rejects.toBeInstanceOf(parity.UsageError);
    await expect(parity.runParity({ exporterCommands: { typo: 'nosuchcmd' }, golden: false, runs: 0 })).rejects.toThrow('exporter "typo": nosuchcmd: not found');
  });
});
