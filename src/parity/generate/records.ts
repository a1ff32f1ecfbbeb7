// Generated scored-run and evidence lines (docs/schema.md), as JSON bytes (byte
// strings, bytes.ts; scoredLine and evidenceLine as Buffers). Values
// come from small pools that hit every branch of the exporter (each template
// stem, each category and role, matching and missing run ids) mixed with the
// characters and number spellings where runtimes disagree.
import fc from 'fast-check';
import { ALL_SPACES, CONTROLS, DISPUTED_SPACES, HTML_CHARS, NON_ASCII, PUNCTUATION, WORDS } from './chars.js';
import {
  FLOAT_EDGES, INT_EDGES, arrayToken, charToken, numberToken, objectToken, oddFragment, quote,
  stringToken, typed,
} from './json.js';
import { bytesOf } from './bytes.js';

/** Run ids are few, so that scored runs find their evidence most of the time. */
export const RUN_IDS: readonly string[] = ['run-1', 'run-2'];
const RUN_ID_VARIANTS: readonly string[] = ['', 'RUN-1', 'run-1 ', 'run-é', 'run-1\u0085'];

export const CATEGORIES: readonly string[] = ['accepted', 'partially_accepted', 'rejected', 'needs_human_review'];
const CATEGORY_VARIANTS: readonly string[] = [
  'Accepted', 'REJECTED', 'Rejected', 'Needs_Human_Review', 'needs-human-review', 'rejected ', '', 'unknown', 'partially accepted',
];

export const ROLES: readonly string[] = ['executor', 'reviewer', 'applier', 'extractor', 'classifier'];
const ROLE_VARIANTS: readonly string[] = ['Executor', 'REVIEWER', '', 'executor ', 'judge'];

/** The template stems of buildInstruction, and ones that fall to the default. */
export const STEMS: readonly string[] = [
  'scrum_reviews', 'mode_experiments', 'auto_apply', 'audits', 'observer_reviews', 'contract_analyses', 'outcomes',
];
const SOURCE_FILE_VARIANTS: readonly string[] = [
  'data/_kb/unknown_source.jsonl', 'audits', 'audits.jsonl', 'data/_kb/audits', 'data/_kb/audits.jsonl.jsonl',
  'data/_kb/data/_kb/audits.jsonl', '/data/_kb/audits.jsonl', './data/_kb/audits.jsonl', 'data/_kb/Audits.jsonl',
  'data/_kb/', '', 'data/_kb/é <b>.jsonl', 'data/_kb/scrum_reviews.JSONL',
];

const TASK_IDS: readonly string[] = [
  'phase:3', 'phase:', 'phase:phase:1', 'Phase:3', ' phase:3', 'permit:P-7', 'permit:', 'permit:permit:x', 'task-1', '',
  'phase:<b>&', 'phase:$&', 'permit:%s', 'phase:é', 'phase:\u2028', 'mode:$1',
];

const PLAIN_STRINGS: readonly string[] = ['', 'qwen2.5-coder', '9f2c', '2026-11-02T10:00:00Z', 'a<b>&c', 'm·n', ' ', 'é'];
const FIRST_SOURCE_FILES: readonly string[] = ['crates/lake/src/io.rs', '', 'a b.go', '<x>&', 'é.rs', '$&', '%s'];
const CORPORA: readonly string[] = ['prd', 'adr', '', 'a,b', '<x>', 'é'];

// WORDS are ASCII: their own bytes.
const wordPiece = fc.constantFrom(...WORDS);
const spacePiece = charToken(ALL_SPACES);

