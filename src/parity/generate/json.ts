// JSON text as bytes, built piece by piece so that a generated line can hold
// what no JSON library would write: any escape spelling, lone surrogates,
// invalid UTF-8, raw control characters, odd number spellings, case-variant
// and duplicate keys. Values are byte strings (bytes.ts); a line is their
// concatenation.
import fc from 'fast-check';
import { INVALID_UTF8 } from './chars.js';
import { latin1Of, utf8Bytes } from './bytes.js';

/** How one character is spelled inside a JSON string. */
export type CharSpelling = 'raw' | 'u-lower' | 'u-upper' | 'short';

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
};

function hex4(unit: number, upper: boolean): string {
  const h = unit.toString(16).padStart(4, '0');
  return '\\u' + (upper ? h.toUpperCase() : h);
}

/**
 * Spells one character (one code point) as JSON string content, as text:
 * every spelling but 'raw' is ASCII, and a raw character is itself.
 */
function spellCharText(ch: string, how: CharSpelling): string {
  const mustEscape = ch === '"' || ch === '\\';
  if (how === 'short' || (how === 'raw' && mustEscape)) {
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) return short;
    if (how === 'short') how = 'u-lower';
  }
  if (how === 'raw') return ch;
  // UTF-16 code units, so astral characters become surrogate-pair escapes.
  let s = '';
  for (let i = 0; i < ch.length; i++) s += hex4(ch.charCodeAt(i), how === 'u-upper');
  return s;
}

/** How a whole string is spelled. */
export type StringSpelling = CharSpelling | 'escape-non-ascii' | 'escape-first';

function spellText(s: string, how: StringSpelling): string {
  let out = '';
  let first = true;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    let spelling: CharSpelling;
    if (how === 'escape-non-ascii') spelling = cp >= 0x80 ? 'u-lower' : 'raw';
    else if (how === 'escape-first') spelling = first ? 'u-upper' : 'raw';
    else spelling = how;
    if (spelling === 'raw' && cp < 0x20) spelling = 'short';
    out += spellCharText(ch, spelling);
    first = false;
  }
  return out;
}

/** Wraps string content (already spelled) in quotes. */
export function quote(content: string): string {
  return '"' + content + '"';
}

/**
 * One of `pool`, spelled one of `hows` (as drawn by `spelling`, an index),
 * as bytes. Every pair is spelled and encoded once, here: the generator
 * spells the same few strings over and over, and encoding them was much of
 * a draw. A draw picks two indexes, which asks for the same random numbers
 * as picking the string and the spelling themselves did (constantFrom and
 * oneof draw by position, whatever the values).
 */
function spelledPool<H>(
  pool: readonly string[],
  spelling: fc.Arbitrary<number>,
  hows: readonly H[],
  spell: (s: string, how: H) => string,
): fc.Arbitrary<string> {
  const table = hows.map((how) => pool.map((s) => utf8Bytes(spell(s, how))));
  return fc.tuple(fc.constantFrom(...pool.keys()), spelling).map(([i, how]) => table[how]![i]!);
}

/** Spellings of a whole string, by index: mostly raw. */
const STRING_SPELLINGS: readonly StringSpelling[] = ['raw', 'u-lower', 'u-upper', 'escape-non-ascii', 'escape-first'];
const stringSpelling = (): fc.Arbitrary<number> =>
  fc.oneof({ arbitrary: fc.constant(0), weight: 40 }, { arbitrary: fc.constantFrom(1, 2, 3, 4), weight: 1 });

/**
 * A JSON string token for one of `pool`, spelled mostly raw, sometimes
 * escaped; 'raw' still escapes what JSON requires. A string is spelled as
 * text and encoded whole: a piece is a whole code point (or ASCII), so no
 * surrogate pair is split between two of them, and the UTF-8 is the same as
 * that of the pieces encoded one by one.
 */
