// Hand-picked adversarial inputs for the TypeScript codec, each checked
// against Go (reference/go/cmd/gojson-oracle) rather than against a literal:
// a failure names the exact line. The property tests (codec-property.test.ts)
// search the same space at random; these pin the traps one by one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marshalExportSftResult, marshalFloat64, marshalString } from '../src/export/marshal.js';
import { trimSpace } from '../src/export/go/strings.js';
import { deepNest } from './arbitraries/json-lines.js';
import { GO_SPACES, INVALID_UTF8, NOT_GO_SPACES } from './arbitraries/chars.js';
import { bytesOf, showBytes, showBytesCompact, type Part } from './helpers/bytes.js';
import { compareBatch, compareLine, DEFAULT_EXTRAS, sides } from './helpers/codec-check.js';
import { GoOracle, type RecordKind } from './helpers/oracle.js';
import { requireGo } from './helpers/toolchains.js';

interface LineVector {
  readonly kind: RecordKind;
  readonly bytes: Uint8Array;
}

const S = (...parts: Part[]): LineVector => ({ kind: 'scored', bytes: bytesOf(...parts) });
const E = (...parts: Part[]): LineVector => ({ kind: 'evidence', bytes: bytesOf(...parts) });

// ---------------------------------------------------------------------------
// Field paths and wrong values: every declared field, read by the exporter
// or not, gets every JSON type.

const SCORED_PATHS: readonly (readonly string[])[] = [
  ['schema_version'], ['evidence_run_id'], ['task_id'], ['category'], ['score'], ['reasons'], ['scored_at'], ['provenance'],
  ['provenance', 'source_file'], ['provenance', 'line_offset'], ['provenance', 'sig_hash'], ['provenance', 'recorded_at'],
];
const EVIDENCE_PATHS: readonly (readonly string[])[] = [
  ['schema_version'], ['run_id'], ['task_id'], ['model_role'], ['model_name'], ['text'], ['source_files'],
  ['retrieved_context'], ['retrieved_context', 'matrix_corpora'], ['retrieved_context', 'pathway_fingerprints_seen'],
  ['latency_ms'], ['cost_usd'], ['provenance'], ['provenance', 'source_file'], ['provenance', 'line_offset'],
  ['provenance', 'sig_hash'], ['provenance', 'recorded_at'],
];
const ANY_TYPE = ['"x"', '""', '0', '1.5', '-1', 'true', 'false', 'null', '[]', '["x"]', '[null]', '[1]', '{}', '{"x":1}'];

function nested(path: readonly string[], value: string): string {
  return path.reduceRight((inner, key) => `{"${key}":${inner}}`, value);
}

// ---------------------------------------------------------------------------
// Numbers.

