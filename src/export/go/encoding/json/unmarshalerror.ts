// The error text of json.Unmarshal(data, &v) for a struct v whose fields
// are all *string or bool (cmd/export-sft's batchRequest), for `--batch`
// answers ("bad request: …"). The fast decoder (decode.ts) only says yes or
// no; this runs after a no. It walks the line once with the scanner's states
// (scanner.ts), as Go's decoder walks the scanner's opcodes:
//   1. checkValid: any syntax error wins, wherever it is;
//   2. otherwise decode.go's type errors, of which Unmarshal returns the
//      first one met (saveError). With only *string and bool fields, a
//      field's type error depends on the first byte of its value alone,
//      and unknown keys are skipped without any check.
import type { FieldSpec, StructSpec } from './decode.js';
import {
  Char,
  ScanState,
  SCAN_BEGIN_ARRAY,
  SCAN_BEGIN_LITERAL,
  SCAN_BEGIN_OBJECT,
  SCAN_ERROR,
  SCAN_OBJECT_KEY,
  SPACE,
} from './scanner.js';
import { unquote } from './unquote.js';
import { asBuffer } from '../../unicode/utf8.js';

/** A Go struct type: its fields, and its name as reflect names it (pkg.Name). */
export interface GoStructType {
  readonly spec: StructSpec;
  readonly pkg: string;
  readonly name: string;
}

/** reflect.Type.String() of each field kind's target (*string decodes into string). */
const GO_TYPE: Partial<Record<string, string>> = { strptr: 'string', bool: 'bool' };

/**
 * err.Error() of json.Unmarshal(data, &v) for v of type t, or null when Go
 * decodes the data without error.
 */
export function unmarshalError(data: Uint8Array, t: GoStructType): string | null {
  for (const f of t.spec.fields) {
    if (GO_TYPE[f.kind] === undefined) throw new TypeError(`unmarshalError: field ${f.name} is not *string or bool`);
  }
  const s = new ScanState();
  let typeError: string | null = null;
  let keyStart = -1; // the opening quote of the current member's key
  let value: FieldSpec | undefined | null = null; // after a key's colon: its field (undefined: unknown key)
  for (let i = 0; i < data.length; i++) {
    const c = data[i]!;
    const depth = s.depth; // of the byte: 1 is directly inside the top-level object
    const op = s.feed(c);
    if (op === SCAN_ERROR) return s.err;
    if (typeError !== null || depth > 1) continue;
    const begins = op === SCAN_BEGIN_LITERAL || op === SCAN_BEGIN_OBJECT || op === SCAN_BEGIN_ARRAY;
    if (depth === 0) {
      // The top-level value: an object, or null (ignored for a struct).
      if (begins && c !== Char.LBrace && c !== Char.LowerN) {
        typeError = `json: cannot unmarshal ${jsonKind(c)} into Go value of type ${t.pkg}.${t.name}`;
      }
    } else if (op === SCAN_OBJECT_KEY) {
      value = t.spec.lookup(keyAt(data, keyStart, i));
    } else if (begins && value !== null) {
      if (value !== undefined && !accepts(value.kind, c)) {
        typeError = `json: cannot unmarshal ${jsonKind(c)} into Go struct field ${t.name}.${value.name} of type ${GO_TYPE[value.kind]!}`;
      }
      value = null;
    } else if (op === SCAN_BEGIN_LITERAL) {
      keyStart = i;
    }
  }
  if (s.eof() === SCAN_ERROR) return s.err;
  return typeError;
}

/** The unquoted key whose string opens at data[start], its colon at data[colon]. */
function keyAt(data: Uint8Array, start: number, colon: number): string {
  let end = colon - 1;
  while (SPACE[data[end]!] === 1) end--;
  return unquote(data, asBuffer(data), start + 1, end);
}

/** UnmarshalTypeError.Value for a value starting with byte c (decode.go). */
function jsonKind(c: number): string {
  switch (c) {
    case Char.LBrace: return 'object';
    case Char.LBracket: return 'array';
    case Char.Quote: return 'string';
    case Char.LowerT:
    case Char.LowerF: return 'bool';
    case Char.LowerN: return 'null';
    default: return 'number';
  }
}

/** Whether a value starting with c decodes into a field of kind `kind`. */
function accepts(kind: string, c: number): boolean {
  if (c === Char.LowerN) return true; // null: nils a pointer, is ignored by a bool
  if (kind === 'strptr') return c === Char.Quote;
  return c === Char.LowerT || c === Char.LowerF;
}
