// The causes of a difference between two JSON-lines texts (stdout, the
// export): lines are paired (by position, or by a diff when one side has
// lines the other has not), and in each pair of differing lines every
// differing field is classified, not only the first: one line can carry
// several bugs, and fixing one must not make another appear new.
import { diffArrays } from 'diff';
import { decodeAt, visible } from '../core/visible.js';
import type { CauseKind, Names } from './causes.js';
import { lineBody, lineEnd, splitLines } from './lines.js';
import { readRaw, type RawValue } from './rawjson.js';

/** A cause inside one JSON-lines text; field is the JSON path (null: the line or the text). */
export interface LineCause {
  field: string | null;
  kind: CauseKind;
  detail: string;
  line?: number;
}

/** Differing line pairs examined at most (a huge export that differs everywhere says enough by then). */
const MAX_PAIRS = 2000;
/** Beyond this many edits, lines are paired by position rather than by a diff. */
const MAX_EDITS = 500;

/** Text cut for a one-line detail, around `at`. */
function clip(s: string, at = 0, max = 70): string {
  if (s.length <= max) return s;
  const from = Math.max(0, Math.min(at - 20, s.length - max));
  return `${from > 0 ? '…' : ''}${s.slice(from, from + max)}${from + max < s.length ? '…' : ''}`;
}

/** Two values for a detail, cut at the same place around their first difference. */
function pair(a: Buffer, b: Buffer, names: Names): string {
  const va = visible(a);
  const vb = visible(b);
  let i = 0;
  while (i < va.length && va[i] === vb[i]) i++;
  return `${names.ref} writes ${clip(va, i)}, ${names.other} writes ${clip(vb, i)}`;
}

interface Parsed {
  line: Buffer;
  body: Buffer;
  json: RawValue | null;
  /** What the line means, whatever its formatting: members by key with values canonical (see meaning). */
  members: Map<string, string> | undefined;
  meaning: string;
}

/**
 * A JSON value's meaning as a string: numbers by value (1 = 1.0), strings by
 * their characters (\u003c = <), objects by key (the last one winning, as
 * Go reads them). Lines are paired by meaning, so that fixing how values are
 * written (a number format, an escape) does not change which lines pair up,
 * and with that the causes found in the others.
 */
function meaning(v: RawValue): string {
  switch (v.kind) {
    case 'object':
      return `{${[...new Map(v.members.map((m) => [m.key, meaning(m.value)]))].map(([k, x]) => `${JSON.stringify(k)}:${x}`).join(',')}}`;
    case 'array':
      return `[${v.items.map(meaning).join(',')}]`;
    case 'scalar': {
      const s = v.raw.toString('latin1');
      const n = canonicalNumber(s);
      if (n !== undefined) return n;
      return v.raw[0] === 0x22 ? JSON.stringify(tokens(v.raw).map((t) => String.fromCodePoint(t.cp)).join('')) : s;
    }
  }
}

function parse(line: Buffer): Parsed {
  const body = lineBody(line);
  const json = readRaw(body);
  const members = json?.kind === 'object' ? new Map(json.members.map((m) => [m.key, meaning(m.value)])) : undefined;
  return { line, body, json, members, meaning: json ? meaning(json) : body.toString('latin1') };
}

/** Lines that are the same record, perhaps with some fields different: more than half the members mean the same. */
function similar(x: Parsed, y: Parsed): boolean {
  if (x.meaning === y.meaning) return true;
  if (!x.members || !y.members) return false;
  const ys = y.members;
  const same = [...x.members].filter(([k, v]) => ys.get(k) === v).length;
  return same * 2 > Math.max(x.members.size, y.members.size);
}

type Pairs = { i?: number; j?: number }[];

