// `sft-parity merge`: the --json report round-trips to the report it was
// written from, shards of one run merge into what the unsharded run wrote
// (JUnit testcases, divergent pairs, known verdicts, exit code; the runs go
// through the Go reference), and anything else is refused with a reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, type EffectDiff } from '../src/parity/compare/effects.js';
import { reportJson } from '../src/parity/report/json.js';
import { reportJunit } from '../src/parity/report/junit.js';
import { mergeReports, type ShardReport } from '../src/parity/report/merge.js';
import type { RunReport } from '../src/parity/report/model.js';
import { readJsonReport, reportFromJson } from '../src/parity/report/readjson.js';
import { makeStyle } from '../src/parity/report/style.js';
import { renderReport } from '../src/parity/report/text.js';
import { escapeBytes, unescapeBytes } from '../src/parity/tree/snapshot.js';
import { sampleReport } from './helpers/report.js';
import { requireGo } from './helpers/toolchains.js';
import { WRONG, privateDir, usePrivateDir, runParity } from './wrong-exporters/run-parity.js';

const roundTrip = (r: RunReport): RunReport => reportFromJson(JSON.parse(JSON.stringify(reportJson(r))), 'r.json');

/** Shard i/n of a report, as `--shard i/n` would have written it (known verdicts aside). */
function shardOf(r: RunReport, index: number, count: number): RunReport {
  const cases = r.cases.filter((c) => (r.plan.index.get(c.id) ?? -1) % count === index - 1);
  return { ...r, shard: { index, count }, cases, plan: { ...r.plan, index: new Map(cases.map((c) => [c.id, r.plan.index.get(c.id) ?? -1])) } };
}

const shards = (r: RunReport, count: number, files = ['a.json', 'b.json', 'c.json', 'd.json']): ShardReport[] =>
  Array.from({ length: count }, (_, i) => ({ file: files[i] as string, report: shardOf(r, i + 1, count) }));

