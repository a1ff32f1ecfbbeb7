// A small RunReport with one divergence of every kind the report formats
// render (run, exit code, stdout with a differing field, stderr, every kind
// of tree change, bytes that are not UTF-8), for the report writers' tests.
// The divergences are synthetic shapes; no expected export bytes come from here.
import { causesOf } from '../../src/parity/compare/causes.js';
import type { EffectDiff } from '../../src/parity/compare/effects.js';
import { rankCauses } from '../../src/parity/report/causes.js';
import type { RunReport } from '../../src/parity/report/model.js';
import type { TreeEntry } from '../../src/parity/tree/snapshot.js';
import { planDigest } from '../../src/parity/run/plan.js';
import type { ExporterResult, Status } from '../../src/parity/run/results.js';
import { REPO_ROOT } from './toolchains.js';

const b = (s: string | number[]): Buffer => (typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s));
const file = (path: string | Buffer, content: string | Buffer, mode = 0o644): TreeEntry => ({
  path: typeof path === 'string' ? b(path) : path,
  type: 'file',
  mode,
  content: typeof content === 'string' ? b(content) : content,
});

/** A result of exporter 'bad' with its causes as the harness classifies them ('known' ones listed at known.txt:1). */
function result(status: Status, diffs: EffectDiff[]): ExporterResult {
  const causes = causesOf(diffs, { ref: 'go', other: 'bad' }).map((c) => ({ ...c, knownBy: status === 'known' ? 'known.txt:1' : null }));
  return { exporter: 'bad', status, diffs, causes, failing: status === 'divergent' ? [...new Set(causes.map((c) => c.effect))] : [] };
}

export function sampleReport(): RunReport {
  const report = sampleCases();
  return {
    ...report,
    causes: rankCauses(report.cases, false),
    knownCauses: rankCauses(report.cases, true),
    // Replay lines are run from the working directory, as a report read back here makes them.
    replay: { cwd: process.cwd(), reference: report.reference, exporters: report.exporters, flags: [] },
  };
}

