// What `npm pack` puts in the tarball: everything the installed gate needs
// (the built library with declarations, the bins, the references' sources,
// the golden corpus, the docs), and no build output or test scaffolding. The
// whole install is proven by .ci/run (pack, install into an empty project,
// run the gate there); this checks the file list on every `npm test`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/toolchains.js';

/** Files under dir (relative to the repository), skipping the named directories. */
function filesUnder(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (skip.includes(r)) continue;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk(dir);
  return out;
}

function packed(): Set<string> {
  // --ignore-scripts: list only, without prepack's clean build under other tests' feet.
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [pack] = JSON.parse(json) as [{ files: { path: string }[] }];
  return new Set(pack.files.map((f) => f.path));
}

describe('npm package', () => {
  const files = packed();
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

  it('is publishable: not private, with exports, types and bins', () => {
    expect(pkg['private']).toBeUndefined();
    const exports = pkg['exports'] as Record<string, { types: string; default: string }>;
    for (const name of ['.', './parity']) {
      for (const f of [exports[name]?.types, exports[name]?.default]) expect(files.has(String(f).replace(/^\.\//, '')), `${name}: ${f}`).toBe(true);
    }
    for (const bin of Object.values(pkg['bin'] as Record<string, string>)) expect(files.has(bin), bin).toBe(true);
  });

  it('holds the golden corpus, the references\' sources and the docs, file for file', () => {
    const wanted = [
      ...filesUnder('golden'),
      ...filesUnder('docs'),
      ...filesUnder('reference/go', ['reference/go/bin', 'reference/go/export-sft']),
      ...filesUnder('reference/rust', ['reference/rust/target']),
      'dist/src/export/cli.js',
      'dist/src/export/cli.bundle.cjs',
      'dist/src/parity/cli.js',
      'dist/src/parity/cli.bundle.js',
      'dist/src/parity/drawworker.js',
      'bin/package.json',
    ];
    expect(wanted.filter((f) => !files.has(f))).toEqual([]);
  });

  it('holds no build output, cache, test or source map', () => {
    const unwanted = [...files].filter((f) => /^(reference\/go\/bin|reference\/rust\/target|\.cache|test|scripts|src|dist\/scripts|dist\/test|parity-failures|node_modules)\//.test(f) || f.endsWith('.map'));
    expect(unwanted).toEqual([]);
  });
});
