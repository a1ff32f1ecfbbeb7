// A Go struct type as encoding/json sees it, declared once: its fields in
// declaration order, each with its JSON name (the tag) and its Go type. As Go
// derives decoding and encoding from the struct and its tags by reflection,
// everything here is derived from one declaration:
//   - the TypeScript type of a value (StructOf, a mapped type);
//   - the decoder's StructSpec (specOf), and lean views of it that keep only
//     some fields (leanSpecOf, typed by LeanOf);
//   - json.Marshal (marshaller): fields in order, no omitempty, nil slices
//     and pointers as null, compiled once per struct into string concatenations.
// A Go type may have more than one TypeScript form (a Go string is a JS
// string, raw bytes, or an undecoded JSON span); the field says which.
import { StructSpec, type FieldKind, type FieldSpec, type RawString } from './decode.js';
import { encodeFloat64, encodeGoString, encodeInt, encodeString, encodeStringBytes, encodeStringSlice, escapeContent } from './encode.js';
import { transcodeRawString, transcodedMaxLength } from './transcode.js';
import { writeUtf8 } from './nodebuffer.js';

/** How a field's value is written (one encoder per TypeScript form). */
type Encoding = 'string' | 'goString' | 'bytes' | 'text' | 'int' | 'float' | 'bool' | 'strings' | 'struct' | 'ptr' | 'strptr';

/** A field of Go type `go` whose TypeScript value is a T. */
export interface Field<T> {
  /** The Go type, as the struct declares it. */
  readonly go: string;
  /** How decode.ts reads it; null when this TypeScript form is never decoded. */
  readonly decode: FieldKind | null;
  readonly encode: Encoding;
  /** The JSON name, when it is not the TypeScript property's. */
  readonly json?: string;
  readonly sub?: GoStruct<Fields>;
  /** Type only: the TypeScript value. */
  readonly value?: T;
}