/** Line pairs by a diff of a[i0, i1) and b[j0, j1) under `same`; undefined when the diff is too long. */
function diffPairs(a: readonly Parsed[], b: readonly Parsed[], same: (x: Parsed, y: Parsed) => boolean): Pairs | undefined {
  const changes = diffArrays([...a], [...b], { comparator: same, maxEditLength: MAX_EDITS });
  if (!changes) return undefined;
  const out: Pairs = [];
  let i = 0;
  let j = 0;
  for (const c of changes) {
    for (let k = 0; k < c.count; k++) {
      if (c.removed) out.push({ i: i++ });
      else if (c.added) out.push({ j: j++ });
      else out.push({ i: i++, j: j++ });
    }
  }
  return out;
}

/**
 * Pairs of line indexes (a side absent for a missing or extra line): lines
 * that mean the same anchor first, then lines that differ in some fields are
 * paired inside what is left between anchors.
 */
function align(a: readonly Parsed[], b: readonly Parsed[]): Pairs {
  const byPosition = (): Pairs => Array.from({ length: Math.max(a.length, b.length) }, (_, k) => ({ ...(k < a.length ? { i: k } : {}), ...(k < b.length ? { j: k } : {}) }));
  if (a.length === b.length) return byPosition();
  const exact = diffPairs(a, b, (x, y) => x.meaning === y.meaning);
  if (!exact) return byPosition();
  const out: Pairs = [];
  for (let k = 0; k < exact.length; ) {
    const p = exact[k] as Pairs[number];
    if (p.i !== undefined && p.j !== undefined) {
      out.push(p);
      k++;
      continue;
    }
    // A run of unpaired lines between two anchors: pair the similar ones.
    let end = k;
    while (end < exact.length && ((exact[end] as Pairs[number]).i === undefined || (exact[end] as Pairs[number]).j === undefined)) end++;
    const run = exact.slice(k, end);
    const is = run.flatMap((x) => (x.i !== undefined && x.j === undefined ? [x.i] : []));
    const js = run.flatMap((x) => (x.j !== undefined && x.i === undefined ? [x.j] : []));
    const inner = diffPairs(
      is.map((i) => a[i] as Parsed),
      js.map((j) => b[j] as Parsed),
      similar,
    );
    if (inner) for (const x of inner) out.push({ ...(x.i !== undefined ? { i: is[x.i] as number } : {}), ...(x.j !== undefined ? { j: js[x.j] as number } : {}) });
    else out.push(...run);
    k = end;
  }
  return out;
}

/**
 * The causes of the difference between two JSON-lines texts. `integers` is
 * the kind for two different integers: 'count' in the result on stdout,
 * 'value' in a record.
 */
export function jsonLinesCauses(ref: Buffer, other: Buffer, names: Names, integers: 'count' | 'value', firstLine = 0): LineCause[] {
  const a = splitLines(ref).map(parse);
  const b = splitLines(other).map(parse);
  const out: LineCause[] = [];
  const counts = firstLine === 0 ? `${names.ref} writes ${a.length} line(s), ${names.other} ${b.length}` : `in a window of a large file, ${names.ref} has ${a.length} line(s), ${names.other} ${b.length}`;
  let examined = 0;
  for (const { i, j } of align(a, b)) {
    const x = i === undefined ? undefined : a[i];
    const y = j === undefined ? undefined : b[j];
    if (x && !y) out.push({ field: null, kind: 'missing-line', detail: `${counts}; only ${names.ref} writes line ${firstLine + (i ?? 0) + 1}: ${clip(visible(x.body))}`, line: firstLine + (i ?? 0) + 1 });
    else if (y && !x) out.push({ field: null, kind: 'extra-line', detail: `${counts}; only ${names.other} writes its line ${firstLine + (j ?? 0) + 1}: ${clip(visible(y.body))}`, line: firstLine + (j ?? 0) + 1 });
    else if (x && y && !x.line.equals(y.line)) {
      if (examined++ >= MAX_PAIRS) break;
      const line = firstLine + (i ?? 0) + 1;
      out.push(...linePairCauses(x, y, names, integers).map((c) => ({ ...c, line })));
    }
  }
  return out;
}

