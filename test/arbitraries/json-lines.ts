// fast-check generators of adversarial JSON lines for the ScoredRun and
// EvidenceRecord decoders. They produce bytes, not JS values: the traps live
// in the text (key spelling, escapes, number syntax, invalid UTF-8, nesting
// depth, duplicates), which a value-level generator would never write.
//
// Most lines are shaped like a record, so they get deep into the decoder
// before anything goes wrong; a fraction are then corrupted at a random byte.
import fc from 'fast-check';
import { bytesOf, showBytesCompact, type Part } from '../helpers/bytes.js';
import type { RecordKind } from '../helpers/oracle.js';
import { GO_SPACES, INVALID_UTF8, NOT_GO_SPACES, SPECIAL_CHARS } from './chars.js';

/** A generated line, printed readably when fast-check reports a failure. */
export interface LineCase {
  readonly kind: RecordKind;
  readonly bytes: Uint8Array;
  [fc.toStringMethod](): string;
}

// ---------------------------------------------------------------------------
// The Go types of types.go, as the decoder sees them.

type GoType = 'int' | 'float' | 'string' | 'strings' | 'provenance' | 'retrieved' | 'bool' | 'strptr';
type Field = readonly [name: string, type: GoType];

const PROVENANCE: readonly Field[] = [
  ['source_file', 'string'],
  ['line_offset', 'int'],
  ['sig_hash', 'string'],
  ['recorded_at', 'string'],
];

const RETRIEVED: readonly Field[] = [
  ['matrix_corpora', 'strings'],
  ['pathway_fingerprints_seen', 'int'],
];

export const SCORED_FIELDS: readonly Field[] = [
  ['schema_version', 'int'],
  ['evidence_run_id', 'string'],
  ['task_id', 'string'],
  ['category', 'string'],
  ['score', 'float'],
  ['reasons', 'strings'],
  ['scored_at', 'string'],
  ['provenance', 'provenance'],
];

export const EVIDENCE_FIELDS: readonly Field[] = [
  ['schema_version', 'int'],
  ['run_id', 'string'],
  ['task_id', 'string'],
  ['model_role', 'string'],
  ['model_name', 'string'],
  ['text', 'string'],
  ['source_files', 'strings'],
  ['retrieved_context', 'retrieved'],
  ['latency_ms', 'int'],
  ['cost_usd', 'float'],
  ['provenance', 'provenance'],
];

/** cmd/export-sft's batchRequest: a --batch stdin line. */
export const BATCH_FIELDS: readonly Field[] = [
  ['root', 'strptr'],
  ['recorded_at', 'strptr'],
  ['dry_run', 'bool'],
  ['include_partial', 'bool'],
];

// Names that are fields of some record but not of the one being decoded, and
// near-misses of real names: all must be skipped as unknown keys.
const UNKNOWN_NAMES = [
  'run_id', 'evidence_run_id', 'reasons', 'retrieved_context', 'matrix_corpora', 'source_file',
  'schema_versio', 'schema_version ', ' task_id', 'task-id', 'taskid', 'TaskID', 'SchemaVersion',
  'provenance.source_file', '', 'x', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'dry-run', 'DryRun',
  'recordedAt', 'root ', 'include_partial_',
] as const;

// ---------------------------------------------------------------------------
// Small pieces.

const invalidUtf8 = fc.constantFrom(...INVALID_UTF8).map((b) => Uint8Array.from(b));

const JSON_WS = fc.constantFrom(' ', '\t', '\n', '\r');

function hex4(n: number, upper: boolean): string {
  const h = n.toString(16).padStart(4, '0');
  return upper ? h.toUpperCase() : h;
}

// ---------------------------------------------------------------------------
// Fixed vocabularies.

/** Legal escapes, including the surrogate traps. */
const GOOD_ESCAPES = [
  '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t',
  '\\u0000', '\\u001f', '\\u0020', '\\u007f', '\\u00e9', '\\u00E9', '\\u2028', '\\u2029', '\\u003c', '\\u0026',
  '\\ud800', '\\udc00', '\\udbff', '\\udfff', '\\ud800\\u0041', '\\ud83d\\ude00', '\\uD83D\\uDE00', '\\ude00\\ud83d',
  '\\ud800\\ud800', '\\ud800\\udc00', '\\udbff\\udfff', '\\ud83d\\n', '\\ud83d\\\\', '\\ud83dx', '\\ufffd', '\\ufeff',
  '\\ud83d\\ud83d\\ude00', '\\ud83d\\u00e9',
] as const;

