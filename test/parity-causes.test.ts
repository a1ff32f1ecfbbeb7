// Unit tests of the cause model (src/parity/compare/causes.ts): what kind,
// field and effect each sort of difference is classified as. The bytes here
// are written by hand to show one difference each; that every wrong and
// porting exporter is named by its cause against the real Go reference is
// checked end to end in parity-self-check.test.ts and porting-exporters.test.ts.
import { describe, expect, it } from 'vitest';
import { CAUSE_KIND_NAMES, causeKey, causesOf, causeTitle, crashOf, errorContext, treePattern, worthShrinking, type Cause } from '../src/parity/compare/causes.js';
import type { EffectDiff, TreeChange } from '../src/parity/compare/effects.js';
import { canonicalNumber } from '../src/parity/compare/jsoncauses.js';
import type { TreeEntry } from '../src/parity/tree/snapshot.js';
import { reportCauses } from '../src/parity/report/causeview.js';
import { sampleReport } from './helpers/report.js';

const names = { ref: 'go', other: 'py' };
const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const ids = (cs: readonly Cause[]): string[] => cs.map((c) => `${c.effect} ${c.kind} ${c.field ?? '-'}`);
const EXPORT = 'root/data/distilled/sft/sft_export.jsonl';

function file(p: string, content: string, mode = 0o644): TreeEntry {
  return { path: b(p), type: 'file', mode, content: b(content) };
}

function exportDiff(ref: string, other: string): EffectDiff {
  return { effect: 'tree', changes: [{ kind: 'content', path: b(EXPORT), ref: file(EXPORT, ref), other: file(EXPORT, other) }] };
}

describe('causes of JSON lines', () => {
  it('names every differing field of a line, each with its kind', () => {
    const d: EffectDiff = { effect: 'stdout', ref: b('{"records_read":2,"s":"a\\u003cb","q":1,"t":"x\\u0085"}\n'), other: b('{"records_read":3,"s":"a<b","q":1.0,"t":"x"}\n') };
    expect(ids(causesOf([d], names))).toEqual(['stdout count records_read', 'stdout escape-html -', 'stdout number-format q', 'stdout white-space t']);
  });

  it('puts the file and the field of the export into the field', () => {
    const cs = causesOf([exportDiff('{"quality_score":1,"response":"\\u2028é"}\n', '{"quality_score":1.0,"response":"\u2028\\u00e9"}\n')], names);
    expect(ids(cs)).toEqual([
      'tree number-format data/distilled/sft/sft_export.jsonl: quality_score',
      'tree escape-line-separator data/distilled/sft/sft_export.jsonl',
      'tree escape-non-ascii data/distilled/sft/sft_export.jsonl',
    ]);
    expect(cs[0]?.detail).toBe('go writes 1, py writes 1.0');
    expect(cs[1]?.detail).toContain('response: U+2028');
    expect(causeTitle(cs[0] as Cause)).toBe('number formatting in tree data/distilled/sft/sft_export.jsonl: quality_score');
  });

  it('finds missing and extra lines among lines that match, and line ends', () => {
    const rec = (id: string, q: string): string => `{"id":"${id}","a":"x","b":"y","q":${q}}`;
    const ref = [rec('r:0', '1'), rec('r:1', '1'), rec('r:2', '1')].join('\n') + '\n';
    const extra = [rec('r:0', '1'), rec('r:1', '1'), rec('x:9', '0.5'), rec('r:2', '1')].join('\n') + '\n';
    expect(ids(causesOf([exportDiff(ref, extra)], names))).toEqual(['tree extra-line data/distilled/sft/sft_export.jsonl']);
    const missing = [rec('r:0', '1'), rec('r:2', '1')].join('\n') + '\n';
    expect(ids(causesOf([exportDiff(ref, missing)], names))).toEqual(['tree missing-line data/distilled/sft/sft_export.jsonl']);
    expect(ids(causesOf([exportDiff(ref, ref.replace(/\n/g, '\r\n'))], names))).toEqual(['tree line-end data/distilled/sft/sft_export.jsonl']);
    expect(ids(causesOf([exportDiff(ref, ref.slice(0, -1))], names))).toEqual(['tree line-end data/distilled/sft/sft_export.jsonl']);
  });

  it('tells numbers written differently from different numbers, exactly beyond 2^53', () => {
    expect(canonicalNumber('1')).toBe(canonicalNumber('1.0'));
    expect(canonicalNumber('1e2')).toBe(canonicalNumber('100'));
    expect(canonicalNumber('0.5')).toBe(canonicalNumber('5e-1'));
    expect(canonicalNumber('9007199254740993')).not.toBe(canonicalNumber('9007199254740992'));
    const d = exportDiff('{"provenance":{"line_offset":9007199254740993}}\n', '{"provenance":{"line_offset":9007199254740992}}\n');
    expect(ids(causesOf([d], names))).toEqual(['tree value data/distilled/sft/sft_export.jsonl: provenance.line_offset']);
  });

  it('classifies invalid UTF-8, lone surrogates, missing and extra fields, field order and lines that are not JSON', () => {
    const raw = Buffer.concat([b('{"a":"'), Buffer.from([0xff]), b('","b":"\\ud800","d":2,"c":1,"e":3}\n')]);
    const ref = file(EXPORT, '{"a":"\\ufffd","b":"\\ufffd","c":1,"d":2}\n');
    const cs = causesOf([{ effect: 'tree', changes: [{ kind: 'content', path: b(EXPORT), ref, other: { ...ref, content: raw } }] }], names);
    const f = 'data/distilled/sft/sft_export.jsonl';
    expect(ids(cs)).toEqual([`tree field-order ${f}`, `tree escape-invalid-utf8 ${f}`, `tree replacement-char ${f}: b`, `tree extra-field ${f}: e`]);
    expect(ids(causesOf([exportDiff('{"a":1}\n', 'a: 1\n')], names))).toEqual([`tree not-json ${f}`]);
    // One U+FFFD per bad byte (Go) against one per bad sequence.
    expect(ids(causesOf([exportDiff('{"r":"x\\ufffd\\ufffd"}\n', '{"r":"x\\ufffd"}\n')], names))).toEqual([`tree replacement-char ${f}: r`]);
  });

  it('reports a count when a text differs only in its numbers', () => {
    const d: EffectDiff = { effect: 'stdout', ref: b('{"quarantine_summary":"firewall=0, not-instructable=2"}\n'), other: b('{"quarantine_summary":"firewall=1, not-instructable=2"}\n') };
    expect(ids(causesOf([d], names))).toEqual(['stdout count quarantine_summary']);
  });
});

