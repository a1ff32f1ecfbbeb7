// bin/export-sft's V8 code caches (made by scripts/build.mjs through
// scripts/code-cache.cjs): a start takes the cache of its mode, and only a
// cache made from exactly the bundle it loads. V8 itself checks no more
// than the source's length, so a cache of other bytes of the same length
// would run that other code: the copy of the bundle inside the cache file
// is what keeps that from happening.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/toolchains.js';

const BUNDLE = 'dist/src/export/cli.bundle.cjs';
const AT = '2026-11-24T00:00:00Z';

/** Runs bin/export-sft of `repo` with a spy on vm.Script; returns stdout and what V8 said of the cache given. */
function startWithSpy(repo: string, args: readonly string[], input?: string): { stdout: string; given: boolean; rejected: boolean } {
  const spy = `
const vm = require('node:vm');
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(source, options) {
    super(source, options);
    process.on('exit', () => process.stderr.write(JSON.stringify({ given: options.cachedData !== undefined, rejected: this.cachedDataRejected === true }) + '\\n'));
  }
};
require(${JSON.stringify(path.join(repo, 'bin/export-sft'))}).start(process.argv.slice(2));`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-spy-')), 'spy.cjs');
  fs.writeFileSync(file, spy);
  const r = spawnSync(process.execPath, [file, ...args], { input: input ?? '', encoding: 'utf8' });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const seen = JSON.parse(r.stderr.trim().split('\n').pop() ?? '{}') as { given: boolean; rejected: boolean };
  return { stdout: r.stdout, ...seen };
}

describe('the exporter code caches', () => {
  let tmp: string;
  let lake: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-test-'));
    lake = path.join(tmp, 'root');
    fs.cpSync(path.join(REPO_ROOT, 'golden/cases/firewall/root'), lake, { recursive: true, verbatimSymlinks: true });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('are taken by a one-shot export and by a --batch process of the built bundle', () => {
    const one = startWithSpy(REPO_ROOT, ['--root', lake, '--recorded-at', AT, '--dry-run']);
    expect(one).toMatchObject({ given: true, rejected: false });
    expect(one.stdout).toContain('"quarantine_summary":"firewall=');
    const batch = startWithSpy(REPO_ROOT, ['--batch'], `${JSON.stringify({ root: lake, recorded_at: AT, dry_run: true, include_partial: false })}\n`);
    expect(batch).toMatchObject({ given: true, rejected: false });
    expect(batch.stdout).toContain('"quarantine_summary":"firewall=');
  });

  it('are not used for a bundle of other bytes with the same length', () => {
    // A copy of the exporter whose bundle says "firewall" another way, same length.
    const copy = path.join(tmp, 'copy');
    for (const f of ['bin/export-sft', 'bin/package.json', 'scripts/code-cache.cjs', BUNDLE]) {
      fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, f), path.join(copy, f));
    }
    const original = fs.readFileSync(path.join(copy, BUNDLE), 'latin1');
    expect(original).toContain('firewall=');
    const other = original.replaceAll('firewall=', 'FIREWALL=');
    // The cache of the other bundle, made as the build makes it; then the original bundle back.
    fs.writeFileSync(path.join(copy, BUNDLE), other, 'latin1');
    execFileSync(process.execPath, [path.join(copy, 'scripts/code-cache.cjs'), '--root', lake, '--recorded-at', AT, '--dry-run'], { stdio: 'ignore' });
    const made = startWithSpy(copy, ['--root', lake, '--recorded-at', AT, '--dry-run']);
    expect(made).toMatchObject({ given: true, rejected: false });
    expect(made.stdout).toContain('FIREWALL=');
    fs.writeFileSync(path.join(copy, BUNDLE), original, 'latin1');
    const back = startWithSpy(copy, ['--root', lake, '--recorded-at', AT, '--dry-run']);
    expect(back.stdout).not.toContain('FIREWALL=');
    expect(back.stdout).toContain('firewall=');
    expect(back.given).toBe(false);
  });
});
