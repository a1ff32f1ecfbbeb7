// A few hand-written cases that every run includes, golden corpus or not.
// Each aims at a divergence the self-check list names (HTML escaping, line
// ends, the last line, temp files, counts, error text and exit code, \u
// escaping of non-ASCII, TrimSpace vs trim, the firewall), so that the
// default run catches them even if the corpus changes. They run one process
// per export for every exporter, --batch or not.
import type { WritableEntry } from '../tree/write.js';
import type { ParityCase } from './case.js';
import type { RootSpec } from './root.js';

const SCORED = 'data/scored-runs/2026/11/02/runs.jsonl';
const EVIDENCE = 'data/evidence/2026/11/02/runs.jsonl';

function file(path: string, content: string | Buffer): WritableEntry {
  return { path: Buffer.from(path), type: 'file', mode: 0o644, content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') };
}

function scored(run: string, category: string, extra = ''): string {
  return `{"schema_version":1,"evidence_run_id":"${run}","task_id":"phase:3","category":"${category}","score":0.92,"reasons":["tests pass"],"scored_at":"2026-11-02T10:00:00Z","provenance":{"source_file":"data/_kb/audits.jsonl","line_offset":41,"sig_hash":"9f2c","recorded_at":"2026-11-02T10:00:00Z"}${extra}}`;
}

function evidence(run: string, text: string, role = 'reviewer', stem = 'audits'): string {
  return `{"schema_version":1,"run_id":"${run}","task_id":"phase:3","model_role":"${role}","model_name":"qwen2.5-coder","text":"${text}","source_files":["crates/lake/src/io.rs"],"retrieved_context":{"matrix_corpora":["prd","adr"],"pathway_fingerprints_seen":3},"latency_ms":812,"cost_usd":0.0031,"provenance":{"source_file":"data/_kb/${stem}.jsonl","line_offset":41,"sig_hash":"9f2c","recorded_at":"2026-11-02T10:00:00Z"}}`;
}

interface Spec {
  name: string;
  description: string;
  files: WritableEntry[];
  root?: RootSpec;
  recordedAt?: string;
  dryRun?: boolean;
}

const SPECS: readonly Spec[] = [
  {
    name: 'schema-example',
    description: "the worked example of docs/schema.md: HTML escaping, the ' · ' context join, quality 1",
    files: [file(SCORED, scored('run-0007', 'accepted') + '\n'), file(EVIDENCE, evidence('run-0007', 'Finding 1: <b>unchecked</b> error & retry') + '\n')],
  },
  {
    name: 'several-lines',
    description: 'three exported lines over two files, every template stem, non-ASCII kept raw, U+2028 escaped',
    files: [
      file(SCORED, [scored('r1', 'accepted'), scored('r2', 'partially_accepted'), scored('r3', 'accepted')].join('\n') + '\n'),
      file(EVIDENCE, [evidence('r1', 'é ü 中 😀', 'executor', 'scrum_reviews'), evidence('r2', 'line\\u2028sep', 'applier', 'mode_experiments'), evidence('r3', 'ok', 'reviewer', 'contract_analyses')].join('\n') + '\n'),
      file('data/scored-runs/2026/11/03/b.jsonl', scored('r4', 'accepted') + '\n'),
      file('data/evidence/2026/11/03/b.jsonl', evidence('r4', 'tab\\there', 'executor', 'outcomes') + '\n'),
    ],
  },
  {
    name: 'firewall',
    description: 'rejected and needs_human_review are quarantined; a case variant and an unknown category are exported',
    files: [
      file(SCORED, [scored('a', 'rejected'), scored('b', 'needs_human_review'), scored('c', 'Rejected'), scored('d', 'unknown'), scored('e', 'accepted')].join('\n') + '\n'),
      file(EVIDENCE, ['a', 'b', 'c', 'd', 'e'].map((r) => evidence(r, `text ${r}`)).join('\n') + '\n'),
    ],
  },
  {
    name: 'white-space',
    description: 'texts and line padding of U+0085 (Go space, not JS), U+FEFF (JS trim, not Go), U+00A0, U+2028, U+3000',
    files: [
      file(
        SCORED,
        ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7'].map((r) => scored(r, 'accepted')).join('\n') + '\n',
      ),
      file(
        EVIDENCE,
        [
          evidence('w1', '\\u0085'),
          evidence('w2', '\\ufeff'),
          evidence('w3', '\u00a0\u3000'),
          evidence('w4', '\u2028'),
          '\u0085' + evidence('w5', 'padded with NEL') + '\u0085',
          '\ufeff' + evidence('w6', 'padded with BOM'),
          ' \t' + evidence('w7', '\u180e\u200b') + '\r',
        ].join('\n') + '\n',
      ),
    ],
  },
  {
    name: 'crlf-input',
    description: 'CRLF input lines and a last line without newline: the export still ends lines with LF',
    files: [
      file(SCORED, [scored('c1', 'accepted'), scored('c2', 'accepted')].join('\r\n')),
      file(EVIDENCE, [evidence('c1', 'one'), evidence('c2', 'two')].join('\r\n') + '\r\n'),
    ],
  },
  {
    name: 'root-is-file',
    description: 'the root is a regular file: exit 1 and the stat error on stderr',
    files: [],
    root: 'file',
  },
  {
    name: 'empty-recorded-at',
    description: '--recorded-at "": ExportSft requires RecordedAt, exit 1',
    files: [file(SCORED, scored('x', 'accepted') + '\n')],
    recordedAt: '',
  },
  {
    name: 'export-path-is-directory',
    description: 'the export path is a directory: write output fails, exit 1, counts on stdout',
    files: [
      file(SCORED, scored('d1', 'accepted') + '\n'),
      file(EVIDENCE, evidence('d1', 'x') + '\n'),
      file('data/distilled/sft/sft_export.jsonl/keep', 'keep\n'),
    ],
  },
  {
    name: 'stale-export-dry-run',
    description: 'a dry run leaves a stale export as it was',
    files: [file(SCORED, scored('s1', 'accepted') + '\n'), file(EVIDENCE, evidence('s1', 'x') + '\n'), file('data/distilled/sft/sft_export.jsonl', 'stale\n')],
    dryRun: true,
  },
];

/** The built-in cases, in a fixed order. */
export function builtinCases(): ParityCase[] {
  return SPECS.map((s) => ({
    id: `builtin/${s.name}`,
    source: 'builtin',
    description: s.description,
    recordedAt: s.recordedAt ?? '2026-11-24T00:00:00Z',
    dryRun: s.dryRun ?? false,
    includePartial: false,
    root: s.root ?? 'dir',
    entries: s.files,
    // The built-in exporters run these through their one-export CLI, so
    // every run exercises that path as well as --batch.
    ownProcess: true,
  }));
}