/** Escapes Go rejects. */
const BAD_ESCAPES = ['\\x41', "\\'", '\\U0041', '\\u12', '\\u12"', '\\uZZZZ', '\\a', '\\0', '\\v', '\\ ', '\\u{41}', '\\'] as const;

/** Integers that fit Go's int and int64. */
const INT_OK = [
  '0', '-0', '1', '-1', '42', '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740993',
  '9223372036854775807', '-9223372036854775808', '9223372036854775806', '-9223372036854775807',
] as const;

/** Integers ParseInt refuses: out of range, or integral values in float syntax. */
const INT_BAD = [
  '9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616',
  '123456789012345678901234567890', '1' + '0'.repeat(400), '1.0', '1e0', '1E2', '-0.0', '0e0', '10e-1', '0.0', '1e+0', '2.5',
] as const;

const FLOAT_OK = [
  '0', '-0', '-0.0', '0.0', '0e-5', '1e-400', '-1e-400', '4.9e-324', '5e-324', '2.4703282292062327e-324',
  '2.4703282292062328e-324', '1.7976931348623157e308', '1.7976931348623158e308', '1e21', '1e20', '999999999999999999999',
  '1e-7', '1e-6', '0.000001', '0.0000001', '9007199254740993', '0.1', '0.92', '0.0031', '1E+2', '1e-0',
  '2.2250738585072011e-308', '2.2250738585072012e-308', '0.' + '0'.repeat(400) + '1', '1' + '0'.repeat(308),
  '123456789012345678901234567890', '-9223372036854775809', '100000000000000000000000', '1e22', '1e23',
] as const;

/** Finite-looking numbers that overflow float64: ParseFloat's ErrRange. */
const FLOAT_BAD = [
  '1e400', '-1e400', '1.7976931348623159e308', '-1.7976931348623159e308', '1.797693134862315807937289714053e308',
  '1' + '0'.repeat(310), '1e309',
] as const;

/** Number-like text the JSON grammar rejects. */
const BAD_NUMBERS = [
  '01', '-01', '00', '+1', '.5', '1.', '1e', '1e+', '-', '--1', '0x10', '1_000', 'Infinity', '-Infinity', 'NaN',
  '1.e5', '-.5', '1ee5', '\u0663', '1,5',
] as const;

const LITERALS = ['null', 'true', 'false'] as const;
const BAD_LITERALS = ['tru', 'nul', 'fals', 'True', 'NULL', 'nil', 'undefined', 'nulll', 'truefalse', 'n'] as const;

/** Replacements that Go's case folding maps onto ASCII letters. */
const FOLDS: Readonly<Record<string, readonly string[]>> = {
  s: ['\u017f', 'S'],
  k: ['\u212a', 'K'],
  i: ['\u0131', '\u0130', 'I'],
};

/** Look-alikes that must NOT match (no simple fold to the ASCII letter). */
const LOOKALIKES: Readonly<Record<string, readonly string[]>> = {
  a: ['\u0430', '\u00e0', '\u212b', '\uff41'],
  e: ['\u0435', '\u00e9', '\u0117'],
  o: ['\u043e', '\u03bf', '\u00f6'],
  c: ['\u0441', '\u00e7'],
  p: ['\u0440', '\u03c1'],
  s: ['\uff53', '\u00df', '\u015b'],
  i: ['\u00ed', '\u0456', 'i\u0307'],
  t: ['\u0442', '\u01ab'],
  k: ['\u03ba', '\u043a', '\u1d0b'],
  n: ['\u0578', '\u00f1'],
  _: ['\uff3f', '-', ' '],
};

// ---------------------------------------------------------------------------
// The grammar. A clean grammar writes only lines Go accepts (up to rare
// accidents such as a rounded-up toPrecision); a dirty one adds, at a low
// rate per token, every kind of mistake, so that a dirty line usually holds
// one or two of them and the decoder must notice exactly those.

/** Scales every mistake's weight: tuned so about half of dirty records fail. */
const DIRTY_RATE = 0.5;

type Option<T> = readonly [weight: number, arbitrary: fc.Arbitrary<T>, bad?: 'bad'];

function chooser(dirty: boolean) {
  return <T>(...options: Option<T>[]): fc.Arbitrary<T> =>
    fc.oneof(
      ...options
        .filter((o) => dirty || o[2] !== 'bad')
        // fast-check wants integer weights; twentieths are enough resolution.
        .map(([weight, arbitrary, bad]) => ({ weight: Math.round(weight * 20 * (bad ? DIRTY_RATE : 1)), arbitrary })),
    );
}

