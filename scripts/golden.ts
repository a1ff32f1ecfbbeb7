// `npm run golden`: rebuilds the Go reference and rewrites every case's
// expected/ from what it does. `npm run golden -- --check` writes nothing and
// exits 1 when any committed file differs from what Go produces now.
// `npm run golden -- NAME...` limits the run to those cases (GENERATED.json is
// then left alone). See golden/README.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listCaseDirs, readCaseDir } from '../src/parity/cases/casejson.js';
import { checkNoPlaceholder, differingFiles, ExpectedDirError, readExpected, toExpected, writeExpected, type EffectFiles } from '../src/parity/cases/expected.js';
import { caseOfDir } from '../src/parity/cases/layout.js';
import { ProgramExporter } from '../src/parity/exporters/program.js';
import { CaseRunner } from '../src/parity/run/caserun.js';
import { CASES_DIR, GENERATED_JSON, GO_EXPORTER, GO_MODULE_DIR, REPO_ROOT } from './golden/paths.js';

interface Options {
  readonly check: boolean;
  readonly names: readonly string[];
}

class UsageError extends Error {
  override name = 'UsageError';
}

function parseArgs(argv: readonly string[]): Options {
  const names: string[] = [];
  let check = false;
  for (const a of argv) {
    if (a === '--check') check = true;
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}; usage: npm run golden [-- [--check] [NAME...]]`);
    else names.push(a);
  }
  return { check, names };
}

function buildGoReference(): string {
  try {
    execFileSync('go', ['build', '-o', 'bin/', './cmd/...'], { cwd: GO_MODULE_DIR, stdio: 'inherit' });
    return execFileSync('go', ['env', 'GOVERSION'], { cwd: GO_MODULE_DIR, encoding: 'utf8' }).trim();
  } catch (err) {
    throw new Error(`golden: building the Go reference failed (is Go >= 1.22 on PATH?): ${(err as Error).message}`);
  }
}

/** GENERATED.json: which Go wrote the corpus, and which cases it has. */
function generatedJson(goVersion: string, names: readonly string[]): Buffer {
  const doc = {
    generated_by: 'npm run golden (scripts/golden.ts); expected/ files come from reference/go/bin/export-sft',
    go_version: goVersion,
    case_count: names.length,
    cases: names,
  };
  return Buffer.from(JSON.stringify(doc, null, 2) + '\n');
}

/** A file's bytes, or undefined when there is no such file (any other failure is an error). */
function readOrUndefined(p: string): Buffer | undefined {
  try {
    return fs.readFileSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * A case's committed expected/, or why it has none that counts: absent (a
 * new case), or holding a file that is no effect file (rewritten as a
 * whole). Any other failure to read it is an error.
 */
function committedExpected(caseDir: string): EffectFiles | { none: string } {
  if (!fs.existsSync(path.join(caseDir, 'expected'))) return { none: 'expected/' };
  try {
    return readExpected(caseDir);
  } catch (err) {
    if (err instanceof ExpectedDirError) return { none: `expected/ (${err.message})` };
    throw err;
  }
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const all = listCaseDirs(CASES_DIR);
  const unknown = opts.names.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new UsageError(`no such case: ${unknown.join(', ')} (cases are the directories of ${CASES_DIR})`);
  const names = opts.names.length > 0 ? opts.names : all;
  // Every case.json is read and checked before Go is built or any case runs: a malformed one stops here, named.
  const specs = names.map((name) => ({ name, spec: readCaseDir(path.join(CASES_DIR, name)) }));

  const goVersion = buildGoReference();
  const drift: string[] = [];
  // The harness's own way of running a case (sandbox, snapshot, umask): src/parity/run/caserun.ts.
  const runner = await CaseRunner.open(new ProgramExporter('go', { file: GO_EXPORTER, args: [] }), Math.max(1, os.availableParallelism()));
  try {
    await Promise.all(
      specs.map(async ({ name, spec }) => {
        const dir = path.join(CASES_DIR, name);
        const run = await runner.run(caseOfDir(spec, 'golden', `golden/${name}`));
        checkNoPlaceholder(run.files);
        const want = toExpected(run.files, run.rootPath);
        const have = committedExpected(dir);
        const differ = 'none' in have ? [have.none] : differingFiles(have, want);
        if (differ.length === 0) return;
        drift.push(`${name}: ${differ.join(', ')}`);
        if (!opts.check) writeExpected(dir, want);
      }),
    );
  } finally {
    await runner.close();
  }

  if (opts.names.length === 0) {
    const generated = generatedJson(goVersion, all);
    const current = readOrUndefined(GENERATED_JSON);
    if (current === undefined || !current.equals(generated)) {
      drift.push(path.relative(REPO_ROOT, GENERATED_JSON));
      if (!opts.check) fs.writeFileSync(GENERATED_JSON, generated);
    }
  }

  drift.sort();
  const verb = opts.check ? 'differs from what the Go reference writes' : 'rewritten';
  for (const d of drift) console.log(`${verb}: ${d}`);
  console.log(`golden: ${names.length} case(s) with ${goVersion}; ${drift.length === 0 ? 'no drift' : `${drift.length} ${opts.check ? 'drifted' : 'updated'}`}`);
  return opts.check && drift.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
