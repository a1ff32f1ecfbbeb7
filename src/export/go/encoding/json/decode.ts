// json.Unmarshal into a struct (decode.go), with v1's semantics:
//   - a key matches a field by exact name, else by foldName (fold.ts);
//     unknown keys are skipped but must be valid JSON;
//   - the last duplicate key wins, but a struct or a non-nil struct pointer
//     is decoded INTO the value already there (members merge);
//   - `null` zeroes slices and pointers and is ignored for everything else;
//   - arrays decode into the existing slice element by element (slice.ts);
//   - ints go through strconv.ParseInt(s, 10, 64), floats through ParseFloat;
//   - any type error anywhere, read by the exporter or not, fails the line.
// A record type is described by a StructSpec; decoding produces a plain
// object whose slices are GoStringSlice until finalize() turns them into
// arrays. For speed, a field may be `discard` (type-checked, not stored: the
// exporter validates every field but reads few) or of kind `raw` (a string
// kept as its JSON span, transcoded straight to output by transcode.ts).
import { Char } from './scanner.js';
import { FAIL, Scanner } from './fastscan.js';
import { latin1 } from './nodebuffer.js';
import { foldAsciiName } from './fold.js';
import { parseFloat64 } from '../../strconv/atof.js';
import { extendTo, finish, toArray, type GoStringSlice } from './slice.js';

export type FieldKind = 'string' | 'raw' | 'int' | 'float' | 'bool' | 'strings' | 'struct' | 'ptr' | 'strptr';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly sub?: StructSpec;
  /** Type-check the value but do not store it. */
  readonly discard?: boolean;
}

/** A JSON string left undecoded: its content b[start:end] between the quotes. */
export interface RawString {
  readonly b: Uint8Array;
  readonly start: number;
  readonly end: number;
}

export class StructSpec {
  readonly exact = new Map<string, FieldSpec>();
  readonly folded = new Map<string, FieldSpec>();
  /** Field names as bytes, for matching plain keys without making strings. */
  private readonly names: Buffer[];

  /** A fresh zero value (see compileZero). */
  readonly zero: () => Record<string, unknown>;
  /** The kept fields that hold a slice, directly or below: what finalize visits. */
  readonly toFinalize: readonly FieldSpec[];

  constructor(readonly fields: readonly FieldSpec[]) {
    this.zero = compileZero(this);
    this.toFinalize = fields.filter(
      (f) => !f.discard && (f.kind === 'strings' || ((f.kind === 'struct' || f.kind === 'ptr') && f.sub!.toFinalize.length > 0)),
    );
    for (const f of fields) {
      this.exact.set(f.name, f);
      const key = foldAsciiName(f.name)!;
      if (!this.folded.has(key)) this.folded.set(key, f);
    }
    this.names = fields.map((f) => Buffer.from(f.name));
  }

  lookup(key: string): FieldSpec | undefined {
    const f = this.exact.get(key);
    if (f !== undefined) return f;
    const folded = foldAsciiName(key);
    return folded === null ? undefined : this.folded.get(folded);
  }

  /**
   * The index of the field whose name is exactly b[s:e], or -1. The search
   * starts at field `from` (records mostly list their keys in field order,
   * so the field after the last one matched is the likely one).
   */
  lookupExactBytes(b: Uint8Array, s: number, e: number, from = 0): number {
    const len = e - s;
    const n = this.names.length;
    for (let j = 0; j < n; j++) {
      const k = (from + j) % n;
      const name = this.names[k]!;
      if (name.length !== len) continue;
      let i = 0;
      while (i < len && name[i] === b[s + i]) i++;
      if (i === len) return k;
    }
    return -1;
  }

  /** The same struct with every field discarded (validation only). */
  discarded(): StructSpec {
    return new StructSpec(
      this.fields.map((f) => ({ name: f.name, kind: f.kind, discard: true, ...(f.sub ? { sub: f.sub.discarded() } : {}) })),
    );
  }
}

type Obj = Record<string, unknown>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NIL_SLICE = (): GoStringSlice => ({ backing: null, len: 0 });
const EMPTY_RAW: RawString = { b: new Uint8Array(0), start: 0, end: 0 };
/** Where discarded struct values are "decoded": nothing is ever stored. */
const NOWHERE: Obj = Object.freeze({}) as Obj;

/** The zero value of a struct (Go's `var v T`); discarded fields are absent. */
export function zeroOf(spec: StructSpec): Obj {
  return spec.zero();
}