describe('causes of the exit code, stderr and the run', () => {
  it('names the exit code transition and the error context', () => {
    const root = '/tmp/sft-parity-x/slot-0/root';
    const cs = causesOf(
      [
        { effect: 'exit_code', ref: 1, other: 0 },
        { effect: 'stderr', ref: b(`list scored runs: stat ${root}/data/scored-runs: not a directory\n`), other: b('') },
      ],
      names,
    );
    expect(ids(cs)).toEqual(['exit_code exit-code 1→0', 'stderr missing-error list scored runs: stat']);
    expect(errorContext(b('distillation: ExportSft requires RecordedAt\n'))).toBe('distillation: ExportSft requires RecordedAt');
    expect(errorContext(b(`write output: open ${root}/x: is a directory`))).toBe('write output: open');
    const wording = causesOf([{ effect: 'stderr', ref: b('list scored runs: distillation: empty root\n'), other: b('error: root is empty\n') }], names);
    expect(ids(wording)).toEqual(['stderr error-text list scored runs: distillation: empty root']);
  });

  it('counts a crash as the crash, not as its consequences', () => {
    const trace = 'Traceback (most recent call last):\n  File "x.py", line 3, in <module>\n    f()\nUnicodeDecodeError: \'utf-8\' codec can\'t decode byte 0xff\n';
    const cs = causesOf(
      [
        { effect: 'exit_code', ref: 0, other: 1 },
        { effect: 'stdout', ref: b('{"a":1}\n'), other: b('') },
        { effect: 'stderr', ref: b(''), other: b(trace) },
        { effect: 'tree', changes: [{ kind: 'missing', path: b('root/data/distilled'), ref: { path: b('root/data/distilled'), type: 'dir', mode: 0o755 } }] },
      ],
      names,
    );
    expect(ids(cs)).toEqual(['stderr crash UnicodeDecodeError']);
    expect(crashOf('TypeError: x is not a function\n    at f (/a/b.js:1:2)\n    at /a/b.js:3:4\n')?.name).toBe('TypeError');
    const node = "node:fs:1\n  throw err;\n  ^\n\nError: EISDIR: illegal operation on a directory, read\n    at Object.readSync (node:fs:749:3)\n\nNode.js v20\n";
    expect(crashOf(node)).toEqual({ name: 'Error EISDIR', line: 'Error: EISDIR: illegal operation on a directory, read' });
    expect(crashOf("thread 'main' panicked at src/main.rs:1:1:\n")?.name).toBe('panic');
    expect(crashOf('error: root is empty\n')).toBeUndefined();
  });

  it('classifies how a run ended', () => {
    const cs = causesOf([{ effect: 'run', ref: { kind: 'exited', code: 0 }, other: { kind: 'timeout', afterMs: 5000 } }], names);
    expect(ids(cs)).toEqual(['run timeout -']);
    expect(cs[0]?.detail).toBe('py timed out after 5 s (its process group was killed)');
    const sig = causesOf([{ effect: 'run', ref: { kind: 'exited', code: 0 }, other: { kind: 'signaled', signal: 'SIGSEGV' } }], names);
    expect(ids(sig)).toEqual(['run crash SIGSEGV']);
  });

  it('shrinks every kind but those whose candidates would each take the whole timeout, or not run', () => {
    expect(CAUSE_KIND_NAMES.filter((k) => !worthShrinking(k))).toEqual(['timeout', 'not-started', 'skipped', 'reference-failed']);
  });
});