/** A struct or *struct field: its fields' declaration is known to the types. */
export interface StructField<F extends Fields, T> extends Field<T> {
  readonly sub: GoStruct<F>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fields = { readonly [name: string]: Field<any> };

/** A declared struct: its Go name and its fields, in order. */
export interface GoStruct<F extends Fields> {
  readonly name: string;
  readonly fields: F;
}

/** The TypeScript type of a value of the struct whose fields are F. */
export type StructOf<F extends Fields> = { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

const field = <T>(go: string, decode: FieldKind | null, encode: Encoding): Field<T> => ({ go, decode, encode });

/** The Go types of the seed's records, each in the TypeScript form it takes. */
export const go = {
  /** A Go string, as a JS string (decoded JSON strings are always valid UTF-8). */
  string: field<string>('string', 'string', 'string'),
  /** A Go string that may come from raw bytes (a command-line argument): see GoString. */
  goString: field<string | Uint8Array>('string', 'string', 'goString'),
  /** A Go string held as its raw bytes, which need not be UTF-8 (encoded only). */
  bytes: field<Uint8Array>('string', null, 'bytes'),
  /** A Go string, or its JSON span still undecoded (lean views: leanSpecOf 'raw'). */
  text: field<string | RawString>('string', 'string', 'text'),
  int: field<bigint>('int', 'int', 'int'),
  int64: field<bigint>('int64', 'int', 'int'),
  /** A Go int that is a count, as a JS number (encoded only). */
  count: field<number>('int', null, 'int'),
  float64: field<number>('float64', 'float', 'float'),
  bool: field<boolean>('bool', 'bool', 'bool'),
  /** []string: null is Go's nil slice (marshals as `null`). */
  strings: field<string[] | null>('[]string', 'strings', 'strings'),
  /** *string: null is nil, which tells a missing key from "". */
  stringPtr: field<string | null>('*string', 'strptr', 'strptr'),
  /** A struct-typed field. */
  struct: <F extends Fields>(s: GoStruct<F>): StructField<F, StructOf<F>> => ({ ...field(s.name, 'struct', 'struct'), sub: s }),
  /** A pointer-to-struct field: null is nil. */
  ptr: <F extends Fields>(s: GoStruct<F>): StructField<F, StructOf<F> | null> => ({ ...field('*' + s.name, 'ptr', 'ptr'), sub: s }),
} as const;

/** The same field under another JSON name (a tag that differs from the property). */
export function named<R extends Field<unknown>>(json: string, f: R): R {
  return { ...f, json };
}

/** Declares a struct: fields in the order Go declares them. */
export function struct<F extends Fields>(name: string, fields: F): GoStruct<F> {
  return { name, fields };
}

const jsonName = (key: string, f: Field<unknown>): string => f.json ?? key;

const specs = new WeakMap<GoStruct<Fields>, StructSpec>();

/** The decoder's StructSpec of a struct (every field decoded and kept). */
export function specOf(s: GoStruct<Fields>): StructSpec {
  let spec = specs.get(s);
  if (spec === undefined) {
    spec = new StructSpec(
      Object.entries(s.fields).map(([key, f]): FieldSpec => {
        if (f.decode === null || f.json !== undefined) throw new TypeError(`${s.name}.${key}: this field's form is not decoded`);
        return f.sub === undefined ? { name: key, kind: f.decode } : { name: key, kind: f.decode, sub: specOf(f.sub) };
      }),
    );
    specs.set(s, spec);
  }
  return spec;
}

/**
 * Which fields a lean view keeps: true (decoded as declared), 'raw' (a string
 * kept as its JSON span), or, for a struct field, which of its fields. Every
 * other field is type-checked and dropped, so a lean view accepts and rejects
 * exactly the lines the full decoder does.
 */
export type Keep<F extends Fields> = { readonly [K in keyof F]?: KeepField<F[K]> };
type KeepField<X> = true | (X extends StructField<infer G, unknown> ? Keep<G> : X extends Field<string> ? 'raw' : never);

/** The TypeScript type of a lean view: exactly the fields it keeps. */
export type LeanOf<F extends Fields, K> = {
  -readonly [P in keyof K & keyof F]: K[P] extends true
    ? StructOf<F>[P]
    : K[P] extends 'raw'
      ? RawString
      : F[P] extends StructField<infer G, infer T>
        ? null extends T
          ? LeanOf<G, K[P]> | null
          : LeanOf<G, K[P]>
        : never;
};

/** The decoder's StructSpec of a lean view of s. */
export function leanSpecOf<F extends Fields>(s: GoStruct<F>, keep: Keep<F>): StructSpec {
  const full = specOf(s);
  return new StructSpec(
    full.fields.map((f): FieldSpec => {
      const k = (keep as Record<string, KeepField<unknown> | undefined>)[f.name];
      if (k === true) return f;
      if (k === 'raw') return { name: f.name, kind: 'raw' };
      if (k !== undefined) return { ...f, sub: leanSpecOf(s.fields[f.name]!.sub!, k as Keep<Fields>) };
      return { ...f, discard: true, ...(f.sub ? { sub: f.sub.discarded() } : {}) };
    }),
  );
}

/** Strings up to this length are tried as ASCII before a native UTF-8 write. */
const SHORT_TEXT = 64;
const QUOTE = Buffer.from('"');

/** A growing byte buffer that the marshallers write JSON text and raw spans into. */
export class JsonWriter {
  buf = Buffer.allocUnsafe(1 << 16);
  p = 0;

  private room(n: number): void {
    if (this.p + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.p + n, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.p);
    this.buf = next;
  }

  /**
   * Appends JSON text (a JS string, written as UTF-8). A short ASCII string
   * is copied here, char by char: most of a record's values are, and a
   * native call for each cost more than the copy.
   */
  text(s: string): void {
    const n = s.length;
    this.room(3 * n);
    if (n <= SHORT_TEXT) {
      const buf = this.buf;
      let p = this.p;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      if (i === n) {
        this.p = p;
        return;
      }
    }
    this.p += writeUtf8(this.buf, s, this.p);
  }

  /** Appends the JSON string of a valid JS string (encodeString's bytes, without its concatenation). */
  string(s: string): void {
    this.bytes(QUOTE);
    this.text(escapeContent(s));
    this.bytes(QUOTE);
  }

  /** Appends bytes of JSON text (a field's name, a bracket), as they are. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    const buf = this.buf;
    const p = this.p;
    for (let i = 0; i < n; i++) buf[p + i] = b[i]!;
    this.p = p + n;
  }

  /** Appends the JSON string of a raw span (transcode.ts). */
  raw(r: RawString): void {
    this.room(transcodedMaxLength(r));
    this.p = transcodeRawString(r, this.buf, this.p);
  }

  /** The bytes written since the last reset, a view that the next reset reuses. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.p);
    this.p = 0;
    return out;
  }
}

/** json.Marshal of one struct: as JSON text, or into a writer. */
export interface Marshaller<T> {
  /** The JSON text; the struct must have no raw span (use write). */
  json(v: T): string;
  /** Appends the JSON to w, raw spans transcoded straight from their bytes. */
  write(v: T, w: JsonWriter): void;
}

/** The JSON text of a raw span (what JsonWriter.raw writes, as a string). */
function rawJSON(raw: RawString): string {
  const out = Buffer.allocUnsafe(transcodedMaxLength(raw));
  return out.toString('utf8', 0, transcodeRawString(raw, out, 0));
}

const ENCODERS = { encodeFloat64, encodeGoString, encodeInt, encodeString, encodeStringBytes, encodeStringSlice, rawJSON };

/**
 * The expression that encodes value `v` of field f as JSON text; the
 * marshallers of struct fields are added to `subs`.
 */
function encodeExpr(f: Field<unknown>, v: string, subs: Marshaller<unknown>[]): string {
  switch (f.encode) {
    case 'string': return `E.encodeString(${v})`;
    case 'text': return `(typeof ${v} === 'string' ? E.encodeString(${v}) : E.rawJSON(${v}))`;
    case 'goString': return `E.encodeGoString(${v})`;
    case 'bytes': return `E.encodeStringBytes(${v})`;
    case 'int': return `E.encodeInt(${v})`;
    case 'float': return `E.encodeFloat64(${v})`;
    case 'bool': return `(${v} ? 'true' : 'false')`;
    case 'strings': return `E.encodeStringSlice(${v})`;
    case 'strptr': return `(${v} === null ? 'null' : E.encodeString(${v}))`;
    case 'struct':
    case 'ptr': {
      subs.push(marshaller(f.sub!));
      const call = `subs[${subs.length - 1}].json(${v})`;
      return f.encode === 'ptr' ? `(${v} === null ? 'null' : ${call})` : call;
    }
  }
}

const marshallers = new WeakMap<GoStruct<Fields>, Marshaller<unknown>>();

/**
 * json.Marshal for struct s, compiled from its declaration into string
 * concatenations (the export's hot path: one call per sample). In write, a
 * `text` field that holds a raw span breaks the text: the span is
 * transcoded straight into the writer, and the text goes on after it.
 */
export function marshaller<F extends Fields>(s: GoStruct<F>): Marshaller<StructOf<F>> {
  let m = marshallers.get(s);
  if (m === undefined) {
    const subs: Marshaller<unknown>[] = [];
    const parts = Object.entries(s.fields).map(([key, f], k) => ({
      f,
      name: JSON.stringify((k === 0 ? '{' : ',') + JSON.stringify(jsonName(key, f)) + ':'),
      v: `v[${JSON.stringify(key)}]`,
    }));
    const exprs = parts.map((p) => encodeExpr(p.f, p.v, subs));
    const json = parts.length === 0 ? `'{}'` : parts.map((p, k) => `${p.name} + ${exprs[k]}`).join(' + ') + ` + '}'`;
    // write puts each piece into the writer as it comes: a field's name as
    // its bytes, each value as its text, a struct field by its own write,
    // and a raw span transcoded straight from its input bytes. (Joining the
    // pieces into one string first made a string per piece and per join.)
    const names = parts.map((p) => Buffer.from(JSON.parse(p.name) as string));
    const write = parts.map((p, k) => {
      const name = `w.bytes(N[${k}]);`;
      switch (p.f.encode) {
        case 'string':
          return `${name} w.string(${p.v});`;
        case 'strptr':
          return `${name} if (${p.v} === null) w.text('null'); else w.string(${p.v});`;
        case 'text':
          return `${name} if (typeof ${p.v} === 'string') w.string(${p.v}); else w.raw(${p.v});`;
        case 'struct':
          return `${name} subs[${subs.indexOf(marshaller(p.f.sub!))}].write(${p.v}, w);`;
        case 'ptr':
          return `${name} if (${p.v} === null) w.text('null'); else subs[${subs.indexOf(marshaller(p.f.sub!))}].write(${p.v}, w);`;
        default:
          return `${name} w.text(${exprs[k]});`;
      }
    });
    const open = parts.length === 0 ? "w.text('{');" : '';
    // The keys and names are the declaration's own, never input data.
    m = new Function(
      'E',
      'subs',
      'N',
      `return { json: (v) => ${json}, write: (v, w) => { ${open} ${write.join(' ')} w.text('}'); } };`,
    )(ENCODERS, subs, names) as Marshaller<unknown>;
    marshallers.set(s, m);
  }
  return m as Marshaller<StructOf<F>>;
}
