// --root on a lakehouse whose directories are linked elsewhere, as real ones
// are: data/distilled to an absolute directory outside it (holding an old
// export), a day of evidence to a relative one. In the sandbox the exporters
// see it in place and their writes through the links are captured and
// compared; without one it runs on a closed copy. In no mode does anything
// outside the scratch space change.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lakehouseArb, materializeCase } from '../src/parity/generate/index.js';
import { removeTree } from '../src/parity/tree/remove.js';
import { formatManifest, snapshotTree } from '../src/parity/tree/snapshot.js';
import { requireNobody, requireSandbox } from './helpers/sandbox.js';
import { GO_EXPORTER, REPO_ROOT, requireGo } from './helpers/toolchains.js';
import { CLI, WRONG, privateDir, runParity } from './wrong-exporters/run-parity.js';

/** base/lake, with data/distilled -> base/exports (absolute) and a day of evidence -> ../../../../../elsewhere. */
function linkedLakehouse(base: string): string {
  const lake = path.join(base, 'lake');
  const [c] = fc.sample(lakehouseArb({ oddRoots: false }), { seed: 11, numRuns: 1 });
  if (!c) throw new Error('no case');
  materializeCase(c, lake);
  fs.rmSync(path.join(lake, 'data/distilled'), { recursive: true, force: true });
  fs.mkdirSync(path.join(base, 'exports/sft'), { recursive: true });
  fs.writeFileSync(path.join(base, 'exports/sft/sft_export.jsonl'), '{"old":"export"}\n');
  fs.symlinkSync(path.join(base, 'exports'), path.join(lake, 'data/distilled'));
  fs.mkdirSync(path.join(lake, 'data/scored-runs/2027/01/01'), { recursive: true });
  fs.writeFileSync(path.join(lake, 'data/scored-runs/2027/01/01/day.jsonl'), '{"evidence_run_id":"h","category":"accepted","quality_score":0.5}\n');
  fs.mkdirSync(path.join(base, 'elsewhere'));
  fs.writeFileSync(path.join(base, 'elsewhere/day.jsonl'), '{"run_id":"h","model_role":"executor","text":"<b>&</b> from elsewhere"}\n');
  fs.mkdirSync(path.join(lake, 'data/evidence/2027/01'), { recursive: true });
  fs.symlinkSync('../../../../../elsewhere', path.join(lake, 'data/evidence/2027/01/01'));
  return lake;
}