describe('causes of the tree', () => {
  it('counts a missing directory once, not once per path under it', () => {
    const dir = (p: string): TreeEntry => ({ path: b(p), type: 'dir', mode: 0o755 });
    const changes: TreeChange[] = [
      { kind: 'missing', path: b('root/data/distilled'), ref: dir('root/data/distilled') },
      { kind: 'missing', path: b('root/data/distilled/sft'), ref: dir('root/data/distilled/sft') },
      { kind: 'missing', path: b(EXPORT), ref: file(EXPORT, '{}\n') },
      { kind: 'extra', path: b('root/data/distilled/sft/tmp3kf9a2'), other: file('root/data/distilled/sft/tmp3kf9a2', '') },
      { kind: 'mode', path: b('root/x.jsonl'), ref: file('root/x.jsonl', ''), other: file('root/x.jsonl', '', 0o600) },
    ];
    expect(ids(causesOf([{ effect: 'tree', changes }], names))).toEqual(['tree missing-dir data/distilled', 'tree extra-file data/distilled/sft/*', 'tree mode x.jsonl']);
  });

  it('gives one pattern for the same file whatever the root and random names', () => {
    expect(treePattern(b('root/data/distilled/sft/sft_export.jsonl'))).toBe('data/distilled/sft/sft_export.jsonl');
    expect(treePattern(b('root/scored-runs/lake/data/distilled/sft/sft_export.jsonl'))).toBe('data/distilled/sft/sft_export.jsonl');
    expect(treePattern(b('root/real/data/evidence/2026/11/02/a.jsonl'))).toBe('data/evidence/2026/11/02/a.jsonl');
    expect(treePattern(b('root/data/distilled/sft/sft_export.jsonl.123456'))).toBe('data/distilled/sft/sft_export.jsonl.*');
    expect(treePattern(b('out.jsonl'))).toBe('../out.jsonl');
    expect(treePattern(b('root'))).toBe('.');
  });

  it('keys causes by effect, field and kind', () => {
    const a: Cause = { effect: 'tree', field: 'f', kind: 'value', detail: 'one' };
    expect(causeKey(a)).toBe(causeKey({ ...a, detail: 'other' } as Cause));
    expect(causeKey(a)).not.toBe(causeKey({ ...a, kind: 'count' }));
  });
});

describe('the causes a report shows', () => {
  it('are the ranked causes of the failing divergences, with their replay line and file', () => {
    const r = sampleReport();
    const shown = reportCauses(r);
    expect(shown.map((c) => c.title)).toEqual(r.causes.map((c) => causeTitle(c)));
    expect(shown.map((c) => c.count)).toEqual([...shown.map((c) => c.count)].sort((a, b) => b - a));
    const escape = shown.find((c) => c.title === 'escaping of < > & in tree data/distilled/sft/sft_export.jsonl');
    expect(escape?.file).toBe('/x/parity-failures/golden-escaping-html-bad-escape-html/case.json');
    expect(escape?.replay).toContain('--case /x/parity-failures/golden-escaping-html-bad-escape-html');
    const timeout = shown.find((c) => c.title === 'a timeout (run)');
    expect(timeout?.replay).toBe("npm run parity -- --no-golden --seed 7 --runs 4 --only generated/7/3 --exporters bad --reference go --exporter bad=/x/test/wrong-exporters/html-unescaped");
    // The known divergence (builtin/crlf) is not a cause of failure.
    expect(shown.some((c) => c.cases.includes('builtin/crlf'))).toBe(false);
  });
});