function sampleCases(): RunReport {
  const exportPath = 'root/data/distilled/sft/sft_export.jsonl';
  const ids = ['golden/escaping-html', 'builtin/crlf', 'generated/7/3', 'golden/bom'];
  return {
    seed: 7,
    runs: 4,
    shard: undefined,
    reference: 'go',
    exporters: [
      { name: 'go', kind: 'builtin', version: 'go1.26.8 linux/amd64, sources 75c145b5aaba', command: '/x/.cache/go/export-sft --batch' },
      { name: 'bad', kind: 'external', version: 'external command', command: '/x/test/wrong-exporters/html-unescaped' },
    ],
    jobs: 2,
    timeoutSeconds: 60,
    cases: [
      {
        id: ids[0] as string,
        source: 'golden',
        description: 'HTML characters <, >, & are escaped',
        rootPath: '/tmp/sft-parity-x/slot-0/root',
        durationMs: 12.345678,
        results: [
          result('divergent', [
              { effect: 'stdout', ref: b('{"exported":1,"text":"a\\u003cb"}\n'), other: b('{"exported":1,"text":"a<b"}\n') },
              {
                effect: 'tree',
                changes: [
                  {
                    kind: 'content',
                    path: b(exportPath),
                    ref: file(exportPath, '{"id":"r:0","instruction":"x \\u003cy\\u003e","quality_score":1}\n'),
                    other: file(exportPath, '{"id":"r:0","instruction":"x <y>","quality_score":1}\n'),
                  },
                  { kind: 'extra', path: b('root/data/distilled/sft/.tmp-1'), other: file('root/data/distilled/sft/.tmp-1', b([0xff, 0x0d, 0x0a])) },
                  { kind: 'missing', path: b([0x72, 0x6f, 0x6f, 0x74, 0x2f, 0xc3, 0x28]), ref: file(b([0x72, 0x6f, 0x6f, 0x74, 0x2f, 0xc3, 0x28]), '') },
                  { kind: 'mode', path: b('root/data'), ref: { path: b('root/data'), type: 'dir', mode: 0o755 }, other: { path: b('root/data'), type: 'dir', mode: 0o700 } },
                  {
                    kind: 'target',
                    path: b('root/link'),
                    ref: { path: b('root/link'), type: 'symlink', mode: 0o777, target: b('a\\b') },
                    other: { path: b('root/link'), type: 'symlink', mode: 0o777, target: b([0x62, 0x80]) },
                  },
                  { kind: 'type', path: b('root/t'), ref: { path: b('root/t'), type: 'dir', mode: 0o755 }, other: file('root/t', 'x') },
                ],
              },
            ]),
        ],
        replay: { origin: { source: 'golden', dir: `${REPO_ROOT}/golden/cases/escaping-html` }, recordedAt: '2026-11-24T00:00:00Z', dryRun: false, includePartial: false },
        inputBytes: 700,
        case: undefined,
      },
      {
        id: ids[1] as string,
        source: 'builtin',
        description: 'line ends',
        rootPath: '/tmp/sft-parity-x/slot-1/root',
        durationMs: 3,
        results: [
          result('known', [
            { effect: 'exit_code', ref: 1, other: 0 },
            { effect: 'stderr', ref: b('list scored runs: open x: no such file\n'), other: b('') },
          ]),
        ],
        replay: { origin: { source: 'builtin' }, recordedAt: '2026-11-24T00:00:00Z', dryRun: false, includePartial: false },
        inputBytes: 300,
        case: undefined,
      },
      {
        id: ids[2] as string,
        source: 'generated',
        description: 'generated lakehouse 3 of seed 7',
        rootPath: '/tmp/sft-parity-x/slot-0/root',
        durationMs: 1.5,
        results: [result('divergent', [{ effect: 'run', ref: { kind: 'exited', code: 0 }, other: { kind: 'timeout', afterMs: 60000 } }])],
        replay: { origin: { source: 'generated', runSeed: 7, index: 3 }, recordedAt: '2026-11-24T00:00:00Z', dryRun: true, includePartial: false },
        inputBytes: 900,
        case: undefined,
      },
      {
        id: ids[3] as string,
        source: 'golden',
        description: 'a BOM',
        rootPath: '/tmp/sft-parity-x/slot-1/root',
        durationMs: 2,
        results: [result('identical', [])],
        replay: undefined,
        inputBytes: 100,
        case: undefined,
      },
    ],
    ignored: [],
    warnings: ['--root /x/typo has no data/scored-runs: every exporter finds nothing to export there'],
    causes: [],
    knownCauses: [],
    stale: [{ caseId: 'golden/bom', exporter: 'bad', effect: 'stdout', kind: 'value', field: null, where: 'known.txt:2', found: [] }],
    known: [
      { entry: { caseId: 'builtin/*', exporter: 'bad', effect: '*', where: 'known.txt:1' }, ran: true, used: true, found: [] },
      { entry: { caseId: 'golden/bom', exporter: 'bad', effect: 'stdout', kind: 'value', field: null, where: 'known.txt:2' }, ran: true, used: false, found: [] },
    ],
    plan: { total: 4, digest: planDigest(ids), index: new Map(ids.map((id, i) => [id, i])), settings: { timeout_seconds: 60, no_batch: false, ci_run: null } },
    shrunk: [
      {
        caseId: 'golden/escaping-html',
        exporter: 'bad',
        cause: { effect: 'tree', field: 'data/distilled/sft/sft_export.jsonl', kind: 'escape-html' },
        dir: '/x/parity-failures/golden-escaping-html-bad-escape-html',
        replay: 'npm run parity -- --case /x/parity-failures/golden-escaping-html-bad-escape-html --exporters bad --reference go',
        steps: 12,
        ms: 1500,
        outOfTime: false,
        entries: 4,
        originalEntries: 9,
        files: 2,
        originalFiles: 5,
        lines: 2,
        originalLines: 7,
        input: ['runs as: --root ROOT --recorded-at 2026-11-24T00:00:00Z', 'ROOT/data/scored-runs/2026/11/02/runs.jsonl file 0644, 1 line(s), 25 bytes', '    1  {"evidence_run_id":"r1"}\\n'],
        diffs: [{ effect: 'stdout', ref: b('{"text":"\\u003c"}\n'), other: b('{"text":"<"}\n') }],
        rootPath: '/tmp/sft-parity-x/slot-0/root',
      },
    ],
    movedAside: { count: 2, to: 'parity-failures/previous-run' },
    wroteKnown: undefined,
    replay: { cwd: '/x', reference: 'go', exporters: [], flags: [] },
    durationMs: 1234.5678,
    exitCode: 1,
  };
}