function linePairCauses(x: Parsed, y: Parsed, names: Names, integers: 'count' | 'value'): LineCause[] {
  const out: LineCause[] = [];
  if (lineEnd(x.line) !== lineEnd(y.line)) {
    out.push({ field: null, kind: 'line-end', detail: `${names.ref} ends the line with ${lineEnd(x.line)}, ${names.other} with ${lineEnd(y.line)}` });
  }
  if (x.body.equals(y.body)) return out;
  if (x.json && y.json) out.push(...valueCauses(x.json, y.json, '', names, integers));
  else if (x.json || y.json) {
    const bad = x.json ? names.other : names.ref;
    out.push({ field: null, kind: 'not-json', detail: `${bad}'s line is not JSON: ${clip(visible(x.json ? y.body : x.body))}` });
  } else out.push(...textCauses(x.body, y.body, null, names));
  return out;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Every difference between two JSON values, each classified. */
function valueCauses(a: RawValue, b: RawValue, path: string, names: Names, integers: 'count' | 'value'): LineCause[] {
  if (a.raw.equals(b.raw)) return [];
  const field = path === '' ? null : path;
  if (a.kind === 'object' && b.kind === 'object') return objectCauses(a, b, path, names, integers);
  if (a.kind === 'array' && b.kind === 'array') {
    if (a.items.length !== b.items.length) {
      return [{ field, kind: 'value', detail: `${names.ref} writes ${a.items.length} item(s), ${names.other} ${b.items.length}: ${pair(a.raw, b.raw, names)}` }];
    }
    return a.items.flatMap((x, k) => valueCauses(x, b.items[k] as RawValue, `${path}[]`, names, integers));
  }
  if (a.kind === 'scalar' && b.kind === 'scalar') return scalarCauses(a.raw, b.raw, field, names, integers);
  return [{ field, kind: 'value', detail: pair(a.raw, b.raw, names) }];
}

function objectCauses(a: Extract<RawValue, { kind: 'object' }>, b: Extract<RawValue, { kind: 'object' }>, path: string, names: Names, integers: 'count' | 'value'): LineCause[] {
  const ka = a.members.map((m) => m.key);
  const kb = b.members.map((m) => m.key);
  if (ka.length === kb.length && ka.every((k, i) => k === kb[i])) {
    return a.members.flatMap((m, i) => {
      const n = b.members[i] as (typeof b.members)[number];
      const keyCauses = m.keyRaw.equals(n.keyRaw) ? [] : textCauses(m.keyRaw, n.keyRaw, `${join(path, m.key)} (the key)`, names);
      return [...keyCauses, ...valueCauses(m.value, n.value, join(path, m.key), names, integers)];
    });
  }
  // Members by key, the last one winning (as Go reads them).
  const ma = new Map(a.members.map((m) => [m.key, m.value]));
  const mb = new Map(b.members.map((m) => [m.key, m.value]));
  const out: LineCause[] = [];
  const common = [...ma.keys()].filter((k) => mb.has(k));
  const inOrder = (m: Map<string, RawValue>): string[] => [...m.keys()].filter((k) => common.includes(k));
  if (inOrder(ma).join('\0') !== inOrder(mb).join('\0')) {
    out.push({ field: path === '' ? null : path, kind: 'field-order', detail: `${names.ref} writes ${clip([...ma.keys()].join(', '))}; ${names.other} writes ${clip([...mb.keys()].join(', '))}` });
  }
  for (const [k, v] of ma) {
    const w = mb.get(k);
    if (w === undefined) out.push({ field: join(path, k), kind: 'missing-field', detail: `only ${names.ref} writes "${k}": ${clip(visible(v.raw))}` });
    else out.push(...valueCauses(v, w, join(path, k), names, integers));
  }
  for (const [k, w] of mb) if (!ma.has(k)) out.push({ field: join(path, k), kind: 'extra-field', detail: `only ${names.other} writes "${k}": ${clip(visible(w.raw))}` });
  return out;
}

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A JSON number as sign, significant digits and exponent, so that 1, 1.0 and 1e0 are one value (exactly, beyond 2^53 too). */
export function canonicalNumber(s: string): string | undefined {
  const m = NUMBER.exec(s);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let digits = ((m[2] ?? '') + frac).replace(/^0+/, '');
  if (digits === '') return '0';
  let exp = Number(m[4] ?? '0') - frac.length;
  const trimmed = digits.replace(/0+$/, '');
  exp += digits.length - trimmed.length;
  digits = trimmed;
  return `${m[1]}${digits}e${exp}`;
}

function scalarCauses(a: Buffer, b: Buffer, field: string | null, names: Names, integers: 'count' | 'value'): LineCause[] {
  const sa = a.toString('latin1');
  const sb = b.toString('latin1');
  const na = canonicalNumber(sa);
  const nb = canonicalNumber(sb);
  if (na !== undefined && nb !== undefined) {
    if (na === nb) return [{ field, kind: 'number-format', detail: `${names.ref} writes ${sa}, ${names.other} writes ${sb}` }];
    const whole = /^-?\d+$/;
    return [{ field, kind: whole.test(sa) && whole.test(sb) ? integers : 'value', detail: `${names.ref} writes ${sa}, ${names.other} writes ${sb}` }];
  }
  if (a[0] === 0x22 && b[0] === 0x22) {
    // A text that differs only in its numbers ("firewall=0, not-instructable=2") reports counts.
    const digits = /\d+/g;
    if (integers === 'count' && /\d/.test(sa) && sa.replace(digits, '0') === sb.replace(digits, '0')) return [{ field, kind: 'count', detail: pair(a, b, names) }];
    return textCauses(a, b, field, names);
  }
  return [{ field, kind: 'value', detail: pair(a, b, names) }];
}

/** One character of a JSON string as written: its code point, its bytes, and how. */
interface Tok {
  cp: number;
  raw: Buffer;
  escaped: boolean;
  /** A byte that is not UTF-8 (cp is then U+FFFD). */
  invalid: boolean;
}

const SHORT: Readonly<Record<string, number>> = { '"': 0x22, '\\': 0x5c, '/': 0x2f, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09 };

/** The characters of a raw JSON string token (quotes included), or of raw text when it is not quoted. */
function tokens(s: Buffer): Tok[] {
  const quoted = s.length >= 2 && s[0] === 0x22 && s[s.length - 1] === 0x22;
  const end = quoted ? s.length - 1 : s.length;
  const out: Tok[] = [];
  for (let i = quoted ? 1 : 0; i < end; ) {
    if (quoted && s[i] === 0x5c) {
      const c = String.fromCharCode(s[i + 1] ?? 0);
      if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(s.subarray(i + 2, i + 6).toString('latin1'))) {
        let cp = parseInt(s.subarray(i + 2, i + 6).toString('latin1'), 16);
        let len = 6;
        const lo = s.subarray(i + 6, i + 12).toString('latin1');
        if (cp >= 0xd800 && cp < 0xdc00 && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(lo)) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(lo.slice(2), 16) - 0xdc00);
          len = 12;
        }
        out.push({ cp, raw: s.subarray(i, i + len), escaped: true, invalid: false });
        i += len;
        continue;
      }
      if (SHORT[c] !== undefined) {
        out.push({ cp: SHORT[c] as number, raw: s.subarray(i, i + 2), escaped: true, invalid: false });
        i += 2;
        continue;
      }
    }
    const d = decodeAt(s, i);
    const n = d ? d[1] : 1;
    out.push({ cp: d ? d[0] : 0xfffd, raw: s.subarray(i, i + n), escaped: false, invalid: !d });
    i += n;
  }
  return out;
}