const INTS = [
  '0', '-0', '1', '-1', '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740993',
  '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809', '18446744073709551616',
  '123456789012345678901234567890', '1' + '0'.repeat(400), '1.0', '1e0', '1E2', '-0.0', '0e0', '10e-1', '0.0', '2.5',
  '01', '-01', '00', '+1', '.5', '1.', '1e', '1e+', '-', '--1', '0x10', '1_000', 'NaN', 'Infinity', '-Infinity',
  '000000000000000000001', '9223372036854775807.0', '1e18', '100000000000000000000',
];
const FLOATS = [
  '0', '-0', '-0.0', '0.0', '0e-5', '1', '1.0', '1e0', '0.92', '0.0031', '0.1', '0.5', '1e400', '-1e400', '1e-400',
  '-1e-400', '4.9e-324', '5e-324', '2.4703282292062327e-324', '2.4703282292062328e-324', '1.7976931348623157e308',
  '1.7976931348623158e308', '1.7976931348623159e308', '-1.7976931348623159e308', '1.797693134862315807937289714053e308',
  '1.7976931348623158079e308', '1e21', '1e20', '999999999999999999999', '1e-7', '1e-6', '0.000001', '0.0000001',
  '9007199254740993', '1E+2', '1e-0', '2.2250738585072011e-308', '2.2250738585072012e-308',
  '0.' + '0'.repeat(400) + '1', '1' + '0'.repeat(308), '1' + '0'.repeat(309), '123456789012345678901234567890',
  '100000000000000000000000', '1e22', '1e23', '8.41e21', '1.5e-7', '123456789.123456789e-20', '-9223372036854775809',
  '1.00000000000000011102230246251565404236316680908203125', '1.00000000000000011102230246251565404236316680908203124',
  '1.00000000000000011102230246251565404236316680908203126', '7.2057594037927933e16', '1e', '.5', '01.5', '-', 'NaN',
  // Halfway cases decided by a digit beyond Go's 800-digit decimal buffer.
  '1.00000000000000011102230246251565404236316680908203125' + '0'.repeat(900) + '1',
  '1.00000000000000011102230246251565404236316680908203125' + '0'.repeat(900),
  '1.00000000000000011102230246251565404236316680908203124' + '9'.repeat(900),
  '1' + '0'.repeat(400) + 'e-400', '0.' + '0'.repeat(400) + '1e400', '1' + '0'.repeat(1000) + 'e-1000',
  '9007199254740993' + '0'.repeat(850) + 'e-850', '9007199254740993' + '0'.repeat(850) + '1e-851',
  // More than 800 significant digits before the point: Go's slow path (decimal.set) caps them.
  '1' + '0'.repeat(799) + 'e-799', '1' + '0'.repeat(800) + 'e-800', '1' + '0'.repeat(805) + 'e-800',
  '9007199254740993' + '0'.repeat(784) + 'e-784', '9007199254740993' + '0'.repeat(785) + 'e-785',
  '1' + '0'.repeat(900) + '.5e-900', '-1' + '0'.repeat(1000) + 'e-1000', '1' + '0'.repeat(9000) + 'e-9000',
  // ... which can also turn an overflow (an error) into a finite value (accepted).
  '1' + '0'.repeat(1000) + 'e-690', '-1' + '0'.repeat(1000) + 'e-600', '1' + '0'.repeat(810) + 'e-500', '1' + '0'.repeat(1000),
  // Exponents past Go's 10000 cap on exponent digits, against many leading zeros.
  '0.' + '0'.repeat(20000) + '1e20005', '0.' + '0'.repeat(9999) + '1e10005', '0.' + '0'.repeat(9990) + '1e9995',
  '1e-99999', '1e99999', '0e99999', '1e1' + '0'.repeat(30), '-0e-1' + '0'.repeat(30),
  '0.' + '0'.repeat(100000) + '1e100005', '1' + '0'.repeat(100000) + 'e-100000', '0.' + '0'.repeat(99990) + '1e99995',
  '2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324',
];

// ---------------------------------------------------------------------------
// Strings: the text between the quotes of a string value.

const STRING_BODIES: readonly Part[][] = [
  ['\\u0000'], ['\\ud800'], ['\\udc00'], ['\\ud800\\u0041'], ['\\ud83d\\ude00'], ['\\uD83D\\uDE00'], ['\\ude00\\ud83d'],
  ['\\ud800\\ud800'], ['\\ud83d\\ud83d\\ude00'], ['\\ud800\\udc00'], ['\\udbff\\udfff'], ['\\ud83dx'], ['\\ud83d\\n'],
  ['\\u00e9'], ['\\u00E9'], ['\\/'], ['\\"'], ['\\\\'], ['\\b\\f\\n\\r\\t'], ['\\u2028\\u2029'], ['\\u003c\\u003e\\u0026'],
  ['\\ufffd'], ['\\ufeff'], ['\\u0020'], ['\\u007f'], ['\\u0080'], ['<b>&amp;</b>'], ['\u2028\u2029'], ['\u{1f600}'],
  ['e\u0301'], ['\u007f'], ['\\x41'], ["\\'"], ['\\U0041'], ['\\u12'], ['\\u12G4'], ['\\uZZZZ'], ['\\a'], ['\\0'], ['\\v'],
  ['\\ '], ['\\u{41}'], ['\\'], [[0x00]], [[0x09]], [[0x0a]], [[0x0d]], [[0x1f]], [[0x7f]],
  ...INVALID_UTF8.map((b) => [b]),
  ['a', [0xff], 'b'], [[0xe2, 0x80, 0xa8]], [[0xef, 0xbf, 0xbd]], [[0xef, 0xbb, 0xbf]],
];