/**
 * A function returning fresh zero values of spec: an object literal with
 * every kept field, so that each record is one allocation of a fixed shape
 * (built field by field, a record costs a property-store lookup per field).
 */
function compileZero(spec: StructSpec): () => Obj {
  const subs: (() => Obj)[] = [];
  const props = spec.fields
    .filter((f) => !f.discard)
    .map((f) => {
      const key = JSON.stringify(f.name);
      switch (f.kind) {
        case 'string': return `${key}: ''`;
        case 'raw': return `${key}: EMPTY_RAW`;
        case 'int': return `${key}: 0n`;
        case 'float': return `${key}: 0`;
        case 'bool': return `${key}: false`;
        case 'strings': return `${key}: { backing: null, len: 0 }`;
        case 'struct':
          subs.push(() => f.sub!.zero());
          return `${key}: subs[${subs.length - 1}]()`;
        case 'ptr':
        case 'strptr': return `${key}: null`;
      }
    });
  // The keys and values are the spec's own, never input data.
  return new Function('EMPTY_RAW', 'subs', `return () => ({ ${props.join(', ')} });`)(EMPTY_RAW, subs) as () => Obj;
}

/** Turns the decoder's GoStringSlice fields into arrays, recursively. */
function finalize(spec: StructSpec, o: Obj): Obj {
  for (const f of spec.toFinalize) {
    const v = o[f.name];
    if (f.kind === 'strings') o[f.name] = toArray(v as GoStringSlice);
    else if (v !== null) finalize(f.sub!, v as Obj);
  }
  return o;
}

export class Decoder extends Scanner {
  /** json.Unmarshal(line[start:end], &v) for a struct type; null when it fails. */
  unmarshal(line: Uint8Array, spec: StructSpec, start = 0, end = line.length): Obj | null {
    this.reset(line, start, end);
    const v = zeroOf(spec);
    try {
      const c = this.peek();
      if (c === Char.LBrace) this.object(spec, v);
      else if (c === 0x6e) this.literal('null'); // top-level null: a zero record
      else throw FAIL; // other values are type or syntax errors either way
      if (this.peek() !== -1) throw FAIL;
    } catch (e) {
      if (e === FAIL) return null;
      throw e;
    }
    return finalize(spec, v);
  }

  private object(spec: StructSpec, target: Obj): void {
    this.i++;
    this.push();
    if (this.peek() === Char.RBrace) {
      this.i++;
      this.pop();
      return;
    }
    let next = 0; // the field that likely comes next
    do {
      if (this.peek() !== Char.Quote) throw FAIL;
      const start = this.i + 1;
      const end = this.scanString();
      let f: FieldSpec | undefined;
      const k = this.plain ? spec.lookupExactBytes(this.b, start, end, next) : -1;
      if (k >= 0) {
        f = spec.fields[k];
        next = k + 1;
      } else {
        // Not a plain exact match: Go's case-folding lookup, on the decoded key.
        this.i = start - 1;
        f = spec.lookup(this.readString());
      }
      this.expect(Char.Colon);
      if (f === undefined) this.skipValue();
      else if (f.discard) this.check(f);
      else this.field(f, target);
    } while (this.nextMember(Char.RBrace));
    this.pop();
  }

  /** Decodes the value at the cursor into target[f.name]. */
  private field(f: FieldSpec, target: Obj): void {
    const c = this.peek();
    if (c === 0x6e) {
      this.literal('null');
      if (f.kind === 'strings') target[f.name] = NIL_SLICE();
      else if (f.kind === 'ptr' || f.kind === 'strptr') target[f.name] = null;
      return;
    }
    switch (f.kind) {
      case 'string':
      case 'strptr':
        if (c !== Char.Quote) throw FAIL;
        target[f.name] = this.readString();
        return;
      case 'raw': {
        if (c !== Char.Quote) throw FAIL;
        const start = this.i + 1;
        const end = this.scanString();
        target[f.name] = { b: this.b, start, end } satisfies RawString;
        return;
      }
      case 'bool':
        target[f.name] = this.bool(c);
        return;
      case 'int':
        target[f.name] = this.int64();
        return;
      case 'float':
        target[f.name] = this.float64();
        return;
      case 'strings':
        if (c !== Char.LBracket) throw FAIL;
        this.stringArray(target[f.name] as GoStringSlice);
        return;
      case 'struct':
        if (c !== Char.LBrace) throw FAIL;
        this.object(f.sub!, target[f.name] as Obj);
        return;
      case 'ptr': {
        if (c !== Char.LBrace) throw FAIL;
        let v = target[f.name] as Obj | null;
        if (v === null) target[f.name] = v = zeroOf(f.sub!);
        this.object(f.sub!, v);
        return;
      }
    }
  }