/** White space of Go's unicode.IsSpace, JavaScript's trim and Python's str.strip together. */
function isSpace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) ||
    (cp >= 0x1c && cp <= 0x20) ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    cp === 0x180e ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000 ||
    cp === 0xfeff
  );
}

function describeChar(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}${cp > 0x20 && cp < 0x7f ? ` '${String.fromCodePoint(cp)}'` : ''}`;
}

/** The kind of escape difference for one character written two ways. */
function escapeKind(x: Tok, y: Tok): CauseKind {
  if (x.invalid || y.invalid) return 'escape-invalid-utf8';
  const cp = x.cp;
  if (cp === 0x3c || cp === 0x3e || cp === 0x26) return 'escape-html';
  if (cp === 0x2028 || cp === 0x2029) return 'escape-line-separator';
  if (cp < 0x20 || cp === 0x7f) return 'escape-control';
  if (x.escaped && y.escaped) return 'escape-other';
  return cp >= 0x80 ? 'escape-non-ascii' : 'escape-other';
}

function escapeDetail(x: Tok, y: Tok, names: Names): string {
  const how = (t: Tok, name: string): string => `${name} writes ${visible(t.raw)}`;
  const note = x.escaped && !y.escaped ? `${names.ref} escapes it, ${names.other} writes it raw` : !x.escaped && y.escaped ? `${names.other} escapes it, ${names.ref} writes it raw` : 'spelled differently';
  return `${describeChar(x.cp)}: ${how(x, names.ref)}, ${how(y, names.other)} (${note})`;
}

/** A lone surrogate as U+FFFD and runs of U+FFFD as one: what "replaced differently" compares. */
function replaced(cps: readonly number[]): string {
  return cps
    .map((c) => (c >= 0xd800 && c <= 0xdfff ? 0xfffd : c))
    .filter((c, i, all) => c !== 0xfffd || all[i - 1] !== 0xfffd)
    .join(',');
}

/**
 * The causes of two differing strings (JSON string tokens, or raw text):
 * escapes in the parts that mean the same characters, and for the part that
 * does not, white space, a replacement character or a different value.
 */
function textCauses(a: Buffer, b: Buffer, field: string | null, names: Names): LineCause[] {
  const ta = tokens(a);
  const tb = tokens(b);
  let p = 0;
  while (p < ta.length && p < tb.length && (ta[p] as Tok).cp === (tb[p] as Tok).cp) p++;
  let s = 0;
  while (s < ta.length - p && s < tb.length - p && (ta[ta.length - 1 - s] as Tok).cp === (tb[tb.length - 1 - s] as Tok).cp) s++;
  const out = new Map<CauseKind, LineCause>();
  const same = (k: number, l: number): void => {
    const x = ta[k] as Tok;
    const y = tb[l] as Tok;
    if (x.raw.equals(y.raw)) return;
    const kind = escapeKind(x, y);
    if (!out.has(kind)) out.set(kind, { field, kind, detail: escapeDetail(x, y, names) });
  };
  for (let k = 0; k < p; k++) same(k, k);
  for (let k = 1; k <= s; k++) same(ta.length - k, tb.length - k);
  const ma = ta.slice(p, ta.length - s).map((t) => t.cp);
  const mb = tb.slice(p, tb.length - s).map((t) => t.cp);
  if (ma.length > 0 || mb.length > 0) {
    // Runs of U+FFFD are compared whole (one per byte in Go, one per sequence elsewhere).
    const kind: CauseKind =
      ma.filter((c) => !isSpace(c)).join(',') === mb.filter((c) => !isSpace(c)).join(',')
        ? 'white-space'
        : replaced(ta.map((t) => t.cp)) === replaced(tb.map((t) => t.cp))
          ? 'replacement-char'
          : 'value';
    out.set(kind, { field, kind, detail: pair(a, b, names) });
  }
  return [...out.values()];
}
