// The parity harness end to end (dist/src/parity/cli.js): exit codes, --root
// on a real lakehouse, timeouts, Ctrl-C, shards, known divergences, reports,
// shrinking, replay lines pasted into a shell, --ignore, parity-failures/.
// Expected verdicts come from running the Go reference.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatManifest, snapshotTree } from '../src/parity/tree/snapshot.js';
import { lakehouseArb, materializeCase } from '../src/parity/generate/index.js';
import fc from 'fast-check';
import { requireGo } from './helpers/toolchains.js';
import { memoryFsHere } from './helpers/sandbox.js';
import { WRONG, pasteReplay, privateDir, usePrivateDir, readReport, runParity, startParity } from './wrong-exporters/run-parity.js';

const HTML = `html=${path.join(WRONG, 'html-unescaped')}`;
const CONTROL = `control=${path.join(WRONG, 'passthrough')}`;

describe.runIf(requireGo('parity harness end to end'))('sft-parity', () => {
  const dir = usePrivateDir('parity-test-');

  it('exits 2 with a usage message for bad flags', async () => {
    const badArgs = [['--bogus'], ['--shard', '4/3'], ['--exporter', 'no-equals-sign'], ['--runs', '-1'], ['--exporters', 'go,nope'], ['--seed', '4294967297'], ['--seed', '-1'], ['--ignore', 'run'], ['--ignore', 'stdin']];
    for (const args of badArgs) {
      const run = await runParity(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^sft-parity: /);
    }
  });

  it('exits 2 before any case, in the shell\'s words, when an --exporter command cannot run', async () => {
    const notExecutable = path.join(dir(), 'not-executable');
    fs.copyFileSync(path.join(WRONG, 'passthrough'), notExecutable);
    fs.chmodSync(notExecutable, 0o644);
    for (const [spec, words] of [
      ['typo=nosuchcmd', 'exporter "typo": nosuchcmd: not found'],
      [`noexec=${notExecutable}`, `exporter "noexec": ${notExecutable}: Permission denied`],
      [`missing=${path.join(dir(), 'no-such-file')}`, `exporter "missing": ${path.join(dir(), 'no-such-file')}: not found`],
    ] as const) {
      const run = await runParity(['--exporter', spec]);
      expect(run.code, `${spec}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(`sft-parity: setup failed: ${words}`);
      // Before any case: no header, no report.
      expect(run.stdout).toBe('');
      expect(run.ms).toBeLessThan(30_000);
      expect(run.leftInTmp).toEqual([]);
    }
  });

  it('exits 2 saying what to install when a toolchain is missing', async () => {
    // node stays reachable; go (in /usr/local/go/bin or similar) does not.
    const nodeDir = path.dirname(process.execPath);
    const run = await runParity(['--exporters', 'go,ts', '--runs', '0', '--no-golden'], { PATH: nodeDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'go' is not on PATH: install Go");
  });

  it('runs a real lakehouse with --root, passes when exporters agree, and leaves it byte-identical', async () => {
    const lake = path.join(dir(), 'lake');
    // A generated lakehouse (fixed seed), plus a run with HTML in its text.
    const [c] = fc.sample(lakehouseArb({ oddRoots: false }), { seed: 7, numRuns: 1 });
    if (!c) throw new Error('no case');
    materializeCase(c, lake);
    const day = 'data/%s/2027/01/01/html.jsonl';
    fs.mkdirSync(path.dirname(path.join(lake, day.replace('%s', 'scored-runs'))), { recursive: true });
    fs.mkdirSync(path.dirname(path.join(lake, day.replace('%s', 'evidence'))), { recursive: true });
    fs.writeFileSync(path.join(lake, day.replace('%s', 'scored-runs')), '{"evidence_run_id":"h","category":"accepted"}\n');
    fs.writeFileSync(path.join(lake, day.replace('%s', 'evidence')), '{"run_id":"h","model_role":"executor","text":"<b>&</b>"}\n');
    const before = formatManifest(snapshotTree(lake));
    const ok = await runParity(['--root', lake, '--exporters', `go,control`, '--exporter', CONTROL]);
    expect(ok.stdout).toContain('PASS');
    expect(ok.code).toBe(0);
    expect(ok.leftInTmp).toEqual([]);
    const bad = await runParity(['--root', lake, '--exporters', 'go,html', '--exporter', HTML, '--recorded-at', '<&>', '--no-shrink']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('DIVERGENCE root/lake — html vs go');
    expect(bad.stdout).not.toContain('warning:');
    expect(formatManifest(snapshotTree(lake))).toBe(before);
    // The replay line, pasted into a shell in the project's root, reproduces it.
    const replay = await pasteReplay(bad.stdout);
    expect(replay.line).toContain(`--root ${lake}`);
    expect(replay.code, replay.stdout + replay.stderr).toBe(1);
    expect(replay.stdout).toMatch(/DIVERGENCE root\/lake — html vs go[^\n]*escapes it, html writes it raw/);
    expect(formatManifest(snapshotTree(lake))).toBe(before);
  });

  it('makes its scratch space on a memory file system when TMPDIR is not set, says so, and removes it', async () => {
    const run = await runParity(['--no-golden', '--runs', '30', '--exporters', 'go,control', '--exporter', CONTROL], { TMPDIR: '' });
    expect(run.code, run.stdout).toBe(0);
    const scratch = /^scratch: (\S+) \((.*)\)$/m.exec(run.stdout);
    expect(scratch, run.stdout).not.toBeNull();
    if (memoryFsHere()) {
      expect(scratch?.[1]).toMatch(/^\/dev\/shm\/sft-parity-/);
      // And whether snapshots trust its timestamps (tree/seen.ts).
      expect(scratch?.[2]).toMatch(/^a memory file system(; multigrain timestamps: snapshots reread only what changed)?$/);
    } else expect(scratch?.[2]).toMatch(/^the temp dir/);
    expect(fs.existsSync(scratch?.[1] ?? '/'), 'the scratch space is removed').toBe(false);
  });

  it('warns about a --root without data/scored-runs and runs it unchanged', async () => {
    const typo = path.join(dir(), 'not-a-lake');
    fs.mkdirSync(typo, { recursive: true });
    const run = await runParity(['--root', typo, '--exporters', 'go,control', '--exporter', CONTROL]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`warning: --root ${typo} has no data/scored-runs`);
    expect(run.stdout).toContain('PASS');
  });

  it('kills a hanging exporter at --timeout, reports the timeout, and goes on', async () => {
    const marker = `parity-hang-${process.pid}`;
    const run = await runParity(['--no-golden', '--runs', '0', '--exporters', 'go,hang', '--exporter', `hang=sleep 600 # ${marker}`, '--timeout', '1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('hang timed out after 1 s');
    expect(run.stdout).toMatch(/hang\s+0\/9/);
    expect(run.ms).toBeLessThan(30_000);
    expect(run.leftInTmp).toEqual([]);
    const alive = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
    expect(alive.stdout.trim()).toBe('');
  });

  it('removes its scratch space and kills its exporters on Ctrl-C', async () => {
    const tmp = privateDir('parity-sigint-');
    const marker = `parity-sigint-${process.pid}`;
    try {
      const child = startParity(['--no-golden', '--runs', '0', '--exporters', 'go,hang', '--exporter', `hang=sleep 600 # ${marker}`], tmp);
      // Wait until the run is under way: scratch space made, exporters started.
      const deadline = Date.now() + 20_000;
      while (fs.readdirSync(tmp).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1500));
      expect(fs.readdirSync(tmp).length).toBeGreaterThan(0);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(130);
      expect(fs.readdirSync(tmp)).toEqual([]);
      expect(spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' }).stdout.trim()).toBe('');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('splits a run into shards that together are exactly the whole run', async () => {
    const ids = async (args: string[]): Promise<string[]> => {
      const json = path.join(dir(), `shard-${args.join('_').replace(/\W/g, '')}.json`);
      const run = await runParity(['--exporters', 'go,ts', '--runs', '25', '--no-shrink', '--json', json, ...args]);
      expect(run.code, run.stderr).not.toBe(2);
      return readReport(json).cases.map((c) => c.id);
    };
    const whole = await ids([]);
    const parts = [await ids(['--shard', '1/3']), await ids(['--shard', '2/3']), await ids(['--shard', '3/3'])];
    const joined = parts.flat();
    expect(new Set(joined).size).toBe(joined.length);
    expect([...joined].sort()).toEqual([...whole].sort());
    for (const p of parts) expect(p.length).toBeGreaterThan(0);
  });

  it('lets listed known divergences pass, and fails on a stale entry', async () => {
    const args = ['--no-golden', '--runs', '0', '--exporters', 'go,html', '--exporter', HTML];
    const json = path.join(dir(), 'known-base.json');
    expect((await runParity([...args, '--json', json])).code).toBe(1);
    const divergent = readReport(json).cases.flatMap((c) =>
      c.results.filter((r) => r.status === 'divergent').flatMap((r) => r.failing_effects.map((e) => `${c.id} ${r.exporter} ${e}`)),
    );
    expect(divergent.length).toBeGreaterThan(0);
    const known = path.join(dir(), 'known.txt');
    fs.writeFileSync(known, `# html escaping is not done yet\n${divergent.join('\n')}\n`);
    const passing = await runParity([...args, '--known', known, '--json', path.join(dir(), 'known-ok.json'), '--junit', path.join(dir(), 'known.xml')]);
    expect(passing.stdout).toMatch(/^KNOWN html: \d+ cases? with divergences listed in --known/m);
    expect(passing.stdout).toMatch(/html\s+\d+\/9 \(\d+ known\)/);
    expect(passing.code).toBe(0);
    expect(fs.readFileSync(path.join(dir(), 'known.xml'), 'utf8')).toContain('<skipped message="known divergence');
    // builtin/root-is-file exports nothing: html cannot diverge there.
    fs.appendFileSync(known, 'builtin/root-is-file html stdout\n');
    const stale = await runParity([...args, '--known', known, '--json', path.join(dir(), 'known-stale.json')]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('stale known divergences');
    expect(readReport(path.join(dir(), 'known-stale.json')).stale_known).toEqual([
      expect.objectContaining({ case_id: 'builtin/root-is-file', exporter: 'html', effect: 'stdout' }),
    ]);
  });

  it('writes JUnit with one testcase per case and exporter', async () => {
    const xml = path.join(dir(), 'r.xml');
    const run = await runParity(['--no-golden', '--runs', '3', '--exporters', 'go,html,control', '--exporter', HTML, '--exporter', CONTROL, '--no-shrink', '--junit', xml]);
    expect(run.code).toBe(1);
    const text = fs.readFileSync(xml, 'utf8');
    expect(text.match(/<testcase /g)).toHaveLength(2 * 12);
    expect(text).toContain('<testsuite name="html vs go"');
    expect(text).toMatch(/<failure type="divergence" message="[^"]*"/);
  });

  it('shrinks a generated failure, saves it in the golden layout, and replays it with --case', async () => {
    const failures = path.join(dir(), 'failures');
    const json = path.join(dir(), 'shrink.json');
    const run = await runParity(['--no-golden', '--runs', '60', '--exporters', 'go,html', '--exporter', HTML, '--failures', failures, '--shrink-time', '20', '--json', json]);
    expect(run.code).toBe(1);
    const shrunk = readReport(json).shrunk;
    expect(shrunk.length).toBeGreaterThan(0);
    const s = shrunk[0]!;
    expect(s.entries).toBeLessThanOrEqual(s.original_entries);
    for (const f of ['case.json', 'expected/stdout', 'expected/stderr', 'expected/exit_code', 'expected/tree']) {
      expect(fs.existsSync(path.join(s.dir, f)), f).toBe(true);
    }
    expect(run.stdout).toContain(`--case ${s.dir}`);
    // The minimal input is shown in the report, and the cause it was shrunk for is the top one.
    const report = readReport(json);
    expect(s.cause).toEqual({ effect: report.causes[0]?.effect, field: report.causes[0]?.field, kind: report.causes[0]?.kind });
    expect(run.stdout).toContain('minimal input: ');
    expect(s.input.length).toBeGreaterThan(0);
    const replay = await runParity(['--case', s.dir, '--exporters', 'go,html', '--exporter', HTML]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/identical \/ cases[\s\S]*html\s+0\/1/);
    const control = await runParity(['--case', s.dir, '--exporters', 'go,control', '--exporter', CONTROL]);
    expect(control.code).toBe(0);
    // The next run moves this run's failures aside, and touches nothing else there.
    fs.writeFileSync(path.join(failures, 'notes.txt'), 'mine\n');
    fs.mkdirSync(path.join(failures, 'my-case'));
    const again = await runParity(['--no-golden', '--runs', '60', '--exporters', 'go,html', '--exporter', HTML, '--failures', failures, '--shrink-time', '5', '--max-details', '1']);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/\d+ failure director(y|ies) of an earlier run moved to .*previous-run/);
    expect(fs.existsSync(path.join(failures, 'previous-run', path.basename(s.dir), 'case.json'))).toBe(true);
    expect(fs.readFileSync(path.join(failures, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(path.join(failures, 'my-case'))).toBe(true);
    const now = fs.readdirSync(failures).filter((n) => fs.existsSync(path.join(failures, n, '.sft-parity-failure')));
    expect(now.length).toBe(1);
  });

  it('prints for a generated case a replay line that reproduces it when pasted into a shell', async () => {
    const run = await runParity(['--no-golden', '--runs', '40', '--only', 'generated/*', '--exporters', 'go,html', '--exporter', HTML, '--no-shrink', '--max-details', '1']);
    expect(run.code).toBe(1);
    const replay = await pasteReplay(run.stdout);
    expect(replay.line).toMatch(/--seed 20261124 --runs \d+ --only generated\/20261124\/\d+/);
    expect(replay.code, replay.stdout + replay.stderr).toBe(1);
    const id = /--only (generated\/\S+)/.exec(replay.line)?.[1] ?? '';
    expect(replay.stdout).toContain(`DIVERGENCE ${id} — html vs go`);
  });

  it('does not compare an --ignore\'d effect, and says so', async () => {
    const args = ['--no-golden', '--runs', '0', '--exporters', 'go,words', '--exporter', `words=${path.join(WRONG, 'error-text')}`, '--no-shrink'];
    const json = path.join(dir(), 'ignore.json');
    const compared = await runParity([...args, '--json', json]);
    expect(compared.code).toBe(1);
    expect(readReport(json).causes.map((c) => c.effect)).toContain('stderr');
    const ignored = await runParity([...args, '--ignore', 'stderr', '--json', json]);
    expect(ignored.stdout).toContain('not compared (--ignore): stderr');
    expect(readReport(json).ignored).toEqual(['stderr']);
    expect(readReport(json).causes.filter((c) => c.effect === 'stderr')).toEqual([]);
    expect(ignored.code).toBe(0);
  });
});