export function stringToken(pool: readonly string[]): fc.Arbitrary<string> {
  return spelledPool(pool, stringSpelling(), STRING_SPELLINGS, (s, how) => `"${spellText(s, how)}"`);
}

/** Spellings of one character, by index: mostly raw. */
const CHAR_SPELLINGS: readonly CharSpelling[] = ['raw', 'u-lower', 'u-upper', 'short'];
const charSpelling = fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.constantFrom(1, 2, 3), weight: 2 });

/** One of `chars` (code points) as JSON string content, spelled mostly raw, sometimes escaped. */
export function charToken(chars: readonly string[]): fc.Arbitrary<string> {
  return spelledPool(chars, charSpelling, CHAR_SPELLINGS, spellCharText);
}

// Constant pools are encoded once, here: constantFrom over the encoded values
// draws the same random numbers as constantFrom(...).map(encode) did.

/** Fragments that only a hand-written JSON line can contain. */
export const oddFragment: fc.Arbitrary<string> = fc.oneof(
  // Lone and reversed surrogates: Go decodes them to U+FFFD, JSON.parse keeps them.
  fc.constantFrom('\\ud800', '\\udfff', '\\ud83d', '\\ude00x', '\\ude00\\ud83d', '\\uD83D\\uDE00'),
  // Invalid UTF-8 bytes: each becomes U+FFFD in Go.
  fc.constantFrom(...INVALID_UTF8.map(latin1Of)),
  // Raw control characters: invalid JSON, so the line is skipped.
  fc.constantFrom('\u0001', '\u001f', '\t', '\u0000'),
  // DEL and C1 raw: valid JSON, kept raw by Go.
  fc.constantFrom(...['\u007f', '\u0085', '\u009f'].map(utf8Bytes)),
  // Bad escapes: invalid JSON.
  fc.constantFrom('\\x41', '\\u12', '\\U0041', '\\a', '\\'),
);

/** Integer tokens for Go int/int64 fields: edges, and spellings Go rejects. */
export const INT_EDGES: readonly string[] = [
  '0', '-0', '-1', '2147483647', '2147483648', '-2147483649', '4294967296',
  '9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740993',
  '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809',
  '18446744073709551616', '1.0', '1e2', '1E+2', '0.5', '-0.0', '1e400',
];

/** Float tokens for Go float64 fields: edges, and out-of-range values. */
export const FLOAT_EDGES: readonly string[] = [
  '0', '-0', '1', '0.92', '0.5', '0.1', '1e308', '1.7976931348623157e308', '1.8e308', '1e309', '-1e309',
  '5e-324', '4.9e-324', '1e-400', '123456789012345678901234567890', '1E2', '2.5e+3', '-0.0',
];

/** Tokens that are not JSON at all (the whole line is then malformed). */
export const NOT_JSON_NUMBERS: readonly string[] = ['00', '+1', '.5', '1.', '0x10', 'NaN', 'Infinity', '-', '1_000'];

/** Values of the wrong JSON type for a field that wants type `want`. */
export function wrongType(want: 'string' | 'number' | 'array' | 'object'): fc.Arbitrary<string> {
  const all: Record<string, string[]> = {
    string: ['1', 'true', '[]', '{}', '["x"]'],
    number: ['"1"', 'true', '[]', '{}', '"0.5"'],
    array: ['"a"', '1', '{}', '[1]', '[true]', '[["a"]]', 'false'],
    object: ['"x"', '1', '[]', 'true', '[{}]'],
  };
  return fc.constantFrom(...(all[want] ?? []));
}

