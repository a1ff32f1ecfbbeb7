// Runs the built Go reference CLI on the worked example of docs/schema.md and
// checks the exact bytes of the export and of stdout, so `npm test` proves
// the document against the reference.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schemaExample, writeSchemaExample } from './helpers/schema-example.js';
import { GO_EXPORTER, requireGo } from './helpers/toolchains.js';

describe.runIf(requireGo('Go reference CLI on the docs/schema.md example'))('Go reference CLI', () => {
  it('exports the docs/schema.md worked example byte for byte', () => {
    const ex = schemaExample();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-go-example-'));
    try {
      writeSchemaExample(root, ex);
      const stdout = execFileSync(GO_EXPORTER, ['--root', root, '--recorded-at', ex.recordedAt], { encoding: 'utf8' });
      expect(fs.readFileSync(path.join(root, 'data/distilled/sft/sft_export.jsonl'), 'utf8')).toBe(ex.exportLine + '\n');
      expect(stdout).toBe(ex.resultLine.replace('ROOT', root) + '\n');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