  /** Type-checks the value at the cursor for field f, storing nothing. */
  private check(f: FieldSpec): void {
    const c = this.peek();
    if (c === 0x6e) {
      this.literal('null');
      return;
    }
    switch (f.kind) {
      case 'string':
      case 'strptr':
      case 'raw':
        if (c !== Char.Quote) throw FAIL;
        this.scanString();
        return;
      case 'bool':
        this.bool(c);
        return;
      case 'int':
        this.checkInt64();
        return;
      case 'float':
        this.checkFloat64();
        return;
      case 'strings':
        if (c !== Char.LBracket) throw FAIL;
        this.stringArray(null);
        return;
      case 'struct':
      case 'ptr':
        if (c !== Char.LBrace) throw FAIL;
        this.object(f.sub!, NOWHERE);
        return;
    }
  }

  private bool(c: number): boolean {
    if (c === 0x74) this.literal('true');
    else if (c === 0x66) this.literal('false');
    else throw FAIL;
    return c === 0x74;
  }

  /** An array of strings (or nulls) into s; s === null only type-checks. */
  private stringArray(s: GoStringSlice | null): void {
    this.i++;
    this.push();
    let n = 0;
    if (this.peek() === Char.RBracket) {
      this.i++;
    } else {
      do {
        if (s !== null) extendTo(s, n);
        const c = this.peek();
        if (c === Char.Quote) {
          if (s !== null) s.backing![n] = this.readString();
          else this.scanString();
        } else if (c === 0x6e) {
          this.literal('null'); // keeps the reused element
        } else {
          throw FAIL;
        }
        n++;
      } while (this.nextMember(Char.RBracket));
    }
    if (s !== null) finish(s, n);
    this.pop();
  }

  /** Scans an integer literal (no fraction, no exponent); returns its end. */
  private intLiteral(): number {
    const start = this.i;
    const end = this.numberValue();
    const b = this.b;
    for (let k = start; k < end; k++) {
      const d = b[k]!;
      if (d === Char.Dot || d === 0x65 || d === 0x45) throw FAIL; // 1.0, 1e0: not integers
    }
    return end;
  }

  /** A number where a number field wants one (anything else is a type error); returns its end. */
  private numberValue(): number {
    const c = this.b[this.i];
    if (c !== Char.Minus && !(c !== undefined && c >= 0x30 && c <= 0x39)) throw FAIL;
    return this.scanNumber();
  }

  /** strconv.ParseInt(literal, 10, 64) on a JSON number. */
  private int64(): bigint {
    const start = this.i;
    const end = this.intLiteral();
    if (end - start <= 15) return BigInt(parseSmallInt(this.b, start, end));
    const v = BigInt(latin1(this.buf, start, end));
    if (v < INT64_MIN || v > INT64_MAX) throw FAIL;
    return v;
  }

  /** int64() without building the value. */
  private checkInt64(): void {
    const start = this.i;
    const end = this.intLiteral();
    if (end - start > 18) {
      // Long enough to overflow: take the exact path.
      this.i = start;
      this.int64();
    }
  }

  /**
   * float64() without building the value. ParseFloat fails on a valid
   * literal only when it overflows, which needs at least 309 digits before
   * the point or an exponent: anything shorter is checked by its syntax.
   */
  private checkFloat64(): void {
    const start = this.i;
    const end = this.numberValue();
    if (end - start > 300 || hasExponent(this.b, start, end)) {
      this.i = start;
      this.float64();
    }
  }

  /** strconv.ParseFloat(literal, 64): correctly rounded; overflow fails. */
  private float64(): number {
    const start = this.i;
    const end = this.numberValue();
    const v = parseFloat64(latin1(this.buf, start, end));
    if (!Number.isFinite(v)) throw FAIL;
    return v;
  }
}

function hasExponent(b: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (b[k] === 0x65 || b[k] === 0x45) return true;
  return false;
}

function parseSmallInt(b: Uint8Array, start: number, end: number): number {
  let k = start;
  const neg = b[k] === Char.Minus;
  if (neg) k++;
  let v = 0;
  for (; k < end; k++) v = v * 10 + (b[k]! - 0x30);
  return neg ? -v : v;
}