/** String content (between the quotes) of free text: words, odd characters, white space. */
const textContent: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .array(
        fc.oneof(
          { arbitrary: wordPiece, weight: 16 },
          { arbitrary: spacePiece, weight: 3 },
          { arbitrary: charToken(HTML_CHARS), weight: 2 },
          { arbitrary: charToken(NON_ASCII), weight: 2 },
          { arbitrary: charToken(CONTROLS), weight: 1 },
          { arbitrary: charToken(PUNCTUATION), weight: 1 },
          { arbitrary: oddFragment, weight: 1 },
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((ps) => ps.join('')),
  },
  // Only white space: Go's TrimSpace decides whether the record is instructable.
  { weight: 2, arbitrary: fc.array(spacePiece, { maxLength: 3 }).map((ps) => ps.join('')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(charToken(DISPUTED_SPACES), wordPiece, charToken(DISPUTED_SPACES))
      .map((ps) => ps.join('')),
  },
);

const textToken = textContent.map(quote);

function pooled(common: readonly string[], rare: readonly string[] = []): fc.Arbitrary<string> {
  if (rare.length === 0) return stringToken(common);
  return fc.oneof(
    { arbitrary: stringToken(common), weight: 40 },
    { arbitrary: stringToken(rare), weight: 3 },
    { arbitrary: textToken, weight: 1 },
  );
}

const str = (a: fc.Arbitrary<string>): fc.Arbitrary<string> => typed(a, 'string');
const int = (common: readonly string[]): fc.Arbitrary<string> => typed(numberToken(common, INT_EDGES), 'number');
const float = (common: readonly string[]): fc.Arbitrary<string> => typed(numberToken(common, FLOAT_EDGES), 'number');
const strings = (item: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  typed(arrayToken(fc.oneof({ arbitrary: item, weight: 10 }, { arbitrary: fc.constant('null'), weight: 1 })), 'array');

function provenance(sourceFiles: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return typed(
    objectToken([
      { name: 'source_file', value: str(sourceFiles) },
      { name: 'line_offset', value: int(['41', '0', '7']) },
      { name: 'sig_hash', value: str(pooled(PLAIN_STRINGS)) },
      { name: 'recorded_at', value: str(pooled(PLAIN_STRINGS)) },
    ]),
    'object',
  );
}

const runId = str(pooled(RUN_IDS, RUN_ID_VARIANTS));
const taskId = str(pooled(TASK_IDS));

/** One ScoredRun line (may be malformed on purpose), as a byte string. */
export const scoredRecord: fc.Arbitrary<string> = objectToken([
  { name: 'schema_version', value: int(['1']) },
  { name: 'evidence_run_id', value: runId },
  { name: 'task_id', value: taskId },
  // Exportable categories weigh more, so that most cases export something.
  { name: 'category', value: str(pooled([...CATEGORIES, 'accepted', 'accepted', 'partially_accepted'], CATEGORY_VARIANTS)) },
  { name: 'score', value: float(['0.92', '1', '0']) },
  { name: 'reasons', value: strings(pooled(['tests pass', '', '<ok>'])) },
  { name: 'scored_at', value: str(pooled(PLAIN_STRINGS)) },
  { name: 'provenance', value: provenance(pooled(['data/_kb/audits.jsonl', '', 'é<&>'])) },
]);

const kbSource = fc.oneof(
  { arbitrary: stringToken(STEMS.map((s) => `data/_kb/${s}.jsonl`)), weight: 24 },
  { arbitrary: stringToken(SOURCE_FILE_VARIANTS), weight: 3 },
  { arbitrary: textToken, weight: 1 },
);

const retrievedContext = typed(
  objectToken([
    { name: 'matrix_corpora', value: strings(pooled(CORPORA)) },
    { name: 'pathway_fingerprints_seen', value: int(['3', '0', '-1', '1']) },
  ]),
  'object',
  { value: 40, nul: 6, wrong: 1 },
);

/** One EvidenceRecord line (may be malformed on purpose), as a byte string. */
export const evidenceRecord: fc.Arbitrary<string> = objectToken([
  { name: 'schema_version', value: int(['1']) },
  { name: 'run_id', value: runId },
  { name: 'task_id', value: taskId },
  { name: 'model_role', value: str(pooled([...ROLES, ...ROLES.slice(0, 3), ...ROLES.slice(0, 3), ...ROLES.slice(0, 3)], ROLE_VARIANTS)) },
  { name: 'model_name', value: str(pooled(PLAIN_STRINGS)) },
  { name: 'text', value: typed(textToken, 'string') },
  { name: 'source_files', value: strings(pooled(FIRST_SOURCE_FILES)) },
  { name: 'retrieved_context', value: retrievedContext },
  { name: 'latency_ms', value: int(['812', '0']) },
  { name: 'cost_usd', value: float(['0.0031', '0']) },
  { name: 'provenance', value: provenance(kbSource) },
]);

/** One ScoredRun line (may be malformed on purpose). */
export const scoredLine: fc.Arbitrary<Buffer> = scoredRecord.map(bytesOf);
/** One EvidenceRecord line (may be malformed on purpose). */
export const evidenceLine: fc.Arbitrary<Buffer> = evidenceRecord.map(bytesOf);