/** A script exporter: the Go reference, then `after` (a shell command; $R is the root). */
function scriptExporter(dir: string, name: string, after: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\nR=$2\n"${GO_EXPORTER}" "$@"; code=$?\n${after}\nexit $code\n`, { mode: 0o755 });
  return `${name}=${file}`;
}

const manifest = (dir: string): string => formatManifest(snapshotTree(dir));
const SANDBOX = await requireSandbox('--root in the sandbox');

describe.runIf(requireGo('--root with linked directories'))('--root on a lakehouse with links out of it', () => {
  let base = '';
  let lake = '';
  let before = '';
  let scripts = '';
  beforeAll(() => {
    base = privateDir('parity-root-');
    lake = linkedLakehouse(base);
    before = manifest(base);
    scripts = privateDir('parity-root-scripts-');
  });
  afterAll(() => {
    removeTree(base);
    removeTree(scripts);
  });

  const crlf = `crlf=${path.join(WRONG, 'crlf')}`;

  describe.runIf(SANDBOX)('in the sandbox', () => {
    it('passes when the exporters agree, and leaves the lakehouse and what it links to byte-identical', async () => {
      const run = await runParity(['--root', lake]);
      expect(run.stdout).toContain(`root/lake: ${lake} in place, overlaid, and what its links lead to: ${base}/exports, ${base}/elsewhere`);
      expect(run.stdout).toContain('PASS');
      expect(run.code).toBe(0);
      expect(manifest(base)).toBe(before);
      expect(run.leftInTmp).toEqual([]);
    });

    it('catches CRLF written through the absolute link, at its real path', async () => {
      const run = await runParity(['--root', lake, '--exporters', 'go,crlf', '--exporter', crlf]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('DIVERGENCE root/lake — crlf vs go');
      expect(run.stdout).toContain(`${base}/exports/sft/sft_export.jsonl: content differs`);
      expect(run.stdout).toContain('line end: go LF, crlf CRLF');
      expect(manifest(base)).toBe(before);
    });

    it('counts a deleted lakehouse file, not a rewrite with the same bytes', async () => {
      const same = scriptExporter(scripts, 'same', 'f=$R/data/scored-runs/2027/01/01/day.jsonl; cat "$f" > "$f.new" && mv "$f.new" "$f"');
      const gone = scriptExporter(scripts, 'gone', 'rm "$R/data/evidence/2027/01/01/day.jsonl"');
      const run = await runParity(['--root', lake, '--exporters', 'go,same,gone', '--exporter', same, '--exporter', gone]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/identical \/ cases[\s\S]*same\s+1\/1[\s\S]*gone\s+0\/1/);
      expect(run.stdout).toContain(`${base}/elsewhere/day.jsonl: only go has it`);
      expect(manifest(base)).toBe(before);
    });

    it.runIf(requireNobody('--root as an unprivileged user'))('as another user, sandboxes a lakehouse of its own and copies one with files of others', async () => {
      const mine = privateDir('parity-root-nobody-');
      const tmp = privateDir('parity-root-nobody-tmp-');
      try {
        const own = linkedLakehouse(mine);
        const run = async () =>
          execa('runuser', ['-u', 'nobody', '--', 'env', `TMPDIR=${tmp}`, `HOME=${tmp}`, 'NO_COLOR=1', process.execPath, CLI, '--root', own, '--exporters', 'control,crlf', '--reference', 'control', '--exporter', `control=${path.join(WRONG, 'passthrough')}`, '--exporter', crlf], { cwd: REPO_ROOT, reject: false });
        for (const d of [mine, tmp]) await execa('chown', ['-R', '-h', 'nobody:nogroup', d]);
        const ownBefore = manifest(mine);
        const boxed = await run();
        expect(boxed.stdout).toMatch(/^sandbox: a user and mount namespace/m);
        expect(boxed.stdout).toContain(`root/lake: ${own} in place, overlaid`);
        expect(boxed.stdout).toContain(`${mine}/exports/sft/sft_export.jsonl: content differs`);
        expect(boxed.exitCode).toBe(1);
        fs.chownSync(path.join(mine, 'elsewhere/day.jsonl'), 0, 0);
        const copied = await run();
        expect(copied.stdout).toContain(`root/lake: a closed copy of ${own}`);
        expect(copied.stdout).toContain('belongs to uid 0, gid 0, which a user namespace cannot copy up');
        expect(copied.stdout).toContain('outside/1/sft/sft_export.jsonl: content differs');
        expect(copied.exitCode).toBe(1);
        fs.chownSync(path.join(mine, 'elsewhere/day.jsonl'), 65534, 65534);
        expect(manifest(mine)).toBe(ownBefore);
        expect(fs.readdirSync(tmp)).toEqual([]);
      } finally {
        removeTree(mine);
        removeTree(tmp);
      }
    });
  });

  describe('without a sandbox (--no-sandbox), on a closed copy', () => {
    it('passes, catches CRLF through the link in the copy, and leaves everything as it was', async () => {
      const ok = await runParity(['--root', lake, '--no-sandbox', '--exporters', 'go,ts']);
      expect(ok.stdout).toMatch(/^sandbox: none \(--no-sandbox\)/m);
      expect(ok.stdout).toContain(`root/lake: a closed copy of ${lake}, and what its links lead to: ${base}/exports, ${base}/elsewhere (no sandbox)`);
      expect(ok.code).toBe(0);
      const bad = await runParity(['--root', lake, '--no-sandbox', '--exporters', 'go,crlf', '--exporter', crlf]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('outside/1/sft/sft_export.jsonl: content differs');
      expect(manifest(base)).toBe(before);
      expect(bad.leftInTmp).toEqual([]);
    });
  });
});
