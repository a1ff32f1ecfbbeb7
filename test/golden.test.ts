// Checks the exporter under test (the TypeScript CLI by default) against every
// golden case: stdout, stderr, exit code, the whole tree after the run, and
// the export itself, byte for byte. Needs no Go: expected/ was written by the
// Go reference (`npm run golden`, see golden/README.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaseDirs } from '../src/parity/cases/casejson.js';
import { loadCaseDir } from '../src/parity/cases/layout.js';
import { nonPortablePaths } from '../src/parity/cases/portable.js';
import { ProgramExporter } from '../src/parity/exporters/program.js';
import { CaseRunner } from '../src/parity/run/caserun.js';
import { escapeBytes, snapshotTree } from '../src/parity/tree/snapshot.js';
import { EFFECT_FILES, fromExpected, readExpected } from '../src/parity/cases/expected.js';
import { CASES_DIR, GENERATED_JSON } from '../scripts/golden/paths.js';
import { exporterUnderTest, renderBytes } from './helpers/golden.js';

const names = listCaseDirs(CASES_DIR);

describe('golden corpus', () => {
  it('has at least 40 cases, all listed in GENERATED.json', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    const generated = JSON.parse(fs.readFileSync(GENERATED_JSON, 'utf8')) as { cases?: unknown };
    expect(generated.cases, 'GENERATED.json is stale: run `npm run golden`').toEqual(names);
  });

  // Any git checkout and the npm tarball hold the corpus: names that are not
  // UTF-8, that macOS or Windows would change, and symlinks (which npm drops)
  // live in case.json's setup, not in root/ (golden/README.md).
  it('commits in root/ only what any checkout and npm tarball can hold', () => {
    const offending = names.flatMap((name) => {
      const root = path.join(CASES_DIR, name, 'root');
      const entries = fs.existsSync(root) ? snapshotTree(root) : [];
      return [...nonPortablePaths(entries)].map((p) => `${name}/root/${escapeBytes(Buffer.from(p, 'latin1'))}`);
    });
    expect(offending, 'move these into case.json setup operations (golden/README.md)').toEqual([]);
  });
});

describe.concurrent(`golden cases against ${exporterUnderTest().label}`, () => {
  const exporter = exporterUnderTest();
  // The harness's own way of running a case, as `npm run golden` runs the Go reference.
  let runner: CaseRunner;
  beforeAll(async () => {
    runner = await CaseRunner.open(new ProgramExporter('under-test', { file: exporter.command, args: exporter.args }), Math.max(1, os.availableParallelism()));
  });
  afterAll(async () => {
    await runner.close();
  });
  // Concurrent tests must use the expect of their own context.
  it.for(names)('%s', async (name, { expect }) => {
    const dir = path.join(CASES_DIR, name);
    const committed = readExpected(dir);
    const run = await runner.run(loadCaseDir(dir, 'golden', `golden/${name}`));
    const want = fromExpected(committed, run.rootPath);
    const got = run.files;
    // Every differing file is reported, not only the first.
    for (const file of EFFECT_FILES) {
      const g = got.get(file);
      const w = want.get(file);
      const same = g === undefined || w === undefined ? g === w : g.equals(w);
      // Rendered only on failure, for a readable diff; renderBytes is lossless.
      if (!same) expect.soft(renderBytes(g), `${name}/expected/${file}`).toBe(renderBytes(w));
    }
  });
});