describe('the JSON report', () => {
  it('rebuilds the report it was written from, bytes and all', () => {
    const r = sampleReport();
    const back = roundTrip(r);
    expect(back).toEqual(r);
    expect(renderReport(back, 5, makeStyle(false))).toBe(renderReport(r, 5, makeStyle(false)));
    expect(reportJunit(back)).toBe(reportJunit(r));
  });

  it('keeps what each side did outside the root, and derives the words of the cause from it', () => {
    const r = sampleReport();
    const run: EffectDiff = { effect: 'run', ref: { kind: 'exited', code: 0 }, other: { kind: 'exited', code: 0 }, outside: { other: [Buffer.from([...Buffer.from('/var/tmp/'), 0xff])], ref: [], uncaptured: { other: false, ref: true } } };
    const c = r.cases[2] as RunReport['cases'][number];
    const withOutside: RunReport = { ...r, cases: r.cases.map((x) => (x === c ? { ...c, results: c.results.map((y) => ({ ...y, diffs: [run] })) } : x)) };
    expect(roundTrip(withOutside).cases[2]?.results[0]?.diffs).toEqual([run]);
    const json = reportJson(withOutside).cases[2]?.results[0]?.diffs[0];
    expect(json).toMatchObject({ effect: 'run', outside: { actual: ['/var/tmp/\\xff'], reference: [], uncaptured: { actual: false, reference: true } } });
    expect(json && 'cause' in json ? json.cause : '').toBe(describeRun(run as Extract<EffectDiff, { effect: 'run' }>, { ref: 'go', other: 'bad' }));
    expect(json && 'cause' in json ? json.cause : '').toMatch(/^bad wrote outside the root: \/var\/tmp\/\\xff; the reference go met EOVERFLOW/);
  });

  it('names every field in snake_case', () => {
    const keys = (v: unknown, at: string): string[] =>
      Array.isArray(v) ? v.flatMap((x, i) => keys(x, `${at}[${i}]`)) : typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([k, x]) => [`${at}.${k}`, ...keys(x, `${at}.${k}`)]) : [];
    const all = keys(JSON.parse(JSON.stringify(reportJson(sampleReport()))), '');
    // The sample holds every part of a report: shrunk, stale and known entries, every kind of origin.
    for (const part of ['.shrunk[0].original_entries', '.stale_known[0].case_id', '.known[0].case_id', '.cases[2].origin.origin.run_seed', '.cases[0].origin.recorded_at', '.exporters[1].kind']) expect(all).toContain(part);
    expect(all.filter((k) => !/^[a-z0-9_]+$/.test(k.slice(k.lastIndexOf('.') + 1)))).toEqual([]);
  });

  it('unescapes every path escapeBytes writes', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(unescapeBytes(escapeBytes(all))).toEqual(all);
    expect(unescapeBytes(escapeBytes(Buffer.from('a\\xff\\\\b')))).toEqual(Buffer.from('a\\xff\\\\b'));
  });

  it('refuses what is not a report of this format, naming the file and the place', () => {
    const dir = privateDir('parity-merge-bad-');
    try {
      const write = (name: string, text: string): string => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      expect(() => readJsonReport(path.join(dir, 'nope.json'))).toThrow(/nope\.json: no such file/);
      expect(() => readJsonReport(write('t.json', '{"tool":'))).toThrow(/t\.json: not JSON/);
      expect(() => readJsonReport(write('o.json', '{"tool":"other"}'))).toThrow(/o\.json: not an sft-parity JSON report/);
      expect(() => readJsonReport(write('v1.json', '{"tool":"sft-parity","exit_code":1}'))).toThrow(/v1\.json: a JSON report of format 1, this sft-parity reads format 4/);
      const json = reportJson(sampleReport()) as { cases: { results: { status: string }[] }[] };
      (json.cases[0]?.results[0] as { status: string }).status = 'weird';
      expect(() => readJsonReport(write('s.json', JSON.stringify(json)))).toThrow(/s\.json: cases\[0\]\.results\[0\]\.status: want one of identical, divergent, known, not "weird"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('merging shards', () => {
  it('gives back the whole run from its shards, in the run order', () => {
    const r = sampleReport();
    const merged = mergeReports(shards(r, 3).reverse());
    expect(merged.cases.map((c) => c.id)).toEqual(r.cases.map((c) => c.id));
    expect(merged.shard).toBeUndefined();
    expect(merged.exitCode).toBe(1);
    expect(reportJunit({ ...merged, durationMs: r.durationMs })).toBe(reportJunit(r));
  });

  it('judges known entries over all shards: used in one shard is not stale', () => {
    const r = sampleReport();
    const entry = { caseId: 'golden/*', exporter: 'bad', effect: 'tree' as const, where: 'k:1' };
    const parts = shards({ ...r, known: [], stale: [] }, 2);
    // Shard 1 holds golden/escaping-html (tree differs), shard 2 golden/bom (identical).
    (parts[0] as ShardReport).report = { ...(parts[0] as ShardReport).report, known: [{ entry, ran: true, used: true, found: [] }] };
    (parts[1] as ShardReport).report = { ...(parts[1] as ShardReport).report, known: [{ entry, ran: true, used: false, found: [] }], stale: [{ ...entry, found: [] }] };
    expect(mergeReports(parts).stale).toEqual([]);
    (parts[0] as ShardReport).report = { ...(parts[0] as ShardReport).report, known: [{ entry, ran: true, used: false, found: [] }] };
    expect(mergeReports(parts).stale).toEqual([{ ...entry, found: [] }]);
  });

  it('refuses shards of different runs and names what differs', () => {
    const r = sampleReport();
    const other = (change: Partial<RunReport>): ShardReport[] => {
      const p = shards(r, 2);
      (p[1] as ShardReport).report = { ...(p[1] as ShardReport).report, ...change };
      return p;
    };
    expect(() => mergeReports(other({ seed: 8 }))).toThrow('a.json and b.json are not shards of one run: the seed differs (7 vs 8)');
    expect(() => mergeReports(other({ runs: 5 }))).toThrow('--runs differs (4 vs 5)');
    expect(() => mergeReports(other({ plan: { ...r.plan, digest: 'f'.repeat(64) } }))).toThrow('the case list');
    expect(() => mergeReports(other({ plan: { ...r.plan, settings: { ...r.plan.settings, timeout_seconds: 5 } } }))).toThrow('the setting timeout_seconds differs (60 vs 5)');
    expect(() => mergeReports(other({ exporters: r.exporters.map((e) => (e.name === 'go' ? { ...e, version: 'go1.26.8 linux/amd64, sources 000000000000' } : e)) }))).toThrow(
      /a\.json and b\.json ran different exporter builds: go \(go1\.26\.8 linux\/amd64, sources 75c145b5aaba.* vs go \(go1\.26\.8 linux\/amd64, sources 000000000000/,
    );
    expect(() => mergeReports(other({ known: [] }))).toThrow('the --known list differs');
  });

  it('names missing and doubled shards', () => {
    const r = sampleReport();
    const p = shards(r, 3);
    expect(() => mergeReports([p[0] as ShardReport, p[2] as ShardReport])).toThrow('missing shard 2/3 of 3; have 1/3 (a.json), 3/3 (c.json)');
    expect(() => mergeReports([p[1] as ShardReport])).toThrow('missing shards 1/3, 3/3 of 3; have 2/3 (b.json)');
    expect(() => mergeReports([...p, { ...(p[1] as ShardReport), file: 'again.json' }])).toThrow('shard 2/3 is given twice: b.json and again.json');
    expect(() => mergeReports([{ file: 'whole.json', report: r }, p[0] as ShardReport])).toThrow('whole.json is a whole run (no --shard), not a shard');
    expect(() => mergeReports([p[0] as ShardReport, { file: 'x.json', report: shardOf(r, 2, 2) }])).toThrow('a.json is a shard of 3, x.json a shard of 2');
  });
});

interface Testcase {
  classname: string;
  name: string;
  outcome: string;
}

/** The testcases of a JUnit file: class, name, and failure/skipped with its message (times differ from run to run). */
function testcases(file: string): Testcase[] {
  const xml = fs.readFileSync(file, 'utf8');
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(\/>|>\s*<(failure|skipped)[^>]*?message="([^"]*)")/g)].map((m) => ({
    classname: m[1] as string,
    name: m[2] as string,
    outcome: m[4] ? `${m[4]}: ${m[5]}` : 'passed',
  }));
}

/** The ranked causes of a --json report: identity, count and cases (what the JSON "causes" array says). */
function causes(file: string): unknown[] {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { causes: { exporter: string; effect: string; field: string | null; kind: string; count: number; cases: string[]; example: string }[] };
  return json.causes.map(({ exporter, effect, field, kind, count, cases, example }) => ({ exporter, effect, field, kind, count, cases, example }));
}

/** (case, exporter, status, failing effects) of a --json report. */
function pairs(file: string): string[] {
  return readJsonReport(file).cases.flatMap((c) => c.results.filter((x) => x.status !== 'identical').map((x) => `${c.id} ${x.exporter} ${x.status} ${x.failing.join(',')}`));
}

describe.runIf(requireGo('sft-parity merge end to end'))('sft-parity merge of real shards', () => {
  const dir = usePrivateDir('parity-merge-');

  /** Runs the whole run and its three shards, merges the shards; returns the files and exit codes. */
  async function wholeAndMerged(name: string, args: string[]) {
    const f = (x: string): string => path.join(dir(), `${name}-${x}`);
    const whole = await runParity([...args, '--json', f('whole.json'), '--junit', f('whole.xml')]);
    expect(whole.code, whole.stderr).not.toBe(2);
    const shardCodes: (number | null)[] = [];
    for (const i of [1, 2, 3]) {
      const s = await runParity([...args, '--shard', `${i}/3`, '--json', f(`${i}.json`)]);
      expect(s.code, s.stderr).not.toBe(2);
      shardCodes.push(s.code);
    }
    const merged = await runParity(['merge', f('3.json'), f('1.json'), f('2.json'), '--json', f('merged.json'), '--junit', f('merged.xml')]);
    expect(merged.stderr).toBe('');
    return { whole, merged, shardCodes, f };
  }

  const base = ['--exporters', 'html', '--exporter', `html=${path.join(WRONG, 'html-unescaped')}`, '--runs', '12', '--no-shrink'];

  it('writes what the unsharded run wrote: testcases, divergent pairs, exit code', async () => {
    const { whole, merged, f } = await wholeAndMerged('plain', base);
    expect(whole.code).toBe(1);
    expect(merged.code).toBe(whole.code);
    expect(testcases(f('merged.xml'))).toEqual(testcases(f('whole.xml')));
    expect(testcases(f('whole.xml')).filter((t) => t.outcome.startsWith('failure')).length).toBeGreaterThan(3);
    expect(pairs(f('merged.json'))).toEqual(pairs(f('whole.json')));
    expect(causes(f('merged.json'))).toEqual(causes(f('whole.json')));
    expect(causes(f('whole.json')).length).toBeGreaterThan(0);
    // The merged text report is the whole run's, but for the scratch paths and the time.
    const tail = (s: string): string => s.slice(s.indexOf('\nhtml diverges on')).replace(/[^\s']*\/slot-\d+/g, 'SLOT').replace(/ in [\d.]+ s\n$/, '');
    expect(whole.stdout).toContain('\nhtml diverges on ');
    expect(tail(merged.stdout)).toBe(tail(whole.stdout));
  });

  it('judges known entries over the whole run, as the unsharded run does', async () => {
    // No generated case of shard 3 diverges with 12 runs: there the generated/* entry is stale.
    const known = path.join(dir(), 'known.txt');
    fs.writeFileSync(known, 'golden/* html *\nbuiltin/* html *\ngenerated/* html *\n');
    const { whole, merged, shardCodes, f } = await wholeAndMerged('known', [...base, '--known', known]);
    expect(whole.code).toBe(0);
    expect(shardCodes).toContain(1);
    expect(merged.code).toBe(0);
    expect(testcases(f('merged.xml'))).toEqual(testcases(f('whole.xml')));
    expect(pairs(f('merged.json'))).toEqual(pairs(f('whole.json')));
  });

  it('exits 2 naming the missing shard', async () => {
    const run = await runParity(['merge', path.join(dir(), 'plain-1.json'), path.join(dir(), 'plain-3.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sft-parity: missing shard 2/3 of 3; have 1/3 (${path.join(dir(), 'plain-1.json')}), 3/3 (${path.join(dir(), 'plain-3.json')})\n`);
  });
});
