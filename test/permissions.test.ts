// File permissions the golden corpus cannot pin (it runs as root, and root
// reads and writes everything): the TS exporter and the Go reference run as
// an unprivileged user on lakehouses with unreadable and unwritable parts,
// and must agree on stdout, stderr, exit code and the tree. Needs root (to
// switch user with runuser); skipped with a message otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatManifest, snapshotTree } from '../src/parity/tree/snapshot.js';
import { schemaExample, writeSchemaExample } from './helpers/schema-example.js';
import { GO_EXPORTER, REPO_ROOT, requireGo } from './helpers/toolchains.js';
import { requireNobody } from './helpers/sandbox.js';

const TS_EXPORTER = path.join(REPO_ROOT, 'bin/export-sft');

interface PermCase {
  name: string;
  /** Extra set-up, as root, before ownership goes to the unprivileged user. */
  prepare?: (root: string) => void;
  /** Permission changes made after (paths relative to the root). */
  chmod: [string, number][];
}

/** The example's scored file below data/scored-runs (and its evidence below data/evidence). */
const REL = schemaExample().rel;
const YEAR = REL.split('/')[0] ?? '';

const CASES: PermCase[] = [
  { name: 'unreadable scored file', chmod: [[`data/scored-runs/${REL}`, 0o000]] },
  { name: 'unreadable evidence file', chmod: [[`data/evidence/${REL}`, 0o000]] },
  { name: 'unreadable evidence year', chmod: [[`data/evidence/${YEAR}`, 0o000]] },
  { name: 'unreadable scored year', chmod: [[`data/scored-runs/${YEAR}`, 0o000]] },
  { name: 'unreadable scored-runs', chmod: [['data/scored-runs', 0o000]] },
  { name: 'unsearchable data', chmod: [['data', 0o000]] },
  { name: 'read-only data', chmod: [['data', 0o555]] },
  { name: 'read-only sft dir', prepare: (r) => fs.mkdirSync(path.join(r, 'data/distilled/sft'), { recursive: true }), chmod: [['data/distilled/sft', 0o555]] },
  {
    name: 'read-only stale export',
    prepare: (r) => stale(r),
    chmod: [['data/distilled/sft/sft_export.jsonl', 0o444]],
  },
  { name: 'writable export in a read-only dir', prepare: (r) => stale(r), chmod: [['data/distilled/sft', 0o555]] },
];

function stale(root: string): void {
  fs.mkdirSync(path.join(root, 'data/distilled/sft'), { recursive: true });
  fs.writeFileSync(path.join(root, 'data/distilled/sft/sft_export.jsonl'), 'old\n');
}

/** The worked example of docs/schema.md. */
function lakehouse(root: string, c: PermCase): void {
  writeSchemaExample(root);
  c.prepare?.(root);
}

async function runAsNobody(exe: string, root: string): Promise<string> {
  const r = await execa('runuser', ['-u', 'nobody', '--', exe, '--root', root, '--recorded-at', '2026-11-24T00:00:00Z'], {
    reject: false,
    stripFinalNewline: false,
    encoding: 'buffer',
    cwd: '/',
  });
  // Snapshot as root, after restoring search permission so the walk sees everything.
  return [`exit ${r.exitCode}`, Buffer.from(r.stdout).toString('latin1'), Buffer.from(r.stderr).toString('latin1')].join('\n');
}

const ENABLED = requireNobody('permission tests (the exporters as an unprivileged user)');

describe.runIf(ENABLED && requireGo('permission tests against the Go reference'))('permissions: TS and Go as an unprivileged user', () => {
  let base = '';
  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-perm-'));
    fs.chmodSync(base, 0o755);
  });
  afterAll(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const outcomes: string[] = [];
      for (const exe of [GO_EXPORTER, TS_EXPORTER]) {
        const root = path.join(base, 'root');
        fs.rmSync(root, { recursive: true, force: true });
        fs.mkdirSync(root);
        lakehouse(root, c);
        await execa('chown', ['-R', 'nobody', root]);
        for (const [rel, mode] of c.chmod) fs.chmodSync(path.join(root, rel), mode);
        const run = await runAsNobody(exe, root);
        for (const [rel] of c.chmod) fs.chmodSync(path.join(root, rel), 0o755);
        const modes = c.chmod.map(([rel, mode]) => `${rel} was ${mode.toString(8)}`).join(', ');
        outcomes.push(`${run}\n${modes}\n${formatManifest(snapshotTree(root))}`);
      }
      expect(outcomes[1]).toBe(outcomes[0]);
    });
  }
});
