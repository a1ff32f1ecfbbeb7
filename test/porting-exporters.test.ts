// Porting an exporter under the gate, as an engineer bringing one to parity
// does: deliberately imperfect ports written from the docs
// (test/porting-exporters/: a Python one, a Node one) run against the Go
// reference. The report must lead with their distinct bugs as causes, most
// frequent first; fixing the top one must remove exactly that cause; a known
// list written by --write-known must let the run pass and go stale as bugs
// are fixed. The causes expected are the bugs planted in the ports (kind and
// field); counts and cases come from running Go at test time.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, requireGo, requirePython } from './helpers/toolchains.js';
import { causeId, usePrivateDir, readReport, runParity, type JsonCause, type JsonReport } from './wrong-exporters/run-parity.js';

const DIR = path.join(REPO_ROOT, 'test/porting-exporters');
const PY_SCRIPT = path.join(DIR, 'export_sft.py');
const JS_SCRIPT = path.join(DIR, 'export-sft.mjs');
const EXPORT = 'data/distilled/sft/sft_export.jsonl';

/** The causes array as README.md describes it: distinct, sorted by count, covering every divergent case. */
function expectWellFormed(r: JsonReport): void {
  const keys = r.causes.map(causeId);
  expect(new Set(keys).size).toBe(keys.length);
  for (let i = 1; i < r.causes.length; i++) expect(r.causes[i - 1]!.count).toBeGreaterThanOrEqual(r.causes[i]!.count);
  for (const c of r.causes) expect(c.count).toBe(c.cases.length);
  const covered = new Set(r.causes.flatMap((c) => c.cases.map((id) => `${id} ${c.exporter}`)));
  const divergent = r.cases.flatMap((c) => c.results.filter((x) => x.status === 'divergent').map((x) => `${c.id} ${x.exporter}`));
  expect(divergent.length).toBeGreaterThan(0);
  for (const d of divergent) expect(covered.has(d), `${d} is in a cause`).toBe(true);
}