function one<T>(values: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...values);
}

/** A member's order key, then its bytes: members are shuffled by sorting. */
type Member = { readonly order: number; readonly parts: Part[] };

interface Grammar {
  readonly ws: fc.Arbitrary<string>;
  readonly stringLiteral: fc.Arbitrary<Part[]>;
  readonly anyValue: fc.Arbitrary<Part[]>;
  readonly deepValue: fc.Arbitrary<Part[]>;
  readonly scoredObject: fc.Arbitrary<Part[]>;
  readonly evidenceObject: fc.Arbitrary<Part[]>;
  readonly batchObject: fc.Arbitrary<Part[]>;
  readonly padding: fc.Arbitrary<Part[]>;
}

function grammar(dirty: boolean): Grammar {
  const choose = chooser(dirty);

  const ws: fc.Arbitrary<string> = choose(
    [120, fc.constant('')],
    [40, fc.array(JSON_WS, { minLength: 1, maxLength: 3 }).map((a) => a.join(''))],
    [1, one(['\v', '\f', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u0000']), 'bad'],
  );
  const comma = choose([300, fc.constant(',')], [1, one([',,', ';', '', ':']), 'bad']);
  const colon = choose([300, fc.constant(':')], [1, one(['', '=', '::', ',']), 'bad']);

  // Strings -----------------------------------------------------------------
  const plainText = choose(
    [3, fc.string({ unit: 'grapheme-ascii', maxLength: 12 })],
    [2, fc.string({ unit: 'binary', maxLength: 8 })],
    [2, one(['run-0007', 'phase:3', 'accepted', 'partially_accepted', 'rejected', 'needs_human_review', 'executor',
      'reviewer', 'applier', 'extractor', 'classifier', 'data/_kb/audits.jsonl', '2026-11-02T10:00:00Z'])],
  ).map((t) => t.replace(/[\u0000-\u001f"\\]/g, ''));

  const stringPiece: fc.Arbitrary<Part> = choose<Part>(
    [100, plainText],
    [40, one(SPECIAL_CHARS)],
    [30, one(GOOD_ESCAPES)],
    [10, fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.boolean()).map(([u, up]) => '\\u' + hex4(u, up))],
    [20, invalidUtf8],
    [1.5, one(BAD_ESCAPES), 'bad'],
    [1.5, fc.integer({ min: 0, max: 0x1f }).map((c) => Uint8Array.of(c)), 'bad'],
  );
  const stringLiteral: fc.Arbitrary<Part[]> = choose(
    [1, fc.constant(['""'])],
    [8, fc.array(stringPiece, { maxLength: 6 }).map((ps) => ['"', ...ps, '"'])],
    [0.1, fc.array(stringPiece, { maxLength: 3 }).map((ps) => ['"', ...ps]), 'bad'],
  );

  // Numbers -----------------------------------------------------------------
  const doubleText: fc.Arbitrary<string> = fc
    .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 21 }))
    .map(([d, how, p]) => {
      switch (how) {
        case 0:
          return String(d);
        case 1:
          return d.toExponential(Math.min(p, 20));
        case 2:
          return d.toPrecision(p);
        case 3:
          return Math.abs(d) < 1e15 ? d.toFixed(Math.min(p, 20)) : String(d);
        default:
          return String(d).replace('e+', 'E');
      }
    });
  // Many digits, so that correct rounding is exercised; the exponent stays
  // below overflow unless dirty.
  const longDecimal: fc.Arbitrary<string> = fc
    .tuple(
      fc.boolean(),
      fc.stringMatching(/^[1-9][0-9]{0,29}$/),
      fc.option(fc.stringMatching(/^[0-9]{1,25}$/)),
      fc.option(fc.integer({ min: -345, max: dirty ? 330 : 278 })),
      fc.constantFrom('e', 'E'),
      fc.boolean(),
    )
    .map(([neg, int, frac, exp, e, plus]) => {
      const mantissa = `${neg ? '-' : ''}${int}${frac === null ? '' : '.' + frac}`;
      if (exp === null) return mantissa;
      return `${mantissa}${e}${exp >= 0 && plus ? '+' : ''}${exp}`;
    });
  // Hundreds of digits, with an exponent that brings the value back into
  // range: Go's slow path keeps only 800 digits (strconv's decimal).
  const hugeDecimal: fc.Arbitrary<string> = fc
    .tuple(fc.stringMatching(/^[1-9][0-9]{0,17}$/), fc.integer({ min: 760, max: 840 }), fc.constantFrom('', '1', '5', '.5', '.0001'), fc.oneof(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -700, max: -300 })))
    .map(([head, zeros, tail, shift]) => `${head}${'0'.repeat(zeros)}${tail}e-${zeros + tail.replace('.', '').length + shift}`);
  // The exact decimal midpoint between two adjacent doubles, m·2^e and
  // (m+1)·2^e, perhaps nudged by one digit: rounding ties and near-ties.
  const halfway: fc.Arbitrary<string> = fc
    .tuple(fc.bigInt(1n, 2n ** 53n - 1n), fc.integer({ min: -1074, max: 970 }), fc.constantFrom('', '', '1', '9'))
    .map(([m, e2, nudge]) => {
      const odd = 2n * m + 1n;
      const e = e2 - 1;
      if (e >= 0) return (odd << BigInt(e)).toString() + (nudge === '' ? '' : '.' + nudge);
      const digits = (odd * 5n ** BigInt(-e)).toString(); // odd·2^e = odd·5^-e·10^e
      const point = digits.length + e;
      const text = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
      return text + nudge;
    });
  const int64 = fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(String);
  const intText: fc.Arbitrary<string> = choose(
    [40, int64],
    [20, fc.integer({ min: -1000, max: 100000 }).map(String)],
    [30, one(INT_OK)],
    [3, one(INT_BAD), 'bad'],
    [2, fc.bigInt(2n ** 63n, 2n ** 70n).map((n) => (n % 2n ? '-' : '') + String(n)), 'bad'],
  );
  const floatText: fc.Arbitrary<string> = choose(
    [40, doubleText],
    [20, longDecimal],
    [2, hugeDecimal],
    [4, halfway],
    [30, one(FLOAT_OK)],
    [10, intText],
    [2, one(FLOAT_BAD), 'bad'],
  );
  const anyNumber = choose([60, floatText], [1, one(BAD_NUMBERS), 'bad']);

  // Values ------------------------------------------------------------------
  function joinList(open: string, items: Part[][], close: string, sep: fc.Arbitrary<string>): fc.Arbitrary<Part[]> {
    return fc.array(fc.tuple(ws, sep, ws), { minLength: items.length + 1, maxLength: items.length + 1 }).map((seps) => {
      const out: Part[] = [open];
      items.forEach((item, i) => {
        const [a, s, b] = seps[i] ?? ['', ',', ''];
        if (i > 0) out.push(a, s, b);
        else out.push(a);
        out.push(...item);
      });
      out.push((seps[items.length] ?? [''])[0], close);
      return out;
    });
  }

  function member(key: fc.Arbitrary<Part[]>, value: fc.Arbitrary<Part[]>): fc.Arbitrary<Member> {
    return fc
      .tuple(fc.nat(1000), key, ws, colon, ws, value)
      .map(([order, k, a, c, b, v]) => ({ order, parts: [...k, a, c, b, ...v] }));
  }

  const anyValue = fc.letrec<{ value: Part[]; array: Part[]; object: Part[] }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 3, arbitrary: one(LITERALS).map((l) => [l]) },
      { weight: 3, arbitrary: anyNumber.map((n) => [n]) },
      { weight: 3, arbitrary: stringLiteral },
      { weight: 2, arbitrary: tie('array') },
      { weight: 2, arbitrary: tie('object') },
    ),
    array: fc.array(tie('value'), { maxLength: 4, depthIdentifier: 'json' }).chain((items) => joinList('[', items, ']', comma)),
    object: fc
      .array(member(stringLiteral, tie('value')), { maxLength: 4, depthIdentifier: 'json' })
      .chain((ms) => joinList('{', ms.map((m) => m.parts), '}', comma)),
  })).value;

  // The record sits at depth 1, a nested struct at depth 2; Go allows 10000.
  const deepValue: fc.Arbitrary<Part[]> = fc
    .tuple(fc.integer({ min: dirty ? 9996 : 9990, max: dirty ? 10002 : 9998 }), fc.nat(2))
    .map(([d, style]) => deepNest(style === 2 ? d - (d % 2) : d, style));

  // Keys --------------------------------------------------------------------
  function keyChar(ch: string): fc.Arbitrary<Part> {
    const options: Option<readonly [Part, boolean]>[] = [
      [30, fc.constant([ch, false] as const)],
      [3, fc.constant([ch.toUpperCase(), false] as const)],
      [2, fc.constant([ch, true] as const)],
      [1, invalidUtf8.map((b) => [b, false] as const)],
    ];
    const folds = FOLDS[ch];
    if (folds) options.push([3, fc.tuple(one(folds), fc.boolean())]);
    const looks = LOOKALIKES[ch];
    if (looks) options.push([1, one(looks).map((l) => [l, false] as const)]);
    return fc
      .tuple(choose(...options), fc.boolean())
      .map(([[text, escape], upperHex]) => (escape && typeof text === 'string' ? escapeAll(text, upperHex) : text));
  }

  /** A key for a declared field: mostly exact, often a variant Go may still match. */
  function keyFor(name: string): fc.Arbitrary<Part[]> {
    return choose(
      [3, fc.constant(['"' + name + '"'])],
      [2, fc.tuple(...[...name].map(keyChar)).map((chars) => ['"', ...chars, '"'])],
    );
  }

  /** Unknown to this struct; when clean, not even a real field of it. */
  function unknownKey(fields: readonly Field[]): fc.Arbitrary<Part[]> {
    const own = new Set(fields.map(([name]) => name));
    const names = UNKNOWN_NAMES.filter((n) => dirty || !own.has(n));
    return choose([2, one(names).map((n) => ['"' + n + '"'])], [1, stringLiteral]);
  }

  // Records -----------------------------------------------------------------
  function valueFor(type: GoType): fc.Arbitrary<Part[]> {
    let valid: fc.Arbitrary<Part[]>;
    switch (type) {
      case 'int':
        valid = intText.map((t) => [t]);
        break;
      case 'float':
        valid = floatText.map((t) => [t]);
        break;
      case 'string':
      case 'strptr':
        valid = stringLiteral;
        break;
      case 'bool':
        valid = one(['true', 'false']).map((l) => [l]);
        break;
      case 'strings':
        valid = fc
          .array(choose([10, stringLiteral], [2, fc.constant<Part[]>(['null'])], [0.5, anyValue, 'bad']), { maxLength: 4 })
          .chain((items) => joinList('[', items, ']', comma));
        break;
      case 'provenance':
        valid = objectOf(PROVENANCE);
        break;
      case 'retrieved':
        valid = objectOf(RETRIEVED);
        break;
    }
    return choose(
      [40, valid],
      [6, fc.constant<Part[]>(['null'])],
      [2, anyValue, 'bad'],
      [0.3, one(BAD_LITERALS).map((l) => [l]), 'bad'],
    );
  }

  /**
   * An object with the declared fields, each zero, one or two times (the
   * duplicate is the last-wins / merge / slice-reuse trap), a few unknown
   * members, all shuffled.
   */
  function objectOf(fields: readonly Field[]): fc.Arbitrary<Part[]> {
    const declared = fields.map(([name, type]) => {
      const m = member(keyFor(name), valueFor(type));
      return fc.oneof(
        { weight: 8, arbitrary: m.map((x) => [x]) },
        { weight: 1, arbitrary: fc.constant([]) },
        { weight: 2, arbitrary: fc.tuple(m, m) },
      );
    });
    const unknown = choose([40, member(unknownKey(fields), anyValue)], [1, member(unknownKey(fields), deepValue)]);
    return fc
      .tuple(fc.tuple(...declared), fc.array(unknown, { maxLength: 2 }))
      .map(([decl, unk]) => [...decl.flat(), ...unk].sort((x, y) => x.order - y.order).map((m) => m.parts))
      .chain((items) => joinList('{', items, '}', comma));
  }

  const padding: fc.Arbitrary<Part[]> = choose<Part[]>(
    [6, fc.constant([])],
    [3, fc.array(one(GO_SPACES), { minLength: 1, maxLength: 4 })],
    [1, fc.array(choose<Part>([1, one([...GO_SPACES, ...NOT_GO_SPACES])], [1, invalidUtf8]), { minLength: 1, maxLength: 3 }), 'bad'],
  );

  return {
    ws,
    stringLiteral,
    anyValue,
    deepValue,
    scoredObject: objectOf(SCORED_FIELDS),
    evidenceObject: objectOf(EVIDENCE_FIELDS),
    batchObject: objectOf(BATCH_FIELDS),
    padding,
  };
}

