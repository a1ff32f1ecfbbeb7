// json.Unmarshal into the record structs of SCHEMA.md, with v1's semantics:
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
// arrays.
import { FAIL, Scanner, Char } from './scanner.js';
import { foldAsciiName } from './fold.js';
import { extendTo, finish, toArray, type GoStringSlice } from './slice.js';

export type FieldKind = 'string' | 'int' | 'float' | 'bool' | 'strings' | 'struct' | 'ptr' | 'strptr';

export interface FieldSpec {
  readonly name: string;
  readonly kind: FieldKind;
  readonly sub?: StructSpec;
}

export class StructSpec {
  readonly exact = new Map<string, FieldSpec>();
  readonly folded = new Map<string, FieldSpec>();

  constructor(readonly fields: readonly FieldSpec[]) {
    for (const f of fields) {
      this.exact.set(f.name, f);
      const key = foldAsciiName(f.name)!;
      if (!this.folded.has(key)) this.folded.set(key, f);
    }
  }

  lookup(key: string): FieldSpec | undefined {
    const f = this.exact.get(key);
    if (f !== undefined) return f;
    const folded = foldAsciiName(key);
    return folded === null ? undefined : this.folded.get(folded);
  }
}

type Obj = Record<string, unknown>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The zero value of a struct (Go's `var v T`). */
export function zeroOf(spec: StructSpec): Obj {
  const o: Obj = {};
  for (const f of spec.fields) {
    switch (f.kind) {
      case 'string': o[f.name] = ''; break;
      case 'int': o[f.name] = 0n; break;
      case 'float': o[f.name] = 0; break;
      case 'strings': o[f.name] = { backing: null, len: 0 } satisfies GoStringSlice; break;
      case 'struct': o[f.name] = zeroOf(f.sub!); break;
      case 'bool': o[f.name] = false; break;
      case 'ptr':
      case 'strptr': o[f.name] = null; break;
    }
  }
  return o;
}

/** Turns the decoder's GoStringSlice fields into arrays, recursively. */
function finalize(spec: StructSpec, o: Obj): Obj {
  for (const f of spec.fields) {
    const v = o[f.name];
    if (f.kind === 'strings') o[f.name] = toArray(v as GoStringSlice);
    else if ((f.kind === 'struct' || f.kind === 'ptr') && v !== null) finalize(f.sub!, v as Obj);
  }
  return o;
}

export class Decoder extends Scanner {
  /** json.Unmarshal(line, &v) for a struct type; null when it fails. */
  unmarshal(line: Uint8Array, spec: StructSpec): Obj | null {
    this.reset(line);
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
    do {
      if (this.peek() !== Char.Quote) throw FAIL;
      const key = this.readString();
      this.expect(Char.Colon);
      const f = spec.lookup(key);
      if (f === undefined) this.skipValue();
      else this.field(f, target);
    } while (this.nextMember(Char.RBrace));
    this.pop();
  }

  /** Decodes the value at the cursor into target[f.name]. */
  private field(f: FieldSpec, target: Obj): void {
    const c = this.peek();
    if (c === 0x6e) {
      this.literal('null');
      if (f.kind === 'strings') target[f.name] = { backing: null, len: 0 } satisfies GoStringSlice;
      else if (f.kind === 'ptr' || f.kind === 'strptr') target[f.name] = null;
      return;
    }
    switch (f.kind) {
      case 'string':
      case 'strptr':
        if (c !== Char.Quote) throw FAIL;
        target[f.name] = this.readString();
        return;
      case 'bool':
        if (c === 0x74) this.literal('true');
        else if (c === 0x66) this.literal('false');
        else throw FAIL;
        target[f.name] = c === 0x74;
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

  private stringArray(s: GoStringSlice): void {
    this.i++;
    this.push();
    let n = 0;
    if (this.peek() === Char.RBracket) {
      this.i++;
    } else {
      do {
        extendTo(s, n);
        const c = this.peek();
        if (c === Char.Quote) s.backing![n] = this.readString();
        else if (c === 0x6e) this.literal('null'); // keeps the reused element
        else throw FAIL;
        n++;
      } while (this.nextMember(Char.RBracket));
    }
    finish(s, n);
    this.pop();
  }

  /** strconv.ParseInt(literal, 10, 64) on a JSON number. */
  private int64(): bigint {
    const start = this.i;
    const c = this.b[start];
    if (c !== Char.Minus && !(c !== undefined && c >= 0x30 && c <= 0x39)) throw FAIL;
    const end = this.scanNumber();
    const b = this.b;
    for (let k = start; k < end; k++) {
      const d = b[k]!;
      if (d === Char.Dot || d === 0x65 || d === 0x45) throw FAIL; // 1.0, 1e0: not integers
    }
    const len = end - start;
    if (len <= 15) return BigInt(parseSmallInt(b, start, end));
    const v = BigInt(this.buf.toString('latin1', start, end));
    if (v < INT64_MIN || v > INT64_MAX) throw FAIL;
    return v;
  }

  /** strconv.ParseFloat(literal, 64): correctly rounded; overflow fails. */
  private float64(): number {
    const start = this.i;
    const c = this.b[start];
    if (c !== Char.Minus && !(c !== undefined && c >= 0x30 && c <= 0x39)) throw FAIL;
    const end = this.scanNumber();
    const v = Number(this.buf.toString('latin1', start, end));
    if (!Number.isFinite(v)) throw FAIL;
    return v;
  }
}

function parseSmallInt(b: Uint8Array, start: number, end: number): number {
  let k = start;
  const neg = b[k] === Char.Minus;
  if (neg) k++;
  let v = 0;
  for (; k < end; k++) v = v * 10 + (b[k]! - 0x30);
  return neg ? -v : v;
}