/** The ranked list at the top of the text report: [count, title] per line, and where it starts. */
function rankedList(stdout: string, exporter: string): { start: number; rows: [number, string][] } {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${exporter} diverges on `));
  const rows: [number, string][] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const m = /^\s+\d+\.\s+(\d+) cases?\s+(.*)$/.exec(lines[i] ?? '');
    if (m) rows.push([Number(m[1]), m[2] as string]);
    else if ((lines[i] ?? '').trim() === '') break;
  }
  return { start, rows };
}

const without = (causes: readonly JsonCause[], gone: JsonCause): string[] => causes.filter((c) => causeId(c) !== causeId(gone)).map((c) => `${causeId(c)} ×${c.count}`);

const PYTHON = requirePython('porting exporters under the gate');

describe.runIf(requireGo('porting exporters under the gate') && PYTHON !== undefined)('porting exporters under the gate', () => {
  const dir = usePrivateDir('porting-');

  it('names the bugs of a Python port, most frequent first; fixing the top one removes exactly that cause; --write-known lists them and goes stale', async () => {
    const py = (script: string): string[] => ['--exporters', 'go,py', '--exporter', `py=${PYTHON} ${script}`];
    const base = ['--runs', '0', '--no-shrink'];
    const known = path.join(dir(), 'known.txt');
    const first = await runParity([...base, ...py(PY_SCRIPT), '--json', path.join(dir(), 'py-1.json'), '--write-known', known]);
    expect(first.code, first.stderr).toBe(1);
    const before = readReport(path.join(dir(), 'py-1.json'));
    expectWellFormed(before);
    const ids = before.causes.map(causeId);
    // The bugs planted in export_sft.py, each named as a cause.
    for (const planted of [
      `py tree number-format ${EXPORT}: quality_score`, // Python floats: 1.0 for 1
      `py tree escape-html ${EXPORT}`, // json.dumps does not escape <, >, &
      `py tree escape-line-separator ${EXPORT}`, // nor U+2028, U+2029
      'py stderr error-text distillation: ExportSft requires RecordedAt', // its own error texts
      'py exit_code exit-code 1→0', // a root that is a file is "no scored runs" to os.path.exists
      'py stdout value output_path', // os.path.join keeps an unclean root as given
    ]) {
      expect(ids, planted).toContain(planted);
    }
    // The first screen: the ranked list right after the header, in the JSON's order.
    const list = rankedList(first.stdout, 'py');
    expect(list.start).toBeGreaterThan(0);
    expect(list.start).toBeLessThan(12);
    expect(first.stdout.indexOf('CAUSE 1 of')).toBeGreaterThan(first.stdout.indexOf('py diverges on'));
    expect(list.rows.map(([n]) => n)).toEqual(before.causes.map((c) => c.count));
    expect(list.rows[0]?.[1]).toBe(`number formatting in tree ${EXPORT}: quality_score`);
    expect(/^py diverges on \d+ cases of \d+ from (\d+) causes/m.exec(first.stdout)?.[1]).toBe(String(before.causes.length));

    // The known list written today lets the same exporter pass.
    expect(fs.readFileSync(known, 'utf8')).toMatch(/^golden\/\S+\s+py\s+tree\s+number-format\s+data\/distilled\/sft\/sft_export\.jsonl: quality_score$/m);
    const adopted = await runParity([...base, ...py(PY_SCRIPT), '--known', known]);
    expect(adopted.code, adopted.stdout.slice(-3000)).toBe(0);
    expect(adopted.stdout).toMatch(/^PASS .*known divergence\(s\) apart/m);
    expect(adopted.stdout).toMatch(/py\s+\d+\/62 \(\d+ known\)/);

    // Fix the top cause (Python writes 1.0 where Go writes 1).
    const top = before.causes[0]!;
    expect(causeId(top)).toBe(`py tree number-format ${EXPORT}: quality_score`);
    const source = fs.readFileSync(PY_SCRIPT, 'utf8');
    const fixedSource = source.replace('        return 1.0\n', '        return 1\n').replace('    return 0.0\n', '    return 0\n');
    expect(fixedSource).not.toBe(source);
    const fixed = path.join(dir(), 'export_sft_fixed.py');
    fs.writeFileSync(fixed, fixedSource);
    const next = await runParity([...base, ...py(fixed), '--json', path.join(dir(), 'py-2.json')]);
    expect(next.code).toBe(1);
    const after = readReport(path.join(dir(), 'py-2.json'));
    expectWellFormed(after);
    expect(after.causes.map((c) => `${causeId(c)} ×${c.count}`)).toEqual(without(before.causes, top));

    // With the fix, the entries of that cause are no longer needed: stale, and the run fails.
    const stale = await runParity([...base, ...py(fixed), '--known', known, '--json', path.join(dir(), 'py-3.json')]);
    expect(stale.code).toBe(1);
    const r = readReport(path.join(dir(), 'py-3.json'));
    expect(r.causes).toEqual([]);
    expect(r.stale_known.map((k) => `${k.case_id} ${k.kind} ${k.field}`).sort()).toEqual(top.cases.map((id) => `${id} ${top.kind} ${top.field}`).sort());
    expect(stale.stdout).toContain('stale known divergences');
  }, 300_000);

  it('names the bugs of a Node port, and shows the bare \\r of a minimal input', async () => {
    const js = ['--exporters', 'go,js', '--exporter', `js=${process.execPath} ${JS_SCRIPT}`];
    const json = path.join(dir(), 'js.json');
    const run = await runParity([...js, '--runs', '60', '--no-shrink', '--json', json]);
    expect(run.code, run.stderr).toBe(1);
    const report = readReport(json);
    expectWellFormed(report);
    const ids = report.causes.map(causeId);
    for (const planted of [
      `js tree escape-html ${EXPORT}`, // JSON.stringify does not escape <, >, &
      `js tree escape-line-separator ${EXPORT}`, // nor U+2028, U+2029
      'js stderr crash Error EISDIR', // readFileSync on a directory named *.jsonl
      'js stderr error-text list scored runs: distillation: empty root', // its own error texts
    ]) {
      expect(ids, planted).toContain(planted);
    }
    expect(rankedList(run.stdout, 'js').rows.map(([n]) => n)).toEqual(report.causes.map((c) => c.count));

    // A scored file with a bare \r between two records: Go reads one invalid
    // line, the port's split reads two records. The minimal input shows it.
    const lake = path.join(dir(), 'cr-lake');
    const day = '2026/11/02/runs.jsonl';
    fs.mkdirSync(path.join(lake, 'data/scored-runs', path.dirname(day)), { recursive: true });
    fs.writeFileSync(path.join(lake, 'data/scored-runs', day), '{"evidence_run_id":"a","category":"accepted"}\r{"evidence_run_id":"b","category":"rejected"}\n{"evidence_run_id":"c"}\n');
    const cr = await runParity([...js, '--root', lake, '--json', json, '--failures', path.join(dir(), 'failures'), '--max-details', '1']);
    expect(cr.code).toBe(1);
    const shrunk = readReport(json).shrunk[0];
    expect(shrunk?.input.join('\n')).toContain('{"evidence_run_id":"a","category":"accepted"}\\r{"evidence_run_id":"b"');
    expect(cr.stdout).toContain('minimal input: root/cr-lake shrunk to');
    expect(cr.stdout).toMatch(/\s+1 {2}\{"evidence_run_id":"a","category":"accepted"\}\\r\{"evidence_run_id":"b"/);
  }, 300_000);
});