// ---------------------------------------------------------------------------
// The line vectors, in groups.

const GROUPS: Readonly<Record<string, readonly LineVector[]>> = {
  'docs/schema.md example and near variants': [
    S('{"schema_version":1,"evidence_run_id":"run-0007","task_id":"phase:3","category":"accepted","score":0.92,"reasons":["tests pass"],"scored_at":"2026-11-02T10:00:00Z","provenance":{"source_file":"data/_kb/audits.jsonl","line_offset":41,"sig_hash":"9f2c","recorded_at":"2026-11-02T10:00:00Z"}}'),
    E('{"schema_version":1,"run_id":"run-0007","task_id":"phase:3","model_role":"reviewer","model_name":"qwen2.5-coder","text":"Finding 1: <b>unchecked</b> error & retry","source_files":["crates/lake/src/io.rs"],"retrieved_context":{"matrix_corpora":["prd","adr"],"pathway_fingerprints_seen":3},"latency_ms":812,"cost_usd":0.0031,"provenance":{"source_file":"data/_kb/audits.jsonl","line_offset":41,"sig_hash":"9f2c","recorded_at":"2026-11-02T10:00:00Z"}}'),
    S('{}'), E('{}'), S('{ }'), E(' \t{\r\n}\t '), S('null'), E('null'), S(' null '), S('nul'), S('nulll'), S('null null'),
  ],

  'keys: case and Unicode folding': [
    S('{"TASK_ID":"a"}'), S('{"Task_Id":"a"}'), S('{"tAsK_iD":"a"}'), S('{"SCORE":2}'), S('{"Provenance":{"SIG_HASH":"h"}}'),
    S('{"\u017fcore":2}'), S('{"\u017fcored_at":"t"}'), S('{"ca\u017fegory":"x"}'), S('{"reason\u017f":["a"]}'),
    S('{"ta\u017fk_id":"a"}'), S('{"ta\\u017fk_id":"a"}'), S('{"ta\\u017Fk_id":"a"}'),
    S('{"tas\u212a_id":"a"}'), S('{"tas\\u212a_id":"a"}'), S('{"tas\\u212A_ID":"a"}'),
    S('{"task_\u0131d":"a"}'), S('{"task_\u0130d":"a"}'), S('{"task_\\u0131d":"a"}'), S('{"task_i\u0307d":"a"}'),
    S('{"t\u0430sk_id":"a"}'), S('{"task_\u00edd":"a"}'), S('{"\uff54ask_id":"a"}'), S('{"task\uff3fid":"a"}'),
    S('{"task-id":"a"}'), S('{"taskid":"a"}'), S('{"TaskID":"a"}'), S('{" task_id":"a"}'), S('{"task_id ":"a"}'),
    S('{"sco\u0280e":2}'), S('{"\u00dfcore":2}'), S('{"\u1e9ecore":2}'),
    E('{"\u212aind":1,"model_\u0280ole":"x","\u017fource_files":["a"],"cost_u\u017fd":1}'),
    E('{"retrieved_context":{"MATRIX_CORPORA":["a"],"Pathway_Fingerprints_Seen":2}}'),
    E('{"pathway_fingerprint\u017f_\u017feen":2,"retrieved_context":{"pathway_fingerprint\u017f_\u017feen":2}}'),
  ],

  'keys: escapes and broken bytes': [
    S('{"task\\u005fid":"a"}'), S('{"\\u0074ask_id":"a"}'), S('{"\\u0074\\u0061\\u0073\\u006b\\u005f\\u0069\\u0064":"a"}'),
    S('{"task\\/id":"a"}'), S('{"task_id\\u0000":"a"}'), S('{"task_id\\ud800":"a"}'), S('{"task_id\\ufffd":"a"}'),
    S('{"task_id', [0xff], '":"a"}'), S('{"task', [0xc0, 0x80], 'id":"a"}'), S('{"task_i', [0xed, 0xa0, 0x80], 'd":"a"}'),
    S('{"task_id', [0xef, 0xbf, 0xbd], '":"a"}'), S('{', [0xff], '"task_id":"a"}'), S('{"task_id"', [0xff], ':"a"}'),
    S('{"task_id":', [0xff], '"a"}'), S('{"task_id":"a"', [0xff], '}'), S('{"task_id":"a"}', [0xff]), S([0xff], '{}'),
    S('{"":1}'), S('{"":{"":[""]}}'), S('{"__proto__":{"task_id":"x"}}'), S('{"__proto__":"x"}'), S('{"constructor":1}'),
    S('{"toString":1,"hasOwnProperty":1,"valueOf":{}}'),
  ],

  'duplicate keys: last wins, structs merge, slices are reused': [
    S('{"task_id":"a","task_id":"b"}'), S('{"task_id":"a","task_id":null}'), S('{"task_id":"a","TASK_ID":"b"}'),
    S('{"TASK_ID":"b","task_id":"a"}'), S('{"score":1,"score":null}'), S('{"schema_version":7,"schema_version":null}'),
    S('{"provenance":{"source_file":"a"},"provenance":{"sig_hash":"b"}}'),
    S('{"provenance":{"source_file":"a","line_offset":3},"provenance":null}'),
    S('{"provenance":{"source_file":"a"},"Provenance":{"source_file":"b","SOURCE_FILE":"c"}}'),
    S('{"reasons":["a","b"],"reasons":null}'), S('{"reasons":["a","b"],"reasons":[]}'), S('{"reasons":["a","b"],"reasons":[null]}'),
    S('{"reasons":["a","b"],"reasons":["x"]}'), S('{"reasons":null,"reasons":[null]}'), S('{"reasons":[],"reasons":[null,null]}'),
    S('{"reasons":["a","b","c"],"reasons":["x"],"reasons":[null,null,null]}'),
    S('{"reasons":["a","b","c"],"reasons":["x"],"reasons":[null,null,null,null]}'),
    S('{"reasons":["a","b","c"],"reasons":["x"],"reasons":[null,null,null,null,null]}'),
    S('{"reasons":["a","b","c"],"reasons":[],"reasons":[null,null]}'),
    S('{"reasons":["a"],"reasons":[null,null]}'), S('{"reasons":["a","b"],"reasons":[null,null,null]}'),
    S('{"reasons":["a","b","c","d","e"],"reasons":["x"],"reasons":[null,null,null,null,null,null,null,null]}'),
    S('{"reasons":["a","b","c","d","e","f","g","h","i"],"reasons":[],"reasons":["x"],"reasons":[null,null,null]}'),
    S('{"reasons":["a","b","c","d","e","f","g","h","i"],"reasons":["x"],"reasons":[null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null]}'),
    S(`{"reasons":[${Array.from({ length: 300 }, (_, i) => `"r${i}"`).join(',')}],"reasons":["x"],"reasons":[${Array(520).fill('null').join(',')}]}`),
    S('{"reasons":["a","b"],"reasons":["x",1]}'),
    E('{"source_files":["a","b"],"source_files":[null]}'), E('{"source_files":["a","b"],"source_files":[null,null,null]}'),
    E('{"retrieved_context":{"matrix_corpora":["a"]},"retrieved_context":{"pathway_fingerprints_seen":2}}'),
    E('{"retrieved_context":{"matrix_corpora":["a","b"]},"retrieved_context":{"matrix_corpora":[null]}}'),
    E('{"retrieved_context":{"matrix_corpora":["a"]},"retrieved_context":null}'),
    E('{"retrieved_context":null,"retrieved_context":{"pathway_fingerprints_seen":2}}'),
    E('{"retrieved_context":{"matrix_corpora":["a"]},"retrieved_context":null,"retrieved_context":{"matrix_corpora":[null]}}'),
    E('{"retrieved_context":{}}'), E('{"retrieved_context":{"matrix_corpora":null}}'), E('{"retrieved_context":{"matrix_corpora":[]}}'),
    E('{"retrieved_context":{"pathway_fingerprints_seen":null}}'),
    E('{"provenance":{"line_offset":5},"provenance":{"line_offset":null}}'),
  ],

  'wrong type in every field': [
    ...SCORED_PATHS.flatMap((p) => ANY_TYPE.map((v) => S(nested(p, v)))),
    ...EVIDENCE_PATHS.flatMap((p) => ANY_TYPE.map((v) => E(nested(p, v)))),
  ],

  'integers (schema_version, line_offset, latency_ms, pathway_fingerprints_seen)': [
    ...INTS.map((n) => S(`{"schema_version":${n}}`)),
    ...INTS.map((n) => S(`{"provenance":{"line_offset":${n}}}`)),
    ...INTS.map((n) => E(`{"latency_ms":${n}}`)),
    ...INTS.map((n) => E(`{"retrieved_context":{"pathway_fingerprints_seen":${n}}}`)),
  ],

  'floats (score, cost_usd)': [...FLOATS.map((n) => S(`{"score":${n}}`)), ...FLOATS.map((n) => E(`{"cost_usd":${n}}`))],

  'strings: escapes, controls, invalid UTF-8': [
    ...STRING_BODIES.map((b) => E('{"text":"', ...b, '"}')),
    ...STRING_BODIES.map((b) => S('{"reasons":["', ...b, '"]}')),
    ...STRING_BODIES.map((b) => S('{"x":"', ...b, '"}')),
  ],

  'invalid bytes outside strings': [
    ...INVALID_UTF8.map((b) => S('{"task_id":"a",', b, '}')),
    ...INVALID_UTF8.map((b) => S('{"task_id":"a"}', b)),
    ...INVALID_UTF8.map((b) => S(b, '{"task_id":"a"}')),
    S('{"score":1', [0x00], '}'), S('{"score":', [0x7f], '1}'),
  ],

  'structure: trailing garbage, truncation, top-level values, literals': [
    S('{}x'), S('{} x'), S('{}}'), S('{},'), S('{}{}'), S('{} {}'), S('{}]'), S('{} null'), S('{}\u0000'),
    S('{"task_id":"a"'), S('{"task_id":"a",'), S('{"task_id":'), S('{"task_id"'), S('{"task_id'), S('{"'), S('{'),
    S('}'), S(']'), S(','), S(':'), S('"'), S('{"task_id":"a",}'), S('{,"task_id":"a"}'), S('{"task_id"::"a"}'),
    S('{"task_id" "a"}'), S('{"task_id":"a" "score":1}'), S('{"task_id":"a";"score":1}'), S('{task_id:"a"}'),
    S("{'task_id':'a'}"), S('[]'), S('[{}]'), S('[null]'), S('""'), S('"{}"'), S('1'), S('-0'), S('1e400'),
    S('true'), S('false'), S('tru'), S('fals'), S('NaN'), S('Infinity'), S('-Infinity'),
    S('{"x":tru}'), S('{"x":nul}'), S('{"x":True}'), S('{"x":NULL}'), S('{"x":NaN}'), S('{"x":Infinity}'),
    S('{"x":-Infinity}'), S('{"x":undefined}'), S('{"x":[1,]}'), S('{"x":[,1]}'), S('{"x":{"a":1,}}'),
    S('{"x":[1 2]}'), S('{"x":01}'), S('{"x":1.}'), S('{"x":.1}'), S('{"x":-}'), S('{"x":+1}'), S('{"x":0x1}'),
    S('{"x":"\\u00"}'), S('{"x":"abc}'), S('{"x":"a\\"}'),
  ],

  'whitespace: JSON, Unicode, BOM around and inside the line': [
    ...GO_SPACES.map((sp) => S(sp, '{"task_id":"a"}', sp)),
    ...NOT_GO_SPACES.map((sp) => S(sp, '{"task_id":"a"}')),
    ...NOT_GO_SPACES.map((sp) => S('{"task_id":"a"}', sp)),
    ...GO_SPACES.map((sp) => S('{', sp, '"task_id":"a"}')),
    ...GO_SPACES.map((sp) => S('{"task_id":', sp, '"a"}')),
    S(''), S(' '), S('\t\n\v\f\r '), S('\u0085\u00a0\u3000'), S('\ufeff'), S('\u200b'), S([0xc2]), S([0xc2, 0x85]),
    S([0xc2, 0x85], '{}', [0xc2]), S('\ufeff{"task_id":"a"}'), S('\u00a0{"task_id":"a"}\u00a0'),
    S('\u2028{"task_id":"a"}\u2029'), S('\v{"task_id":"a"}\f'), S('{"task_id":"a"}\r'),
  ],

  'nesting depth around 10000': [
    ...[9997, 9998, 9999, 10000, 10001].flatMap((d) => [
      S('{"x":', ...deepNest(d, 0), '}'),
      S('{"x":', ...deepNest(d, 1), '}'),
      S('{"provenance":{"x":', ...deepNest(d, 0), '}}'),
      E('{"retrieved_context":{"x":', ...deepNest(d, 1), '}}'),
      S(...deepNest(d, 0)),
      S(...deepNest(d, 1)),
    ]),
    S('{"x":', '['.repeat(10001), '}'),
    S('{"x":', '['.repeat(20000), ']'.repeat(20000), '}'),
    S('{"x":', '['.repeat(100000), '}'),
  ],
};