/** `\uXXXX` for every UTF-16 unit of the text. */
function escapeAll(text: string, upperHex: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += '\\u' + hex4(text.charCodeAt(i), upperHex);
  return out;
}

/** Nesting right around Go's maxNestingDepth (10000), in three shapes. */
export function deepNest(depth: number, style: number): Part[] {
  switch (style % 3) {
    case 0:
      return ['['.repeat(depth) + ']'.repeat(depth)];
    case 1:
      return ['{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)];
    default:
      return ['[{"k":'.repeat(Math.floor(depth / 2)) + '1' + '}]'.repeat(Math.floor(depth / 2))];
  }
}

export const CLEAN = grammar(false);
export const DIRTY = grammar(true);

// ---------------------------------------------------------------------------
// Whole lines.

/** Byte-level damage: the kind of line a crashed writer leaves behind. */
type Damage = (b: Uint8Array) => Uint8Array;

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.nat().map((n): Damage => (b) => b.subarray(0, b.length === 0 ? 0 : n % b.length)),
  fc.constantFrom('}', ']', 'x', '{}', ' 1', ',', '\u0000', '"', ' null', '}}').map((g): Damage => (b) => bytesOf(b, g)),
  fc
    .tuple(fc.nat(), fc.integer({ min: 0, max: 255 }))
    .map(([n, c]): Damage => (b) => bytesOf(b.subarray(0, n % (b.length + 1)), [c], b.subarray(n % (b.length + 1)))),
  fc.nat().map((n): Damage => (b) => (b.length === 0 ? b : bytesOf(b.subarray(0, n % b.length), b.subarray((n % b.length) + 1)))),
);

