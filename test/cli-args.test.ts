// Command lines and --batch requests that exercise the CLI itself rather than
// a lakehouse: flag forms, a --batch flag set to false, repeated flags, the
// root from the environment, a root Go cannot even stat (a NUL byte). The TS
// CLI must answer exactly as the Go reference does: stdout, stderr, exit code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GO_EXPORTER, REPO_ROOT, requireGo } from './helpers/toolchains.js';

const TS = [process.execPath, path.join(REPO_ROOT, 'bin/export-sft')];
const GO = [GO_EXPORTER];
const TS_FLAG = '2026-11-24T00:00:00Z';

const COMMAND_LINES: { args: string[]; env?: Record<string, string> }[] = [
  { args: ['--batch=false', '--root', 'lh', '--recorded-at', TS_FLAG] },
  { args: ['-root=lh', '-recorded-at', TS_FLAG, '-dry-run=true'] },
  { args: ['--root', 'x', '--root', 'lh', '--recorded-at', TS_FLAG, '--include-partial=0'] },
  { args: ['--root', 'lh', '--recorded-at', TS_FLAG, '--', 'extra'] },
  { args: ['--root', 'lh', '--recorded-at', TS_FLAG, 'extra'] },
  { args: ['--recorded-at', TS_FLAG], env: { LH_DISTILL_ROOT: 'lh' } },
  { args: ['--recorded-at', TS_FLAG], env: { LH_DISTILL_ROOT: '' } },
  { args: ['--root=', '--recorded-at', TS_FLAG] },
  { args: ['--root', 'lh', '--recorded-at='] },
  { args: ['--batch', '--root', 'lh'] },
  { args: ['---root', 'lh'] },
  { args: ['-=x'] },
  { args: ['--dry-run=maybe'] },
  { args: ['--root'] },
  { args: ['-h'] },
  { args: ['--help', '--root', 'lh'] },
];

const BATCH_LINES = [
  '{"root":"a\\u0000b","recorded_at":"x"}',
  '{"root":"lh","recorded_at":""}',
  '{"ROOT":"lh","Recorded_At":"2026-11-24T00:00:00Z","DRY_RUN":true}',
  '{"root":"lh/../lh/./","recorded_at":"2026-11-24T00:00:00Z","dry_run":null}',
  '{"root":"","recorded_at":"x"}',
  '{"root":null}',
  '',
];

async function run(cmd: string[], args: string[], cwd: string, env: Record<string, string> = {}, input?: string): Promise<string> {
  const base = { ...process.env };
  delete base['LH_DISTILL_ROOT'];
  const r = await execa(cmd[0]!, [...cmd.slice(1), ...args], {
    cwd,
    env: { ...base, ...env },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    input: input ?? '',
  });
  return `exit ${r.exitCode}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

describe.runIf(requireGo('CLI argument handling against the Go reference'))('CLI arguments and requests as Go', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-cli-args-'));
    for (const kind of ['scored-runs', 'evidence']) fs.mkdirSync(path.join(dir, 'lh/data', kind, '2026/11/02'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'lh/data/scored-runs/2026/11/02/a.jsonl'), '{"evidence_run_id":"r","category":"rejected"}\n');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of COMMAND_LINES) {
    it(`export-sft ${c.args.join(' ')}${c.env ? ` with ${JSON.stringify(c.env)}` : ''}`, async () => {
      expect(await run(TS, c.args, dir, c.env)).toBe(await run(GO, c.args, dir, c.env));
    });
  }

  it('answers --batch requests as Go does', async () => {
    const input = BATCH_LINES.join('\n') + '\n';
    expect(await run(TS, ['--batch'], dir, {}, input)).toBe(await run(GO, ['--batch'], dir, {}, input));
  });
});