describe.runIf(requireGo('codec vectors against Go'))('codec vs Go (vectors)', () => {
  let oracle: GoOracle;
  beforeAll(() => {
    oracle = GoOracle.start();
  });
  afterAll(async () => {
    await oracle.close();
  });

  for (const [group, vectors] of Object.entries(GROUPS)) {
    describe(group, () => {
      for (const v of vectors) {
        it(`${v.kind} ${showBytesCompact(v.bytes).slice(0, 300)}`, async () => {
          const { go, ts, context } = sides(await compareLine(oracle, v.kind, v.bytes));
          expect(ts, context).toBe(go);
        });
      }
    });
  }

  describe('--batch request lines (no TrimSpace, newline included)', () => {
    const lines: Part[][] = [
      ['{"root":"/r","recorded_at":"2026-11-24T00:00:00Z","dry_run":false,"include_partial":false}\n'],
      ['{"root":"/r"}\n'], ['{"root":"/r"}'], ['{}\n'], ['\n'], [''], [' \n'], ['null\n'], ['{"root":null}\n'],
      ['{"root":"a","root":null}\n'], ['{"root":null,"root":"a"}\n'], ['{"ROOT":"a","Recorded_At":"t","DRY_RUN":true}\n'],
      ['{"root":"a","dry_run":1}\n'], ['{"root":"a","dry_run":"true"}\n'], ['{"root":"a","dry_run":null}\n'],
      ['{"root":"a","dry_run":true,"dry_run":null}\n'], ['{"root":1}\n'], ['{"root":["a"]}\n'], ['{"root":"a","recorded_at":5}\n'],
      ['{"root":"a","include_partial":tru}\n'], ['{"root":"a"}\r\n'], ['{"root":"a"}\n\n'], ['\u00a0{"root":"a"}\n'],
      ['\ufeff{"root":"a"}\n'], ['{"root":"a"} x\n'], ['{"root":"', [0xff], '"}\n'], ['{"root":"\ud800"}\n'],
      ['{"r\u006fot":"a"}\n'], ['{"dry_ru\u004e":true,"root":"a"}\n'], ['{"root":"a","extra":{"deep":[1,2,{"x":null}]}}\n'],
      ['{"root":"a","dry_run":false,"dry_run":true}\n'], ['[]\n'], ['"root"\n'], ['{"root":"a"'],
      // Go's error text is part of the answer: syntax errors (checkValid runs first) beat type errors, the first type error wins.
      ['{"root":1,"x":tru}\n'], ['{"root":1,"dry_run":"x"}\n'], ['{"dry_run":"x","root":1}\n'], ['{"root":"a"}', [0xff], '\n'],
      ['{"root":"a', [0x01], '"}\n'], ['{"root":"a\\x"}\n'], ['{"root":"a\\u12x4"}\n'], ['{"root":01}\n'], ['{"root":-}\n'],
      ['{"root":1.5e999}\n'], ['{"dry_run":1e400}\n'], ['{"root":"a","dry_run":[true]}\n'], ['{"root":{"a":1}}\n'],
      ['{"root":"a",}\n'], ['{"root" "a"}\n'], ['{"root":"a"}}\n'], ['{"root":"a"\n'], ['{\n'], [[0xc3, 0xa9], '\n'],
      ['{"root":"a","x":', '['.repeat(9999), ']'.repeat(9999), '}\n'],
      ['{"root":"a","x":', '['.repeat(10000), ']'.repeat(10000), '}\n'],
    ];
    for (const parts of lines) {
      const b = bytesOf(...parts);
      it(showBytesCompact(b).slice(0, 300), async () => {
        const c = await compareBatch(oracle, b);
        expect(c.ts, `Go said ${c.goErr ?? c.go}`).toBe(c.go);
      });
    }
  });

  describe('SftSample: raw ids, quality scores and texts', () => {
    // Between the quotes of "text": raw characters and JSON escapes of the same.
    const texts = [
      '', ' ', '\\t\\n', '\u00a0', '\\u00a0', '\u0085', '\\u0085', '\u2028', '\\u2028', '\u3000x', '\ufeff', '\\ufeff', '\u200b',
      'a<b>&c', '\\u003c', '\\ud800', '\\udc00 ', '\\ud83d\\ude00', '\\u0000', '\\\\', '\\"', '\\/', '\\u00e9', '\u2029 ',
      ' \\u0020\\u000b', '\\u000c', '\\f', '\\b', '\u180e', '\\u180e', '\\u1680', '\\u205f\\u3000', 'é', '\\ud800\\u0041',
    ];
    const ids: Part[][] = [['runs.jsonl:0'], ['r', [0xff], '.jsonl:1'], [[0xc0, 0x80]], ['<&>'], ['\u2028'], [[0xed, 0xa0, 0x80]], ['']];
    const qualities = [1, 0.5, 0, -0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, 0.1 + 0.2];
    const raw: Part[][] = [...texts.map((t) => [t]), [[0xff]], [[0xe2, 0x80, 0xa8]], [[0xc2, 0x85]], [[0xc2, 0xa0]], ['a', [0x7f]]];
    raw.forEach((t, i) => {
      const line = E('{"model_role":"executor","text":"', ...t, '","task_id":"phase:3"}');
      const extras = { ...DEFAULT_EXTRAS, id: bytesOf(...(ids[i % ids.length] ?? [''])), quality: qualities[i % qualities.length] ?? 1 };
      it(`text ${showBytes(bytesOf(...t))}, id ${showBytes(extras.id)}, quality ${extras.quality}`, async () => {
        const { go, ts, context } = sides(await compareLine(oracle, 'evidence', line.bytes, extras));
        expect(ts, context).toBe(go);
      });
    });
  });

  describe('long texts (output buffer growth)', () => {
    for (const [name, body] of [
      ['100k escapes-to-6-bytes', '<'.repeat(100_000)],
      ['70k U+2028 raw', '\u2028'.repeat(70_000)],
      ['200k \\u escapes', '\\u00e9'.repeat(200_000 / 6)],
      ['mixed 300k', 'a<\u00e9\\n\u2028&'.repeat(30_000)],
    ] as const) {
      it(name, async () => {
        const line = E('{"model_role":"executor","text":"', body, '"}');
        const { go, ts, context } = sides(await compareLine(oracle, 'evidence', line.bytes));
        expect(ts === go, context).toBe(true);
      });
    }
  });

  describe('marshalExportSftResult', () => {
    const cases: [readonly [number, number, number, number], Part[], string][] = [
      [[0, 0, 0, 0], ['/r/data/distilled/sft/sft_export.jsonl'], 'firewall=0, not-instructable=0'],
      [[1, 2, 3, 4], ['/r', [0xff], '/x'], 'firewall=1, not-instructable=2'],
      [[2 ** 31, 2 ** 32, 2 ** 53 - 1, 7], ['<&>\u2028', [0xed, 0xa0, 0x80]], '\u0000"\\'],
      [[0, 0, 0, 0], [''], ''],
    ];
    for (const [counts, path, summary] of cases) {
      const p = bytesOf(...path);
      it(`${counts.join(',')} ${showBytes(p)} ${JSON.stringify(summary)}`, async () => {
        const [scoredFilesRead, recordsRead, recordsExported, recordsQuarantined] = counts;
        const ts = marshalExportSftResult({ scoredFilesRead, recordsRead, recordsExported, recordsQuarantined, outputPath: '', outputPathBytes: p, quarantineSummary: summary });
        expect(showBytes(ts)).toBe(showBytes(await oracle.marshalResult(counts, p, summary)));
      });
    }
  });

  describe('marshalString', () => {
    const cases: Part[][] = [
      [''], ['plain'], ['<>&'], ['\u2028\u2029'], ['"\\/'], ['\u007f\u0080\u00ff'], ['\u{1f600}'], ['\ufffd'], ['\ufeff'],
      ['\b\f\n\r\t'], ...Array.from({ length: 32 }, (_, c) => [[c]]), ...INVALID_UTF8.map((b) => [b]),
      ['a', [0xff], 'b'], [[0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80]], [[0xf0, 0x9f, 0x98, 0x80]], [[0xf0, 0x9f, 0x98, 0x41]],
      [[0xe2, 0x80, 0xa8, 0xe2, 0x80]], [[0xc0, 0xbc]],
    ];
    for (const parts of cases) {
      const b = bytesOf(...parts);
      it(`bytes ${showBytes(b)}`, async () => {
        expect(showBytes(marshalString(b))).toBe(showBytes(await oracle.marshalString(b)));
      });
    }
    for (const s of ['', '<script>&', '\u2028', '\u{10ffff}', '\u0000\u001f', 'e\u0301', '\u00e9\u{1f600}\ufffd']) {
      it(`string ${JSON.stringify(s)}`, async () => {
        expect(showBytes(marshalString(s))).toBe(showBytes(await oracle.marshalString(s)));
      });
    }
  });

  describe('marshalFloat64', () => {
    const finite = [
      0, -0, 1, -1, 0.5, 0.1, 0.92, 0.0031, 1e20, 1e21, 1e-6, 1e-7, 9.999999999999999e20, 1.0000000000000001e21,
      0.000001, 9.999999999999999e-7, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 123456789, 1.5e300, Number.MAX_VALUE,
      Number.MIN_VALUE, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-323, 5e-324, 12345678901234567890, 1e100, 1e-100,
      -1e21, -1e-7, 100, 1e15, 1e16, 123e-20,
    ];
    for (const n of finite) {
      it(`${Object.is(n, -0) ? '-0' : String(n)}`, async () => {
        const go = await oracle.marshalFloat(n);
        if (!('bytes' in go)) throw new Error(`Go refused ${n}: ${go.err}`);
        expect(marshalFloat64(n)).toBe(go.bytes.toString('latin1'));
      });
    }
    for (const n of [NaN, Infinity, -Infinity]) {
      it(`${n} is refused, as Go refuses it`, async () => {
        const go = await oracle.marshalFloat(n);
        expect('err' in go).toBe(true);
        expect(() => marshalFloat64(n)).toThrow();
      });
    }
  });

  describe('trimSpace', () => {
    const cases: Part[][] = [
      ...GO_SPACES.map((s) => [s, 'x', s]),
      ...NOT_GO_SPACES.map((s) => [s, 'x', s]),
      ...INVALID_UTF8.map((b) => [' ', b, ' ']),
      [''], [' '], ['\u0085'], ['\u00a0'], ['\u3000a\u3000'], ['a b'], ['\ufeff a \ufeff'], [' \u180e '], [' \u200b '],
      [[0xc2]], [[0xc2, 0x85, 0xc2]], [[0xe3, 0x80]], [' ', [0xe3, 0x80, 0x80], [0xe3, 0x80], ' '],
      [[0xc0, 0xa0], 'x'], ['\u2028\u2029x\u2029\u2028'], ['\u001cx\u001f'], ['\u0000x\u0000'],
    ];
    for (const parts of cases) {
      const b = bytesOf(...parts);
      it(`${showBytes(b)}`, async () => {
        expect(showBytes(trimSpace(b))).toBe(showBytes(await oracle.trimSpace(b)));
      });
    }
  });
});