export function lineCase(kind: RecordKind, bytes: Uint8Array): LineCase {
  return {
    kind,
    bytes,
    [fc.toStringMethod]: () => `${kind} ${showBytesCompact(bytes)}`,
  };
}

function linesOf(g: Grammar, kind: RecordKind, damaged: boolean): fc.Arbitrary<LineCase> {
  const own = kind === 'scored' ? g.scoredObject : g.evidenceObject;
  const other = kind === 'scored' ? g.evidenceObject : g.scoredObject;
  const topLevel = fc.oneof(
    g.anyValue,
    fc.constantFrom('{}', '[]', '""', 'null', '{ }', '[null]', ...(damaged ? [...BAD_LITERALS, ...BAD_NUMBERS] : [])).map((l) => [l]),
    g.deepValue,
  );
  const body = fc.oneof({ weight: 16, arbitrary: own }, { weight: 2, arbitrary: other }, { weight: 1, arbitrary: topLevel });
  return fc
    .tuple(g.padding, body, g.padding, damaged ? fc.option(damage, { freq: 4 }) : fc.constant(null))
    .map(([lead, b, trail, d]) => {
      const bytes = bytesOf(...lead, ...b, ...trail);
      return lineCase(kind, d ? d(bytes) : bytes);
    });
}

/** A whole line for the given loader: half clean, half dirty (maybe damaged). */
export function jsonLine(kind: RecordKind): fc.Arbitrary<LineCase> {
  return fc.oneof(linesOf(CLEAN, kind, false), linesOf(DIRTY, kind, true));
}

