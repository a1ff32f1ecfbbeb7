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
// After tsc, the two command lines are bundled, each into one file (BUNDLES):
// node resolves, reads and links each ES module on its own, and that was
// most of their start-up. The exporter's CLI (about 40 modules) is bundled
// as CommonJS, which bin/export-sft (CommonJS too: bin/package.json) loads
// without the ES module loader at all: a one-shot export there starts in
// 71 ms of CPU instead of 95 here, and the parity gate starts one for every
// case that passes the root in LH_DISTILL_ROOT and for the built-in cases.
// The harness (some 150 modules and its dependencies) is bundled as an ES
// module, with the drawer's worker beside it: `sft-parity --help` in 0.2 s
// instead of 0.46, time every run of the gate waited before its first case.
// esbuild concatenates the JavaScript tsc wrote, in module order, without
// transforming it (target: the Node versions the package supports), so the
// bundles run the library's own code; the modules stay in dist/ as well
// (the library is those, and `node dist/src/parity/cli.js` runs the same
// harness unbundled).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// `--run FILE ARGS...`: once dist/ is up to date, FILE (a built module,
// relative to the repository) runs in this process with ARGS, as
// `node FILE ARGS...` would run it (`npm run parity -- ...`). One node
// start instead of two: about 30 ms, and 80 where NODE_EXTRA_CA_CERTS makes
// every node read a certificate bundle first. Flags before --run are the
// build's own.
const runAt = process.argv.indexOf('--run', 2);
const own = runAt < 0 ? process.argv.slice(2) : process.argv.slice(2, runAt);
const run = runAt < 0 ? undefined : process.argv.slice(runAt + 1);
if (run !== undefined && run.length === 0) {
  process.stderr.write('build: --run needs the built module to run (e.g. --run dist/src/parity/cli.bundle.js)\n');
  process.exit(2);
}
const force = own.includes('--force');
const STAMP = path.join(repo, 'dist', '.build-inputs');
/**
 * What an ES module bundle starts with: its CommonJS dependencies (cross-spawn,
 * below execa) require node's modules, and this gives them a require.
 */
const ESM_REQUIRE = 'import { createRequire as __sftCreateRequire } from "node:module"; const require = __sftCreateRequire(import.meta.url);';
/**
 * Each bundle: the module tsc writes that it starts from, the one file that
 * is loaded instead, and how it is built.
 */
const BUNDLES = [
  // bin/export-sft requires it. import.meta.url (the worker thread's file,
  // workercount.ts) is the bundle's own, as in cli.js beside it.
  {
    entry: 'dist/src/export/cli.js',
    out: 'dist/src/export/cli.bundle.cjs',
    format: 'cjs',
    define: { 'import.meta.url': '__bundleUrl' },
    banner: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;',
  },
  // bin/sft-parity and `npm run parity` import it.
  {
    entry: 'dist/src/parity/cli.js',
    out: 'dist/src/parity/cli.bundle.js',
    format: 'esm',
    banner: ESM_REQUIRE,
  },
  // Beside the harness's bundle, where drawer.ts's
  // new URL('./drawworker.js', import.meta.url) finds it from there (from
  // generate/drawer.js, the unbundled harness finds the module).
  {
    entry: 'dist/src/parity/generate/drawworker.js',
    out: 'dist/src/parity/drawworker.js',
    format: 'esm',
    // Its first line says it holds the whole generator: the case cache
    // (generate/casecache.ts, BUNDLE_MARK) names the generator by its bytes.
    banner: `// sft-parity: the generator, self-contained (scripts/build.mjs)\n${ESM_REQUIRE}`,
  },
];
/** What tsconfig.build.json compiles, and what decides how. */
const TREES = ['src', 'scripts'];
const FILES = [
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'node_modules/typescript/package.json',
  'node_modules/@types/node/package.json',
  // This file: how the bundles are made (the drawer's banner names its generator).
  'scripts/build.mjs',
  // What makes the exporter's code caches, and loads them.
  'bin/export-sft',
  'scripts/code-cache.cjs',
];

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
  BUNDLES.every((b) => fs.existsSync(path.join(repo, b.out))) &&
  ts.every((f) => {
    const js = emitted(f);
    return js === undefined || fs.existsSync(js);
  });
/** Runs tsc and esbuild, writes the stamp; exits 1 when either fails. */
async function build() {
  // A stamp left from before would vouch for a half-written dist/; and tsc's
  // own build info would not write again an output that has gone missing.
  fs.rmSync(STAMP, { force: true });
  // --force: an output edited by hand would not be written again either.
  if (!complete || force) fs.rmSync(path.join(repo, 'dist', '.tsbuildinfo'), { force: true });
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repo, stdio: 'inherit' });
  } catch {
    process.stderr.write('build: tsc -p tsconfig.build.json failed (its errors are above)\n');
    process.exit(1);
  }
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    process.stderr.write(`build: esbuild, which bundles the command lines, cannot be loaded (${e instanceof Error ? e.message : String(e)}); run \`npm ci\`\n`);
    process.exit(1);
  }
  for (const b of BUNDLES) {
    try {
      esbuild.buildSync({
        entryPoints: [path.join(repo, b.entry)],
        outfile: path.join(repo, b.out),
        bundle: true,
        platform: 'node',
        format: b.format,
        target: 'node20',
        logLevel: 'warning',
        ...(b.define ? { define: b.define } : {}),
        banner: { js: b.banner },
      });
    } catch (e) {
      process.stderr.write(`build: bundling ${b.entry} into ${b.out} failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    }
  }
  codeCaches();
  fs.writeFileSync(STAMP, hash + '\n');
}

/**
 * The exporter's V8 code caches (bin/export-sft explains them): a one-shot
 * export and a --batch process run scripts/code-cache.cjs on a copy of a
 * golden lakehouse, in a temporary directory. Without them the exporter
 * compiles its bundle at every start, as before: a failure here is said,
 * not fatal.
 */
function codeCaches() {
  const bundle = path.join(repo, 'dist/src/export/cli.bundle.cjs');
  for (const mode of ['oneshot', 'batch']) fs.rmSync(`${bundle}.${mode}.codecache`, { force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sft-code-cache-'));
  try {
    const root = path.join(tmp, 'root');
    fs.cpSync(path.join(repo, 'golden/cases/firewall/root'), root, { recursive: true, verbatimSymlinks: true });
    const script = path.join(repo, 'scripts/code-cache.cjs');
    const env = { ...process.env };
    delete env['LH_DISTILL_ROOT'];
    const at = '2026-11-24T00:00:00Z';
    const run = (args, input) => execFileSync(process.execPath, [script, ...args], { cwd: tmp, env, input, stdio: ['pipe', 'ignore', 'pipe'] });
    run(['--root', root, '--recorded-at', at]);
    const requests = [false, true].map((dry) => JSON.stringify({ root, recorded_at: at, dry_run: dry, include_partial: dry }));
    run(['--batch'], requests.join('\n') + '\n');
  } catch (e) {
    process.stderr.write(`build: the exporter's code caches were not made (its starts compile instead): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (stamp !== hash || !complete || force) await build();
if (run !== undefined) {
  const [file, ...args] = run;
  const main = path.resolve(repo, file);
  process.argv = [process.argv[0], main, ...args];
  await import(pathToFileURL(main).href);
}
