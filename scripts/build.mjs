// `npm run build`, and the step every other npm script starts with:
// tsc -p tsconfig.build.json, skipped when nothing it reads has changed
// since the build that wrote dist/.
//
// Why: tsc re-parses and re-binds all ~350 files even when its incremental
// build info says nothing changed (about 3 s on two cores), and
// `npm run parity` paid that on every run. Hashing the inputs takes a few
// tens of milliseconds. Plain JavaScript, because it must run before
// anything is built.
//
// After tsc, the exporter's CLI is bundled into one file (BUNDLE), which
// bin/export-sft loads: node resolves, reads and links each ES module on its
// own, and for the ~40 modules of the CLI that was 40 ms of a one-export
// process's 95 here (the parity gate starts one per exporter for every case
// that passes the root in LH_DISTILL_ROOT, and for the built-in cases).
// esbuild concatenates the JavaScript tsc wrote, in module order, without
// transforming it (target: the Node versions the package supports), so the
// bundle runs the library's own code.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(repo, 'dist', '.build-inputs');
/** The CLI's entry module as tsc writes it, and the one file bin/export-sft loads. */
const ENTRY = path.join(repo, 'dist/src/export/cli.js');
const BUNDLE = path.join(repo, 'dist/src/export/cli.bundle.js');
/** What tsconfig.build.json compiles, and what decides how. */
const TREES = ['src', 'scripts'];
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'node_modules/typescript/package.json', 'node_modules/@types/node/package.json'];

/** Every .ts file under dir (relative to the repository), sorted. */
function sources(dir) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(repo, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && e.name.endsWith('.ts')) out.push(r);
    }
  };
  walk(dir);
  return out.sort();
}

/** The .js file tsc writes for a .ts source (.d.ts files emit nothing). */
function emitted(ts) {
  return ts.endsWith('.d.ts') ? undefined : path.join(repo, 'dist', ts.replace(/\.ts$/, '.js'));
}

function inputsHash(files) {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f + '\0');
    try {
      h.update(fs.readFileSync(path.join(repo, f)));
    } catch {
      h.update('(missing)');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

const ts = TREES.flatMap(sources);
const hash = inputsHash([...FILES, ...ts]);
let stamp = '';
try {
  stamp = fs.readFileSync(STAMP, 'utf8').trim();
} catch {
  // never built here
}
const complete =
  fs.existsSync(BUNDLE) &&
  ts.every((f) => {
    const js = emitted(f);
    return js === undefined || fs.existsSync(js);
  });
if (stamp === hash && complete && !process.argv.includes('--force')) process.exit(0);

// A stamp left from before would vouch for a half-written dist/; and tsc's
// own build info would not write again an output that has gone missing.
fs.rmSync(STAMP, { force: true });
// --force: an output edited by hand would not be written again either.
if (!complete || process.argv.includes('--force')) fs.rmSync(path.join(repo, 'dist', '.tsbuildinfo'), { force: true });
const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repo, stdio: 'inherit' });
} catch {
  process.stderr.write('build: tsc -p tsconfig.build.json failed (its errors are above)\n');
  process.exit(1);
}
try {
  const esbuild = await import('esbuild');
  // Written beside the modules: import.meta.url (the worker's file) resolves as in cli.js.
  esbuild.buildSync({ entryPoints: [ENTRY], outfile: BUNDLE, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
} catch (e) {
  process.stderr.write(`build: bundling ${path.relative(repo, ENTRY)} into ${path.relative(repo, BUNDLE)} failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
fs.writeFileSync(STAMP, hash + '\n');