export const anyJsonLine: fc.Arbitrary<LineCase> = fc.oneof(jsonLine('scored'), jsonLine('evidence'));

/**
 * A --batch request line as runBatch hands it to json.Unmarshal: no
 * TrimSpace, and the '\n' included (except on a last line without one).
 */
function batchLinesOf(g: Grammar, damaged: boolean): fc.Arbitrary<Uint8Array> {
  const body = fc.oneof(
    { weight: 12, arbitrary: g.batchObject },
    { weight: 1, arbitrary: g.scoredObject },
    { weight: 1, arbitrary: g.anyValue },
  );
  return fc
    .tuple(g.padding, body, g.padding, fc.boolean(), damaged ? fc.option(damage, { freq: 4 }) : fc.constant(null), fc.nat(9))
    .map(([lead, b, trail, newline, d, bare]) => {
      // Mostly clean padding: the decoder sees it all, so most of it is an error.
      const bytes = bare < 7 ? bytesOf(...b) : bytesOf(...lead, ...b, ...trail);
      const damagedBytes = d ? d(bytes) : bytes;
      return newline ? bytesOf(damagedBytes, '\n') : damagedBytes;
    });
}

export const batchLine: fc.Arbitrary<Uint8Array> = fc.oneof(batchLinesOf(CLEAN, false), batchLinesOf(DIRTY, true));
