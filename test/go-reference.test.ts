// Runs the built Go reference CLI on the worked example of SCHEMA.md and
// checks the exact bytes of the export, so `npm test` exercises the reference.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GO_EXPORTER, REPO_ROOT, requireGo } from './helpers/toolchains.js';

const SCHEMA = fs.readFileSync(path.join(REPO_ROOT, '../shared/spec/SCHEMA.md'), 'utf8');

/** The JSON blocks of SCHEMA.md's "Example" section: scored, evidence, export. */
function exampleBlocks(): [string, string, string] {
  const example = SCHEMA.slice(SCHEMA.indexOf('## Example'));
  const blocks = [...example.matchAll(/```json\n(.*)\n```/g)].map((m) => m[1] ?? '');
  expect(blocks).toHaveLength(3);
  return blocks as [string, string, string];
}

describe.runIf(requireGo('Go reference CLI on the SCHEMA.md example'))('Go reference CLI', () => {
  it('exports the SCHEMA.md worked example byte for byte', () => {
    const [scored, evidence, expected] = exampleBlocks();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-go-example-'));
    try {
      for (const [kind, line] of [['scored-runs', scored], ['evidence', evidence]] as const) {
        const dir = path.join(root, 'data', kind, '2026/11/02');
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'runs.jsonl'), line + '\n');
      }
      const stdout = execFileSync(GO_EXPORTER, ['--root', root, '--recorded-at', '2026-11-24T00:00:00Z'], {
        encoding: 'utf8',
      });
      const out = path.join(root, 'data/distilled/sft/sft_export.jsonl');
      expect(fs.readFileSync(out, 'utf8')).toBe(expected + '\n');
      expect(stdout).toBe(
        JSON.stringify({
          scored_files_read: 1,
          records_read: 1,
          records_exported: 1,
          records_quarantined: 0,
          output_path: out,
          quarantine_summary: 'firewall=0, not-instructable=0',
        }) + '\n',
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