/** Spellings of a key that Go's decoder matches (case folding) or not. */
export function keyToken(name: string): fc.Arbitrary<string> {
  const variants: { spelling: string; weight: number }[] = [{ spelling: name, weight: 120 }];
  const add = (s: string, weight = 1): void => {
    if (s !== name) variants.push({ spelling: s, weight });
  };
  add(name.toUpperCase());
  add(name.charAt(0).toUpperCase() + name.slice(1));
  // U+017F (long s) and U+212A (Kelvin) fold to s and k in Go, not in JS's toLowerCase.
  add(name.replace('s', '\u017f'));
  add(name.replace('k', '\u212a'));
  // U+0130 lower-cases to "i̇" in JS and does not fold to i in Go.
  add(name.replace('i', '\u0130'));
  // Near misses that no decoder matches.
  add(name + ' ');
  add(name.replace('_', '-'));
  return fc.oneof(
    ...variants.map((v) => ({ arbitrary: stringToken([v.spelling]), weight: v.weight })),
  );
}

/** One member of an object: key and value tokens (as fc.tuple draws them: no mapping per member). */
export type Member = [key: string, value: string];

/** A field of a generated object: its name and how its value is generated. */
export interface FieldSpec {
  name: string;
  value: fc.Arbitrary<string>;
}

const SEPARATORS = fc.oneof(
  { arbitrary: fc.constant({ colon: ':', comma: ',' }), weight: 12 },
  { arbitrary: fc.constantFrom({ colon: ': ', comma: ', ' }, { colon: ' :\t', comma: ' ,\r' }), weight: 1 },
);

/**
 * A JSON object with the given fields, each sometimes missing, sometimes
 * spelled with a case-variant key, sometimes repeated (Go: last one wins),
 * with unknown members mixed in and the order sometimes reversed.
 */
export function objectToken(fields: readonly FieldSpec[]): fc.Arbitrary<string> {
  const member = (f: FieldSpec): fc.Arbitrary<Member> => fc.tuple(keyToken(f.name), f.value);
  const present = fields.map((f) => fc.option(member(f), { freq: 30, nil: null }));
  const duplicate = fc.option(fc.oneof(...fields.map(member)), { freq: 6, nil: null });
  const unknown = fc.option(
    fc.constantFrom('"extra":{"a":[1,{"b":null}]}', '"metadata":{"contractor":"x"}', '"":0', '"\\u0000":1'),
    { freq: 8, nil: null },
  );
  return fc
    .tuple(fc.tuple(...present), duplicate, unknown, fc.boolean(), SEPARATORS)
    .map(([members, dup, extra, reversed, sep]) => {
      // The present members (reversed or not), then the duplicate; the unknown member goes before the middle one.
      const list: Member[] = [];
      for (const m of members) if (m !== null) list.push(m);
      if (reversed) list.reverse();
      if (dup) list.push(dup);
      const middle = list.length >> 1;
      let body = '';
      for (let i = 0; i < list.length; i++) {
        if (i === middle && extra) body += extra + sep.comma;
        body += list[i]![0] + sep.colon + list[i]![1] + (i < list.length - 1 ? sep.comma : '');
      }
      if (list.length === 0 && extra) body = extra;
      return '{' + body + '}';
    });
}

/** A JSON array of the given item tokens. */
export function arrayToken(item: fc.Arbitrary<string>, maxLength = 3): fc.Arbitrary<string> {
  return fc.array(item, { maxLength }).map((items) => '[' + items.join(',') + ']');
}

/** Wraps a value generator: mostly the value, sometimes null, sometimes the wrong type. */
export function typed(
  value: fc.Arbitrary<string>,
  want: 'string' | 'number' | 'array' | 'object',
  weights: { value?: number; nul?: number; wrong?: number } = {},
): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: value, weight: weights.value ?? 100 },
    { arbitrary: fc.constant('null'), weight: weights.nul ?? 2 },
    { arbitrary: wrongType(want), weight: weights.wrong ?? 1 },
  );
}

/** A number token (ASCII, so its own bytes): mostly from `common`, sometimes an edge or not JSON at all. */
export function numberToken(common: readonly string[], edges: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...common), weight: 60 },
    { arbitrary: fc.constantFrom(...edges), weight: 6 },
    { arbitrary: fc.constantFrom(...NOT_JSON_NUMBERS), weight: 1 },
  );
}
